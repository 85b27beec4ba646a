// Printing expressions (see print.cpp for what printing promises).
//
// Parentheses are not in the tree, so they are put back exactly where the
// grammar needs them: an operand is wrapped when its form binds more loosely
// than its position allows (see the kPrec constants in printer.h). The one
// exception is a chain inside a chain of the same kind, which the parser
// only builds from written parentheses (`a - (b - c)`), so it is wrapped too.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/syntax/printer.h"

namespace arl::syntax::printing {
namespace {

int ChainPrec(ChainKind kind) {
  switch (kind) {
    case ChainKind::kAdd:
      return kPrecAdd;
    case ChainKind::kMul:
      return kPrecMul;
    case ChainKind::kAnd:
      return kPrecAnd;
    case ChainKind::kOr:
      return kPrecOr;
  }
  return kPrecPrimary;
}

}  // namespace

int PrecOf(const Expr& e) {
  if (const auto* chain = e.As<Chain>()) return ChainPrec(chain->kind);
  if (const auto* unary = e.As<Unary>()) {
    return unary->op == UnaryOp::kNeg ? kPrecNeg : kPrecNot;
  }
  if (e.As<If>() != nullptr) return kPrecIf;
  if (e.As<Compare>() != nullptr || e.As<InSet>() != nullptr) return kPrecCompare;
  if (const auto* bound = e.As<Bound>()) {
    switch (bound->kind) {
      case BoundKind::kCap:
      case BoundKind::kFloor:
        return kPrecCapFloor;
      case BoundKind::kUntilZero:
        return kPrecUntilZero;
      case BoundKind::kIfNone:
        return kPrecIfNone;
    }
  }
  return kPrecPrimary;
}

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  out += '"';
}

void Printer::ExprList(const std::vector<ExprPtr>& list, int min_prec) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) Put(", ");
    Sub(list[i], min_prec);
  }
}

void Printer::NameList(const std::vector<Name>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) Put(", ");
    Put(names[i].text);
  }
}

void Printer::TextList(const std::vector<syntax::Text>& texts) {
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) Put(", ");
    Quoted(texts[i].value);
  }
}

void Printer::Number(const NumberLit& n) {
  Put(n.digits);
  Put(UnitSuffix(n.unit));
}

// ---- expressions ---------------------------------------------------------------

void Printer::PrintExpr(const Expr& e, int min_prec) {
  const bool wrap = PrecOf(e) < min_prec;
  if (wrap) Put("(");
  std::visit([this](const auto& node) { Node(node); }, e.node);
  if (wrap) Put(")");
}

void Printer::Node(const PathRef& p) {
  for (size_t i = 0; i < p.parts.size(); ++i) {
    if (i > 0) Put(".");
    Put(p.parts[i].text);
  }
}

void Printer::Node(const Call& c) {
  Put(c.callee.text);
  Put("(");
  ExprList(c.args, kPrecAny);
  Put(")");
}

void Printer::Node(const Unary& u) {
  if (u.op == UnaryOp::kNeg) {
    Put("-");
    Sub(u.operand, kPrecNeg);
  } else {
    KwSp(kw::kNot);
    Sub(u.operand, kPrecNot);
  }
}

// Iterates over the operands: a chain may hold 200,000 of them.
void Printer::Node(const Chain& c) {
  const int operand_prec = ChainPrec(c.kind) + 1;
  Sub(c.first, operand_prec);
  for (const ChainLink& link : c.rest) {
    switch (link.op) {
      case ChainOp::kAdd:
        Put(" + ");
        break;
      case ChainOp::kSub:
        Put(" - ");
        break;
      case ChainOp::kMul:
        Put(" × ");
        break;
      case ChainOp::kDiv:
        Put(" ÷ ");
        break;
      case ChainOp::kAnd:
        Word(kw::kAnd);
        break;
      case ChainOp::kOr:
        Word(kw::kOr);
        break;
    }
    Sub(link.operand, operand_prec);
  }
}

void Printer::Node(const Compare& c) {
  Sub(c.lhs, kPrecArith);
  const Keyword* word = KeywordOf(c.word);
  if (word == nullptr) {
    switch (c.op) {
      case CompareOp::kEq:
        Put(" = ");
        break;
      case CompareOp::kNe:
        Put(" ≠ ");
        break;
      case CompareOp::kLt:
        Put(" < ");
        break;
      case CompareOp::kLe:
        Put(" ≤ ");
        break;
      case CompareOp::kGt:
        Put(" > ");
        break;
      case CompareOp::kGe:
        Put(" ≥ ");
        break;
    }
    Sub(c.rhs, kPrecArith);
    return;
  }
  // Chinese puts 以上/以下/以内 after the bound, with 在 before it
  // (`总分 在 90分 以下`); English has a prefix word (`总分 atmost 90分`).
  const bool at_form = lang_ == KeywordLang::kZh &&
                       (c.word == CompareWord::kAboveIncl || c.word == CompareWord::kBelowIncl ||
                        c.word == CompareWord::kWithinIncl);
  if (at_form) {
    Word(kw::kAt);
    Sub(c.rhs, kPrecArith);
    SpKw(*word);
  } else {
    Word(*word);
    Sub(c.rhs, kPrecArith);
  }
}

void Printer::Node(const InSet& s) {
  Sub(s.value, kPrecArith);
  SpKw(kw::kIn);
  Put(" (");
  ExprList(s.members, kPrecAny);
  Put(")");
}

// Conditions and branches are delimited by 则 and 否则, and an else branch
// may itself be a 如果, so `如果 a 则 1 否则 如果 b 则 2 否则 3` needs none.
void Printer::Node(const If& i) {
  KwSp(kw::kIf);
  Sub(i.cond, kPrecAny);
  Word(kw::kThen);
  Sub(i.then_value, kPrecAny);
  Word(kw::kElse);
  Sub(i.else_value, kPrecAny);
}

void Printer::Node(const Bound& b) {
  switch (b.kind) {
    case BoundKind::kCap:
    case BoundKind::kFloor:
      Sub(b.value, kPrecCapFloor);
      Word(b.kind == BoundKind::kCap ? kw::kCap : kw::kFloor);
      Sub(b.bound, kPrecCapFloor + 1);
      return;
    case BoundKind::kUntilZero:
      Sub(b.value, kPrecUntilZero);
      SpKw(kw::kUntilZero);
      return;
    case BoundKind::kIfNone:
      Sub(b.value, kPrecIfNone);
      Word(kw::kIfNone);
      Sub(b.bound, kPrecIfNone + 1);
      return;
  }
}

// Clauses in one fixed order: 其中, 按, 同一.
void Printer::Node(const Aggregate& a) {
  Kw(KeywordOf(a.fn));
  Put("(");
  if (a.every) {
    KwSp(kw::kEvery);
  }
  Sub(a.arg, kPrecAny);
  if (a.where != nullptr) {
    Clause(kw::kWhere);
    Sub(a.where, kPrecAny);
  }
  if (!a.group_by.empty()) {
    Clause(kw::kBy);
    ExprList(a.group_by, kPrecArith);
  }
  if (a.dedup_key != nullptr) {
    Clause(kw::kSame);
    Sub(a.dedup_key, kPrecArith);
    SpKw(a.dedup_keep_highest ? kw::kKeepHighest : kw::kKeepLowest);
  }
  Put(")");
}

void Printer::Node(const Extremum& x) {
  Kw(x.is_max ? kw::kMax : kw::kMin);
  Put("(");
  ExprList(x.args, kPrecAny);
  Put(")");
}

void Printer::PrintTies(const syntax::TieRule& rule) {
  switch (rule.kind) {
    case TieKind::kNone:
      return;
    case TieKind::kShare:
      Kw(kw::kShare);
      return;
    case TieKind::kDense:
      Kw(kw::kDense);
      return;
    case TieKind::kDrop:
      Kw(kw::kDrop);
      return;
    case TieKind::kError:
      Kw(kw::kErrorTie);
      return;
    case TieKind::kThenBy:
      KwSp(kw::kThenBy);
      Sub(rule.then_by, kPrecArith);
      if (rule.then_order_written || rule.then_order != Order::kDesc) {
        Put(" ");
        Kw(KeywordOf(rule.then_order));
      }
      if (rule.then_rule != nullptr && rule.then_rule->kind != TieKind::kNone) {
        Word(kw::kTies);
        PrintTies(*rule.then_rule);
      }
      return;
  }
}

// `, 按 k` for each key, then `, 限于 …`, then `, 并列 …`.
void Printer::RankClauses(const std::vector<ExprPtr>& group_by, const ExprPtr& eligible,
                          const syntax::TieRule& ties) {
  for (const ExprPtr& key : group_by) {
    Clause(kw::kBy);
    Sub(key, kPrecArith);
  }
  if (eligible != nullptr) {
    Clause(kw::kEligible);
    Sub(eligible, kPrecAny);
  }
  if (ties.kind != TieKind::kNone) {
    Clause(kw::kTies);
    PrintTies(ties);
  }
}

void Printer::Node(const Rank& r) {
  Kw(kw::kRank);
  Put("(");
  Sub(r.key, kPrecArith);
  if (r.order_written || r.order != Order::kDesc) {
    Put(" ");
    Kw(KeywordOf(r.order));
  }
  RankClauses(r.group_by, r.eligible, r.ties);
  Put(")");
}

void Printer::Node(const Bottom& b) {
  Kw(kw::kBottom);
  Put("(");
  Sub(b.key, kPrecArith);
  Put(", ");
  Sub(b.count, kPrecArith);
  RankClauses(b.group_by, b.eligible, b.ties);
  Put(")");
}

void Printer::Node(const syntax::Round& r) {
  Kw(r.digits == nullptr ? kw::kRound : kw::kKeepDigits);
  Put("(");
  Sub(r.value, kPrecAny);
  Put(", ");
  if (r.digits != nullptr) {
    Sub(r.digits, kPrecArith);
    Put(", ");
  }
  Kw(KeywordOf(r.mode));
  Put(")");
}

void Printer::Node(const Convert& c) {
  Kw(KeywordOf(c.to));
  Put("(");
  Sub(c.value, kPrecAny);
  Put(")");
}

void Printer::PrintRangeBound(const syntax::RangeBound& bound) {
  // Chinese puts 以上/以下/以内 after the number: `500万元 以上`.
  const bool postfix = lang_ == KeywordLang::kZh && (bound.word == BoundWord::kAboveIncl ||
                                                     bound.word == BoundWord::kBelowIncl ||
                                                     bound.word == BoundWord::kWithinIncl);
  if (postfix) {
    Sub(bound.value, kPrecPrimary);
    SpKw(KeywordOf(bound.word));
  } else {
    KwSp(KeywordOf(bound.word));
    Sub(bound.value, kPrecArith);
  }
}

void Printer::PrintMatcher(const syntax::Matcher& m) {
  switch (m.kind) {
    case MatcherKind::kAny:
      Put("-");
      return;
    case MatcherKind::kValue:
      Sub(m.value, kPrecPrimary);
      return;
    case MatcherKind::kRange:
      if (m.lower) PrintRangeBound(*m.lower);
      if (m.lower && m.upper) Put(" ");
      if (m.upper) PrintRangeBound(*m.upper);
      return;
  }
}

// Rows one level deeper than the line that opened the table.
void Printer::Node(const Lookup& l) {
  KwSp(kw::kLookup);
  ExprList(l.inputs, kPrecArith);
  if (l.hit_written || l.hit != HitPolicy::kUnique) {
    Word(kw::kHit);
    Kw(KeywordOf(l.hit));
  }
  const int outer = indent_;
  const int inner = outer + kIndentStep;
  BlockOpen();
  for (const LookupRow& row : l.rows) {
    Leading(row.comments, inner);
    StartLine(inner);
    for (size_t j = 0; j < row.matchers.size(); ++j) {
      if (j > 0) Put(", ");
      PrintMatcher(row.matchers[j]);
    }
    Put(": ");
    Sub(row.result, kPrecArith);
    Trailing(row.comments);
    EndLine();
  }
  if (l.otherwise != nullptr) {
    Leading(l.otherwise_comments, inner);
    StartLine(inner);
    Kw(kw::kOtherwise);
    Put(": ");
    Sub(l.otherwise, kPrecAny);
    Trailing(l.otherwise_comments);
    EndLine();
  }
  BlockClose(outer);
}

void Printer::Node(const Cases& c) {
  Kw(kw::kCases);
  if (c.hit_written || c.hit != HitPolicy::kFirst) {
    Word(kw::kHit);
    Kw(KeywordOf(c.hit));
  }
  const int outer = indent_;
  const int inner = outer + kIndentStep;
  BlockOpen();
  for (const CaseArm& arm : c.arms) {
    Leading(arm.comments, inner);
    StartLine(inner);
    KwSp(kw::kWhen);
    Sub(arm.when, kPrecAny);
    Put(": ");
    Sub(arm.result, kPrecAny);
    Trailing(arm.comments);
    EndLine();
  }
  if (c.otherwise != nullptr) {
    Leading(c.otherwise_comments, inner);
    StartLine(inner);
    Kw(kw::kOtherwise);
    Put(": ");
    Sub(c.otherwise, kPrecAny);
    Trailing(c.otherwise_comments);
    EndLine();
  }
  BlockClose(outer);
}

void Printer::PrintTierItem(const syntax::TierItem& item) {
  switch (item.kind) {
    case TierItemKind::kOrder:
      KwSp(kw::kOrder);
      Sub(item.value, kPrecArith);
      if (item.order_written || item.order != Order::kDesc) {
        Put(" ");
        Kw(KeywordOf(item.order));
      }
      RankClauses(item.group_by, nullptr, item.ties);
      return;
    case TierItemKind::kWhen:
      Put(item.tier.text);
      Word(kw::kWhen);
      Sub(item.value, kPrecAny);
      return;
    case TierItemKind::kQuota:
    case TierItemKind::kShare:
      Put(item.tier.text);
      Word(item.kind == TierItemKind::kQuota ? kw::kQuota : kw::kShareOf);
      Sub(item.value, kPrecArith);
      if (item.kind == TierItemKind::kShare) {
        Put(" ");
        Kw(KeywordOf(item.round));
      }
      if (item.eligible != nullptr) {
        Clause(kw::kEligible);
        Sub(item.eligible, kPrecAny);
      }
      return;
    case TierItemKind::kRest:
      Put(item.tier.text);
      SpKw(kw::kRest);
      return;
    case TierItemKind::kDemote:
      Kw(kw::kDemote);
      Word(kw::kWhen);
      Sub(item.value, kPrecAny);
      return;
  }
}

void Printer::Node(const Tiers& t) {
  Kw(kw::kTiers);
  Put(" (");
  NameList(t.labels);
  Put(")");
  const int outer = indent_;
  const int inner = outer + kIndentStep;
  BlockOpen();
  for (const syntax::TierItem& item : t.items) {
    Leading(item.comments, inner);
    StartLine(inner);
    PrintTierItem(item);
    Trailing(item.comments);
    EndLine();
  }
  BlockClose(outer);
}

}  // namespace arl::syntax::printing

namespace arl::syntax {

std::string PrintExpr(const Expr& expr, KeywordLang lang) {
  printing::Printer printer(lang);
  printer.PrintExpr(expr, printing::kPrecAny);
  return printer.Take();
}

}  // namespace arl::syntax
