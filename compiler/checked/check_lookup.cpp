// 查表 and 按情况: typing their matchers, conditions and results; the
// unreachable arms of 按情况 命中 首个. Lookup coverage (overlaps, gaps,
// rows that can never match) is in lookup_coverage.cpp.

#include <fmt/format.h>

#include "compiler/checked/checker.h"
#include "compiler/syntax/print.h"

namespace arl::checked::detail {
namespace {

// Results of the rows and arms, combined into one type; a literal 0 takes
// the others' unit.
class ResultUnifier {
 public:
  ResultUnifier(Checker& checker, const Type* expected) : checker_(checker), expected_(expected) {}

  const Type* Expected() const {
    return expected_ != nullptr ? expected_ : (seen_ ? &type_ : nullptr);
  }

  void Add(const syntax::Expr& expr, Type t) {
    if (!seen_) {
      seen_ = true;
      type_ = t;
      expr_ = &expr;
      return;
    }
    if (type_.IsError()) return;
    Type next = checker_.RequireSame(Verb::kResults, type_, expr_, t, &expr, expr.span);
    if (expr_ != nullptr && IsZeroLiteral(*expr_)) expr_ = &expr;
    type_ = next;
  }

  Type Result() const { return seen_ ? type_ : Type::Error(); }

  /// Checks a result against the others. A `无` before any typed result
  /// waits for CheckDeferred, to take the type of the results after it.
  void Check(const syntax::Expr& expr, const Scope& scope) {
    if (Expected() == nullptr && IsNoneLiteral(expr)) {
      deferred_.push_back(&expr);
      return;
    }
    Add(expr, checker_.Check(expr, scope, Expected()));
  }
  void CheckDeferred(const Scope& scope) {
    for (const syntax::Expr* e : deferred_) Add(*e, checker_.Check(*e, scope, Expected()));
    deferred_.clear();
  }

 private:
  std::vector<const syntax::Expr*> deferred_;
  Checker& checker_;
  const Type* expected_;
  bool seen_ = false;
  Type type_;
  const syntax::Expr* expr_ = nullptr;
};

}  // namespace

Type Checker::CheckLookup(const syntax::Expr& expr, const syntax::Lookup& lookup,
                          const Scope& scope, const Type* expected) {
  std::vector<Type> inputs;
  for (const auto& input : lookup.inputs) inputs.push_back(Check(*input, scope));
  bool matchers_ok = true;
  ResultUnifier results(*this, expected);
  for (const syntax::LookupRow& row : lookup.rows) {
    if (row.matchers.size() != inputs.size()) {
      diags_
          .Error("E0312", row.span,
                 Msg(fmt::format("这一行有 {} 个匹配条件, 但 查表 有 {} 个输入",
                                 row.matchers.size(), inputs.size()),
                     fmt::format("this row has {} matcher(s) but the 查表 has {} input(s)",
                                 row.matchers.size(), inputs.size())))
          .primary_label = Msg("条件个数不对", "wrong number of matchers");
      matchers_ok = false;
    }
    for (size_t i = 0; i < row.matchers.size(); ++i) {
      const syntax::Matcher& m = row.matchers[i];
      const Type input = i < inputs.size() ? inputs[i] : Type::Error();
      const syntax::Expr* input_expr = i < inputs.size() ? lookup.inputs[i].get() : nullptr;
      if (m.kind == syntax::MatcherKind::kValue) {
        Type vt = Check(*m.value, scope, &input);
        if (IsNoneLiteral(*m.value)) {
          ReportNoneCompared(*m.value);
          matchers_ok = false;
        } else if (RequireSame(Verb::kCompare, input, input_expr, vt, m.value.get(), m.span)
                       .IsError())
          matchers_ok = false;
      } else if (m.kind == syntax::MatcherKind::kRange) {
        if (!input.IsError() && !input.IsNumeric()) {
          diags_
              .Error("E0307", m.span,
                     Msg(fmt::format("{} 的值没有大小之分, 不能用范围匹配", TypeName(input)),
                         fmt::format("values of {} have no order; a range cannot match them",
                                     TypeName(input))))
              .primary_label = Msg("范围", "a range");
          matchers_ok = false;
        }
        for (const auto* bound : {&m.lower, &m.upper}) {
          if (!*bound) continue;
          Type bt = CheckNumeric(*(*bound)->value, scope, "范围的界限", "a range bound");
          if (input.IsNumeric() && RequireSame(Verb::kCompare, input, input_expr, bt,
                                               (*bound)->value.get(), (*bound)->value->span)
                                       .IsError()) {
            matchers_ok = false;
          }
        }
      }
    }
    results.Check(*row.result, scope);
  }
  if (lookup.otherwise) results.Check(*lookup.otherwise, scope);
  results.CheckDeferred(scope);

  bool complete = false;
  bool inputs_ok = true;
  for (const Type& t : inputs) inputs_ok = inputs_ok && !t.IsError();
  if (matchers_ok && inputs_ok) complete = CheckLookupCoverage(lookup, inputs);
  (void)expr;
  Type t = results.Result();
  if (!t.IsError() && lookup.otherwise == nullptr && !complete) t.optional = true;
  return t;
}

Type Checker::CheckCases(const syntax::Expr& expr, const syntax::Cases& cases, const Scope& scope,
                         const Type* expected) {
  (void)expr;
  ResultUnifier results(*this, expected);
  const syntax::CaseArm* always = nullptr;  // an earlier arm whose condition is 是
  std::unordered_map<std::string, const syntax::CaseArm*> seen;
  for (const syntax::CaseArm& arm : cases.arms) {
    CheckCondition(*arm.when, scope, "当 的条件", "the condition after 当");
    results.Check(*arm.result, scope);
    if (cases.hit != syntax::HitPolicy::kFirst) continue;
    std::string key = syntax::PrintExpr(*arm.when);
    if (always != nullptr) {
      base::Diagnostic& d =
          diags_.Error("E0408", arm.span,
                       Msg("这一分支永远不会被选中: 前面有一个条件总是成立的分支",
                           "this arm is never chosen: an earlier arm's condition is always 是"));
      d.primary_label = Msg("永远不会被选中", "unreachable");
      d.secondary.push_back(
          base::Label{always->span, Msg("这一分支总会先命中", "this arm always matches first")});
    } else if (auto it = seen.find(key); it != seen.end()) {
      base::Diagnostic& d = diags_.Error(
          "E0408", arm.span,
          Msg(fmt::format("这一分支永远不会被选中: 前面已有相同的条件 `{}`", key),
              fmt::format("this arm is never chosen: an earlier arm has the same condition `{}`",
                          key)));
      d.primary_label = Msg("永远不会被选中", "unreachable");
      d.secondary.push_back(
          base::Label{it->second->span,
                      Msg("相同的条件在这里先命中", "the same condition matches first here")});
    } else {
      seen.emplace(key, &arm);
    }
    if (const auto* b = arm.when->As<syntax::BoolLit>();
        b != nullptr && b->value && always == nullptr)
      always = &arm;
  }
  if (cases.otherwise) results.Check(*cases.otherwise, scope);
  results.CheckDeferred(scope);
  Type t = results.Result();
  if (!t.IsError() && cases.otherwise == nullptr && always == nullptr) t.optional = true;
  return t;
}

}  // namespace arl::checked::detail
