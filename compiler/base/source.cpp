#include "compiler/base/source.h"

#include <algorithm>
#include <utility>

#include "compiler/base/utf8.h"

namespace arl::base {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsContinuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

/// Code points in `text[begin, end)`, counted by lead bytes: no decoding, so a
/// stray invalid byte cannot make it overrun.
uint32_t CountCodePoints(std::string_view text, size_t begin, size_t end) {
  uint32_t count = 0;
  for (size_t i = begin; i < end; ++i) {
    if (!IsContinuation(text[i])) ++count;
  }
  return count;
}

}  // namespace

Span Join(Span a, Span b) {
  if (a.file != b.file) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

bool operator==(Span a, Span b) {
  return a.file == b.file && a.begin == b.begin && a.end == b.end;
}
bool operator!=(Span a, Span b) {
  return !(a == b);
}

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i + 1 < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
  }
}

size_t SourceFile::ContentEnd(size_t index) const {
  const size_t start = line_starts_[index];
  size_t end = index + 1 < line_starts_.size() ? line_starts_[index + 1] : text_.size();
  if (end > start && text_[end - 1] == '\n') --end;
  if (end > start && text_[end - 1] == '\r') --end;
  return end;
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const size_t index = line - 1;
  const size_t start = line_starts_[index];
  return std::string_view(text_).substr(start, ContentEnd(index) - start);
}

uint32_t SourceFile::LineStart(uint32_t line) const {
  const size_t index = std::clamp<size_t>(line, 1, line_starts_.size()) - 1;
  return line_starts_[index];
}

LineCol SourceFile::Locate(uint32_t offset) const {
  const size_t clamped = std::min<size_t>(offset, text_.size());
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), clamped);
  const auto index = static_cast<size_t>(after - line_starts_.begin()) - 1;
  size_t stop = std::min(clamped, ContentEnd(index));
  // An offset inside a character gets that character's column.
  while (stop > line_starts_[index] && stop < text_.size() && IsContinuation(text_[stop])) --stop;
  return LineCol{static_cast<uint32_t>(index + 1),
                 1 + CountCodePoints(text_, line_starts_[index], stop)};
}

FileId SourceManager::Add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<FileId>(files_.size());
}

const SourceFile& SourceManager::Get(FileId id) const {
  static const SourceFile kNoSource("", "");
  return Contains(id) ? files_[id - 1] : kNoSource;
}

LoadResult LoadSourceText(std::string path, std::string bytes) {
  LoadResult result;
  result.path = std::move(path);
  if (bytes.size() > kMaxSourceBytes) {
    result.problem = LoadProblem::kTooLarge;
    return result;
  }
  const size_t skip = bytes.compare(0, kUtf8Bom.size(), kUtf8Bom) == 0 ? kUtf8Bom.size() : 0;
  result.had_bom = skip > 0;
  const std::string_view body = std::string_view(bytes).substr(skip);
  if (const auto bad = FirstInvalidUtf8(body)) {
    // The prefix before the bad byte is valid, so line and column are exact.
    const size_t line_start = *bad == 0 ? std::string_view::npos : body.rfind('\n', *bad - 1);
    const size_t column_from = line_start == std::string_view::npos ? 0 : line_start + 1;
    result.problem = LoadProblem::kInvalidUtf8;
    result.bad_offset = skip + *bad;
    result.bad_byte = static_cast<unsigned char>(body[*bad]);
    result.bad_at.line =
        1 + static_cast<uint32_t>(
                std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(*bad), '\n'));
    result.bad_at.column = 1 + CountCodePoints(body, column_from, *bad);
    return result;
  }
  bytes.erase(0, skip);
  result.text = std::move(bytes);
  return result;
}

}  // namespace arl::base
