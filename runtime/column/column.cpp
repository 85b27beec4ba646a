#include "runtime/column/column.h"

#include <type_traits>

namespace arl::column {

Column::Column(ValueKind value_kind, size_t rows, State initial)
    : kind(value_kind), state(rows, initial) {
  ForValues([rows](auto& values) { values.resize(rows); });
}

void Column::PopBack() {
  state.pop_back();
  ForValues([](auto& values) { values.pop_back(); });
}

void Column::Reserve(size_t rows) {
  state.reserve(rows);
  ForValues([rows](auto& values) { values.reserve(rows); });
}

std::vector<std::pair<const void*, size_t>> Column::Unused() const {
  std::vector<std::pair<const void*, size_t>> out;
  const auto add = [&out](const auto& v) {
    using T = typename std::decay_t<decltype(v)>::value_type;
    out.emplace_back(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(T));
  };
  add(state);
  ForValues(add);
  return out;
}

void Column::CopyFrom(size_t row, const Column& from, size_t from_row) {
  if (from.state[from_row] != State::kValue) {
    state[row] = from.state[from_row];
    return;
  }
  switch (kind) {
    case ValueKind::kNumber:
      if (!wide_ && !from.wide_) {
        narrow_[row] = from.narrow_[from_row];  // a raw count that fits, as it is
        state[row] = State::kValue;
      } else {
        SetNumber(row, from.Number(from_row));
      }
      break;
    case ValueKind::kText:
      SetText(row, from.texts[from_row]);
      break;
    case ValueKind::kBool:
    case ValueKind::kEnum:
    case ValueKind::kRef:
      SetCode(row, from.codes[from_row]);
      break;
  }
}

void Column::Widen() {
  wide_numbers_.reserve(narrow_.capacity());
  for (std::int64_t raw : narrow_) wide_numbers_.push_back(value::Decimal::FromRaw(raw));
  wide_ = true;
  std::vector<std::int64_t>().swap(narrow_);
}

}  // namespace arl::column
