// Unit tests for arl::value::Decimal: exactness, every rounding mode, overflow at the edges of
// the range, parsing and printing, and a randomized cross-check against a slow reference.
// main() comes from catch_main.cpp, built once without our strict warnings.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/value/decimal.h"

namespace Catch {
template <>
struct StringMaker<arl::value::Decimal> {
  static std::string convert(const arl::value::Decimal& d) { return d.ToString(); }
};
}  // namespace Catch

namespace arl::value {
namespace {

using Problem = ParseResult::Problem;

constexpr Rounding kAllModes[] = {Rounding::kHalfUp, Rounding::kHalfEven, Rounding::kDown,
                                  Rounding::kUp};

const char* ModeName(Rounding mode) {
  switch (mode) {
    case Rounding::kHalfUp:
      return "kHalfUp";
    case Rounding::kHalfEven:
      return "kHalfEven";
    case Rounding::kDown:
      return "kDown";
    case Rounding::kUp:
      return "kUp";
  }
  return "?";
}

Decimal D(std::string_view text) {
  const std::optional<Decimal> d = Decimal::Parse(text);
  INFO("parsing " << text);
  REQUIRE(d.has_value());
  return *d;
}

// Results as text, so a failing CHECK shows what happened, overflow included.
std::string AddStr(Decimal a, Decimal b) {
  Decimal out;
  return a.Add(b, &out) ? out.ToString() : "overflow";
}
std::string SubStr(Decimal a, Decimal b) {
  Decimal out;
  return a.Sub(b, &out) ? out.ToString() : "overflow";
}
std::string MulStr(Decimal a, Decimal b) {
  Decimal out;
  return a.Mul(b, &out) ? out.ToString() : "overflow";
}
std::string DivStr(Decimal a, Decimal b, int digits, Rounding mode) {
  Decimal out;
  switch (a.Div(b, digits, mode, &out)) {
    case DivStatus::kOk:
      return out.ToString();
    case DivStatus::kDivByZero:
      return "div0";
    case DivStatus::kOverflow:
      return "overflow";
  }
  return "?";
}
std::string RoundStr(Decimal a, int digits, Rounding mode) {
  Decimal out;
  return a.Round(digits, mode, &out) ? out.ToString() : "overflow";
}

const std::string kMaxText = "170141183460469231731687303.715884105727";
const std::string kMinText = "-170141183460469231731687303.715884105728";

// ---------------------------------------------------------------- exactness

TEST_CASE("decimal: tenths add and multiply exactly") {
  CHECK(MulStr(D("0.1"), Decimal::FromInt(3)) == "0.3");
  CHECK(AddStr(D("0.1"), D("0.2")) == "0.3");
  Decimal sum;
  Decimal tenth = D("0.1");
  for (int i = 0; i < 10; ++i) REQUIRE(sum.Add(tenth, &sum));
  CHECK(sum == Decimal::FromInt(1));
  CHECK(SubStr(D("0.3"), D("0.1")) == "0.2");
  CHECK(MulStr(D("1.5"), D("1.5")) == "2.25");
  CHECK(MulStr(D("-0.123456789012"), D("0.5")) == "-0.061728394506");
}

TEST_CASE("decimal: one third at twelve digits, times three") {
  Decimal third;
  REQUIRE(Decimal::FromInt(1).Div(Decimal::FromInt(3), 12, Rounding::kHalfUp, &third) ==
          DivStatus::kOk);
  CHECK(third.ToString() == "0.333333333333");
  Decimal back;
  REQUIRE(third.Mul(Decimal::FromInt(3), &back));
  CHECK(back.ToString() == "0.999999999999");
  CHECK(back < Decimal::FromInt(1));
  CHECK(DivStr(Decimal::FromInt(2), Decimal::FromInt(3), 12, Rounding::kHalfUp) ==
        "0.666666666667");
  CHECK(DivStr(Decimal::FromInt(2), Decimal::FromInt(3), 12, Rounding::kDown) == "0.666666666666");
  CHECK(DivStr(Decimal::FromInt(-2), Decimal::FromInt(3), 2, Rounding::kDown) == "-0.67");
  CHECK(DivStr(Decimal::FromInt(-2), Decimal::FromInt(3), 2, Rounding::kUp) == "-0.66");
}

// ---------------------------------------------------------------- rounding modes

struct RoundCase {
  const char* value;
  const char* half_up;
  const char* half_even;
  const char* down;
  const char* up;
};

// At 0 fractional digits: ties and non-ties, positive and negative.
const RoundCase kRoundCases[] = {
    {"2.5", "3", "2", "2", "3"},
    {"-2.5", "-3", "-2", "-3", "-2"},
    {"2.51", "3", "3", "2", "3"},
    {"-2.49", "-2", "-2", "-3", "-2"},
    {"0.5", "1", "0", "0", "1"},
    {"-0.5", "-1", "0", "-1", "0"},
    {"3.5", "4", "4", "3", "4"},
    {"-3.5", "-4", "-4", "-4", "-3"},
    {"2.49", "2", "2", "2", "3"},
    {"-2.51", "-3", "-3", "-3", "-2"},
    {"7", "7", "7", "7", "7"},
    {"-7", "-7", "-7", "-7", "-7"},
    {"0", "0", "0", "0", "0"},
    {"0.000000000001", "0", "0", "0", "1"},
    {"-0.000000000001", "0", "0", "-1", "0"},
};

const char* Expected(const RoundCase& c, Rounding mode) {
  switch (mode) {
    case Rounding::kHalfUp:
      return c.half_up;
    case Rounding::kHalfEven:
      return c.half_even;
    case Rounding::kDown:
      return c.down;
    case Rounding::kUp:
      return c.up;
  }
  return "?";
}

TEST_CASE("decimal: Round in each mode") {
  for (const RoundCase& c : kRoundCases) {
    for (Rounding mode : kAllModes) {
      INFO(c.value << " " << ModeName(mode));
      CHECK(RoundStr(D(c.value), 0, mode) == Expected(c, mode));
    }
  }
  // At 2 digits: 0.125 is a tie, 0.1251 is not.
  CHECK(RoundStr(D("0.125"), 2, Rounding::kHalfUp) == "0.13");
  CHECK(RoundStr(D("0.125"), 2, Rounding::kHalfEven) == "0.12");
  CHECK(RoundStr(D("0.135"), 2, Rounding::kHalfEven) == "0.14");
  CHECK(RoundStr(D("0.1251"), 2, Rounding::kHalfEven) == "0.13");
  CHECK(RoundStr(D("-0.125"), 2, Rounding::kDown) == "-0.13");
  CHECK(RoundStr(D("-0.125"), 2, Rounding::kUp) == "-0.12");
  CHECK(RoundStr(D("89.995"), 2, Rounding::kHalfUp) == "90");
  // Already at the precision: unchanged in every mode.
  for (Rounding mode : kAllModes) {
    CHECK(RoundStr(D("89.75"), 2, mode) == "89.75");
    CHECK(RoundStr(D("0.333333333333"), 12, mode) == "0.333333333333");
  }
  // Out-of-range precisions are clamped.
  CHECK(RoundStr(D("2.5"), -3, Rounding::kHalfUp) == "3");
  CHECK(RoundStr(D("0.000000000001"), 40, Rounding::kHalfUp) == "0.000000000001");
}

TEST_CASE("decimal: Div in each mode") {
  // The same values as quotients, e.g. 2.5 = 5 / 2 and -2.49 = 249 / -100: Div rounds the
  // exact quotient once.
  struct Quotient {
    const char* value;
    std::int64_t num;
    std::int64_t den;
  };
  const Quotient quotients[] = {
      {"2.5", 5, 2},      {"-2.5", -5, 2},      {"2.51", 251, 100}, {"-2.49", 249, -100},
      {"0.5", 1, 2},      {"-0.5", -1, 2},      {"3.5", 7, 2},      {"-3.5", -7, 2},
      {"2.49", 249, 100}, {"-2.51", -251, 100}, {"7", 21, 3},       {"-7", -21, 3},
      {"0", 0, 5},
  };
  for (const Quotient& q : quotients) {
    const RoundCase* c = nullptr;
    for (const RoundCase& r : kRoundCases) {
      if (std::string_view(r.value) == q.value) c = &r;
    }
    REQUIRE(c != nullptr);
    for (Rounding mode : kAllModes) {
      INFO(q.num << " / " << q.den << " " << ModeName(mode));
      CHECK(DivStr(Decimal::FromInt(q.num), Decimal::FromInt(q.den), 0, mode) ==
            Expected(*c, mode));
    }
  }
  // 1 / 8 = 0.125 at 2 digits; -1 / -8 is positive.
  CHECK(DivStr(D("1"), D("8"), 2, Rounding::kHalfUp) == "0.13");
  CHECK(DivStr(D("1"), D("8"), 2, Rounding::kHalfEven) == "0.12");
  CHECK(DivStr(D("-1"), D("-8"), 2, Rounding::kDown) == "0.12");
  CHECK(DivStr(D("-1"), D("8"), 2, Rounding::kDown) == "-0.13");
  // Rounding is decided on the exact remainder, once. 2.000000000001 / 4 = 0.50000000000025:
  // rounding first to 12 digits (0.5) and then to 0 digits would wrongly see a tie.
  CHECK(DivStr(D("2.000000000001"), D("4"), 0, Rounding::kHalfEven) == "1");
  CHECK(DivStr(D("2.000000000001"), D("4"), 12, Rounding::kHalfEven) == "0.5");
  // 2.000000000002 / 4 = 0.5000000000005: a tie at the 12th digit.
  CHECK(DivStr(D("2.000000000002"), D("4"), 12, Rounding::kHalfEven) == "0.5");
  CHECK(DivStr(D("2.000000000006"), D("4"), 12, Rounding::kHalfEven) == "0.500000000002");
  CHECK(DivStr(D("2.000000000006"), D("4"), 12, Rounding::kHalfUp) == "0.500000000002");
  CHECK(DivStr(D("2.000000000002"), D("4"), 12, Rounding::kHalfUp) == "0.500000000001");
  // Fractional divisors.
  CHECK(DivStr(D("1"), D("0.3"), 4, Rounding::kHalfUp) == "3.3333");
  CHECK(DivStr(D("100"), D("0.000000000001"), 0, Rounding::kHalfUp) == "100000000000000");
}

TEST_CASE("decimal: division by zero") {
  for (Rounding mode : kAllModes) {
    CHECK(DivStr(D("1"), Decimal(), 2, mode) == "div0");
    CHECK(DivStr(Decimal(), D("0.000"), 2, mode) == "div0");
    CHECK(DivStr(Decimal::Max(), D("-0"), 12, mode) == "div0");
  }
  Decimal untouched = D("42");
  CHECK(D("1").Div(Decimal(), 2, Rounding::kHalfUp, &untouched) == Decimal::DivStatus::kDivByZero);
  CHECK(untouched == D("42"));
}

// ---------------------------------------------------------------- range

TEST_CASE("decimal: extremes print and parse back") {
  CHECK(Decimal::Max().ToString() == kMaxText);
  CHECK(Decimal::Min().ToString() == kMinText);
  CHECK(D(kMaxText) == Decimal::Max());
  CHECK(D(kMinText) == Decimal::Min());
  CHECK(Decimal::Max().Raw() == std::numeric_limits<Int128>::max());
  CHECK(Decimal::Min().Raw() == std::numeric_limits<Int128>::min());
}

TEST_CASE("decimal: overflow is reported, never wrapped") {
  const Decimal tiny = Decimal::FromRaw(1);
  const Decimal max = Decimal::Max(), min = Decimal::Min();
  Decimal out = D("42");
  CHECK_FALSE(max.Add(tiny, &out));
  CHECK_FALSE(min.Sub(tiny, &out));
  CHECK_FALSE(min.Add(Decimal::FromRaw(-1), &out));
  CHECK_FALSE(max.Sub(Decimal::FromRaw(-1), &out));
  CHECK_FALSE(min.Neg(&out));
  CHECK(out == D("42"));  // failed operations leave the output alone
  CHECK(AddStr(max, min) == "-0.000000000001");
  CHECK(SubStr(max, max) == "0");
  REQUIRE(max.Neg(&out));
  CHECK(out.ToString() == "-" + kMaxText);

  // Products. 1e12 × 1e12 = 1e24 fits; 1e13 × 1e13 = 1e26 still fits (the range is ±1.7e26),
  // 1e14 × 1e13 does not; the exact edge is between 13043817825332² and 13043817825333².
  CHECK(MulStr(D("1000000000000"), D("1000000000000")) == "1000000000000000000000000");
  CHECK(MulStr(D("10000000000000"), D("10000000000000")) == "100000000000000000000000000");
  CHECK(MulStr(D("100000000000000"), D("10000000000000")) == "overflow");
  CHECK(MulStr(D("-100000000000000"), D("10000000000000")) == "overflow");
  CHECK(MulStr(D("13043817825333"), D("13043817825333")) == "overflow");
  CHECK(MulStr(D("13043817825332"), D("13043817825332")) == "170141183460448825660910224");
  CHECK(MulStr(D("1304381782533.2"), D("130438178253320")) == "170141183460448825660910224");
  CHECK(MulStr(D("-1304381782533.3"), D("130438178253330")) == "overflow");
  CHECK(MulStr(max, D("1")) == kMaxText);
  CHECK(MulStr(min, D("1")) == kMinText);
  CHECK(MulStr(max, D("-1")) == "-" + kMaxText);
  CHECK(MulStr(min, D("-1")) == "overflow");
  CHECK(MulStr(max, D("2")) == "overflow");
  CHECK(MulStr(max, D("1.000000000001")) == "overflow");
  CHECK(MulStr(min, min) == "overflow");
  CHECK(MulStr(max, D("0.5")) == "85070591730234615865843651.857942052864");  // .5 unit: even
  CHECK(MulStr(min, D("0.5")) == "-85070591730234615865843651.857942052864");
  CHECK(MulStr(max, Decimal()) == "0");
  CHECK(MulStr(min, tiny) == "-170141183460469.231731687304");
  CHECK(MulStr(max, tiny) == "170141183460469.231731687304");

  // Quotients.
  CHECK(DivStr(max, D("1"), 12, Rounding::kHalfUp) == kMaxText);
  CHECK(DivStr(min, D("1"), 12, Rounding::kDown) == kMinText);
  CHECK(DivStr(min, D("-1"), 12, Rounding::kHalfUp) == "overflow");
  CHECK(DivStr(max, D("0.5"), 12, Rounding::kHalfUp) == "overflow");
  CHECK(DivStr(max, tiny, 0, Rounding::kHalfUp) == "overflow");
  CHECK(DivStr(max, max, 12, Rounding::kHalfUp) == "1");
  CHECK(DivStr(min, min, 12, Rounding::kHalfUp) == "1");
  CHECK(DivStr(max, min, 12, Rounding::kHalfUp) == "-1");
  CHECK(DivStr(max, min, 12, Rounding::kDown) == "-1");
  CHECK(DivStr(max, min, 12, Rounding::kUp) == "-0.999999999999");
  CHECK(DivStr(max, D("3"), 12, Rounding::kHalfUp) == "56713727820156410577229101.238628035242");
  CHECK(DivStr(max, D("3"), 0, Rounding::kUp) == "56713727820156410577229102");
  // Rounding up at the top cannot be represented.
  CHECK(DivStr(max, D("1"), 0, Rounding::kUp) == "overflow");
  CHECK(DivStr(max, D("1"), 0, Rounding::kDown) == "170141183460469231731687303");

  CHECK(RoundStr(max, 0, Rounding::kUp) == "overflow");
  CHECK(RoundStr(max, 0, Rounding::kHalfUp) == "overflow");
  CHECK(RoundStr(max, 0, Rounding::kDown) == "170141183460469231731687303");
  CHECK(RoundStr(min, 0, Rounding::kDown) == "overflow");
  CHECK(RoundStr(min, 0, Rounding::kUp) == "-170141183460469231731687303");
  CHECK(RoundStr(max, 12, Rounding::kUp) == kMaxText);
  CHECK(RoundStr(max, 11, Rounding::kHalfEven) == "overflow");  // .71588410573 is past the top
  CHECK(RoundStr(max, 11, Rounding::kDown) == "170141183460469231731687303.71588410572");
  CHECK(RoundStr(min, 11, Rounding::kHalfEven) == "overflow");
  CHECK(RoundStr(min, 11, Rounding::kUp) == "-170141183460469231731687303.71588410572");
}

TEST_CASE("decimal: very large money") {
  const Decimal yuan = D("99999999999999.99");  // just under 100 trillion 元
  Decimal product;
  REQUIRE(yuan.Mul(Decimal::FromInt(1000), &product));
  CHECK(product.ToString() == "99999999999999990");
  Decimal sum;
  for (int i = 0; i < 1000; ++i) REQUIRE(sum.Add(yuan, &sum));
  CHECK(sum == product);
  CHECK(AddStr(yuan, yuan) == "199999999999999.98");
  CHECK(MulStr(yuan, D("999999999999.99")) == "99999999999998990000000000.0001");
  CHECK(MulStr(yuan, yuan) == "overflow");  // ~1e28 is past ±1.7e26
  CHECK(DivStr(product, Decimal::FromInt(1000), 2, Rounding::kHalfUp) == "99999999999999.99");
  CHECK(product.ToFixed(2) == "99999999999999990.00");
}

TEST_CASE("decimal: products past twelve digits round half-even") {
  CHECK(MulStr(D("0.000001"), D("0.0000001")) == "0");                 // 0.1 unit: down
  CHECK(MulStr(D("0.000001"), D("0.0000005")) == "0");                 // 0.5 unit: to even 0
  CHECK(MulStr(D("0.000001"), D("0.0000007")) == "0.000000000001");    // 0.7 unit: up
  CHECK(MulStr(D("0.000003"), D("0.0000005")) == "0.000000000002");    // 1.5 units: to even 2
  CHECK(MulStr(D("0.000005"), D("0.0000005")) == "0.000000000002");    // 2.5 units: to even 2
  CHECK(MulStr(D("0.000007"), D("0.0000005")) == "0.000000000004");    // 3.5 units: to even 4
  CHECK(MulStr(D("-0.000003"), D("0.0000005")) == "-0.000000000002");  // symmetric
  CHECK(MulStr(D("-0.000005"), D("-0.0000005")) == "0.000000000002");
  CHECK(MulStr(D("0.000005"), D("0.000000500001")) == "0.000000000003");  // above the tie
  CHECK(MulStr(D("0.333333333333"), D("0.333333333333")) == "0.111111111111");
  CHECK(MulStr(D("0.666666666667"), D("0.666666666667")) == "0.444444444445");
}

// ---------------------------------------------------------------- parse

TEST_CASE("decimal: text on both sides of the 64-bit magnitude", "[decimal]") {
  // Raw magnitudes below 2^64 are printed in 64-bit arithmetic, others in 128.
  CHECK(Decimal::FromRaw(Int128{18446744073709551615ULL}).ToString() == "18446744.073709551615");
  CHECK(Decimal::FromRaw(Int128{1} << 64).ToString() == "18446744.073709551616");
  CHECK(Decimal::FromRaw(-(Int128{1} << 64)).ToString() == "-18446744.073709551616");
  CHECK(Decimal::FromRaw(-Int128{18446744073709551615ULL}).ToString() == "-18446744.073709551615");
  CHECK(D("0.000000000001").ToString() == "0.000000000001");
  CHECK(D("-0.1").ToString() == "-0.1");
  CHECK(D("100").ToString() == "100");
  CHECK(D("909.05").ToString() == "909.05");
  std::string out = "x=";
  D("-12.5").AppendTo(out);
  CHECK(out == "x=-12.5");
}

TEST_CASE("decimal: Parse accepts plain decimals") {
  CHECK(D("12").ToString() == "12");
  CHECK(D("-0.50").ToString() == "-0.5");
  CHECK(D("+3.5").ToString() == "3.5");
  CHECK(D("0").ToString() == "0");
  CHECK(D("-0").ToString() == "0");
  CHECK_FALSE(D("-0.000").IsNegative());
  CHECK(D("007.10").ToString() == "7.1");
  CHECK(D("0.000000000001").Raw() == 1);
  CHECK(D("1.5").Raw() == Int128{1'500'000'000'000});
  CHECK(D("1.000000000000000").ToString() == "1");  // extra digits, all zero
  CHECK(D("2.123456789012000").ToString() == "2.123456789012");
  CHECK(D("00000000000000000000000000000000000000000000001").ToString() == "1");
  // 18 integer digits are read in 64 bits, 19 and more in 128: both exact.
  CHECK(D("999999999999999999.999999999999").ToString() == "999999999999999999.999999999999");
  CHECK(D("-999999999999999999.9").ToString() == "-999999999999999999.9");
  CHECK(D("1000000000000000000.000000000001").ToString() == "1000000000000000000.000000000001");
  CHECK(D("-9999999999999999999").ToString() == "-9999999999999999999");
  const ParseResult r = Decimal::ParseDetailed("-12.75");
  CHECK(r.problem == Problem::kNone);
  REQUIRE(r.value.has_value());
  CHECK(r.value->ToString() == "-12.75");
}

TEST_CASE("decimal: Parse rejects and says why") {
  const std::pair<const char*, Problem> cases[] = {
      {"", Problem::kSyntax},
      {".5", Problem::kSyntax},
      {"5.", Problem::kSyntax},
      {"-.5", Problem::kSyntax},
      {"1e3", Problem::kSyntax},
      {"1E3", Problem::kSyntax},
      {" 1", Problem::kSyntax},
      {"1 ", Problem::kSyntax},
      {"1 000", Problem::kSyntax},
      {"1,000", Problem::kSyntax},
      {"+", Problem::kSyntax},
      {"-", Problem::kSyntax},
      {"--1", Problem::kSyntax},
      {"+-1", Problem::kSyntax},
      {"1.2.3", Problem::kSyntax},
      {"0x10", Problem::kSyntax},
      {"inf", Problem::kSyntax},
      {"nan", Problem::kSyntax},
      {"\xEF\xBC\x91\xEF\xBC\x92", Problem::kSyntax},  // fullwidth "１２"
      {"12分", Problem::kSyntax},
      {"0.0000000000001", Problem::kTooManyDecimals},
      {"1.0000000000005", Problem::kTooManyDecimals},
      {"-0.00000000000000000001", Problem::kTooManyDecimals},
      {"170141183460469231731687303.715884105728", Problem::kTooLarge},
      {"-170141183460469231731687303.715884105729", Problem::kTooLarge},
      {"170141183460469231731687304", Problem::kTooLarge},
      {"10000000000000000000000000000000000000000", Problem::kTooLarge},
      {"99999999999999999999999999999999999999999999999999", Problem::kTooLarge},
  };
  for (const auto& [text, problem] : cases) {
    INFO("\"" << text << "\"");
    const ParseResult r = Decimal::ParseDetailed(text);
    CHECK(r.problem == problem);
    CHECK_FALSE(r.value.has_value());
    CHECK_FALSE(Decimal::Parse(text).has_value());
  }
  // Embedded NUL is not the end of the text.
  CHECK_FALSE(Decimal::Parse(std::string_view("1\0"
                                              "2",
                                              3))
                  .has_value());
}

TEST_CASE("decimal: ParseNarrow reads what Parse reads, for the usual cell", "[decimal]") {
  // What it must read: up to seven integer digits and twelve decimals, the
  // raw count within 64 bits (9223372.036854775807 and its negation).
  for (const char* text :
       {"0", "-0", "+0", "12", "-0.50", "+3.5", "007.10", "0.000000000001", "909.05", "9223372",
        "-9223372", "9223372.036854775807", "-9223372.036854775807", "1.5", "123.456789012345"}) {
    INFO(text);
    std::int64_t raw = 42;
    REQUIRE(Decimal::ParseNarrow(text, &raw));
    CHECK(Int128{raw} == D(text).Raw());
  }
  // What it leaves to Parse, valid or not; *raw is untouched.
  for (const char* text : {"",
                           "+",
                           "-",
                           ".5",
                           "5.",
                           "-.5",
                           "1e3",
                           " 1",
                           "1 ",
                           "1,000",
                           "--1",
                           "1.2.3",
                           "12分",
                           "9999999",
                           "10000000",
                           "00000001",
                           "9223372.036854775808",
                           "-9223372.036854775808",
                           "1.0000000000000",
                           "0.0000000000001",
                           "\xEF\xBC\x91\xEF\xBC\x92"}) {
    INFO(text);
    std::int64_t raw = 42;
    CHECK_FALSE(Decimal::ParseNarrow(text, &raw));
    CHECK(raw == 42);
  }
  // Random short texts of digits, signs and points: whatever it reads, Parse
  // reads as the same number.
  std::mt19937 rng(7);
  const char kAlphabet[] = "0123456789012345678901234567890123456789.-+";
  size_t read = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string text(rng() % 24, ' ');
    for (char& c : text) c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
    std::int64_t raw = 0;
    if (!Decimal::ParseNarrow(text, &raw)) continue;
    ++read;
    INFO(text);
    const auto parsed = Decimal::Parse(text);
    REQUIRE(parsed.has_value());
    CHECK(parsed->Raw() == Int128{raw});
  }
  CHECK(read > 1'000);
}

// ---------------------------------------------------------------- print

TEST_CASE("decimal: ToString is the shortest exact form") {
  CHECK(Decimal().ToString() == "0");
  CHECK(Decimal::FromInt(100).ToString() == "100");
  CHECK(Decimal::FromInt(-100).ToString() == "-100");
  CHECK(D("-3.50").ToString() == "-3.5");
  CHECK(D("0.333333333333").ToString() == "0.333333333333");
  CHECK(D("-0.000000000001").ToString() == "-0.000000000001");
  CHECK(D("10.010").ToString() == "10.01");
  // Around the 18-digit chunks the digits are written in.
  CHECK(D("999999.999999999999").ToString() == "999999.999999999999");
  CHECK(D("1000000").ToString() == "1000000");
  CHECK(D("1000000.000000000001").ToString() == "1000000.000000000001");
  CHECK(D("-1000000000000000000000000").ToString() == "-1000000000000000000000000");
  CHECK(D("123456789012345678901234.5").ToString() == "123456789012345678901234.5");
  CHECK(Decimal::FromInt(std::numeric_limits<std::int64_t>::min()).ToString() ==
        "-9223372036854775808");
  CHECK(Decimal::FromInt(std::numeric_limits<std::int64_t>::max()).ToString() ==
        "9223372036854775807");
}

TEST_CASE("decimal: ToFixed pads and rounds on the digits") {
  CHECK(D("89").ToFixed(2) == "89.00");
  CHECK(D("-0.5").ToFixed(2) == "-0.50");
  CHECK(D("0").ToFixed(3) == "0.000");
  CHECK(D("0").ToFixed(0) == "0");
  CHECK(D("2.5").ToFixed(0) == "3");
  CHECK(D("2.5").ToFixed(0, Rounding::kHalfEven) == "2");
  CHECK(D("-2.5").ToFixed(0) == "-3");
  CHECK(D("2.345").ToFixed(2) == "2.35");
  CHECK(D("2.345").ToFixed(2, Rounding::kHalfEven) == "2.34");
  CHECK(D("2.345").ToFixed(2, Rounding::kDown) == "2.34");
  CHECK(D("2.341").ToFixed(2, Rounding::kUp) == "2.35");
  CHECK(D("-2.345").ToFixed(2, Rounding::kDown) == "-2.35");
  CHECK(D("-2.345").ToFixed(2, Rounding::kUp) == "-2.34");
  CHECK(D("2.345000000001").ToFixed(2, Rounding::kHalfEven) == "2.35");
  CHECK(D("9.995").ToFixed(2) == "10.00");
  CHECK(D("-9.995").ToFixed(2) == "-10.00");
  CHECK(D("999.5").ToFixed(0) == "1000");
  CHECK(D("-0.001").ToFixed(2) == "0.00");  // rounds to zero: no "-0.00"
  CHECK(D("-0.001").ToFixed(2, Rounding::kDown) == "-0.01");
  CHECK(D("0.001").ToFixed(2, Rounding::kUp) == "0.01");
  CHECK(D("0.333333333333").ToFixed(12) == "0.333333333333");
  CHECK(D("1.5").ToFixed(12) == "1.500000000000");
  CHECK(D("1.5").ToFixed(99) == "1.500000000000");  // clamped
  CHECK(D("1.5").ToFixed(-1) == "2");               // clamped
  // At the top of the range the digits simply grow.
  CHECK(Decimal::Max().ToFixed(0, Rounding::kUp) == "170141183460469231731687304");
  CHECK(Decimal::Max().ToFixed(2) == "170141183460469231731687303.72");
  CHECK(Decimal::Min().ToFixed(0, Rounding::kDown) == "-170141183460469231731687304");
  CHECK(Decimal::Min().ToFixed(0, Rounding::kUp) == "-170141183460469231731687303");
  CHECK(Decimal::Parse("99999999999999999999999999.9")->ToFixed(0) ==
        "100000000000000000000000000");
}

// ---------------------------------------------------------------- compare and convert

TEST_CASE("decimal: tier boundaries compare exactly") {
  const Decimal ninety = Decimal::FromInt(90);
  const Decimal just_below = D("89.999999999999");
  CHECK(just_below < ninety);
  CHECK(just_below <= ninety);
  CHECK_FALSE(just_below >= ninety);
  CHECK(just_below != ninety);
  CHECK(just_below.Compare(ninety) == -1);
  CHECK(ninety.Compare(just_below) == 1);
  CHECK(D("90.000000000000") == ninety);
  CHECK(D("90.000000000000").Compare(ninety) == 0);
  CHECK(D("90.000000000000") >= ninety);
  CHECK(D("90.000000000000") <= ninety);
  CHECK_FALSE(D("90.000000000000") > ninety);
  CHECK(D("89.99999") < ninety);
  CHECK(D("90.000000000001") > ninety);
  // A score assembled from parts lands exactly on the line.
  Decimal score;
  for (const char* part : {"30", "29.99999999999", "0.00000000001", "30"}) {
    REQUIRE(score.Add(D(part), &score));
  }
  CHECK(score == ninety);
  CHECK(D("-1") < D("-0.5"));
  CHECK(Decimal::Min() < Decimal::Max());
}

TEST_CASE("decimal: predicates and int64 conversion") {
  const Decimal zero;
  CHECK(zero.IsZero());
  CHECK(zero.Raw() == 0);
  CHECK_FALSE(zero.IsNegative());
  CHECK(zero.IsInteger());
  CHECK(D("-0.5").IsNegative());
  CHECK_FALSE(D("-0.5").IsInteger());
  CHECK(D("-3.000").IsInteger());
  CHECK(D("-3").ToInt64() == std::optional<std::int64_t>(-3));
  CHECK_FALSE(D("2.5").ToInt64().has_value());
  CHECK_FALSE(D("100000000000000000000").ToInt64().has_value());
  CHECK_FALSE(D("-9223372036854775809").ToInt64().has_value());
  for (std::int64_t v :
       {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
        std::int64_t{0}, std::int64_t{-1}, std::int64_t{1234567}}) {
    CHECK(Decimal::FromInt(v).ToInt64() == std::optional<std::int64_t>(v));
  }
  CHECK(Decimal::FromRaw(Int128{-7}).Raw() == -7);
}

TEST_CASE("decimal: the output may be an operand") {
  Decimal v = D("10");
  REQUIRE(v.Div(D("4"), 1, Rounding::kHalfEven, &v) == DivStatus::kOk);
  CHECK(v.ToString() == "2.5");
  REQUIRE(v.Mul(v, &v));
  CHECK(v.ToString() == "6.25");
  REQUIRE(v.Round(1, Rounding::kHalfEven, &v));
  CHECK(v.ToString() == "6.2");
  REQUIRE(v.Sub(D("10"), &v));
  REQUIRE(v.Neg(&v));
  CHECK(v.ToString() == "3.8");
}

// ---------------------------------------------------------------- cross-check

// A slow reference that shares no code with Decimal: nonnegative integers as decimal digit
// strings without leading zeros ("0" for zero), with schoolbook arithmetic.
namespace ref {

std::string Strip(const std::string& s) {
  const size_t nz = s.find_first_not_of('0');
  return nz == std::string::npos ? "0" : s.substr(nz);
}

int Cmp(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string Add(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  size_t i = a.size(), j = b.size();
  while (i > 0 || j > 0 || carry != 0) {
    int sum = carry;
    if (i > 0) sum += a[--i] - '0';
    if (j > 0) sum += b[--j] - '0';
    out.insert(out.begin(), static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  return Strip(out);
}

// a - b for a >= b.
std::string Sub(const std::string& a, const std::string& b) {
  std::string out = a;
  int borrow = 0;
  size_t j = b.size();
  for (size_t i = a.size(); i-- > 0;) {
    int diff = (a[i] - '0') - borrow - (j > 0 ? b[--j] - '0' : 0);
    borrow = diff < 0 ? 1 : 0;
    out[i] = static_cast<char>('0' + (diff + 10) % 10);
  }
  return Strip(out);
}

std::string Mul(const std::string& a, const std::string& b) {
  std::vector<int> acc(a.size() + b.size(), 0);
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) acc[i + j + 1] += (a[i] - '0') * (b[j] - '0');
  }
  for (size_t k = acc.size(); k-- > 1;) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string out;
  for (int d : acc) out.push_back(static_cast<char>('0' + d));
  return Strip(out);
}

// {a / b, a % b} for b != 0, one quotient digit at a time by repeated subtraction.
std::pair<std::string, std::string> DivMod(const std::string& a, const std::string& b) {
  std::string q, rem = "0";
  for (char c : a) {
    rem = Strip(rem + c);
    char digit = '0';
    while (Cmp(rem, b) >= 0) {
      rem = Sub(rem, b);
      ++digit;
    }
    q.push_back(digit);
  }
  return {Strip(q), rem};
}

std::string Pow10(int n) {
  return "1" + std::string(static_cast<size_t>(n), '0');
}

// A signed integer.
struct Num {
  bool negative = false;
  std::string mag = "0";
};

Num FromRaw(Int128 raw) {
  Num n;
  n.negative = raw < 0;
  UInt128 m = n.negative ? UInt128{0} - static_cast<UInt128>(raw) : static_cast<UInt128>(raw);
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  n.mag = s;
  return n;
}

std::string Text(const Num& n) {
  return (n.negative && n.mag != "0" ? "-" : "") + n.mag;
}

Num Add(const Num& a, const Num& b) {
  if (a.negative == b.negative) return {a.negative, Add(a.mag, b.mag)};
  if (Cmp(a.mag, b.mag) >= 0) return {a.negative, Sub(a.mag, b.mag)};
  return {b.negative, Sub(b.mag, a.mag)};
}

Num Negated(const Num& a) {
  return {!a.negative, a.mag};
}

int CmpSigned(const Num& a, const Num& b) {
  const bool a_neg = a.negative && a.mag != "0", b_neg = b.negative && b.mag != "0";
  if (a_neg != b_neg) return a_neg ? -1 : 1;
  return a_neg ? Cmp(b.mag, a.mag) : Cmp(a.mag, b.mag);
}

// The raw result as text, or "overflow" if it is outside the 128-bit range.
std::string RawOrOverflow(const Num& n) {
  const std::string limit = n.negative ? "170141183460469231731687303715884105728"
                                       : "170141183460469231731687303715884105727";
  return Cmp(n.mag, limit) > 0 ? "overflow" : Text(n);
}

// |value| = q + rem / divisor; the rounded magnitude, by the textbook definition of each mode.
std::string RoundMag(const std::string& q, const std::string& rem, const std::string& divisor,
                     bool negative, Rounding mode) {
  const int twice_vs_divisor = Cmp(Add(rem, rem), divisor);
  const bool exact = rem == "0";
  const bool q_odd = ((q.back() - '0') % 2) == 1;
  bool up = false;
  switch (mode) {
    case Rounding::kHalfUp:
      up = twice_vs_divisor >= 0;
      break;
    case Rounding::kHalfEven:
      up = twice_vs_divisor > 0 || (twice_vs_divisor == 0 && q_odd);
      break;
    case Rounding::kDown:  // toward −∞
      up = !exact && negative;
      break;
    case Rounding::kUp:  // toward +∞
      up = !exact && !negative;
      break;
  }
  return up ? Add(q, "1") : q;
}

std::string MulRaw(Int128 a, Int128 b) {
  const Num x = FromRaw(a), y = FromRaw(b);
  const bool negative = x.negative != y.negative;
  const auto [q, rem] = DivMod(Mul(x.mag, y.mag), Pow10(Decimal::kFracDigits));
  return RawOrOverflow(
      {negative, RoundMag(q, rem, Pow10(Decimal::kFracDigits), negative, Rounding::kHalfEven)});
}

std::string DivRaw(Int128 a, Int128 b, int digits, Rounding mode) {
  const Num x = FromRaw(a), y = FromRaw(b);
  if (y.mag == "0") return "div0";
  const bool negative = x.negative != y.negative;
  const auto [q, rem] = DivMod(Mul(x.mag, Pow10(digits)), y.mag);
  const std::string rounded = RoundMag(q, rem, y.mag, negative, mode);
  return RawOrOverflow({negative, Mul(rounded, Pow10(Decimal::kFracDigits - digits))});
}

std::string RoundRaw(Int128 a, int digits, Rounding mode) {
  const Num x = FromRaw(a);
  const std::string unit = Pow10(Decimal::kFracDigits - digits);
  const auto [q, rem] = DivMod(x.mag, unit);
  return RawOrOverflow({x.negative, Mul(RoundMag(q, rem, unit, x.negative, mode), unit)});
}

std::string Fixed(Int128 a, int digits, Rounding mode) {
  const Num x = FromRaw(a);
  const std::string unit = Pow10(Decimal::kFracDigits - digits);
  const auto [q, rem] = DivMod(x.mag, unit);
  std::string mag = RoundMag(q, rem, unit, x.negative, mode);
  const bool nonzero = mag != "0";
  while (mag.size() < static_cast<size_t>(digits) + 1) mag.insert(mag.begin(), '0');
  if (digits > 0) mag.insert(mag.size() - static_cast<size_t>(digits), ".");
  return (x.negative && nonzero ? "-" : "") + mag;
}

}  // namespace ref

std::string RawText(Decimal d) {
  return ref::Text(ref::FromRaw(d.Raw()));
}

// Operands from several distributions, so that both the 128-bit and the 256-bit paths, exact
// and rounded results, and results on both sides of the range limit all occur.
Int128 RandomRaw(std::mt19937_64& rng) {
  const std::uint64_t pick = rng() % 8;
  const bool negative = (rng() & 1) != 0;
  UInt128 mag = 0;
  if (pick == 0) {
    const Int128 specials[] = {0,
                               1,
                               -1,
                               Decimal::kScale,
                               -Decimal::kScale,
                               Decimal::kScale / 2,
                               Decimal::kScale * 3 / 2,
                               Decimal::Max().Raw(),
                               Decimal::Min().Raw(),
                               Decimal::Max().Raw() - 1,
                               Decimal::Min().Raw() + 1,
                               static_cast<Int128>(UInt128{1} << 64),
                               static_cast<Int128>((UInt128{1} << 64) - 1),
                               -static_cast<Int128>(UInt128{1} << 64)};
    return specials[rng() % (sizeof(specials) / sizeof(specials[0]))];
  }
  if (pick <= 2) {
    // Scores and money: up to ±1000 with up to 3 fractional digits.
    const std::uint64_t thousandths = rng() % 1'000'001;
    mag = static_cast<UInt128>(thousandths) * 1'000'000'000;
  } else {
    // Uniform bit length 0..127, then uniform bits below it.
    const int bits = static_cast<int>(rng() % 128);
    mag = (static_cast<UInt128>(rng()) << 64) | rng();
    mag = bits == 0 ? 0 : mag >> (128 - bits);
  }
  const Int128 v = static_cast<Int128>(mag);
  return negative ? -v : v;
}

TEST_CASE("decimal: random cross-check against an exact reference") {
  std::mt19937_64 rng(20240521);
  int overflows = 0, wide = 0, oks = 0;
  for (int i = 0; i < 5000; ++i) {
    const Decimal a = Decimal::FromRaw(RandomRaw(rng));
    const Decimal b = Decimal::FromRaw(RandomRaw(rng));
    const int digits = static_cast<int>(rng() % 13);
    const Rounding mode = kAllModes[rng() % 4];
    INFO("case " << i << ": raw a = " << RawText(a) << ", raw b = " << RawText(b)
                 << ", digits = " << digits << ", mode = " << ModeName(mode));
    const ref::Num x = ref::FromRaw(a.Raw()), y = ref::FromRaw(b.Raw());
    Decimal out;

    const std::string sum = ref::RawOrOverflow(ref::Add(x, y));
    REQUIRE((a.Add(b, &out) ? RawText(out) : "overflow") == sum);
    const std::string diff = ref::RawOrOverflow(ref::Add(x, ref::Negated(y)));
    REQUIRE((a.Sub(b, &out) ? RawText(out) : "overflow") == diff);

    const std::string product = ref::MulRaw(a.Raw(), b.Raw());
    REQUIRE((a.Mul(b, &out) ? RawText(out) : "overflow") == product);
    if (product == "overflow") ++overflows;
    if (ref::Cmp(x.mag, "18446744073709551616") >= 0 ||
        ref::Cmp(y.mag, "18446744073709551616") >= 0) {
      ++wide;
    }

    const std::string quotient = ref::DivRaw(a.Raw(), b.Raw(), digits, mode);
    std::string got;
    switch (a.Div(b, digits, mode, &out)) {
      case DivStatus::kOk:
        got = RawText(out);
        ++oks;
        break;
      case DivStatus::kDivByZero:
        got = "div0";
        break;
      case DivStatus::kOverflow:
        got = "overflow";
        break;
    }
    REQUIRE(got == quotient);

    REQUIRE((a.Round(digits, mode, &out) ? RawText(out) : "overflow") ==
            ref::RoundRaw(a.Raw(), digits, mode));
    REQUIRE(a.ToFixed(digits, mode) == ref::Fixed(a.Raw(), digits, mode));
    REQUIRE(Decimal::Parse(a.ToString()) == std::optional<Decimal>(a));
    REQUIRE(a.Compare(b) == ref::CmpSigned(x, y));
    REQUIRE((a < b) == (ref::CmpSigned(x, y) < 0));
    REQUIRE((a == b) == (ref::CmpSigned(x, y) == 0));
    REQUIRE((a.Neg(&out) ? RawText(out) : "overflow") == ref::RawOrOverflow(ref::Negated(x)));
  }
  // The distributions really reached the interesting paths.
  CHECK(overflows > 100);
  CHECK(wide > 500);
  CHECK(oks > 500);
}

}  // namespace
}  // namespace arl::value
