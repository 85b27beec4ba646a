// Parse(): the AST built from tour.arl and small snippets, comments kept in
// place, every syntax error code at its exact position, and hostile inputs
// (tag [robustness]; also run under -fsanitize=address,undefined).
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/parse.h"

namespace arl::syntax {
namespace {

// ---- helpers ----------------------------------------------------------------------------

struct Parsed {
  std::unique_ptr<base::SourceManager> sources = std::make_unique<base::SourceManager>();
  base::FileId id = 0;
  std::optional<File> file;
  std::vector<base::Diagnostic> diags;

  std::string_view TextOf(Span span) const {
    return std::string_view(sources->Get(id).Text()).substr(span.begin, span.end - span.begin);
  }
  std::string Where(const base::Diagnostic& d) const {
    const base::LineCol at = sources->Get(id).Locate(d.primary.begin);
    return std::to_string(at.line) + ":" + std::to_string(at.column);
  }
  /// "line:col code english-message", one per line, as sorted by Diagnostics.
  std::string Errors() const {
    std::string out;
    for (const base::Diagnostic& d : diags)
      out += Where(d) + " " + d.code + " " + d.message.en + "\n";
    return out;
  }
  const base::Diagnostic* Find(const std::string& code) const {
    for (const base::Diagnostic& d : diags) {
      if (d.code == code) return &d;
    }
    return nullptr;
  }
};

Parsed ParseText(std::string text) {
  Parsed p;
  p.id = p.sources->Add("test.arl", std::move(text));
  base::Diagnostics diags;
  p.file = Parse(*p.sources, p.id, diags);
  p.diags = diags.Sorted();
  return p;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

template <typename T>
const T& As(const Expr& e) {
  const T* node = e.As<T>();
  REQUIRE(node != nullptr);
  return *node;
}

template <typename T>
const T& As(const ExprPtr& e) {
  REQUIRE(e != nullptr);
  return As<T>(*e);
}

template <typename T>
const T& As(const Decl& d) {
  const T* node = d.As<T>();
  REQUIRE(node != nullptr);
  return *node;
}

/// The value of the only declaration of a snippet `定义 x = …`.
const Expr& Value(const Parsed& p) {
  INFO(p.Errors());
  REQUIRE(p.file.has_value());
  REQUIRE(p.file->decls.size() == 1);
  return *As<DefDecl>(p.file->decls[0]).value;
}

const DefDecl& FindDef(const File& file, const std::string& name) {
  for (const Decl& d : file.decls) {
    if (const auto* def = d.As<DefDecl>(); def != nullptr && def->name.text == name) return *def;
  }
  FAIL("no definition " << name);
  throw;  // unreachable
}

const Decl& FindDecl(const File& file, const std::string& name) {
  for (const Decl& d : file.decls) {
    if (const auto* def = d.As<DefDecl>(); def != nullptr && def->name.text == name) return d;
    if (const auto* t = d.As<TableDecl>(); t != nullptr && t->name.text == name) return d;
    if (const auto* pd = d.As<ParamDecl>(); pd != nullptr && pd->name.text == name) return d;
  }
  FAIL("no declaration " << name);
  throw;  // unreachable
}

std::string PathText(const ExprPtr& e) {
  std::string out;
  for (const Name& n : As<PathRef>(e).parts) out += (out.empty() ? "" : ".") + n.text;
  return out;
}

// ---- tour.arl ---------------------------------------------------------------------------

struct Tour {
  Parsed p = ParseText(ReadFile(std::string(ARL_SOURCE_ROOT) + "/tests/golden/parse/tour.arl"));
  const File& file() const { return *p.file; }
};

TEST_CASE("parse: tour.arl has no errors") {
  Tour t;
  INFO(t.p.Errors());
  REQUIRE(t.p.file.has_value());
  CHECK(t.p.diags.empty());
  CHECK(t.file().decls.size() == 33);
}

TEST_CASE("parse: tour.arl header and simple declarations") {
  Tour t;
  REQUIRE(t.p.file.has_value());
  const File& f = t.file();
  REQUIRE(f.header.has_value());
  const Header& h = *f.header;
  CHECK_FALSE(h.library);
  CHECK(h.name.text == "钟山区目标管理");
  CHECK(t.p.TextOf(h.name.span) == "钟山区目标管理");
  REQUIRE(h.title.has_value());
  CHECK(h.title->value == "钟山区区直单位和镇乡街道工作目标管理暂行办法");
  REQUIRE(h.source.has_value());
  CHECK(h.source->value == "zhongshan.txt");
  CHECK(h.precision == std::optional<std::string>("12"));
  REQUIRE(h.comments.leading.size() == 1);
  CHECK(h.comments.leading[0] ==
        "# 语法总览: every construct of the language once, in canonical form.");
  CHECK(t.p.TextOf(h.span).substr(0, 6) == "政策");

  CHECK(As<ImportDecl>(f.decls[0]).path.value == "stdlib-rules/完成率.arl");
  const EnumDecl& e = As<EnumDecl>(f.decls[1]);
  CHECK(e.name.text == "岗位");
  CHECK(e.members.size() == 3);
  REQUIRE(e.cite.clauses.size() == 1);
  CHECK(e.cite.clauses[0].value == "第二十一条(一)");
  CHECK(t.p.TextOf(e.cite.clauses[0].span) == "\"第二十一条(一)\"");

  const Decl& line = FindDecl(f, "不合格线");
  CHECK(t.p.TextOf(line.span) == "参数 不合格线: 分 依据 \"第二十一条\" 假定 \"A-3\" = 90分");
  const ParamDecl& param = As<ParamDecl>(line);
  CHECK(param.type.base == BaseType::kPoints);
  REQUIRE(param.cite.assumptions.size() == 1);
  CHECK(param.cite.assumptions[0].value == "A-3");
  const NumberLit& ninety = As<NumberLit>(param.value);
  CHECK(ninety.digits == "90");
  CHECK(ninety.unit == Unit::kPoints);
  CHECK(t.p.TextOf(param.value->span) == "90分");
  CHECK(As<NumberLit>(As<ParamDecl>(FindDecl(f, "弄虚作假倒扣比例")).value).unit == Unit::kPercent);
  CHECK(As<BoolLit>(As<ParamDecl>(FindDecl(f, "不合格线含本数")).value).value);

  const AssumeDecl* assume = nullptr;
  for (const Decl& d : f.decls) {
    const AssumeDecl* a = d.As<AssumeDecl>();
    if (a != nullptr && a->id.value == "A-3") assume = a;
  }
  REQUIRE(assume != nullptr);
  CHECK(assume->id.value == "A-3");
  CHECK(assume->text.value == "“90分以下”按法定含义理解: 90分本身即为不合格");
  CHECK(assume->interprets.size() == 1);
  CHECK(assume->params.size() == 2);
}

TEST_CASE("parse: tour.arl tables") {
  Tour t;
  REQUIRE(t.p.file.has_value());
  const TableDecl& unit = As<TableDecl>(FindDecl(t.file(), "单位"));
  CHECK(unit.entity);
  CHECK_FALSE(unit.parent.has_value());
  REQUIRE(unit.columns.size() == 6);
  const Column& score = unit.columns[1];
  CHECK(score.name.text == "综合评定分");
  CHECK(As<NumberLit>(score.range_low).digits == "0");
  CHECK(As<NumberLit>(score.range_high).digits == "5");
  CHECK(score.cite.clauses.size() == 1);
  CHECK(t.p.TextOf(score.span) == "综合评定分: 分 范围 0..5 依据 \"第十二条(三)\"");
  CHECK(unit.columns[2].type.optional);
  CHECK(unit.columns[0].type.base == BaseType::kEnum);
  CHECK(unit.columns[0].type.members.size() == 3);
  CHECK(As<NumberLit>(unit.columns[3].blank).digits == "0");
  CHECK(unit.columns[5].type.base == BaseType::kWanYuan);

  const TableDecl& target = As<TableDecl>(FindDecl(t.file(), "目标"));
  CHECK_FALSE(target.entity);
  REQUIRE(target.parent.has_value());
  CHECK(target.parent->text == "单位");
  const TableDecl& person = As<TableDecl>(FindDecl(t.file(), "人员"));
  CHECK(person.columns[0].type.base == BaseType::kNamed);
  CHECK(person.columns[0].type.named.text == "单位");
}

TEST_CASE("parse: tour.arl expressions") {
  Tour t;
  REQUIRE(t.p.file.has_value());
  const File& f = t.file();

  // 按情况 命中 首个 { 当 …: -弄虚作假倒扣比例 … 其他: 查表 效果 { … } }
  const DefDecl& ratio = FindDef(f, "比例");
  REQUIRE(ratio.table.has_value());
  CHECK(ratio.table->text == "目标");
  CHECK(ratio.cite.clauses.size() == 2);
  const Cases& cases = As<Cases>(ratio.value);
  CHECK(cases.hit == HitPolicy::kFirst);
  CHECK(cases.hit_written);
  REQUIRE(cases.arms.size() == 4);
  const Unary& neg = As<Unary>(cases.arms[0].result);
  CHECK(neg.op == UnaryOp::kNeg);
  CHECK(PathText(neg.operand) == "弄虚作假倒扣比例");
  const Compare& is_fraud = As<Compare>(cases.arms[0].when);
  CHECK(is_fraud.op == CompareOp::kEq);
  CHECK(is_fraud.word == CompareWord::kSymbol);
  CHECK(As<Unary>(cases.arms[3].when).op == UnaryOp::kNot);
  CHECK(As<Call>(cases.arms[2].result).callee.text == "完成比例");
  const Lookup& graded = As<Lookup>(cases.otherwise);
  CHECK_FALSE(graded.hit_written);
  CHECK(graded.rows.size() == 3);
  CHECK(graded.rows[0].matchers[0].kind == MatcherKind::kValue);

  // 查表 投资额 { 低于 500万元: … 500万元 以上 1000万元 以下: … 超过 1000万元 3000万元 以下: … 超过
  // 3000万元: … } × (如果 …)
  const Chain& light = As<Chain>(FindDef(f, "轻工业分").value);
  CHECK(light.kind == ChainKind::kMul);
  REQUIRE(light.rest.size() == 1);
  CHECK(As<If>(light.rest[0].operand).cond != nullptr);
  const Lookup& invest = As<Lookup>(light.first);
  REQUIRE(invest.rows.size() == 4);
  const Matcher& below = invest.rows[0].matchers[0];
  CHECK(below.kind == MatcherKind::kRange);
  CHECK_FALSE(below.lower.has_value());
  REQUIRE(below.upper.has_value());
  CHECK(below.upper->word == BoundWord::kLower);
  CHECK(As<NumberLit>(below.upper->value).unit == Unit::kWanYuan);
  CHECK(As<NumberLit>(below.upper->value).digits == "500");
  CHECK(t.p.TextOf(below.span) == "低于 500万元");
  const Matcher& between = invest.rows[1].matchers[0];
  CHECK(between.lower->word == BoundWord::kAboveIncl);
  CHECK(between.upper->word == BoundWord::kBelowIncl);
  CHECK(invest.rows[2].matchers[0].lower->word == BoundWord::kExceeds);
  CHECK_FALSE(invest.rows[3].matchers[0].upper.has_value());
  CHECK(As<NumberLit>(invest.rows[1].result).digits == "0.5");

  // 合计(…, 同一 企业.企业 只取最高) + (下评上 若无 0分) - 0.1分 × 迟到早退次数
  const Chain& extra = As<Chain>(FindDef(f, "附加分").value);
  CHECK(extra.kind == ChainKind::kAdd);
  REQUIRE(extra.rest.size() == 2);
  CHECK(extra.rest[0].op == ChainOp::kAdd);
  CHECK(extra.rest[1].op == ChainOp::kSub);
  CHECK(t.p.TextOf(extra.rest[1].op_span) == "-");
  const Aggregate& best = As<Aggregate>(extra.first);
  CHECK(best.fn == AggFn::kSum);
  CHECK(best.dedup_keep_highest);
  CHECK(PathText(best.dedup_key) == "企业.企业");
  CHECK(t.p.TextOf(best.dedup_span) == "同一");
  CHECK(As<Bound>(extra.rest[0].operand).kind == BoundKind::kIfNone);
  CHECK(As<Chain>(extra.rest[1].operand).kind == ChainKind::kMul);

  const Chain& base = As<Chain>(FindDef(f, "基本分").value);
  CHECK(base.kind == ChainKind::kMul);
  REQUIRE(base.rest.size() == 2);
  CHECK(base.rest[1].op == ChainOp::kDiv);
  const Aggregate& sum = As<Aggregate>(base.rest[0].operand);
  REQUIRE(sum.where != nullptr);
  CHECK(As<Compare>(sum.where).op == CompareOp::kNe);
  CHECK(t.p.TextOf(sum.where_span) == "其中");

  // 如果 不合格线含本数 则 总分 在 不合格线 以下 否则 总分 低于 不合格线
  const If& fail = As<If>(FindDef(f, "不合格").value);
  const Compare& at_most = As<Compare>(fail.then_value);
  CHECK(at_most.op == CompareOp::kLe);
  CHECK(at_most.word == CompareWord::kBelowIncl);
  CHECK(As<Compare>(fail.else_value).op == CompareOp::kLt);
  CHECK(As<Compare>(fail.else_value).word == CompareWord::kLower);

  const Rank& rank = As<Rank>(FindDef(f, "名次").value);
  CHECK(rank.order == Order::kDesc);
  CHECK(rank.order_written);
  CHECK(rank.group_by.size() == 1);
  CHECK(rank.ties.kind == TieKind::kShare);
  CHECK(t.p.TextOf(rank.ties.span) == "从优");

  const Tiers& tiers = As<Tiers>(FindDef(f, "等次").value);
  CHECK(tiers.labels.size() == 5);
  REQUIRE(tiers.items.size() == 6);
  CHECK(tiers.items[0].kind == TierItemKind::kOrder);
  CHECK(tiers.items[0].group_by.size() == 1);
  CHECK(tiers.items[0].ties.kind == TieKind::kShare);
  CHECK(tiers.items[1].kind == TierItemKind::kWhen);
  CHECK(tiers.items[2].kind == TierItemKind::kQuota);
  CHECK(tiers.items[2].eligible != nullptr);
  CHECK(As<Lookup>(tiers.items[2].value).otherwise != nullptr);
  CHECK(tiers.items[3].eligible == nullptr);
  CHECK(tiers.items[5].kind == TierItemKind::kRest);
  CHECK(tiers.items[5].tier.text == "基本奖");

  // 取整((完成值比 - 1) × 100, 向下) × 1500元 若无 0元
  const Bound& award = As<Bound>(FindDef(f, "财政超收奖").value);
  CHECK(award.kind == BoundKind::kIfNone);
  const Chain& times = As<Chain>(award.value);
  const Round& whole = As<Round>(times.first);
  CHECK(whole.digits == nullptr);
  CHECK(whole.mode == RoundMode::kDown);

  const Round& keep = As<Round>(FindDef(f, "个人奖金").value);
  CHECK(As<NumberLit>(keep.digits).digits == "2");
  CHECK(keep.mode == RoundMode::kHalfUp);
  const Lookup& bonus = As<Lookup>(As<Chain>(keep.value).first);
  CHECK(bonus.inputs.size() == 2);
  CHECK(bonus.hit == HitPolicy::kFirst);
  CHECK(bonus.hit_written);
  CHECK(bonus.rows[1].matchers[1].kind == MatcherKind::kAny);

  const Bottom& last = As<Bottom>(FindDef(f, "末三位").value);
  CHECK(As<NumberLit>(last.count).digits == "3");
  CHECK(last.ties.kind == TieKind::kShare);

  // 全部(…) 且 在岗月数 属于 (11, 12) 或 任一(…)
  const Chain& either = As<Chain>(FindDef(f, "全勤").value);
  CHECK(either.kind == ChainKind::kOr);
  const Chain& both = As<Chain>(either.first);
  CHECK(both.kind == ChainKind::kAnd);
  const Aggregate& all = As<Aggregate>(both.first);
  CHECK(all.fn == AggFn::kAll);
  CHECK(all.every);
  CHECK(As<Compare>(all.arg).word == CompareWord::kReaches);
  CHECK(As<InSet>(both.rest[0].operand).members.size() == 2);
  CHECK(As<Aggregate>(either.rest[0].operand).fn == AggFn::kAny);

  // 元(单位.财政收入任务) 封顶 100000元 保底 0元
  const Bound& floor = As<Bound>(FindDef(f, "折算").value);
  CHECK(floor.kind == BoundKind::kFloor);
  const Bound& cap = As<Bound>(floor.value);
  CHECK(cap.kind == BoundKind::kCap);
  CHECK(As<Convert>(cap.value).to == Unit::kYuan);
  CHECK(As<NumberLit>(cap.bound).unit == Unit::kYuan);

  const FuncDecl* func = nullptr;
  for (const Decl& d : f.decls) {
    if (d.As<FuncDecl>() != nullptr) func = d.As<FuncDecl>();
  }
  REQUIRE(func != nullptr);
  CHECK(func->params.size() == 2);
  CHECK(func->result.base == BaseType::kPercent);
  CHECK(As<Extremum>(func->body).args.size() == 2);
  CHECK_FALSE(As<Extremum>(func->body).is_max);
}

TEST_CASE("parse: tour.arl structure and test") {
  Tour t;
  REQUIRE(t.p.file.has_value());
  const StructureDecl* structure = nullptr;
  const TestDecl* test = nullptr;
  for (const Decl& d : t.file().decls) {
    if (d.As<StructureDecl>() != nullptr) structure = d.As<StructureDecl>();
    if (d.As<TestDecl>() != nullptr) test = d.As<TestDecl>();
  }
  REQUIRE(structure != nullptr);
  CHECK(structure->root.name.text == "总分");
  CHECK(structure->root.points.digits == "105");
  CHECK(structure->root.points.unit == Unit::kPoints);
  CHECK(t.p.TextOf(structure->root.points_span) == "105分");
  CHECK(structure->root.has_body);
  REQUIRE(structure->root.parts.size() == 2);
  CHECK_FALSE(structure->root.parts[0].has_body);

  REQUIRE(test != nullptr);
  CHECK(test->name.value == "弄虚作假倒扣一半");
  REQUIRE(test->items.size() == 7);
  const auto* data = std::get_if<TestData>(&test->items[1].node);
  REQUIRE(data != nullptr);
  CHECK(data->table.text == "单位");
  REQUIRE(data->header.size() == 4);
  CHECK(data->header[3].text == "下评上");
  REQUIRE(data->rows.size() == 1);
  REQUIRE(data->rows[0].size() == 4);
  CHECK(data->rows[0][2].kind == Cell::Kind::kNumber);
  CHECK(data->rows[0][2].text == "3");
  CHECK(data->rows[0][3].kind == Cell::Kind::kEmpty);
  const auto* expect = std::get_if<TestExpect>(&test->items[3].node);
  REQUIRE(expect != nullptr);
  CHECK(expect->key->text == "甲局");
  CHECK(expect->field->text == "基本分");
  CHECK(As<NumberLit>(As<Unary>(expect->value).operand).digits == "50");
  const auto* fails = std::get_if<TestExpect>(&test->items[4].node);
  REQUIRE(fails != nullptr);
  CHECK(fails->fails);
  CHECK(fails->value == nullptr);
  CHECK(fails->failure_text->value == "除数为零");
  const auto* call = std::get_if<TestExpect>(&test->items[5].node);
  REQUIRE(call != nullptr);
  REQUIRE(call->call != nullptr);
  CHECK(As<Call>(call->call).callee.text == "完成率");
  CHECK(As<Call>(call->call).args.size() == 2);
  CHECK(t.p.TextOf(call->call->span) == "完成率(120, 100)");
  CHECK(As<NumberLit>(call->value).unit == Unit::kPercent);
  const auto* call_fails = std::get_if<TestExpect>(&test->items[6].node);
  REQUIRE(call_fails != nullptr);
  CHECK(call_fails->call != nullptr);
  CHECK(call_fails->fails);
  CHECK_FALSE(call_fails->failure_text.has_value());
}

// ---- small forms ---------------------------------------------------------------------------

TEST_CASE("parse: same-kind operators form one flat chain") {
  Parsed p = ParseText("定义 x = a + b - c\n");
  const Chain& c = As<Chain>(Value(p));
  CHECK(c.kind == ChainKind::kAdd);
  CHECK(PathText(c.first) == "a");
  REQUIRE(c.rest.size() == 2);
  CHECK(c.rest[0].op == ChainOp::kAdd);
  CHECK(c.rest[1].op == ChainOp::kSub);
  CHECK(PathText(c.rest[1].operand) == "c");
  CHECK(p.TextOf(Value(p).span) == "a + b - c");

  Parsed q = ParseText("定义 x = p 且 q 且 r 或 s\n");
  const Chain& any = As<Chain>(Value(q));
  CHECK(any.kind == ChainKind::kOr);
  CHECK(As<Chain>(any.first).rest.size() == 2);

  Parsed m = ParseText("定义 x = a × b + c ÷ d\n");
  const Chain& sum = As<Chain>(Value(m));
  CHECK(As<Chain>(sum.first).kind == ChainKind::kMul);
  CHECK(As<Chain>(sum.rest[0].operand).rest[0].op == ChainOp::kDiv);
}

TEST_CASE("parse: arithmetic binds by precedence, left to right") {
  // Tightest first: negation, × ÷, + -, 封顶 保底, 扣完为止, 若无.
  Parsed p = ParseText("定义 x = a + b 封顶 c + d\n");
  const Bound& cap = As<Bound>(Value(p));
  CHECK(cap.kind == BoundKind::kCap);
  CHECK(As<Chain>(cap.value).rest.size() == 1);  // a + b
  CHECK(p.TextOf(cap.bound->span) == "c + d");
  CHECK(p.TextOf(Value(p).span) == "a + b 封顶 c + d");

  // A postfix word ends its left operand, and what follows at this level
  // takes the result as its own left operand.
  Parsed q = ParseText("定义 x = a 扣完为止 + b\n");
  const Chain& sum = As<Chain>(Value(q));
  CHECK(As<Bound>(sum.first).kind == BoundKind::kUntilZero);
  CHECK(q.TextOf(sum.first->span) == "a 扣完为止");
  CHECK(PathText(sum.rest[0].operand) == "b");

  Parsed r = ParseText("定义 x = y 若无 a - b 扣完为止 保底 0分\n");
  const Bound& if_none = As<Bound>(Value(r));
  CHECK(if_none.kind == BoundKind::kIfNone);
  CHECK(PathText(if_none.value) == "y");
  const Bound& floor = As<Bound>(if_none.bound);
  CHECK(floor.kind == BoundKind::kFloor);
  CHECK(As<Bound>(floor.value).kind == BoundKind::kUntilZero);
  CHECK(r.TextOf(floor.value->span) == "a - b 扣完为止");

  Parsed n = ParseText("定义 x = - -a × b\n");
  const Chain& product = As<Chain>(Value(n));
  CHECK(product.kind == ChainKind::kMul);
  const Unary& outer = As<Unary>(product.first);
  CHECK(n.TextOf(product.first->span) == "- -a");
  CHECK(n.TextOf(outer.operand->span) == "-a");
  CHECK(PathText(As<Unary>(outer.operand).operand) == "a");
}

TEST_CASE("parse: 且 binds tighter than 或; 不 takes one condition; 否则 runs to the end") {
  Parsed p = ParseText("定义 x = 不 a 且 b 或 c 且 d\n");
  const Chain& any = As<Chain>(Value(p));
  CHECK(any.kind == ChainKind::kOr);
  REQUIRE(any.rest.size() == 1);
  const Chain& left = As<Chain>(any.first);
  CHECK(left.kind == ChainKind::kAnd);
  CHECK(p.TextOf(any.first->span) == "不 a 且 b");
  CHECK(As<Unary>(left.first).op == UnaryOp::kNot);
  CHECK(p.TextOf(left.first->span) == "不 a");
  CHECK(p.TextOf(any.rest[0].operand->span) == "c 且 d");

  Parsed q = ParseText("定义 x = a 且 如果 x 则 y 否则 z 或 w\n");
  const Chain& all = As<Chain>(Value(q));
  CHECK(all.kind == ChainKind::kAnd);
  const If& branch = As<If>(all.rest[0].operand);
  CHECK(As<Chain>(branch.else_value).kind == ChainKind::kOr);
  CHECK(q.TextOf(branch.else_value->span) == "z 或 w");
}

TEST_CASE("parse: a name is a path or a call; 最大 is an aggregate or an extremum") {
  Parsed p = ParseText("定义 x = 单位.得分 + 完成率(a, b) + 最大(a, b, c) + 最大(得分, 其中 y)\n");
  const Chain& c = As<Chain>(Value(p));
  REQUIRE(c.rest.size() == 3);
  CHECK(PathText(c.first) == "单位.得分");
  const Call& call = As<Call>(c.rest[0].operand);
  CHECK(call.callee.text == "完成率");
  CHECK(call.args.size() == 2);
  CHECK(p.TextOf(c.rest[0].operand->span) == "完成率(a, b)");
  CHECK(As<Extremum>(c.rest[1].operand).args.size() == 3);
  const Aggregate& agg = As<Aggregate>(c.rest[2].operand);
  CHECK(agg.fn == AggFn::kMax);
  CHECK(agg.where != nullptr);

  CHECK(ParseText("定义 x = 合计(a, b)\n").Find("E0101") != nullptr);
  CHECK(ParseText("定义 x = 最大(全体 a, b)\n").Find("E0101") != nullptr);
}

TEST_CASE("parse: a parenthesised chain is kept as a node of its own") {
  Parsed p = ParseText("定义 x = (a + b) + c - (d - e)\n");
  const Chain& c = As<Chain>(Value(p));
  REQUIRE(c.rest.size() == 2);
  const Chain& first = As<Chain>(c.first);
  CHECK(first.kind == ChainKind::kAdd);
  CHECK(first.rest.size() == 1);
  CHECK(p.TextOf(c.first->span) == "a + b");  // the inner expression, without parentheses
  CHECK(As<Chain>(c.rest[1].operand).rest[0].op == ChainOp::kSub);
}

TEST_CASE("parse: negation, literals, strings") {
  Parsed p = ParseText("定义 x = -5分\n");
  const Unary& neg = As<Unary>(Value(p));  // not folded into the literal
  CHECK(neg.op == UnaryOp::kNeg);
  CHECK(As<NumberLit>(neg.operand).digits == "5");

  struct Case {
    const char* text;
    const char* digits;
    Unit unit;
  };
  for (const Case& c : {Case{"0.5分", "0.5", Unit::kPoints}, Case{"20万元", "20", Unit::kWanYuan},
                        Case{"1500元", "1500", Unit::kYuan}, Case{"50%", "50", Unit::kPercent},
                        Case{"50％", "50", Unit::kPercent}, Case{"12", "12", Unit::kNone}}) {
    Parsed n = ParseText(std::string("定义 x = ") + c.text + "\n");
    INFO(c.text);
    CHECK(As<NumberLit>(Value(n)).digits == c.digits);
    CHECK(As<NumberLit>(Value(n)).unit == c.unit);
  }

  Parsed s = ParseText("定义 x = \"引号\\\"和\\\\反斜杠\\n换行\\t制表\"\n");
  CHECK(As<StringLit>(Value(s)).value == "引号\"和\\反斜杠\n换行\t制表");
  Parsed curly = ParseText("定义 x = “不\\n转义”\n");
  CHECK(As<StringLit>(Value(curly)).value == "不\\n转义");
}

TEST_CASE("parse: 无 and none are the no-value literal; names containing 无 stay names") {
  CHECK(Value(ParseText("定义 x = 无\n")).As<NoneLit>() != nullptr);
  CHECK(Value(ParseText("define x = none\n")).As<NoneLit>() != nullptr);
  // Longest match: a name that contains 无 is one NAME, whatever side 无 is on.
  for (const char* name : {"无效次数", "有无", "无无", "nonexistent", "none_1"}) {
    INFO(name);
    Parsed p = ParseText(std::string("定义 x = ") + name + "\n");
    const Expr& value = Value(p);
    REQUIRE(value.As<PathRef>() != nullptr);
    CHECK(value.As<PathRef>()->parts.at(0).text == name);
  }
  // 若无 is still its own keyword, and 无 may stand on either side of it.
  // (Each parse is kept while its tree is read.)
  const Parsed bound = ParseText("定义 x = 加分 若无 无\n");
  const Bound& ifnone = As<Bound>(Value(bound));
  CHECK(ifnone.kind == BoundKind::kIfNone);
  CHECK(ifnone.bound->As<NoneLit>() != nullptr);
  // As a branch, a row's result and a call argument.
  const Parsed if_then = ParseText("定义 x = 如果 未参评 则 无 否则 总分\n");
  CHECK(As<If>(Value(if_then)).then_value->As<NoneLit>() != nullptr);
  const Parsed lookup = ParseText("定义 x = 查表 得分 { 低于 60: 无\n 其他: 1 }\n");
  CHECK(As<Lookup>(Value(lookup)).rows.at(0).result->As<NoneLit>() != nullptr);
  const Parsed call = ParseText("定义 x = 完成率(无, 100)\n");
  CHECK(As<Call>(Value(call)).args.at(0)->As<NoneLit>() != nullptr);
}

TEST_CASE("parse: every comparison word") {
  struct Case {
    const char* text;
    CompareOp op;
    CompareWord word;
  };
  const Case cases[] = {
      {"a = b", CompareOp::kEq, CompareWord::kSymbol},
      {"a ≠ b", CompareOp::kNe, CompareWord::kSymbol},
      {"a != b", CompareOp::kNe, CompareWord::kSymbol},
      {"a < b", CompareOp::kLt, CompareWord::kSymbol},
      {"a ≤ b", CompareOp::kLe, CompareWord::kSymbol},
      {"a > b", CompareOp::kGt, CompareWord::kSymbol},
      {"a >= b", CompareOp::kGe, CompareWord::kSymbol},
      {"a 在 b 以上", CompareOp::kGe, CompareWord::kAboveIncl},
      {"a 在 b 以下", CompareOp::kLe, CompareWord::kBelowIncl},
      {"a 在 b 以内", CompareOp::kLe, CompareWord::kWithinIncl},
      {"a atleast b", CompareOp::kGe, CompareWord::kAboveIncl},
      {"a atmost b", CompareOp::kLe, CompareWord::kBelowIncl},
      {"a within b", CompareOp::kLe, CompareWord::kWithinIncl},
      {"a 届满 b", CompareOp::kGe, CompareWord::kReaches},
      {"a 超过 b", CompareOp::kGt, CompareWord::kExceeds},
      {"a 高于 b", CompareOp::kGt, CompareWord::kHigher},
      {"a above b", CompareOp::kGt, CompareWord::kHigher},
      {"a 低于 b", CompareOp::kLt, CompareWord::kLower},
      {"a 不满 b", CompareOp::kLt, CompareWord::kUnder},
      {"a under b", CompareOp::kLt, CompareWord::kUnder},
  };
  for (const Case& c : cases) {
    Parsed p = ParseText(std::string("定义 x = ") + c.text + "\n");
    INFO(c.text);
    const Compare& cmp = As<Compare>(Value(p));
    CHECK(cmp.op == c.op);
    CHECK(cmp.word == c.word);
    CHECK(PathText(cmp.lhs) == "a");
    CHECK(PathText(cmp.rhs) == "b");
  }
}

TEST_CASE("parse: English keywords mean the same") {
  Parsed p = ParseText(
      "define 单位.x: points cites \"一\" = if a and not b then sum(every 目标.分数, where c, by "
      "d) "
      "else lookup e hit first { below 3: 1  otherwise: 2 }\n");
  const DefDecl& d = As<DefDecl>(p.file->decls.at(0));
  CHECK(d.table->text == "单位");
  CHECK(d.type->base == BaseType::kPoints);
  const If& i = As<If>(d.value);
  CHECK(As<Chain>(i.cond).kind == ChainKind::kAnd);
  const Aggregate& a = As<Aggregate>(i.then_value);
  CHECK(a.every);
  CHECK(a.group_by.size() == 1);
  CHECK(As<Lookup>(i.else_value).hit == HitPolicy::kFirst);
}

TEST_CASE("parse: ranks, tie rules, rounding, conversion") {
  Parsed p = ParseText(
      "定义 x = 排名(-a 从低到高, 按 b, 按 c, 限于 d 且 e, 并列 依 f 从低到高 并列 依 g 并列 "
      "报错)\n");
  const Rank& r = As<Rank>(Value(p));
  CHECK(r.order == Order::kAsc);
  CHECK(r.group_by.size() == 2);
  CHECK(r.eligible != nullptr);
  CHECK(r.ties.kind == TieKind::kThenBy);
  CHECK(r.ties.then_order == Order::kAsc);
  REQUIRE(r.ties.then_rule != nullptr);
  CHECK(r.ties.then_rule->kind == TieKind::kThenBy);
  CHECK(r.ties.then_rule->then_order == Order::kDesc);
  REQUIRE(r.ties.then_rule->then_rule != nullptr);
  CHECK(r.ties.then_rule->then_rule->kind == TieKind::kError);

  Parsed q = ParseText("定义 x = 排名(a)\n");
  CHECK_FALSE(As<Rank>(Value(q)).order_written);
  CHECK(As<Rank>(Value(q)).ties.kind == TieKind::kNone);

  Parsed c = ParseText("定义 x = 保留(a, 2, 四舍六入) + 取整(b, 向上) + 万元(c) + 数(d)\n");
  const Chain& sum = As<Chain>(Value(c));
  CHECK(As<Round>(sum.first).mode == RoundMode::kHalfEven);
  CHECK(As<Round>(sum.rest[0].operand).digits == nullptr);
  CHECK(As<Convert>(sum.rest[1].operand).to == Unit::kWanYuan);
  CHECK(As<Convert>(sum.rest[2].operand).to == Unit::kNone);
}

TEST_CASE("parse: declarations over no table, functions, enums") {
  Parsed p =
      ParseText("输出 总数 = 1\n函数 f(a: 数, b: 单位?): 是否 = a > 0\n枚举 色 = (红, 绿)\n");
  INFO(p.Errors());
  REQUIRE(p.file.has_value());
  const DefDecl& d = As<DefDecl>(p.file->decls[0]);
  CHECK(d.output);
  CHECK_FALSE(d.table.has_value());
  CHECK_FALSE(d.type.has_value());
  const FuncDecl& f = As<FuncDecl>(p.file->decls[1]);
  CHECK(f.params[1].type.base == BaseType::kNamed);
  CHECK(f.params[1].type.optional);
  CHECK(As<EnumDecl>(p.file->decls[2]).members.size() == 2);
}

TEST_CASE("parse: an empty file is a valid empty File") {
  for (const char* text : {"", "   \n\n", "\t\u3000\n"}) {
    Parsed p = ParseText(text);
    INFO(p.Errors());
    REQUIRE(p.file.has_value());
    CHECK_FALSE(p.file->header.has_value());
    CHECK(p.file->decls.empty());
    CHECK(p.file->trailing_comments.empty());
    CHECK(p.file->file == p.id);
  }
  Parsed c = ParseText("# 只有注释\n## 文档注释\n");
  REQUIRE(c.file.has_value());
  CHECK(c.file->trailing_comments == std::vector<std::string>{"# 只有注释", "## 文档注释"});
}

// ---- comments ------------------------------------------------------------------------------

TEST_CASE("parse: comments lead, trail and are never lost") {
  Parsed p = ParseText(
      "# 文件开头\n"
      "政策 甲 \"标题\"  # 标题旁\n"
      "  来源 \"a.txt\"  # 来源旁\n"
      "\n"
      "# 参数之前\n"
      "参数 乙: 分 = 1分  # 参数之后\n"
      "实体 丙 {\n"
      "  # 列之前\n"
      "  x: 分  # 列之后\n"
      "  # 表尾\n"
      "}\n"
      "定义 丁 = 查表 x {  # 左括号旁\n"
      "  1: 2  # 行后\n"
      "  # 其他之前\n"
      "  其他: 3  # 其他之后\n"
      "}  # 声明之后\n"
      "定义 戊 = 1 + # 表达式中间\n"
      "  2\n"
      "# 文件末尾\n");
  INFO(p.Errors());
  REQUIRE(p.file.has_value());
  const File& f = *p.file;
  CHECK(f.header->comments.leading == std::vector<std::string>{"# 文件开头", "# 标题旁"});
  CHECK(f.header->comments.trailing == std::optional<std::string>("# 来源旁"));
  REQUIRE(f.decls.size() == 4);
  CHECK(f.decls[0].comments.leading == std::vector<std::string>{"# 参数之前"});
  CHECK(f.decls[0].comments.trailing == std::optional<std::string>("# 参数之后"));
  const TableDecl& table = As<TableDecl>(f.decls[1]);
  CHECK(table.columns[0].comments.leading == std::vector<std::string>{"# 列之前"});
  CHECK(table.columns[0].comments.trailing == std::optional<std::string>("# 列之后"));
  CHECK(f.decls[1].comments.leading == std::vector<std::string>{"# 表尾"});
  const Lookup& l = As<Lookup>(As<DefDecl>(f.decls[2]).value);
  CHECK(l.rows[0].comments.leading == std::vector<std::string>{"# 左括号旁"});
  CHECK(l.rows[0].comments.trailing == std::optional<std::string>("# 行后"));
  CHECK(l.otherwise_comments.leading == std::vector<std::string>{"# 其他之前"});
  CHECK(l.otherwise_comments.trailing == std::optional<std::string>("# 其他之后"));
  CHECK(f.decls[2].comments.trailing == std::optional<std::string>("# 声明之后"));
  CHECK(f.decls[3].comments.leading == std::vector<std::string>{"# 表达式中间"});
  CHECK_FALSE(f.decls[3].comments.trailing.has_value());
  CHECK(f.trailing_comments == std::vector<std::string>{"# 文件末尾"});
}

TEST_CASE("parse: comments of arms, tier items, sections and test items") {
  Parsed p = ParseText(
      "定义 a = 按情况 {\n  # 甲\n  当 x: 1  # 乙\n}\n"
      "定义 b = 分等 (上, 下) {\n  排序 x  # 丙\n  # 丁\n  下 其余\n}\n"
      "计分结构 总分 3分 {  # 戊\n  # 己\n  甲 1分  # 庚\n}\n"
      "测试 \"t\" {\n  # 辛\n  参数 x = 1  # 壬\n}\n");
  INFO(p.Errors());
  REQUIRE(p.file.has_value());
  const File& f = *p.file;
  const CaseArm& arm = As<Cases>(As<DefDecl>(f.decls[0]).value).arms[0];
  CHECK(arm.comments.leading == std::vector<std::string>{"# 甲"});
  CHECK(arm.comments.trailing == std::optional<std::string>("# 乙"));
  const Tiers& tiers = As<Tiers>(As<DefDecl>(f.decls[1]).value);
  CHECK(tiers.items[0].comments.trailing == std::optional<std::string>("# 丙"));
  CHECK(tiers.items[1].comments.leading == std::vector<std::string>{"# 丁"});
  const Section& root = As<StructureDecl>(f.decls[2]).root;
  CHECK(root.parts[0].comments.leading == std::vector<std::string>{"# 戊", "# 己"});
  CHECK(root.parts[0].comments.trailing == std::optional<std::string>("# 庚"));
  const TestItem& item = As<TestDecl>(f.decls[3]).items[0];
  CHECK(item.comments.leading == std::vector<std::string>{"# 辛"});
  CHECK(item.comments.trailing == std::optional<std::string>("# 壬"));
}

TEST_CASE("parse: a comment before the first declaration leads it when there is no header") {
  Parsed p = ParseText("# 说明\n定义 a = 1\n");
  REQUIRE(p.file.has_value());
  CHECK(p.file->decls[0].comments.leading == std::vector<std::string>{"# 说明"});
}

// ---- test tables ------------------------------------------------------------------------------

TEST_CASE("parse: test tables are split into rows by line") {
  Parsed p = ParseText(
      "测试 \"t\" {\n  数据表 单位 {\n    | 单位 | \"x y\" | 得分 |\n    | 甲 | -3分 | 是 |\n"
      "    | 乙 | | 否 |\n  }\n  预期 单位[\"甲\"].x = 1\n}\n");
  INFO(p.Errors());
  REQUIRE(p.file.has_value());
  const TestDecl& t = As<TestDecl>(p.file->decls[0]);
  const TestData& data = std::get<TestData>(t.items[0].node);
  REQUIRE(data.header.size() == 3);
  CHECK(data.header[1].kind == Cell::Kind::kString);
  CHECK(data.header[1].text == "x y");
  REQUIRE(data.rows.size() == 2);
  CHECK(data.rows[0][1].kind == Cell::Kind::kNumber);
  CHECK(data.rows[0][1].text == "-3分");
  CHECK(p.TextOf(data.rows[0][1].span) == "-3分");
  CHECK(data.rows[0][2].kind == Cell::Kind::kBool);
  CHECK(data.rows[0][2].bool_value);
  CHECK(data.rows[1][1].kind == Cell::Kind::kEmpty);
  CHECK(p.TextOf(data.rows[1][1].span) == " ");
  CHECK_FALSE(data.rows[1][2].bool_value);
  const TestExpect& e = std::get<TestExpect>(t.items[1].node);
  CHECK(e.key->kind == Cell::Kind::kString);
}

// ---- syntax errors ------------------------------------------------------------------------------

TEST_CASE("parse: E0101 says what was expected and what was found") {
  Parsed p = ParseText("定义 a = )\n");
  CHECK_FALSE(p.file.has_value());
  CHECK(p.Errors() == "1:8 E0101 expected an expression, found `)`\n");
  CHECK(p.diags[0].message.zh == "此处应为表达式, 却是 `)`");
  CHECK(p.TextOf(p.diags[0].primary) == ")");

  Parsed q = ParseText("参数 乙 分 = 2分\n参数 丙: 分 3分\n");
  CHECK(q.Errors() ==
        "1:6 E0101 expected `:`, found `分`\n"
        "2:9 E0101 expected `依据` (cites), `假定` (assume) or `=`, found `3分`\n");
  CHECK(q.diags[1].message.zh == "此处应为`依据`、`假定` 或 `=`, 却是 `3分`");

  Parsed r = ParseText("定义 a = 1 2\n");
  CHECK(r.Errors() ==
        "1:10 E0101 expected a declaration (`定义`, `输出`, `参数`, `实体` …) or end of file, "
        "found `2`\n");

  Parsed k = ParseText("参数 排名: 整数 = 1\n");
  REQUIRE(k.diags.size() == 1);
  CHECK(k.Errors() == "1:4 E0101 expected a name, found `排名`\n");
  REQUIRE(k.diags[0].help.has_value());
  CHECK(k.diags[0].help->en == "`排名` is a keyword and cannot be a name");
}

TEST_CASE("parse: E0101 after a name with a keyword glued to it suggests the split") {
  Parsed p = ParseText("定义 甲 = 得分低于 90分\n");
  REQUIRE(p.diags.size() == 1);
  const base::Diagnostic& d = p.diags[0];
  CHECK(d.code == "E0101");
  CHECK(p.Where(d) == "1:13");
  REQUIRE(d.help.has_value());
  CHECK(d.help->en == "keywords must stand apart from names: write `得分 低于`");
  CHECK(d.help->zh == "关键字要与名称分开写: 写作 `得分 低于`");
  REQUIRE(d.secondary.size() == 1);
  CHECK(p.TextOf(d.secondary[0].span) == "得分低于");

  Parsed q = ParseText("定义 甲 = 如果 总分在 90分 以下 则 1 否则 2\n");
  const base::Diagnostic* glued = q.Find("E0101");
  REQUIRE(glued != nullptr);
  REQUIRE(glued->help.has_value());
  CHECK(glued->help->en == "keywords must stand apart from names: write `总分 在`");
}

TEST_CASE("parse: E0102 unterminated string") {
  Parsed p = ParseText("定义 a = \"没有结尾\n定义 b = “也没有\n");
  CHECK(p.Errors() ==
        "1:8 E0102 unterminated string: no closing `\"` on this line\n"
        "2:8 E0102 unterminated string: no closing `”` on this line\n");
  CHECK(p.TextOf(p.diags[0].primary) == "\"没有结尾");
}

TEST_CASE("parse: E0103 names the stray character and suggests the ASCII one") {
  Parsed p = ParseText("定义 a = 1分 ¥ 2分\n");
  CHECK(p.Errors() == "1:11 E0103 unexpected character `¥` (U+00A5)\n");
  CHECK(p.diags[0].message.zh == "无法识别的字符 `¥` (U+00A5)");

  Parsed q = ParseText("定义 a ＝ 1\n");
  CHECK(q.Errors() == "1:6 E0103 unexpected character `＝` (U+FF1D)\n");
  REQUIRE(q.diags[0].help.has_value());
  CHECK(q.diags[0].help->en == "write `=` instead");
  CHECK(q.diags[0].help->zh == "请改用半角 `=`");

  Parsed z = ParseText("定义 a = 1\u200B\n");
  CHECK(z.Errors() == "1:9 E0103 an invisible character (U+200B) here\n");

  Parsed two = ParseText("定义 a = 1 @ 2 @ 3\n");  // each reported once, none hidden by recovery
  CHECK(two.Errors() ==
        "1:10 E0103 unexpected character `@` (U+0040)\n"
        "1:14 E0103 unexpected character `@` (U+0040)\n");
}

TEST_CASE("parse: E0104 unexpected end of file points at the end") {
  Parsed p = ParseText("定义 a = 1 +");
  CHECK(p.Errors() == "1:11 E0104 unexpected end of file: expected an expression\n");
  CHECK(p.diags[0].primary.begin == p.diags[0].primary.end);
  CHECK(p.diags[0].primary.begin == p.sources->Get(p.id).Text().size());

  Parsed q = ParseText("实体 甲 {\n  得分: 分\n");
  CHECK(q.Errors() == "2:8 E0104 unexpected end of file: expected `}` or a name\n");
}

TEST_CASE("parse: E0106 after too many errors", "[robustness]") {
  std::string text;
  for (int i = 0; i < 80; ++i) text += "参数 = 1\n";
  Parsed p = ParseText(text);
  CHECK_FALSE(p.file.has_value());
  REQUIRE(p.diags.size() == static_cast<size_t>(kMaxSyntaxErrors) + 1);
  const base::Diagnostic* stop = p.Find("E0106");
  REQUIRE(stop != nullptr);
  CHECK(p.Where(*stop) == "51:4");

  std::string strays(200, '@');
  Parsed q = ParseText("定义 a = " + strays + "\n");
  CHECK(q.diags.size() == static_cast<size_t>(kMaxSyntaxErrors) + 1);
  CHECK(q.Find("E0106") != nullptr);
}

TEST_CASE("parse: E0107 file too large", "[robustness]") {
  Parsed p = ParseText(std::string(kMaxFileBytes + 1, '\n'));
  CHECK_FALSE(p.file.has_value());
  CHECK(p.Errors() ==
        "1:1 E0107 the file is too large: 16777217 bytes, the limit is 16777216 bytes\n");
}

TEST_CASE("parse: E0108 a unit where a plain number is wanted") {
  Parsed p = ParseText("政策 甲 \"t\"\n  精度 12分\n");
  CHECK_FALSE(p.file.has_value());
  CHECK(p.Errors() == "2:6 E0108 `精度` takes a plain whole number, not `12分`\n");
  REQUIRE(p.diags[0].help.has_value());
  CHECK(p.diags[0].help->en == "write `精度 12`");
}

TEST_CASE("parse: E0109 test table rows") {
  const std::string head = "测试 \"t\" {\n  数据表 单位 {\n    | 单位 | 得分 |\n";
  Parsed open_end = ParseText(head + "    | 甲 | 1\n  }\n}\n");
  CHECK(open_end.Errors() == "4:11 E0109 this table row does not end with `|`\n");
  Parsed open_start = ParseText(head + "    甲 | 1 |\n  }\n}\n");
  CHECK(open_start.Errors() == "4:5 E0109 this table row does not start with `|`\n");
  Parsed two = ParseText(head + "    | 甲 乙 | 1 |\n  }\n}\n");
  CHECK(two.Errors() == "4:9 E0109 two values in one cell: separate them with `|`\n");
}

TEST_CASE("parse: E0110 a line or clause written twice") {
  Parsed p = ParseText("政策 甲 \"标题\"\n  全称 \"又一个标题\"\n");
  CHECK(p.Errors() == "2:3 E0110 the title is given twice\n");
  REQUIRE(p.diags[0].secondary.size() == 1);
  CHECK(p.TextOf(p.diags[0].secondary[0].span) == "\"标题\"");
  Parsed title_only = ParseText("政策 甲\n  全称 \"标题\"\n");
  REQUIRE(title_only.file.has_value());
  CHECK(title_only.file->header->title->value == "标题");

  Parsed q = ParseText("定义 a = 合计(b, 其中 c, 其中 d)\n");
  CHECK(q.Errors() == "1:20 E0110 the `其中` clause is given twice\n");
}

TEST_CASE("parse: all errors of a file are reported, sorted, each once") {
  Parsed p = ParseText(
      "参数 甲: 分 = 1分\n参数 乙 分 = 2分\n参数 丙: 分 3分\n定义 丁 = (1 +\n定义 戊 = 1\n");
  CHECK(p.Errors() ==
        "2:6 E0101 expected `:`, found `分`\n"
        "3:9 E0101 expected `依据` (cites), `假定` (assume) or `=`, found `3分`\n"
        "5:1 E0101 expected an expression, found `定义`\n");
}

// ---- hostile input --------------------------------------------------------------------------

TEST_CASE("parse: 100,000 nested parentheses stop at the nesting limit", "[robustness]") {
  Parsed p =
      ParseText("定义 a = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n");
  CHECK_FALSE(p.file.has_value());
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags[0].code == "E0105");
}

TEST_CASE("parse: 100,000 prefix operators stop at the nesting limit", "[robustness]") {
  for (const std::string& op : {std::string("-"), std::string("不 "), std::string("查表 ")}) {
    std::string text = "定义 a = ";
    for (int i = 0; i < 100000; ++i) text += op;
    text += "1\n";
    Parsed p = ParseText(text);
    INFO(op);
    CHECK_FALSE(p.file.has_value());
    CHECK(p.Find("E0105") != nullptr);
    CHECK(p.diags.size() <= 2);
  }
}

TEST_CASE("parse: long chains of nesting words stop at the nesting limit", "[robustness]") {
  std::string ifs = "定义 a = (";
  for (int i = 0; i < 20000; ++i) ifs += "如果 x 则 1 否则 ";
  ifs += "2) + 1\n";
  std::string ties = "定义 a = 排名(x, 并列";
  for (int i = 0; i < 20000; ++i) ties += " 依 y 并列";
  ties += " 从优)\n";
  std::string lookups = "定义 a = ";
  for (int i = 0; i < 20000; ++i) lookups += "查表 x + ";
  lookups += "1 { 1: 2 }\n";
  std::string sections = "计分结构 a 1分";
  for (int i = 0; i < 20000; ++i) sections += " { b 1分";
  for (const std::string& text : {ifs, ties, lookups, sections}) {
    Parsed p = ParseText(text);
    INFO(text.substr(0, 40));
    CHECK_FALSE(p.file.has_value());
    CHECK(p.Find("E0105") != nullptr);
  }
}

TEST_CASE("parse: long postfix chains give a bounded tree", "[robustness]") {
  std::string text = "定义 a = x";
  for (int i = 0; i < 20000; ++i) text += " 扣完为止";
  Parsed p = ParseText(text + "\n");
  CHECK_FALSE(p.file.has_value());
  CHECK(p.Errors() ==
        "1:5000 E0105 nested too deeply: too many levels of brackets, operators or `如果`\n");
  CHECK(p.TextOf(p.diags[0].primary) == "扣完为止");

  std::string fine = "定义 a = x 封顶 1 保底 0 扣完为止 若无 0\n";
  CHECK(ParseText(fine).file.has_value());
}

TEST_CASE("parse: a 200,000-term sum is one flat chain", "[robustness]") {
  std::string text = "定义 a = 1";
  text.reserve(text.size() + 200000 * 4);
  for (int i = 1; i < 200000; ++i) text += " + 1";
  Parsed p = ParseText(text + "\n");
  INFO(p.Errors());
  const Chain& sum = As<Chain>(Value(p));
  CHECK(sum.kind == ChainKind::kAdd);
  CHECK(sum.rest.size() + 1 == 200000);
  CHECK(p.TextOf(sum.rest.back().operand->span) == "1");
}

TEST_CASE("parse: long flat lists nest nothing", "[robustness]") {
  // Kept short: each binary minus makes ANTLR read ahead to the end of the
  // sum, since a lookup row may start with `-` (see the note on the grammar).
  std::string minus = "定义 a = 1";
  for (int i = 0; i < 1000; ++i) minus += " - -1";
  std::string table = "测试 \"t\" {\n  数据表 x {\n    | a |\n";
  for (int i = 0; i < 5000; ++i) table += "    | -1 |\n";
  table += "  }\n}\n";
  std::string lookup = "定义 a = 查表 x {\n";
  for (int i = 0; i < 5000; ++i) lookup += "  -: -1\n";
  lookup += "}\n";
  std::string cases = "定义 a = 按情况 {\n";
  for (int i = 0; i < 1000; ++i) cases += "  当 不 如果 a 则 b 否则 c: -1\n";
  cases += "}\n";
  for (const std::string& text : {minus, table, lookup, cases}) {
    Parsed p = ParseText(text);
    INFO(text.substr(0, 40) << "\n" << p.Errors());
    CHECK(p.file.has_value());
  }
}

TEST_CASE("parse: thousands of unclosed brackets give a bounded list of errors", "[robustness]") {
  for (char open : {'(', '{', '['}) {
    Parsed p = ParseText("定义 a = " + std::string(5000, open) + "\n");
    INFO(open << "\n" << p.Errors());
    CHECK_FALSE(p.file.has_value());
    CHECK_FALSE(p.diags.empty());
    CHECK(p.diags.size() <= static_cast<size_t>(kMaxSyntaxErrors) + 1);
  }
  std::string tables;
  for (int i = 0; i < 3000; ++i) tables += "实体 甲 {\n";
  Parsed p = ParseText(tables);
  CHECK_FALSE(p.file.has_value());
  CHECK(p.diags.size() <= static_cast<size_t>(kMaxSyntaxErrors) + 1);
}

TEST_CASE("parse: 10 MB of garbage is rejected with a bounded list of errors", "[robustness]") {
  // Deterministic garbage: keywords, names, brackets, quotes and strays.
  const char* pieces[] = {"a", "1", " ", "\n",   "(",  ")",    "@", "定义", "分",   "x",  "{",
                          "}", "+", "=", "总分", "\"", "低于", ":", "|",    "中文", "测", "、"};
  std::string text;
  text.reserve(10u << 20);
  uint32_t state = 12345;
  while (text.size() < (10u << 20)) {
    state = state * 1103515245u + 12345u;
    text += pieces[(state >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
  }
  Parsed p = ParseText(text);
  CHECK_FALSE(p.file.has_value());
  CHECK_FALSE(p.diags.empty());
  CHECK(p.diags.size() <= static_cast<size_t>(kMaxSyntaxErrors) + 1);

  // One 10 MB name, and 2 MB of short Chinese names with no keyword to resume at.
  std::string name;
  while (name.size() < (10u << 20)) name += "中文字";
  Parsed q = ParseText(name);
  CHECK(q.Errors().substr(0, 9) == "1:1 E0101");
  std::string words;
  while (words.size() < (2u << 20)) words += "中文 字 测 总分 ";
  Parsed r = ParseText(words);
  CHECK(r.Find("E0106") != nullptr);
}

// ---- token boundaries
// -----------------------------------------------------------------------------

TEST_CASE("TokenBoundaries gives every token's start and end, comments included") {
  // Blanks are not tokens: each lies between one token's end and the next
  // one's start, so both of its edges are boundaries all the same.
  const std::string text = "定义 a = 1  # 注\n";
  const std::vector<uint32_t> expected = {0, 6, 7, 8, 9, 10, 11, 12, 14, 19};
  CHECK(TokenBoundaries(text) == expected);
  CHECK(TokenBoundaries("").empty());
}

}  // namespace
}  // namespace arl::syntax
