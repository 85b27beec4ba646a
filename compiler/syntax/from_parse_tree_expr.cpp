// The AST builder for expressions.
//
// `arith` and `expr` are flat runs of operands and operators, which
// ClimbArith and BuildExpr shape by precedence with a loop: `1 + 1 + … + 1`
// with 200,000 terms becomes one flat Chain without recursion per operand.
// Recursion is left only where the parser itself recursed, which
// DepthGuard bounded.
#include <algorithm>
#include <utility>

#include "compiler/syntax/from_parse_tree.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/printer.h"

namespace arl::syntax::fpt {
namespace {

using antlr4::tree::TerminalNode;

/// `90分` → {"90", kPoints}; the longest suffix first (万元 before 元).
NumberLit SplitNumber(std::string_view text) {
  static constexpr std::pair<std::string_view, Unit> kSuffixes[] = {
      {"万元", Unit::kWanYuan}, {"元", Unit::kYuan},    {"分", Unit::kPoints},
      {"%", Unit::kPercent},    {"％", Unit::kPercent},
  };
  for (const auto& [suffix, unit] : kSuffixes) {
    if (text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
      return NumberLit{std::string(text.substr(0, text.size() - suffix.size())), unit};
    }
  }
  return NumberLit{std::string(text), Unit::kNone};
}

Order OrderOf(ArlParser::OrderContext* ctx) {
  return ctx != nullptr && ctx->ASC() != nullptr ? Order::kAsc : Order::kDesc;
}

RoundMode RoundModeOf(ArlParser::RoundModeContext* ctx) {
  if (ctx->HALF_EVEN() != nullptr) return RoundMode::kHalfEven;
  if (ctx->DOWN() != nullptr) return RoundMode::kDown;
  if (ctx->UP() != nullptr) return RoundMode::kUp;
  return RoundMode::kHalfUp;
}

HitPolicy HitPolicyOf(ArlParser::HitPolicyContext* ctx) {
  if (ctx->FIRST() != nullptr) return HitPolicy::kFirst;
  if (ctx->ANY() != nullptr) return HitPolicy::kAny;
  if (ctx->SUM() != nullptr) return HitPolicy::kSum;
  if (ctx->MAX() != nullptr) return HitPolicy::kMax;
  if (ctx->MIN() != nullptr) return HitPolicy::kMin;
  return HitPolicy::kUnique;
}

AggFn AggFnOf(ArlParser::AggFnContext* ctx) {
  if (ctx->COUNT() != nullptr) return AggFn::kCount;
  if (ctx->AVG() != nullptr) return AggFn::kAvg;
  if (ctx->ALL() != nullptr) return AggFn::kAll;
  if (ctx->ANY() != nullptr) return AggFn::kAny;
  return AggFn::kSum;
}

Unit UnitOf(ArlParser::UnitTypeContext* ctx) {
  if (ctx->T_POINTS() != nullptr) return Unit::kPoints;
  if (ctx->T_YUAN() != nullptr) return Unit::kYuan;
  if (ctx->T_WANYUAN() != nullptr) return Unit::kWanYuan;
  return Unit::kNone;  // 数(x): drop the unit
}

struct CompareForm {
  CompareOp op;
  CompareWord word;
};

CompareForm SymbolForm(ArlParser::CompareOpContext* ctx) {
  if (ctx->NE() != nullptr) return {CompareOp::kNe, CompareWord::kSymbol};
  if (ctx->LT() != nullptr) return {CompareOp::kLt, CompareWord::kSymbol};
  if (ctx->LE() != nullptr) return {CompareOp::kLe, CompareWord::kSymbol};
  if (ctx->GT() != nullptr) return {CompareOp::kGt, CompareWord::kSymbol};
  if (ctx->GE() != nullptr) return {CompareOp::kGe, CompareWord::kSymbol};
  return {CompareOp::kEq, CompareWord::kSymbol};
}

/// `在 a 以上` and the English prefix words mean the same; the word is kept
/// so printing gives back what was written.
CompareForm WordForm(ArlParser::InfixWordComparisonContext* ctx) {
  if (ctx->ATLEAST() != nullptr) return {CompareOp::kGe, CompareWord::kAboveIncl};
  if (ctx->ATMOST() != nullptr) return {CompareOp::kLe, CompareWord::kBelowIncl};
  if (ctx->WITHIN() != nullptr) return {CompareOp::kLe, CompareWord::kWithinIncl};
  if (ctx->REACHES() != nullptr) return {CompareOp::kGe, CompareWord::kReaches};
  if (ctx->EXCEEDS() != nullptr) return {CompareOp::kGt, CompareWord::kExceeds};
  if (ctx->HIGHER() != nullptr) return {CompareOp::kGt, CompareWord::kHigher};
  if (ctx->LOWER() != nullptr) return {CompareOp::kLt, CompareWord::kLower};
  return {CompareOp::kLt, CompareWord::kUnder};
}

CompareForm PostfixForm(ArlParser::PostfixWordComparisonContext* ctx) {
  if (ctx->ABOVE_INCL() != nullptr) return {CompareOp::kGe, CompareWord::kAboveIncl};
  if (ctx->BELOW_INCL() != nullptr) return {CompareOp::kLe, CompareWord::kBelowIncl};
  return {CompareOp::kLe, CompareWord::kWithinIncl};
}

/// How tightly an operator of an `arith` run binds (the printer's kPrec
/// values), or 0 for a token that is not one.
int ArithPrec(size_t type) {
  switch (type) {
    case ArlLexer::TIMES:
    case ArlLexer::DIVIDE:
      return printing::kPrecMul;
    case ArlLexer::PLUS:
    case ArlLexer::MINUS:
      return printing::kPrecAdd;
    case ArlLexer::CAP:
    case ArlLexer::FLOOR:
      return printing::kPrecCapFloor;
    case ArlLexer::UNTIL_ZERO:
      return printing::kPrecUntilZero;
    case ArlLexer::IFNONE:
      return printing::kPrecIfNone;
    default:
      return 0;
  }
}

/// Appends `(op, operand)` to `left` when `left` is a chain of `kind` built
/// from this same spine (`open`); otherwise starts a new chain on it. A
/// parenthesised chain is never open, so `(a + b) + c` keeps its shape.
std::unique_ptr<Expr> Link(std::unique_ptr<Expr> left, bool& open, ChainKind kind, ChainOp op,
                           Span op_span, ExprPtr operand, Span span) {
  if (open) {
    Chain* chain = std::get_if<Chain>(&left->node);
    if (chain != nullptr && chain->kind == kind) {
      chain->rest.push_back(ChainLink{op, std::move(operand), op_span});
      left->span = span;
      return left;
    }
  }
  auto e = std::make_unique<Expr>();
  e->span = span;
  Chain chain{kind, std::move(left), {}};
  chain.rest.push_back(ChainLink{op, std::move(operand), op_span});
  e->node = std::move(chain);
  open = true;
  return e;
}

}  // namespace

template <typename Node>
TreeBuilder::MutExpr TreeBuilder::Make(antlr4::ParserRuleContext* ctx, Node node) {
  auto e = std::make_unique<Expr>();
  e->span = source_.Of(ctx);
  e->node = std::move(node);
  return e;
}

void TreeBuilder::Duplicate(TerminalNode* keyword, Span first) {
  const std::string_view word = source_.TokenText(keyword->getSymbol());
  base::Diagnostic& d = errors_.Error("E0110", source_.TokenSpan(keyword->getSymbol()),
                                      {"`" + std::string(word) + "` 子句写了两次",
                                       "the `" + std::string(word) + "` clause is given twice"});
  if (first.end > first.begin) d.secondary.push_back({first, {"第一次在这里", "first given here"}});
}

// ---- expr: logic ----------------------------------------------------------------------

/// `expr`'s run is 或-separated groups of 且-chained conditions.
TreeBuilder::MutExpr TreeBuilder::BuildExpr(ArlParser::ExprContext* ctx) {
  DepthScope depth(*this, ctx->getStart());
  const std::vector<antlr4::tree::ParseTree*>& items = ctx->children;
  const base::FileId file = source_.File();
  const uint32_t begin = source_.Of(ctx).begin;
  MutExpr any;
  bool any_open = false;
  Span or_span;
  for (size_t i = 0;;) {
    auto* first = static_cast<ArlParser::ConditionContext*>(items[i++]);
    const uint32_t all_begin = source_.Of(first).begin;
    uint32_t end = source_.Of(first).end;
    MutExpr all = BuildCondition(first);
    bool all_open = false;
    while (i < items.size() &&
           static_cast<TerminalNode*>(items[i])->getSymbol()->getType() == ArlLexer::AND) {
      const Span and_span = source_.TokenSpan(static_cast<TerminalNode*>(items[i])->getSymbol());
      auto* next = static_cast<ArlParser::ConditionContext*>(items[i + 1]);
      i += 2;
      end = source_.Of(next).end;
      all = Link(std::move(all), all_open, ChainKind::kAnd, ChainOp::kAnd, and_span,
                 BuildCondition(next), Span{file, all_begin, end});
    }
    any = any == nullptr ? std::move(all)
                         : Link(std::move(any), any_open, ChainKind::kOr, ChainOp::kOr, or_span,
                                std::move(all), Span{file, begin, end});
    if (i == items.size()) return any;
    or_span = source_.TokenSpan(static_cast<TerminalNode*>(items[i++])->getSymbol());  // 或
  }
}

TreeBuilder::MutExpr TreeBuilder::BuildCondition(ArlParser::ConditionContext* ctx) {
  if (auto* c = dynamic_cast<ArlParser::CompareExprContext*>(ctx)) {
    return BuildComparison(c->comparison());
  }
  if (auto* c = dynamic_cast<ArlParser::NotExprContext*>(ctx)) {
    DepthScope depth(*this, ctx->getStart());
    return Make(ctx, Unary{UnaryOp::kNot, BuildCondition(c->condition())});
  }
  if (auto* c = dynamic_cast<ArlParser::IfExprContext*>(ctx)) {
    MutExpr cond = BuildExpr(c->expr(0));
    MutExpr then_value = BuildExpr(c->expr(1));
    return Make(ctx, If{std::move(cond), std::move(then_value), BuildExpr(c->expr(2))});
  }
  throw std::logic_error("from_parse_tree: unknown expression form");
}

TreeBuilder::MutExpr TreeBuilder::BuildComparison(ArlParser::ComparisonContext* ctx) {
  MutExpr lhs = BuildArith(ctx->arith());
  ArlParser::ComparisonTailContext* tail = ctx->comparisonTail();
  if (tail == nullptr) return lhs;
  if (auto* c = dynamic_cast<ArlParser::InComparisonContext*>(tail)) {
    InSet in{std::move(lhs), {}};
    for (ArlParser::ExprContext* member : c->expr()) in.members.push_back(BuildExpr(member));
    return Make(ctx, std::move(in));
  }
  CompareForm form{};
  ArlParser::ArithContext* rhs = nullptr;
  if (auto* c = dynamic_cast<ArlParser::SymbolComparisonContext*>(tail)) {
    form = SymbolForm(c->compareOp());
    rhs = c->arith();
  } else if (auto* w = dynamic_cast<ArlParser::InfixWordComparisonContext*>(tail)) {
    form = WordForm(w);
    rhs = w->arith();
  } else if (auto* p = dynamic_cast<ArlParser::PostfixWordComparisonContext*>(tail)) {
    form = PostfixForm(p);
    rhs = p->arith();
  } else {
    throw std::logic_error("from_parse_tree: unknown comparison form");
  }
  return Make(ctx, Compare{form.op, form.word, std::move(lhs), BuildArith(rhs)});
}

// ---- arith ------------------------------------------------------------------------------

TreeBuilder::MutExpr TreeBuilder::BuildArith(ArlParser::ArithContext* ctx) {
  DepthScope depth(*this, ctx->getStart());
  ArithRun run{ctx->children};
  return ClimbArith(run, printing::kPrecIfNone);
}

/// Precedence climbing over the flat run, the way a left-recursive rule
/// would have nested it: each binary operator takes as its right operand
/// the longest run of tighter operators after it, and everything before it
/// at this level as its left. Recursion goes one level per precedence, never
/// one per operand; same-kind steps are folded into one flat Chain.
TreeBuilder::MutExpr TreeBuilder::ClimbArith(ArithRun& run, int min_prec) {
  MutExpr acc = BuildOperand(run);
  const uint32_t begin = run.operand_begin;
  bool open = false;
  int wrapped = 0;  // Bound nodes stacked at this level: each one is a level
  while (run.next < run.items.size()) {
    const antlr4::Token* op = static_cast<TerminalNode*>(run.items[run.next])->getSymbol();
    const size_t type = op->getType();
    const int prec = ArithPrec(type);
    if (prec < min_prec) break;
    ++run.next;
    const Span op_span = source_.TokenSpan(op);
    if (prec == printing::kPrecMul || prec == printing::kPrecAdd) {
      MutExpr right = ClimbArith(run, prec + 1);
      const bool mul = prec == printing::kPrecMul;
      const ChainOp chain_op = type == ArlLexer::TIMES    ? ChainOp::kMul
                               : type == ArlLexer::DIVIDE ? ChainOp::kDiv
                               : type == ArlLexer::PLUS   ? ChainOp::kAdd
                                                          : ChainOp::kSub;
      acc = Link(std::move(acc), open, mul ? ChainKind::kMul : ChainKind::kAdd, chain_op, op_span,
                 std::move(right), Span{op_span.file, begin, run.end});
      continue;
    }
    if (depth_ + ++wrapped > kMaxRuleDepth) {
      errors_.TooDeep(op);  // the postfix word one level too far
      throw ParseCancelled{};
    }
    open = false;
    Bound bound;
    if (type == ArlLexer::UNTIL_ZERO) {
      run.end = op_span.end;
      bound = Bound{BoundKind::kUntilZero, std::move(acc), nullptr};
    } else {
      const BoundKind kind = type == ArlLexer::CAP     ? BoundKind::kCap
                             : type == ArlLexer::FLOOR ? BoundKind::kFloor
                                                       : BoundKind::kIfNone;
      bound = Bound{kind, std::move(acc), ClimbArith(run, prec + 1)};
    }
    acc = std::make_unique<Expr>();
    acc->span = Span{op_span.file, begin, run.end};
    acc->node = std::move(bound);
  }
  return acc;
}

/// The `-`s and the primary at `run.next`. `-5分` stays a negation of a
/// literal: the printer gives it back as written, and the checker folds it
/// if it wants to.
TreeBuilder::MutExpr TreeBuilder::BuildOperand(ArithRun& run) {
  // In a tree without errors every rule context holds a token, so only
  // terminals (here, `-`) are childless: a test much cheaper than a
  // dynamic_cast, which compares type names across the runtime library.
  std::vector<const antlr4::Token*> minuses;
  while (run.items[run.next]->children.empty()) {
    minuses.push_back(static_cast<TerminalNode*>(run.items[run.next++])->getSymbol());
  }
  auto* primary = static_cast<ArlParser::PrimaryContext*>(run.items[run.next++]);
  const Span primary_span = source_.Of(primary);
  run.operand_begin = minuses.empty() ? primary_span.begin : source_.TokenSpan(minuses[0]).begin;
  run.end = primary_span.end;
  if (minuses.empty()) return BuildPrimary(primary);
  // Past the depth limit, the error points at the first `-` too deep.
  const size_t room = depth_ < kMaxRuleDepth ? static_cast<size_t>(kMaxRuleDepth - depth_) : 0;
  DepthScope depth(*this, minuses[std::min(room, minuses.size() - 1)],
                   static_cast<int>(minuses.size()));
  MutExpr e = BuildPrimary(primary);
  for (auto it = minuses.rbegin(); it != minuses.rend(); ++it) {
    auto neg = std::make_unique<Expr>();
    neg->span = Span{primary_span.file, source_.TokenSpan(*it).begin, primary_span.end};
    neg->node = Unary{UnaryOp::kNeg, std::move(e)};
    e = std::move(neg);
  }
  return e;
}

// ---- primary -------------------------------------------------------------------------------

TreeBuilder::MutExpr TreeBuilder::Number(TerminalNode* number) {
  auto e = std::make_unique<Expr>();
  e->span = source_.TokenSpan(number->getSymbol());
  e->node = SplitNumber(source_.SpanText(e->span));
  return e;
}

TreeBuilder::MutExpr TreeBuilder::BuildPrimary(ArlParser::PrimaryContext* ctx) {
  DepthScope depth(*this, ctx->getStart());
  if (auto* c = dynamic_cast<ArlParser::NumberLitContext*>(ctx)) return Number(c->NUMBER());
  if (auto* c = dynamic_cast<ArlParser::NameExprContext*>(ctx)) {
    if (c->arguments() != nullptr) return BuildCall(c, c->name(0), c->arguments());
    PathRef path;
    for (ArlParser::NameContext* n : c->name()) path.parts.push_back(BuildName(n));
    return Make(ctx, std::move(path));
  }
  if (auto* c = dynamic_cast<ArlParser::ParenExprContext*>(ctx)) return BuildExpr(c->expr());
  if (auto* c = dynamic_cast<ArlParser::StringLitContext*>(ctx)) {
    return Make(ctx, StringLit{BuildText(c->STRING()).value});
  }
  if (dynamic_cast<ArlParser::TrueLitContext*>(ctx) != nullptr) return Make(ctx, BoolLit{true});
  if (dynamic_cast<ArlParser::FalseLitContext*>(ctx) != nullptr) return Make(ctx, BoolLit{false});
  if (dynamic_cast<ArlParser::NoneLitContext*>(ctx) != nullptr) return Make(ctx, NoneLit{});
  if (auto* c = dynamic_cast<ArlParser::AggregateExprContext*>(ctx)) {
    return BuildAggregate(c, AggFnOf(c->aggFn()), c->EVERY(), c->expr(), c->aggClause());
  }
  if (auto* c = dynamic_cast<ArlParser::MaxMinExprContext*>(ctx)) {
    const bool max = c->MAX() != nullptr;
    const std::vector<ArlParser::ExprContext*> args = c->expr();
    if (args.size() == 1) {
      return BuildAggregate(c, max ? AggFn::kMax : AggFn::kMin, c->EVERY(), args[0],
                            c->aggClause());
    }
    Extremum x{max, {}};
    for (ArlParser::ExprContext* arg : args) x.args.push_back(BuildExpr(arg));
    return Make(ctx, std::move(x));
  }
  if (auto* c = dynamic_cast<ArlParser::RankExprContext*>(ctx)) return BuildRank(c);
  if (auto* c = dynamic_cast<ArlParser::BottomExprContext*>(ctx)) return BuildBottom(c);
  if (auto* c = dynamic_cast<ArlParser::RoundExprContext*>(ctx)) {
    MutExpr value = BuildExpr(c->expr());
    return Make(ctx, Round{std::move(value), nullptr, RoundModeOf(c->roundMode())});
  }
  if (auto* c = dynamic_cast<ArlParser::KeepDigitsExprContext*>(ctx)) {
    MutExpr value = BuildExpr(c->expr());
    MutExpr digits = BuildArith(c->arith());
    return Make(ctx, Round{std::move(value), std::move(digits), RoundModeOf(c->roundMode())});
  }
  if (auto* c = dynamic_cast<ArlParser::ConvertExprContext*>(ctx)) {
    return Make(ctx, Convert{UnitOf(c->unitType()), BuildExpr(c->expr())});
  }
  if (auto* c = dynamic_cast<ArlParser::LookupExprContext*>(ctx)) return BuildLookup(c);
  if (auto* c = dynamic_cast<ArlParser::CasesExprContext*>(ctx)) return BuildCases(c);
  if (auto* c = dynamic_cast<ArlParser::TiersExprContext*>(ctx)) return BuildTiers(c);
  throw std::logic_error("from_parse_tree: unknown primary form");
}

TreeBuilder::MutExpr TreeBuilder::BuildCall(antlr4::ParserRuleContext* ctx,
                                            ArlParser::NameContext* callee,
                                            ArlParser::ArgumentsContext* args) {
  Call call;
  call.callee = BuildName(callee);
  for (ArlParser::ExprContext* arg : args->expr()) call.args.push_back(BuildExpr(arg));
  return Make(ctx, std::move(call));
}

TreeBuilder::MutExpr TreeBuilder::BuildAggregate(
    antlr4::ParserRuleContext* ctx, AggFn fn, TerminalNode* every, ArlParser::ExprContext* arg,
    const std::vector<ArlParser::AggClauseContext*>& clauses) {
  Aggregate a;
  a.fn = fn;
  a.every = every != nullptr;
  a.arg = BuildExpr(arg);
  for (ArlParser::AggClauseContext* clause : clauses) {
    if (auto* w = dynamic_cast<ArlParser::WhereClauseContext*>(clause)) {
      if (a.where != nullptr) {
        Duplicate(w->WHERE(), a.where_span);
        continue;
      }
      a.where_span = source_.TokenSpan(w->WHERE()->getSymbol());
      a.where = BuildExpr(w->expr());
    } else if (auto* g = dynamic_cast<ArlParser::GroupClauseContext*>(clause)) {
      for (ArlParser::ArithContext* key : g->arith()) a.group_by.push_back(BuildArith(key));
    } else if (auto* d = dynamic_cast<ArlParser::DedupClauseContext*>(clause)) {
      if (a.dedup_key != nullptr) {
        Duplicate(d->SAME(), a.dedup_span);
        continue;
      }
      a.dedup_span = source_.TokenSpan(d->SAME()->getSymbol());
      a.dedup_key = BuildArith(d->arith());
      a.dedup_keep_highest = d->KEEP_HIGHEST() != nullptr;
    }
  }
  return Make(ctx, std::move(a));
}

void TreeBuilder::RankClauses(const std::vector<ArlParser::RankClauseContext*>& clauses,
                              std::vector<ExprPtr>& group_by, ExprPtr& eligible, TieRule& ties) {
  Span eligible_span;
  for (ArlParser::RankClauseContext* clause : clauses) {
    if (auto* g = dynamic_cast<ArlParser::RankGroupContext*>(clause)) {
      group_by.push_back(BuildArith(g->arith()));
    } else if (auto* e = dynamic_cast<ArlParser::RankEligibleContext*>(clause)) {
      if (eligible != nullptr) {
        Duplicate(e->ELIGIBLE(), eligible_span);
        continue;
      }
      eligible_span = source_.TokenSpan(e->ELIGIBLE()->getSymbol());
      eligible = BuildExpr(e->expr());
    } else if (auto* t = dynamic_cast<ArlParser::RankTiesContext*>(clause)) {
      if (ties.kind != TieKind::kNone) {
        Duplicate(t->TIES(), ties.span);
        continue;
      }
      ties = BuildTieRule(t->tieRule());
    }
  }
}

TreeBuilder::MutExpr TreeBuilder::BuildRank(ArlParser::RankExprContext* ctx) {
  Rank r;
  r.key = BuildArith(ctx->arith());
  r.order = OrderOf(ctx->order());
  r.order_written = ctx->order() != nullptr;
  RankClauses(ctx->rankClause(), r.group_by, r.eligible, r.ties);
  return Make(ctx, std::move(r));
}

TreeBuilder::MutExpr TreeBuilder::BuildBottom(ArlParser::BottomExprContext* ctx) {
  Bottom b;
  b.key = BuildArith(ctx->arith(0));
  b.count = BuildArith(ctx->arith(1));
  RankClauses(ctx->rankClause(), b.group_by, b.eligible, b.ties);
  return Make(ctx, std::move(b));
}

TieRule TreeBuilder::BuildTieRule(ArlParser::TieRuleContext* ctx) {
  DepthScope depth(*this, ctx->getStart());
  TieRule rule;
  rule.span = source_.Of(ctx);
  if (dynamic_cast<ArlParser::ShareTieContext*>(ctx) != nullptr) {
    rule.kind = TieKind::kShare;
  } else if (dynamic_cast<ArlParser::DenseTieContext*>(ctx) != nullptr) {
    rule.kind = TieKind::kDense;
  } else if (dynamic_cast<ArlParser::DropTieContext*>(ctx) != nullptr) {
    rule.kind = TieKind::kDrop;
  } else if (dynamic_cast<ArlParser::ErrorTieContext*>(ctx) != nullptr) {
    rule.kind = TieKind::kError;
  } else if (auto* t = dynamic_cast<ArlParser::ThenByTieContext*>(ctx)) {
    rule.kind = TieKind::kThenBy;
    rule.then_by = BuildArith(t->arith());
    rule.then_order = OrderOf(t->order());
    rule.then_order_written = t->order() != nullptr;
    if (t->tieRule() != nullptr) {
      rule.then_rule = std::make_shared<const TieRule>(BuildTieRule(t->tieRule()));
    }
  } else {
    throw std::logic_error("from_parse_tree: unknown tie rule");
  }
  return rule;
}

// ---- lookup tables and cases ----------------------------------------------------------------

Matcher TreeBuilder::BuildMatcher(ArlParser::MatcherContext* ctx) {
  Matcher m;
  m.span = source_.Of(ctx);
  if (dynamic_cast<ArlParser::AnyMatcherContext*>(ctx) != nullptr) {
    m.kind = MatcherKind::kAny;
    return m;
  }
  if (auto* v = dynamic_cast<ArlParser::ValueMatcherContext*>(ctx)) {
    m.kind = MatcherKind::kValue;
    m.value = BuildPrimary(v->primary());
    return m;
  }
  m.kind = MatcherKind::kRange;
  ArlParser::UpperBoundContext* upper = nullptr;
  if (auto* r = dynamic_cast<ArlParser::RangeMatcherContext*>(ctx)) {
    ArlParser::LowerBoundContext* lower = r->lowerBound();
    if (auto* b = dynamic_cast<ArlParser::AtLeastBoundContext*>(lower)) {
      m.lower = RangeBound{BoundWord::kAboveIncl, BuildPrimary(b->primary())};
    } else if (auto* w = dynamic_cast<ArlParser::AtLeastWordBoundContext*>(lower)) {
      const BoundWord word = w->REACHES() != nullptr ? BoundWord::kReaches : BoundWord::kAboveIncl;
      m.lower = RangeBound{word, BuildArith(w->arith())};
    } else if (auto* a = dynamic_cast<ArlParser::AboveBoundContext*>(lower)) {
      const BoundWord word = a->HIGHER() != nullptr ? BoundWord::kHigher : BoundWord::kExceeds;
      m.lower = RangeBound{word, BuildArith(a->arith())};
    }
    upper = r->upperBound();
  } else if (auto* u = dynamic_cast<ArlParser::UpperMatcherContext*>(ctx)) {
    upper = u->upperBound();
  }
  if (auto* b = dynamic_cast<ArlParser::AtMostBoundContext*>(upper)) {
    const BoundWord word =
        b->WITHIN_INCL() != nullptr ? BoundWord::kWithinIncl : BoundWord::kBelowIncl;
    m.upper = RangeBound{word, BuildPrimary(b->primary())};
  } else if (auto* w = dynamic_cast<ArlParser::AtMostWordBoundContext*>(upper)) {
    const BoundWord word = w->WITHIN() != nullptr ? BoundWord::kWithinIncl : BoundWord::kBelowIncl;
    m.upper = RangeBound{word, BuildArith(w->arith())};
  } else if (auto* l = dynamic_cast<ArlParser::BelowBoundContext*>(upper)) {
    const BoundWord word = l->UNDER() != nullptr ? BoundWord::kUnder : BoundWord::kLower;
    m.upper = RangeBound{word, BuildArith(l->arith())};
  }
  return m;
}

LookupRow TreeBuilder::BuildLookupRow(ArlParser::LookupRowContext* ctx) {
  LookupRow row;
  TakeLeading(row.comments, ctx->getStart());
  row.span = source_.Of(ctx);
  for (ArlParser::MatcherContext* m : ctx->matcher()) row.matchers.push_back(BuildMatcher(m));
  row.result = BuildArith(ctx->arith());
  TakeInsideAndTrailing(row.comments, ctx->getStop());
  return row;
}

ExprPtr TreeBuilder::BuildOtherwise(ArlParser::OtherwiseRowContext* ctx, Comments& comments) {
  if (ctx == nullptr) return nullptr;
  TakeLeading(comments, ctx->getStart());
  ExprPtr value = BuildExpr(ctx->expr());
  TakeInsideAndTrailing(comments, ctx->getStop());
  return value;
}

TreeBuilder::MutExpr TreeBuilder::BuildLookup(ArlParser::LookupExprContext* ctx) {
  Lookup l;
  for (ArlParser::ArithContext* input : ctx->arith()) l.inputs.push_back(BuildArith(input));
  if (ctx->hitPolicy() != nullptr) {
    l.hit = HitPolicyOf(ctx->hitPolicy());
    l.hit_written = true;
  }
  for (ArlParser::LookupRowContext* row : ctx->lookupRow()) l.rows.push_back(BuildLookupRow(row));
  l.otherwise = BuildOtherwise(ctx->otherwiseRow(), l.otherwise_comments);
  return Make(ctx, std::move(l));
}

CaseArm TreeBuilder::BuildCaseArm(ArlParser::CaseArmContext* ctx) {
  CaseArm arm;
  TakeLeading(arm.comments, ctx->getStart());
  arm.span = source_.Of(ctx);
  arm.when = BuildExpr(ctx->expr(0));
  arm.result = BuildExpr(ctx->expr(1));
  TakeInsideAndTrailing(arm.comments, ctx->getStop());
  return arm;
}

TreeBuilder::MutExpr TreeBuilder::BuildCases(ArlParser::CasesExprContext* ctx) {
  Cases c;
  if (ctx->hitPolicy() != nullptr) {
    c.hit = HitPolicyOf(ctx->hitPolicy());
    c.hit_written = true;
  }
  for (ArlParser::CaseArmContext* arm : ctx->caseArm()) c.arms.push_back(BuildCaseArm(arm));
  c.otherwise = BuildOtherwise(ctx->otherwiseRow(), c.otherwise_comments);
  return Make(ctx, std::move(c));
}

// ---- tiers ------------------------------------------------------------------------------------

TreeBuilder::MutExpr TreeBuilder::BuildTiers(ArlParser::TiersExprContext* ctx) {
  Tiers t;
  t.labels = BuildMembers(ctx->enumMembers());
  for (ArlParser::TierItemContext* item : ctx->tierItem()) t.items.push_back(BuildTierItem(item));
  return Make(ctx, std::move(t));
}

TierItem TreeBuilder::BuildTierItem(ArlParser::TierItemContext* ctx) {
  TierItem item;
  TakeLeading(item.comments, ctx->getStart());
  item.span = source_.Of(ctx);
  if (auto* o = dynamic_cast<ArlParser::TierOrderContext*>(ctx)) {
    item.kind = TierItemKind::kOrder;
    const std::vector<ArlParser::ArithContext*> keys = o->arith();
    item.value = BuildArith(keys.front());
    item.order = OrderOf(o->order());
    item.order_written = o->order() != nullptr;
    for (size_t i = 1; i < keys.size(); ++i) item.group_by.push_back(BuildArith(keys[i]));
    if (o->tieRule() != nullptr) item.ties = BuildTieRule(o->tieRule());
  } else if (auto* w = dynamic_cast<ArlParser::TierWhenContext*>(ctx)) {
    item.kind = TierItemKind::kWhen;
    item.tier = BuildName(w->name());
    item.value = BuildExpr(w->expr());
  } else if (auto* q = dynamic_cast<ArlParser::TierQuotaContext*>(ctx)) {
    item.kind = TierItemKind::kQuota;
    item.tier = BuildName(q->name());
    item.value = BuildArith(q->arith());
    if (q->expr() != nullptr) item.eligible = BuildExpr(q->expr());
  } else if (auto* s = dynamic_cast<ArlParser::TierShareContext*>(ctx)) {
    item.kind = TierItemKind::kShare;
    item.tier = BuildName(s->name());
    item.value = BuildArith(s->arith());
    item.round = RoundModeOf(s->roundMode());
    if (s->expr() != nullptr) item.eligible = BuildExpr(s->expr());
  } else if (auto* r = dynamic_cast<ArlParser::TierRestContext*>(ctx)) {
    item.kind = TierItemKind::kRest;
    item.tier = BuildName(r->name());
  } else if (auto* d = dynamic_cast<ArlParser::TierDemoteContext*>(ctx)) {
    item.kind = TierItemKind::kDemote;
    item.value = BuildExpr(d->expr());
  } else {
    throw std::logic_error("from_parse_tree: unknown tier item");
  }
  TakeInsideAndTrailing(item.comments, ctx->getStop());
  return item;
}

}  // namespace arl::syntax::fpt
