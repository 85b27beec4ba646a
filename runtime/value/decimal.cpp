#include "runtime/value/decimal.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <limits>

namespace arl::value {
namespace {

constexpr UInt128 kUScale = static_cast<UInt128>(Decimal::kScale);
constexpr UInt128 kAllOnes = ~UInt128{0};
// |Min()| = 2^127; |Max()| is one less. Signed values are handled as sign and magnitude so that
// no intermediate step ever negates Min() or overflows a signed type.
constexpr UInt128 kMinMagnitude = UInt128{1} << 127;
constexpr UInt128 kMaxMagnitude = kMinMagnitude - 1;
constexpr UInt128 kTwoTo64 = UInt128{1} << 64;

// 10^n for 0 <= n <= kFracDigits.
UInt128 Pow10(int n) {
  UInt128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Out-of-range precisions are clamped rather than rejected: the only callers are the
// interpreter's built-ins, whose precision the checker has already validated, and clamping
// keeps every call well defined without another failure mode.
int ClampDigits(int digits) {
  return std::clamp(digits, 0, Decimal::kFracDigits);
}

UInt128 Magnitude(Int128 v) {
  return v < 0 ? UInt128{0} - static_cast<UInt128>(v) : static_cast<UInt128>(v);
}

// The signed value with this sign and magnitude, if it is in range.
bool FromMagnitude(bool negative, UInt128 magnitude, Int128* out) {
  if (negative) {
    if (magnitude > kMinMagnitude) return false;
    *out = magnitude == kMinMagnitude ? Decimal::Min().Raw() : -static_cast<Int128>(magnitude);
  } else {
    if (magnitude > kMaxMagnitude) return false;
    *out = static_cast<Int128>(magnitude);
  }
  return true;
}

// Whether an exact value, known as a truncated magnitude plus a discarded part, rounds to the
// next magnitude up. `inexact`: the discarded part is nonzero; `vs_half`: it compares to half a
// unit as -1, 0 or 1; `odd`: the truncated magnitude is odd. Every rounding in this file goes
// through here, each caller having compared its exact remainder, so no value is rounded twice.
bool RoundsAway(Rounding mode, bool negative, bool odd, bool inexact, int vs_half) {
  if (!inexact) return false;
  switch (mode) {
    case Rounding::kDown:
      return negative;  // floor: a negative value's magnitude grows
    case Rounding::kUp:
      return !negative;
    case Rounding::kHalfUp:
      return vs_half >= 0;
    case Rounding::kHalfEven:
      return vs_half > 0 || (vs_half == 0 && odd);
  }
  return false;
}

// Same, for a remainder `rem` of a division by `divisor` (rem < divisor). Compares rem with
// divisor - rem instead of 2 * rem with divisor, which could overflow.
bool RoundsAway(Rounding mode, bool negative, UInt128 quotient, UInt128 rem, UInt128 divisor) {
  const UInt128 rest = divisor - rem;
  const int vs_half = rem < rest ? -1 : (rem > rest ? 1 : 0);
  return RoundsAway(mode, negative, (quotient & 1) != 0, rem != 0, vs_half);
}

// An unsigned 256-bit integer, least significant 64-bit limb first: wide enough for the
// product of two magnitudes and for a magnitude times 10^12.
struct U256 {
  std::uint64_t limb[4] = {0, 0, 0, 0};
};

std::uint64_t Lo64(UInt128 v) {
  return static_cast<std::uint64_t>(v);
}
std::uint64_t Hi64(UInt128 v) {
  return static_cast<std::uint64_t>(v >> 64);
}

// x += v × 2^(64 × pos); the caller guarantees the sum fits in 256 bits.
void AddAt(U256* x, size_t pos, UInt128 v) {
  UInt128 carry = v;
  for (size_t i = pos; i < 4 && carry != 0; ++i) {
    const UInt128 sum = static_cast<UInt128>(x->limb[i]) + Lo64(carry);
    x->limb[i] = Lo64(sum);
    carry = (carry >> 64) + (sum >> 64);
  }
}

U256 MulWide(UInt128 a, UInt128 b) {
  U256 p;
  const UInt128 a0 = Lo64(a), a1 = Hi64(a), b0 = Lo64(b), b1 = Hi64(b);
  AddAt(&p, 0, a0 * b0);
  AddAt(&p, 1, a0 * b1);
  AddAt(&p, 1, a1 * b0);
  AddAt(&p, 2, a1 * b1);
  return p;
}

bool Fits128(const U256& x) {
  return x.limb[2] == 0 && x.limb[3] == 0;
}
UInt128 Low128(const U256& x) {
  return (static_cast<UInt128>(x.limb[1]) << 64) | x.limb[0];
}

// *n /= divisor (nonzero); returns the remainder. Binary long division: the remainder stays
// below the divisor, so it fits in 128 bits; a bit shifted out of the top still means "at
// least the divisor", and the modular subtraction then gives the right remainder.
UInt128 DivWide(U256* n, UInt128 divisor) {
  if (Fits128(*n)) {
    const UInt128 v = Low128(*n);
    const UInt128 q = v / divisor;
    *n = U256{};
    n->limb[0] = Lo64(q);
    n->limb[1] = Hi64(q);
    return v % divisor;
  }
  U256 q;
  UInt128 rem = 0;
  for (size_t bit = 256; bit-- > 0;) {
    const bool top = (rem >> 127) != 0;
    rem = (rem << 1) | ((n->limb[bit / 64] >> (bit % 64)) & 1);
    if (top || rem >= divisor) {
      rem -= divisor;
      q.limb[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
  *n = q;
  return rem;
}

// Decimal digits of a magnitude, zero-padded to at least kFracDigits + 1 digits so that
// there is always an integer digit before the point.
std::string Digits(UInt128 m) {
  // Written from the right in chunks of 18 digits, each a uint64, so the
  // slow 128-bit division runs once per chunk rather than once per digit.
  constexpr std::uint64_t kChunk = 1'000'000'000'000'000'000ULL;  // 10^18
  char buf[48];
  char* p = buf + sizeof buf;
  for (;;) {
    const bool last = m < kChunk;
    auto chunk = static_cast<std::uint64_t>(last ? m : m % kChunk);
    m = last ? 0 : m / kChunk;
    for (int n = 0; chunk != 0 || (!last && n < 18); ++n) {
      *--p = static_cast<char>('0' + chunk % 10);
      chunk /= 10;
    }
    if (last) break;
  }
  const auto min_digits = static_cast<std::ptrdiff_t>(Decimal::kFracDigits) + 1;
  while (buf + sizeof buf - p < min_digits) *--p = '0';
  return std::string(p, buf + sizeof buf);
}

/// 10^0 to 10^12, the scales of a cell's decimals.
constexpr std::uint64_t kPow10[] = {1,           10,           100,          1000,      10000,
                                    100000,      1000000,      10000000,     100000000, 1000000000,
                                    10000000000, 100000000000, 1000000000000};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

Decimal Decimal::FromInt(std::int64_t value) {
  return Decimal(Int128{value} * kScale);
}

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  return ParseDetailed(text).value;
}

namespace {

/// A decimal's text taken apart in one pass: "-12.50" is negative, "12" and
/// "50", with the values of its digits while they fit 64 bits.
struct DecimalText {
  bool negative = false;
  std::string_view int_digits, frac_digits;
  std::uint64_t whole = 0;  // int_digits' value, when there are at most 19
  std::uint64_t part = 0;   // the value of the first kFracDigits of frac_digits
};

/// Takes `text` apart into *out; false when it is not a decimal: a sign or
/// none, digits, and a point with digits after it or none.
bool Split(std::string_view text, DecimalText* out) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    out->negative = text[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  for (; i < text.size() && IsDigit(text[i]); ++i)
    out->whole = out->whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
  out->int_digits = text.substr(int_begin, i - int_begin);
  if (i < text.size() && text[i] == '.') {
    const size_t frac_begin = ++i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (i - frac_begin < static_cast<size_t>(Decimal::kFracDigits))
        out->part = out->part * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    out->frac_digits = text.substr(frac_begin, i - frac_begin);
    if (out->frac_digits.empty()) return false;  // "5."
  }
  return !out->int_digits.empty() && i == text.size();
}

/// 10^(kFracDigits - decimals): what the value of `decimals` digits after the
/// point is multiplied by to count units of 10^-12 (`decimals` at most 12).
std::uint64_t FractionScale(size_t decimals) {
  return kPow10[static_cast<size_t>(Decimal::kFracDigits) - decimals];
}

}  // namespace

ParseResult Decimal::ParseDetailed(std::string_view text) {
  using Problem = ParseResult::Problem;
  DecimalText parts;
  if (!Split(text, &parts)) return {std::nullopt, Problem::kSyntax};
  const bool negative = parts.negative;
  const std::string_view int_digits = parts.int_digits;
  std::string_view frac_digits = parts.frac_digits;

  // Digits past the 12th are fine only if they add nothing: the input is never rounded.
  const size_t kept = static_cast<size_t>(kFracDigits);
  if (frac_digits.size() > kept) {
    const std::string_view extra = frac_digits.substr(kept);
    if (extra.find_first_not_of('0') != std::string_view::npos) {
      return {std::nullopt, Problem::kTooManyDecimals};
    }
    frac_digits = frac_digits.substr(0, kept);
  }

  // Up to 18 integer digits fit 64 bits, and times 10^12 still fit 128: the
  // usual cell needs no overflow checks.
  if (int_digits.size() <= 18) {
    const UInt128 magnitude =
        UInt128{parts.whole} * kUScale + UInt128{parts.part * FractionScale(frac_digits.size())};
    const Int128 raw = static_cast<Int128>(magnitude);
    return {Decimal(negative ? -raw : raw), Problem::kNone};
  }
  UInt128 magnitude = 0;
  for (char c : int_digits) {
    if (__builtin_mul_overflow(magnitude, UInt128{10}, &magnitude) ||
        __builtin_add_overflow(magnitude, static_cast<UInt128>(c - '0'), &magnitude)) {
      return {std::nullopt, Problem::kTooLarge};
    }
  }
  if (__builtin_mul_overflow(magnitude, kUScale, &magnitude)) {
    return {std::nullopt, Problem::kTooLarge};
  }
  UInt128 frac = 0;
  for (char c : frac_digits) frac = frac * 10 + static_cast<UInt128>(c - '0');
  frac *= Pow10(kFracDigits - static_cast<int>(frac_digits.size()));
  Int128 raw = 0;
  if (__builtin_add_overflow(magnitude, frac, &magnitude) ||
      !FromMagnitude(negative, magnitude, &raw)) {
    return {std::nullopt, Problem::kTooLarge};
  }
  return {Decimal(raw), Problem::kNone};
}

bool Decimal::ParseNarrow(std::string_view text, std::int64_t* raw) {
  // Seven digits times 10^12, plus twelve decimals, stay below 2^64.
  DecimalText parts;
  if (!Split(text, &parts) || parts.int_digits.size() > 7 ||
      parts.frac_digits.size() > static_cast<size_t>(kFracDigits)) {
    return false;
  }
  const std::uint64_t magnitude =
      parts.whole * kPow10[kFracDigits] + parts.part * FractionScale(parts.frac_digits.size());
  if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return false;
  *raw =
      parts.negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

bool Decimal::Add(Decimal b, Decimal* out) const {
  Int128 sum = 0;
  if (__builtin_add_overflow(raw_, b.raw_, &sum)) return false;
  *out = Decimal(sum);
  return true;
}

bool Decimal::Sub(Decimal b, Decimal* out) const {
  Int128 diff = 0;
  if (__builtin_sub_overflow(raw_, b.raw_, &diff)) return false;
  *out = Decimal(diff);
  return true;
}

bool Decimal::Mul(Decimal b, Decimal* out) const {
  const bool negative = (raw_ < 0) != (b.raw_ < 0);
  const UInt128 x = Magnitude(raw_), y = Magnitude(b.raw_);
  // The raw product counts units of 10^-24; dividing by 10^12 brings it back to 10^-12.
  UInt128 q = 0, rem = 0;
  if (x < kTwoTo64 && y < kTwoTo64) {  // the common case: the product fits in 128 bits
    const UInt128 p = x * y;
    q = p / kUScale;
    rem = p % kUScale;
  } else {
    U256 p = MulWide(x, y);
    rem = DivWide(&p, kUScale);
    if (!Fits128(p)) return false;
    q = Low128(p);
  }
  if (RoundsAway(Rounding::kHalfEven, negative, q, rem, kUScale)) {
    if (q == kAllOnes) return false;
    ++q;
  }
  Int128 raw = 0;
  if (!FromMagnitude(negative, q, &raw)) return false;
  *out = Decimal(raw);
  return true;
}

DivStatus Decimal::Div(Decimal b, int digits, Rounding mode, Decimal* out) const {
  if (b.raw_ == 0) return DivStatus::kDivByZero;
  digits = ClampDigits(digits);
  const bool negative = (raw_ < 0) != (b.raw_ < 0);
  // this ÷ b = raw_ ÷ b.raw_, so in units of 10^-digits the quotient is
  // raw_ × 10^digits ÷ b.raw_: one exact division, one rounding decision on its remainder.
  U256 n = MulWide(Magnitude(raw_), Pow10(digits));
  const UInt128 divisor = Magnitude(b.raw_);
  const UInt128 rem = DivWide(&n, divisor);
  if (!Fits128(n)) return DivStatus::kOverflow;
  UInt128 q = Low128(n);
  if (RoundsAway(mode, negative, q, rem, divisor)) {
    if (q == kAllOnes) return DivStatus::kOverflow;
    ++q;
  }
  UInt128 magnitude = 0;
  Int128 raw = 0;
  if (__builtin_mul_overflow(q, Pow10(kFracDigits - digits), &magnitude) ||
      !FromMagnitude(negative, magnitude, &raw)) {
    return DivStatus::kOverflow;
  }
  *out = Decimal(raw);
  return DivStatus::kOk;
}

bool Decimal::Round(int digits, Rounding mode, Decimal* out) const {
  digits = ClampDigits(digits);
  const bool negative = raw_ < 0;
  const UInt128 unit = Pow10(kFracDigits - digits);
  const UInt128 m = Magnitude(raw_);
  UInt128 q = m / unit;
  if (RoundsAway(mode, negative, q, m % unit, unit)) ++q;
  // q × unit <= m + unit <= 2^127 + 10^12: no unsigned overflow; the range is checked below.
  Int128 raw = 0;
  if (!FromMagnitude(negative, q * unit, &raw)) return false;
  *out = Decimal(raw);
  return true;
}

bool Decimal::Neg(Decimal* out) const {
  if (raw_ == Min().raw_) return false;
  *out = Decimal(-raw_);
  return true;
}

std::optional<std::int64_t> Decimal::ToInt64() const {
  if (!IsInteger()) return std::nullopt;
  const Int128 v = raw_ / kScale;
  if (v < std::numeric_limits<std::int64_t>::min() ||
      v > std::numeric_limits<std::int64_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(v);
}

std::string Decimal::ToString() const {
  std::string out;
  AppendTo(out);
  return out;
}

void Decimal::AppendTo(std::string& out) const {
  const UInt128 m = Magnitude(raw_);
  if (raw_ < 0) out.push_back('-');
  if (m < kTwoTo64) {
    // The usual value: whole part and fraction are each a uint64.
    const auto small = static_cast<std::uint64_t>(m);
    const std::uint64_t scale = static_cast<std::uint64_t>(kUScale);
    char buf[24];
    const auto whole = std::to_chars(buf, buf + sizeof buf, small / scale).ptr;
    out.append(buf, static_cast<size_t>(whole - buf));
    std::uint64_t frac = small % scale;
    if (frac == 0) return;
    int digits = kFracDigits;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
    char* end = buf + digits;
    for (char* p = end; p > buf; frac /= 10) *--p = static_cast<char>('0' + frac % 10);
    out.push_back('.');
    out.append(buf, static_cast<size_t>(digits));
    return;
  }
  const std::string digits = Digits(m);
  const size_t point = digits.size() - static_cast<size_t>(kFracDigits);
  out.append(digits, 0, point);
  const size_t last = digits.find_last_not_of('0');
  if (last != std::string::npos && last >= point) {
    out.push_back('.');
    out.append(digits, point, last + 1 - point);
  }
}

std::string Decimal::ToFixed(int digits, Rounding mode) const {
  digits = ClampDigits(digits);
  const bool negative = raw_ < 0;
  const std::string all = Digits(Magnitude(raw_));
  const size_t point = all.size() - static_cast<size_t>(kFracDigits);
  const size_t keep = point + static_cast<size_t>(digits);
  std::string kept = all.substr(0, keep);
  // Rounding on the digit string cannot overflow: a carry out of the top just adds a digit.
  const std::string_view dropped = std::string_view(all).substr(keep);
  if (!dropped.empty()) {
    const bool rest_nonzero = dropped.find_first_not_of('0', 1) != std::string_view::npos;
    const int vs_half = dropped[0] < '5' ? -1 : (dropped[0] > '5' || rest_nonzero ? 1 : 0);
    const bool inexact = dropped[0] != '0' || rest_nonzero;
    const bool odd = ((kept.back() - '0') % 2) != 0;
    if (RoundsAway(mode, negative, odd, inexact, vs_half)) {
      size_t i = kept.size();
      while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
      if (i == 0) {
        kept.insert(kept.begin(), '1');
      } else {
        ++kept[i - 1];
      }
    }
  }
  const size_t int_len = kept.size() - static_cast<size_t>(digits);
  std::string out;
  if (negative && kept.find_first_not_of('0') != std::string::npos) out.push_back('-');
  out.append(kept, 0, int_len);
  if (digits > 0) {
    out.push_back('.');
    out.append(kept, int_len, std::string::npos);
  }
  return out;
}

}  // namespace arl::value
