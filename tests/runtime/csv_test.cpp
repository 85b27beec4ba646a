// Unit tests for arl::io's CSV reader: the dialect, encodings, positions,
// problems, and robustness against any bytes at all.
// main() comes from catch_main.cpp, built once without our strict warnings.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

#include "runtime/io/csv.h"

namespace arl::io {
namespace {

using namespace std::string_view_literals;
using Rows = std::vector<std::vector<std::string>>;

CsvResult Parse(std::string_view bytes) {
  return ParseCsv(bytes, "t.csv");
}

std::vector<std::string> Texts(const std::vector<Field>& fields) {
  std::vector<std::string> texts;
  for (const Field& field : fields) texts.push_back(field.text);
  return texts;
}

Rows RecordTexts(const CsvTable& table) {
  Rows rows;
  for (const Record& record : table.records) rows.push_back(Texts(record.fields));
  return rows;
}

/// All messages of `result`, one a line, for INFO.
std::string Messages(const CsvResult& result) {
  std::string all;
  for (const CsvProblem& problem : result.problems) all += problem.message_en + "\n";
  return all;
}

/// Parses text that must give a table and no problems.
CsvTable Clean(std::string_view bytes) {
  CsvResult result = Parse(bytes);
  INFO(Messages(result));
  CHECK(result.problems.empty());
  REQUIRE(result.table);
  return *std::move(result.table);
}

/// The single problem of `result`.
const CsvProblem& OnlyProblem(const CsvResult& result) {
  INFO(Messages(result));
  REQUIRE(result.problems.size() == 1);
  return result.problems[0];
}

/// Byte offset of 1-based `line` and code point `column`, counted the simple
/// way, independently of the reader; npos if there is no such place.
size_t OffsetOf(std::string_view text, int line, int column) {
  size_t i = 0;
  for (int l = 1; l < line; ++l) {
    while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
    if (i >= text.size()) return std::string_view::npos;
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    ++i;
  }
  for (int c = 1; c < column; ++c) {
    if (i >= text.size() || text[i] == '\n' || text[i] == '\r') return std::string_view::npos;
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

/// Checks what holds for every answer: problems have a file and both
/// messages, and sane positions; when the text was UTF-8, every field's
/// position points at its opening quote, at its text, or (empty unquoted
/// field) at the separator or line end that ends it.
void CheckInvariants(std::string_view bytes, const CsvResult& result) {
  for (const CsvProblem& problem : result.problems) {
    CHECK(problem.file == "t.csv");
    CHECK(!problem.message_zh.empty());
    CHECK(!problem.message_en.empty());
    CHECK(problem.line >= 0);
    CHECK(problem.column >= 0);
    CHECK((problem.line == 0) == (problem.column == 0));
  }
  if (!result.table) {
    CHECK(!result.problems.empty());
    return;
  }
  const CsvTable& table = *result.table;
  CHECK(!table.header.empty());
  if (table.encoding != "UTF-8") return;
  std::string_view text = bytes;
  if (table.had_bom) text.remove_prefix(3);
  const auto check_field = [&](const Field& field) {
    INFO("field '" << field.text << "' at " << field.line << ":" << field.column);
    const size_t at = OffsetOf(text, field.line, field.column);
    REQUIRE(at != std::string_view::npos);
    if (field.quoted) {
      REQUIRE(at < text.size());
      CHECK(text[at] == '"');
    } else if (!field.text.empty()) {
      CHECK(text.substr(at, field.text.size()) == field.text);
    } else {
      CHECK((at == text.size() || text[at] == ',' || text[at] == '\n' || text[at] == '\r'));
    }
  };
  for (const Field& field : table.header) check_field(field);
  for (const Record& record : table.records) {
    REQUIRE(!record.fields.empty());
    CHECK(record.line == record.fields[0].line);
    for (const Field& field : record.fields) check_field(field);
  }
}

/// Checks that `got` (with the records handed over, if it streamed) is what
/// ParseCsv gave as `parsed`; problems may name another file.
void CheckSameAs(const CsvResult& parsed, const CsvResult& got,
                 const std::vector<Record>* streamed) {
  REQUIRE(got.table.has_value() == parsed.table.has_value());
  REQUIRE(got.problems.size() == parsed.problems.size());
  for (size_t i = 0; i < got.problems.size(); ++i) {
    CHECK(got.problems[i].message_en == parsed.problems[i].message_en);
    CHECK(got.problems[i].line == parsed.problems[i].line);
    CHECK(got.problems[i].column == parsed.problems[i].column);
  }
  if (!got.table) return;
  CHECK(got.table->had_bom == parsed.table->had_bom);
  CHECK(got.table->encoding == parsed.table->encoding);
  CHECK(got.table->lines_after_header == parsed.table->lines_after_header);
  CHECK(Texts(got.table->header) == Texts(parsed.table->header));
  if (streamed != nullptr) CHECK(got.table->records.empty());
  const std::vector<Record>& records = streamed != nullptr ? *streamed : got.table->records;
  REQUIRE(records.size() == parsed.table->records.size());
  for (size_t r = 0; r < records.size(); ++r) {
    const Record& expected = parsed.table->records[r];
    CHECK(records[r].line == expected.line);
    REQUIRE(records[r].fields.size() == expected.fields.size());
    for (size_t f = 0; f < expected.fields.size(); ++f) {
      CHECK(records[r].fields[f].text == expected.fields[f].text);
      CHECK(records[r].fields[f].line == expected.fields[f].line);
      CHECK(records[r].fields[f].column == expected.fields[f].column);
      CHECK(records[r].fields[f].quoted == expected.fields[f].quoted);
    }
  }
}

/// A streamed record copied field by field, last field first: each
/// position worked out on its own, not in one pass as ToRecord does.
Record Copied(const RecordView& view) {
  Record record;
  record.line = view.Line();
  record.fields.resize(view.Size());
  for (size_t f = view.Size(); f-- > 0;) {
    Field& field = record.fields[f];
    field.text = view.Text(f);
    std::tie(field.line, field.column) = view.Position(f);
    field.quoted = view.Quoted(f);
  }
  return record;
}

/// Checks that StreamCsv hands over exactly the records ParseCsv keeps, with
/// the same problems, although what its views show is reused.
void CheckStreamMatches(std::string_view bytes, const CsvResult& parsed) {
  std::vector<Record> streamed;
  const CsvResult result = StreamCsv(
      bytes, "t.csv", [&](const RecordView& record) { streamed.push_back(Copied(record)); });
  CheckSameAs(parsed, result, &streamed);
}

/// A file holding `bytes`, removed with the object.
struct TempFile {
  std::string path;
  explicit TempFile(std::string_view bytes)
      : path((std::filesystem::temp_directory_path() /
              ("arl_csv_test_" + std::to_string(::getpid()) + ".csv"))
                 .string()) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

/// Checks that reading `bytes` from a file gives what ParseCsv gives, read
/// whole or in pieces of each of `pieces` bytes, and streamed in pieces of
/// the first size: wherever a piece ends (inside a character, a CRLF, a
/// quoted field or a record), records, positions and problems are the same.
void CheckFileMatches(std::string_view bytes, const CsvResult& parsed,
                      std::initializer_list<size_t> pieces = {1, 2, 3, 4, 7, kCsvPieceBytes}) {
  const TempFile file(bytes);
  for (const size_t piece : pieces) {
    INFO("pieces of " << piece << " bytes");
    CheckSameAs(parsed, ReadCsvFile(file.path, piece), nullptr);
  }
  std::vector<Record> streamed;
  const CsvResult result = StreamCsvFile(
      file.path, [&](const RecordView& record) { streamed.push_back(Copied(record)); }, {},
      *pieces.begin());
  CheckSameAs(parsed, result, &streamed);
}

// ---------------------------------------------------------------- dialect

TEST_CASE("csv: header and records", "[csv]") {
  const CsvTable table = Clean("单位,总分\n区财政局,90\n区教育局,85.5\n");
  CHECK(table.file == "t.csv");
  CHECK(Texts(table.header) == std::vector<std::string>{"单位", "总分"});
  CHECK(RecordTexts(table) == Rows{{"区财政局", "90"}, {"区教育局", "85.5"}});
  CHECK_FALSE(table.had_bom);
  CHECK(table.encoding == "UTF-8");
  CHECK(table.records[0].line == 2);
  CHECK(table.records[1].line == 3);
}

TEST_CASE("csv: final line end is optional", "[csv]") {
  CHECK(RecordTexts(Clean("a,b\n1,2")) == Rows{{"1", "2"}});
  CHECK(RecordTexts(Clean("a,b\n1,2\n")) == Rows{{"1", "2"}});
  CHECK(RecordTexts(Clean("a,b\r\n1,2\r\n")) == Rows{{"1", "2"}});
  CHECK(RecordTexts(Clean("a,b\n1,")) == Rows{{"1", ""}});
  CHECK(RecordTexts(Clean("a,b\n1,\"\"")) == Rows{{"1", ""}});
  CHECK(RecordTexts(Clean("a,b")).empty());
}

TEST_CASE("csv: CRLF, LF and lone CR line ends", "[csv]") {
  const Rows expected{{"1", "2"}, {"3", "4"}, {"5", "6"}};
  CHECK(RecordTexts(Clean("a,b\r\n1,2\r\n3,4\r\n5,6\r\n")) == expected);
  CHECK(RecordTexts(Clean("a,b\r1,2\r3,4\r5,6\r")) == expected);
  const CsvTable mixed = Clean("a,b\r\n1,2\r3,4\n5,6");
  CHECK(RecordTexts(mixed) == expected);
  CHECK(mixed.records[0].line == 2);
  CHECK(mixed.records[1].line == 3);
  CHECK(mixed.records[2].line == 4);
}

TEST_CASE("csv: a UTF-8 BOM is skipped and reported", "[csv]") {
  const CsvTable table = Clean("\xEF\xBB\xBF单位,总分\r\n区财政局,90\r\n");
  CHECK(table.had_bom);
  CHECK(Texts(table.header) == std::vector<std::string>{"单位", "总分"});
  CHECK(table.header[0].column == 1);  // the BOM is not a character of the line
  CHECK(table.header[1].column == 4);
  // Only at the start: elsewhere U+FEFF is data.
  CHECK(RecordTexts(Clean("a\n\xEF\xBB\xBFx\n")) == Rows{{"\xEF\xBB\xBFx"}});
}

TEST_CASE("csv: quoted fields hold commas, quotes and line breaks", "[csv]") {
  const CsvTable table = Clean(
      "名称,说明\n\"a,b\",\"他说\"\"好\"\"\"\n\"第一行\r\n第二行\r第三行\n第四行\",x\n\"\","
      "\"\"\"\"\n");
  CHECK(RecordTexts(table) ==
        Rows{{"a,b", "他说\"好\""}, {"第一行\n第二行\n第三行\n第四行", "x"}, {"", "\""}});
  CHECK(table.records[0].fields[0].quoted);
  CHECK(table.records[1].line == 3);
  CHECK(table.records[1].fields[1].line == 6);  // after three line breaks in the field
  CHECK(table.records[1].fields[1].column == 6);
  CHECK(table.records[2].line == 7);
  CHECK(table.records[2].fields[0].quoted);
  CHECK_FALSE(table.header[0].quoted);
}

TEST_CASE("csv: empty lines are skipped, a line of commas is a record", "[csv]") {
  const CsvTable table = Clean("\n\na,b,c\n\n1,2,3\r\n\r\n,,\n\n\n\r\n\r");
  CHECK(table.header[0].line == 3);
  CHECK(RecordTexts(table) == Rows{{"1", "2", "3"}, {"", "", ""}});
  CHECK(table.records[0].line == 5);
  CHECK(table.records[1].line == 7);
  CHECK(table.records[1].fields[2].column == 3);
}

TEST_CASE("csv: blanks around unquoted fields are trimmed, kept inside quotes", "[csv]") {
  const std::string ideographic_space = "\xE3\x80\x80";
  const CsvTable table = Clean("  单位 ,\t总分\t\n" + ideographic_space + "区财政局" +
                               ideographic_space + ", 90 \n\" a \" , \"\t\"\n  ,  \n");
  CHECK(Texts(table.header) == std::vector<std::string>{"单位", "总分"});
  CHECK(table.header[0].column == 3);
  CHECK(table.header[1].column == 8);
  CHECK(RecordTexts(table) == Rows{{"区财政局", "90"}, {" a ", "\t"}, {"", ""}});
  CHECK(table.records[0].fields[0].column == 2);  // U+3000 is one character
  CHECK(table.records[1].fields[1].column == 9);  // the opening quote
  CHECK(table.records[1].fields[1].quoted);
  CHECK(table.records[2].fields[0].column == 3);  // empty: where its separator is
  // Inner blanks stay; a lone U+3000 inside text is not trimmed.
  CHECK(RecordTexts(Clean("a\n x  y \n")) == Rows{{"x  y"}});
  CHECK(RecordTexts(Clean("a\n上" + ideographic_space + "下\n")) ==
        Rows{{"上" + ideographic_space + "下"}});
}

// ---------------------------------------------------------------- problems

TEST_CASE("csv: rows of the wrong width are kept and reported", "[csv]") {
  const CsvResult result =
      Parse("单位,总分,等次\n区财政局,90\n区教育局,85,良,多余\n区卫健委,70,中\n");
  REQUIRE(result.table);
  CHECK(RecordTexts(*result.table) ==
        Rows{{"区财政局", "90"}, {"区教育局", "85", "良", "多余"}, {"区卫健委", "70", "中"}});
  REQUIRE(result.problems.size() == 2);
  const CsvProblem& short_row = result.problems[0];
  CHECK(short_row.line == 2);
  CHECK(short_row.column == 8);  // where the row ends
  CHECK(short_row.message_zh == "这一行有 2 个字段, 但表头有 3 个");
  CHECK(short_row.message_en == "this row has 2 fields but the header has 3");
  const CsvProblem& long_row = result.problems[1];
  CHECK(long_row.line == 3);
  CHECK(long_row.column == 11);  // the first extra field
  CHECK(long_row.message_en == "this row has 4 fields but the header has 3");
}

TEST_CASE("csv: a short row ending the file without a line end", "[csv]") {
  const CsvResult result = Parse("a,b,c\n\"x\ny\",2");
  REQUIRE(result.table);
  const CsvProblem& problem = OnlyProblem(result);
  CHECK(problem.line == 3);
  CHECK(problem.column == 5);
}

TEST_CASE("csv: header names must be present and distinct", "[csv]") {
  const CsvResult result = Parse("单位,总分,,单位,总分\n1,2,3,4,5\n");
  REQUIRE(result.table);
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].line == 1);
  CHECK(result.problems[0].column == 7);
  CHECK(result.problems[0].message_zh == "表头第 3 个字段 (Excel 的 C 列) 没有列名");
  CHECK(result.problems[0].message_en == "header field 3 (Excel column C) has no name");
  CHECK(result.problems[1].column == 8);
  CHECK(result.problems[1].message_zh ==
        "表头第 4 个字段 (Excel 的 D 列) 的列名 \"单位\" 与第 1 个字段 (Excel 的 A "
        "列) 重复");
  CHECK(result.problems[1].message_en ==
        "header field 4 (Excel column D) repeats the name \"单位\" of field 1 "
        "(Excel column A)");
  CHECK(result.problems[2].column == 11);
  // Names are compared after trimming; quoted or not does not matter.
  CHECK(OnlyProblem(Parse(" x ,\"x\"\n")).column == 5);
}

TEST_CASE("csv: Excel column letters go past Z", "[csv]") {
  std::string header;
  for (int i = 0; i < 27; ++i) header += "c" + std::to_string(i) + ",";
  header += "c0\n";
  const CsvResult result = Parse(header);
  const CsvProblem& problem = OnlyProblem(result);
  CHECK(problem.message_en.find("header field 28 (Excel column AB)") != std::string::npos);
}

TEST_CASE("csv: unterminated quote points at the opening quote", "[csv]") {
  const CsvResult result = Parse("单位,说明\n区财政局,\"没有\n结束,99\n");
  REQUIRE(result.table);
  const CsvProblem& problem = OnlyProblem(result);  // and no ragged-row noise
  CHECK(problem.line == 2);
  CHECK(problem.column == 6);
  CHECK(problem.message_zh == "引号没有闭合; 从这个引号到文件末尾都被读成了一个字段");
  CHECK(problem.message_en.rfind("unterminated quoted field", 0) == 0);
  // Nothing is lost: the rest of the file is the field's text.
  CHECK(RecordTexts(*result.table) == Rows{{"区财政局", "没有\n结束,99\n"}});
  CHECK(OnlyProblem(Parse("\"a")).column == 1);
  CHECK(OnlyProblem(Parse("a\n\"\"\"")).line == 2);
}

TEST_CASE("csv: characters after a closing quote", "[csv]") {
  const CsvResult result = Parse("a,b\n\"ab\"c,2\n\"x\" ,3\n\"甲\"乙丙,4\n");
  REQUIRE(result.table);
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].line == 2);
  CHECK(result.problems[0].column == 5);
  CHECK(result.problems[0].message_en ==
        "unexpected 'c' after the closing quote; a quoted field must be "
        "followed by a comma or a line end");
  CHECK(result.problems[1].line == 4);
  CHECK(result.problems[1].column == 4);
  CHECK(result.problems[1].message_zh.find("'乙'") != std::string::npos);
  // Kept as data; blanks after a closing quote are not an error.
  CHECK(RecordTexts(*result.table) == Rows{{"abc", "2"}, {"x", "3"}, {"甲乙丙", "4"}});
}

TEST_CASE("csv: a quote inside an unquoted field is kept and reported", "[csv]") {
  const CsvResult result = Parse("a,b\nab\"c\"d,2\n5'10\",3\n");
  REQUIRE(result.table);
  REQUIRE(result.problems.size() == 2);  // one per field, however many quotes
  CHECK(result.problems[0].line == 2);
  CHECK(result.problems[0].column == 3);
  CHECK(result.problems[0].message_zh.rfind("没有用引号括起来的字段中间出现了引号", 0) == 0);
  CHECK(result.problems[1].line == 3);
  CHECK(result.problems[1].column == 5);
  CHECK(RecordTexts(*result.table) == Rows{{"ab\"c\"d", "2"}, {"5'10\"", "3"}});
}

TEST_CASE("csv: an empty file has no table", "[csv]") {
  for (const std::string_view bytes : {"", "\xEF\xBB\xBF", "\n", "\r\n\r\n", "\r"}) {
    const CsvResult result = Parse(bytes);
    CHECK_FALSE(result.table);
    const CsvProblem& problem = OnlyProblem(result);
    CHECK(problem.line == 0);
    CHECK(problem.message_zh == "文件是空的, 没有表头行");
    CHECK(problem.message_en == "the file is empty: there is no header row");
  }
  // Blanks are not nothing: a header with one empty name.
  CHECK(Parse(" \n").table);
}

TEST_CASE("csv: NUL bytes are reported once and kept", "[csv]") {
  const CsvResult result = Parse("a,b\n单\0,2\n\0,3\n"sv);
  REQUIRE(result.table);
  const CsvProblem& problem = OnlyProblem(result);
  CHECK(problem.line == 2);
  CHECK(problem.column == 2);
  CHECK(problem.message_en.find("2 NUL bytes") != std::string::npos);
  CHECK(problem.message_zh.find("CSV UTF-8") != std::string::npos);
  CHECK(result.table->records[0].fields[0].text == std::string("单\0", 4));
}

// ---------------------------------------------------------------- encodings

// "单位,总分\n区财政局,90\n" in GBK, checked with
// printf '单位,总分\n区财政局,90\n' | iconv -f UTF-8 -t GB18030 | xxd
constexpr std::string_view kGbk =
    "\xB5\xA5\xCE\xBB,\xD7\xDC\xB7\xD6\n\xC7\xF8\xB2\xC6\xD5\xFE\xBE\xD6,90\n";

TEST_CASE("csv: GBK bytes are read as GB18030", "[csv]") {
  const CsvResult result = Parse(kGbk);
  CHECK(result.problems.empty());
  REQUIRE(result.table);
  CHECK(result.table->encoding == "GB18030");
  CHECK_FALSE(result.table->had_bom);
  CHECK(Texts(result.table->header) == std::vector<std::string>{"单位", "总分"});
  CHECK(RecordTexts(*result.table) == Rows{{"区财政局", "90"}});
  CHECK(result.table->records[0].fields[1].column == 6);  // characters, as in UTF-8
  // GB18030's own byte order mark (U+FEFF as 84 31 95 33) is skipped too.
  const CsvResult with_bom = Parse("\x84\x31\x95\x33" + std::string(kGbk));
  REQUIRE(with_bom.table);
  CHECK(with_bom.table->had_bom);
  CHECK(with_bom.table->header[0].text == "单位");
  // Problems in a transcoded file have the positions of its characters.
  const CsvResult ragged = Parse(std::string(kGbk) + "\xC7\xF8,1,2\n");
  const CsvProblem& problem = OnlyProblem(ragged);
  CHECK(problem.line == 3);
  CHECK(problem.column == 5);
}

TEST_CASE("csv: bytes that are neither UTF-8 nor GB18030", "[csv]") {
  const CsvResult result = Parse("单位,总分\n区财政局,9\x81,0\n");
  CHECK_FALSE(result.table);
  const CsvProblem& problem = OnlyProblem(result);
  CHECK(problem.line == 2);
  CHECK(problem.column == 7);  // counted in characters
  CHECK(problem.message_zh ==
        "无法识别的字节 0x81; 文件不是 UTF-8 编码 (也不是 GBK/GB18030); 请在 "
        "Excel 中另存为 'CSV UTF-8'");
  CHECK(problem.message_en ==
        "invalid byte 0x81: the file is not UTF-8 (nor GBK/GB18030); save it "
        "from Excel as 'CSV UTF-8'");
  CHECK(OnlyProblem(Parse("a\r\nb\rc\xFF")).line == 3);
  CHECK(OnlyProblem(Parse("\xEF\xBB\xBF"
                          "ab\xFF"))
            .column == 3);  // after the BOM
  CHECK(OnlyProblem(Parse("ab\x80")).message_en.find("0x80") != std::string::npos);
  // Overlong and surrogate encodings are not UTF-8, and not GB18030 either.
  CHECK_FALSE(Parse("a\xC0\xAF\xFF").table);
  CHECK_FALSE(Parse("a,\xED\xA0\x80\xFF").table);
  // A GBK file cut in the middle of a character.
  CHECK_FALSE(Parse(kGbk.substr(0, 3)).table);
}

TEST_CASE("csv: UTF-16 files are recognised", "[csv]") {
  for (const std::string_view bytes : {"\xFF\xFE"
                                       "a\0,\0b\0"sv,
                                       "\xFE\xFF\0a\0,\0b"sv}) {
    const CsvResult result = Parse(bytes);
    CHECK_FALSE(result.table);
    const CsvProblem& problem = OnlyProblem(result);
    CHECK(problem.message_zh == "文件是 UTF-16 编码; 请在 Excel 中另存为 'CSV UTF-8'");
    CHECK(problem.message_en == "the file is UTF-16 encoded; save it from Excel as 'CSV UTF-8'");
  }
}

// ---------------------------------------------------------------- positions

TEST_CASE("csv: positions count characters, not bytes", "[csv]") {
  const std::string text =
      "单位名称,总分,备注\r\n"
      "区财政局,90,\"第一行\r\n第二行\"\r\n"
      "  区教育局😀,  85,\"\"\n";
  const CsvTable table = Clean(text);
  CHECK(table.header[1].column == 6);
  CHECK(table.header[2].column == 9);
  const Record& first = table.records[0];
  CHECK(first.line == 2);
  CHECK(first.fields[1].line == 2);
  CHECK(first.fields[1].column == 6);
  CHECK(first.fields[2].column == 9);
  const Record& second = table.records[1];
  CHECK(second.line == 4);
  CHECK(second.fields[0].column == 3);
  CHECK(second.fields[1].column == 11);  // 😀 is one character of four bytes
  CHECK(second.fields[2].column == 14);
  CheckInvariants(text, Parse(text));
}

TEST_CASE("csv: problems beyond the limit are counted", "[csv]") {
  std::string text = "a,b\n";
  for (size_t i = 0; i < kMaxCsvProblems + 50; ++i) text += "1\n";
  const CsvResult result = Parse(text);
  REQUIRE(result.table);
  CHECK(result.table->records.size() == kMaxCsvProblems + 50);
  REQUIRE(result.problems.size() == kMaxCsvProblems + 1);
  CHECK(result.problems.back().line == 0);
  CHECK(result.problems.back().message_en == "50 more problems not shown");
  CHECK(result.problems.back().message_zh == "另外还有 50 个问题没有列出");
}

// ---------------------------------------------------------------- streaming

TEST_CASE("csv: streaming hands over each record and keeps none", "[csv]") {
  // Rows that shrink and grow, quoted then not, long then short: the reused
  // record must not leak anything from one row into the next.
  const std::string text =
      "\xEF\xBB\xBF单位,总分,等次\r\n"
      "\"区财政局, 一个很长很长很长很长的名字\",90,良\r\n"
      "x\r\n"
      "\"a\"\"b\",\"\",,多余\r\n"
      "短,1,2\r\n";
  Rows rows;
  std::vector<int> lines;
  const CsvResult result = StreamCsv(text, "t.csv", [&](const RecordView& record) {
    rows.push_back(Texts(record.ToRecord().fields));
    lines.push_back(record.Line());
  });
  REQUIRE(result.table);
  CHECK(result.table->had_bom);
  CHECK(Texts(result.table->header) == std::vector<std::string>{"单位", "总分", "等次"});
  CHECK(result.table->records.empty());
  CHECK(rows == Rows{{"区财政局, 一个很长很长很长很长的名字", "90", "良"},
                     {"x"},
                     {"a\"b", "", "", "多余"},
                     {"短", "1", "2"}});
  CHECK(lines == std::vector<int>{2, 3, 4, 5});
  CHECK(result.problems.size() == 2);
  CheckStreamMatches(text, Parse(text));
  CheckFileMatches(text, Parse(text));

  // An empty or unreadable file gives no table and no calls.
  int calls = 0;
  const auto count = [&](const RecordView&) { ++calls; };
  CHECK_FALSE(StreamCsv("", "t.csv", count).table);
  CHECK_FALSE(StreamCsv("a\x81,", "t.csv", count).table);
  CHECK(StreamCsv(kGbk, "t.csv", count).table->encoding == "GB18030");
  CHECK(calls == 1);
}

TEST_CASE("csv: a large file streams the same records and problems while parsed aside", "[csv]") {
  // Past 16,384 lines the records are parsed on a second thread, in batches:
  // the order, positions and problems must be those of ParseCsv, across
  // batch ends, quoted line breaks, ragged rows and stray quotes.
  std::string text = "单位,总分,备注\r\n";
  for (int i = 0; i < 40'000; ++i) {
    text += "单位" + std::to_string(i) + "," + std::to_string(i % 100);
    if (i % 997 == 0) text += ",\"两行\n备注\"";
    if (i % 1'499 == 0) text += ",多,余";
    if (i % 2'003 == 0) text += ",a\"b";
    text += i % 3 == 0 ? "\n" : "\r\n";
  }
  const CsvResult parsed = Parse(text);
  REQUIRE(parsed.table);
  CHECK(parsed.table->records.size() == 40'000);
  CHECK(parsed.problems.size() > 50);
  CheckStreamMatches(text, parsed);
  // Read from a file in pieces, by the parser's thread: pieces end inside
  // batches, inside quoted line breaks and inside ragged rows.
  CheckFileMatches(text, parsed, {4'093, 100'000, kCsvPieceBytes});

  // A reader that stops with an exception stops the parser too.
  int calls = 0;
  CHECK_THROWS_AS(StreamCsv(text, "t.csv",
                            [&](const RecordView&) {
                              if (++calls == 5'000) throw std::runtime_error("stop");
                            }),
                  std::runtime_error);
  CHECK(calls == 5'000);
}

TEST_CASE("csv: a large file's bad byte is found where one pass finds it", "[csv]") {
  // From 4 MiB the UTF-8 check runs on two threads, the halves meeting near
  // the middle. A bad byte at and around the middle, with the middle falling
  // on each byte of a 3-byte character, is reported at the same line and
  // column as anywhere else; inside a character, at the character it cuts.
  std::string rows;
  for (int i = 0; rows.size() < (size_t{5} << 20); ++i)
    rows += "单位" + std::to_string(i) + ",90\n";
  const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  for (const std::string pad : {"", "a", "ab"}) {
    const std::string text = "单位,总分\n" + pad + rows;
    CHECK(Parse(text).problems.empty());
    for (size_t at = text.size() / 2 - 4; at <= text.size() / 2 + 4; ++at) {
      std::string broken = text;
      broken.insert(at, "\xFF");  // never UTF-8, never GB18030
      size_t first = at;          // the byte at fault: the lead of a character the 0xFF cuts
      while (first > 0 && continuation(text[first])) --first;
      const auto line =
          1 + std::count(broken.begin(), broken.begin() + static_cast<long>(first), '\n');
      int column = 1;
      for (size_t i = broken.rfind('\n', first - 1) + 1; i < first; ++i)
        column += continuation(broken[i]) ? 0 : 1;
      INFO("pad " << pad.size() << ", byte " << at);
      const CsvResult result = Parse(broken);
      CHECK(!result.table);
      REQUIRE(result.problems.size() == 1);
      CHECK(result.problems[0].line == line);
      CHECK(result.problems[0].column == column);
      // A file's first pass checks its halves on two threads too: the bad
      // byte sends it to be read whole, and the same problem is reported.
      if (at % 4 == 0) CheckFileMatches(broken, result, {kCsvPieceBytes});
    }
  }
}

TEST_CASE("csv: a large file read in pieces counts its lines across the halves", "[csv]") {
  // The first pass over a file from 4 MiB checks and counts its two halves
  // on two threads. Where the halves meet between the CR and the LF of a
  // line end, that is still one line end.
  std::string rows;
  for (int i = 0; rows.size() < (size_t{5} << 20); ++i)
    rows += "单位" + std::to_string(i) + ",90\r\n";
  bool cut = false;
  for (size_t pad = 0; pad < 64 && !cut; ++pad) {
    const std::string text = "单位,总分\r\n" + std::string(pad, 'x') + "," + rows;
    const size_t mid = text.size() / 2;
    if (text[mid - 1] != '\r' || text[mid] != '\n') continue;
    cut = true;
    const CsvResult parsed = Parse(text);
    REQUIRE(parsed.table);
    CHECK(parsed.table->lines_after_header == parsed.table->records.size());
    CheckFileMatches(text, parsed, {kCsvPieceBytes, 4'093});
  }
  CHECK(cut);
}

// ---------------------------------------------------------------- files

TEST_CASE("csv: ReadCsvFile reads a file and reports one it cannot read", "[csv]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("arl_csv_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "单位.csv").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << kGbk;
  }
  const CsvResult read = ReadCsvFile(path);
  CHECK(read.problems.empty());
  REQUIRE(read.table);
  CHECK(read.table->file == path);
  CHECK(read.table->encoding == "GB18030");
  CHECK(RecordTexts(*read.table) == Rows{{"区财政局", "90"}});

  std::vector<std::string> streamed;
  const CsvResult stream =
      StreamCsvFile(path, [&](const RecordView& record) { streamed.emplace_back(record.Text(0)); });
  CHECK(stream.problems.empty());
  CHECK(streamed == std::vector<std::string>{"区财政局"});
  CHECK_FALSE(StreamCsvFile((dir / "没有.csv").string(), [](const RecordView&) {}).table);

  const CsvResult missing = ReadCsvFile((dir / "没有.csv").string());
  CHECK_FALSE(missing.table);
  const CsvProblem& problem = OnlyProblem(missing);
  CHECK(problem.file == (dir / "没有.csv").string());
  CHECK(problem.message_zh.find("文件不存在") != std::string::npos);
  CHECK(problem.message_en.find("No such file or directory") != std::string::npos);

  const CsvResult directory = ReadCsvFile(dir.string());
  CHECK_FALSE(directory.table);
  CHECK(OnlyProblem(directory).message_zh.find("文件夹") != std::string::npos);
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------- robustness

/// Writes `rows` as Excel would: quoting fields that need it.
std::string Write(const Rows& rows, std::string_view line_end) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      const std::string& field = row[i];
      if (field.find_first_of(",\"\r\n \t") == std::string::npos &&
          field.find("\xE3\x80\x80") == std::string::npos) {
        out += field;
        continue;
      }
      out += '"';
      for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += line_end;
  }
  return out;
}

TEST_CASE("csv: a file written to while it is read is reported", "[csv]") {
  // The first pass vouches for the bytes; one written after it (here by the
  // sink, which runs while the file is parsed) may not be what it checked.
  const TempFile file("单位,总分\n区财政局,90\n区教育局,85\n");
  int records = 0;
  const CsvResult changed = StreamCsvFile(file.path, [&](const RecordView&) {
    if (++records == 1)
      std::ofstream(file.path, std::ios::binary | std::ios::app) << "区林业局,\xFF\n";
  });
  CHECK(records >= 2);
  REQUIRE(changed.problems.size() == 1);
  CHECK(changed.problems[0].line == 0);
  CHECK(changed.problems[0].message_en.find("changed while it was being read") !=
        std::string::npos);
  CHECK(changed.problems[0].message_zh.find("被改动了") != std::string::npos);
  // Read again, untouched, the file has no such problem (its bad byte is
  // now what is reported).
  const CsvResult again = ReadCsvFile(file.path);
  REQUIRE(again.problems.size() == 1);
  CHECK(again.problems[0].message_en.find("changed") == std::string::npos);
}

TEST_CASE("csv: what Excel writes reads back the same", "[csv]") {
  const std::vector<std::string> pieces = {
      "a", "9", ",", "\"", "\n", " ", "\t", "单", "\xE3\x80\x80", "😀", "\"\"", "x y"};
  std::mt19937 random(20261122);
  for (int round = 0; round < 300; ++round) {
    const size_t width = 1 + random() % 5;
    Rows rows;
    for (size_t r = 0; r < 1 + random() % 6; ++r) {
      auto& row = rows.emplace_back();
      for (size_t c = 0; c < width; ++c) {
        std::string field = r == 0 ? "h" + std::to_string(c) : "";
        for (size_t k = random() % 5; k > 0; --k) field += pieces[random() % pieces.size()];
        row.push_back(field);
      }
    }
    // A single empty field would be an empty line, which is skipped.
    if (width == 1) {
      for (auto& row : rows) row[0] += "z";
    }
    const std::string text = Write(rows, round % 2 == 0 ? "\r\n" : "\n");
    INFO(text);
    const CsvTable table = Clean(text);
    CHECK(Texts(table.header) == rows[0]);
    CHECK(RecordTexts(table) == Rows(rows.begin() + 1, rows.end()));
    const CsvResult result = Parse(text);
    CheckInvariants(text, result);
    CheckStreamMatches(text, result);
    CheckFileMatches(text, result);
  }
}

TEST_CASE("csv: random bytes never break the reader", "[csv]") {
  std::mt19937 random(20261123);
  const std::string alphabet =
      std::string(",\"\r\n \t a1\xE3\x80\x80单\0\xFF\x81\xB5\xA5\xEF\xBB\xBF"sv);
  for (int round = 0; round < 5000; ++round) {
    std::string bytes;
    const size_t length = random() % 64;
    for (size_t i = 0; i < length; ++i) {
      bytes += round % 3 == 0 ? static_cast<char>(random() & 0xFF)
                              : alphabet[random() % alphabet.size()];
    }
    INFO(bytes);
    const CsvResult result = Parse(bytes);
    CheckInvariants(bytes, result);
    if (round % 10 == 0) {
      CheckStreamMatches(bytes, result);
      CheckFileMatches(bytes, result);
    }
  }
}

TEST_CASE("csv: every truncation of a tricky file", "[csv]") {
  const std::string tricky =
      "\xEF\xBB\xBF 单位 ,\"总\"\"分\",\xE3\x80\x80备注\xE3\x80\x80\r\n"
      "\r\n"
      "区财政局,\"9\r\n0\",\"a,b\"\r"
      "\"x\"y,ab\"c,\n"
      ",,\n"
      "\"\"\"\",😀,\"\n\"\n\n";
  for (size_t cut = 0; cut <= tricky.size(); ++cut) {
    const std::string prefix = tricky.substr(0, cut);
    INFO("cut at " << cut);
    const CsvResult result = Parse(prefix);
    CheckInvariants(prefix, result);
    CheckStreamMatches(prefix, result);
    CheckFileMatches(prefix, result);
  }
  // Read from a file in pieces of every size up to the whole file, the
  // window of text read so far ends at every place in it: inside a BOM, a
  // character, a CRLF (of a record or of an empty line), a quoted field.
  for (size_t piece = 1; piece <= tricky.size(); ++piece) {
    INFO("pieces of " << piece);
    CheckFileMatches(tricky, Parse(tricky), {piece});
  }
  for (const std::string_view gbk : {kGbk}) {
    for (size_t cut = 0; cut <= gbk.size(); ++cut) {
      CheckInvariants(gbk.substr(0, cut), Parse(gbk.substr(0, cut)));
    }
  }
}

TEST_CASE("csv: huge lines and fields take linear time", "[csv]") {
  // Each text is parsed in memory, and read from a file in pieces far
  // smaller than its one record (the record is read again as they grow).
  const auto each_reading = [](const std::string& text,
                               const std::function<void(const CsvResult&)>& check) {
    check(Parse(text));
    const TempFile file(text);
    check(ReadCsvFile(file.path, 4'096));
  };
  constexpr size_t kSize = 10 << 20;
  std::string many_fields = "a\n";
  while (many_fields.size() < kSize) many_fields += "单,";
  many_fields += "\n";
  each_reading(many_fields, [](const CsvResult& wide) {
    REQUIRE(wide.table);
    REQUIRE(wide.table->records.size() == 1);
    const std::vector<Field>& fields = wide.table->records[0].fields;
    CHECK(fields.back().column == static_cast<int>(2 * (fields.size() - 1) + 1));
    CHECK(wide.problems.size() == 1);  // the ragged row
  });

  std::string one_field = "a\n\"";
  while (one_field.size() < kSize) one_field += "x\"\"\n";
  each_reading(one_field, [&](const CsvResult& unterminated) {
    REQUIRE(unterminated.table);
    CHECK(unterminated.table->records[0].fields[0].text.size() == (one_field.size() - 3) / 4 * 3);
    CHECK(OnlyProblem(unterminated).line == 2);
  });

  std::string quotes = "a\nx";
  while (quotes.size() < kSize) quotes += "\"\"\"\"";
  each_reading(quotes, [](const CsvResult& stray) { CHECK(OnlyProblem(stray).column == 2); });
}

// Run by hand, timed, in an optimised build (main.cpp as for the tests):
//   g++ -std=c++17 -O2 -I. runtime/io/csv.cpp tests/runtime/csv_test.cpp main.cpp -o bench
//   ./bench "[.bench]"
// With CSV_BENCH_WARM set, each reader runs once untimed first, so that the
// timed run finds its memory already mapped (set GLIBC_TUNABLES=
// glibc.malloc.trim_threshold=4000000000 too, or free() gives it back).
TEST_CASE("csv: bench 1e6 rows of 12 columns", "[.bench]") {
  constexpr int kRows = 1000000;
  std::string text = "单位,年份,季度,指标1,指标2,指标3,指标4,指标5,指标6,备注,等次,\"总分\"\r\n";
  text.reserve(size_t{90} * kRows);
  std::mt19937 random(1);
  for (int r = 0; r < kRows; ++r) {
    text += "区财政局" + std::to_string(r % 97) + ",2024,Q" + std::to_string(r % 4 + 1);
    for (int c = 0; c < 6; ++c) text += "," + std::to_string(random() % 100000) + ".5";
    text += r % 10 == 0 ? ",\"含,逗号\"" : ",无";
    text += ",良,88\r\n";
  }
  const bool warm = std::getenv("CSV_BENCH_WARM") != nullptr;
  const auto ms = [](auto start) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - start)
                                      .count());
  };
  std::printf("%.1f MB, %d rows x 12 columns%s\n", static_cast<double>(text.size()) / 1e6, kRows,
              warm ? ", warm" : "");
  {
    if (warm) Parse(text);
    const auto start = std::chrono::steady_clock::now();
    const CsvResult result = Parse(text);
    const long long parsed = ms(start);
    REQUIRE(result.table);
    CHECK(result.problems.empty());
    CHECK(result.table->records.size() == kRows);
    std::printf("  ParseCsv:  %lld ms\n", parsed);
  }
  {
    size_t bytes = 0;
    const auto sink = [&](const RecordView& record) {
      for (size_t f = 0; f < record.Size(); ++f) bytes += record.Text(f).size();
    };
    if (warm) StreamCsv(text, "t.csv", sink);
    const auto start = std::chrono::steady_clock::now();
    const CsvResult result = StreamCsv(text, "t.csv", sink);
    const long long streamed = ms(start);
    CHECK(result.problems.empty());
    CHECK(bytes > 0);
    std::printf("  StreamCsv: %lld ms\n", streamed);
  }
}

}  // namespace
}  // namespace arl::io
