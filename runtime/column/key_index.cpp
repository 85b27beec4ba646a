#include "runtime/column/key_index.h"

#include <functional>

namespace arl::column {

namespace {
std::uint32_t Hash(std::string_view key) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(key));
}
}  // namespace

KeyIndex::KeyIndex(const KeyList& keys) : keys_(keys), slots_(16) {
  for (size_t r = 0; r < keys.size(); ++r) Insert(static_cast<std::int32_t>(r));
}

void KeyIndex::Reserve(size_t keys) {
  size_t size = slots_.size();
  while (size < 2 * keys) size *= 2;
  if (size != slots_.size()) Resize(size);
}

size_t KeyIndex::Slot(std::string_view key, std::uint32_t hash) const {
  // Linear probing: stops at the key's slot or an empty one. The stored
  // hash, next to the row in the same slot, is compared first, so other
  // keys are rarely read.
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].row >= 0 &&
         (slots_[i].hash != hash || keys_[static_cast<size_t>(slots_[i].row)] != key))
    i = (i + 1) & mask;
  return i;
}

std::int32_t KeyIndex::Find(std::string_view key) const {
  return Find(key, Hash(key));
}

std::int32_t KeyIndex::Find(std::string_view key, std::uint32_t hash) const {
  return slots_[Slot(key, hash)].row;
}

std::uint32_t KeyIndex::Prefetch(std::string_view key) const {
  const std::uint32_t hash = Hash(key);
  __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  return hash;
}

void KeyIndex::PrefetchKey(std::uint32_t hash, bool text) const {
  const Entry& e = slots_[hash & (slots_.size() - 1)];
  if (e.row >= 0 && e.hash == hash) keys_.Prefetch(static_cast<size_t>(e.row), text);
}

std::int32_t KeyIndex::Insert(std::int32_t row) {
  return Insert(row, Hash(keys_[static_cast<size_t>(row)]));
}

std::int32_t KeyIndex::Insert(std::int32_t row, std::uint32_t hash) {
  if (2 * (used_ + 1) > slots_.size()) Resize(slots_.size() * 2);
  const std::string_view key = keys_[static_cast<size_t>(row)];
  const size_t i = Slot(key, hash);
  if (slots_[i].row >= 0) return slots_[i].row;
  slots_[i] = Entry{row, hash};
  ++used_;
  return -1;
}

void KeyIndex::Resize(size_t size) {
  std::vector<Entry> previous(size);
  previous.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Entry& e : previous) {
    if (e.row < 0) continue;
    // Keys are distinct: the first empty slot from the hash is the place.
    size_t i = e.hash & mask;
    while (slots_[i].row >= 0) i = (i + 1) & mask;
    slots_[i] = e;
  }
}

}  // namespace arl::column
