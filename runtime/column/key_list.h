// arl::column::KeyList — the key texts of an entity table's rows.
//
// A table of a million units has a million keys; held as std::strings they
// cost an object and, past 15 bytes, an allocation each. A KeyList keeps
// them end to end in one buffer with an offset each, and hands out views.
//
// Guarantees: keys are byte-exact and in row order; a view stays valid until
// the next push_back or pop_back.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace arl::column {

class KeyList {
 public:
  KeyList() = default;
  KeyList(std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys) push_back(k);
  }

  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t row) const {
    const size_t begin = row == 0 ? 0 : ends_[row - 1];
    return std::string_view(chars_).substr(begin, ends_[row] - begin);
  }
  std::string_view back() const { return (*this)[size() - 1]; }

  /// Asks the CPU to fetch where key `row` starts and ends, or with `text`,
  /// its text (which needs the first).
  void Prefetch(size_t row, bool text) const {
    if (!text) {
      __builtin_prefetch(&ends_[row]);
      if (row > 0) __builtin_prefetch(&ends_[row - 1]);
      return;
    }
    __builtin_prefetch(chars_.data() + (row == 0 ? 0 : ends_[row - 1]));
  }

  void push_back(std::string_view key) {
    if (chars_.size() + key.size() > chars_.capacity()) Grow(key.size());
    chars_.append(key);
    ends_.push_back(chars_.size());
  }
  void pop_back() {
    ends_.pop_back();
    chars_.resize(ends_.empty() ? 0 : ends_.back());
  }
  /// Room for `rows` keys; their text gets room as the first keys arrive.
  void reserve(size_t rows) { ends_.reserve(rows); }

  /// The keys as strings, for the few places that want a list of names.
  std::vector<std::string> ToStrings() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (size_t r = 0; r < size(); ++r) out.emplace_back((*this)[r]);
    return out;
  }

  bool operator==(const KeyList& other) const {
    return chars_ == other.chars_ && ends_ == other.ends_;
  }
  bool operator!=(const KeyList& other) const { return !(*this == other); }

 private:
  /// Room for `more` bytes of text and, for the keys reserve() said are
  /// still to come, room at the average length so far and a quarter more:
  /// a million keys are then not copied again each time the text doubles.
  /// Room not yet written costs no memory, only addresses.
  void Grow(size_t more) {
    const size_t need = chars_.size() + more;
    const size_t keys = size() + 1;
    const size_t coming = ends_.capacity() > keys ? ends_.capacity() - keys : 0;
    chars_.reserve(std::max(need + need / keys * coming / 4 * 5, 2 * chars_.capacity()));
  }

  std::string chars_;
  std::vector<size_t> ends_;  // where each key ends in chars_
};

}  // namespace arl::column
