#include "runtime/column/column.h"

namespace arl::column {

Column::Column(ValueKind value_kind, size_t rows, State initial)
    : kind(value_kind), state(rows, initial) {
  switch (kind) {
    case ValueKind::kNumber:
      numbers.resize(rows);
      break;
    case ValueKind::kText:
      texts.resize(rows);
      break;
    case ValueKind::kBool:
    case ValueKind::kEnum:
    case ValueKind::kRef:
      codes.resize(rows);
      break;
  }
}

void Column::Append() {
  state.push_back(State::kNone);
  switch (kind) {
    case ValueKind::kNumber:
      numbers.emplace_back();
      break;
    case ValueKind::kText:
      texts.emplace_back();
      break;
    case ValueKind::kBool:
    case ValueKind::kEnum:
    case ValueKind::kRef:
      codes.push_back(0);
      break;
  }
}

void Column::Reserve(size_t rows) {
  state.reserve(rows);
  switch (kind) {
    case ValueKind::kNumber:
      numbers.reserve(rows);
      break;
    case ValueKind::kText:
      texts.reserve(rows);
      break;
    case ValueKind::kBool:
    case ValueKind::kEnum:
    case ValueKind::kRef:
      codes.reserve(rows);
      break;
  }
}

void Column::CopyFrom(size_t row, const Column& from, size_t from_row) {
  state[row] = from.state[from_row];
  if (from.state[from_row] != State::kValue) return;
  switch (kind) {
    case ValueKind::kNumber:
      numbers[row] = from.numbers[from_row];
      break;
    case ValueKind::kText:
      texts[row] = from.texts[from_row];
      break;
    case ValueKind::kBool:
    case ValueKind::kEnum:
    case ValueKind::kRef:
      codes[row] = from.codes[from_row];
      break;
  }
}

}  // namespace arl::column
