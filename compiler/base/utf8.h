// UTF-8 validation, decoding and terminal display width.
//
// Rule files are Chinese text, so every column the compiler shows a user is
// either a code point count (in `line:col`) or a display width (caret lines,
// aligned tables), never a byte count. This header is where those two
// measures are defined, once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace arl::base {

/// Stand-in for bytes that do not decode, as the Unicode standard recommends.
inline constexpr char32_t kReplacementChar = 0xFFFD;

/// Byte offset of the first byte not part of a well-formed sequence (overlongs,
/// surrogates, values above U+10FFFF and truncated sequences are all rejected).
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

/// Decodes the code point at `offset` and advances past it; an ill-formed
/// byte (or an offset at or past the end) gives U+FFFD and advances by one,
/// so a loop over arbitrary bytes always terminates.
char32_t DecodeAt(std::string_view text, size_t& offset);

/// Appends the UTF-8 encoding of `c` (assumed a scalar value) to `out`.
void AppendUtf8(std::string& out, char32_t c);

/// Number of code points; each ill-formed byte counts as one.
size_t CodePointCount(std::string_view utf8);

/// Columns a terminal gives `c`: 0 for controls and combining or zero-width
/// marks, 2 for East Asian Wide and Fullwidth, 1 otherwise.
int CodePointWidth(char32_t c);

/// Sum of code point widths, except that a tab counts as 1: callers that show
/// tabs expand them first, because only they know the tab width they print.
size_t DisplayWidth(std::string_view utf8);

/// Appends spaces until `utf8` is `width` columns wide; never truncates.
std::string PadRight(std::string_view utf8, size_t width);

}  // namespace arl::base
