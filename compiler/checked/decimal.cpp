#include "compiler/checked/decimal.h"

#include <algorithm>

namespace arl::checked {
namespace {

// Compares two magnitudes without leading zeros.
int CompareDigits(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string AddDigits(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  size_t i = a.size(), j = b.size();
  while (i > 0 || j > 0 || carry != 0) {
    int sum = carry;
    if (i > 0) sum += a[--i] - '0';
    if (j > 0) sum += b[--j] - '0';
    out.push_back(static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// a - b for a >= b.
std::string SubtractDigits(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  size_t i = a.size(), j = b.size();
  while (i > 0) {
    int diff = (a[--i] - '0') - borrow - (j > 0 ? b[--j] - '0' : 0);
    borrow = diff < 0 ? 1 : 0;
    out.push_back(static_cast<char>('0' + (diff + 10) % 10));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  Decimal d;
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    d.negative_ = text[i] == '-';
    ++i;
  }
  std::string digits;
  int scale = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      seen_digit = true;
      if (seen_point) ++scale;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  d.digits_ = digits;
  d.scale_ = scale;
  d.Normalize();
  return d;
}

Decimal Decimal::FromInt(long long value) {
  Decimal d;
  d.negative_ = value < 0;
  unsigned long long magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value)
                                           : static_cast<unsigned long long>(value);
  d.digits_ = std::to_string(magnitude);
  d.Normalize();
  return d;
}

void Decimal::Normalize() {
  while (scale_ > 0 && digits_.size() > 1 && digits_.back() == '0') {
    digits_.pop_back();
    --scale_;
  }
  if (scale_ > 0 && digits_ == "0") scale_ = 0;
  size_t first = digits_.find_first_not_of('0');
  digits_ = first == std::string::npos ? "0" : digits_.substr(first);
  if (scale_ > 0 && digits_ == "0") scale_ = 0;
  if (digits_ == "0") negative_ = false;
}

Decimal Decimal::Shift(int power) const {
  Decimal d = *this;
  if (d.IsZero()) return d;
  if (power >= 0) {
    int from_scale = std::min(power, d.scale_);
    d.scale_ -= from_scale;
    d.digits_.append(static_cast<size_t>(power - from_scale), '0');
  } else {
    d.scale_ += -power;
  }
  d.Normalize();
  return d;
}

int Decimal::Compare(const Decimal& other) const {
  if (negative_ != other.negative_) return negative_ ? -1 : 1;
  int scale = std::max(scale_, other.scale_);
  std::string a = digits_ + std::string(static_cast<size_t>(scale - scale_), '0');
  std::string b = other.digits_ + std::string(static_cast<size_t>(scale - other.scale_), '0');
  a.erase(0, std::min(a.find_first_not_of('0'), a.size() - 1));
  b.erase(0, std::min(b.find_first_not_of('0'), b.size() - 1));
  int c = CompareDigits(a, b);
  return negative_ ? -c : c;
}

Decimal Decimal::operator-() const {
  Decimal d = *this;
  if (!d.IsZero()) d.negative_ = !d.negative_;
  return d;
}

Decimal Decimal::operator+(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  std::string a = digits_ + std::string(static_cast<size_t>(scale - scale_), '0');
  std::string b = other.digits_ + std::string(static_cast<size_t>(scale - other.scale_), '0');
  Decimal d;
  d.scale_ = scale;
  if (negative_ == other.negative_) {
    d.digits_ = AddDigits(a, b);
    d.negative_ = negative_;
  } else {
    a.erase(0, std::min(a.find_first_not_of('0'), a.size() - 1));
    b.erase(0, std::min(b.find_first_not_of('0'), b.size() - 1));
    if (CompareDigits(a, b) >= 0) {
      d.digits_ = SubtractDigits(a, b);
      d.negative_ = negative_;
    } else {
      d.digits_ = SubtractDigits(b, a);
      d.negative_ = other.negative_;
    }
  }
  d.Normalize();
  return d;
}

Decimal Decimal::operator-(const Decimal& other) const {
  return *this + (-other);
}

std::string Decimal::ToString() const {
  std::string digits = digits_;
  if (scale_ > 0) {
    if (digits.size() <= static_cast<size_t>(scale_)) {
      digits.insert(0, static_cast<size_t>(scale_) - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale_), ".");
  }
  return negative_ ? "-" + digits : digits;
}

}  // namespace arl::checked
