#include "compiler/base/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace arl::base {
namespace {

bool IsContinuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

/// Length of the well-formed sequence at `offset`, or 0 if there is none.
/// Follows table 3-7 of the Unicode standard: narrowing the range of the
/// second byte is what rules out overlongs (E0, F0), surrogates (ED) and
/// values past U+10FFFF (F4) without decoding first.
size_t SequenceLength(std::string_view text, size_t offset) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    low = 0xA0;
  } else if (lead == 0xED) {
    length = 3;
    high = 0x9F;
  } else if (lead >= 0xE1 && lead <= 0xEF) {
    length = 3;
  } else if (lead == 0xF0) {
    length = 4;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    high = 0x8F;
  } else {
    return 0;  // a continuation byte, C0/C1 (always overlong) or F5..FF
  }
  if (text.size() - offset < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!IsContinuation(byte(i))) return 0;
  }
  return length;
}

struct WidthRange {
  char32_t first;
  char32_t last;
  int width;
};

// Code points whose width is not 1, from Unicode's EastAsianWidth.txt (W and
// F) and the nonspacing marks a terminal draws on the previous cell. Blocks
// are merged across unassigned gaps to keep the table short; ambiguous-width
// characters (A) count as 1, as terminals outside CJK locales draw them.
// Several ranges a line, grouped by script, keep the table readable.
// clang-format off
constexpr WidthRange kWidths[] = {
    // Combining marks drawn over the previous character.
    {0x0300, 0x036F, 0}, {0x0483, 0x0489, 0}, {0x0591, 0x05BD, 0},
    {0x0610, 0x061A, 0}, {0x064B, 0x065F, 0}, {0x0670, 0x0670, 0},
    {0x06D6, 0x06DC, 0}, {0x06DF, 0x06E4, 0}, {0x0E31, 0x0E31, 0},
    {0x0E34, 0x0E3A, 0}, {0x0E47, 0x0E4E, 0},
    // Hangul leading jamo are wide; the vowels and finals join them.
    {0x1100, 0x115F, 2}, {0x1160, 0x11FF, 0},
    {0x1AB0, 0x1AFF, 0}, {0x1DC0, 0x1DFF, 0},
    // Zero-width space and joiners, direction marks and bidi controls.
    {0x200B, 0x200F, 0}, {0x202A, 0x202E, 0}, {0x2060, 0x2064, 0},
    {0x2066, 0x2069, 0}, {0x20D0, 0x20FF, 0},
    // Symbols that terminals draw as wide emoji.
    {0x231A, 0x231B, 2}, {0x2329, 0x232A, 2}, {0x23E9, 0x23EC, 2},
    {0x23F0, 0x23F0, 2}, {0x23F3, 0x23F3, 2}, {0x25FD, 0x25FE, 2},
    {0x2614, 0x2615, 2}, {0x2648, 0x2653, 2}, {0x267F, 0x267F, 2},
    {0x2693, 0x2693, 2}, {0x26A1, 0x26A1, 2}, {0x26AA, 0x26AB, 2},
    {0x26BD, 0x26BE, 2}, {0x26C4, 0x26C5, 2}, {0x26CE, 0x26CE, 2},
    {0x26D4, 0x26D4, 2}, {0x26EA, 0x26EA, 2}, {0x26F2, 0x26F3, 2},
    {0x26F5, 0x26F5, 2}, {0x26FA, 0x26FA, 2}, {0x26FD, 0x26FD, 2},
    {0x2705, 0x2705, 2}, {0x270A, 0x270B, 2}, {0x2728, 0x2728, 2},
    {0x274C, 0x274C, 2}, {0x274E, 0x274E, 2}, {0x2753, 0x2755, 2},
    {0x2757, 0x2757, 2}, {0x2795, 0x2797, 2}, {0x27B0, 0x27B0, 2},
    {0x27BF, 0x27BF, 2}, {0x2B1B, 0x2B1C, 2}, {0x2B50, 0x2B50, 2},
    {0x2B55, 0x2B55, 2},
    // CJK radicals, Kangxi, ideographic description, CJK symbols and
    // punctuation (but not the tone marks, nor U+303F, a half-width space).
    {0x2E80, 0x3029, 2}, {0x302A, 0x302D, 0}, {0x302E, 0x303E, 2},
    // Hiragana (less its combining voicing marks), Katakana, Bopomofo,
    // Hangul compatibility jamo, CJK strokes and compatibility, extension A,
    // unified ideographs, Yi.
    {0x3041, 0x3098, 2}, {0x3099, 0x309A, 0}, {0x309B, 0x4DBF, 2},
    {0x4E00, 0xA4CF, 2},
    // Hangul syllables and jamo extensions.
    {0xA960, 0xA97F, 2}, {0xAC00, 0xD7A3, 2}, {0xD7B0, 0xD7FF, 0},
    // CJK compatibility ideographs, variation selectors, vertical and small
    // forms, the zero-width no-break space, fullwidth forms.
    {0xF900, 0xFAFF, 2}, {0xFE00, 0xFE0F, 0}, {0xFE10, 0xFE19, 2},
    {0xFE20, 0xFE2F, 0}, {0xFE30, 0xFE6F, 2}, {0xFEFF, 0xFEFF, 0},
    {0xFF00, 0xFF60, 2}, {0xFFE0, 0xFFE6, 2},
    // Tangut, Khitan, kana supplements.
    {0x16FE0, 0x16FE4, 2}, {0x17000, 0x18CFF, 2}, {0x1B000, 0x1B2FF, 2},
    // Emoji and enclosed ideographic supplement.
    {0x1F004, 0x1F004, 2}, {0x1F0CF, 0x1F0CF, 2}, {0x1F18E, 0x1F18E, 2},
    {0x1F191, 0x1F19A, 2}, {0x1F200, 0x1F202, 2}, {0x1F210, 0x1F23B, 2},
    {0x1F240, 0x1F248, 2}, {0x1F250, 0x1F251, 2}, {0x1F300, 0x1F64F, 2},
    {0x1F680, 0x1F6C5, 2}, {0x1F900, 0x1F9FF, 2}, {0x1FA70, 0x1FAFF, 2},
    // CJK extensions B and later.
    {0x20000, 0x2FFFD, 2}, {0x30000, 0x3FFFD, 2},
    // Tags and variation selectors supplement.
    {0xE0001, 0xE007F, 0}, {0xE0100, 0xE01EF, 0},
};
// clang-format on

constexpr bool SortedAndDisjoint() {
  for (size_t i = 0; i < std::size(kWidths); ++i) {
    if (kWidths[i].first > kWidths[i].last) return false;
    if (i > 0 && kWidths[i - 1].last >= kWidths[i].first) return false;
  }
  return true;
}
static_assert(SortedAndDisjoint(), "binary search in CodePointWidth needs a sorted table");

}  // namespace

std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  size_t offset = 0;
  while (offset < text.size()) {
    // Data files are mostly ASCII digits and commas: skip eight ASCII bytes
    // at a time.
    while (text.size() - offset >= 8) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, text.data() + offset, 8);
      if ((chunk & 0x8080808080808080u) != 0) break;
      offset += 8;
    }
    if (offset >= text.size()) break;
    // Chinese text is mostly three-byte sequences whose lead (E1-EC, EE,
    // EF) allows any continuation byte second: those are taken here, without
    // SequenceLength's narrowing.
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[offset + i]); };
    if (byte(0) >= 0xE1 && byte(0) <= 0xEF && byte(0) != 0xED && text.size() - offset >= 3 &&
        IsContinuation(byte(1)) && IsContinuation(byte(2))) {
      offset += 3;
      continue;
    }
    const size_t length = SequenceLength(text, offset);
    if (length == 0) return offset;
    offset += length;
  }
  return std::nullopt;
}

char32_t DecodeAt(std::string_view text, size_t& offset) {
  if (offset >= text.size()) {
    ++offset;
    return kReplacementChar;
  }
  const size_t length = SequenceLength(text, offset);
  if (length == 0) {
    ++offset;
    return kReplacementChar;
  }
  const auto lead = static_cast<unsigned char>(text[offset]);
  if (length == 1) {
    ++offset;
    return lead;
  }
  // The lead byte keeps 5, 4 or 3 payload bits for lengths 2, 3 and 4.
  auto c = static_cast<char32_t>(lead & (0x7F >> length));
  for (size_t i = 1; i < length; ++i) {
    c = (c << 6) | static_cast<char32_t>(static_cast<unsigned char>(text[offset + i]) & 0x3F);
  }
  offset += length;
  return c;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

size_t CodePointCount(std::string_view utf8) {
  size_t count = 0;
  for (size_t offset = 0; offset < utf8.size(); ++count) DecodeAt(utf8, offset);
  return count;
}

int CodePointWidth(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  const auto* it =
      std::upper_bound(std::begin(kWidths), std::end(kWidths), c,
                       [](char32_t value, const WidthRange& range) { return value < range.first; });
  if (it == std::begin(kWidths)) return 1;
  --it;
  return c <= it->last ? it->width : 1;
}

size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  for (size_t offset = 0; offset < utf8.size();) {
    const char32_t c = DecodeAt(utf8, offset);
    width += c == U'\t' ? 1 : static_cast<size_t>(CodePointWidth(c));
  }
  return width;
}

std::string PadRight(std::string_view utf8, size_t width) {
  std::string padded(utf8);
  const size_t have = DisplayWidth(utf8);
  if (have < width) padded.append(width - have, ' ');
  return padded;
}

}  // namespace arl::base
