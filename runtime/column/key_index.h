// Finding a row by its key text in constant time, for loading references
// and catching repeated keys over a million rows.
//
// Guarantees: an open-addressing table of row numbers and their keys'
// hashes, over the key text the rows already hold, so it costs 8 bytes a
// slot (at most half full) rather than a copy of every key; lookups compare
// the real keys, so a hash collision never confuses two keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column/key_list.h"

namespace arl::column {

class KeyIndex {
 public:
  /// Indexes `keys`, which must outlive the index; rows appended to it later
  /// are added with Insert.
  explicit KeyIndex(const KeyList& keys);

  /// The row whose key is `key`, or -1.
  std::int32_t Find(std::string_view key) const;

  /// Adds row `row` of the keys; if an earlier row has the same key, adds
  /// nothing and returns that row, else returns -1.
  std::int32_t Insert(std::int32_t row);

 private:
  size_t Slot(std::string_view key, std::uint32_t hash) const;
  void Grow();

  const KeyList& keys_;
  std::vector<std::int32_t> slots_;    // row, or -1 for an empty slot
  std::vector<std::uint32_t> hashes_;  // the hash of the slot's key
  size_t used_ = 0;
};

}  // namespace arl::column
