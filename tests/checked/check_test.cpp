// The checker (compiler/checked): rule text in, diagnostics and the checked
// program out. One behaviour per test case; diagnostics are compared as
// "CODE@line:col" so a test says exactly where the caret goes.

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/checked/program.h"
#include "compiler/driver/pipeline.h"

namespace arl {
namespace {

struct Checked {
  driver::Compilation compilation;
  base::Diagnostics diags;
  std::vector<base::Diagnostic> sorted;

  const checked::Program& Program() const { return *compilation.program; }

  std::string Where(const base::Diagnostic& d) const {
    base::LineCol at = compilation.sources.Get(d.primary.file).Locate(d.primary.begin);
    return d.code + "@" + std::to_string(at.line) + ":" + std::to_string(at.column);
  }

  /// Every diagnostic as "CODE@line:col", without the lints (W05xx) unless asked.
  std::vector<std::string> Codes(bool with_lints = false) const {
    std::vector<std::string> out;
    for (const base::Diagnostic& d : sorted) {
      if (!with_lints && d.code.rfind("W05", 0) == 0) continue;
      out.push_back(Where(d));
    }
    return out;
  }

  const base::Diagnostic* Find(const std::string& code) const {
    for (const base::Diagnostic& d : sorted) {
      if (d.code == code) return &d;
    }
    return nullptr;
  }

  std::string HelpOf(const std::string& code) const {
    const base::Diagnostic* d = Find(code);
    return d == nullptr ? "<no " + code + ">" : d->help ? d->help->en : "<no help>";
  }

  std::string MessageOf(const std::string& code) const {
    const base::Diagnostic* d = Find(code);
    return d == nullptr ? "<no " + code + ">" : d->message.en;
  }

  std::string All() const {
    std::string out;
    for (const base::Diagnostic& d : sorted) out += Where(d) + " " + d.message.en + "\n";
    return out;
  }

  /// The definition `table.name` (or global `name`).
  const checked::Definition* Def(const std::string& qualified) const {
    for (const auto& def : Program().definitions) {
      if (def->QualifiedName() == qualified) return def.get();
    }
    return nullptr;
  }
};

std::unique_ptr<Checked> CheckText(const std::string& text) {
  auto out = std::make_unique<Checked>();
  driver::LoadAndCheck("test.arl", out->compilation, out->diags, text);
  out->sorted = out->diags.Sorted();
  return out;
}

std::unique_ptr<Checked> CheckFile(const std::string& path) {
  std::optional<std::string> text = driver::ReadFile(path);
  REQUIRE(text.has_value());
  return CheckText(*text);
}

using Codes = std::vector<std::string>;

// A table most snippets share.
const char* const kUnit = R"(
实体 单位 {
  类别: 枚举 (区直部门, 镇乡, 街道)
  基本分: 分
  奖金: 元
  任务: 万元
  次数: 整数
  名称: 文本
}
)";

std::unique_ptr<Checked> CheckWithUnit(const std::string& rules) {
  return CheckText(std::string(kUnit) + rules);
}

}  // namespace

// ---- the sample-like rule files check cleanly -------------------------------

TEST_CASE("sample-like rule files have no errors", "[checked][samples]") {
  for (const char* path :
       {"tests/checked/fixtures/zhongshan_like.arl", "tests/checked/fixtures/township_like.arl",
        "tests/checked/fixtures/qts_like.arl", "tests/checked/fixtures/livelihood_like.arl",
        "tests/checked/fixtures/yinhai_like.arl"}) {
    auto c = CheckFile(path);
    INFO(path << "\n" << c->All());
    CHECK(!c->diags.HasErrors());
  }
}

TEST_CASE("livelihood: the stated 组织实施 6 against its parts 7 is a warning under D-3",
          "[checked][samples]") {
  auto c = CheckFile("tests/checked/fixtures/livelihood_like.arl");
  const base::Diagnostic* d = c->Find("W0402");
  REQUIRE(d != nullptr);
  CHECK(d->message.en ==
        "组织实施 declares 6分 (二(一)1) but its parts add up to 7分 (组织领导 2分 (二(一)1(1)) + "
        "措施制定 1分 "
        "(二(一)1(2)) + 任务分解 0.5分 (二(一)1(3)) + 资金安排 3.5分 (二(一)1(4)))");
}

TEST_CASE("the tour, which uses every construct, checks without errors", "[checked][samples]") {
  driver::CheckOutcome outcome =
      driver::CheckOne("tests/golden/parse/tour.arl", base::Lang::kEn, false);
  INFO(outcome.diagnostics);
  CHECK(outcome.ok);
}

// ---- names ---------------------------------------------------------------------

TEST_CASE("unknown name suggests the closest visible name", "[checked][names]") {
  auto c = CheckWithUnit("输出 单位.总分: 分 依据 \"一\" = 基本份 + 0分\n");
  CHECK(c->Codes() == Codes{"E0201@10:22"});
  REQUIRE(c->Find("E0201")->help.has_value());
  CHECK(c->HelpOf("E0201") == "did you mean `基本分`?");
}

TEST_CASE("a keyword written against a name is split in the help", "[checked][names]") {
  auto c = CheckWithUnit(
      "定义 单位.差: 是否 依据 \"一\" = 基本分低于90分\n定义 单位.未满: 是否 依据 \"一\" = "
      "不次数\n");
  INFO(c->All());
  std::vector<std::string> helps;
  for (const base::Diagnostic& d : c->sorted) {
    if (d.code == "E0201" && d.help) helps.push_back(d.help->en);
  }
  CHECK(helps == std::vector<std::string>{"keywords must stand apart: write `基本分 低于 90分`",
                                          "keywords must stand apart: write `不 次数`"});
}

TEST_CASE("enum members resolve by the expected type", "[checked][names]") {
  auto c = CheckWithUnit(
      "定义 单位.x: 是否 依据 \"一\" = 类别 = 镇乡 或 镇乡 = 类别 或 类别 属于 (街道)\n");
  CHECK(c->Codes().empty());
  auto bad = CheckWithUnit("定义 单位.x: 是否 依据 \"一\" = 类别 = 镇\n");
  CHECK(bad->Codes() == Codes{"E0202@10:27"});
  CHECK(bad->HelpOf("E0202") == "did you mean `镇乡`?");
}

TEST_CASE("a name both visible and a member of the expected enum is ambiguous",
          "[checked][names]") {
  auto c = CheckWithUnit(
      "定义 单位.镇乡: 枚举 (区直部门, 镇乡, 街道) 依据 \"一\" = 类别\n"
      "定义 单位.同: 是否 依据 \"一\" = 类别 = 镇乡\n");
  CHECK(c->Codes() == Codes{"W0701@11:27"});
}

TEST_CASE("a reference hops to the referenced table's columns", "[checked][names]") {
  auto c = CheckWithUnit(
      "实体 人员 { 单位: 单位 }\n定义 人员.类: 是否 依据 \"一\" = 单位.类别 = 镇乡\n");
  REQUIRE(c->Codes().empty());
  const checked::Definition* def = c->Def("人员.类");
  REQUIRE(def != nullptr);
  const auto* cmp = def->decl->value->As<syntax::Compare>();
  REQUIRE(cmp != nullptr);
  const checked::Ref* ref = c->Program().RefOf(*cmp->lhs);
  REQUIRE(ref != nullptr);
  CHECK(ref->row == checked::RowOf::kCurrent);
  REQUIRE(ref->steps.size() == 2);
  CHECK(ref->steps[0].kind == checked::RefKind::kColumn);
  CHECK(ref->steps[0].column->name == "单位");
  CHECK(ref->steps[0].type.kind == checked::Kind::kRef);
  CHECK(ref->steps[1].column->name == "类别");
  CHECK(ref->steps[1].table->name == "单位");
  const checked::Ref* member = c->Program().RefOf(*cmp->rhs);
  REQUIRE(member != nullptr);
  CHECK(member->steps[0].kind == checked::RefKind::kEnumMember);
}

TEST_CASE("a table is not a value outside an aggregate", "[checked][names]") {
  auto c =
      CheckWithUnit("记录 目标 属于 单位 { 分值: 分 }\n定义 单位.个数: 整数 依据 \"一\" = 目标\n");
  CHECK(c->Codes() == Codes{"E0203@11:23"});
}

TEST_CASE("duplicate declarations point at the first", "[checked][names]") {
  auto c = CheckWithUnit(
      "参数 线: 分 依据 \"一\" = 1分\n参数 线: 分 依据 \"一\" = 2分\n定义 单位.基本分: 分 依据 "
      "\"一\" = 线\n");
  CHECK(c->Codes() == Codes{"E0207@11:4", "E0207@12:7"});
  CHECK(c->Find("E0207")->secondary.size() == 1);
}

TEST_CASE("a column typed with an unknown name", "[checked][names]") {
  auto c = CheckText("实体 人员 { 单位: 单元 }\n");
  CHECK(c->Codes() == Codes{"E0212@1:13"});
}

// ---- aggregates -------------------------------------------------------------------

TEST_CASE("an aggregate over children records its row source and link", "[checked][aggregate]") {
  auto c = CheckWithUnit(
      "记录 目标 属于 单位 { 得分: 分 }\n输出 单位.合: 分 依据 \"一\" = 合计(目标.得分)\n");
  REQUIRE(c->Codes().empty());
  const syntax::Expr& value = *c->Def("单位.合")->decl->value;
  const checked::AggregateInfo* info = c->Program().AggregateOf(value);
  REQUIRE(info != nullptr);
  CHECK(info->source->name == "目标");
  CHECK(info->outer->name == "单位");
  CHECK(!info->every);
  REQUIRE(info->via != nullptr);
  CHECK(info->via->role == checked::ColumnRole::kParent);
  const auto* agg = value.As<syntax::Aggregate>();
  const checked::Ref* ref = c->Program().RefOf(*agg->arg);
  REQUIRE(ref != nullptr);
  CHECK(ref->row == checked::RowOf::kInner);
  CHECK(ref->aggregate == &value);
  CHECK(ref->steps[0].kind == checked::RefKind::kRowSource);
  CHECK(c->Program().TypeOf(value).dim == checked::Dim{1, 0, 0});
}

TEST_CASE("aggregate errors: two tables, no table, no link, 按 on another table",
          "[checked][aggregate]") {
  auto two = CheckWithUnit(
      "记录 甲 属于 单位 { x: 分 }\n记录 乙 属于 单位 { x: 分 }\n"
      "定义 单位.合: 分 依据 \"一\" = 合计(甲.x + 乙.x)\n");
  CHECK(two->Codes() == Codes{"E0204@12:24"});
  auto none = CheckWithUnit("定义 单位.合: 分 依据 \"一\" = 合计(基本分)\n");
  CHECK(none->Codes() == Codes{"E0211@10:24"});
  auto link = CheckWithUnit(
      "实体 人员 { 甲: 单位 乙: 单位 奖: 元 }\n定义 单位.合: 元 依据 \"一\" = 合计(人员.奖)\n");
  CHECK(link->Codes() == Codes{"E0205@11:21"});
  CHECK(link->MessageOf("E0205").find("several columns (甲, 乙)") != std::string::npos);
  auto group = CheckWithUnit(
      "记录 目标 属于 单位 { 得分: 分 }\n定义 单位.合: 分 依据 \"一\" = 合计(目标.得分, 按 "
      "类别)\n");
  CHECK(group->Codes() == Codes{"E0206@11:33"});
}

TEST_CASE("全体 with 按 on the same table, and count of a table", "[checked][aggregate]") {
  auto c = CheckWithUnit(
      "记录 否决 属于 单位 { 事项: 文本 }\n"
      "定义 单位.同类平均: 分 依据 \"一\" = 平均(全体 单位.基本分, 按 类别) 若无 0分\n"
      "定义 单位.否决数: 整数 依据 \"一\" = 计数(否决)\n");
  CHECK(c->Codes().empty());
  const checked::AggregateInfo* info =
      c->Program().AggregateOf(*c->Def("单位.否决数")->decl->value);
  REQUIRE(info != nullptr);
  CHECK(info->count == checked::AggregateInfo::Count::kRows);
  CHECK(info->source->name == "否决");
}

// ---- units of measure ---------------------------------------------------------------

TEST_CASE("units: 分 + 元, 元 + 万元, 分 - 2", "[checked][units]") {
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 基本分 + 奖金\n")->Codes() ==
        Codes{"E0301@10:25"});
  auto scale = CheckWithUnit("定义 单位.x: 元 依据 \"一\" = 奖金 + 任务\n");
  CHECK(scale->Codes() == Codes{"E0302@10:24"});
  CHECK(scale->HelpOf("E0302") == "convert explicitly: 元(任务)");
  auto plain = CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 基本分 - 2\n");
  CHECK(plain->Codes() == Codes{"E0303@10:27"});
  CHECK(plain->HelpOf("E0303") == "write the unit: 2分");
  CHECK(
      CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 基本分 - 0 + 0.5分 × 次数\n")->Codes().empty());
}

TEST_CASE("units: × and ÷ combine dimensions", "[checked][units]") {
  CHECK(CheckWithUnit("定义 单位.x: 元 依据 \"一\" = 3000元 × 基本分 ÷ 100分\n")->Codes().empty());
  auto squared = CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 基本分 × 基本分\n");
  CHECK(squared->Codes() == Codes{"E0304@10:21"});
  CHECK(squared->MessageOf("E0304") == "`单位.x` is declared 分 but the value is 分²");
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 50% × 基本分\n")->Codes().empty());
  auto ratio = CheckWithUnit("定义 单位.x: 整数 依据 \"一\" = 次数 ÷ 次数\n");
  CHECK(ratio->Codes() == Codes{"E0304@10:22"});
}

TEST_CASE("units: conversions", "[checked][units]") {
  CHECK(CheckWithUnit("定义 单位.x: 元 依据 \"一\" = 元(任务) + 奖金\n")->Codes().empty());
  CHECK(CheckWithUnit("定义 单位.x: 万元 依据 \"一\" = 万元(奖金)\n")->Codes().empty());
  CHECK(CheckWithUnit("定义 单位.x: 数 依据 \"一\" = 数(基本分) + 1\n")->Codes().empty());
  CHECK(CheckWithUnit("定义 单位.x: 元 依据 \"一\" = 元(基本分)\n")->Codes() ==
        Codes{"E0305@10:21"});
}

TEST_CASE("conditions, comparisons, division by zero", "[checked][units]") {
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 如果 次数 则 1分 否则 0分\n")->Codes() ==
        Codes{"E0306@10:24"});
  CHECK(CheckWithUnit("定义 单位.x: 是否 依据 \"一\" = 名称 = 3\n")->Codes() ==
        Codes{"E0307@10:22"});
  CHECK(CheckWithUnit("定义 单位.x: 是否 依据 \"一\" = 类别 = \"镇乡\"\n")->HelpOf("E0307") ==
        "write the enum member without quotes: 镇乡");
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 基本分 ÷ 0\n")->Codes() ==
        Codes{"E0308@10:27"});
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 如果 是 则 基本分 否则 0分\n")->Codes() ==
        Codes{"W0410@10:24"});
}

TEST_CASE("optional values are marked, and 若无 removes the mark", "[checked][units]") {
  auto c = CheckText(
      "实体 单位 { 下评上: 分? }\n定义 单位.a = 下评上 + 1分\n定义 单位.b = 下评上 若无 0分\n");
  REQUIRE(c->Codes().empty());
  CHECK(c->Def("单位.a")->type.optional);
  CHECK(!c->Def("单位.b")->type.optional);
}

TEST_CASE("parameter defaults and column ranges", "[checked][units]") {
  auto c = CheckText("参数 线: 分 依据 \"一\" = 90\n实体 单位 { 评: 分 范围 5..0 }\n");
  CHECK(c->Codes() == Codes{"E0309@1:18", "E0310@2:17"});
  CHECK(c->HelpOf("E0309") == "write the unit: 90分");
}

// ---- functions ----------------------------------------------------------------------

TEST_CASE("functions: arity, argument types, recursion, built-ins", "[checked][functions]") {
  const std::string f = "函数 比(a: 数, b: 数): 数 依据 \"一\" = a ÷ b\n";
  CHECK(CheckWithUnit(f + "定义 单位.x: 数 依据 \"一\" = 比(次数)\n")->Codes() ==
        Codes{"E0311@11:21"});
  CHECK(CheckWithUnit(f + "定义 单位.x: 数 依据 \"一\" = 比(基本分, 次数)\n")->Codes() ==
        Codes{"E0313@11:23"});
  auto rec = CheckText(
      "函数 甲(n: 整数): 整数 依据 \"一\" = 乙(n)\n函数 乙(n: 整数): 整数 依据 \"一\" = 甲(n)\n");
  CHECK(rec->Codes() == Codes{"E0401@1:4"});
  CHECK(rec->MessageOf("E0401") == "functions call each other in a cycle: 甲 → 乙 → 甲");
  CHECK(CheckWithUnit("定义 单位.x: 文本 依据 \"一\" = 连接(\"、\", 名称, 类别)\n定义 单位.y: 是否 "
                      "依据 \"一\" = 有值(名称)\n"
                      "定义 单位.z: 分 依据 \"一\" = 限定(绝对值(基本分), 0分, 10分)\n")
            ->Codes()
            .empty());
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 基本分(1)\n")->Codes() ==
        Codes{"E0214@10:21"});
}

// ---- dependencies ---------------------------------------------------------------------

TEST_CASE("definitions are ordered after what they read", "[checked][dependencies]") {
  auto c = CheckWithUnit(
      "定义 单位.c: 分 依据 \"一\" = b + a\n定义 单位.b: 分 依据 \"一\" = a\n定义 单位.a: 分 依据 "
      "\"一\" = 基本分\n");
  REQUIRE(c->Codes().empty());
  std::vector<std::string> order;
  for (const checked::Definition* d : c->Program().Order()) order.push_back(d->name);
  CHECK(order == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a cycle is named in order, once, at its first definition", "[checked][dependencies]") {
  auto c = CheckWithUnit(
      "定义 单位.总: 分 依据 \"一\" = 基本分 + 附加\n定义 单位.附加: 分 依据 \"一\" = 总 × 10%\n");
  CHECK(c->Codes() == Codes{"E0401@10:7"});
  CHECK(c->MessageOf("E0401") == "definitions depend on each other in a cycle: 总 → 附加 → 总");
  CHECK(c->Find("E0401")->secondary.size() == 2);
}

// ---- policy checks -------------------------------------------------------------------------

TEST_CASE("sections that do not add up: error, or warning under an assumption",
          "[checked][structure]") {
  const std::string parts =
      " {\n  组织领导 2分 依据 \"二(一)1(1)\"\n  措施制定 1分\n  任务分解 0.5分\n  资金安排 "
      "3.5分\n}\n";
  auto error = CheckText("计分结构 组织实施 6分 依据 \"二(一)1\"" + parts);
  CHECK(error->Codes() == Codes{"E0402@1:11"});
  CHECK(error->MessageOf("E0402") ==
        "组织实施 declares 6分 (二(一)1) but its parts add up to 7分 (组织领导 2分 (二(一)1(1)) + "
        "措施制定 1分 + "
        "任务分解 0.5分 + 资金安排 3.5分)");
  auto warning = CheckText(
      "假定 \"D-3\" \"保留各部分\" 解释 \"二(一)1\"\n计分结构 组织实施 6分 依据 \"二(一)1\" 假定 "
      "\"D-3\"" +
      parts);
  CHECK(warning->Codes() == Codes{"W0402@2:11"});
  CHECK(CheckText("计分结构 总 1分 { 甲 0.1分  乙 0.2分  丙 0.7分 }\n")->Codes().empty());
}

TEST_CASE("lookups: overlap, gap, unreachable rows", "[checked][lookup]") {
  const std::string head = "定义 单位.x: 分 依据 \"一\" = 查表 任务 ";
  auto overlap = CheckWithUnit(head + "{\n  500万元 以下: 0分\n  500万元 以上: 1分\n}\n");
  CHECK(overlap->Codes() == Codes{"E0403@12:3"});
  CHECK(overlap->MessageOf("E0403") ==
        "rows `500万元 以下` and `500万元 以上` overlap: 任务 = 500万元 matches both");
  auto gap = CheckWithUnit(head + "{\n  低于 500万元: 0分\n  600万元 以上: 1分\n}\n");
  CHECK(gap->Codes() == Codes{"E0404@10:24"});
  CHECK(gap->MessageOf("E0404") ==
        "任务: values from 500万元 up to but not including 600万元 match no row");
  CHECK(CheckWithUnit(head + "{\n  低于 500万元: 0分\n  500万元 以上: 1分\n}\n")->Codes().empty());
  auto first =
      CheckWithUnit(head + "命中 首个 {\n  低于 500万元: 0分\n  -: 1分\n  600万元 以上: 2分\n}\n");
  CHECK(first->Codes() == Codes{"E0408@13:3"});
  auto enums =
      CheckWithUnit("定义 单位.x: 分 依据 \"一\" = 查表 类别 {\n  区直部门: 1分\n  镇乡: 2分\n}\n");
  CHECK(enums->Codes() == Codes{"E0404@10:24"});
  CHECK(enums->MessageOf("E0404") == "no row matches 类别 = 街道");
}

TEST_CASE("counts: a lookup on an 整数 need not cover negative values", "[checked][lookup]") {
  CHECK(CheckWithUnit(
            "定义 单位.x: 分 依据 \"一\" = 查表 次数 {\n  0: 0分\n  1: 1分\n  2 以上: 2分\n}\n")
            ->Codes()
            .empty());
}

TEST_CASE("tiers: shares, tie rules, order, labels", "[checked][tiers]") {
  const std::string head = "定义 单位.等: 枚举 (甲, 乙, 丙) 依据 \"一\" = 分等 (甲, 乙, 丙) {\n";
  CHECK(CheckWithUnit(head + "  排序 基本分 从高到低, 并列 从优\n  甲 占比 40% 四舍五入\n  乙 占比 "
                             "70% 四舍五入\n  丙 其余\n}\n")
            ->Codes() == Codes{"E0405@13:3"});
  CHECK(CheckWithUnit(head + "  排序 基本分\n  甲 名额 1\n  乙 名额 2\n  丙 其余\n}\n")->Codes() ==
        Codes{"E0406@11:3"});
  CHECK(CheckWithUnit(head + "  甲 名额 1\n  乙 名额 2\n  丙 其余\n}\n")->Codes() ==
        Codes{"E0407@10:32"});
  CHECK(CheckWithUnit(head + "  甲 当 次数 > 1\n  丙 其余\n  乙 当 次数 > 0\n}\n")->Codes() ==
        Codes{"E0408@13:3"});
  CHECK(CheckWithUnit(head + "  甲 当 次数 > 1\n  丙 其余\n}\n")->Codes() == Codes{"W0409@10:39"});
  auto label = CheckWithUnit(head + "  甲 当 次数 > 1\n  乙乙 当 次数 > 0\n  丙 其余\n}\n");
  CHECK(label->Codes() == Codes{"W0409@10:39", "E0202@12:3"});
  auto tiers = CheckWithUnit(head + "  甲 当 次数 > 1\n  乙 当 次数 > 0\n  丙 其余\n}\n");
  REQUIRE(tiers->Codes().empty());
  const syntax::Expr& value = *tiers->Def("单位.等")->decl->value;
  REQUIRE(tiers->Program().tier_enums.count(&value) == 1);
  CHECK(tiers->Program().tier_enums.at(&value)->members ==
        std::vector<std::string>{"甲", "乙", "丙"});
}

TEST_CASE("rank needs a tie rule", "[checked][tiers]") {
  auto c = CheckWithUnit("定义 单位.名次: 整数 依据 \"一\" = 排名(基本分 从高到低)\n");
  CHECK(c->Codes() == Codes{"E0406@10:23"});
  CHECK(c->MessageOf("E0406") ==
        "rank by 基本分 needs a tie rule: what happens when two units have equal 基本分?");
}

TEST_CASE("cases: arms after an always-true arm or a repeated condition", "[checked][cases]") {
  auto c = CheckWithUnit(
      "定义 单位.x: 分 依据 \"一\" = 按情况 {\n  当 次数 > 1: 1分\n  当 次数 > 1: 2分\n  其他: "
      "0分\n}\n");
  CHECK(c->Codes() == Codes{"E0408@12:3"});
}

// ---- assumptions and lints -------------------------------------------------------------------

TEST_CASE("assumptions: undeclared, unknown parameter, orphan", "[checked][lint]") {
  CHECK(CheckWithUnit("定义 单位.x: 分 依据 \"一\" 假定 \"A-9\" = 基本分\n")->Codes() ==
        Codes{"E0209@10:22"});
  CHECK(CheckText("假定 \"A-1\" \"…\" 解释 \"一\" 参数 线\n")->Codes() == Codes{"E0210@1:24"});
  CHECK(CheckText("假定 \"A-1\" \"…\" 解释 \"一\"\n")->Codes(true) == Codes{"W0504@1:4"});
}

TEST_CASE("lints: no citation, unused column, unused parameter", "[checked][lint]") {
  auto c = CheckText("参数 线: 分 = 1分\n实体 单位 { 甲: 分  乙: 分 }\n定义 单位.x = 甲\n");
  CHECK(c->Codes(true) == Codes{"W0501@1:4", "W0503@1:4", "W0502@2:15", "W0501@3:7"});
}

// ---- tests inside rule files --------------------------------------------------------------------

TEST_CASE("test blocks: unknown table, column, field, bad cells", "[checked][tests]") {
  const std::string rules =
      "实体 单位 { 分数: 分  停: 是否  类: 枚举 (甲, 乙) }\n定义 单位.合格: 是否 依据 \"一\" = "
      "分数 > 1分 且 停 且 类 = 甲\n";
  auto c = CheckText(rules +
                     "测试 \"t\" {\n"
                     "  数据表 单为 {\n    | 单位 |\n    | 甲局 |\n  }\n"
                     "  数据表 单位 {\n    | 单位 | 分数 | 停 | 类 | 总份 |\n    | 甲局 | x | 1 | "
                     "丙 | |\n    | 乙局 | 1 |\n  }\n"
                     "  预期 单位[甲局].合隔 = 是\n"
                     "  预期 单位[丁局].合格 = 是\n"
                     "}\n");
  CHECK(c->Codes() == Codes{"E0208@4:7", "E0602@9:25", "E0603@10:12", "E0603@10:16", "E0603@10:20",
                            "E0602@11:7", "E0601@13:13", "E0601@14:9"});
}

}  // namespace arl
