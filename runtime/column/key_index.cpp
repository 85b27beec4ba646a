#include "runtime/column/key_index.h"

#include <functional>

namespace arl::column {

namespace {
std::uint32_t Hash(std::string_view key) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(key));
}
}  // namespace

KeyIndex::KeyIndex(const KeyList& keys) : keys_(keys), slots_(16, -1), hashes_(16, 0) {
  for (size_t r = 0; r < keys.size(); ++r) Insert(static_cast<std::int32_t>(r));
}

size_t KeyIndex::Slot(std::string_view key, std::uint32_t hash) const {
  // Linear probing: stops at the key's slot or an empty one. The stored
  // hash is compared first, so other keys are rarely read.
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i] >= 0 && (hashes_[i] != hash || keys_[static_cast<size_t>(slots_[i])] != key))
    i = (i + 1) & mask;
  return i;
}

std::int32_t KeyIndex::Find(std::string_view key) const {
  return slots_[Slot(key, Hash(key))];
}

std::int32_t KeyIndex::Insert(std::int32_t row) {
  if (2 * (used_ + 1) > slots_.size()) Grow();
  const std::string_view key = keys_[static_cast<size_t>(row)];
  const std::uint32_t hash = Hash(key);
  const size_t i = Slot(key, hash);
  if (slots_[i] >= 0) return slots_[i];
  slots_[i] = row;
  hashes_[i] = hash;
  ++used_;
  return -1;
}

void KeyIndex::Grow() {
  std::vector<std::int32_t> previous(slots_.size() * 2, -1);
  std::vector<std::uint32_t> previous_hashes(slots_.size() * 2, 0);
  previous.swap(slots_);
  previous_hashes.swap(hashes_);
  const size_t mask = slots_.size() - 1;
  for (size_t j = 0; j < previous.size(); ++j) {
    if (previous[j] < 0) continue;
    // Keys are distinct: the first empty slot from the hash is the place.
    size_t i = previous_hashes[j] & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = previous[j];
    hashes_[i] = previous_hashes[j];
  }
}

}  // namespace arl::column
