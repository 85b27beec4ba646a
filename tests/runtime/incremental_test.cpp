// Baseline::Rerun against a fresh Evaluate: on the five samples and on every
// 测试 block's data, for random scenarios (parameters set, input cells
// edited, emptied or made errors), every column, parameter and error must be
// the same; and a change recomputes only what reads it.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"
#include "compiler/driver/test_blocks.h"
#include "compiler/ir/from_checked.h"
#include "runtime/exec/exec.h"
#include "runtime/exec/incremental.h"
#include "tests/driver/rule_files.h"
#include "tests/random.h"

namespace arl {
namespace {

namespace fs = std::filesystem;
using column::Column;
using column::State;
using ir::ValueKind;
using value::Decimal;

using testing::Rng;

Decimal Number(const char* text) {
  return *Decimal::Parse(text);
}

/// A number for a cell or parameter shown as `d`: few distinct values (ties),
/// zero (a divisor), the bounds of `范围` and points between them.
Decimal RandomNumber(const ir::Display& d, Rng& rng, const std::optional<Decimal>& low = {},
                     const std::optional<Decimal>& high = {}) {
  if (low && high) {
    Decimal span, step, v;
    high->Sub(*low, &span);
    span.Div(Decimal::FromInt(4), 2, value::Rounding::kDown, &step);
    step.Mul(Decimal::FromInt(static_cast<std::int64_t>(rng.Below(5))), &v);
    v.Add(*low, &v);
    if (d.integer) v.Round(0, value::Rounding::kDown, &v);
    return v;
  }
  if (d.integer) return Decimal::FromInt(static_cast<std::int64_t>(rng.Below(25)));
  if (d.percent) {
    return Number(rng.Pick(std::vector<const char*>{"0", "0.1", "0.5", "0.8", "1", "1.2"}));
  }
  return Number(
      rng.Pick(std::vector<const char*>{"0", "1", "2.5", "5", "10", "30", "60", "80", "85.5",
                                        "89.99", "90", "95", "100", "-1", "3000", "0.1", "99999"}));
}

/// Sets slot `row` of `c` to a random value of its kind.
void SetRandom(Column& c, size_t row, const ir::Display& d, Rng& rng,
               const std::optional<Decimal>& low = {}, const std::optional<Decimal>& high = {}) {
  switch (c.kind) {
    case ValueKind::kNumber:
      c.SetNumber(row, RandomNumber(d, rng, low, high));
      break;
    case ValueKind::kBool:
      c.SetCode(row, rng.Percent(50) ? 1 : 0);
      break;
    case ValueKind::kEnum:
      c.SetCode(row, static_cast<std::int32_t>(rng.Below(std::max<size_t>(d.members.size(), 1))));
      break;
    case ValueKind::kText:
      c.SetText(row, rng.Pick(std::vector<std::string>{"甲", "乙", "丙丁", "x", ""}));
      break;
    case ValueKind::kRef:
      break;  // references stay the same in a scenario
  }
}

/// A scenario: parameters set and cells edited on a copy of the data.
struct Scenario {
  column::Dataset data;
  std::vector<exec::Override> overrides;
  std::vector<exec::ColumnId> edited;
  std::string what;  // for failure messages
};

Scenario RandomScenario(const ir::Program& p, const column::Dataset& data,
                        const exec::Results& baseline, Rng& rng) {
  Scenario s;
  s.data = data;
  for (size_t i = 0; i < p.params.size(); ++i) {
    if (!rng.Percent(35)) continue;
    const ir::Param& param = p.params[i];
    if (param.display.kind == ValueKind::kRef) continue;
    exec::Override o;
    o.param = static_cast<std::int32_t>(i);
    if (rng.Percent(20)) {
      o.value = baseline.params[i];  // set, but to the value it has
    } else {
      o.value = Column(param.display.kind, 1);
      SetRandom(o.value, 0, param.display, rng);
    }
    s.what += fmt::format("--set {}; ", param.name);
    s.overrides.push_back(std::move(o));
  }
  std::vector<exec::ColumnId> editable;
  for (size_t t = 0; t < p.tables.size(); ++t) {
    if (data.tables[t].rows == 0) continue;
    for (size_t c = 0; c < p.tables[t].columns.size(); ++c) {
      const ir::Column& col = p.tables[t].columns[c];
      if (col.is_key || col.is_parent || col.display.kind == ValueKind::kRef) continue;
      editable.emplace_back(static_cast<std::int32_t>(t), static_cast<std::int32_t>(c));
    }
  }
  const size_t edits = editable.empty() ? 0 : rng.Below(5);
  for (size_t e = 0; e < edits; ++e) {
    const auto [t, c] = rng.Pick(editable);
    const ir::Column& col = p.tables[static_cast<size_t>(t)].columns[static_cast<size_t>(c)];
    column::TableData& table = s.data.tables[static_cast<size_t>(t)];
    Column& cells = table.columns[static_cast<size_t>(c)];
    const size_t row = rng.Below(table.rows);
    // Empty where the loader can leave a cell empty; now and then an error
    // slot (a cell the loader could not read).
    const bool can_be_empty = col.display.optional || col.blank_param >= 0;
    if (can_be_empty && rng.Percent(25)) {
      cells.state[row] = State::kNone;
    } else if (rng.Percent(5)) {
      cells.state[row] = State::kError;
    } else {
      SetRandom(cells, row, col.display, rng, col.range_low, col.range_high);
    }
    s.edited.emplace_back(t, c);
    s.what += fmt::format("edit {}.{}[{}]; ", p.tables[static_cast<size_t>(t)].name, col.name, row);
  }
  return s;
}

// ---- Comparing results exactly.

std::string Cell(const Column& c, size_t r) {
  if (c.state[r] == State::kNone) return "(无)";
  if (c.state[r] == State::kError) return "(错误)";
  switch (c.kind) {
    case ValueKind::kNumber:
      return c.Number(r).ToString();
    case ValueKind::kText:
      return "\"" + c.texts[r] + "\"";
    default:
      return std::to_string(c.codes[r]);
  }
}

void CompareColumn(const std::string& what, const Column& a, const Column& b,
                   std::vector<std::string>& out) {
  if (a.kind != b.kind || a.Size() != b.Size()) {
    out.push_back(fmt::format("{}: kind {} size {} vs kind {} size {}", what,
                              static_cast<int>(a.kind), a.Size(), static_cast<int>(b.kind),
                              b.Size()));
    return;
  }
  for (size_t r = 0; r < a.Size(); ++r) {
    bool same = a.state[r] == b.state[r];
    if (same && a.state[r] == State::kValue) {
      switch (a.kind) {
        case ValueKind::kNumber:
          same = a.Number(r).Raw() == b.Number(r).Raw();
          break;
        case ValueKind::kText:
          same = a.texts[r] == b.texts[r];
          break;
        default:
          same = a.codes[r] == b.codes[r];
          break;
      }
    }
    if (!same) out.push_back(fmt::format("{}[{}]: {} vs {}", what, r, Cell(a, r), Cell(b, r)));
  }
}

std::string ErrorText(const exec::RowError& e) {
  return fmt::format("table {} row {} definition {} param {} span {}:{}-{} {}", e.table, e.row,
                     e.definition, e.param, e.span.file, e.span.begin, e.span.end, e.message.en);
}

/// Every difference between `rerun` and `fresh`; empty if none.
std::vector<std::string> Differences(const ir::Program& p, const exec::Results& rerun,
                                     const exec::Results& fresh) {
  std::vector<std::string> out;
  if (rerun.tables.size() != fresh.tables.size() || rerun.globals.size() != fresh.globals.size() ||
      rerun.params.size() != fresh.params.size()) {
    out.push_back("different shapes");
    return out;
  }
  for (size_t i = 0; i < p.params.size(); ++i)
    CompareColumn("param " + p.params[i].name, rerun.params[i], fresh.params[i], out);
  for (const ir::Definition& d : p.definitions) {
    const auto slot = static_cast<size_t>(d.slot);
    if (d.table < 0) {
      CompareColumn(d.name, rerun.globals[slot], fresh.globals[slot], out);
    } else {
      const auto t = static_cast<size_t>(d.table);
      CompareColumn(d.QualifiedName(p.tables), rerun.tables[t][slot], fresh.tables[t][slot], out);
    }
  }
  const size_t n = std::max(rerun.errors.size(), fresh.errors.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string a = i < rerun.errors.size() ? ErrorText(rerun.errors[i]) : "(none)";
    const std::string b = i < fresh.errors.size() ? ErrorText(fresh.errors[i]) : "(none)";
    const bool same = a == b && rerun.errors[i].message.zh == fresh.errors[i].message.zh;
    if (!same) out.push_back(fmt::format("error {}: {} vs {}", i, a, b));
  }
  return out;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string s;
  for (size_t i = 0; i < lines.size() && i < 20; ++i) s += lines[i] + "\n";
  return s;
}

// ---- The programs and data.

/// samples/<name>/<name>.arl over samples/<name>/data, prepared as `arl run` does.
std::unique_ptr<driver::Prepared> Sample(const std::string& name) {
  driver::RunRequest request;
  request.rules = "samples/" + name + "/" + name + ".arl";
  request.data = "samples/" + name + "/data";
  driver::RunOutcome outcome;
  auto prepared = driver::Prepare(request, outcome, [](const char*) {});
  INFO(outcome.err);
  REQUIRE(prepared != nullptr);
  return prepared;
}

const std::vector<std::string> kSamples = {"livelihood", "qts-bureau", "township", "yinhai",
                                           "zhongshan"};

/// Runs `count` random scenarios against `baseline`: each through a
/// ScenarioResults kept from one to the next (so columns changed by one are
/// put back for the next), and every third also through a fresh Rerun.
/// Returns how many scenarios recomputed fewer definitions than all.
size_t CheckScenarios(const ir::Program& program, const column::Dataset& data,
                      const std::vector<exec::Override>& overrides, std::uint64_t seed,
                      size_t count, const std::string& where) {
  const exec::Baseline baseline(program, data, overrides);
  const exec::Results plain = exec::Evaluate(program, data, overrides);
  {
    INFO(where << ": the baseline itself");
    const auto diffs = Differences(program, baseline.results(), plain);
    INFO(Joined(diffs));
    REQUIRE(diffs.empty());
  }
  Rng rng(seed);
  exec::ScenarioResults kept;
  size_t partial = 0;
  for (size_t i = 0; i < count; ++i) {
    Scenario s = RandomScenario(program, data, baseline.results(), rng);
    // The baseline's own overrides stay unless the scenario sets them.
    for (const exec::Override& o : overrides) {
      if (std::none_of(s.overrides.begin(), s.overrides.end(),
                       [&](const exec::Override& x) { return x.param == o.param; }))
        s.overrides.push_back(o);
    }
    const exec::Results fresh = exec::Evaluate(program, s.data, s.overrides);
    baseline.Rerun(s.data, s.overrides, s.edited, kept);
    INFO(where << ", scenario " << i << ": " << s.what);
    const auto diffs = Differences(program, kept.results(), fresh);
    INFO(Joined(diffs));
    REQUIRE(diffs.empty());
    if (kept.stats().recomputed.size() < program.order.size()) ++partial;
    if (i % 3 == 0) {
      const auto again = Differences(program, baseline.Rerun(s.data, s.overrides, s.edited), fresh);
      INFO("a fresh Rerun:\n" << Joined(again));
      REQUIRE(again.empty());
    }
  }
  const auto after = Differences(program, baseline.results(), plain);
  INFO(where << ": the baseline after the reruns\n" << Joined(after));
  REQUIRE(after.empty());
  return partial;
}

TEST_CASE("reruns of the samples equal fresh evaluations", "[incremental]") {
  for (const std::string& name : kSamples) {
    const auto prepared = Sample(name);
    const size_t partial =
        CheckScenarios(prepared->program, prepared->loaded.data, prepared->overrides,
                       std::hash<std::string>{}(name) % 1000 + 17, 300, name);
    // Guards against passing by recomputing everything every time.
    INFO(name);
    CHECK(partial > 30);
  }
}

TEST_CASE("reruns on every 测试 block's data equal fresh evaluations", "[incremental]") {
  std::vector<std::string> files = testing::RepositoryRuleFiles();
  for (const auto& e : fs::directory_iterator("tests/golden/eval"))
    if (e.path().extension() == ".arl") files.push_back(e.path().generic_u8string());
  std::sort(files.begin(), files.end());
  size_t blocks = 0;
  for (const std::string& path : files) {
    driver::Compilation compilation;
    base::Diagnostics diags;
    if (!driver::LoadAndCheck(path, compilation, diags)) continue;
    const ir::Program program = ir::FromChecked(*compilation.program, diags);
    if (diags.ErrorCount() > 0) continue;
    std::uint64_t seed = 1;
    for (const driver::TestInputs& in :
         driver::LoadTestInputs(compilation, program, base::Lang::kEn)) {
      CheckScenarios(program, in.loaded.data, in.overrides, seed++, 40,
                     path + ": 测试 \"" + in.test->name + "\"");
      ++blocks;
    }
  }
  CHECK(blocks >= 15);
}

/// The names of `definitions`.
std::set<std::string> Names(const ir::Program& p, const std::vector<std::int32_t>& definitions) {
  std::set<std::string> out;
  for (std::int32_t d : definitions) out.insert(p.definitions[static_cast<size_t>(d)].name);
  return out;
}

/// The names of the definitions `stats` says were recomputed.
std::set<std::string> Names(const ir::Program& p, const exec::RerunStats& stats) {
  return Names(p, stats.recomputed);
}

exec::Override Set(const ir::Program& p, const char* name, const char* value) {
  exec::Override o;
  o.param = p.FindParam(name);
  REQUIRE(o.param >= 0);
  o.value = Column(p.params[static_cast<size_t>(o.param)].display.kind, 1);
  o.value.SetNumber(0, Number(value));
  return o;
}

TEST_CASE("a change recomputes only what reads it", "[incremental]") {
  const auto prepared = Sample("zhongshan");
  const ir::Program& p = prepared->program;
  const column::Dataset& data = prepared->loaded.data;
  const exec::Baseline baseline(p, data);
  const std::set<std::string> tiers_and_money{"不合格",   "等次",     "单位奖金", "主要领导奖励",
                                              "单位罚款", "个人奖金", "个人罚款"};
  // At 97 only 区城管局 (96.3) moves, a 区直部门 whose 单位奖金 is 0 either
  // way: 主要领导奖励, which reads only 单位奖金 and 有否决, is not recomputed.
  std::set<std::string> at_97 = tiers_and_money;
  at_97.erase("主要领导奖励");

  SECTION("nothing changed: nothing recomputed") {
    // 不合格线 set, but to its default.
    exec::RerunStats stats;
    const exec::Results r = baseline.Rerun(data, {Set(p, "不合格线", "90")}, {}, &stats);
    CHECK(stats.recomputed.empty());
    CHECK(stats.params_changed == 0);
    CHECK(Differences(p, r, baseline.results()).empty());
  }

  SECTION("不合格线: the tiers and the money, not the scores") {
    for (const char* line : {"97", "99.99"}) {
      exec::RerunStats stats;
      const exec::Results r = baseline.Rerun(data, {Set(p, "不合格线", line)}, {}, &stats);
      INFO(line);
      CHECK(Names(p, stats) == (line == std::string("97") ? at_97 : tiers_and_money));
      // The money is computed again only for the units whose 等次 moved, and
      // their staff; 不合格 and 等次 for every unit.
      std::set<std::string> money = Names(p, stats);
      money.erase("不合格");
      money.erase("等次");
      CHECK(Names(p, stats.rows_recomputed) == money);
      CHECK(stats.params_changed == 1);
      // The units are sorted by 总分 once, in the baseline.
      CHECK(stats.sorts_computed == 0);
      CHECK(Differences(p, r, exec::Evaluate(p, data, {Set(p, "不合格线", line)})).empty());
    }
  }

  SECTION("a sweep: a step that moves no unit across the line stops at 不合格") {
    exec::ScenarioResults kept;
    baseline.Rerun(data, {Set(p, "不合格线", "97")}, {}, kept);
    CHECK(Names(p, kept.stats()) == at_97);
    baseline.Rerun(data, {Set(p, "不合格线", "97.001")}, {}, kept);
    CHECK(Names(p, kept.stats()) == std::set<std::string>{"不合格"});
    CHECK(kept.stats().changed.empty());
    CHECK(Differences(p, kept.results(), exec::Evaluate(p, data, {Set(p, "不合格线", "97.001")}))
              .empty());
    // Back to the baseline's line: the same definitions, compared with 97.001.
    baseline.Rerun(data, {}, {}, kept);
    CHECK(Names(p, kept.stats()) == at_97);
    CHECK(Differences(p, kept.results(), baseline.results()).empty());
  }

  SECTION("an edited 综合评定分: the unit's total and everything after it") {
    column::Dataset edited = data;
    const std::int32_t units = p.FindTable("单位");
    const auto& columns = p.tables[static_cast<size_t>(units)].columns;
    const auto column = static_cast<std::int32_t>(
        std::find_if(columns.begin(), columns.end(),
                     [](const ir::Column& c) { return c.name == "综合评定分"; }) -
        columns.begin());
    edited.tables[static_cast<size_t>(units)].columns[static_cast<size_t>(column)].SetNumber(
        0, Number("1.5"));
    exec::ScenarioResults kept;
    baseline.Rerun(edited, {}, {{units, column}}, kept);
    const std::set<std::string> names = Names(p, kept.stats());
    CHECK(names.count("总分") == 1);
    CHECK(names.count("名次") == 1);
    CHECK(names.count("基本分") == 0);
    CHECK(names.count("附加分") == 0);
    CHECK(names.count("计分比例") == 0);
    CHECK(kept.stats().sorts_computed == 1);
    CHECK(Differences(p, kept.results(), exec::Evaluate(p, edited)).empty());
    // The same edit again, with 不合格线 changed: the total is as it was.
    baseline.Rerun(edited, {Set(p, "不合格线", "97")}, {{units, column}}, kept);
    CHECK(Names(p, kept.stats()) == at_97);
    CHECK(kept.stats().sorts_computed == 0);
    CHECK(Differences(p, kept.results(), exec::Evaluate(p, edited, {Set(p, "不合格线", "97")}))
              .empty());
  }
}

/// The program in `rules` (a file with one 测试 block) and that block's data.
struct Compiled {
  driver::Compilation compilation;
  ir::Program program;
  std::vector<driver::TestInputs> inputs;
};

std::unique_ptr<Compiled> Compile(const std::string& path, const std::string& rules) {
  auto c = std::make_unique<Compiled>();
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndCheck(path, c->compilation, diags, rules));
  c->program = ir::FromChecked(*c->compilation.program, diags);
  REQUIRE(diags.ErrorCount() == 0);
  c->inputs = driver::LoadTestInputs(c->compilation, c->program, base::Lang::kEn);
  REQUIRE(c->inputs.size() == 1);
  return c;
}

// A definition whose every row is computed from its own is computed again
// only at the rows whose inputs changed, and its errors at those rows are
// replaced; a rank over the same column is computed whole.
TEST_CASE("row by row: only the rows that read a change", "[incremental]") {
  const auto c = Compile("tests/runtime/逐行.arl", R"(政策 逐行 "测试"

参数 及格线: 分 依据 "一" = 60分

实体 单位 依据 "一" {
  分数: 分 依据 "一"
  除数: 数 依据 "一"
}

定义 单位.及格: 是否 依据 "一" = 分数 ≥ 及格线

输出 单位.商: 分 依据 "一" = 如果 及格 则 分数 ÷ 除数 否则 0分

输出 单位.得分: 分 依据 "一" = 如果 及格 则 分数 否则 0分

输出 单位.名次: 整数 依据 "一" = 排名(得分 从高到低, 并列 从优)

测试 "甲的除数为零" {
  数据表 单位 {
    | 单位 | 分数 | 除数 |
    | 甲   | 70   | 0    |
    | 乙   | 90   | 3    |
    | 丙   | 50   | 2    |
    | 丁   | 85   | 5    |
  }
  预期 单位[乙].商 = 30分
}
)");
  const ir::Program& p = c->program;
  const column::Dataset& data = c->inputs[0].loaded.data;
  const exec::Baseline baseline(p, data);
  REQUIRE(baseline.results().errors.size() == 1);  // 甲: 除数为零
  exec::ScenarioResults kept;
  for (const char* line : {"80", "40", "40", "95", "60"}) {
    INFO(line);
    baseline.Rerun(data, {Set(p, "及格线", line)}, {}, kept);
    const auto diffs =
        Differences(p, kept.results(), exec::Evaluate(p, data, {Set(p, "及格线", line)}));
    INFO(Joined(diffs));
    CHECK(diffs.empty());
    if (line == std::string("80")) {
      // 甲 and 丙 are not 及格 at 80: 商 and 得分 for 甲 only, 名次 for all.
      CHECK(Names(p, kept.stats().rows_recomputed) == std::set<std::string>{"商", "得分"});
      CHECK(Names(p, kept.stats()) == std::set<std::string>{"及格", "商", "得分", "名次"});
      CHECK(kept.results().errors.empty());
    }
  }
}

// The errors of computing a sort (a unit without a key) go to the first
// definition that looks it up in a run. A scenario can move that first
// lookup: here a switch turns on an earlier rank over the same key, and the
// later rank, whose values do not change, loses its errors.
TEST_CASE("a sort's errors go with its first lookup", "[incremental]") {
  const std::string rules = R"(政策 首次排序 "测试"

参数 开关: 是否 依据 "一" = 否

参数 加: 整数 依据 "一" = 0

实体 单位 依据 "一" {
  得分: 分? 依据 "一"
}

输出 单位.甲: 整数? 依据 "一" = 如果 开关 则 排名(得分 从高到低, 并列 从优) + 加 否则 0

输出 单位.乙: 整数? 依据 "一" = 排名(得分 从高到低, 并列 从优)

测试 "一个单位没有得分" {
  数据表 单位 {
    | 单位 | 得分 |
    | 子   | 3    |
    | 丑   |      |
    | 寅   | 5    |
  }
  预期 单位[子].乙 = 2
}
)";
  driver::Compilation compilation;
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndCheck("tests/runtime/首次排序.arl", compilation, diags, rules));
  const ir::Program p = ir::FromChecked(*compilation.program, diags);
  REQUIRE(diags.ErrorCount() == 0);
  const auto inputs = driver::LoadTestInputs(compilation, p, base::Lang::kEn);
  REQUIRE(inputs.size() == 1);
  const column::Dataset& data = inputs[0].loaded.data;
  exec::Override on;
  on.param = p.FindParam("开关");
  on.value = Column(ValueKind::kBool, 1);
  on.value.SetCode(0, 1);
  const exec::Override two = Set(p, "加", "2");
  const std::int32_t first = p.order[0], second = p.order[1];
  REQUIRE(p.definitions[static_cast<size_t>(first)].name == "甲");

  SECTION("the switch moves the sort's errors from 乙 to 甲") {
    const exec::Baseline baseline(p, data);
    REQUIRE(baseline.results().errors.size() == 1);
    CHECK(baseline.results().errors[0].definition == second);
    exec::RerunStats stats;
    const exec::Results rerun = baseline.Rerun(data, {on}, {}, &stats);
    const exec::Results fresh = exec::Evaluate(p, data, {on});
    REQUIRE(fresh.errors.size() == 1);
    CHECK(fresh.errors[0].definition == first);
    const auto diffs = Differences(p, rerun, fresh);
    INFO(Joined(diffs));
    CHECK(diffs.empty());
    // 乙 reads nothing that changed, but is recomputed for its errors; the
    // sort is computed again, its errors naming 甲's rank.
    CHECK(Names(p, stats) == std::set<std::string>{"甲", "乙"});
    CHECK(stats.sorts_computed == 1);
  }

  SECTION("the first lookup stays: the sort is the baseline's, with its errors") {
    const exec::Baseline baseline(p, data, {on});
    REQUIRE(baseline.results().errors.size() == 1);
    CHECK(baseline.results().errors[0].definition == first);
    exec::RerunStats stats;
    const exec::Results rerun = baseline.Rerun(data, {on, two}, {}, &stats);
    const auto diffs = Differences(p, rerun, exec::Evaluate(p, data, {on, two}));
    INFO(Joined(diffs));
    CHECK(diffs.empty());
    CHECK(Names(p, stats) == std::set<std::string>{"甲"});
    CHECK(stats.sorts_reused == 1);
    CHECK(stats.sorts_computed == 0);
  }
}

}  // namespace
}  // namespace arl
