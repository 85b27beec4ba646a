// Exact decimals for what the checker computes from the digits a drafter
// wrote: section totals (2 + 1 + 0.5 + 3.5), lookup bounds, quota shares.
// Digits of any length, no binary floating point, so 0.1 + 0.2 is 0.3 and a
// 40-digit bound compares correctly. Only what the checker needs: add,
// subtract, compare, scale by a power of ten.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace arl::checked {

/// A decimal number: sign, integer magnitude in decimal digits, and how many
/// of those digits are after the point. Always normalised (no leading zeros,
/// no trailing fractional zeros, zero is non-negative).
class Decimal {
 public:
  Decimal() = default;

  /// Parses "12", "-0.50", "3.5"; nullopt for anything else.
  static std::optional<Decimal> Parse(std::string_view text);
  /// A small integer.
  static Decimal FromInt(long long value);

  Decimal operator+(const Decimal& other) const;
  Decimal operator-(const Decimal& other) const;
  Decimal operator-() const;
  /// This × 10^power (power may be negative).
  Decimal Shift(int power) const;

  /// -1, 0 or 1.
  int Compare(const Decimal& other) const;
  bool operator==(const Decimal& other) const { return Compare(other) == 0; }
  bool operator!=(const Decimal& other) const { return Compare(other) != 0; }
  bool operator<(const Decimal& other) const { return Compare(other) < 0; }
  bool operator<=(const Decimal& other) const { return Compare(other) <= 0; }
  bool operator>(const Decimal& other) const { return Compare(other) > 0; }
  bool operator>=(const Decimal& other) const { return Compare(other) >= 0; }

  bool IsZero() const { return digits_ == "0"; }
  bool IsNegative() const { return negative_; }
  /// Whether there are no digits after the point.
  bool IsInteger() const { return scale_ == 0; }

  /// "-3.5", "0", "1000".
  std::string ToString() const;

 private:
  void Normalize();

  bool negative_ = false;
  std::string digits_ = "0";  // magnitude × 10^scale_, as decimal digits
  int scale_ = 0;             // digits after the point
};

}  // namespace arl::checked
