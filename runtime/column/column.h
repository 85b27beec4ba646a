// arl::column — values of one kind, one slot per row, with a state per slot.
//
// Guarantees: a slot is a value, "no value" (an empty cell, distinct from
// zero) or an error (already reported once, where it arose); the vectors of
// the column's kind are as long as the state vector. Numbers are exact
// decimals; there is no floating point in a column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/value/decimal.h"

namespace arl::column {

using ir::ValueKind;

/// What a slot holds.
enum class State : std::uint8_t { kValue, kNone, kError };

/// A column of `kind` values. Bools, enum members and references (row
/// indices in the referenced table) are codes.
struct Column {
  ValueKind kind = ValueKind::kNumber;
  std::vector<State> state;
  std::vector<value::Decimal> numbers;  // kNumber
  std::vector<std::int32_t> codes;      // kBool (0/1), kEnum (member), kRef (row)
  std::vector<std::string> texts;       // kText

  Column() = default;
  /// `rows` slots of `kind`, each in state `initial`.
  Column(ValueKind value_kind, size_t rows, State initial = State::kNone);

  size_t Size() const { return state.size(); }
  bool Has(size_t row) const { return state[row] == State::kValue; }

  void SetNumber(size_t row, value::Decimal v) {
    numbers[row] = v;
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
  /// Adds one slot with no value at the end.
  void Append();
  /// Makes room for `rows` slots without adding any.
  void Reserve(size_t rows);
  /// Copies slot `from_row` of `from` (same kind) into slot `row`.
  void CopyFrom(size_t row, const Column& from, size_t from_row);
};

/// Where an input row came from, for messages: "单位.csv" and the line.
struct RowOrigin {
  std::int32_t file = 0;  // index into Dataset::files
  std::int32_t line = 0;
};

/// The rows of one input table, with every declared column.
struct TableData {
  std::vector<Column> columns;     // by ir::Table::columns index
  std::vector<std::string> keys;   // entity tables: the key text of each row
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
