// Exact decimal numbers for what the runtime computes: scores, weights, money.
//
// Assessment rules draw hard lines ("总分 90 分及以上为优秀") and pay money to the
// fen, so a value must be exactly what the policy says: 0.1 × 3 is 0.3, and a
// score that should be 90 is never 89.99999 that fails the 90 line. Binary
// floating point cannot promise that, so a Decimal is a fixed-point integer
// counting units of 10^-12.
//
// Guarantees:
//  - Parse never rounds: the text's value is represented exactly or rejected.
//  - Add, Sub and Neg are exact; Mul is exact whenever the product has at most
//    12 fractional digits (otherwise it rounds half-even at the 12th digit).
//  - Division and rounding happen only at a precision and in a mode the caller
//    declares, and the rounding decision is taken on the exact remainder,
//    never by rounding twice.
//  - Every operation that can leave the range (about ±1.7e26) reports it
//    instead of wrapping; nothing here is undefined behaviour or throws.
//
// Operations write through an `out` pointer and return whether they succeeded,
// so a rule's overflow or division by zero becomes a diagnostic, not a crash;
// `out` may point at the operand itself (`sum.Add(x, &sum)`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace arl::value {

/// 128-bit integers; `__extension__` keeps -Wpedantic quiet about a GCC/Clang type we rely on.
__extension__ typedef __int128 Int128;
/// Unsigned counterpart of Int128, for magnitudes and wide intermediate results.
__extension__ typedef unsigned __int128 UInt128;

/// How to round a value that falls between two representable results.
enum class Rounding {
  kHalfUp,    ///< 四舍五入: nearest, ties away from zero (2.5 → 3, −2.5 → −3).
  kHalfEven,  ///< Bankers' rounding: nearest, ties to the even neighbour (2.5 → 2, 3.5 → 4).
  kDown,      ///< 向下取整: floor, toward −∞ (−2.5 → −3).
  kUp,        ///< 向上取整: ceiling, toward +∞ (−2.5 → −2).
};

/// Outcome of Decimal::Div; division by zero is the rule author's problem to report, not a crash.
enum class DivStatus { kOk, kDivByZero, kOverflow };

struct ParseResult;

/// A fixed-point decimal with 12 fractional digits; 16 bytes, trivially copyable, zero by default.
class Decimal {
 public:
  /// Digits after the point every Decimal carries; enough for shares of shares of a fen.
  static constexpr int kFracDigits = 12;
  /// Raw units in 1 (10^kFracDigits).
  static constexpr Int128 kScale = 1'000'000'000'000;

  /// Lets callers write Decimal::DivStatus as well as value::DivStatus.
  using DivStatus = value::DivStatus;

  /// Zero.
  constexpr Decimal() = default;

  /// The integer `value`; every int64 fits, so this cannot fail.
  static Decimal FromInt(std::int64_t value);
  /// The value raw × 10^-12.
  static constexpr Decimal FromRaw(Int128 raw) { return Decimal(raw); }
  /// The value in units of 10^-12.
  constexpr Int128 Raw() const { return raw_; }
  /// The largest representable value, 170141183460469231731687303.715884105727.
  static constexpr Decimal Max() { return Decimal(static_cast<Int128>(~UInt128{0} >> 1)); }
  /// The smallest representable value, −170141183460469231731687303.715884105728.
  static constexpr Decimal Min() { return Decimal(-Max().raw_ - 1); }

  /// "12", "-0.50", "+3.5"; nullopt for anything else, for digits that would be lost and for
  /// values out of range.
  static std::optional<Decimal> Parse(std::string_view text);
  /// Like Parse, but says why the text was rejected so the message can help the user.
  static ParseResult ParseDetailed(std::string_view text);
  /// Parse's raw count of `text` in *raw, for the usual cell: at most seven
  /// integer digits and twelve decimals, its raw count within 64 bits. False
  /// (and *raw untouched) for any other text, valid or not: Parse decides.
  static bool ParseNarrow(std::string_view text, std::int64_t* raw);

  /// *out = this + b; false (and *out untouched) on overflow.
  bool Add(Decimal b, Decimal* out) const;
  /// *out = this − b; false (and *out untouched) on overflow.
  bool Sub(Decimal b, Decimal* out) const;
  /// *out = this × b, rounded half-even at 12 fractional digits if the exact product has more;
  /// false (and *out untouched) on overflow.
  bool Mul(Decimal b, Decimal* out) const;
  /// *out = this ÷ b rounded to `digits` fractional digits (clamped to [0, 12]) with `mode`;
  /// *out is untouched unless kOk.
  DivStatus Div(Decimal b, int digits, Rounding mode, Decimal* out) const;
  /// *out = this rounded to `digits` fractional digits (clamped to [0, 12]) with `mode`; false
  /// (and *out untouched) if the rounded value is out of range.
  bool Round(int digits, Rounding mode, Decimal* out) const;
  /// *out = −this; false for Min(), whose negation is out of range.
  bool Neg(Decimal* out) const;

  /// −1, 0 or 1 as this is less than, equal to or greater than `other`.
  int Compare(Decimal other) const { return raw_ < other.raw_ ? -1 : (raw_ > other.raw_ ? 1 : 0); }
  /// Exactly equal.
  bool operator==(Decimal other) const { return raw_ == other.raw_; }
  /// Not exactly equal.
  bool operator!=(Decimal other) const { return raw_ != other.raw_; }
  /// Strictly less.
  bool operator<(Decimal other) const { return raw_ < other.raw_; }
  /// Less or equal.
  bool operator<=(Decimal other) const { return raw_ <= other.raw_; }
  /// Strictly greater.
  bool operator>(Decimal other) const { return raw_ > other.raw_; }
  /// Greater or equal.
  bool operator>=(Decimal other) const { return raw_ >= other.raw_; }

  /// Whether the value is 0.
  bool IsZero() const { return raw_ == 0; }
  /// Whether the value is below 0 (zero is never negative).
  bool IsNegative() const { return raw_ < 0; }
  /// Whether there is nothing after the point.
  bool IsInteger() const { return raw_ % kScale == 0; }
  /// The value as an int64 if it is an integer in range, else nullopt (never truncates).
  std::optional<std::int64_t> ToInt64() const;

  /// Shortest exact text: "0", "-3.5", "100", "0.333333333333"; never "-0", no exponent.
  std::string ToString() const;
  /// Appends ToString()'s text to `out`, without a string of its own.
  void AppendTo(std::string& out) const;
  /// Text with exactly `digits` (clamped to [0, 12]) fractional digits, rounded with `mode`:
  /// "89.00", "-0.50". Works on the digits, so it never overflows; a value that rounds to zero
  /// prints without a sign ("0.00", not "-0.00").
  std::string ToFixed(int digits, Rounding mode = Rounding::kHalfUp) const;

 private:
  explicit constexpr Decimal(Int128 raw) : raw_(raw) {}

  Int128 raw_ = 0;
};

/// What Decimal::ParseDetailed found: a value, or the reason there is none.
struct ParseResult {
  /// Why the text was rejected.
  enum class Problem {
    kNone,             ///< Parsed; `value` is set.
    kSyntax,           ///< Not [+-]digits[.digits].
    kTooManyDecimals,  ///< Nonzero digits beyond the 12th fractional digit.
    kTooLarge,         ///< Out of range.
  };
  /// The parsed value; set exactly when problem is kNone.
  std::optional<Decimal> value;
  /// kNone on success.
  Problem problem = Problem::kNone;
};

static_assert(sizeof(Decimal) == 16, "a Decimal is one 128-bit integer");
static_assert(std::is_trivially_copyable_v<Decimal>, "Decimals are passed and stored by value");

}  // namespace arl::value
