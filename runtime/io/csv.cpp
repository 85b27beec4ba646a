#include "runtime/io/csv.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "compiler/base/utf8.h"
#include "runtime/io/aside_thread.h"

namespace arl::io {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
/// U+3000 IDEOGRAPHIC SPACE, what a Chinese input method types for a space.
constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";
constexpr std::string_view kSaveAsHintZh = "请在 Excel 中另存为 'CSV UTF-8'";
constexpr std::string_view kSaveAsHintEn = "save it from Excel as 'CSV UTF-8'";

bool IsContinuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

unsigned char ByteAt(std::string_view text, size_t offset) {
  return static_cast<unsigned char>(text[offset]);
}

/// Code points in [begin, end) of valid UTF-8: the bytes that are not
/// continuation bytes (10xxxxxx), counted eight at a time since columns are
/// counted for every field.
size_t CountCodePoints(std::string_view text, size_t begin, size_t end) {
  size_t continuations = 0;
  size_t i = begin;
  for (; end - i >= 8; i += 8) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, text.data() + i, 8);
    // Bit 7 of a byte set and bit 6 (shifted up to bit 7) clear marks a
    // continuation; the multiply adds up the eight 0-or-1 bytes into the top one.
    const uint64_t marks = (chunk & ~(chunk << 1) & 0x8080808080808080u) >> 7;
    continuations += static_cast<size_t>((marks * 0x0101010101010101u) >> 56);
  }
  for (; i < end; ++i) continuations += IsContinuation(ByteAt(text, i)) ? 1u : 0u;
  return end - begin - continuations;
}

/// Decodes GB18030 into `out`; false if any byte sequence is not GB18030.
bool TranscodeGb18030(std::string_view in, std::string& out) {
  iconv_t converter = iconv_open("UTF-8", "GB18030");
  if (converter == reinterpret_cast<iconv_t>(-1)) return false;
  // GB18030 needs 1, 2 or 4 bytes a character and UTF-8 at most 1.5 times
  // as many, so this rarely grows; it still can, safely, below.
  out.resize(in.size() + in.size() / 2 + 16);
  // glibc's iconv takes `char**` for its input but does not write through it.
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(converter, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<size_t>(-1)) {
      continue;
    }
    if (errno != E2BIG) {  // EILSEQ (bad sequence) or EINVAL (cut off at the end)
      ok = false;
      break;
    }
    const size_t used = static_cast<size_t>(out_ptr - out.data());
    out.resize(out.size() * 2);
    out_ptr = out.data() + used;
    out_left = out.size() - used;
  }
  iconv_close(converter);
  if (!ok) return false;
  out.resize(static_cast<size_t>(out_ptr - out.data()));
  return true;
}

/// 1-based line and code point column of `offset` in `text`, counting line
/// ends as the parser does. `text` before `offset` must be valid UTF-8.
std::pair<int, int> PositionOf(std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    const char c = text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, 1 + static_cast<int>(CountCodePoints(text, line_start, offset))};
}

/// Spreadsheet column name of the 0-based field `index`: A, B, ..., Z, AA, ...
/// Drafters find columns by these letters in Excel, not by counting.
std::string ExcelColumn(size_t index) {
  std::string name;
  size_t n = index + 1;
  while (n > 0) {
    --n;
    name.insert(name.begin(), static_cast<char>('A' + n % 26));
    n /= 26;
  }
  return name;
}

/// "0x81".
std::string HexByte(unsigned char byte) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

/// Collects problems, keeping the first kMaxCsvProblems and counting the rest.
class Problems {
 public:
  Problems(const std::string& file, std::vector<CsvProblem>& out) : file_(file), out_(out) {}

  /// A problem at a position.
  void At(int line, int column, std::string zh, std::string en) {
    Add(line, column, std::move(zh), std::move(en));
  }
  /// A problem about the whole file.
  void File(std::string zh, std::string en) { Add(0, 0, std::move(zh), std::move(en)); }

  /// The problems so far, to go back to (a record read again drops those it
  /// reported the first time).
  struct Mark {
    size_t kept = 0;
    size_t dropped = 0;
  };
  Mark MarkHere() const { return Mark{out_.size(), dropped_}; }
  void Restore(const Mark& mark) {
    out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(mark.kept), out_.end());
    dropped_ = mark.dropped;
  }

  /// Sorts into file order and adds the count of problems left out, if any.
  void Finish() {
    std::stable_sort(out_.begin(), out_.end(), [](const CsvProblem& a, const CsvProblem& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    if (dropped_ == 0) return;
    const std::string count = std::to_string(dropped_);
    out_.push_back(CsvProblem{file_, 0, 0, "另外还有 " + count + " 个问题没有列出",
                              count + " more problems not shown"});
  }

 private:
  void Add(int line, int column, std::string zh, std::string en) {
    if (out_.size() >= kMaxCsvProblems) {
      ++dropped_;
      return;
    }
    out_.push_back(CsvProblem{file_, line, column, std::move(zh), std::move(en)});
  }

  const std::string& file_;
  std::vector<CsvProblem>& out_;
  size_t dropped_ = 0;
};

/// Counts line ends as the parser does (LF, CRLF and a lone CR are one
/// each) over text that comes in pieces.
class LineEndCounter {
 public:
  void Add(std::string_view piece) {
    if (piece.empty()) return;
    if (cr_pending_ && piece[0] != '\n') ++count_;  // a lone CR ended the last piece
    count_ += static_cast<size_t>(std::count(piece.begin(), piece.end(), '\n'));
    for (size_t cr = piece.find('\r'); cr != std::string_view::npos;
         cr = piece.find('\r', cr + 1)) {
      if (cr + 1 < piece.size() && piece[cr + 1] != '\n') ++count_;
    }
    cr_pending_ = piece.back() == '\r';
  }
  size_t Total() const { return count_ + (cr_pending_ ? 1 : 0); }

 private:
  size_t count_ = 0;
  bool cr_pending_ = false;
};

/// pread that goes on after an interruption and until `size` bytes or the
/// end of the file; the bytes read, or -1 with errno set.
ssize_t ReadAt(int fd, char* out, size_t size, off_t offset) {
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, out + got, size - got, offset + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

/// A file read a piece at a time into one buffer, which the parser moves
/// along: only the record being read and the piece after it are in memory,
/// never the whole file (a large file read whole costs its size in fresh
/// memory, and filling that takes about as long as parsing it).
class PieceReader {
 public:
  /// Reads the file open as `fd` from byte `from` on, `piece` bytes at a time.
  PieceReader(int fd, off_t from, size_t piece) : fd_(fd), offset_(from), piece_(piece) {
    ReadOn(0);
  }

  /// The bytes read and not yet dropped.
  std::string_view Text() const { return std::string_view(buffer_.data(), size_); }
  /// Whether Text() reaches the end of the file.
  bool Exhausted() const { return exhausted_; }
  /// The error that stopped reading early, or 0.
  int Error() const { return error_; }

  /// Drops the first `used` bytes of Text() and reads on, at least a piece
  /// (the buffer grows when what is kept fills most of it, so that a record
  /// longer than a piece is read again only a few times). At the end of the
  /// file, or after a read error, Exhausted() is true.
  void ReadOn(size_t used) {
    if (exhausted_) return;
    std::memmove(buffer_.data(), buffer_.data() + used, size_ - used);
    size_ -= used;
    if (buffer_.size() - size_ < piece_ || size_ > buffer_.size() / 2) {
      buffer_.resize(std::max(buffer_.size() * 2, size_ + piece_));
    }
    const ssize_t n = ReadAt(fd_, buffer_.data() + size_, buffer_.size() - size_, offset_);
    if (n < 0) {
      error_ = errno != 0 ? errno : EIO;
      exhausted_ = true;
      return;
    }
    exhausted_ = static_cast<size_t>(n) < buffer_.size() - size_;  // ReadAt stopped at the end
    size_ += static_cast<size_t>(n);
    offset_ += n;
  }

 private:
  int fd_;
  off_t offset_;
  size_t piece_;
  std::string buffer_;
  size_t size_ = 0;
  bool exhausted_ = false;
  int error_ = 0;
};

/// Positions in a parsed record's bytes, asked for front to back: each byte
/// is looked at once however many positions are asked for. Line ends before
/// a field's start are inside quoted fields: LF, CRLF and a lone CR are one
/// each, as the parser counts them.
class PositionWalker {
 public:
  PositionWalker(std::string_view bytes, int line) : bytes_(bytes), line_(line) {}

  /// Line and column of byte `at`, at or after the last one asked for.
  std::pair<int, int> At(size_t at) {
    for (; scanned_ < at; ++scanned_) {
      const char c = bytes_[scanned_];
      if (c != '\n' && c != '\r') continue;
      if (c == '\r' && scanned_ + 1 < bytes_.size() && bytes_[scanned_ + 1] == '\n') ++scanned_;
      ++line_;
      counted_ = scanned_ + 1;
      column_ = 1;
    }
    column_ += static_cast<int>(CountCodePoints(bytes_, counted_, at));
    counted_ = at;
    return {line_, column_};
  }

 private:
  std::string_view bytes_;
  int line_;
  size_t scanned_ = 0;  // bytes looked at for line ends
  size_t counted_ = 0;  // column_ is the column of this byte
  int column_ = 1;
};

/// Bits of kStops: the bytes that end a run of plain text in an unquoted
/// field (comma, quote, line end) and in a quoted one (quote, line end).
constexpr unsigned char kStopUnquoted = 1;
constexpr unsigned char kStopQuoted = 2;

/// kStopUnquoted and kStopQuoted bits for each byte value, so the scanning
/// loop does one load a byte whichever set it stops at.
struct StopTable {
  unsigned char bits[256] = {};
  constexpr StopTable() {
    bits[static_cast<unsigned char>(',')] = kStopUnquoted;
    bits[static_cast<unsigned char>('"')] = kStopUnquoted | kStopQuoted;
    bits[static_cast<unsigned char>('\r')] = kStopUnquoted | kStopQuoted;
    bits[static_cast<unsigned char>('\n')] = kStopUnquoted | kStopQuoted;
  }
};
constexpr StopTable kStops;

/// Records as the parser leaves them: the bytes of each record as the file
/// has them, one after the other, with a RecordView::Span per field, and the
/// texts it had to unquote. Cleared and filled again, it keeps its memory.
class ParsedRecords {
 public:
  using Span = RecordView::Span;

  size_t Size() const { return records_.size(); }
  RecordView View(size_t r) const {
    const Entry& e = records_[r];
    return RecordView(e.line, std::string_view(bytes_).substr(e.bytes_begin, e.bytes_size),
                      cooked_.data(), spans_.data() + e.first_span, e.spans);
  }
  void Clear() {
    records_.clear();
    spans_.clear();
    bytes_.clear();
    cooked_.clear();
  }

  // For the parser, record by record: the spans of its fields, the texts
  // they unquote, then the record itself.
  Span& AddSpan() { return spans_.emplace_back(); }
  std::string& Cooked() { return cooked_; }
  void AddRecord(int line, std::string_view bytes, size_t fields) {
    records_.push_back(
        Entry{line, Offset(bytes_.size()), Offset(bytes.size()), spans_.size() - fields, fields});
    bytes_.append(bytes.data(), bytes.size());
  }

  /// What is here, to go back to (a record read again drops what it left).
  struct Mark {
    size_t records, spans, bytes, cooked;
  };
  Mark MarkHere() const {
    return Mark{records_.size(), spans_.size(), bytes_.size(), cooked_.size()};
  }
  void Restore(const Mark& mark) {
    records_.resize(mark.records);
    spans_.resize(mark.spans);
    bytes_.resize(mark.bytes);
    cooked_.resize(mark.cooked);
  }

  /// An offset in a file of at most kMaxCsvBytes: it fits a Span's 32 bits.
  static std::uint32_t Offset(size_t offset) { return static_cast<std::uint32_t>(offset); }

 private:
  static_assert(kMaxCsvBytes + kMaxCsvBytes / 2 < (size_t{1} << 32),
                "offsets into a file (transcoded GB18030 grows by half) fit 32 bits");
  struct Entry {
    int line;
    std::uint32_t bytes_begin, bytes_size;
    size_t first_span, spans;
  };
  std::vector<Entry> records_;
  std::vector<Span> spans_;
  std::string bytes_;
  std::string cooked_;
};

/// The CSV grammar over text known to be valid UTF-8. One pass, front to
/// back; positions are tracked as it goes so that each byte is looked at a
/// bounded number of times, whatever the shape of the file.
class Parser {
 public:
  /// A parser of `text`, all of the file, or with `more`, of the file read a
  /// piece at a time (`text` is then ignored).
  Parser(std::string_view text, Problems& problems, PieceReader* more = nullptr)
      : text_(more != nullptr ? more->Text() : text), problems_(problems), more_(more) {}

  /// Reads the header, the file's first record; false if it has none.
  bool ReadHeader(std::vector<Field>& header) {
    ParsedRecords first;
    if (!Next(first, 0, nullptr)) return false;
    header = first.View(0).ToRecord().fields;
    CheckHeader(header);
    expected_ = header.size();
    return true;
  }

  /// Line ends read so far (including those of empty lines skipped).
  size_t LineEndsRead() const { return static_cast<size_t>(line_ - 1); }

  /// Reads the next record, after those in `records`; false at the end of
  /// the file.
  bool NextRecord(ParsedRecords& records) {
    RecordEnd end;
    if (!Next(records, expected_, &end)) return false;
    // After an unterminated quote the row is cut short by the end of the
    // file; saying so again as a ragged row would only add noise.
    const RecordView record = records.View(records.Size() - 1);
    if (end.complete && record.Size() != expected_) ReportWidth(record, expected_, end);
    return true;
  }

 private:
  /// How a record ended.
  struct RecordEnd {
    bool complete = true;  // false: cut off by an unterminated quote
    int line = 0;          // where its last field ends, if it has fewer fields
    int column = 0;        // than `expected` (only then: it costs a count)
  };

  /// Skips empty lines and reads the record after them into `records`;
  /// false at the end of the file. Reading a file in pieces, a record that
  /// runs into the end of the piece may go on in the next: it is then read
  /// again, with its problems, once more of the file is in.
  bool Next(ParsedRecords& records, size_t expected, RecordEnd* end) {
    for (;;) {
      SkipEmptyLines();
      if (AtEnd()) {
        if (Exhausted()) return false;
        ReadOn();
        continue;
      }
      const Mark mark = MarkHere();
      const ParsedRecords::Mark parsed = records.MarkHere();
      const RecordEnd ended = ParseRecord(records, expected);
      if (AtEnd() && !Exhausted()) {
        Restore(mark);
        records.Restore(parsed);
        ReadOn();
        continue;
      }
      if (end != nullptr) *end = ended;
      return true;
    }
  }

  /// The parser's place, to come back to.
  struct Mark {
    size_t pos, line_start, column_offset;
    int line, column;
    Problems::Mark problems;
  };
  Mark MarkHere() const {
    return Mark{pos_, line_start_, column_offset_, line_, column_, problems_.MarkHere()};
  }
  void Restore(const Mark& mark) {
    pos_ = mark.pos;
    line_start_ = mark.line_start;
    column_offset_ = mark.column_offset;
    line_ = mark.line;
    column_ = mark.column;
    problems_.Restore(mark.problems);
  }

  /// Whether the text holds the rest of the file.
  bool Exhausted() const { return more_ == nullptr || more_->Exhausted(); }

  /// Drops the text before the current line and reads on in the file.
  /// Nothing before the current line is looked at again (columns are
  /// counted from the line's start), and offsets move with the text.
  void ReadOn() {
    const size_t used = line_start_;  // at most pos_ and column_offset_
    more_->ReadOn(used);
    text_ = more_->Text();
    pos_ -= used;
    line_start_ -= used;
    column_offset_ -= used;
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  unsigned char Byte(size_t offset) const { return ByteAt(text_, offset); }

  /// Marks `next` as the start of a new physical line.
  void NewLine(size_t next) {
    ++line_;
    line_start_ = next;
    column_offset_ = next;
    column_ = 1;
  }

  /// Code point column of `offset`, which must be on the current line. Moving
  /// forward costs only the bytes passed, so a line with a million fields is
  /// still read in linear time.
  int ColumnAt(size_t offset) {
    if (offset < column_offset_) {  // only for positions behind the last asked
      column_offset_ = line_start_;
      column_ = 1;
    }
    column_ += static_cast<int>(CountCodePoints(text_, column_offset_, offset));
    column_offset_ = offset;
    return column_;
  }

  /// First offset from `from` on whose byte is in the `stop` set, or the end.
  /// The inner loop of the reader: locals only, so it stays in registers.
  size_t Scan(size_t from, unsigned char stop) const {
    const auto* data = reinterpret_cast<const unsigned char*>(text_.data());
    const size_t size = text_.size();
    while (from < size && (kStops.bits[data[from]] & stop) == 0) ++from;
    return from;
  }

  /// Length of the blank (space, tab, U+3000) at `offset`, or 0.
  size_t BlankAt(size_t offset) const {
    if (offset >= text_.size()) return 0;
    const char c = text_[offset];
    if (c == ' ' || c == '\t') return 1;
    // Test the lead byte first: this runs for every field.
    if (c == kFullWidthSpace[0] && text_.substr(offset, 3) == kFullWidthSpace) return 3;
    return 0;
  }

  /// Where the blanks that end [begin, end) start.
  size_t TrimBack(size_t begin, size_t end) const {
    while (end > begin) {
      const char c = text_[end - 1];
      if (c == ' ' || c == '\t') {
        --end;
      } else if (c == kFullWidthSpace[2] && end - begin >= 3 &&
                 text_.substr(end - 3, 3) == kFullWidthSpace) {
        end -= 3;
      } else {
        break;
      }
    }
    return end;
  }

  void SkipBlanks() {
    for (size_t n = BlankAt(pos_); n > 0; n = BlankAt(pos_)) pos_ += n;
  }

  /// Consumes a line end (LF, CRLF or lone CR) at pos_.
  void SkipLineEnd() {
    const char c = text_[pos_++];
    if (c == '\r' && !AtEnd() && text_[pos_] == '\n') ++pos_;
    NewLine(pos_);
  }

  void SkipEmptyLines() {
    while (!AtEnd() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      // A CR that ends the text read so far may be the first half of a CRLF:
      // left for Next to read again with what follows.
      if (text_[pos_] == '\r' && pos_ + 1 == text_.size() && !Exhausted()) return;
      SkipLineEnd();
    }
  }

  /// Reads one record into `records`, consuming its line end.
  RecordEnd ParseRecord(ParsedRecords& records, size_t expected) {
    const size_t start = pos_;
    const int line = line_;
    RecordEnd end;
    size_t count = 0;
    for (;;) {
      ++count;
      if (!ParseField(records, start, records.AddSpan())) {
        end.complete = false;
        break;
      }
      if (AtEnd() || text_[pos_] != ',') break;
      ++pos_;
    }
    records.AddRecord(line, text_.substr(start, pos_ - start), count);
    if (!end.complete) return end;
    if (count < expected) {
      end.line = line_;
      end.column = ColumnAt(pos_);
    }
    if (!AtEnd()) SkipLineEnd();  // ParseField stops only at a comma, a line end or the end
    return end;
  }

  /// Reads one field of the record that starts at `start` into `span`,
  /// leaving pos_ at the comma or line end after it, or at the end. False if
  /// it is a quoted field that is never closed.
  bool ParseField(ParsedRecords& records, size_t start, RecordView::Span& span) {
    SkipBlanks();
    span.at = ParsedRecords::Offset(pos_ - start);
    span.cooked = false;
    span.quoted = !AtEnd() && text_[pos_] == '"';
    if (span.quoted) return ParseQuoted(records, start, span);
    ParseUnquoted(start, span);
    return true;
  }

  void ParseUnquoted(size_t start, RecordView::Span& span) {
    const size_t begin = pos_;
    bool reported = false;
    for (;;) {
      pos_ = Scan(pos_, kStopUnquoted);
      if (AtEnd() || text_[pos_] != '"') break;
      // A quote inside an unquoted field is kept as data, as Excel does, but
      // it is usually a mistake: report the first one of the field.
      if (!reported) {
        reported = true;
        problems_.At(line_, ColumnAt(pos_),
                     "没有用引号括起来的字段中间出现了引号 (\"); 如果引号是内容, "
                     "请把整个字段用引号括起来, 并把其中的引号写两遍 (\"\")",
                     "quote (\") inside an unquoted field; if the quote is part of the value, "
                     "put the whole field in quotes and double the quote (\"\")");
      }
      ++pos_;
    }
    span.begin = ParsedRecords::Offset(begin - start);
    span.size = ParsedRecords::Offset(TrimBack(begin, pos_) - begin);
  }

  /// A quoted field's text is its bytes between the quotes, viewed where
  /// they are, until something in it must be unquoted: from there on it is
  /// built in the cooked texts.
  bool ParseQuoted(ParsedRecords& records, size_t start, RecordView::Span& span) {
    const int open_line = line_;
    const int open_column = ColumnAt(pos_);
    std::string& cooked = records.Cooked();
    ++pos_;
    const size_t content = pos_;
    size_t segment = pos_;  // start of text not yet in `cooked` (once the span is cooked)
    // Moves the text before `end` into `cooked`, starting the cooked text if need be.
    const auto cook = [&](size_t end) {
      if (!span.cooked) {
        span.cooked = true;
        span.begin = ParsedRecords::Offset(cooked.size());
      }
      cooked.append(text_.data() + segment, end - segment);
      segment = end;
    };
    // The text ends at `end` (the closing quote, or the end of the file).
    const auto finish = [&](size_t end) {
      if (span.cooked) {
        cook(end);
        span.size = ParsedRecords::Offset(cooked.size() - span.begin);
      } else {
        span.begin = ParsedRecords::Offset(content - start);
        span.size = ParsedRecords::Offset(end - content);
      }
    };
    for (;;) {
      pos_ = Scan(pos_, kStopQuoted);
      if (AtEnd()) {
        finish(pos_);
        problems_.At(open_line, open_column, "引号没有闭合; 从这个引号到文件末尾都被读成了一个字段",
                     "unterminated quoted field; everything from this quote to the end of the "
                     "file was read as one field");
        return false;
      }
      const char c = text_[pos_];
      if (c == '\n') {  // data; stays in the segment
        ++pos_;
        NewLine(pos_);
      } else if (c == '\r') {  // CRLF and lone CR both become "\n"
        cook(pos_);
        cooked.push_back('\n');
        SkipLineEnd();
        segment = pos_;
      } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {  // "" is one quote
        cook(pos_ + 1);
        pos_ += 2;
        segment = pos_;
      } else {  // the closing quote
        break;
      }
    }
    const size_t close = pos_;
    ++pos_;
    const size_t after_quote = pos_;
    SkipBlanks();
    if (AtEnd() || text_[pos_] == ',' || text_[pos_] == '\n' || text_[pos_] == '\r') {
      finish(close);
      return true;
    }
    const size_t length = CharLength(pos_);
    const std::string shown(text_.substr(pos_, length));
    problems_.At(
        line_, ColumnAt(pos_),
        "右引号后面多了字符 '" + shown + "'; 用引号括起来的字段在右引号后应直接是逗号或换行",
        "unexpected '" + shown +
            "' after the closing quote; a quoted field must be followed by a comma or a line end");
    // Keep what follows as data, so that nothing is lost, up to the end of
    // the field; quotes there are taken literally.
    size_t stop = pos_;
    while (stop < text_.size() && text_[stop] != ',' && text_[stop] != '\n' &&
           text_[stop] != '\r') {
      ++stop;
    }
    cook(close);
    segment = after_quote;
    finish(stop);
    pos_ = stop;
    return true;
  }

  /// Length in bytes of the UTF-8 character at `offset`.
  size_t CharLength(size_t offset) const {
    size_t end = offset + 1;
    while (end < text_.size() && IsContinuation(Byte(end))) ++end;
    return end - offset;
  }

  void CheckHeader(const std::vector<Field>& header) {
    std::unordered_map<std::string_view, size_t> first_of;
    first_of.reserve(header.size());
    for (size_t i = 0; i < header.size(); ++i) {
      const Field& field = header[i];
      const std::string number = std::to_string(i + 1);
      const std::string letter = ExcelColumn(i);
      if (field.text.empty()) {
        problems_.At(field.line, field.column,
                     "表头第 " + number + " 个字段 (Excel 的 " + letter + " 列) 没有列名",
                     "header field " + number + " (Excel column " + letter + ") has no name");
        continue;
      }
      const auto [it, inserted] = first_of.emplace(field.text, i);
      if (inserted) continue;
      const std::string first_number = std::to_string(it->second + 1);
      const std::string first_letter = ExcelColumn(it->second);
      problems_.At(
          field.line, field.column,
          "表头第 " + number + " 个字段 (Excel 的 " + letter + " 列) 的列名 \"" + field.text +
              "\" 与第 " + first_number + " 个字段 (Excel 的 " + first_letter + " 列) 重复",
          "header field " + number + " (Excel column " + letter + ") repeats the name \"" +
              field.text + "\" of field " + first_number + " (Excel column " + first_letter + ")");
    }
  }

  /// Reports a row whose number of fields differs from the header's: at the
  /// first extra field, or where the row ends too early.
  void ReportWidth(const RecordView& record, size_t expected, const RecordEnd& end) {
    const bool too_many = record.Size() > expected;
    const auto [line, column] =
        too_many ? record.Position(expected) : std::pair<int, int>(end.line, end.column);
    const std::string actual_text = std::to_string(record.Size());
    const std::string expected_text = std::to_string(expected);
    problems_.At(line, column,
                 "这一行有 " + actual_text + " 个字段, 但表头有 " + expected_text + " 个",
                 "this row has " + actual_text + " fields but the header has " + expected_text);
  }

  std::string_view text_;
  Problems& problems_;
  PieceReader* more_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  size_t column_offset_ = 0;  // cache: column_ is the column of column_offset_
  int column_ = 1;
  size_t expected_ = 0;  // fields in the header
};

/// Texts of at least this many bytes are checked for UTF-8 on two threads.
constexpr size_t kSplitCheckBytes = size_t{1} << 22;

/// base::FirstInvalidUtf8, the second half of a large text checked on a
/// second thread. The halves meet at a byte that is not a continuation byte
/// (after at most three of them), so a valid character is never cut in two
/// and the first invalid byte found is the one a single pass finds.
std::optional<size_t> FirstInvalidUtf8OnTwoThreads(std::string_view text) {
  if (text.size() < kSplitCheckBytes) return base::FirstInvalidUtf8(text);
  size_t mid = text.size() / 2;
  for (int i = 0; i < 3 && IsContinuation(ByteAt(text, mid)); ++i) ++mid;
  std::optional<size_t> second;
  std::thread check([&] { second = base::FirstInvalidUtf8(text.substr(mid)); });
  const std::optional<size_t> first = base::FirstInvalidUtf8(text.substr(0, mid));
  check.join();
  if (first) return first;
  if (second) return mid + *second;
  return std::nullopt;
}

/// Files with at least this many lines are parsed on a second thread.
constexpr size_t kParseAsideLines = 1 << 14;

/// Hands every record of `parser` to `on_record`, in order, while a second
/// thread parses the records that follow: on a large file the caller's work
/// on a record (typing its cells) and parsing the next ones take turns on two
/// cores instead of one. Records travel in batches (ParsedRecords) that are
/// reused, keeping the memory they had.
void ParseAside(Parser& parser, const CsvRecordSink& on_record) {
  constexpr size_t kBatchRecords = 1024;
  constexpr size_t kBatches = 4;  // being parsed, waiting, being read, spare
  std::vector<ParsedRecords> batches(kBatches);
  std::deque<ParsedRecords*> parsed, free;  // guarded by the mutex, with `done`
  bool done = false;                        // the parser is at the end of the file
  for (ParsedRecords& b : batches) free.push_back(&b);
  // Stopped and joined however this function is left (on_record may throw).
  AsideThread aside;
  std::mutex& mutex = aside.mutex;
  std::condition_variable& changed = aside.changed;
  aside.Start([&] {
    for (bool more = true; more;) {
      ParsedRecords* b = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return !free.empty() || aside.stop; });
        if (aside.stop) return;
        b = free.front();
        free.pop_front();
      }
      b->Clear();
      while (b->Size() < kBatchRecords && (more = parser.NextRecord(*b))) {
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        parsed.push_back(b);
        done = !more;
      }
      changed.notify_all();
    }
  });

  for (;;) {
    ParsedRecords* b = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return !parsed.empty() || done; });
      if (parsed.empty()) return;
      b = parsed.front();
      parsed.pop_front();
    }
    for (size_t i = 0; i < b->Size(); ++i) on_record(b->View(i));
    {
      std::lock_guard<std::mutex> lock(mutex);
      free.push_back(b);
    }
    changed.notify_all();
  }
}

/// Reads the header of `parser`, then its records into `table` or each to
/// `on_record`; false, with the problem, if the file has no header.
/// `line_ends` is the file's count (LineEndCounter), for reserving room.
bool ParseTable(Parser& parser, size_t line_ends, CsvTable& table, Problems& problems,
                const CsvHeaderSink* on_header, const CsvRecordSink* on_record) {
  if (!parser.ReadHeader(table.header)) {
    problems.File("文件是空的, 没有表头行", "the file is empty: there is no header row");
    return false;
  }
  // The file may have changed since it was counted, but not by much.
  const size_t read = parser.LineEndsRead();
  table.lines_after_header = line_ends > read ? line_ends - read : 0;
  if (on_header != nullptr && *on_header) (*on_header)(table);
  if (on_record != nullptr && table.lines_after_header >= kParseAsideLines) {
    ParseAside(parser, *on_record);  // the problems it reports are read after it joins
  } else {
    ParsedRecords one;
    if (on_record == nullptr) table.records.reserve(table.lines_after_header);
    while (parser.NextRecord(one)) {
      if (on_record != nullptr) {
        (*on_record)(one.View(0));
      } else {
        table.records.push_back(one.View(0).ToRecord());
      }
      one.Clear();
    }
  }
  return true;
}

/// ParseCsv, or StreamCsv if `on_record` is set.
CsvResult Read(std::string_view bytes, const std::string& file_name, const CsvHeaderSink* on_header,
               const CsvRecordSink* on_record) {
  CsvResult result;
  Problems problems(file_name, result.problems);
  CsvTable table;
  table.file = file_name;
  if (bytes.size() > kMaxCsvBytes) {
    const std::string mib = std::to_string(kMaxCsvBytes >> 20);
    problems.File("文件太大 (超过 " + mib + " MiB), 无法读取",
                  "the file is too large to read (over " + mib + " MiB)");
    problems.Finish();
    return result;
  }
  // Excel's "Unicode text" is UTF-16 with a byte order mark; say so rather
  // than report its bytes as neither UTF-8 nor GB18030.
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    problems.File("文件是 UTF-16 编码; " + std::string(kSaveAsHintZh),
                  "the file is UTF-16 encoded; " + std::string(kSaveAsHintEn));
    problems.Finish();
    return result;
  }
  std::string_view text = bytes;
  if (text.substr(0, 3) == kUtf8Bom) {
    text.remove_prefix(3);
    table.had_bom = true;
  }
  std::string transcoded;
  if (const auto bad = FirstInvalidUtf8OnTwoThreads(text)) {
    if (!TranscodeGb18030(text, transcoded)) {
      const auto [line, column] = PositionOf(text, *bad);
      problems.At(line, column,
                  "无法识别的字节 " + HexByte(ByteAt(text, *bad)) +
                      "; 文件不是 UTF-8 编码 (也不是 GBK/GB18030); " + std::string(kSaveAsHintZh),
                  "invalid byte " + HexByte(ByteAt(text, *bad)) +
                      ": the file is not UTF-8 (nor GBK/GB18030); " + std::string(kSaveAsHintEn));
      problems.Finish();
      return result;
    }
    text = transcoded;
    table.encoding = "GB18030";
    // GB18030 has its own encoding of U+FEFF (84 31 95 33).
    if (text.substr(0, 3) == kUtf8Bom) {
      text.remove_prefix(3);
      table.had_bom = true;
    }
  }
  // NUL is valid UTF-8 but no spreadsheet writes it: the file is binary, or
  // UTF-16 without a byte order mark. Reported once, and kept as data.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const auto [line, column] = PositionOf(text, nul);
    const std::string count = std::to_string(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(nul), text.end(), '\0'));
    problems.At(line, column,
                "文件中有 " + count +
                    " 个 NUL 字节 (值为 0 的字节); 文件可能不是文本, 或是 UTF-16 编码; " +
                    std::string(kSaveAsHintZh),
                "the file contains " + count +
                    " NUL bytes (bytes of value 0); it may not be text, or be UTF-16 encoded; " +
                    std::string(kSaveAsHintEn));
  }
  Parser parser(text, problems);
  LineEndCounter line_ends;
  line_ends.Add(text);
  if (ParseTable(parser, line_ends.Total(), table, problems, on_header, on_record)) {
    result.table = std::move(table);
  }
  problems.Finish();
  return result;
}

/// Length of `text` without the UTF-8 sequence its end cuts short, if any.
size_t WholeCharacters(std::string_view text) {
  if (text.empty()) return 0;
  size_t lead = text.size() - 1;
  while (lead > 0 && text.size() - lead < 4 && IsContinuation(ByteAt(text, lead))) --lead;
  const unsigned char byte = ByteAt(text, lead);
  const size_t length = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
  return lead + length > text.size() ? lead : text.size();
}

/// The problem, in Chinese and English, of a file that reading failed on
/// with `error` (an errno value).
std::pair<std::string, std::string> CannotRead(int error) {
  std::string zh;
  switch (error) {
    case ENOENT:
      zh = "文件不存在";
      break;
    case EACCES:
      zh = "没有读取这个文件的权限";
      break;
    case EISDIR:
      zh = "这是一个文件夹, 不是文件";
      break;
    default:
      zh = "读取失败";
      break;
  }
  return {"无法读取这个文件: " + zh,
          "cannot read the file: " + std::generic_category().message(error)};
}

/// What a first pass over a file found, reading it a piece at a time.
struct Survey {
  bool plain = false;  // UTF-8 throughout (a BOM allowed), no NUL, not too large
  off_t bom = 0;       // bytes of the BOM
  size_t line_ends = 0;
  struct stat status {};  // the file as the pass began
};

/// Whether the file is not as it was when `before` was taken: another size,
/// or written to since (a write sets the modification time).
bool Changed(const struct stat& before, const struct stat& now) {
  return before.st_size != now.st_size || before.st_mtim.tv_sec != now.st_mtim.tv_sec ||
         before.st_mtim.tv_nsec != now.st_mtim.tv_nsec;
}

/// Whether bytes [begin, end) of the file open as `fd` are UTF-8 without
/// NUL (`begin` must start a character for them to be), counting their line
/// ends into `line_ends`.
bool SurveyRange(int fd, off_t begin, off_t end, size_t piece, LineEndCounter& line_ends) {
  std::string buffer(piece + 3, '\0');
  size_t carry = 0;  // bytes of a character that the end of the last piece cut
  for (off_t offset = begin;;) {
    const size_t want = std::min(piece, static_cast<size_t>(end - offset));
    const ssize_t n = ReadAt(fd, buffer.data() + carry, want, offset);
    if (n < 0) return false;
    offset += n;
    const std::string_view text(buffer.data(), carry + static_cast<size_t>(n));
    const std::string_view fresh = text.substr(carry);
    if (fresh.find('\0') != std::string_view::npos) return false;
    line_ends.Add(fresh);
    const bool last = static_cast<size_t>(n) < want || offset >= end;
    const size_t whole = last ? text.size() : WholeCharacters(text);
    if (base::FirstInvalidUtf8(text.substr(0, whole))) return false;
    if (last) return true;
    carry = text.size() - whole;
    std::memmove(buffer.data(), buffer.data() + whole, carry);
  }
}

/// The first pass over the file open as `fd`, deciding whether it can be
/// read in pieces. A file that cannot (it is not plain UTF-8, or cannot be
/// read at all) is read whole, where its problems are found and reported.
/// From kSplitCheckBytes, the two halves are surveyed on two threads.
Survey SurveyFile(int fd, size_t piece) {
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) ||
      static_cast<uintmax_t>(status.st_size) > kMaxCsvBytes) {
    return Survey{};
  }
  Survey survey;
  survey.status = status;
  char start[3] = {};
  const ssize_t got = ReadAt(fd, start, sizeof start, 0);
  if (got < 0) return Survey{};
  const std::string_view head(start, static_cast<size_t>(got));
  if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF") return Survey{};
  if (head == kUtf8Bom) survey.bom = 3;
  const off_t size = status.st_size;
  LineEndCounter line_ends;
  if (static_cast<size_t>(size - survey.bom) < kSplitCheckBytes) {
    if (!SurveyRange(fd, survey.bom, size, piece, line_ends)) return Survey{};
    survey.plain = true;
    survey.line_ends = line_ends.Total();
    return survey;
  }
  // The halves meet at a byte that is not a continuation byte (after at
  // most three of them): in a file of UTF-8, the start of a character.
  off_t mid = survey.bom + (size - survey.bom) / 2;
  char around[5] = {};  // the byte before mid and the four from it
  if (ReadAt(fd, around, sizeof around, mid - 1) != sizeof around) return Survey{};
  int moved = 0;
  while (moved < 3 && IsContinuation(static_cast<unsigned char>(around[1 + moved]))) ++moved;
  mid += moved;
  LineEndCounter second_ends;
  bool second = false;
  std::thread check([&] { second = SurveyRange(fd, mid, size, piece, second_ends); });
  const bool first = SurveyRange(fd, survey.bom, mid, piece, line_ends);
  check.join();
  if (!first || !second) return Survey{};
  survey.plain = true;
  survey.line_ends = line_ends.Total() + second_ends.Total();
  // A CRLF cut in two is one line end, not a lone CR and a LF.
  if (moved == 0 && around[0] == '\r' && around[1] == '\n') --survey.line_ends;
  return survey;
}

/// Read, for a file that SurveyFile found plain: parsed a piece at a time.
CsvResult ReadInPieces(int fd, const Survey& survey, const std::string& file_name, size_t piece,
                       const CsvHeaderSink* on_header, const CsvRecordSink* on_record) {
  CsvResult result;
  Problems problems(file_name, result.problems);
  CsvTable table;
  table.file = file_name;
  table.had_bom = survey.bom > 0;
  PieceReader reader(fd, survey.bom, piece);
  Parser parser({}, problems, &reader);
  if (ParseTable(parser, survey.line_ends, table, problems, on_header, on_record)) {
    result.table = std::move(table);
  }
  if (reader.Error() != 0) {  // after the survey read it whole: hardly ever
    result.table.reset();
    auto [zh, en] = CannotRead(reader.Error());
    problems.File(std::move(zh), std::move(en));
  }
  // The first pass vouched for the bytes it read; a file written to since
  // may hold others, or records that do not hang together.
  struct stat now {};
  if (reader.Error() == 0 && ::fstat(fd, &now) == 0 && Changed(survey.status, now)) {
    problems.File("文件在读取的过程中被改动了, 读到的内容可能前后不一; 请等文件写完后再运行",
                  "the file changed while it was being read, so what was read may not hang "
                  "together; run again once it is written");
  }
  problems.Finish();
  return result;
}

/// ReadCsvFile, or StreamCsvFile if `on_record` is set.
CsvResult ReadFile(const std::string& path, const CsvHeaderSink* on_header,
                   const CsvRecordSink* on_record, size_t piece) {
  piece = std::max<size_t>(piece, 1);
  if (const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    struct Close {
      int fd;
      ~Close() { ::close(fd); }
    } close{fd};
    if (const Survey survey = SurveyFile(fd, piece); survey.plain) {
      return ReadInPieces(fd, survey, path, piece, on_header, on_record);
    }
  }
  CsvResult result;
  const std::optional<std::string> bytes = ReadDataFile(path, result.problems);
  return bytes ? Read(*bytes, path, on_header, on_record) : result;
}

}  // namespace

std::pair<int, int> RecordView::Position(size_t f) const {
  if (record_ != nullptr) return {record_->fields[f].line, record_->fields[f].column};
  return PositionWalker(bytes_, line_).At(spans_[f].at);
}

Record RecordView::ToRecord() const {
  if (record_ != nullptr) return *record_;
  Record out;
  out.line = line_;
  out.fields.resize(size_);
  PositionWalker walker(bytes_, line_);
  for (size_t f = 0; f < size_; ++f) {
    Field& field = out.fields[f];
    field.text = Text(f);
    std::tie(field.line, field.column) = walker.At(spans_[f].at);
    field.quoted = spans_[f].quoted;
  }
  return out;
}

std::optional<std::string> ReadDataFile(const std::string& path,
                                        std::vector<CsvProblem>& problems) {
  const auto fail = [&](int error) -> std::optional<std::string> {
    auto [zh, en] = CannotRead(error);
    problems.push_back(CsvProblem{path, 0, 0, std::move(zh), std::move(en)});
    return std::nullopt;
  };
  errno = 0;
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (stream == nullptr) return fail(errno != 0 ? errno : EIO);
  std::string bytes;
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  if (!size_error && size <= kMaxCsvBytes) bytes.reserve(static_cast<size_t>(size));
  char buffer[1 << 16];
  for (;;) {
    const size_t got = std::fread(buffer, 1, sizeof buffer, stream);
    bytes.append(buffer, got);
    // Past the limit the reader reports the size; no need to read the rest.
    if (got < sizeof buffer || bytes.size() > kMaxCsvBytes) break;
  }
  const bool read_error = std::ferror(stream) != 0;
  const int error = errno;
  std::fclose(stream);
  if (read_error) return fail(error != 0 ? error : EIO);
  return bytes;
}

CsvResult ParseCsv(std::string_view bytes, const std::string& file_name) {
  return Read(bytes, file_name, nullptr, nullptr);
}

CsvResult StreamCsv(std::string_view bytes, const std::string& file_name,
                    const CsvRecordSink& on_record, const CsvHeaderSink& on_header) {
  return Read(bytes, file_name, &on_header, &on_record);
}

CsvResult ReadCsvFile(const std::string& path, size_t piece_bytes) {
  return ReadFile(path, nullptr, nullptr, piece_bytes);
}

CsvResult StreamCsvFile(const std::string& path, const CsvRecordSink& on_record,
                        const CsvHeaderSink& on_header, size_t piece_bytes) {
  return ReadFile(path, &on_header, &on_record, piece_bytes);
}

}  // namespace arl::io
