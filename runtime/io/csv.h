// Raw CSV reading: the bytes of one file become a header and records of text
// fields, each with its exact position, or precise problems. Values are not
// typed here; a later layer turns fields into numbers, dates and so on.
//
// The dialect is RFC 4180 plus what Excel writes: comma separator, optional
// `"` quoting with `""` for a quote, line ends LF, CRLF or a lone CR, an
// optional UTF-8 BOM, an optional final line end, and completely empty lines
// (Excel writes them at the end) skipped. Blanks (ASCII space, tab and the
// full-width space U+3000) around unquoted fields are trimmed, because users
// type them by accident; inside quotes they are data.
//
// Guarantees:
// - Every byte of the file ends up in a field's text, in a problem, or is
//   syntax (separators, quotes, line ends, the BOM, trimmed blanks). Nothing
//   is dropped silently: rows of the wrong width are kept and reported, and
//   after a stray quote the reader reports it and keeps reading.
// - Positions are exact: `line` is the 1-based physical line (LF, CRLF and a
//   lone CR each end one line, also inside quoted fields) and `column` the
//   1-based count of Unicode code points from the start of that line, so
//   CJK text counts one column per character. A GB18030 file has the same
//   lines and columns as the UTF-8 text it is transcoded to.
// - Every problem names the file and, unless it is about the whole file, the
//   line and column, and explains itself in Chinese (for the policy drafters
//   who use arl) and English.
// - Any input gives an answer: no crash, no exception for bad data, and
//   time linear in the size of the file.
//
// Problems reported, each once where it happens, reading on after it unless
// the file is unreadable: an unterminated quote (at the opening quote; the
// rest of the file becomes that field), text after a closing quote (`"ab"c`,
// kept as `abc`), a quote inside an unquoted field (`ab"c`, kept), a row with
// more or fewer fields than the header (kept), an empty or duplicated header
// name, NUL bytes (kept), and files that are empty, unreadable, too large,
// UTF-16, or neither UTF-8 nor GB18030 (no table).
//
// Encoding: valid UTF-8 is taken as it is. Otherwise the bytes are decoded
// as GB18030 (a superset of GBK, what Excel writes on Chinese Windows) and
// `encoding` says so. Short GBK text can happen to be valid UTF-8 too (the
// bytes E4 B8 AD E6 96 87 are "中文" in UTF-8 and also three GBK characters);
// such a file is read as UTF-8 and shows mojibake rather than an error. Real
// files are almost never ambiguous, and guessing harder would misread UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arl::io {

/// Largest file accepted. Positions are `int`s, and GB18030 text can grow by
/// half when transcoded, so this keeps every offset and count below INT_MAX.
inline constexpr size_t kMaxCsvBytes = size_t{1} << 30;

/// Problems kept before the rest are only counted: one bad quote can make
/// every later row ragged, and past this many nobody reads them.
inline constexpr size_t kMaxCsvProblems = 200;

/// One field as read: its text (quotes removed, "" → ", line breaks inside
/// quotes as "\n", UTF-8) and where it starts.
struct Field {
  std::string text;
  int line = 0;    // 1-based physical line where the field starts
  int column = 0;  // 1-based code point column of its first character: the
                   // opening quote if quoted, else the first character after
                   // the trimmed blanks (for an empty field, the separator or
                   // line end that ends it)
  bool quoted = false;
  /// Set by a reader that found the cell unusable and reported it (the JSON
  /// reader, for an object as a cell, say): it loads as an error slot,
  /// without a second message. The CSV reader never sets it.
  bool invalid = false;
};

/// One row of the file.
struct Record {
  int line = 0;  // line where the record starts (a quoted field may span lines)
  std::vector<Field> fields;
};

/// A record as the streaming readers hand it over, or a view of a kept
/// Record: the same fields, but their texts are views (of a streamed
/// record's, valid until the sink returns) and a field's position is worked
/// out only when asked for. Only a message needs a position, and counting
/// the column of every field, or copying every text into a string of its
/// own, would take the reader of a large file as long as all else it does.
class RecordView {
 public:
  /// Where a parsed field is: for the reader that makes these views.
  struct Span {
    std::uint32_t at = 0;     // its start (Field::column's), in bytes from the record's start
    std::uint32_t begin = 0;  // its text: in the record's bytes, or in the cooked texts
    std::uint32_t size = 0;
    bool cooked = false;  // unquoted by the reader ("" or a line break inside quotes, text
                          // after the closing quote), so not as it is in the file
    bool quoted = false;
  };

  /// A view of `record`, which must outlive it.
  explicit RecordView(const Record& record) : line_(record.line), record_(&record) {}
  /// A parsed record: its bytes as the file has them, from the start of its
  /// first line; the texts the reader unquoted, which cooked spans point
  /// into; and its fields.
  RecordView(int line, std::string_view bytes, const char* cooked, const Span* spans, size_t size)
      : line_(line), bytes_(bytes), cooked_(cooked), spans_(spans), size_(size) {}

  /// The line where the record starts.
  int Line() const { return line_; }
  size_t Size() const { return record_ != nullptr ? record_->fields.size() : size_; }
  std::string_view Text(size_t f) const {
    if (record_ != nullptr) return record_->fields[f].text;
    const Span& s = spans_[f];
    return std::string_view((s.cooked ? cooked_ : bytes_.data()) + s.begin, s.size);
  }
  bool Quoted(size_t f) const {
    return record_ != nullptr ? record_->fields[f].quoted : spans_[f].quoted;
  }
  bool Invalid(size_t f) const { return record_ != nullptr && record_->fields[f].invalid; }
  /// Field `f`'s line and column, as Field has them.
  std::pair<int, int> Position(size_t f) const;
  /// The record, texts copied and positions counted.
  Record ToRecord() const;

 private:
  int line_ = 0;
  const Record* record_ = nullptr;  // a kept record, or null for a parsed one
  std::string_view bytes_;
  const char* cooked_ = nullptr;
  const Span* spans_ = nullptr;
  size_t size_ = 0;
};

/// Something wrong with the file, at `line` and `column`; problems about the
/// whole file (cannot be read, empty, too many problems) have line and
/// column 0. The messages name neither the file nor the position: whoever
/// prints them puts those in front ("单位.csv:3:5: ...").
struct CsvProblem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message_zh;
  std::string message_en;
};

/// A file as read.
struct CsvTable {
  std::string file;  // path as given, for messages
  std::vector<Field> header;
  std::vector<Record> records;  // data rows, in file order
  bool had_bom = false;
  std::string encoding = "UTF-8";  // or "GB18030" when it was transcoded
  /// Line ends after the header: at least the number of records (quoted
  /// line breaks make it more), for a reader to reserve room.
  size_t lines_after_header = 0;
};

/// What reading gave: `table` is set unless a problem makes the file
/// unreadable (cannot be read, empty, too large, UTF-16, bytes in no known
/// encoding). Problems come in file order, those about the whole file first;
/// the count of problems left out (past kMaxCsvProblems), if any, is last.
struct CsvResult {
  std::optional<CsvTable> table;
  std::vector<CsvProblem> problems;
};

/// The bytes of the data file at `path` (CSV or JSON), read no further than
/// just past kMaxCsvBytes (the reader then reports the size), or nullopt
/// with a problem about the whole file saying why it cannot be read.
std::optional<std::string> ReadDataFile(const std::string& path, std::vector<CsvProblem>& problems);

/// Parses CSV bytes already in memory; `file_name` is the file that the table
/// and its problems name.
CsvResult ParseCsv(std::string_view bytes, const std::string& file_name);

/// Bytes the file readers read at a time. A file of plain UTF-8 is read in
/// pieces of this size, after a first pass that checks it (and counts its
/// lines): parsing then needs only the piece and the record it is in, not
/// memory for the whole file. Any other file is read whole. A file read in
/// pieces that is written to in the meantime (its size or modification time
/// changes between the first pass and the end of parsing) gets a problem
/// about the whole file: what was read may not hang together.
inline constexpr size_t kCsvPieceBytes = size_t{1} << 20;

/// Reads the file at `path` and parses it; a file that cannot be read gives
/// a problem, never an exception. Records, positions and problems are those
/// of ParseCsv over the file's bytes, whatever `piece_bytes` (tests set it
/// small to put the ends of pieces everywhere).
CsvResult ReadCsvFile(const std::string& path, size_t piece_bytes = kCsvPieceBytes);

/// Receives each data record in file order. What the view shows is reused
/// for the next one: copy what must outlive the call.
using CsvRecordSink = std::function<void(const RecordView&)>;

/// Receives the table as soon as its header is read (header, had_bom and
/// encoding; no records), before the first record.
using CsvHeaderSink = std::function<void(const CsvTable&)>;

/// As ParseCsv, but hands each record to `on_record` instead of keeping it
/// (and the header first to `on_header`, if given); the table comes back
/// with header, had_bom and encoding but no records.
/// This is the reader for large files: a kept field costs about 50 bytes
/// before its text (1e6 rows of 12 columns: over 600 MB), and filling that
/// much fresh memory takes longer than parsing. Streaming needs only the
/// longest record. Problems are the same as ParseCsv's, all returned at the
/// end; the caller may look at records before it knows about them.
CsvResult StreamCsv(std::string_view bytes, const std::string& file_name,
                    const CsvRecordSink& on_record, const CsvHeaderSink& on_header = {});

/// As ReadCsvFile, streaming as StreamCsv does.
CsvResult StreamCsvFile(const std::string& path, const CsvRecordSink& on_record,
                        const CsvHeaderSink& on_header = {}, size_t piece_bytes = kCsvPieceBytes);

}  // namespace arl::io
