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

  /// Makes room for `keys` keys in all, so that inserting them never grows
  /// the table again.
  void Reserve(size_t keys);

  /// The row whose key is `key`, or -1.
  std::int32_t Find(std::string_view key) const;
  /// Find with the key's hash from Prefetch.
  std::int32_t Find(std::string_view key, std::uint32_t hash) const;

  /// Adds row `row` of the keys; if an earlier row has the same key, adds
  /// nothing and returns that row, else returns -1.
  std::int32_t Insert(std::int32_t row);
  /// Insert with the key's hash from Prefetch.
  std::int32_t Insert(std::int32_t row, std::uint32_t hash);

  /// The hash of `key`, after asking the CPU to fetch its slot: work done
  /// between this and Insert hides the cache miss of a large table.
  std::uint32_t Prefetch(std::string_view key) const;
  /// The next steps after Prefetch, for a batch of look-ups: each step is
  /// taken for every key of the batch before the next, so that their cache
  /// misses overlap. Asks the CPU to fetch the key held by the slot of
  /// `hash` (the one Find compares first): where it starts and ends, or
  /// with `text`, its text (after the first step).
  void PrefetchKey(std::uint32_t hash, bool text) const;

 private:
  size_t Slot(std::string_view key, std::uint32_t hash) const;
  /// Rehashes into `size` slots (a power of two, more than twice the keys).
  void Resize(size_t size);

  const KeyList& keys_;
  /// A row and its key's hash side by side: a probe reads one cache line.
  struct Entry {
    std::int32_t row = -1;  // -1: an empty slot
    std::uint32_t hash = 0;
  };
  std::vector<Entry> slots_;  // a power of two, at most half full
  size_t used_ = 0;
};

}  // namespace arl::column
