// Small facts about expressions the checker asks often: is it a literal
// zero, a unitless literal; what are its direct children.

#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

const syntax::NumberLit* Literal(const syntax::Expr& expr, bool& negated) {
  negated = false;
  const syntax::Expr* e = &expr;
  while (const auto* u = e->As<syntax::Unary>()) {
    if (u->op != syntax::UnaryOp::kNeg) return nullptr;
    negated = !negated;
    e = u->operand.get();
  }
  return e->As<syntax::NumberLit>();
}

void VisitTieRule(const syntax::TieRule& rule, const std::function<void(const syntax::Expr&)>& f) {
  if (rule.then_by) f(*rule.then_by);
  if (rule.then_rule) VisitTieRule(*rule.then_rule, f);
}

}  // namespace

bool IsNoneLiteral(const syntax::Expr& expr) {
  return expr.As<syntax::NoneLit>() != nullptr;
}

bool AlwaysNone(const syntax::Expr& expr) {
  if (IsNoneLiteral(expr)) return true;
  if (const auto* i = expr.As<syntax::If>())
    return AlwaysNone(*i->then_value) && AlwaysNone(*i->else_value);
  if (const auto* u = expr.As<syntax::Unary>())
    return u->op == syntax::UnaryOp::kNeg && AlwaysNone(*u->operand);
  if (const auto* c = expr.As<syntax::Chain>()) {
    // No value flows through arithmetic; 且 and 或 need 是 or 否 instead.
    if (c->kind != syntax::ChainKind::kAdd && c->kind != syntax::ChainKind::kMul) return false;
    if (AlwaysNone(*c->first)) return true;
    for (const auto& link : c->rest) {
      if (AlwaysNone(*link.operand)) return true;
    }
    return false;
  }
  if (const auto* b = expr.As<syntax::Bound>()) {
    return AlwaysNone(*b->value) &&
           (b->kind != syntax::BoundKind::kIfNone || AlwaysNone(*b->bound));
  }
  if (const auto* r = expr.As<syntax::Round>()) return AlwaysNone(*r->value);
  if (const auto* v = expr.As<syntax::Convert>()) return AlwaysNone(*v->value);
  if (const auto* l = expr.As<syntax::Lookup>()) {
    if (l->rows.empty() && l->otherwise == nullptr) return false;
    for (const auto& row : l->rows) {
      if (!AlwaysNone(*row.result)) return false;
    }
    return l->otherwise == nullptr || AlwaysNone(*l->otherwise);
  }
  if (const auto* c = expr.As<syntax::Cases>()) {
    if (c->arms.empty() && c->otherwise == nullptr) return false;
    for (const auto& arm : c->arms) {
      if (!AlwaysNone(*arm.result)) return false;
    }
    return c->otherwise == nullptr || AlwaysNone(*c->otherwise);
  }
  return false;
}

bool IsZeroLiteral(const syntax::Expr& expr) {
  bool negated = false;
  const syntax::NumberLit* lit = Literal(expr, negated);
  if (lit == nullptr) return false;
  return lit->digits.find_first_not_of("0.") == std::string::npos;
}

bool IsUnitlessLiteral(const syntax::Expr& expr) {
  bool negated = false;
  const syntax::NumberLit* lit = Literal(expr, negated);
  return lit != nullptr && lit->unit == syntax::Unit::kNone;
}

std::string LiteralDigits(const syntax::Expr& expr) {
  bool negated = false;
  const syntax::NumberLit* lit = Literal(expr, negated);
  if (lit == nullptr) return "";
  return (negated ? "-" : "") + lit->digits;
}

std::string UnitSuffix(const Dim& dim, bool percent) {
  if (dim == Dim{1, 0, 0}) return "分";
  if (dim == Dim{0, 1, 0}) return "元";
  if (dim == Dim{0, 1, 4}) return "万元";
  if (dim == Dim{} && percent) return "%";
  return "";
}

std::string JoinNames(const std::vector<std::string>& names, const char* sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += sep;
    out += names[i];
  }
  return out;
}

void ForEachChild(const syntax::Expr& expr, const std::function<void(const syntax::Expr&)>& f) {
  auto opt = [&](const syntax::ExprPtr& e) {
    if (e) f(*e);
  };
  if (const auto* call = expr.As<syntax::Call>()) {
    for (const auto& a : call->args) opt(a);
  } else if (const auto* u = expr.As<syntax::Unary>()) {
    opt(u->operand);
  } else if (const auto* chain = expr.As<syntax::Chain>()) {
    opt(chain->first);
    for (const auto& link : chain->rest) opt(link.operand);
  } else if (const auto* cmp = expr.As<syntax::Compare>()) {
    opt(cmp->lhs);
    opt(cmp->rhs);
  } else if (const auto* in = expr.As<syntax::InSet>()) {
    opt(in->value);
    for (const auto& m : in->members) opt(m);
  } else if (const auto* cond = expr.As<syntax::If>()) {
    opt(cond->cond);
    opt(cond->then_value);
    opt(cond->else_value);
  } else if (const auto* bound = expr.As<syntax::Bound>()) {
    opt(bound->value);
    opt(bound->bound);
  } else if (const auto* agg = expr.As<syntax::Aggregate>()) {
    opt(agg->arg);
    opt(agg->where);
    for (const auto& k : agg->group_by) opt(k);
    opt(agg->dedup_key);
  } else if (const auto* ext = expr.As<syntax::Extremum>()) {
    for (const auto& a : ext->args) opt(a);
  } else if (const auto* rank = expr.As<syntax::Rank>()) {
    opt(rank->key);
    for (const auto& k : rank->group_by) opt(k);
    opt(rank->eligible);
    VisitTieRule(rank->ties, f);
  } else if (const auto* bottom = expr.As<syntax::Bottom>()) {
    opt(bottom->key);
    opt(bottom->count);
    for (const auto& k : bottom->group_by) opt(k);
    opt(bottom->eligible);
    VisitTieRule(bottom->ties, f);
  } else if (const auto* round = expr.As<syntax::Round>()) {
    opt(round->value);
    opt(round->digits);
  } else if (const auto* conv = expr.As<syntax::Convert>()) {
    opt(conv->value);
  } else if (const auto* lookup = expr.As<syntax::Lookup>()) {
    for (const auto& input : lookup->inputs) opt(input);
    for (const auto& row : lookup->rows) {
      for (const auto& m : row.matchers) {
        opt(m.value);
        if (m.lower) opt(m.lower->value);
        if (m.upper) opt(m.upper->value);
      }
      opt(row.result);
    }
    opt(lookup->otherwise);
  } else if (const auto* cases = expr.As<syntax::Cases>()) {
    for (const auto& arm : cases->arms) {
      opt(arm.when);
      opt(arm.result);
    }
    opt(cases->otherwise);
  } else if (const auto* tiers = expr.As<syntax::Tiers>()) {
    for (const auto& item : tiers->items) {
      opt(item.value);
      for (const auto& k : item.group_by) opt(k);
      VisitTieRule(item.ties, f);
      opt(item.eligible);
    }
  }
}

}  // namespace arl::checked::detail
