// Unit tests for arl::io's JSON input: values as cell text, positions,
// structure problems, the loader's checks at JSON positions, robustness,
// and the same Dataset as the CSV folder it mirrors; and a CSV folder,
// streamed, against the same files read whole.
// main() comes from catch_main.cpp, built once without our strict warnings.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "compiler/base/utf8.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"
#include "compiler/ir/from_checked.h"
#include "runtime/io/json_input.h"
#include "runtime/io/load.h"

namespace arl::io {
namespace {

using column::State;
using value::Decimal;

/// A rule program and what it was compiled from.
struct Rules {
  driver::Compilation compilation;
  base::Diagnostics diags;
  ir::Program program;
};

std::unique_ptr<Rules> Compile(const std::string& text) {
  auto rules = std::make_unique<Rules>();
  REQUIRE(driver::LoadAndCheck("test.arl", rules->compilation, rules->diags, text));
  rules->program = ir::FromChecked(*rules->compilation.program, rules->diags);
  REQUIRE(rules->diags.ErrorCount() == 0);
  return rules;
}

const char* const kRules = R"(政策 输入检查 "JSON 输入"

实体 单位 依据 "一" {
  类别: 枚举 (甲类, 乙类)
  总分: 分 范围 0..100
  否决: 是否 空为 否
  金额: 数?
  备注: 文本?
}

记录 扣分 属于 单位 依据 "二" {
  事项: 文本
  分值: 分
}

输出 单位.得分: 分 依据 "一" = 总分 - 合计(扣分.分值)
)";

const ir::Program& Program() {
  static const std::unique_ptr<Rules> rules = Compile(kRules);
  return rules->program;
}

std::string Messages(const std::vector<DataProblem>& problems) {
  std::string all;
  for (const DataProblem& p : problems) {
    all += (p.warning ? "warning " : "error ") + p.file + ":" + std::to_string(p.line) + ":" +
           std::to_string(p.column) + ": " + p.message.en + " | " + p.message.zh + "\n";
  }
  return all;
}

Loaded Load(std::string_view json) {
  return LoadJson(Program(), json, "d.json");
}

/// Loads a document that must give no problem at all.
Loaded Clean(std::string_view json) {
  Loaded loaded = Load(json);
  INFO(Messages(loaded.problems));
  CHECK(loaded.problems.empty());
  return loaded;
}

/// The single problem of `loaded`.
DataProblem Only(const Loaded& loaded) {
  INFO(Messages(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  return loaded.problems[0];
}

void CheckAt(const DataProblem& p, int line, int column, const std::string& en_part) {
  INFO(p.message.en);
  CHECK(p.file == "d.json");
  CHECK(p.line == line);
  CHECK(p.column == column);
  CHECK(p.message.en.find(en_part) != std::string::npos);
  CHECK(!p.message.zh.empty());
}

constexpr size_t kUnit = 0;  // tables of kRules
constexpr size_t kDeduction = 1;
constexpr size_t kCategory = 1;  // columns of 单位
constexpr size_t kScore = 2;
constexpr size_t kVeto = 3;
constexpr size_t kAmount = 4;
constexpr size_t kNote = 5;

const char* const kNoDeductions = R"(, "扣分": []})";

std::string Units(const std::string& rows) {
  return R"({"单位": [)" + rows + "]" + kNoDeductions;
}

TEST_CASE("json: numbers arrive as written, never through a double", "[json]") {
  const Loaded loaded = Clean(Units(R"(
    {"单位": "甲", "类别": "甲类", "总分": 0.1, "金额": 12345678901234567890.123456789012},
    {"单位": "乙", "类别": "乙类", "总分": 99.999999999999, "金额": -0.000000000001},
    {"单位": "丙", "类别": "乙类", "总分": "85", "金额": null})"));
  const auto& t = loaded.data.tables[kUnit];
  REQUIRE(t.rows == 3);
  CHECK(t.columns[kScore].Number(0) == *Decimal::Parse("0.1"));
  CHECK(t.columns[kAmount].Number(0).ToString() == "12345678901234567890.123456789012");
  CHECK(t.columns[kScore].Number(1) == *Decimal::Parse("99.999999999999"));
  CHECK(t.columns[kAmount].Number(1) == *Decimal::Parse("-0.000000000001"));
  CHECK(t.columns[kScore].Number(2) == Decimal::FromInt(85));  // a string reads like a CSV cell
  // The exact text reaches ReadCell: an exponent is not a number there.
  const JsonTables tables = ParseJsonTables(
      Program(), Units(R"({"单位": "甲", "金额": -1.5e+3, "总分": 0.10})"), "d.json");
  REQUIRE(tables.tables[kUnit]);
  const auto& record = tables.tables[kUnit]->records.at(0);
  CHECK(record.fields.at(1).text == "-1.5e+3");
  CHECK(record.fields.at(2).text == "0.10");
  CHECK_FALSE(record.fields.at(1).quoted);
}

TEST_CASE("json: an exponent is reported at the number", "[json]") {
  const Loaded loaded = Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1E2})"));
  CheckAt(Only(loaded), 1, 39, "`1E2` is not a number");
  CHECK(loaded.data.tables[kUnit].columns[kScore].state[0] == State::kError);
}

TEST_CASE("json: yes/no as true/false, 是/否, 1/0; null and \"\" are empty", "[json]") {
  const Loaded loaded = Clean(Units(R"(
    {"单位": "A", "类别": "甲类", "总分": 1, "否决": true, "备注": null},
    {"单位": "B", "类别": "甲类", "总分": 1, "否决": false, "备注": ""},
    {"单位": "C", "类别": "甲类", "总分": 1, "否决": "是", "备注": "x"},
    {"单位": "D", "类别": "甲类", "总分": 1, "否决": "否"},
    {"单位": "E", "类别": "甲类", "总分": 1, "否决": 1},
    {"单位": "F", "类别": "甲类", "总分": 1, "否决": 0},
    {"单位": "G", "类别": "甲类", "总分": 1, "否决": null})"));
  const auto& veto = loaded.data.tables[kUnit].columns[kVeto];
  REQUIRE(veto.Size() == 7);
  const std::vector<int> expected = {1, 0, 1, 0, 1, 0, 0};  // G: 空为 否
  for (size_t i = 0; i < expected.size(); ++i) {
    CHECK(veto.state[i] == State::kValue);
    CHECK(veto.codes[i] == expected[i]);
  }
  const auto& note = loaded.data.tables[kUnit].columns[kNote];
  CHECK(note.state[0] == State::kNone);
  CHECK(note.state[1] == State::kNone);
  CHECK(note.texts[2] == "x");
  CHECK(note.state[3] == State::kNone);  // left out of the row
}

TEST_CASE("json: strings are kept as written, escapes decoded", "[json]") {
  const Loaded loaded =
      Clean(Units(R"({"单位": " 甲\u4e59\n", "类别": "甲类", "总分": 1, "备注": "a\"b\\c\t"})"));
  CHECK(loaded.data.tables[kUnit].keys[0] == " 甲乙\n");
  CHECK(loaded.data.tables[kUnit].columns[kNote].texts.at(0) == "a\"b\\c\t");
}

TEST_CASE("json: a required cell a row leaves out is empty, named at the row", "[json]") {
  const Loaded loaded = Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1},
    {"单位": "乙", "总分": 2})"));
  CheckAt(Only(loaded), 2, 5, "needs a value");
  CHECK(Only(loaded).message.en.find("类别") != std::string::npos);
  CHECK(loaded.data.tables[kUnit].columns[kCategory].state[1] == State::kError);
}

TEST_CASE("json: a column no row has", "[json]") {
  SECTION("optional or with 空为: empty everywhere") {
    const Loaded loaded = Clean(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1})"));
    CHECK(loaded.data.tables[kUnit].columns[kNote].state[0] == State::kNone);
    CHECK(loaded.data.tables[kUnit].columns[kVeto].codes[0] == 0);
  }
  SECTION("required: missing, once, as in a CSV file") {
    const Loaded loaded = Load(Units(R"({"单位": "甲", "总分": 1}, {"单位": "乙", "总分": 2})"));
    CheckAt(Only(loaded), 1, 2, "no row of 单位 has the column 类别");
    CHECK(loaded.data.tables[kUnit].rows == 2);
    CHECK(loaded.data.tables[kUnit].columns[kCategory].state[0] == State::kError);
    CHECK(loaded.data.tables[kUnit].columns[kCategory].state[1] == State::kError);
  }
  SECTION("the key: no row is loaded") {
    const Loaded loaded =
        Load(Units(R"({"类别": "甲类", "总分": 1}, {"类别": "甲类", "总分": 2})"));
    CheckAt(Only(loaded), 1, 2, "no row of 单位 has the column 单位; the table was not loaded");
    CHECK(loaded.data.tables[kUnit].rows == 0);
  }
  SECTION("no rows at all: nothing is missing") {
    const Loaded loaded = Clean(R"({"单位": [], "扣分": []})");
    CHECK(loaded.data.tables[kUnit].rows == 0);
    CHECK(loaded.data.tables[kDeduction].rows == 0);
  }
}

TEST_CASE("json: an unknown column is a warning at its first name", "[json]") {
  const Loaded loaded = Load(Units(R"(
    {"单位": "甲", "类别": "甲类", "总分": 1},
    {"单位": "乙", "类别": "甲类", "总分": 1, "总份": 3},
    {"单位": "丙", "类别": "甲类", "总分": 1, "总份": 4})"));
  const DataProblem p = Only(loaded);
  CHECK(p.warning);
  CheckAt(p, 3, 38, "has no column `总份`");
  CHECK(p.message.en.find("did you mean `总分`?") != std::string::npos);
  CHECK_FALSE(loaded.HasErrors());
}

TEST_CASE("json: an unknown table is a warning with a suggestion, and skipped", "[json]") {
  const Loaded loaded = Load(R"({"单位": [], "扣分": [],
  "单伟": [{"x": [1, {"y": 2}]}]})");
  const DataProblem p = Only(loaded);
  CHECK(p.warning);
  CheckAt(p, 2, 3, "the rules have no table `单伟`");
  CHECK(p.message.en.find("did you mean `单位`?") != std::string::npos);
  CHECK(p.message.zh.find("是不是 `单位`?") != std::string::npos);
}

TEST_CASE("json: a table the document lacks is an error", "[json]") {
  const Loaded loaded = Load(R"({"单位": []})");
  CheckAt(Only(loaded), 1, 1, "the document has no table 扣分");
}

TEST_CASE("json: a key repeated in a table: the loader's error at the JSON value", "[json]") {
  const Loaded loaded = Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1},
    {"单位": "甲", "类别": "乙类", "总分": 2})"));
  CheckAt(Only(loaded), 2, 12, "`甲` repeats line 1");
  CHECK(loaded.data.tables[kUnit].rows == 1);
}

TEST_CASE("json: a reference to a missing key", "[json]") {
  const Loaded loaded = Load(R"({"单位": [{"单位": "甲", "类别": "甲类", "总分": 1}],
"扣分": [
  {"单位": "甲", "事项": "迟报", "分值": 0.5},
  {"单位": "乙", "事项": "漏报", "分值": 1}
]})");
  CheckAt(Only(loaded), 4, 10, "no `乙` in 单位");
  CHECK(loaded.data.tables[kDeduction].rows == 2);
  CHECK(loaded.data.tables[kDeduction].columns[0].state[1] == State::kError);
}

TEST_CASE("json: a value out of range, with its line and column", "[json]") {
  const Loaded loaded = Load(Units(R"(
    {"单位": "甲", "类别": "甲类", "总分": 100},
    {"单位": "乙", "类别": "甲类", "总分": 100.5})"));
  CheckAt(Only(loaded), 3, 35, "100.5 is outside the range 0..100");
  CHECK(loaded.data.tables[kUnit].columns[kScore].state[1] == State::kError);
}

TEST_CASE("json: an enumeration member that is not one", "[json]") {
  const Loaded loaded = Load(Units(R"({"单位": "甲", "类别": "丙类", "总分": 1})"));
  CheckAt(Only(loaded), 1, 27, "`丙类` is not one of the values");
}

TEST_CASE("json: syntax errors are one positioned error and load nothing", "[json]") {
  struct Case {
    std::string json;
    int line, column;
    std::string en;
  };
  const std::vector<Case> cases = {
      {"{\"单位\": [\n  {\"单位\": \"甲\",}\n]}", 2, 14, "a member name in double quotes"},
      {"{\"单位\": [1, 2,]}", 1, 14, "no comma after the last item"},
      {"{'单位': []}", 1, 2, "double quotes"},
      {"{\"单位\": [] // c\n}", 1, 11, "JSON has no comments"},
      {"{\"单位\": [{\"单位\": \"甲}]}", 1, 16, "no closing double quote"},
      {"{\"单位\": []} {}", 1, 12, "should end here"},
      {"{\"单位\" []}", 1, 7, "colon"},
      {"{\"单位\": [01]}", 1, 10, "JSON syntax error"},
      {"{\"单位\": [1.]}", 1, 11, "decimal point"},
      {"{\"单位\": [\"\\x\"]}", 1, 10, "invalid escape"},
      {"{\"单位\": [\"\\ud800\"]}", 1, 10, "surrogate"},
      {"{\"单位\": [1e400]}", 1, 9, "too large"},
      {"{\"单位\": [", 1, 9, "JSON syntax error"},
      {"{\"单位\": [\"a\tb\"]}", 1, 11, "control character"},
      {"{\"单位\": [NaN]}", 1, 9, "a value was expected"},
      {"\n , {}", 2, 2, "must start with `{`"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    const Loaded loaded = Load(c.json);
    const DataProblem p = Only(loaded);
    CHECK_FALSE(p.warning);
    CheckAt(p, c.line, c.column, c.en);
    CHECK(p.message.zh.rfind("JSON 语法错误: ", 0) == 0);
    CHECK(loaded.data.tables.size() == Program().tables.size());
    CHECK(loaded.data.tables[kUnit].rows == 0);
  }
}

TEST_CASE("json: an object or array as a cell is an error slot at its position", "[json]") {
  const Loaded loaded = Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": {"值": 1}},
    {"单位": "乙", "类别": "甲类", "总分": 1, "备注": [1, [2]]})"));
  INFO(Messages(loaded.problems));
  REQUIRE(loaded.problems.size() == 2);  // not also "总分 is empty"
  CheckAt(loaded.problems[0], 1, 39, "总分: a cell must be a string, a number, true/false or null");
  CheckAt(loaded.problems[1], 2, 44, "备注: a cell must be");
  CHECK(loaded.problems[1].message.en.find("not an array") != std::string::npos);
  const auto& t = loaded.data.tables[kUnit];
  REQUIRE(t.rows == 2);
  CHECK(t.columns[kScore].state[0] == State::kError);
  CHECK(t.columns[kNote].state[1] == State::kError);  // optional, yet not silently empty
  CHECK(t.columns[kScore].state[1] == State::kValue);
}

TEST_CASE("json: a member repeated in one row: error at the second", "[json]") {
  const Loaded loaded =
      Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1, "总分": 2, "备注": "x"})"));
  CheckAt(Only(loaded), 1, 42, "总分 appears twice in this row (first at line 1, column 33)");
  const auto& t = loaded.data.tables[kUnit];
  CHECK(t.columns[kScore].state[0] == State::kError);
  CHECK(t.columns[kNote].texts[0] == "x");
}

TEST_CASE("json: a key repeated in one row: the first is used", "[json]") {
  const Loaded loaded = Load(Units(R"({"单位": "甲", "单位": "乙", "类别": "甲类", "总分": 1})"));
  CheckAt(Only(loaded), 1, 21,
          "单位 appears twice in this row (first at line 1, column 10); the first is used");
  REQUIRE(loaded.data.tables[kUnit].keys.size() == 1);
  CHECK(loaded.data.tables[kUnit].keys[0] == "甲");
  CHECK(loaded.HasErrors());
}

TEST_CASE("json: a table named twice: the second is not loaded", "[json]") {
  const Loaded loaded = Load(R"({"单位": [], "扣分": [], "单位": [{"单位": "甲"}]})");
  CheckAt(Only(loaded), 1, 22, "the table 单位 appears twice (first at line 1, column 2)");
  CHECK(loaded.data.tables[kUnit].rows == 0);
}

TEST_CASE("json: wrong shapes are errors at their position", "[json]") {
  SECTION("top level an array") {
    const Loaded loaded = Load("\n  [{\"单位\": []}]");
    CheckAt(Only(loaded), 2, 3, "the top level must be an object");
    CHECK(Only(loaded).message.en.find("not an array") != std::string::npos);
  }
  SECTION("top level a string") {
    CheckAt(Only(Load("\"单位\"")), 1, 1, "not a string");
  }
  SECTION("a table that is not an array") {
    const Loaded loaded = Load(R"({"单位": {"单位": "甲"}, "扣分": []})");
    CheckAt(Only(loaded), 1, 8, "the value of 单位 must be an array of rows");
  }
  SECTION("a row that is not an object") {
    const Loaded loaded =
        Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1}, ["乙", "甲类", 2], "丙", null)"));
    INFO(Messages(loaded.problems));
    REQUIRE(loaded.problems.size() == 3);
    CheckAt(loaded.problems[0], 1, 43, "each row of 单位 must be an object");
    CheckAt(loaded.problems[1], 1, 59, "not a string");
    CheckAt(loaded.problems[2], 1, 64, "not null");
    CHECK(loaded.data.tables[kUnit].rows == 1);
  }
}

TEST_CASE("json: files that are no JSON document", "[json]") {
  SECTION("empty") {
    const DataProblem p = Only(Load(""));
    CHECK(p.line == 0);
    CHECK(p.message.en == "the file is empty");
    CHECK(Only(Load(" \r\n\t")).message.en == "the file is empty");
    CHECK(Only(Load("\xEF\xBB\xBF")).message.en == "the file is empty");
  }
  SECTION("invalid UTF-8 (GBK), positioned") {
    CheckAt(Only(Load("{\"单位\": [\n {\"备注\": \"\xD6\xD0\"}]}")), 2, 10, "invalid byte 0xD6");
  }
  SECTION("UTF-16") {
    CHECK(Only(Load("\xFF\xFE{\0}\0")).message.en.find("UTF-16") != std::string::npos);
  }
  SECTION("a NUL byte") {
    CheckAt(Only(Load(std::string("{\"单位\": []}\0{}", 15))), 1, 11, "NUL byte");
  }
  SECTION("U+0000 escaped in a string") {
    const Loaded loaded =
        Load(Units(R"({"单位": "甲", "类别": "甲类", "总分": 1, "备注": "a\u0000"})"));
    CheckAt(Only(loaded), 1, 48, "U+0000");
    CHECK(loaded.data.tables[kUnit].columns[kNote].state[0] == State::kError);
  }
  SECTION("a file that cannot be read") {
    const Loaded loaded = LoadJsonFile(Program(), "/nonexistent/d.json");
    const DataProblem p = Only(loaded);
    CHECK(p.line == 0);
    CHECK(p.file == "/nonexistent/d.json");
    CHECK(p.message.en.find("cannot read the file") != std::string::npos);
    CHECK(loaded.data.tables.size() == Program().tables.size());
  }
}

TEST_CASE("json: a UTF-8 BOM is accepted and not counted as a column", "[json]") {
  const Loaded loaded =
      Load("\xEF\xBB\xBF" + Units(R"({"单位": "甲", "类别": "甲类", "总分": 101})"));
  CheckAt(Only(loaded), 1, 39, "101 is outside the range");
}

TEST_CASE("json: columns count characters; CR, LF and CRLF end lines", "[json]") {
  const Loaded loaded = Load(
      "{\"扣分\": [],\r\n\"单位\": [\r{\"单位\": \"甲\", \"类别\": \"甲类\",\n\"总分\": -1}]}");
  CheckAt(Only(loaded), 4, 7, "-1 is outside the range");
}

TEST_CASE("json: a row over several lines: each value at its own line", "[json]") {
  const Loaded loaded = Load(R"({
  "扣分": [],
  "单位": [
    {
      "单位": "甲",
      "类别": "甲类",
      "总分": 100.5,
      "未知": 1
    },
    {
      "单位": "甲",
      "类别": "乙类",
      "总分": 1
    }
  ]
})");
  INFO(Messages(loaded.problems));
  REQUIRE(loaded.problems.size() == 3);
  // In document order, the reader's and the loader's together.
  CheckAt(loaded.problems[0], 7, 13, "100.5 is outside the range");
  CheckAt(loaded.problems[1], 8, 7, "has no column `未知`");
  CheckAt(loaded.problems[2], 11, 13, "`甲` repeats line 4");
  REQUIRE(loaded.data.tables[kUnit].origins.size() == 1);
  CHECK(loaded.data.tables[kUnit].origins[0].line == 4);  // a row is where its `{` is
}

TEST_CASE("json: a one-line document of many rows keeps exact columns", "[json]") {
  std::string rows;
  constexpr int kRows = 20000;
  for (int i = 0; i < kRows; ++i) {
    rows += (i ? "," : "") + std::string(R"({"单位": "单位)") + std::to_string(i) +
            R"(", "类别": "甲类", "总分": )" + (i == kRows - 1 ? "-5" : "5") + "}";
  }
  const std::string json = Units(rows);
  const Loaded loaded = Load(json);
  const DataProblem p = Only(loaded);
  CHECK(p.line == 1);
  // The last 总分 value: its offset in code points, plus one.
  const size_t offset = json.rfind("-5");
  CHECK(p.column == 1 + static_cast<int>(base::CodePointCount(json.substr(0, offset))));
  CHECK(loaded.data.tables[kUnit].rows == kRows);
}

TEST_CASE("json: deep nesting neither recurses nor crashes", "[json]") {
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  CheckAt(Only(Load(deep)), 1, 1, "the top level must be an object");
  const std::string cell = Units(R"({"单位": "甲", "备注": )" + deep + "}");
  const Loaded loaded = Load(cell);
  INFO(Messages(loaded.problems));
  REQUIRE(loaded.problems.size() == 3);  // 类别 and 总分 missing, then the deep cell
  CHECK(loaded.problems[2].message.en.find("备注: a cell must be") != std::string::npos);
  CheckAt(Only(Load(std::string(1000000, '['))), 1, 1000001, "JSON syntax error");
}

TEST_CASE("json: every truncation and random damage of a document", "[json]") {
  const std::string doc = R"({"单位": [{"单位": "甲", "类别": "甲类", "总分": 1.5, "否决": true,
  "备注": "a\"\\b\u00e9"}, {"单位": "乙", "类别": "乙类", "总分": 2, "金额": null}],
  "扣分": [{"单位": "甲", "事项": "迟报", "分值": 0.5}]})";
  Clean(doc);
  for (size_t n = 0; n < doc.size(); ++n) {
    const Loaded loaded = Load(doc.substr(0, n));
    INFO(n);
    CHECK(loaded.HasErrors());
    for (const DataProblem& p : loaded.problems) CHECK(!p.message.en.empty());
  }
  std::mt19937 random(20240601);
  for (int round = 0; round < 2000; ++round) {
    std::string damaged = doc;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = random() % damaged.size();
      damaged[at] = "{}[]\",:0-.e\\ \n\x80\xE7tfnu"[random() % 20];
    }
    const Loaded loaded = Load(damaged);
    for (const DataProblem& p : loaded.problems) {
      CHECK(!p.message.en.empty());
      CHECK(p.file == "d.json");
    }
    CHECK(loaded.data.tables.size() == Program().tables.size());
  }
}

TEST_CASE("json: too many problems are counted, not listed", "[json]") {
  std::string rows;
  for (int i = 0; i < 300; ++i) rows += (i ? "," : "") + std::string("1");
  const Loaded loaded = Load(Units(rows));
  REQUIRE(loaded.problems.size() == kMaxCsvProblems + 1);
  CHECK(loaded.problems.back().message.en == "100 more problems are not listed");
}

/// Every slot of two datasets, compared.
void CheckSameData(const column::Dataset& a, const column::Dataset& b) {
  REQUIRE(a.tables.size() == b.tables.size());
  for (size_t t = 0; t < a.tables.size(); ++t) {
    const auto& x = a.tables[t];
    const auto& y = b.tables[t];
    CHECK(x.rows == y.rows);
    CHECK(x.keys == y.keys);
    REQUIRE(x.columns.size() == y.columns.size());
    for (size_t c = 0; c < x.columns.size(); ++c) {
      INFO("table " << t << ", column " << c);
      CHECK(x.columns[c].state == y.columns[c].state);
      CHECK(x.columns[c].codes == y.columns[c].codes);
      CHECK(x.columns[c].texts == y.columns[c].texts);
      if (x.columns[c].kind != ir::ValueKind::kNumber) continue;
      for (size_t r = 0; r < x.columns[c].Size(); ++r) {
        if (x.columns[c].state[r] == State::kValue)
          CHECK(x.columns[c].Number(r) == y.columns[c].Number(r));
      }
    }
  }
}

TEST_CASE("json: the yinhai data as JSON loads and runs as its CSV folder", "[json]") {
  const std::string root = ARL_SOURCE_ROOT;
  const std::string rules = root + "/docs/examples/yinhai.arl";
  const std::string folder = root + "/docs/examples/data/yinhai";
  const std::string json = root + "/tests/runtime/data/yinhai.json";
  const std::optional<std::string> text = driver::ReadFile(rules);
  REQUIRE(text);
  const auto compiled = Compile(*text);
  const Loaded from_csv = LoadCsvFolder(compiled->program, folder);
  const Loaded from_json = LoadJsonFile(compiled->program, json);
  INFO(Messages(from_csv.problems) + Messages(from_json.problems));
  CHECK(from_csv.problems.empty());
  CHECK(from_json.problems.empty());
  CHECK(from_json.data.tables.at(0).rows == 10);
  CheckSameData(from_csv.data, from_json.data);

  driver::RunRequest request;
  request.rules = rules;
  request.data = folder;
  const driver::RunOutcome csv_run = driver::Run(request);
  request.data = json;
  const driver::RunOutcome json_run = driver::Run(request);
  INFO(csv_run.err + json_run.err);
  CHECK(csv_run.exit == 0);
  CHECK(json_run.exit == 0);
  CHECK(json_run.err.empty());
  CHECK(json_run.out == csv_run.out);
  CHECK(json_run.out.find("区发改局") != std::string::npos);
}

TEST_CASE("csv: a folder streamed loads as its files read whole", "[json]") {
  // LoadCsvFolder streams each file in pieces (parsed on a second thread
  // past 16,384 lines) and looks references up in batches; LoadCsvTables
  // takes the files read whole. Good and bad cells of every kind must give
  // the same data and the same problems, in the same order.
  const auto rules = Compile(R"(政策 流式读入 "测试"

实体 单位 依据 "一" {
  类别: 枚举 (甲类, 乙类)
  总分: 分 范围 0..100
  否决: 是否 空为 否
  比例: 百分比?
  人数: 整数?
  金额: 数?
}

记录 扣分 属于 单位 依据 "二" {
  分值: 分
  核实: 是否
}

输出 单位.得分: 分 依据 "一" = 总分 - 合计(扣分.分值)
)");
  std::mt19937 random(20261207);
  const auto pick = [&](std::vector<std::string> cells) { return cells[random() % cells.size()]; };
  std::string units = "单位,类别,总分,否决,比例,人数,金额\n";
  std::string deductions = "单位,分值,核实\n";
  for (int i = 0; i < 20'000; ++i) {
    const std::string key = "单位" + std::to_string(i % 19'990);  // some repeat
    units += key + "," + pick({"甲类", "乙类", "丙类", ""}) + "," +
             pick({"95", "95.5", "0", "100", "120", "-1", "9x", "", "1.0000000000001"}) + "," +
             pick({"是", "否", "true", "0", "", "也许"}) + "," +
             pick({"30%", "0.3", "150%", "3%%", ""}) + "," + pick({"12", "12.5", "", "x"}) + "," +
             pick({"99999999999", "-5.25", "123456789012345678901234567", ""}) + "\n";
    deductions += pick({key, "单位" + std::to_string(random() % 30'000)}) + "," +
                  pick({"1", "0.5", "", "x"}) + "," + pick({"是", "否", "1", "x", ""}) + "\n";
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("arl_stream_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "单位.csv", std::ios::binary) << units;
  std::ofstream(dir / "扣分.csv", std::ios::binary) << deductions;
  const Loaded streamed = LoadCsvFolder(rules->program, dir.string());
  const CsvResult unit_file = ReadCsvFile((dir / "单位.csv").string());
  const CsvResult deduction_file = ReadCsvFile((dir / "扣分.csv").string());
  std::filesystem::remove_all(dir);
  REQUIRE(unit_file.table);
  REQUIRE(deduction_file.table);
  const Loaded whole =
      LoadCsvTables(rules->program, {&*unit_file.table, &*deduction_file.table}, false);
  CHECK(streamed.problems.size() > 1'000);
  CHECK(Messages(streamed.problems) == Messages(whole.problems));
  CHECK(streamed.data.tables.at(0).rows > 19'000);
  CheckSameData(streamed.data, whole.data);
}

TEST_CASE("csv: a table whose columns are faulted in aside loads every cell as written", "[json]") {
  // Past 16 MiB of reserved columns the loader maps their pages on a thread
  // of its own while the rows are read into them: 300,000 rows of eight
  // number columns are about 22 MB.
  const auto rules = Compile(R"(政策 大表 "测试"

实体 单位 依据 "一" {
  甲: 分
  乙: 分
  丙: 分
  丁: 分
  戊: 分
  己: 分
  庚: 分
  辛: 分?
}
)");
  constexpr int kRows = 300'000;
  std::string units = "单位,甲,乙,丙,丁,戊,己,庚,辛\n";
  for (int i = 0; i < kRows; ++i) {
    units += "单位" + std::to_string(i);
    for (int c = 0; c < 7; ++c) units += "," + std::to_string(i % 1000 + c) + ".5";
    units += i % 3 == 0 ? ",\n" : ",-" + std::to_string(i) + "\n";
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("arl_prefault_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "单位.csv", std::ios::binary) << units;
  const Loaded loaded = LoadCsvFolder(rules->program, dir.string());
  std::filesystem::remove_all(dir);
  CHECK(loaded.problems.empty());
  const column::TableData& t = loaded.data.tables.at(0);
  REQUIRE(t.rows == kRows);
  size_t wrong = 0;
  for (int i = 0; i < kRows; ++i) {
    const auto r = static_cast<size_t>(i);
    if (t.keys[r] != "单位" + std::to_string(i)) ++wrong;
    for (size_t c = 1; c <= 7; ++c) {
      const Decimal want =
          *Decimal::Parse(std::to_string(i % 1000 + static_cast<int>(c) - 1) + ".5");
      if (t.columns[c].state[r] != State::kValue || t.columns[c].Number(r) != want) ++wrong;
    }
    const bool has = i % 3 != 0;
    if ((t.columns[8].state[r] == State::kValue) != has ||
        (has && t.columns[8].Number(r) != Decimal::FromInt(-i))) {
      ++wrong;
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("json: arl run names a JSON file it cannot read, and data problems", "[json]") {
  const std::string root = ARL_SOURCE_ROOT;
  driver::RunRequest request;
  request.rules = root + "/docs/examples/yinhai.arl";
  request.data = "/nonexistent/data.json";
  request.lang = base::Lang::kEn;
  const driver::RunOutcome missing = driver::Run(request);
  CHECK(missing.exit == 1);
  CHECK(missing.err.find("/nonexistent/data.json: cannot read the file") != std::string::npos);
}

}  // namespace
}  // namespace arl::io
