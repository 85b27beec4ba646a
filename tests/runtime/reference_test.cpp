// The columnar engine against the reference evaluator, on every 测试 block of
// every rule file in the repository and on random data in the shape of each
// program's tables; and the engine against itself with input rows shuffled,
// and run twice.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "compiler/driver/pipeline.h"
#include "compiler/driver/test_blocks.h"
#include "compiler/ir/from_checked.h"
#include "runtime/exec/exec.h"
#include "runtime/io/load.h"
#include "runtime/io/output.h"
#include "tests/driver/rule_files.h"
#include "tests/random.h"
#include "tests/runtime/reference_eval.h"

namespace arl {
namespace {

using column::State;
using ir::ValueKind;
using value::Decimal;

/// A rule file checked and lowered.
struct Loaded {
  std::string path;
  driver::Compilation compilation;
  ir::Program program;
};

/// Every rule file: the repository's (libraries too: their 测试 blocks call
/// functions), and the evaluation goldens. Files that do not check (there are
/// deliberately bad ones among the goldens) are left out.
const std::vector<std::unique_ptr<Loaded>>& Programs() {
  static const auto* programs = [] {
    auto* out = new std::vector<std::unique_ptr<Loaded>>;
    std::vector<std::string> files = testing::RepositoryRuleFiles();
    for (const auto& e : std::filesystem::directory_iterator("tests/golden/eval"))
      if (e.path().extension() == ".arl") files.push_back(e.path().generic_u8string());
    std::sort(files.begin(), files.end());
    for (const std::string& path : files) {
      auto l = std::make_unique<Loaded>();
      l->path = path;
      base::Diagnostics diags;
      if (!driver::LoadAndCheck(path, l->compilation, diags)) continue;
      l->program = ir::FromChecked(*l->compilation.program, diags);
      if (diags.ErrorCount() > 0) continue;
      out->push_back(std::move(l));
    }
    return out;
  }();
  return *programs;
}

// ---- Random data in the shape of a program's tables.

using testing::Rng;

/// A number cell: few distinct values (so there are ties), the bounds of 范围
/// and points between them, now and then one outside.
std::string NumberCell(const ir::Column& c, Rng& rng) {
  if (c.range_low && c.range_high) {
    const Decimal lo = *c.range_low, hi = *c.range_high;
    if (rng.Percent(2)) {
      Decimal above;
      return hi.Add(Decimal::FromInt(1), &above) ? above.ToString() : "x";
    }
    Decimal span, step, v;
    hi.Sub(lo, &span);
    span.Div(Decimal::FromInt(4), 2, value::Rounding::kDown, &step);
    step.Mul(Decimal::FromInt(static_cast<std::int64_t>(rng.Below(5))), &v);
    v.Add(lo, &v);
    if (c.display.integer) v.Round(0, value::Rounding::kDown, &v);
    return v.ToString();
  }
  if (c.display.integer) return std::to_string(rng.Below(5));
  if (c.display.percent)
    return rng.Pick(std::vector<std::string>{"0", "40%", "0.5", "100%", "25%"});
  return rng.Pick(std::vector<std::string>{"0", "1", "2", "3", "5", "7.5", "10", "12.25", "60",
                                           "85", "89.99", "90", "95", "100", "-1", "0.1"});
}

std::string Cell(const ir::Column& c, Rng& rng, const std::vector<std::vector<std::string>>& keys) {
  if (rng.Percent(4)) return "";
  switch (c.display.kind) {
    case ValueKind::kNumber:
      return rng.Percent(1) ? "abc" : NumberCell(c, rng);
    case ValueKind::kBool:
      return rng.Pick(std::vector<std::string>{"是", "否", "是", "否", "true", "0"});
    case ValueKind::kEnum:
      return rng.Percent(1) ? "未知" : rng.Pick(c.display.members);
    case ValueKind::kText:
      return rng.Pick(std::vector<std::string>{"甲", "乙", "丙丁", "x"});
    case ValueKind::kRef: {
      const auto& targets = keys[static_cast<size_t>(c.display.table)];
      if (targets.empty() || rng.Percent(2)) return "不存在";
      return rng.Pick(targets);
    }
  }
  return "";
}

/// One CSV table per program table, as read from files. With `duplicates`
/// some entity keys repeat (the loader then drops the later row).
std::vector<io::CsvTable> RandomTables(const ir::Program& p, Rng& rng, bool duplicates) {
  std::vector<std::vector<std::string>> keys(p.tables.size());
  for (size_t t = 0; t < p.tables.size(); ++t) {
    if (!p.tables[t].entity) continue;
    const size_t n = rng.Below(11);
    for (size_t i = 0; i < n; ++i) keys[t].push_back(fmt::format("{}{}", p.tables[t].name, i + 1));
  }
  std::vector<io::CsvTable> tables(p.tables.size());
  for (size_t t = 0; t < p.tables.size(); ++t) {
    const ir::Table& table = p.tables[t];
    io::CsvTable& csv = tables[t];
    csv.file = table.name + ".csv";
    for (const ir::Column& c : table.columns) csv.header.push_back(io::Field{c.name, 1, 1, false});
    const size_t rows = table.entity ? keys[t].size() : rng.Below(16);
    for (size_t i = 0; i < rows; ++i) {
      io::Record rec;
      rec.line = static_cast<int>(i) + 2;
      for (const ir::Column& c : table.columns) {
        std::string text;
        if (c.is_key) {
          text = duplicates && i > 0 && rng.Percent(5) ? keys[t][rng.Below(i)] : keys[t][i];
        } else {
          text = Cell(c, rng, keys);
        }
        rec.fields.push_back(io::Field{text, rec.line, static_cast<int>(rec.fields.size()) + 1});
      }
      csv.records.push_back(std::move(rec));
    }
  }
  return tables;
}

io::Loaded Load(const ir::Program& p, const std::vector<io::CsvTable>& tables) {
  std::vector<const io::CsvTable*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  return io::LoadCsvTables(p, ptrs, false);
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string s;
  for (size_t i = 0; i < lines.size() && i < 20; ++i) s += lines[i] + "\n";
  return s;
}

TEST_CASE("the rule files are found and lowered", "[reference]") {
  // Guards the tests below against passing because they saw nothing.
  CHECK(Programs().size() >= 10);
}

TEST_CASE("the reference evaluator agrees on every 测试 block", "[reference]") {
  size_t blocks = 0;
  for (const auto& l : Programs()) {
    for (const driver::TestInputs& in :
         driver::LoadTestInputs(l->compilation, l->program, base::Lang::kEn)) {
      INFO(l->path << ": 测试 \"" << in.test->name << "\"");
      // With its 预期 f(…) lines lowered, as `arl test` runs it.
      base::Diagnostics diags;
      const ir::Program program = ir::FromChecked(*l->compilation.program, diags, in.test);
      const exec::Results columnar = exec::Evaluate(program, in.loaded.data, in.overrides);
      const reference::Results ref = reference::Evaluate(program, in.loaded.data, in.overrides);
      const auto diffs = reference::Compare(program, in.loaded.data, columnar, ref);
      INFO(Joined(diffs));
      CHECK(diffs.empty());
      ++blocks;
    }
  }
  CHECK(blocks >= 15);
}

TEST_CASE("the reference evaluator agrees on random data", "[reference]") {
  for (const auto& l : Programs()) {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
      Rng rng(seed * 7919 + l->path.size());
      const auto tables = RandomTables(l->program, rng, true);
      const io::Loaded loaded = Load(l->program, tables);
      const exec::Results columnar = exec::Evaluate(l->program, loaded.data);
      const reference::Results ref = reference::Evaluate(l->program, loaded.data);
      const auto diffs = reference::Compare(l->program, loaded.data, columnar, ref);
      INFO(l->path << ", seed " << seed << "\n" << Joined(diffs));
      REQUIRE(diffs.empty());
    }
  }
}

/// Rules given as text, checked and lowered (REQUIREd to check).
std::unique_ptr<Loaded> FromText(const std::string& name, const std::string& rules) {
  auto l = std::make_unique<Loaded>();
  l->path = name;
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndCheck(name, l->compilation, diags, rules));
  l->program = ir::FromChecked(*l->compilation.program, diags);
  REQUIRE(diags.ErrorCount() == 0);
  return l;
}

/// A CSV table of `header` whose record i holds cells(i).
template <typename Cells>
io::CsvTable Table(const std::string& name, const std::vector<std::string>& header, size_t rows,
                   Cells cells) {
  io::CsvTable csv;
  csv.file = name + ".csv";
  for (const std::string& h : header) csv.header.push_back(io::Field{h, 1, 1, false});
  for (size_t i = 0; i < rows; ++i) {
    io::Record rec;
    rec.line = static_cast<int>(i) + 2;
    for (const std::string& text : cells(i))
      rec.fields.push_back(io::Field{text, rec.line, static_cast<int>(rec.fields.size()) + 1});
    csv.records.push_back(std::move(rec));
  }
  return csv;
}

/// The columnar engine and the reference evaluator on the same tables.
void CheckAgainstReference(const ir::Program& program, const std::vector<io::CsvTable>& tables) {
  const io::Loaded loaded = Load(program, tables);
  const exec::Results columnar = exec::Evaluate(program, loaded.data);
  const reference::Results ref = reference::Evaluate(program, loaded.data);
  const auto diffs = reference::Compare(program, loaded.data, columnar, ref);
  INFO(Joined(diffs));
  REQUIRE(diffs.empty());
}

TEST_CASE("ranks of many rows, tied and negative, agree with the reference evaluator",
          "[reference]") {
  // The random tables above have at most ten rows; a sort of a thousand (by
  // radix on the keys' bytes) must still put equal keys in row order, minus
  // before plus, and each group apart, ascending and descending.
  const std::string rules = R"(政策 排序示例 "排序示例"
实体 单位 依据 "一" {
  类别: 枚举 (甲, 乙, 丙)
  得分: 分
  年限: 整数
}
输出 单位.名次: 整数 依据 "一" = 排名(得分 从高到低, 按 类别, 并列 从优)
输出 单位.升序名次: 整数 依据 "一" = 排名(得分 从低到高, 并列 连续)
输出 单位.两键名次: 整数 依据 "一" = 排名(得分 从高到低, 并列 依 年限 从高到低 并列 从优)
输出 单位.末位: 是否 依据 "一" = 倒数(得分, 15, 并列 从优)
输出 单位.等次 依据 "一" = 分等 (优, 良, 差) {
  排序 得分 从高到低, 按 类别, 并列 从优
  优 名额 100
  良 占比 40% 向下
  差 其余
}
)";
  const auto l = FromText("排序.arl", rules);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    Rng rng(seed);
    const auto cells = [&](size_t i) {
      // Scores from -40 to 40 in steps of 0.25 (many ties, both signs), an
      // empty one now and then, and in the last round one past 64 bits of
      // raw count now and then (the column is then sorted as Decimals).
      Decimal quarter;
      Decimal::FromInt(static_cast<std::int64_t>(rng.Below(321)) - 160)
          .Div(Decimal::FromInt(4), 2, value::Rounding::kHalfUp, &quarter);
      const std::string score = rng.Percent(1)                ? ""
                                : seed == 3 && rng.Percent(1) ? "123456789012.5"
                                                              : quarter.ToString();
      return std::vector<std::string>{fmt::format("单位{}", i),
                                      rng.Pick(std::vector<std::string>{"甲", "乙", "丙"}), score,
                                      std::to_string(rng.Below(4))};
    };
    CheckAgainstReference(l->program,
                          {Table("单位", {"单位", "类别", "得分", "年限"}, 1'000, cells)});
  }
}

TEST_CASE("同一 … 只取最高 over many rows agrees with the reference evaluator", "[reference]") {
  // Keys of 同一 in text, enum members and numbers (one past 64 bits in the
  // last round, missing now and then in the second); over children, over
  // everyone, and correlated under a leading key equality (the pairs' keys
  // then read once per source row, the join keys numbered by code).
  const auto l = FromText("同一.arl", R"(政策 同一示例 "同一示例"
实体 单位 依据 "一" {
  类别: 枚举 (甲, 乙, 丙)
}
记录 表彰 属于 单位 依据 "一" {
  奖项: 文本
  级别: 枚举 (区, 市, 省)
  编号: 数?
  分值: 分
}
输出 单位.按文本: 分 依据 "一" = 合计(表彰.分值, 同一 表彰.奖项 只取最高)
输出 单位.按枚举: 分 依据 "一" = 合计(表彰.分值, 同一 表彰.级别 只取最低)
输出 单位.按数: 分 依据 "一" = 合计(表彰.分值, 同一 表彰.编号 只取最高)
输出 单位.全体按文本: 分 依据 "一" = 合计(全体 表彰.分值, 同一 表彰.奖项 只取最高)
输出 单位.同类按数: 分 依据 "一" = 合计(全体 表彰.分值, 其中 表彰.单位.类别 = 类别, 同一 表彰.编号 只取最高)
输出 单位.同类按文本: 分 依据 "一" = 合计(全体 表彰.分值, 其中 表彰.单位.类别 = 类别 且 表彰.分值 < 3分, 同一 表彰.奖项 只取最低)
)");
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    Rng rng(seed);
    const auto units = Table("单位", {"单位", "类别"}, 150, [&](size_t i) {
      return std::vector<std::string>{fmt::format("单位{}", i),
                                      rng.Pick(std::vector<std::string>{"甲", "乙", "丙"})};
    });
    const auto awards = Table("表彰", {"单位", "奖项", "级别", "编号", "分值"}, 1'200, [&](size_t) {
      // A missing key is an error for every row that sees it, so only in
      // the second round.
      const std::string number = seed == 2 && rng.Percent(1)   ? ""
                                 : seed == 3 && rng.Percent(2) ? "123456789012.5"
                                                               : std::to_string(rng.Below(6));
      return std::vector<std::string>{
          fmt::format("单位{}", rng.Below(seed == 2 ? 151 : 150)),  // a unit not there (round 2)
          rng.Pick(std::vector<std::string>{"先进集体", "先进个人", "优秀", "x"}),
          rng.Pick(std::vector<std::string>{"区", "市", "省"}), number,
          std::to_string(rng.Below(5))};
    });
    CheckAgainstReference(l->program, {units, awards});
  }
}

// ---- Row order and determinism.

/// Each row's results keyed by where the row came from (its line), so two
/// runs over the same rows in different orders can be compared. References
/// are shown as the key they name.
std::map<std::string, std::string> ByOrigin(const ir::Program& p, const column::Dataset& data,
                                            const exec::Results& results) {
  std::map<std::string, std::string> out;
  for (const ir::Definition& def : p.definitions) {
    const auto slot = static_cast<size_t>(def.slot);
    if (def.table < 0) {
      const column::Column& c = results.globals[slot];
      out[def.name] = c.Has(0) ? io::FormatValue(p, data, def.display, c, 0)
                               : (c.state[0] == State::kNone ? "(无)" : "(错误)");
      continue;
    }
    const auto t = static_cast<size_t>(def.table);
    const column::Column& c = results.tables[t][slot];
    for (size_t r = 0; r < data.tables[t].rows; ++r) {
      const std::string where =
          fmt::format("{}:{}.{}", p.tables[t].name, data.tables[t].origins[r].line, def.name);
      out[where] = c.Has(r) ? io::FormatValue(p, data, def.display, c, r)
                            : (c.state[r] == State::kNone ? "(无)" : "(错误)");
    }
  }
  return out;
}

/// The errors, each as its row's origin, rule and message, sorted.
std::vector<std::string> Errors(const column::Dataset& data, const exec::Results& results) {
  std::vector<std::string> out;
  for (const exec::RowError& e : results.errors) {
    const std::string row = e.table < 0 ? ""
                                        : std::to_string(data.tables[static_cast<size_t>(e.table)]
                                                             .origins[static_cast<size_t>(e.row)]
                                                             .line);
    out.push_back(fmt::format("{}:{} {} {} {}", e.table, row, e.definition, e.param, e.message.en));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("shuffling input rows changes no row's results", "[reference]") {
  for (const auto& l : Programs()) {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      Rng rng(seed * 104729 + l->path.size());
      auto tables = RandomTables(l->program, rng, false);
      const io::Loaded before = Load(l->program, tables);
      const exec::Results a = exec::Evaluate(l->program, before.data);
      for (io::CsvTable& t : tables) {
        for (size_t i = t.records.size(); i > 1; --i)
          std::swap(t.records[i - 1], t.records[rng.Below(i)]);
      }
      const io::Loaded after = Load(l->program, tables);
      const exec::Results b = exec::Evaluate(l->program, after.data);
      INFO(l->path << ", seed " << seed);
      REQUIRE(ByOrigin(l->program, before.data, a) == ByOrigin(l->program, after.data, b));
      REQUIRE(Errors(before.data, a) == Errors(after.data, b));
    }
  }
}

TEST_CASE("keeping only outputs changes no output and releases the rest", "[reference]") {
  for (const auto& l : Programs()) {
    Rng rng(7);
    const auto tables = RandomTables(l->program, rng, true);
    const io::Loaded loaded = Load(l->program, tables);
    const exec::Results all = exec::Evaluate(l->program, loaded.data);
    const exec::Results outputs = exec::Evaluate(l->program, loaded.data, {}, exec::Keep::kOutputs);
    INFO(l->path);
    CHECK(io::WriteJson(l->program, loaded.data, all, {}) ==
          io::WriteJson(l->program, loaded.data, outputs, {}));
    CHECK(all.errors.size() == outputs.errors.size());
    for (const ir::Definition& d : l->program.definitions) {
      if (d.output || d.table < 0) continue;
      const bool read =
          std::any_of(l->program.definitions.begin(), l->program.definitions.end(),
                      [&](const ir::Definition& other) {
                        return std::find(other.reads.begin(), other.reads.end(),
                                         &d - &l->program.definitions[0]) != other.reads.end();
                      });
      INFO(d.name);
      if (read && loaded.data.tables[static_cast<size_t>(d.table)].rows > 0)
        CHECK(outputs.tables[static_cast<size_t>(d.table)][static_cast<size_t>(d.slot)].Size() ==
              0);
    }
  }
}

TEST_CASE("releasing input columns after their last reader changes no result", "[reference]") {
  // `arl run` empties each input column (but a table's first, its key) once
  // no definition left reads it: the results, errors and JSON must be those
  // of keeping everything, and the columns must really go.
  size_t released = 0;
  for (const auto& l : Programs()) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      Rng rng(seed * 31 + l->path.size());
      const auto tables = RandomTables(l->program, rng, true);
      const io::Loaded kept = Load(l->program, tables);
      io::Loaded loaded = Load(l->program, tables);
      const exec::Results all = exec::Evaluate(l->program, kept.data);
      const exec::Results results = exec::EvaluateReleasingInputs(l->program, loaded.data);
      INFO(l->path << ", seed " << seed);
      CHECK(io::WriteJson(l->program, loaded.data, results, {}) ==
            io::WriteJson(l->program, kept.data, all, {}));
      REQUIRE(results.errors.size() == all.errors.size());
      for (size_t i = 0; i < all.errors.size(); ++i) {
        CHECK(results.errors[i].row == all.errors[i].row);
        CHECK(results.errors[i].message.en == all.errors[i].message.en);
      }
      for (size_t t = 0; t < loaded.data.tables.size(); ++t) {
        const auto& columns = loaded.data.tables[t].columns;
        CHECK(columns[0].Size() == kept.data.tables[t].columns[0].Size());  // the key stays
        for (size_t c = 1; c < columns.size(); ++c) {
          if (columns[c].Size() == 0 && kept.data.tables[t].rows > 0) ++released;
        }
      }
    }
  }
  CHECK(released > 100);
}

TEST_CASE("the same rules and data give the same bytes", "[reference]") {
  for (const auto& l : Programs()) {
    Rng rng(42);
    const auto tables = RandomTables(l->program, rng, true);
    const io::Loaded loaded = Load(l->program, tables);
    const std::string first =
        io::WriteJson(l->program, loaded.data, exec::Evaluate(l->program, loaded.data), {});
    const std::string second =
        io::WriteJson(l->program, loaded.data, exec::Evaluate(l->program, loaded.data), {});
    INFO(l->path);
    CHECK(first == second);
  }
}

}  // namespace
}  // namespace arl
