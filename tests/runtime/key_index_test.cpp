#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runtime/column/key_index.h"

namespace arl::column {
namespace {

TEST_CASE("key list: keys end to end, byte-exact, in row order", "[key_index]") {
  KeyList keys{"区财政局", "", "a,b\n\"c\""};
  keys.push_back("区统计局");
  REQUIRE(keys.size() == 4);
  CHECK(keys[0] == "区财政局");
  CHECK(keys[1].empty());
  CHECK(keys[2] == "a,b\n\"c\"");
  CHECK(keys.back() == "区统计局");
  keys.pop_back();
  keys.push_back("区教育局");
  CHECK(keys[3] == "区教育局");
  CHECK(keys == KeyList{"区财政局", "", "a,b\n\"c\"", "区教育局"});
  CHECK(keys != KeyList{"区财政局", "", "a,b\n\"c\"", "区教育"});
  CHECK(keys.ToStrings() == std::vector<std::string>{"区财政局", "", "a,b\n\"c\"", "区教育局"});
}

TEST_CASE("key list: room reserved for fewer or more keys than come changes no key",
          "[key_index]") {
  // The text's room is estimated from the first keys and the rows reserved;
  // keys longer than the first, and more of them than reserved, still fit.
  for (const size_t reserved : {size_t{0}, size_t{10}, size_t{5000}, size_t{100000}}) {
    INFO(reserved);
    KeyList keys;
    keys.reserve(reserved);
    std::vector<std::string> want;
    for (size_t i = 0; i < 5000; ++i) {
      want.push_back(std::string(1 + i % 40, static_cast<char>('a' + i % 26)) + std::to_string(i));
      keys.push_back(want.back());
      if (i % 7 == 6) {  // a row taken back out, as a repeated key is
        keys.pop_back();
        want.pop_back();
      }
    }
    REQUIRE(keys.size() == want.size());
    size_t wrong = 0;
    for (size_t r = 0; r < want.size(); ++r) {
      if (keys[r] != want[r]) ++wrong;
    }
    CHECK(wrong == 0);
  }
}

TEST_CASE("key index: finds every key, refuses a repeat, grows", "[key_index]") {
  KeyList keys;
  KeyIndex index(keys);
  CHECK(index.Find("甲") == -1);
  for (int i = 0; i < 10'000; ++i) {
    keys.push_back("单位" + std::to_string(i));
    REQUIRE(index.Insert(static_cast<std::int32_t>(keys.size() - 1)) == -1);
  }
  for (int i = 0; i < 10'000; ++i) CHECK(index.Find("单位" + std::to_string(i)) == i);
  CHECK(index.Find("单位10000") == -1);
  CHECK(index.Find("") == -1);
  // A repeat names the earlier row and is not added.
  keys.push_back("单位42");
  CHECK(index.Insert(static_cast<std::int32_t>(keys.size() - 1)) == 42);
  keys.pop_back();
  CHECK(index.Find("单位42") == 42);
}

TEST_CASE("key index: room made up front changes nothing it finds", "[key_index]") {
  KeyList keys{"甲", "乙"};
  KeyIndex index(keys);
  index.Reserve(1000);
  CHECK(index.Find("甲") == 0);
  CHECK(index.Find("乙") == 1);
  for (int i = 0; i < 1000; ++i) {
    keys.push_back("单位" + std::to_string(i));
    REQUIRE(index.Insert(static_cast<std::int32_t>(keys.size() - 1)) == -1);
  }
  index.Reserve(10);  // never shrinks
  CHECK(index.Find("单位999") == 1001);
  CHECK(index.Find("甲") == 0);
}

TEST_CASE("key index: indexes the keys it is given", "[key_index]") {
  const KeyList keys{"区财政局", "区统计局", "", "区教育局"};
  const KeyIndex index(keys);
  CHECK(index.Find("区统计局") == 1);
  CHECK(index.Find("") == 2);
  CHECK(index.Find("区教育局") == 3);
  CHECK(index.Find("区林业局") == -1);
}

}  // namespace
}  // namespace arl::column
