#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "runtime/column/column.h"

namespace arl::column {
namespace {

using value::Decimal;

Decimal D(const char* text) {
  return *Decimal::Parse(text);
}

TEST_CASE("column: numbers stay exact in 8 bytes and move to 16 when one does not fit",
          "[column]") {
  Column c(ValueKind::kNumber, 4);
  c.SetNumber(0, D("89.999999999999"));
  c.SetNumber(1, D("-9223372.036854775808"));  // the narrow range's lower end
  CHECK(c.IsNarrow());
  CHECK(c.Number(0) == D("89.999999999999"));
  CHECK(c.Number(1) == D("-9223372.036854775808"));
  CHECK(c.state[2] == State::kNone);

  // One more unit than 64 bits hold: the whole column widens, nothing changes.
  c.SetNumber(2, D("9223372.036854775808"));
  CHECK_FALSE(c.IsNarrow());
  CHECK(c.Number(0) == D("89.999999999999"));
  CHECK(c.Number(1) == D("-9223372.036854775808"));
  CHECK(c.Number(2) == D("9223372.036854775808"));
  c.Append();
  c.SetNumber(4, D("170141183460469231731687303.715884105727"));
  CHECK(c.Number(4) == Decimal::Max());
  CHECK(c.Size() == 5);
}

TEST_CASE("column: Unused is the room Reserve made past the slots in use", "[column]") {
  for (const ValueKind kind : {ValueKind::kNumber, ValueKind::kText, ValueKind::kEnum}) {
    Column c(kind, 3);
    c.Reserve(1000);
    const auto unused = c.Unused();
    REQUIRE(unused.size() == 2);  // the states, then the values
    CHECK(unused[0].first == c.state.data() + 3);
    CHECK(unused[0].second == c.state.capacity() - 3);
    const size_t value_bytes = kind == ValueKind::kNumber ? sizeof(std::int64_t)
                               : kind == ValueKind::kText ? sizeof(std::string)
                                                          : sizeof(std::int32_t);
    CHECK(unused[1].second == (c.state.capacity() - 3) * value_bytes);
    if (kind == ValueKind::kEnum) CHECK(unused[1].first == c.codes.data() + 3);
    if (kind == ValueKind::kText) CHECK(unused[1].first == c.texts.data() + 3);
  }
  // A wide column's room is that of its 16-byte numbers.
  Column wide(ValueKind::kNumber, 1);
  wide.SetNumber(0, Decimal::Max());
  wide.Reserve(100);
  CHECK(wide.Unused()[1].second == 99 * sizeof(Decimal));
}

TEST_CASE("column: a copy keeps the value, its state, and widens the target when needed",
          "[column]") {
  Column wide(ValueKind::kNumber, 2);
  wide.SetNumber(0, D("20000000000"));  // 2e10 yuan
  wide.state[1] = State::kError;
  Column narrow(ValueKind::kNumber, 2);
  narrow.SetNumber(0, D("1"));
  narrow.SetNumber(1, D("2"));
  narrow.CopyFrom(1, wide, 1);
  CHECK(narrow.state[1] == State::kError);
  CHECK(narrow.IsNarrow());
  narrow.CopyFrom(1, wide, 0);
  CHECK_FALSE(narrow.IsNarrow());
  CHECK(narrow.Number(0) == D("1"));
  CHECK(narrow.Number(1) == D("20000000000"));
  CHECK(narrow.state[1] == State::kValue);
}

}  // namespace
}  // namespace arl::column
