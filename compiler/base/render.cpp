#include "compiler/base/render.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/base/utf8.h"

namespace arl::base {
namespace {

/// Columns a tab takes in a shown line; the same for the carets below it.
constexpr size_t kTabWidth = 4;
constexpr std::string_view kTabSpaces = "    ";
static_assert(kTabSpaces.size() == kTabWidth);
/// Columns kept left of the span when a long line is cut.
constexpr size_t kContextBeforeSpan = 40;
constexpr std::string_view kEllipsis = "…";
constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

constexpr std::string_view kAnsiReset = "\x1b[0m";
constexpr std::string_view kAnsiBold = "\x1b[1m";
constexpr std::string_view kAnsiBoldRed = "\x1b[1;31m";
constexpr std::string_view kAnsiBoldYellow = "\x1b[1;33m";
constexpr std::string_view kAnsiBoldCyan = "\x1b[1;36m";
constexpr std::string_view kAnsiBlue = "\x1b[34m";

/// Wraps text in an ANSI style, or not at all when color is off.
class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view style, std::string_view text) const {
    if (!color_ || text.empty()) return std::string(text);
    return fmt::format("{}{}{}", style, text, kAnsiReset);
  }

 private:
  bool color_;
};

std::string_view SeverityWord(Severity severity, Lang lang) {
  const bool zh = lang == Lang::kZh;
  switch (severity) {
    case Severity::kError:
      return zh ? "错误" : "error";
    case Severity::kWarning:
      return zh ? "警告" : "warning";
    case Severity::kNote:
      return zh ? "提示" : "note";
  }
  return "error";
}

std::string_view SeverityStyle(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return kAnsiBoldRed;
    case Severity::kWarning:
      return kAnsiBoldYellow;
    case Severity::kNote:
      return kAnsiBoldCyan;
  }
  return kAnsiBold;
}

/// Code points that must not reach the terminal as they are: controls could
/// move the cursor or recolor it, bidi overrides could reorder what the user
/// sees ("trojan source"), and undecodable bytes have no glyph.
bool IsUnsafe(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == kReplacementChar;
}

/// One code point of a source line as it will be printed.
struct Glyph {
  size_t byte;    // offset in the line
  size_t column;  // display column where it starts
  size_t width;
  std::string_view shown;
};

std::vector<Glyph> Layout(std::string_view line) {
  std::vector<Glyph> glyphs;
  size_t column = 0;
  for (size_t offset = 0; offset < line.size();) {
    const size_t begin = offset;
    const char32_t c = DecodeAt(line, offset);
    Glyph glyph{begin, column, static_cast<size_t>(CodePointWidth(c)),
                line.substr(begin, offset - begin)};
    if (c == U'\t') {
      glyph.shown = kTabSpaces;
      glyph.width = kTabWidth;
    } else if (IsUnsafe(c)) {
      glyph.shown = kReplacementUtf8;
      glyph.width = 1;
    }
    column += glyph.width;
    glyphs.push_back(glyph);
  }
  return glyphs;
}

/// A source line ready to print, and where its carets go.
struct Snippet {
  LineCol at;            // where the span starts
  std::string text;      // tabs expanded, unsafe characters replaced, maybe cut
  size_t caret_pad = 0;  // columns before the first caret
  size_t caret_len = 1;
};

Snippet MakeSnippet(const SourceFile& file, Span span) {
  const size_t size = file.Text().size();
  const size_t begin = std::min<size_t>(span.begin, size);
  const size_t end = std::clamp<size_t>(span.end, begin, size);
  Snippet snippet;
  snippet.at = file.Locate(static_cast<uint32_t>(begin));
  std::string_view line = file.Line(snippet.at.line);
  const size_t start = file.LineStart(snippet.at.line);
  // A span past the line's end (its "\n", or the end of the file) points just
  // after the last character; one running onto later lines stops at this one.
  size_t b = std::min(begin - start, line.size());
  size_t e = std::min(end - start, line.size());

  // Of a very long line (a generated file, a 200,000-term sum) only the part
  // around the span's start is laid out: at most 4 bytes a character, so
  // more than a whole shown width stays on each side.
  constexpr size_t kWindowBytes = 4 * kMaxShownLineWidth;
  const auto char_start = [&](size_t at) {
    while (at > 0 && at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) {
      --at;
    }
    return at;
  };
  const size_t from = b > kWindowBytes ? char_start(b - kWindowBytes) : 0;
  const size_t to = line.size() - b > kWindowBytes ? char_start(b + kWindowBytes) : line.size();
  const bool cut_left = from > 0;
  const bool cut_right = to < line.size();
  line = line.substr(from, to - from);
  b -= from;
  e = std::min(e, to) - from;

  const std::vector<Glyph> glyphs = Layout(line);
  const size_t total = glyphs.empty() ? 0 : glyphs.back().column + glyphs.back().width;
  // Display columns [c0, c1) of the span; a byte inside a character takes all of it.
  size_t c0 = total;
  size_t c1 = 0;
  bool found = false;
  for (size_t i = 0; i < glyphs.size(); ++i) {
    const size_t next = i + 1 < glyphs.size() ? glyphs[i + 1].byte : line.size();
    if (!found && b < next) {
      c0 = glyphs[i].column;
      found = true;
    }
    if (glyphs[i].byte < e) c1 = glyphs[i].column + glyphs[i].width;
  }
  c1 = std::max(c1, c0 + 1);  // an empty span still gets one caret

  // Visible columns [w0, w1); "…" marks each side that was cut.
  size_t w0 = 0;
  size_t w1 = total;
  if (total > kMaxShownLineWidth || cut_left || cut_right) {
    w0 = c0 > kContextBeforeSpan ? c0 - kContextBeforeSpan : 0;
    if (w0 == 0) {
      w1 = kMaxShownLineWidth - 1;
    } else if (total - w0 <= kMaxShownLineWidth - 1) {
      w0 = total - (kMaxShownLineWidth - 1);
    } else {
      w1 = w0 + kMaxShownLineWidth - 2;
    }
  }
  size_t first_column = w0;
  bool any = false;
  if (w0 > 0 || cut_left) snippet.text += kEllipsis;
  for (const Glyph& glyph : glyphs) {
    if (glyph.column < w0 || glyph.column + glyph.width > w1) continue;
    if (!any) first_column = glyph.column;
    any = true;
    snippet.text += glyph.shown;
  }
  if (w1 < total || cut_right) snippet.text += kEllipsis;
  snippet.caret_pad = (w0 > 0 || cut_left ? 1 : 0) + (c0 > first_column ? c0 - first_column : 0);
  snippet.caret_len = std::min(c1, std::max(w1, c0 + 1)) - c0;
  return snippet;
}

size_t Digits(uint32_t n) {
  return fmt::formatted_size("{}", n);
}

std::string_view TrimRight(std::string_view text) {
  const size_t last = text.find_last_not_of(' ');
  return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

}  // namespace

std::string Render(const Diagnostic& d, const SourceManager& sources, Lang lang, bool color) {
  const Painter paint(color);
  const bool zh = lang == Lang::kZh;
  const bool has_file = sources.Contains(d.primary.file);
  std::optional<Snippet> primary;
  std::vector<std::optional<Snippet>> secondary;  // nullopt: the label has no file
  size_t gutter = 1;
  if (has_file) {
    primary = MakeSnippet(sources.Get(d.primary.file), d.primary);
    gutter = Digits(primary->at.line);
  }
  for (const Label& label : d.secondary) {
    if (!sources.Contains(label.span.file)) {
      secondary.emplace_back();
      continue;
    }
    secondary.push_back(MakeSnippet(sources.Get(label.span.file), label.span));
    gutter = std::max(gutter, Digits(secondary.back()->at.line));
  }

  const std::string indent(gutter + 1, ' ');
  std::string out;
  const auto location = [&](FileId file, const Snippet& s) {
    return fmt::format("{}:{}:{}", sources.Get(file).Path(), s.at.line, s.at.column);
  };
  const auto blank = [&] { out += indent + paint(kAnsiBlue, "|") + "\n"; };
  const auto source_line = [&](const Snippet& s) {
    out += paint(kAnsiBlue, fmt::format("{:>{}} |", s.at.line, gutter));
    const std::string_view text = TrimRight(s.text);
    if (!text.empty()) out += fmt::format(" {}", text);
    out += "\n";
  };
  const auto carets = [&](const Snippet& s, const Message& label) {
    std::string marks(s.caret_len, '^');
    if (!label.Empty()) marks += " " + label.In(lang);
    out += indent + paint(kAnsiBlue, "|") + " " + std::string(s.caret_pad, ' ') +
           paint(kAnsiBlue, marks) + "\n";
  };
  const auto trailer = [&](std::string_view word, const Message& text) {
    out += indent + paint(kAnsiBlue, "=") + " " + paint(kAnsiBold, fmt::format("{}:", word)) + " " +
           text.In(lang) + "\n";
  };

  std::string head(SeverityWord(d.severity, lang));
  if (!d.code.empty()) head += fmt::format("[{}]", d.code);
  out += has_file ? location(d.primary.file, *primary) + ": " : std::string("arl: ");
  out +=
      paint(SeverityStyle(d.severity), head) + paint(kAnsiBold, ": " + d.message.In(lang)) + "\n";
  if (primary) {
    blank();
    source_line(*primary);
    carets(*primary, d.primary_label);
  }
  for (size_t i = 0; i < d.secondary.size(); ++i) {
    if (!secondary[i]) {
      trailer(zh ? "提示" : "note", d.secondary[i].message);
      continue;
    }
    blank();
    out += std::string(gutter - 1, ' ') + paint(kAnsiBlue, ":::") + " " +
           location(d.secondary[i].span.file, *secondary[i]) + "\n";
    blank();
    source_line(*secondary[i]);
    carets(*secondary[i], d.secondary[i].message);
  }
  if (d.help) trailer(zh ? "帮助" : "help", *d.help);
  return out;
}

std::string RenderAll(const Diagnostics& diags, const SourceManager& sources, Lang lang,
                      bool color) {
  std::string out;
  for (const Diagnostic& d : diags.Sorted()) {
    if (!out.empty()) out += "\n";
    out += Render(d, sources, lang, color);
  }
  const size_t errors = diags.ErrorCount();
  const size_t warnings = diags.WarningCount();
  if (errors + warnings == 0) return out;
  const bool zh = lang == Lang::kZh;
  std::vector<std::string> parts;
  if (errors > 0) {
    parts.push_back(zh ? fmt::format("{} 个错误", errors)
                       : fmt::format("{} error{}", errors, errors == 1 ? "" : "s"));
  }
  if (warnings > 0) {
    parts.push_back(zh ? fmt::format("{} 个警告", warnings)
                       : fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s"));
  }
  const Severity worst = errors > 0 ? Severity::kError : Severity::kWarning;
  if (!out.empty()) out += "\n";
  out += Painter(color)(SeverityStyle(worst), SeverityWord(worst, lang));
  out += fmt::format(": {}\n", fmt::join(parts, ", "));
  return out;
}

}  // namespace arl::base
