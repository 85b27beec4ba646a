#include "compiler/base/suggest.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "compiler/base/utf8.h"

namespace arl::base {
namespace {

std::u32string Decode(std::string_view text) {
  std::u32string decoded;
  for (size_t offset = 0; offset < text.size();) decoded.push_back(DecodeAt(text, offset));
  return decoded;
}

size_t Distance(const std::u32string& a, const std::u32string& b) {
  // Three rows suffice: the transposition step looks back two rows.
  std::vector<size_t> before(b.size() + 1);
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  return Distance(Decode(a), Decode(b));
}

std::vector<std::string> ClosestNames(std::string_view wanted,
                                      const std::vector<std::string>& candidates) {
  const std::u32string target = Decode(wanted);
  const size_t limit = std::max<size_t>(1, target.size() / 3);
  std::vector<std::pair<size_t, std::string_view>> near;
  for (const std::string& candidate : candidates) {
    if (candidate == wanted) continue;
    const std::u32string decoded = Decode(candidate);
    // The length difference is a lower bound on the distance; checking it
    // first keeps a long candidate list cheap.
    const size_t gap = decoded.size() > target.size() ? decoded.size() - target.size()
                                                      : target.size() - decoded.size();
    if (gap > limit) continue;
    const size_t distance = Distance(target, decoded);
    if (distance <= limit) near.emplace_back(distance, candidate);
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  std::vector<std::string> names;
  for (size_t i = 0; i < near.size() && i < kMaxSuggestions; ++i)
    names.emplace_back(near[i].second);
  return names;
}

std::optional<std::string> ClosestName(std::string_view wanted,
                                       const std::vector<std::string>& candidates) {
  std::vector<std::string> names = ClosestNames(wanted, candidates);
  if (names.empty()) return std::nullopt;
  return std::move(names.front());
}

Message DidYouMean(std::string_view wanted, const std::vector<std::string>& candidates) {
  const std::optional<std::string> near = ClosestName(wanted, candidates);
  if (!near) return {};
  return Message{fmt::format("; 是不是 `{}`?", *near), fmt::format("; did you mean `{}`?", *near)};
}

}  // namespace arl::base
