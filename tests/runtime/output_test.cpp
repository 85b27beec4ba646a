// Unit tests for arl::io's JSON output: a table large enough to be written
// in pieces on two threads comes out as the document written row by row.
// main() comes from catch_main.cpp, built once without our strict warnings.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/pipeline.h"
#include "compiler/ir/from_checked.h"
#include "runtime/exec/exec.h"
#include "runtime/io/csv.h"
#include "runtime/io/load.h"
#include "runtime/io/output.h"

namespace arl::io {
namespace {

const char* const kRules = R"(政策 输出检查 "JSON 输出"

实体 单位 依据 "一" {
  类别: 枚举 (甲类, 乙类)
  总分: 分?
}

输出 单位.得分: 分 依据 "一" = 总分 * 2
输出 单位.档次: 文本 依据 "二" = 如果 总分 >= 100分 则 "高" 否则 "低"
)";

TEST_CASE("json: a large table written in pieces on two threads is the document row by row",
          "[output]") {
  driver::Compilation compilation;
  base::Diagnostics diags;
  const bool checked = driver::LoadAndCheck("test.arl", compilation, diags, kRules);
  for (const base::Diagnostic& d : diags.Sorted()) INFO(d.code + " " + d.message.en);
  REQUIRE(checked);
  const ir::Program program = ir::FromChecked(*compilation.program, diags);
  REQUIRE(diags.ErrorCount() == 0);

  // Enough rows for a dozen pieces and a part of one; every row different,
  // every seventh without a score (its results are errors), so that a piece out of place shows.
  constexpr size_t kRows = 12 * 4096 + 123;
  std::string csv = "单位,类别,总分\n";
  for (size_t i = 0; i < kRows; ++i) {
    csv += "单位" + std::to_string(i) + (i % 3 == 0 ? ",乙类," : ",甲类,");
    if (i % 7 != 0) csv += std::to_string(i % 200) + ".25";
    csv += "\n";
  }
  const CsvResult parsed = ParseCsv(csv, "单位.csv");
  REQUIRE(parsed.table);
  const Loaded loaded = LoadCsvTables(program, {&*parsed.table}, false);
  REQUIRE(loaded.problems.empty());
  const exec::Results results = exec::Evaluate(program, loaded.data);
  CHECK_FALSE(results.errors.empty());  // the rows without a score: null

  std::string expected = "{\"policy\": \"输出检查\", \"results\": {\n  \"单位\": [";
  for (size_t i = 0; i < kRows; ++i) {
    expected += i == 0 ? "\n    {" : ",\n    {";
    expected += "\"单位\": \"单位" + std::to_string(i) + "\", \"得分\": ";
    const size_t score = i % 200;
    expected += i % 7 == 0 ? "null" : std::to_string(score * 2) + ".5";
    expected += ", \"档次\": ";
    expected += i % 7 == 0 ? "null" : score >= 100 ? "\"高\"" : "\"低\"";
    expected += "}";
  }
  expected += "\n  ]\n}, \"warnings\": [\"一个提醒\"]}\n";

  std::vector<std::string> pieces;
  WriteJson(program, loaded.data, results, {"一个提醒"},
            [&](std::string_view piece) { pieces.emplace_back(piece); });
  CHECK(pieces.size() > 12);
  std::string joined;
  for (const std::string& piece : pieces) joined += piece;
  CHECK(joined == expected);
  CHECK(WriteJson(program, loaded.data, results, {"一个提醒"}) == expected);
}

}  // namespace
}  // namespace arl::io
