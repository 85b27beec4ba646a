// Reading a JSON document of tables into CsvTables, and loading them.

#include "runtime/io/json_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

// RapidJSON asserts only on its own invariants, never on input; keep its
// assert() (a bug in RapidJSON should stop the program, not corrupt data).
#include <rapidjson/error/error.h>
#include <rapidjson/reader.h>

#include "compiler/base/suggest.h"
#include "compiler/base/utf8.h"

namespace arl::io {
namespace {

using base::Message;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// What a JSON value is, for messages ("这里是数组").
enum class Kind { kObject, kArray, kString, kNumber, kBool, kNull };

std::string KindZh(Kind kind) {
  switch (kind) {
    case Kind::kObject:
      return "对象 {…}";
    case Kind::kArray:
      return "数组 […]";
    case Kind::kString:
      return "字符串";
    case Kind::kNumber:
      return "数";
    case Kind::kBool:
      return "true/false";
    case Kind::kNull:
      return "null";
  }
  return "";
}

std::string KindEn(Kind kind) {
  switch (kind) {
    case Kind::kObject:
      return "an object {…}";
    case Kind::kArray:
      return "an array […]";
    case Kind::kString:
      return "a string";
    case Kind::kNumber:
      return "a number";
    case Kind::kBool:
      return "true/false";
    case Kind::kNull:
      return "null";
  }
  return "";
}

/// "0x81".
std::string HexByte(unsigned char byte) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

/// The document's bytes as RapidJSON reads them. It has no StreamTraits
/// specialisation, so the reader works on this object itself rather than on
/// a local copy, and Tell() is current inside every handler call: that is
/// how values get their positions.
class ByteStream {
 public:
  using Ch = char;
  explicit ByteStream(std::string_view text) : text_(text) {}
  Ch Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  Ch Take() { return pos_ < text_.size() ? text_[pos_++] : '\0'; }
  size_t Tell() const { return pos_; }
  // Writing is for in-situ parsing, which is not used; the reader's template
  // code still names these.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

/// Line and code point column of byte offsets asked for in (mostly)
/// increasing order, in time linear in the text overall. Line ends are
/// counted as the CSV reader counts them: LF, CRLF and a lone CR.
class Locator {
 public:
  explicit Locator(std::string_view text) : text_(text) {}

  std::pair<int, int> At(size_t offset) {
    if (offset < pos_) {  // not expected; correct anyway
      pos_ = 0;
      line_ = 1;
      column_ = 1;
    }
    offset = std::min(offset, text_.size());
    for (; pos_ < offset; ++pos_) {
      const char c = text_[pos_];
      if (c == '\n' || (c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n'))) {
        ++line_;
        column_ = 1;
      } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;  // a byte that starts a code point
      }
    }
    return {line_, column_};
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

/// Offset of the opening quote of the string whose closing quote is at
/// `close` (or, for a string never closed, of the last string opened before
/// `close`): the nearest `"` before it not escaped by an odd run of `\`.
/// Quotes and backslashes never occur inside a multi-byte UTF-8 sequence.
size_t OpeningQuote(std::string_view text, size_t close) {
  size_t i = close;
  while (i > 0) {
    --i;
    if (text[i] != '"') continue;
    size_t backslashes = 0;
    while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return close;
}

Message SyntaxMessage(rapidjson::ParseErrorCode code) {
  using namespace rapidjson;
  switch (code) {
    case kParseErrorDocumentEmpty:  // blank files are caught before: the first token is wrong
      return {"文档应以 `{` 开始", "the document must start with `{`"};
    case kParseErrorDocumentRootNotSingular:
      return {"文档在这里应该结束 (顶层只能有一个对象), 但后面还有内容",
              "the document should end here (the top level is one object), but more follows"};
    case kParseErrorValueInvalid:
      return {"这里应是一个值: 字符串 (双引号)、数、true、false、null、对象或数组",
              "a value was expected here: a string (in double quotes), a number, true, false, "
              "null, an object or an array"};
    case kParseErrorObjectMissName:
      return {"这里应是用双引号括起的名称", "a member name in double quotes was expected here"};
    case kParseErrorObjectMissColon:
      return {"名称后面缺少冒号 `:`", "a colon `:` is missing after the member name"};
    case kParseErrorObjectMissCommaOrCurlyBracket:
      return {"这里应是逗号 `,` 或右花括号 `}`", "a comma `,` or `}` was expected here"};
    case kParseErrorArrayMissCommaOrSquareBracket:
      return {"这里应是逗号 `,` 或右方括号 `]`", "a comma `,` or `]` was expected here"};
    case kParseErrorStringUnicodeEscapeInvalidHex:
      return {"`\\u` 后面应是四位十六进制数", "`\\u` must be followed by four hex digits"};
    case kParseErrorStringUnicodeSurrogateInvalid:
      return {"`\\u` 转义的代理对不完整或无效",
              "the `\\u` surrogate pair is incomplete or invalid"};
    case kParseErrorStringEscapeInvalid:
      return {"无效的转义, 或字符串中有控制字符 (换行、制表符要写成 \\n、\\t)",
              "an invalid escape, or a control character inside a string (write a line break "
              "as \\n, a tab as \\t)"};
    case kParseErrorStringMissQuotationMark:
      return {"字符串从这里开始, 但没有结尾的双引号",
              "the string starting here has no closing double quote"};
    case kParseErrorStringInvalidEncoding:
      return {"字符串的编码无效", "invalid encoding in a string"};
    case kParseErrorNumberTooBig:
      return {"数太大了", "the number is too large"};
    case kParseErrorNumberMissFraction:
      return {"小数点后面缺少数字", "digits are missing after the decimal point"};
    case kParseErrorNumberMissExponent:
      return {"指数部分缺少数字", "digits are missing in the exponent"};
    default:
      return {"无法解析", "cannot be parsed"};
  }
}

/// A hint for the mistakes people make writing JSON by hand, from the bytes
/// around the error.
Message SyntaxHint(std::string_view text, size_t offset) {
  if (offset < text.size() && text[offset] == '\'')
    return {"; JSON 的字符串要用双引号 \", 不能用单引号",
            "; JSON strings take double quotes \", not single quotes"};
  if (offset < text.size() && text[offset] == '/')
    return {"; JSON 中不能写注释", "; JSON has no comments"};
  if (offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    size_t i = offset;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' ||
                     text[i - 1] == '\r')) {
      --i;
    }
    if (i > 0 && text[i - 1] == ',')
      return {"; 最后一项后面不能有逗号", "; there must be no comma after the last item"};
  }
  return {"", ""};
}

/// Collects the reader's own problems, keeping the first kMaxCsvProblems.
class Problems {
 public:
  Problems(const std::string& file, std::vector<DataProblem>& out) : file_(file), out_(out) {}

  void At(std::pair<int, int> where, Message message, bool warning = false) {
    if (out_.size() >= kMaxCsvProblems) {
      ++left_out_;
      return;
    }
    DataProblem p;
    p.warning = warning;
    p.file = file_;
    p.line = where.first;
    p.column = where.second;
    p.message = std::move(message);
    out_.push_back(std::move(p));
  }
  void File(Message message) { At({0, 0}, std::move(message)); }
  void Finish() {
    if (left_out_ == 0) return;
    DataProblem p;
    p.file = file_;
    p.message = Message{fmt::format("还有 {} 个问题没有列出", left_out_),
                        fmt::format("{} more problems are not listed", left_out_)};
    out_.push_back(std::move(p));
  }

 private:
  const std::string& file_;
  std::vector<DataProblem>& out_;
  size_t left_out_ = 0;
};

/// A table as it is being read.
struct TableBuild {
  bool present = false;
  bool not_array = false;                   // its value was not an array: reported, not loaded
  std::pair<int, int> name_at;              // the member name, for "appears twice"
  std::pair<int, int> array_at;             // the `[`
  CsvTable csv;                             // header: the rules' columns only, in first-seen order
  std::vector<std::int32_t> field_of;       // column of the rules → header index, -1: none yet
  std::unordered_set<std::string> unknown;  // member names reported as no column
  std::vector<int> row_columns;             // column of each row's `{`
};

/// The RapidJSON SAX handler: turns events into tables, rows and fields.
/// Depth 0 is outside the document, 1 inside the top-level object, 2 inside
/// a table's array, 3 inside a row object. A value that is not read (an
/// unknown table, a wrong shape) is skipped whole: `skip_` counts the
/// containers open inside it.
class Converter {
 public:
  Converter(const ir::Program& program, std::string_view text, const ByteStream& stream,
            Problems& problems, std::vector<TableBuild>& tables)
      : program_(program),
        text_(text),
        stream_(stream),
        locator_(text),
        problems_(problems),
        tables_(tables) {
    for (const auto& t : program.tables) {
      table_names_.push_back(t.name);
      auto& names = column_names_.emplace_back();
      auto& index = column_of_.emplace_back();
      for (size_t c = 0; c < t.columns.size(); ++c) {
        names.push_back(t.columns[c].name);
        index.emplace(t.columns[c].name, c);
      }
    }
    for (size_t t = 0; t < tables.size(); ++t) {
      tables[t].field_of.assign(program.tables[t].columns.size(), -1);
    }
  }

  bool structure_failed() const { return structure_failed_; }
  std::pair<int, int> top_at() const { return top_at_; }

  // RapidJSON's handler interface. Numbers arrive only as RawNumber (the
  // reader runs with kParseNumbersAsStringsFlag), so the typed number calls
  // never happen; they stop the parse rather than lose a number's text.
  bool Null() { return Scalar(stream_.Tell() - 4, Kind::kNull, ""); }
  bool Bool(bool b) {
    return Scalar(stream_.Tell() - (b ? 4 : 5), Kind::kBool, b ? "true" : "false");
  }
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(stream_.Tell() - length, Kind::kNumber, std::string(str, length));
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(OpeningQuote(text_, stream_.Tell() - 1), Kind::kString, std::string(str, length));
  }
  bool StartObject() { return Open(BraceAt('{'), Kind::kObject); }
  bool StartArray() { return Open(BraceAt('['), Kind::kArray); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool EndArray(rapidjson::SizeType) { return Close(); }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    if (skip_ > 0) return true;
    const auto at = locator_.At(OpeningQuote(text_, stream_.Tell() - 1));
    std::string name(str, length);
    if (depth_ == 1) {
      TableKey(at, name);
    } else if (depth_ == 3) {
      ColumnKey(at, std::move(name));
    }
    return true;
  }

 private:
  /// Where the `{` or `[` just seen is: the iterative reader calls the
  /// handler before taking it, the recursive one after.
  size_t BraceAt(char brace) const {
    const size_t at = stream_.Tell();
    return at < text_.size() && text_[at] == brace ? at : at - 1;
  }

  bool Scalar(size_t start, Kind kind, std::string text) {
    if (skip_ > 0) return true;
    const auto at = locator_.At(start);
    switch (depth_) {
      case 0:
        NotTopObject(at, kind);
        break;
      case 1:
        if (table_ >= 0) NotArray(at, kind);
        break;
      case 2:
        NotRow(at, kind);
        break;
      default:
        if (field_ < 0) break;
        if (kind == Kind::kString && text.find('\0') != std::string::npos) {
          problems_.At(at,
                       Message{fmt::format("{}: 文本中有字符 U+0000 (\\u0000), 这一格按出错处理",
                                           ColumnName()),
                               fmt::format("{}: the text has the character U+0000 (\\u0000); "
                                           "the cell counts as an error",
                                           ColumnName())});
          SetField(at, "", kind, /*bad=*/true);
          break;
        }
        SetField(at, std::move(text), kind, /*bad=*/false);
        break;
    }
    return true;
  }

  bool Open(size_t start, Kind kind) {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    const auto at = locator_.At(start);
    switch (depth_) {
      case 0:
        if (kind == Kind::kObject) {
          depth_ = 1;
          top_at_ = at;
        } else {
          NotTopObject(at, kind);
          skip_ = 1;
        }
        break;
      case 1:
        if (table_ >= 0 && kind == Kind::kArray) {
          depth_ = 2;
          TableBuild& t = tables_[static_cast<size_t>(table_)];
          t.array_at = at;
        } else {
          if (table_ >= 0) NotArray(at, kind);
          skip_ = 1;
        }
        break;
      case 2:
        if (kind == Kind::kObject) {
          depth_ = 3;
          TableBuild& t = tables_[static_cast<size_t>(table_)];
          Record record;
          record.line = at.first;
          t.csv.records.push_back(std::move(record));
          t.row_columns.push_back(at.second);
          row_names_.assign(t.csv.header.size(), {0, 0});
          field_ = -1;
        } else {
          NotRow(at, kind);
          skip_ = 1;
        }
        break;
      default:
        if (field_ >= 0) {
          problems_.At(at, Message{fmt::format("{}: 单元格的值应是字符串、数、true/false 或 null, "
                                               "不能是{}; 这一格按出错处理",
                                               ColumnName(), KindZh(kind)),
                                   fmt::format("{}: a cell must be a string, a number, true/false "
                                               "or null, not {}; the cell counts as an error",
                                               ColumnName(), KindEn(kind))});
          SetField(at, "", kind, /*bad=*/true);
        }
        skip_ = 1;
        break;
    }
    return true;
  }

  bool Close() {
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    switch (depth_) {
      case 3: {
        TableBuild& t = tables_[static_cast<size_t>(table_)];
        PadRow(t, t.csv.records.size() - 1);
        field_ = -1;
        depth_ = 2;
        break;
      }
      case 2:
        table_ = -1;
        depth_ = 1;
        break;
      default:
        depth_ = 0;
        break;
    }
    return true;
  }

  void TableKey(std::pair<int, int> at, const std::string& name) {
    table_ = program_.FindTable(name);
    if (table_ < 0) {
      auto near = base::ClosestName(name, table_names_);
      problems_.At(at,
                   Message{fmt::format("规则中没有 `{}` 这张表, 已忽略{}", name,
                                       near ? fmt::format("; 是不是 `{}`?", *near) : ""),
                           fmt::format("the rules have no table `{}`; it is ignored{}", name,
                                       near ? fmt::format("; did you mean `{}`?", *near) : "")},
                   /*warning=*/true);
      return;
    }
    TableBuild& t = tables_[static_cast<size_t>(table_)];
    if (t.present) {
      problems_.At(at, Message{fmt::format("{} 表出现了两次 (第 {} 行第 {} 列已有), 这一份没有读入",
                                           name, t.name_at.first, t.name_at.second),
                               fmt::format("the table {} appears twice (first at line {}, column "
                                           "{}); this one was not loaded",
                                           name, t.name_at.first, t.name_at.second)});
      table_ = -1;
      return;
    }
    t.present = true;
    t.name_at = at;
  }

  void ColumnKey(std::pair<int, int> at, std::string name) {
    TableBuild& t = tables_[static_cast<size_t>(table_)];
    const auto& columns = column_of_[static_cast<size_t>(table_)];
    const auto known = columns.find(name);
    if (known == columns.end()) {
      // Reported here, once, rather than by the loader: an unknown member
      // stays out of the header, so a document whose every row has a new
      // name cannot make every row as wide as all of them.
      field_ = -1;
      if (!t.unknown.insert(name).second) return;
      const std::string& table = program_.tables[static_cast<size_t>(table_)].name;
      auto near = base::ClosestName(name, column_names_[static_cast<size_t>(table_)]);
      problems_.At(
          at,
          Message{fmt::format("规则中的 {} 没有 `{}` 这一列, 已忽略{}", table, name,
                              near ? fmt::format("; 是不是 `{}`?", *near) : ""),
                  fmt::format("{} has no column `{}` in the rules; it is ignored{}", table, name,
                              near ? fmt::format("; did you mean `{}`?", *near) : "")},
          /*warning=*/true);
      return;
    }
    std::int32_t& header_index = t.field_of[known->second];
    if (header_index < 0) {
      header_index = static_cast<std::int32_t>(t.csv.header.size());
      Field header;
      header.text = std::move(name);
      header.line = at.first;
      header.column = at.second;
      header.quoted = true;
      t.csv.header.push_back(std::move(header));
      row_names_.emplace_back(0, 0);
    }
    const size_t f = static_cast<size_t>(header_index);
    if (row_names_[f].first > 0) {
      const auto [first_line, first_column] = row_names_[f];
      const std::string& column = t.csv.header[f].text;
      // A key cannot be an error slot (the row is known by it): the first is used.
      const bool key = program_.tables[static_cast<size_t>(table_)].columns[known->second].is_key;
      problems_.At(
          at,
          Message{fmt::format("{} 在这一行中出现了两次 (第 {} 行第 {} 列已有), {}", column,
                              first_line, first_column, key ? "用的是第一个" : "这一格按出错处理"),
                  fmt::format("{} appears twice in this row (first at line {}, column {}); {}",
                              column, first_line, first_column,
                              key ? "the first is used" : "the cell counts as an error")});
      if (!key) {
        const size_t r = t.csv.records.size() - 1;
        PadRow(t, r);
        t.csv.records[r].fields[f].invalid = true;
      }
      field_ = -1;
      return;
    }
    row_names_[f] = at;
    field_ = static_cast<std::int32_t>(f);
  }

  /// Sets the current row's field `field_`, its earlier fields padded with
  /// empty ones positioned at the row's `{`.
  void SetField(std::pair<int, int> at, std::string text, Kind kind, bool bad) {
    TableBuild& t = tables_[static_cast<size_t>(table_)];
    const size_t f = static_cast<size_t>(field_);
    const size_t r = t.csv.records.size() - 1;
    PadRow(t, r);
    Field& field = t.csv.records[r].fields[f];
    field.text = std::move(text);
    field.line = at.first;
    field.column = at.second;
    field.quoted = kind == Kind::kString;
    field.invalid = bad;
  }

  const std::string& ColumnName() const {
    return tables_[static_cast<size_t>(table_)].csv.header[static_cast<size_t>(field_)].text;
  }

  void NotTopObject(std::pair<int, int> at, Kind kind) {
    structure_failed_ = true;
    problems_.At(at, Message{fmt::format("文档的顶层应是一个对象 {{\"表名\": [行, …], …}}, "
                                         "这里是{}",
                                         KindZh(kind)),
                             fmt::format("the top level must be an object {{\"table\": [rows…], "
                                         "…}}, not {}",
                                         KindEn(kind))});
  }
  void NotArray(std::pair<int, int> at, Kind kind) {
    const std::string& name = program_.tables[static_cast<size_t>(table_)].name;
    problems_.At(at, Message{fmt::format("{} 的值应是由行组成的数组 [{{…}}, …], 这里是{}; "
                                         "这张表没有读入",
                                         name, KindZh(kind)),
                             fmt::format("the value of {} must be an array of rows [{{…}}, …], "
                                         "not {}; the table was not loaded",
                                         name, KindEn(kind))});
    tables_[static_cast<size_t>(table_)].not_array = true;
  }
  void NotRow(std::pair<int, int> at, Kind kind) {
    const std::string& name = program_.tables[static_cast<size_t>(table_)].name;
    problems_.At(at, Message{fmt::format("{} 的每一行应是一个对象 {{\"列名\": 值, …}}, "
                                         "这里是{}; 已跳过",
                                         name, KindZh(kind)),
                             fmt::format("each row of {} must be an object {{\"column\": value, "
                                         "…}}, not {}; it was skipped",
                                         name, KindEn(kind))});
  }

 public:
  /// Gives row `r` of `t` a field for every header entry so far.
  static void PadRow(TableBuild& t, size_t r) {
    Record& record = t.csv.records[r];
    Field empty;
    empty.line = record.line;
    empty.column = t.row_columns[r];
    record.fields.resize(t.csv.header.size(), empty);
  }

 private:
  const ir::Program& program_;
  std::string_view text_;
  const ByteStream& stream_;
  Locator locator_;
  Problems& problems_;
  std::vector<TableBuild>& tables_;
  std::vector<std::string> table_names_;
  std::vector<std::vector<std::string>> column_names_;              // by table
  std::vector<std::unordered_map<std::string, size_t>> column_of_;  // by table: name → column

  int depth_ = 0;
  size_t skip_ = 0;
  std::int32_t table_ = -1;                     // the table being read, -1: none or skipped
  std::int32_t field_ = -1;                     // the header index of the cell next, -1: skipped
  std::vector<std::pair<int, int>> row_names_;  // header index → its name in this row, or 0, 0
  bool structure_failed_ = false;
  std::pair<int, int> top_at_{1, 1};
};

}  // namespace

JsonTables ParseJsonTables(const ir::Program& program, std::string_view bytes,
                           const std::string& file_name) {
  JsonTables out;
  out.tables.resize(program.tables.size());
  Problems problems(file_name, out.problems);
  const auto whole_file = [&](Message message) {
    problems.File(std::move(message));
    problems.Finish();
    return out;
  };
  if (bytes.size() > kMaxJsonBytes) {
    const std::string mib = std::to_string(kMaxJsonBytes >> 20);
    return whole_file(Message{"文件太大 (超过 " + mib + " MiB), 无法读取",
                              "the file is too large to read (over " + mib + " MiB)"});
  }
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    return whole_file(Message{"文件是 UTF-16 编码; JSON 文件请保存为 UTF-8",
                              "the file is UTF-16 encoded; save JSON as UTF-8"});
  }
  std::string_view text = bytes;
  if (text.substr(0, 3) == kUtf8Bom) text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return whole_file(Message{"文件是空的", "the file is empty"});
  }
  Locator locator(text);
  if (const auto bad = base::FirstInvalidUtf8(text)) {
    const std::string byte = HexByte(static_cast<unsigned char>(text[*bad]));
    problems.At(locator.At(*bad),
                Message{"无法识别的字节 " + byte +
                            "; 文件不是 UTF-8 编码 (JSON 只能是 UTF-8, 不接受 GBK); "
                            "请另存为 UTF-8",
                        "invalid byte " + byte +
                            ": the file is not UTF-8 (JSON must be UTF-8; GBK is not "
                            "accepted); save it as UTF-8"});
    problems.Finish();
    return out;
  }
  // NUL is valid UTF-8 but never valid JSON outside a string, nor inside one
  // unescaped; the parser takes it for the end of the input, so it is caught
  // here, where it can be named.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    problems.At(locator.At(nul),
                Message{"文件中有 NUL 字节 (值为 0 的字节); 文件可能不是文本, 或是 UTF-16 编码",
                        "the file has a NUL byte (a byte of value 0); it may not be text, or be "
                        "UTF-16 encoded"});
    problems.Finish();
    return out;
  }

  std::vector<TableBuild> tables(program.tables.size());
  ByteStream stream(text);
  Converter converter(program, text, stream, problems, tables);
  rapidjson::Reader reader;
  // Iterative: nesting costs heap, not stack, however deep.
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  const rapidjson::ParseResult parsed = reader.Parse<kFlags>(stream, converter);
  if (parsed.IsError()) {
    // One error, and nothing loaded: what comes after a syntax error cannot
    // be trusted, and half a document would look like missing rows.
    out.problems.clear();
    Problems only(file_name, out.problems);
    size_t offset = parsed.Offset();
    if (parsed.Code() == rapidjson::kParseErrorStringMissQuotationMark) {
      offset = OpeningQuote(text, offset);
    }
    const Message what = SyntaxMessage(parsed.Code());
    const Message hint = SyntaxHint(text, offset);
    Locator fresh(text);
    only.At(fresh.At(offset), Message{"JSON 语法错误: " + what.zh + hint.zh,
                                      "JSON syntax error: " + what.en + hint.en});
    return out;
  }
  if (converter.structure_failed()) {
    problems.Finish();
    return out;
  }

  for (size_t t = 0; t < tables.size(); ++t) {
    TableBuild& build = tables[t];
    const ir::Table& table = program.tables[t];
    if (build.not_array) continue;  // reported where it is
    if (!build.present) {
      problems.At(converter.top_at(),
                  Message{fmt::format("文档中没有 {} 表 (没有行的表写作 \"{}\": [])", table.name,
                                      table.name),
                          fmt::format("the document has no table {} (write \"{}\": [] for a "
                                      "table with no rows)",
                                      table.name, table.name)});
      continue;
    }
    // Columns no row has. With no rows, nothing is missing. A column that
    // may be empty is empty in every row. Any other is one error here, at the
    // table's name, and its cells are invalid: error slots with no message
    // each (for the key: rows not loaded).
    std::vector<size_t> missing;  // header indices of such columns
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (build.field_of[c] >= 0) continue;
      const ir::Column& column = table.columns[c];
      const bool may_be_empty =
          !column.is_key && !column.is_parent && (column.display.optional || column.blank);
      if (!build.csv.records.empty() && !may_be_empty) {
        problems.At(build.name_at,
                    Message{fmt::format("{} 的每一行都没有 {} 这一列{}", table.name, column.name,
                                        column.is_key ? ", 这张表没有读入" : ""),
                            fmt::format("no row of {} has the column {}{}", table.name, column.name,
                                        column.is_key ? "; the table was not loaded" : "")});
        missing.push_back(build.csv.header.size());
      }
      build.field_of[c] = static_cast<std::int32_t>(build.csv.header.size());
      Field header;
      header.text = column.name;
      header.line = build.array_at.first;
      header.column = build.array_at.second;
      build.csv.header.push_back(std::move(header));
    }
    for (size_t r = 0; r < build.csv.records.size(); ++r) {
      Converter::PadRow(build, r);
      for (size_t f : missing) build.csv.records[r].fields[f].invalid = true;
    }
    build.csv.file = file_name;
    build.csv.had_bom = text.size() != bytes.size();
    out.tables[t] = std::move(build.csv);
  }
  problems.Finish();
  return out;
}

Loaded LoadJson(const ir::Program& program, std::string_view bytes, const std::string& file_name,
                const RowChanges* changes) {
  JsonTables in = ParseJsonTables(program, bytes, file_name);
  std::vector<const CsvTable*> files(program.tables.size(), nullptr);
  for (size_t t = 0; t < in.tables.size(); ++t) {
    if (in.tables[t]) files[t] = &*in.tables[t];
  }
  Loaded loaded = LoadCsvTables(program, files, false, changes);

  // The reader's problems and the loader's, in document order (those about
  // the whole file first); a note that problems were left out stays last.
  std::vector<DataProblem> problems = std::move(in.problems);
  std::optional<DataProblem> left_out;
  if (problems.size() > kMaxCsvProblems) {
    left_out = std::move(problems.back());
    problems.pop_back();
  }
  for (DataProblem& p : loaded.problems) problems.push_back(std::move(p));
  // (A scenario's problems, in a file of their own, come after.)
  std::stable_sort(problems.begin(), problems.end(),
                   [&](const DataProblem& a, const DataProblem& b) {
                     return std::tuple(a.file != file_name, a.line, a.column) <
                            std::tuple(b.file != file_name, b.line, b.column);
                   });
  if (left_out) problems.push_back(std::move(*left_out));
  loaded.problems = std::move(problems);
  return loaded;
}

Loaded LoadJsonFile(const ir::Program& program, const std::string& path,
                    const RowChanges* changes) {
  std::vector<CsvProblem> unreadable;
  const std::optional<std::string> bytes = ReadDataFile(path, unreadable);
  if (bytes) return LoadJson(program, *bytes, path, changes);
  Loaded out = LoadCsvTables(program, {}, false);
  for (const CsvProblem& p : unreadable) {
    DataProblem d;
    d.file = p.file;
    d.message = Message{p.message_zh, p.message_en};
    out.problems.push_back(std::move(d));
  }
  return out;
}

}  // namespace arl::io
