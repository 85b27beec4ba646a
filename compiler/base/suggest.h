// "Did you mean" suggestions for misspelt names.
//
// Distances count code points, not bytes: one mistyped Chinese character is
// one edit, not three.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"

namespace arl::base {

/// Most suggestions worth listing; beyond that they stop helping.
inline constexpr size_t kMaxSuggestions = 3;

/// Edit distance between two strings in code points, where swapping two
/// neighbours counts as one edit (optimal string alignment Damerau-Levenshtein).
size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate nearest to `wanted`, if within max(1, len/3) edits (len in
/// code points of `wanted`); ties go to the lexicographically smaller name.
/// A candidate equal to `wanted` is never suggested.
std::optional<std::string> ClosestName(std::string_view wanted,
                                       const std::vector<std::string>& candidates);

/// Up to kMaxSuggestions candidates within the same limit, nearest first,
/// then lexicographic; duplicates in `candidates` appear once.
std::vector<std::string> ClosestNames(std::string_view wanted,
                                      const std::vector<std::string>& candidates);

/// "; 是不是 `x`?" / "; did you mean `x`?" for the ClosestName of `wanted`,
/// to append to a message that names an unknown thing; empty when none is
/// close.
Message DidYouMean(std::string_view wanted, const std::vector<std::string>& candidates);

}  // namespace arl::base
