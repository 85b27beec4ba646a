// Source files and spans.
//
// Guarantees: every FileId handed out by a SourceManager names a file whose
// text stays put (references and string_views into it remain valid for the
// manager's lifetime), and a Span is plain data that any pass can carry and
// compare. Positions shown to users are 1-based lines and code point columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace arl::base {

/// Index into a SourceManager; 0 means "no file" (command line, environment).
using FileId = uint32_t;

/// The FileId of problems that belong to no file.
inline constexpr FileId kNoFile = 0;

/// Largest source file accepted: spans hold 32-bit offsets, and a rule file
/// this big is surely a data file passed by mistake.
inline constexpr size_t kMaxSourceBytes = size_t{64} << 20;

/// Half-open byte range [begin, end) in one file's text.
struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// Smallest span covering both; `a` unchanged if they lie in different files.
Span Join(Span a, Span b);
/// Spans are equal when file and both offsets are.
bool operator==(Span a, Span b);
/// Negation of operator==.
bool operator!=(Span a, Span b);

/// A position as users see it: both 1-based, column in code points.
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

/// One file's text with its line starts, so locating an offset is a binary
/// search. "\n" and "\r\n" end lines; a lone "\r" does not. A final line end
/// does not open another line: "a\n" has one line, the empty text has one.
class SourceFile {
 public:
  /// `text` must be shorter than 4 GiB (see kMaxSourceBytes).
  SourceFile(std::string path, std::string text);

  /// The path as given, used verbatim in `path:line:col`.
  const std::string& Path() const { return path_; }
  /// The text as the compiler sees it (BOM already stripped).
  const std::string& Text() const { return text_; }
  /// Number of lines, at least 1.
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }
  /// Line `line` (1-based) without its "\n" or "\r\n"; empty if out of range.
  std::string_view Line(uint32_t line) const;
  /// Byte offset where line `line` starts; clamped to the first or last line.
  uint32_t LineStart(uint32_t line) const;
  /// Line and code point column of `offset`. Offsets inside a line end, and
  /// the end of the text, map to just after the last character of that line,
  /// so "unexpected end of file" points after the last visible character.
  LineCol Locate(uint32_t offset) const;

 private:
  /// End of the 0-based line `index`, excluding its "\n" or "\r\n".
  size_t ContentEnd(size_t index) const;

  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

/// Owns every file of a compilation and hands out their ids.
class SourceManager {
 public:
  /// Adds a file and returns its id; ids start at 1 since 0 is kNoFile.
  FileId Add(std::string path, std::string text);
  /// The file `id`; kNoFile or an unknown id gives an empty file with an
  /// empty path, so a stray span can never crash a renderer.
  const SourceFile& Get(FileId id) const;
  /// Whether `id` was returned by Add.
  bool Contains(FileId id) const { return id != kNoFile && id <= files_.size(); }

 private:
  std::deque<SourceFile> files_;  // a deque, so Get's references stay valid across Add
};

/// Why LoadSourceText refused a file.
enum class LoadProblem { kNone, kInvalidUtf8, kTooLarge };

/// Raw file bytes turned into compiler text, or the reason they could not be.
struct LoadResult {
  LoadProblem problem = LoadProblem::kNone;
  std::string path;
  std::string text;            // without BOM; empty unless Ok()
  bool had_bom = false;        // a UTF-8 BOM was stripped
  size_t bad_offset = 0;       // kInvalidUtf8: offset of the bad byte in the bytes as read
  LineCol bad_at;              // kInvalidUtf8: where that byte is, as an editor shows it
  unsigned char bad_byte = 0;  // kInvalidUtf8: the byte itself, for "0xC0" in the message

  /// Whether `text` is usable.
  bool Ok() const { return problem == LoadProblem::kNone; }
};

/// Strips a UTF-8 BOM and checks the rest is UTF-8 and small enough. CRLF is
/// kept: spans then match the file byte for byte, and SourceFile treats
/// "\r\n" as one line end anyway.
LoadResult LoadSourceText(std::string path, std::string bytes);

}  // namespace arl::base
