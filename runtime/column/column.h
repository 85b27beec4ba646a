// arl::column — values of one kind, one slot per row, with a state per slot.
//
// Guarantees: a slot is a value, "no value" (an empty cell, distinct from
// zero) or an error (already reported once, where it arose); the vectors of
// the column's kind are as long as the state vector. Numbers are exact
// decimals; there is no floating point in a column.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/column/key_list.h"
#include "runtime/value/decimal.h"

namespace arl::column {

using ir::ValueKind;

/// What a slot holds.
enum class State : std::uint8_t { kValue, kNone, kError };

/// A column of `kind` values. Bools, enum members and references (row
/// indices in the referenced table) are codes.
///
/// Numbers are stored in 8 bytes while they fit: the raw count of 10^-12
/// (Decimal::Raw) of every score up to about ±9.2 million fits an int64, so
/// the usual column takes half the memory of 16-byte Decimals. The first
/// value that does not fit (a large sum of money) moves the whole column to
/// Decimals; reads and writes go through Number and SetNumber either way.
class Column {
 public:
  ValueKind kind = ValueKind::kNumber;
  std::vector<State> state;
  std::vector<std::int32_t> codes;  // kBool (0/1), kEnum (member), kRef (row)
  std::vector<std::string> texts;   // kText

  Column() = default;
  /// `rows` slots of `kind`, each in state `initial`.
  Column(ValueKind value_kind, size_t rows, State initial = State::kNone);

  size_t Size() const { return state.size(); }
  bool Has(size_t row) const { return state[row] == State::kValue; }

  /// The number in slot `row` (kNumber); zero for a slot never set.
  value::Decimal Number(size_t row) const {
    return wide_ ? wide_numbers_[row] : value::Decimal::FromRaw(narrow_[row]);
  }
  /// True while every number of the column fits 64 bits; NarrowRaw is then
  /// the slot's raw count, for loops that sort or compare plain integers.
  bool IsNarrow() const { return !wide_; }
  std::int64_t NarrowRaw(size_t row) const { return narrow_[row]; }

  void SetNumber(size_t row, value::Decimal v) {
    const value::Int128 raw = v.Raw();
    if (!wide_ && raw >= std::numeric_limits<std::int64_t>::min() &&
        raw <= std::numeric_limits<std::int64_t>::max()) {
      narrow_[row] = static_cast<std::int64_t>(raw);
    } else {
      if (!wide_) Widen();
      wide_numbers_[row] = v;
    }
    state[row] = State::kValue;
  }
  /// SetNumber of the decimal whose raw count is `raw`.
  void SetRaw(size_t row, std::int64_t raw) {
    if (wide_) {
      wide_numbers_[row] = value::Decimal::FromRaw(raw);
    } else {
      narrow_[row] = raw;
    }
    state[row] = State::kValue;
  }
  void SetCode(size_t row, std::int32_t code) {
    codes[row] = code;
    state[row] = State::kValue;
  }
  void SetText(size_t row, std::string text) {
    texts[row] = std::move(text);
    state[row] = State::kValue;
  }
  /// Adds one slot with no value at the end (inline: the loader calls it
  /// for every cell).
  void Append() {
    state.push_back(State::kNone);
    ForValues([](auto& values) { values.emplace_back(); });
  }
  /// Removes the last slot.
  void PopBack();
  /// Makes room for `rows` slots without adding any.
  void Reserve(size_t rows);
  /// The memory of the slots not yet added (up to what Reserve made room
  /// for), each as its first byte and size: to fault in ahead of use.
  std::vector<std::pair<const void*, size_t>> Unused() const;
  /// Copies slot `from_row` of `from` (same kind) into slot `row`.
  void CopyFrom(size_t row, const Column& from, size_t from_row);

 private:
  /// Moves the numbers to Decimals, for a value that does not fit 64 bits.
  void Widen();
  /// Calls `f` on the vector that holds this column's values.
  template <typename F>
  void ForValues(F&& f) {
    ForValuesOf(*this, f);
  }
  template <typename F>
  void ForValues(F&& f) const {
    ForValuesOf(*this, f);
  }
  template <typename Self, typename F>
  static void ForValuesOf(Self& self, F& f) {
    switch (self.kind) {
      case ValueKind::kNumber:
        if (self.wide_) {
          f(self.wide_numbers_);
        } else {
          f(self.narrow_);
        }
        return;
      case ValueKind::kText:
        f(self.texts);
        return;
      case ValueKind::kBool:
      case ValueKind::kEnum:
      case ValueKind::kRef:
        f(self.codes);
        return;
    }
  }

  bool wide_ = false;
  std::vector<std::int64_t> narrow_;          // kNumber while !wide_
  std::vector<value::Decimal> wide_numbers_;  // kNumber once wide_
};

/// Where an input row came from, for messages: "单位.csv" and the line.
struct RowOrigin {
  std::int32_t file = 0;  // index into Dataset::files
  std::int32_t line = 0;
};

/// The rows of one input table, with every declared column.
struct TableData {
  std::vector<Column> columns;     // by ir::Table::columns index
  KeyList keys;                    // entity tables: the key text of each row
  std::vector<RowOrigin> origins;  // one per row
  size_t rows = 0;
  /// The data has no such table at all (its file is missing): it has no
  /// rows, and whatever sums or counts its rows is an error, not 0.
  bool absent = false;
};

/// All input tables of a run, by ir::Program::tables index.
struct Dataset {
  std::vector<TableData> tables;
  std::vector<std::string> files;  // file names rows point into
};

}  // namespace arl::column
