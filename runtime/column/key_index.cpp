#include "runtime/column/key_index.h"

#include <functional>

namespace arl::column {

KeyIndex::KeyIndex(const std::vector<std::string>& keys) : keys_(keys), slots_(16, -1) {
  for (size_t r = 0; r < keys.size(); ++r) Insert(static_cast<std::int32_t>(r));
}

size_t KeyIndex::Slot(std::string_view key) const {
  // Linear probing from the hash: stops at the key's slot or an empty one.
  const size_t mask = slots_.size() - 1;
  size_t i = std::hash<std::string_view>{}(key)&mask;
  while (slots_[i] >= 0 && keys_[static_cast<size_t>(slots_[i])] != key) i = (i + 1) & mask;
  return i;
}

std::int32_t KeyIndex::Find(std::string_view key) const {
  return slots_[Slot(key)];
}

std::int32_t KeyIndex::Insert(std::int32_t row) {
  if (2 * (used_ + 1) > slots_.size()) Grow();
  const size_t i = Slot(keys_[static_cast<size_t>(row)]);
  if (slots_[i] >= 0) return slots_[i];
  slots_[i] = row;
  ++used_;
  return -1;
}

void KeyIndex::Grow() {
  std::vector<std::int32_t> previous(slots_.size() * 2, -1);
  previous.swap(slots_);
  for (std::int32_t row : previous) {
    if (row >= 0) slots_[Slot(keys_[static_cast<size_t>(row)])] = row;
  }
}

}  // namespace arl::column
