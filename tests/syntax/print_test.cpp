// Print and Dump: canonical text, parentheses exactly where the grammar needs
// them, both keyword languages, comments kept, and the round trip
// parse(print(ast)) == ast over every rule file in the repository.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/keywords.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/print.h"
#include "tests/driver/rule_files.h"

namespace arl::syntax {
namespace {

// ---- building trees by hand ------------------------------------------------------

template <typename T>
ExprPtr E(T node) {
  auto e = std::make_unique<Expr>();
  e->node = std::move(node);
  return e;
}

ExprPtr Num(std::string digits, Unit unit = Unit::kNone) {
  return E(NumberLit{std::move(digits), unit});
}

// `单位.基本分` → a path of two names.
ExprPtr Ref(const std::string& dotted) {
  PathRef path;
  size_t start = 0;
  while (true) {
    const size_t dot = dotted.find('.', start);
    path.parts.push_back(Name{dotted.substr(start, dot - start), {}});
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return E(std::move(path));
}

ChainKind KindOf(ChainOp op) {
  switch (op) {
    case ChainOp::kAdd:
    case ChainOp::kSub:
      return ChainKind::kAdd;
    case ChainOp::kMul:
    case ChainOp::kDiv:
      return ChainKind::kMul;
    case ChainOp::kAnd:
      return ChainKind::kAnd;
    case ChainOp::kOr:
      return ChainKind::kOr;
  }
  return ChainKind::kAdd;
}

ExprPtr Bin(ExprPtr a, ChainOp op, ExprPtr b) {
  Chain chain{KindOf(op), std::move(a), {}};
  chain.rest.push_back(ChainLink{op, std::move(b), {}});
  return E(std::move(chain));
}

ExprPtr Neg(ExprPtr x) {
  return E(Unary{UnaryOp::kNeg, std::move(x)});
}
ExprPtr Not(ExprPtr x) {
  return E(Unary{UnaryOp::kNot, std::move(x)});
}

ExprPtr IfThen(ExprPtr c, ExprPtr a, ExprPtr b) {
  return E(If{std::move(c), std::move(a), std::move(b)});
}

ExprPtr Cmp(ExprPtr a, CompareOp op, CompareWord word, ExprPtr b) {
  return E(Compare{op, word, std::move(a), std::move(b)});
}

ExprPtr Bnd(BoundKind kind, ExprPtr value, ExprPtr bound = nullptr) {
  return E(Bound{kind, std::move(value), std::move(bound)});
}

Matcher ValueMatcher(ExprPtr v) {
  Matcher m;
  m.kind = MatcherKind::kValue;
  m.value = std::move(v);
  return m;
}

Matcher RangeMatcher(std::optional<std::pair<BoundWord, ExprPtr>> lower,
                     std::optional<std::pair<BoundWord, ExprPtr>> upper) {
  Matcher m;
  m.kind = MatcherKind::kRange;
  if (lower) m.lower = RangeBound{lower->first, std::move(lower->second)};
  if (upper) m.upper = RangeBound{upper->first, std::move(upper->second)};
  return m;
}

LookupRow Row(Matcher m, ExprPtr result) {
  LookupRow row;
  row.matchers.push_back(std::move(m));
  row.result = std::move(result);
  return row;
}

Decl Define(std::string table, std::string name, ExprPtr value) {
  DefDecl def;
  if (!table.empty()) def.table = Name{std::move(table), {}};
  def.name = Name{std::move(name), {}};
  def.value = std::move(value);
  Decl d;
  d.node = std::move(def);
  return d;
}

std::string Zh(const ExprPtr& e) {
  return PrintExpr(*e, KeywordLang::kZh);
}
std::string En(const ExprPtr& e) {
  return PrintExpr(*e, KeywordLang::kEn);
}

// ---- parentheses -----------------------------------------------------------------

TEST_CASE("print: a chain inside a chain of its kind came from parentheses") {
  auto a = [] { return Ref("a"); };
  auto b = [] { return Ref("b"); };
  auto c = [] { return Ref("c"); };
  CHECK(Zh(Bin(Bin(a(), ChainOp::kAdd, b()), ChainOp::kAdd, c())) == "(a + b) + c");
  CHECK(Zh(Bin(a(), ChainOp::kSub, Bin(b(), ChainOp::kSub, c()))) == "a - (b - c)");
  CHECK(Zh(Bin(Bin(a(), ChainOp::kMul, b()), ChainOp::kDiv, c())) == "(a × b) ÷ c");
  CHECK(Zh(Bin(Bin(a(), ChainOp::kAnd, b()), ChainOp::kAnd, c())) == "(a 且 b) 且 c");
  // Other kinds follow precedence.
  CHECK(Zh(Bin(a(), ChainOp::kAdd, Bin(b(), ChainOp::kMul, c()))) == "a + b × c");
  CHECK(Zh(Bin(Bin(a(), ChainOp::kAdd, b()), ChainOp::kMul, c())) == "(a + b) × c");
  CHECK(Zh(Bin(a(), ChainOp::kDiv, Bin(b(), ChainOp::kSub, c()))) == "a ÷ (b - c)");
  CHECK(Zh(Bin(Bin(a(), ChainOp::kAnd, b()), ChainOp::kOr, c())) == "a 且 b 或 c");
  CHECK(Zh(Bin(a(), ChainOp::kAnd, Bin(b(), ChainOp::kOr, c()))) == "a 且 (b 或 c)");
}

TEST_CASE("print: the expr layer inside arithmetic is parenthesised") {
  CHECK(Zh(Bin(IfThen(Ref("a"), Num("1"), Num("2")), ChainOp::kMul, Num("3"))) ==
        "(如果 a 则 1 否则 2) × 3");
  CHECK(Zh(Bin(Ref("基本分"), ChainOp::kSub,
               IfThen(Ref("x"), Num("2", Unit::kPoints), Num("0", Unit::kPoints)))) ==
        "基本分 - (如果 x 则 2分 否则 0分)");
  // A comparison's operands are arith: a comparison or 且 there needs parens.
  CHECK(Zh(Cmp(Bin(Ref("a"), ChainOp::kAnd, Ref("b")), CompareOp::kEq, CompareWord::kSymbol,
               Cmp(Ref("c"), CompareOp::kLt, CompareWord::kSymbol, Ref("d")))) ==
        "(a 且 b) = (c < d)");
  // An if in an if's branches needs none; in an operand of 或 it does.
  CHECK(Zh(IfThen(Ref("a"), Num("1"), IfThen(Ref("b"), Num("2"), Num("3")))) ==
        "如果 a 则 1 否则 如果 b 则 2 否则 3");
  CHECK(Zh(Bin(IfThen(Ref("a"), Ref("b"), Ref("c")), ChainOp::kOr, Ref("d"))) ==
        "(如果 a 则 b 否则 c) 或 d");
  CHECK(Zh(Bin(Ref("d"), ChainOp::kOr, IfThen(Ref("a"), Ref("b"), Ref("c")))) ==
        "d 或 (如果 a 则 b 否则 c)");
}

TEST_CASE("print: unary operators") {
  CHECK(Zh(Neg(Bin(Ref("a"), ChainOp::kAdd, Ref("b")))) == "-(a + b)");
  CHECK(Zh(Neg(Bin(Ref("a"), ChainOp::kMul, Ref("b")))) == "-(a × b)");
  CHECK(Zh(Bin(Neg(Ref("a")), ChainOp::kMul, Ref("b"))) == "-a × b");
  CHECK(Zh(Bin(Ref("a"), ChainOp::kSub, Neg(Num("5")))) == "a - -5");
  CHECK(Zh(Neg(Neg(Ref("a")))) == "--a");
  CHECK(Zh(Not(Bin(Ref("a"), ChainOp::kAnd, Ref("b")))) == "不 (a 且 b)");
  CHECK(Zh(Bin(Not(Ref("a")), ChainOp::kAnd, Ref("b"))) == "不 a 且 b");
  CHECK(Zh(Not(Cmp(Ref("a"), CompareOp::kEq, CompareWord::kSymbol, Ref("b")))) == "不 a = b");
  CHECK(Zh(Not(Not(Ref("a")))) == "不 不 a");
  CHECK(Zh(Not(IfThen(Ref("a"), Ref("b"), Ref("c")))) == "不 (如果 a 则 b 否则 c)");
}

TEST_CASE("print: postfix words bind as the grammar orders them") {
  // 若无 < 扣完为止 < 封顶/保底 < + < ×
  CHECK(Zh(Bin(Bnd(BoundKind::kIfNone, Ref("下评上"), Num("0", Unit::kPoints)), ChainOp::kAdd,
               Ref("b"))) == "(下评上 若无 0分) + b");
  CHECK(Zh(Bnd(BoundKind::kFloor, Bnd(BoundKind::kCap, Ref("x"), Num("10")), Num("0"))) ==
        "x 封顶 10 保底 0");
  CHECK(Zh(Bnd(BoundKind::kCap, Ref("x"), Bnd(BoundKind::kFloor, Ref("y"), Num("0")))) ==
        "x 封顶 (y 保底 0)");
  CHECK(Zh(Bnd(BoundKind::kUntilZero, Bnd(BoundKind::kCap, Ref("x"), Num("10")))) ==
        "x 封顶 10 扣完为止");
  CHECK(Zh(Bnd(BoundKind::kCap, Bnd(BoundKind::kUntilZero, Ref("x")), Num("10"))) ==
        "(x 扣完为止) 封顶 10");
  CHECK(Zh(Bnd(BoundKind::kCap, Bin(Ref("a"), ChainOp::kSub, Ref("b")),
               Bin(Ref("c"), ChainOp::kAdd, Ref("d")))) == "a - b 封顶 c + d");
  CHECK(Zh(Bin(Bnd(BoundKind::kCap, Ref("a"), Ref("b")), ChainOp::kAdd, Ref("c"))) ==
        "(a 封顶 b) + c");
  CHECK(Zh(Bnd(BoundKind::kIfNone, Bnd(BoundKind::kIfNone, Ref("a"), Ref("b")), Ref("c"))) ==
        "a 若无 b 若无 c");
  CHECK(Zh(Bnd(BoundKind::kIfNone, Ref("a"), Bnd(BoundKind::kIfNone, Ref("b"), Ref("c")))) ==
        "a 若无 (b 若无 c)");
  CHECK(Zh(Cmp(Bnd(BoundKind::kIfNone, Ref("a"), Num("0")), CompareOp::kGt, CompareWord::kSymbol,
               Num("1"))) == "a 若无 0 > 1");
  CHECK(Zh(Neg(Bnd(BoundKind::kUntilZero, Ref("a")))) == "-(a 扣完为止)");
}

TEST_CASE("print: boundary words in both languages") {
  struct Case {
    CompareOp op;
    CompareWord word;
    const char* zh;
    const char* en;
  };
  const Case cases[] = {
      {CompareOp::kGe, CompareWord::kAboveIncl, "总分 在 90分 以上", "总分 atleast 90分"},
      {CompareOp::kLe, CompareWord::kBelowIncl, "总分 在 90分 以下", "总分 atmost 90分"},
      {CompareOp::kLe, CompareWord::kWithinIncl, "总分 在 90分 以内", "总分 within 90分"},
      {CompareOp::kGe, CompareWord::kReaches, "总分 届满 90分", "总分 reaches 90分"},
      {CompareOp::kGt, CompareWord::kExceeds, "总分 超过 90分", "总分 exceeds 90分"},
      {CompareOp::kGt, CompareWord::kHigher, "总分 高于 90分", "总分 above 90分"},
      {CompareOp::kLt, CompareWord::kLower, "总分 低于 90分", "总分 below 90分"},
      {CompareOp::kLt, CompareWord::kUnder, "总分 不满 90分", "总分 under 90分"},
      {CompareOp::kNe, CompareWord::kSymbol, "总分 ≠ 90分", "总分 ≠ 90分"},
      {CompareOp::kGe, CompareWord::kSymbol, "总分 ≥ 90分", "总分 ≥ 90分"},
  };
  for (const Case& c : cases) {
    ExprPtr e = Cmp(Ref("总分"), c.op, c.word, Num("90", Unit::kPoints));
    CHECK(Zh(e) == c.zh);
    CHECK(En(e) == c.en);
  }
  CHECK(En(IfThen(Bin(Ref("a"), ChainOp::kAnd, Not(Ref("b"))), E(BoolLit{true}),
                  E(BoolLit{false}))) == "if a and not b then true else false");
}

TEST_CASE("print: numbers, strings and calls") {
  CHECK(Zh(Num("0.5", Unit::kPoints)) == "0.5分");
  CHECK(Zh(Num("20", Unit::kWanYuan)) == "20万元");
  CHECK(Zh(Num("50", Unit::kPercent)) == "50%");
  CHECK(En(Num("1500", Unit::kYuan)) == "1500元");
  CHECK(Zh(E(StringLit{"a\"b\\c\nd\te"})) == R"("a\"b\\c\nd\te")");
  Call call{Name{"较大", {}}, {}};
  call.args.push_back(Ref("a"));
  call.args.push_back(Bin(Ref("b"), ChainOp::kOr, Ref("c")));
  CHECK(Zh(E(std::move(call))) == "较大(a, b 或 c)");
}

// ---- layout ------------------------------------------------------------------------

ExprPtr InvestmentLookup() {
  Lookup l;
  l.inputs.push_back(Ref("投资额"));
  l.rows.push_back(
      Row(RangeMatcher(std::nullopt, std::pair{BoundWord::kLower, Num("500", Unit::kWanYuan)}),
          Num("0", Unit::kPoints)));
  l.rows.push_back(Row(RangeMatcher(std::pair{BoundWord::kAboveIncl, Num("500", Unit::kWanYuan)},
                                    std::pair{BoundWord::kBelowIncl, Num("1000", Unit::kWanYuan)}),
                       Num("0.5", Unit::kPoints)));
  l.rows.push_back(Row(RangeMatcher(std::pair{BoundWord::kExceeds, Num("1000", Unit::kWanYuan)},
                                    std::pair{BoundWord::kWithinIncl, Num("3000", Unit::kWanYuan)}),
                       Num("1", Unit::kPoints)));
  l.otherwise = Num("2", Unit::kPoints);
  return E(std::move(l));
}

TEST_CASE("print: lookup rows, both languages") {
  CHECK(Zh(InvestmentLookup()) ==
        "查表 投资额 {\n"
        "  低于 500万元: 0分\n"
        "  500万元 以上 1000万元 以下: 0.5分\n"
        "  超过 1000万元 3000万元 以内: 1分\n"
        "  其他: 2分\n"
        "}");
  CHECK(En(InvestmentLookup()) ==
        "lookup 投资额 {\n"
        "  below 500万元: 0分\n"
        "  atleast 500万元 atmost 1000万元: 0.5分\n"
        "  exceeds 1000万元 within 3000万元: 1分\n"
        "  otherwise: 2分\n"
        "}");
}

TEST_CASE("print: nested blocks indent from the line that opened them") {
  Cases cases;
  cases.hit = HitPolicy::kFirst;
  cases.hit_written = true;
  CaseArm arm;
  arm.when = Cmp(Ref("状态"), CompareOp::kEq, CompareWord::kSymbol, Ref("不可抗力"));
  arm.result = Num("100", Unit::kPercent);
  arm.comments.leading.push_back("# 第十六条第二款");
  arm.comments.trailing = "# 全额   ";
  cases.arms.push_back(std::move(arm));
  cases.otherwise = Bin(InvestmentLookup(), ChainOp::kMul, Num("2"));

  File file;
  file.decls.push_back(Define("目标", "比例", E(std::move(cases))));
  file.decls.back().comments.leading.push_back("# 比例");
  file.decls.push_back(Define("", "x", Num("1")));
  file.decls.back().comments.trailing = "# 一";
  file.trailing_comments.push_back("# 完");
  CHECK(Print(file) ==
        "# 比例\n"
        "定义 目标.比例 = 按情况 命中 首个 {\n"
        "  # 第十六条第二款\n"
        "  当 状态 = 不可抗力: 100%  # 全额\n"
        "  其他: 查表 投资额 {\n"
        "    低于 500万元: 0分\n"
        "    500万元 以上 1000万元 以下: 0.5分\n"
        "    超过 1000万元 3000万元 以内: 1分\n"
        "    其他: 2分\n"
        "  } × 2\n"
        "}\n"
        "\n"
        "定义 x = 1  # 一\n"
        "\n"
        "# 完\n");
}

TEST_CASE("print: lookup results that are comparisons, and negative matchers, are wrapped") {
  // A row's result is `arith` in the grammar: bare, `1: a 超过 5` then
  // `10 以下: 2` would also read as `1: a` and `超过 5 10 以下: 2`. A value
  // matcher is a primary, so -3 needs parentheses too.
  Lookup l;
  l.inputs.push_back(Ref("x"));
  l.rows.push_back(
      Row(ValueMatcher(Num("1")), Cmp(Ref("a"), CompareOp::kGt, CompareWord::kExceeds, Num("5"))));
  l.rows.push_back(Row(RangeMatcher(std::nullopt, std::pair{BoundWord::kBelowIncl, Num("10")}),
                       Cmp(Ref("b"), CompareOp::kLt, CompareWord::kLower, Num("5"))));
  l.rows.push_back(Row(ValueMatcher(Neg(Num("3"))),
                       Cmp(Ref("c"), CompareOp::kLe, CompareWord::kBelowIncl, Num("5"))));
  l.rows.push_back(
      Row(ValueMatcher(Num("20")), Cmp(Ref("d"), CompareOp::kLt, CompareWord::kUnder, Num("5"))));
  ExprPtr e = E(std::move(l));
  CHECK(Zh(e) ==
        "查表 x {\n"
        "  1: (a 超过 5)\n"
        "  10 以下: (b 低于 5)\n"
        "  (-3): (c 在 5 以下)\n"
        "  20: (d 不满 5)\n"
        "}");
  CHECK(En(e) ==
        "lookup x {\n"
        "  1: (a exceeds 5)\n"
        "  atmost 10: (b below 5)\n"
        "  (-3): (c atmost 5)\n"
        "  20: (d under 5)\n"
        "}");
}

TEST_CASE("print: test tables line up by display width") {
  auto cell = [](Cell::Kind kind, std::string text) {
    Cell c;
    c.kind = kind;
    c.text = std::move(text);
    return c;
  };
  TestData data;
  data.table = Name{"单位", {}};
  data.header = {cell(Cell::Kind::kName, "单位"), cell(Cell::Kind::kName, "类别"),
                 cell(Cell::Kind::kName, "综合评定分"), cell(Cell::Kind::kName, "下评上")};
  data.rows.push_back({cell(Cell::Kind::kName, "甲局"), cell(Cell::Kind::kName, "区直部门"),
                       cell(Cell::Kind::kNumber, "3"), cell(Cell::Kind::kEmpty, "")});
  data.rows.push_back({cell(Cell::Kind::kString, "乙 镇"), cell(Cell::Kind::kName, "镇乡"),
                       cell(Cell::Kind::kNumber, "-4.5"), cell(Cell::Kind::kBool, "")});
  TestExpect expect;
  expect.table = Name{"单位", {}};
  expect.key = cell(Cell::Kind::kName, "甲局");
  expect.field = Name{"基本分", {}};
  expect.value = Neg(Num("50", Unit::kPoints));
  TestExpect fails;
  fails.table = Name{"单位", {}};
  fails.key = cell(Cell::Kind::kNumber, "-1");
  fails.field = Name{"等次", {}};
  fails.fails = true;
  fails.failure_text = Text{"除数为零", {}};

  TestDecl test{Text{"表", {}}, {}};
  test.items.push_back(TestItem{std::move(data), {}, {}});
  test.items.push_back(TestItem{std::move(expect), {}, {}});
  test.items.push_back(TestItem{std::move(fails), {}, {}});
  File file;
  Decl d;
  d.node = std::move(test);
  file.decls.push_back(std::move(d));
  CHECK(Print(file) ==
        "测试 \"表\" {\n"
        "  数据表 单位 {\n"
        "    | 单位    | 类别     | 综合评定分 | 下评上 |\n"
        "    | 甲局    | 区直部门 | 3          |        |\n"
        "    | \"乙 镇\" | 镇乡     | -4.5       | 否     |\n"
        "  }\n"
        "  预期 单位[甲局].基本分 = -50分\n"
        "  预期 单位[-1].等次 出错 \"除数为零\"\n"
        "}\n");
}

TEST_CASE("print: an empty file prints as nothing") {
  CHECK(Print(File{}).empty());
}

// ---- size --------------------------------------------------------------------------

TEST_CASE("print: a 200,000-operand chain prints and dumps without recursion") {
  constexpr size_t kOperands = 200000;
  Chain chain{ChainKind::kAdd, Num("1"), {}};
  chain.rest.reserve(kOperands - 1);
  for (size_t i = 1; i < kOperands; ++i) {
    chain.rest.push_back(ChainLink{i % 2 == 0 ? ChainOp::kAdd : ChainOp::kSub, Ref("x"), {}});
  }
  File file;
  file.decls.push_back(Define("", "和", E(std::move(chain))));
  const std::string text = Print(file);
  CHECK(text.size() > kOperands * 4);
  CHECK(text.rfind("定义 和 = 1 - x + x - x", 0) == 0);
  const std::string dump = Dump(file);
  CHECK(std::count(dump.begin(), dump.end(), '\n') > static_cast<long>(kOperands));
}

// ---- Dump --------------------------------------------------------------------------

TEST_CASE("dump: one node per line, no spans, no comments") {
  File file;
  file.decls.push_back(Define("单位", "附加分",
                              Bin(Bin(Ref("基本分"), ChainOp::kAdd, Ref("附加分")), ChainOp::kSub,
                                  Num("0.1", Unit::kPoints))));
  file.decls.back().comments.leading.push_back("# 不出现");
  CHECK(Dump(file) ==
        "(file\n"
        "  (define 单位.附加分\n"
        "    (add\n"
        "      (add\n"
        "        (path 基本分)\n"
        "        (+\n"
        "          (path 附加分)))\n"
        "      (-\n"
        "        (num 0.1 points)))))\n");
}

// ---- keywords ----------------------------------------------------------------------

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("print: every keyword is spelled as the lexer spells it") {
  const std::string lexer = ReadFile(std::string(ARL_SOURCE_ROOT) + "/grammar/ArlLexer.g4");
  REQUIRE(!lexer.empty());
  // RULE : 'a' | 'b' ;  → the set of literals of each rule.
  std::vector<std::set<std::string>> rules;
  const std::regex rule(R"(^[A-Z_]+\s*:\s*([^;]*);)", std::regex::multiline);
  const std::regex literal(R"('([^']*)')");
  for (auto it = std::sregex_iterator(lexer.begin(), lexer.end(), rule);
       it != std::sregex_iterator(); ++it) {
    const std::string body = (*it)[1].str();
    std::set<std::string> literals;
    for (auto lit = std::sregex_iterator(body.begin(), body.end(), literal);
         lit != std::sregex_iterator(); ++lit) {
      literals.insert((*lit)[1].str());
    }
    rules.push_back(std::move(literals));
  }
  // Both spellings in one rule (DEFINE: '定义' | 'define'), except the
  // boundary words, where each language has a rule of its own
  // (ABOVE_INCL: '以上'; ATLEAST: 'atleast').
  auto rule_of = [&](std::string_view spelling) -> const std::set<std::string>* {
    for (const auto& literals : rules) {
      if (literals.count(std::string(spelling)) != 0) return &literals;
    }
    return nullptr;
  };
  for (const Keyword& k : kAllKeywords) {
    INFO(std::string(k.zh) + " / " + std::string(k.en));
    const std::set<std::string>* zh = rule_of(k.zh);
    REQUIRE(zh != nullptr);
    if (k.en.empty()) continue;
    const std::set<std::string>* en = rule_of(k.en);
    REQUIRE(en != nullptr);
    CHECK((zh == en || (zh->size() == 1 && en->size() == 1)));
  }
}

// ---- random trees ------------------------------------------------------------------

// Random expressions of every form, for the round trip below: whatever the
// tree, its printed text must parse back to it. Fixed seed, so a failure
// reproduces.
class RandomTrees {
 public:
  explicit RandomTrees(uint32_t seed) : random_(seed) {}

  ExprPtr Any(int depth) {
    if (depth <= 0) return Leaf();
    switch (Pick(22)) {
      case 0:
        return Leaf();
      case 1:
        return Chained(depth);
      case 2:
        return Chained(depth);
      case 3:
        return E(Unary{Pick(2) == 0 ? UnaryOp::kNeg : UnaryOp::kNot, Any(depth - 1)});
      case 4:
        return Compared(depth);
      case 5: {
        InSet s{Any(depth - 1), {}};
        for (int i = 0, n = 1 + Pick(3); i < n; ++i) s.members.push_back(Any(depth - 1));
        return E(std::move(s));
      }
      case 6:
        return IfThen(Any(depth - 1), Any(depth - 1), Any(depth - 1));
      case 7: {
        const auto kind = static_cast<BoundKind>(Pick(4));
        return Bnd(kind, Any(depth - 1), kind == BoundKind::kUntilZero ? nullptr : Any(depth - 1));
      }
      case 8:
        return Aggregated(depth);
      case 9: {
        Extremum x{Pick(2) == 0, {}};
        for (int i = 0, n = 2 + Pick(2); i < n; ++i) x.args.push_back(Any(depth - 1));
        return E(std::move(x));
      }
      case 10:
        return Ranked(depth);
      case 11: {
        Bottom b{Any(depth - 1), Any(depth - 1), {}, nullptr, {}};
        Clauses(depth, b.group_by, b.eligible, b.ties);
        return E(std::move(b));
      }
      case 12:
        return E(Round{Any(depth - 1), Pick(2) == 0 ? nullptr : Any(depth - 1),
                       static_cast<RoundMode>(Pick(4))});
      case 13: {
        const Unit units[] = {Unit::kNone, Unit::kPoints, Unit::kYuan, Unit::kWanYuan};
        return E(Convert{units[Pick(4)], Any(depth - 1)});
      }
      case 14:
        return LookedUp(depth);
      case 15: {
        Cases c;
        c.hit_written = Pick(2) == 0;
        c.hit = c.hit_written ? static_cast<HitPolicy>(Pick(6)) : HitPolicy::kFirst;
        for (int i = 0, n = 1 + Pick(3); i < n; ++i) {
          CaseArm arm;
          arm.when = Any(depth - 1);
          arm.result = Any(depth - 1);
          c.arms.push_back(std::move(arm));
        }
        if (Pick(2) == 0) c.otherwise = Any(depth - 1);
        return E(std::move(c));
      }
      case 16:
        return Tiered(depth);
      case 17: {
        Call call{Name{NameText(), {}}, {}};
        for (int i = 0, n = Pick(3); i < n; ++i) call.args.push_back(Any(depth - 1));
        return E(std::move(call));
      }
      default:
        return Chained(depth);
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::string NameText() {
    const char* names[] = {"甲", "总分", "单位", "下评上", "x1", "abc", "名_2"};
    return names[Pick(7)];
  }

  ExprPtr Leaf() {
    switch (Pick(5)) {
      case 0: {
        const char* digits[] = {"0", "5", "0.5", "100", "12.25"};
        return Num(digits[Pick(5)], static_cast<Unit>(Pick(5)));
      }
      case 1: {
        const char* texts[] = {"", "甲", "say \"hi\"", "a\\b", "两\n行\t"};
        return E(StringLit{texts[Pick(5)]});
      }
      case 2:
        return Pick(3) == 0 ? E(NoneLit{}) : E(BoolLit{Pick(2) == 0});
      default: {
        PathRef path;
        for (int i = 0, n = 1 + Pick(2); i < n; ++i) path.parts.push_back(Name{NameText(), {}});
        return E(std::move(path));
      }
    }
  }

  ExprPtr Chained(int depth) {
    const auto kind = static_cast<ChainKind>(Pick(4));
    Chain chain{kind, Any(depth - 1), {}};
    for (int i = 0, n = 1 + Pick(3); i < n; ++i) {
      ChainOp op = ChainOp::kAnd;
      switch (kind) {
        case ChainKind::kAdd:
          op = Pick(2) == 0 ? ChainOp::kAdd : ChainOp::kSub;
          break;
        case ChainKind::kMul:
          op = Pick(2) == 0 ? ChainOp::kMul : ChainOp::kDiv;
          break;
        case ChainKind::kAnd:
          op = ChainOp::kAnd;
          break;
        case ChainKind::kOr:
          op = ChainOp::kOr;
          break;
      }
      chain.rest.push_back(ChainLink{op, Any(depth - 1), {}});
    }
    return E(std::move(chain));
  }

  ExprPtr Compared(int depth) {
    const auto word = static_cast<CompareWord>(Pick(9));
    CompareOp op = CompareOp::kEq;
    switch (word) {
      case CompareWord::kSymbol:
        op = static_cast<CompareOp>(Pick(6));
        break;
      case CompareWord::kAboveIncl:
      case CompareWord::kReaches:
        op = CompareOp::kGe;
        break;
      case CompareWord::kBelowIncl:
      case CompareWord::kWithinIncl:
        op = CompareOp::kLe;
        break;
      case CompareWord::kExceeds:
      case CompareWord::kHigher:
        op = CompareOp::kGt;
        break;
      case CompareWord::kLower:
      case CompareWord::kUnder:
        op = CompareOp::kLt;
        break;
    }
    return Cmp(Any(depth - 1), op, word, Any(depth - 1));
  }

  ExprPtr Aggregated(int depth) {
    Aggregate a;
    a.fn = static_cast<AggFn>(Pick(7));
    a.every = Pick(2) == 0;
    a.arg = Any(depth - 1);
    if (Pick(2) == 0) a.where = Any(depth - 1);
    for (int i = 0, n = Pick(3); i < n; ++i) a.group_by.push_back(Any(depth - 1));
    if (Pick(2) == 0) {
      a.dedup_key = Any(depth - 1);
      a.dedup_keep_highest = Pick(2) == 0;
    }
    return E(std::move(a));
  }

  TieRule Ties(int depth, bool allow_none) {
    TieRule rule;
    rule.kind = static_cast<TieKind>(allow_none ? Pick(6) : 1 + Pick(5));
    if (rule.kind == TieKind::kThenBy) {
      rule.then_by = Any(depth - 1);
      rule.then_order = static_cast<Order>(Pick(2));
      // 从低到高 is always printed, so it always reads back as written.
      rule.then_order_written = rule.then_order == Order::kAsc || Pick(2) == 0;
      if (Pick(2) == 0 && depth > 1) {
        rule.then_rule = std::make_shared<TieRule>(Ties(depth - 1, false));
      }
    }
    return rule;
  }

  void Clauses(int depth, std::vector<ExprPtr>& group_by, ExprPtr& eligible, TieRule& ties) {
    for (int i = 0, n = Pick(3); i < n; ++i) group_by.push_back(Any(depth - 1));
    if (Pick(2) == 0) eligible = Any(depth - 1);
    ties = Ties(depth, true);
  }

  ExprPtr Ranked(int depth) {
    Rank r;
    r.key = Any(depth - 1);
    r.order_written = Pick(2) == 0;
    r.order = r.order_written ? static_cast<Order>(Pick(2)) : Order::kDesc;
    Clauses(depth, r.group_by, r.eligible, r.ties);
    return E(std::move(r));
  }

  std::optional<RangeBound> Bound(int depth, bool lower) {
    if (Pick(3) == 0) return std::nullopt;
    const BoundWord lowers[] = {BoundWord::kAboveIncl, BoundWord::kReaches, BoundWord::kExceeds,
                                BoundWord::kHigher};
    const BoundWord uppers[] = {BoundWord::kBelowIncl, BoundWord::kWithinIncl, BoundWord::kLower,
                                BoundWord::kUnder};
    return RangeBound{lower ? lowers[Pick(4)] : uppers[Pick(4)], Any(depth - 1)};
  }

  ExprPtr LookedUp(int depth) {
    Lookup l;
    for (int i = 0, n = 1 + Pick(2); i < n; ++i) l.inputs.push_back(Any(depth - 1));
    l.hit_written = Pick(2) == 0;
    l.hit = l.hit_written ? static_cast<HitPolicy>(Pick(6)) : HitPolicy::kUnique;
    for (int i = 0, n = 1 + Pick(3); i < n; ++i) {
      LookupRow row;
      for (int j = 0, m = 1 + Pick(2); j < m; ++j) {
        Matcher matcher;
        switch (Pick(3)) {
          case 0:
            break;
          case 1:
            matcher = ValueMatcher(Any(depth - 1));
            break;
          default:
            matcher.kind = MatcherKind::kRange;
            matcher.lower = Bound(depth, true);
            matcher.upper = Bound(depth, false);
            if (!matcher.lower && !matcher.upper) matcher.upper = Bound(depth, false);
            if (!matcher.lower && !matcher.upper) matcher.kind = MatcherKind::kAny;
        }
        row.matchers.push_back(std::move(matcher));
      }
      row.result = Any(depth - 1);
      l.rows.push_back(std::move(row));
    }
    if (Pick(2) == 0) l.otherwise = Any(depth - 1);
    return E(std::move(l));
  }

  ExprPtr Tiered(int depth) {
    Tiers t;
    t.labels = {Name{"一等", {}}, Name{"二等", {}}, Name{"其它等", {}}};
    for (int i = 0, n = 1 + Pick(4); i < n; ++i) {
      syntax::TierItem item;
      item.kind = static_cast<TierItemKind>(Pick(6));
      item.tier = t.labels[static_cast<size_t>(Pick(3))];
      switch (item.kind) {
        case TierItemKind::kOrder:
          item.value = Any(depth - 1);
          item.order_written = Pick(2) == 0;
          item.order = item.order_written ? static_cast<Order>(Pick(2)) : Order::kDesc;
          for (int j = 0, m = Pick(3); j < m; ++j) item.group_by.push_back(Any(depth - 1));
          item.ties = Ties(depth, true);
          break;
        case TierItemKind::kWhen:
        case TierItemKind::kDemote:
          item.value = Any(depth - 1);
          break;
        case TierItemKind::kQuota:
        case TierItemKind::kShare:
          item.value = Any(depth - 1);
          item.round = static_cast<RoundMode>(Pick(4));
          if (item.kind == TierItemKind::kQuota) item.round = RoundMode::kHalfUp;
          if (Pick(2) == 0) item.eligible = Any(depth - 1);
          break;
        case TierItemKind::kRest:
          break;
      }
      if (item.kind == TierItemKind::kOrder || item.kind == TierItemKind::kDemote) item.tier = {};
      t.items.push_back(std::move(item));
    }
    return E(std::move(t));
  }

  std::mt19937 random_;
};

// ---- round trips through the parser --------------------------------------------------

std::optional<File> ParseText(const std::string& text, base::SourceManager& sources,
                              std::string* errors = nullptr) {
  base::Diagnostics diags;
  const base::FileId id = sources.Add("test.arl", text);
  std::optional<File> file = Parse(sources, id, diags);
  if (errors != nullptr) {
    for (const base::Diagnostic& d : diags.Sorted()) {
      const base::LineCol at = sources.Get(id).Locate(d.primary.begin);
      *errors += std::to_string(at.line) + ":" + std::to_string(at.column) + " " + d.code + " " +
                 d.message.en + "\n";
    }
  }
  return file;
}

// Where two dumps part, with a few lines of each around it: whole dumps of
// big trees are too long to read in a failure message.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected);
  std::istringstream b(actual);
  std::vector<std::string> context;
  std::string line_a;
  std::string line_b;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a && !more_b) return "";
    if (more_a && more_b && line_a == line_b) {
      context.push_back(line_a);
      continue;
    }
    std::string out = "first difference at line " + std::to_string(line) + ":\n";
    const size_t from = context.size() > 6 ? context.size() - 6 : 0;
    for (size_t i = from; i < context.size(); ++i) out += "  " + context[i] + "\n";
    out += "- " + (more_a ? line_a : "<end>") + "\n";
    out += "+ " + (more_b ? line_b : "<end>") + "\n";
    return out;
  }
}

// Print is a fixed point, keeps the meaning, and the English text means the
// same as the Chinese.
void CheckRoundTrip(const File& original) {
  const std::string dump = Dump(original);
  const std::string zh = Print(original, KeywordLang::kZh);
  const std::string en = Print(original, KeywordLang::kEn);
  base::SourceManager sources;
  std::string errors;
  std::optional<File> from_zh = ParseText(zh, sources, &errors);
  INFO(zh);
  INFO(errors);
  REQUIRE(from_zh.has_value());
  const std::string zh_dump = Dump(*from_zh);
  INFO(FirstDifference(dump, zh_dump));
  REQUIRE(zh_dump == dump);
  REQUIRE(Print(*from_zh) == zh);
  errors.clear();
  std::optional<File> from_en = ParseText(en, sources, &errors);
  INFO(en);
  REQUIRE(from_en.has_value());
  const std::string en_dump = Dump(*from_en);
  INFO(FirstDifference(dump, en_dump));
  REQUIRE(en_dump == dump);
  REQUIRE(Print(*from_en, KeywordLang::kEn) == en);
  REQUIRE(Print(*from_en, KeywordLang::kZh) == zh);
}

TEST_CASE("print: tour.arl is in canonical form") {
  const std::string path = std::string(ARL_SOURCE_ROOT) + "/tests/golden/parse/tour.arl";
  const std::string text = ReadFile(path);
  REQUIRE(!text.empty());
  base::SourceManager sources;
  std::string errors;
  std::optional<File> file = ParseText(text, sources, &errors);
  INFO(errors);
  REQUIRE(file.has_value());
  CHECK(Print(*file) == text);
  CheckRoundTrip(*file);
}

// Every declaration form, in canonical layout.
TEST_CASE("print: declarations round-trip") {
  const std::string text = R"(规则库 完成率
  精度 6

引用 "a.arl"

枚举 岗位 = (甲, 乙)

参数 p: 整数? = -1

实体 单位 属于 上级 依据 "一" 假定 "A-1", "A-2" {
  a: 分 范围 -5..5分 空为 -1 假定 "A-3"
  b: 枚举 (x, y)? 依据 "二", "三"
  c: 上级
}

记录 空 {
}

函数 零(): 数 = 0

函数 f(x: 数, y: 元?): 元 依据 "四" = 如果 x > 0 则 y 否则 0元

假定 "A-1" "说明" 解释 "一", "二"

计分结构 总分 10分 {
  甲 5分 {
  }
  乙 5分 依据 "五"
}

计分结构 单 1分

定义 单: 分 = 1分

测试 "空" {
}

测试 "全" {
  参数 p = 2
  数据表 单位 {
    | 单位 | "名 称" | 有无 |
    | 甲   | "x"     | 是   |
    | 乙   |         | 否   |
  }
  预期 单 = 1分
  预期 单位[甲].a 出错
  预期 单位["甲 乙"].a = 是
  预期 单位[-5].a = -5
}
)";
  base::SourceManager sources;
  std::string errors;
  std::optional<File> file = ParseText(text, sources, &errors);
  INFO(errors);
  REQUIRE(file.has_value());
  CHECK(Print(*file) == text);
  CheckRoundTrip(*file);
}

// Comments stay, each at its item: leading ones on lines of their own,
// trailing ones two spaces after the item's last line.
TEST_CASE("print: comments are kept") {
  const std::string text = R"(# 文件头
政策 甲 "乙"
  来源 "x.txt"

# 前
定义 x = -5  # 尾

实体 单位 {
  # 列前
  a: 分  # 列尾
}

定义 y = 查表 a {
  # 行前
  1: 2  # 行尾
  # 其他前
  其他: 3  # 其他尾
}  # 闭尾

测试 "t" {
  # 项前
  数据表 单位 {
    | a | b |
  }  # 表尾
}

计分结构 总分 100分 {
  甲 50分  # 甲
  乙 50分 {
    # 丙前
    丙 50分
  }
}

# 结尾1
# 结尾2
)";
  base::SourceManager sources;
  std::string errors;
  std::optional<File> file = ParseText(text, sources, &errors);
  INFO(errors);
  REQUIRE(file.has_value());
  CHECK(Print(*file) == text);
  CHECK(Print(*file, KeywordLang::kEn).find("# 丙前") != std::string::npos);
}

TEST_CASE("print: every rule file in the repository round-trips") {
  for (const std::string& path : arl::testing::RepositoryRuleFiles()) {
    const std::string text = ReadFile(std::string(ARL_SOURCE_ROOT) + "/" + path);
    base::SourceManager sources;
    base::Diagnostics diags;
    const base::FileId id = sources.Add(path, text);
    std::optional<File> file = Parse(sources, id, diags);
    if (!file) continue;  // files with deliberate syntax errors
    INFO(path);
    CheckRoundTrip(*file);
  }
}

// Each is parsed, printed both ways and reparsed; parentheses in the source
// that the tree needs (same-kind chains) must come back.
TEST_CASE("print: snippets round-trip") {
  const char* snippets[] = {
      "定义 x = (a + b) + c - (d - e) × (f ÷ g)\n",
      "定义 x = -(a + b) × -c - --d\n",
      "定义 x = 不 (a 且 b) 或 不 c 且 d = e\n",
      "定义 x = (如果 a 则 1 否则 2) × 3 + (如果 b 则 如果 c 则 1 否则 2 否则 3)\n",
      "定义 x = (a 或 b) 且 (c 或 d) 且 (e 且 f)\n",
      "定义 x = a 若无 b 若无 (c 若无 d) + (e 扣完为止) 封顶 f 保底 (g 封顶 h)\n",
      "定义 x = ((a 若无 b) 扣完为止) 封顶 (c 扣完为止)\n",
      "定义 x = (a = b) = (c 在 d 以上)\n",
      "定义 x = a 属于 (1, 2 + 3, 如果 b 则 4 否则 5)\n",
      "定义 x = 查表 a, b 命中 任一 {\n  1, -: (c 超过 5)\n  低于 3, 5 以内: d\n}\n",
      "定义 x = 排名(-a 从低到高, 按 b, 按 c, 限于 d 且 e, 并列 依 f 从低到高 并列 依 g 并列 "
      "报错)\n",
      "定义 x = 合计(全体 a, 其中 b, 按 c, d, 同一 e 只取最低) + 计数(f) + 最大(g, h)\n",
      "定义 x = 保留(a, 2, 四舍六入) + 取整(b, 向上) + 万元(c) + 数(d)\n",
      "定义 x = 分等 (甲, 乙, 丙) {\n  排序 a 从低到高, 按 b, 并列 连续\n"
      "  甲 占比 10% 四舍五入, 限于 c\n  乙 名额 d 若无 3\n  丙 其余\n  降一等 当 e\n}\n",
      "定义 x = \"引号\\\"和\\\\反斜杠\\n换行\"\n",
  };
  for (const char* snippet : snippets) {
    base::SourceManager sources;
    std::string errors;
    std::optional<File> file = ParseText(snippet, sources, &errors);
    INFO(snippet);
    INFO(errors);
    REQUIRE(file.has_value());
    CHECK(Print(*file) == snippet);
    CheckRoundTrip(*file);
  }
}

TEST_CASE("print: random trees round-trip") {
  // About 5 s in a debug build: ANTLR's full-context prediction is slow on
  // these odd trees. Thousands of deeper trees were run once offline.
  constexpr int kTrees = 400;
  constexpr int kDepth = 3;
  RandomTrees trees(20261122);
  for (int i = 0; i < kTrees; ++i) {
    File file;
    file.decls.push_back(Define("单位", "x", trees.Any(kDepth)));
    INFO("tree " << i);
    CheckRoundTrip(file);
  }
}

}  // namespace
}  // namespace arl::syntax
