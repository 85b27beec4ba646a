// Typing expressions: literals, arithmetic, logic, comparisons, conditionals,
// postfix words, rounding, unit conversion and calls. Aggregates and ranks
// are in check_aggregate.cpp, lookups and cases in check_lookup.cpp, 分等 in
// check_tiers.cpp. Every expression's type is recorded in Program::types.

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

Type LiteralType(const syntax::NumberLit& lit) {
  switch (lit.unit) {
    case syntax::Unit::kNone:
      return lit.digits.find('.') == std::string::npos ? Type::Integer() : Type::Number();
    case syntax::Unit::kPoints:
      return Type::Points();
    case syntax::Unit::kYuan:
      return Type::Yuan();
    case syntax::Unit::kWanYuan:
      return Type::WanYuan();
    case syntax::Unit::kPercent:
      return Type::Percent();
  }
  return Type::Error();
}

bool IsConstantBool(const syntax::Expr& expr, bool& value) {
  if (const auto* b = expr.As<syntax::BoolLit>()) {
    value = b->value;
    return true;
  }
  if (const auto* u = expr.As<syntax::Unary>(); u != nullptr && u->op == syntax::UnaryOp::kNot) {
    if (IsConstantBool(*u->operand, value)) {
      value = !value;
      return true;
    }
  }
  return false;
}

const char* BuiltinName(Builtin b) {
  switch (b) {
    case Builtin::kJoin:
      return "连接";
    case Builtin::kAbs:
      return "绝对值";
    case Builtin::kHasValue:
      return "有值";
    case Builtin::kClamp:
      return "限定";
  }
  return "";
}

std::optional<Builtin> FindBuiltin(const std::string& name) {
  for (Builtin b : {Builtin::kJoin, Builtin::kAbs, Builtin::kHasValue, Builtin::kClamp}) {
    if (name == BuiltinName(b)) return b;
  }
  return std::nullopt;
}

}  // namespace

void Checker::CheckCondition(const syntax::Expr& expr, const Scope& scope, const char* what_zh,
                             const char* what_en) {
  Type t = Check(expr, scope);
  if (!t.IsError() && t.kind != Kind::kBool) {
    base::Diagnostic& d = diags_.Error(
        "E0306", expr.span,
        Msg(fmt::format("{}必须是 是否, 但这里是 {}", what_zh, TypeName(t)),
            fmt::format("{} must be 是否 (a yes/no value), but this is {}", what_en, TypeName(t))));
    d.primary_label =
        Msg(fmt::format("这是 {}", TypeName(t)), fmt::format("this is {}", TypeName(t)));
    return;
  }
  bool value = false;
  if (IsConstantBool(expr, value)) {
    base::Diagnostic& d = diags_.Warning(
        "W0410", expr.span,
        Msg(fmt::format("{}总是 {}", what_zh, value ? "是" : "否"),
            fmt::format("{} is always {}", what_en, value ? "是 (true)" : "否 (false)")));
    d.primary_label = Msg("常量条件", "constant condition");
    d.help = Msg("条件是常量时, 直接写出结果",
                 "when the condition is constant, write the result directly");
  }
}

Type Checker::CheckNumeric(const syntax::Expr& expr, const Scope& scope, const char* what_zh,
                           const char* what_en) {
  Type t = Check(expr, scope);
  if (!t.IsError() && !t.IsNumeric()) {
    base::Diagnostic& d =
        diags_.Error("E0314", expr.span,
                     Msg(fmt::format("{}必须是数值, 但这里是 {}", what_zh, TypeName(t)),
                         fmt::format("{} must be a number, but this is {}", what_en, TypeName(t))));
    d.primary_label =
        Msg(fmt::format("这是 {}", TypeName(t)), fmt::format("this is {}", TypeName(t)));
    return Type::Error();
  }
  return t;
}

Type Checker::Check(const syntax::Expr& expr, const Scope& scope, const Type* expected) {
  Type t;
  if (const auto* lit = expr.As<syntax::NumberLit>()) {
    t = LiteralType(*lit);
  } else if (expr.As<syntax::StringLit>()) {
    t = Type::Text();
  } else if (expr.As<syntax::BoolLit>()) {
    t = Type::Bool();
  } else if (expr.As<syntax::NoneLit>()) {
    if (expected != nullptr) {
      t = expected->WithOptional(true);
    } else {
      base::Diagnostic& d = diags_.Error(
          "E0315", expr.span,
          Msg("这里看不出 `无` 是什么类型的值", "cannot tell what type of value `无` is here"));
      d.primary_label = Msg("类型不明", "type unknown");
      d.help =
          Msg("写明定义的类型 (`定义 单位.加分: 分? = 无`), 或让它与有类型的值并列 "
              "(`如果 未参评 则 无 否则 总分`)",
              "declare the definition's type (`定义 单位.加分: 分? = 无`), or put it beside a "
              "typed value (`如果 未参评 则 无 否则 总分`)");
      t = Type::Error();
    }
  } else if (const auto* path = expr.As<syntax::PathRef>()) {
    return CheckPath(expr, *path, scope, expected);
  } else if (const auto* call = expr.As<syntax::Call>()) {
    const std::string& name = call->callee.text;
    Ref ref;
    Step step;
    step.span = call->callee.span;
    if (const Function* f = p_.FindFunction(name)) {
      step.kind = RefKind::kFunction;
      step.function = f;
      if (owner_function_ != nullptr) calls_[owner_function_].emplace_back(f, call->callee.span);
      if (call->args.size() != f->params.size()) {
        base::Diagnostic& d =
            diags_.Error("E0311", expr.span,
                         Msg(fmt::format("函数 `{}` 需要 {} 个参数, 这里给了 {} 个", name,
                                         f->params.size(), call->args.size()),
                             fmt::format("function `{}` takes {} argument(s) but {} were given",
                                         name, f->params.size(), call->args.size())));
        d.primary_label = Msg("参数个数不对", "wrong number of arguments");
        d.secondary.push_back(base::Label{f->span, Msg("函数在这里声明", "declared here")});
      }
      bool optional = f->result.optional;
      for (size_t i = 0; i < call->args.size(); ++i) {
        const Type* want = i < f->params.size() ? &f->params[i].type : nullptr;
        Type at = Check(*call->args[i], scope, want);
        if (want != nullptr) {
          RequireFits(Fit::kArgument, *want, at, *call->args[i], name, f->params[i].name);
          if (at.optional && !want->optional) optional = true;
        }
      }
      step.type = f->result.WithOptional(optional);
    } else if (std::optional<Builtin> b = FindBuiltin(name)) {
      step.kind = RefKind::kBuiltin;
      step.builtin = *b;
      const size_t n = call->args.size();
      const bool arity_ok = *b == Builtin::kJoin ? n >= 2 : *b == Builtin::kClamp ? n == 3 : n == 1;
      if (!arity_ok) {
        const char* wanted_zh = *b == Builtin::kJoin    ? "至少 2 个"
                                : *b == Builtin::kClamp ? "3 个"
                                                        : "1 个";
        const char* wanted_en = *b == Builtin::kJoin    ? "at least 2"
                                : *b == Builtin::kClamp ? "3"
                                                        : "1";
        diags_
            .Error(
                "E0311", expr.span,
                Msg(fmt::format("`{}` 需要{}参数, 这里给了 {} 个", name, wanted_zh, n),
                    fmt::format("`{}` takes {} argument(s) but {} were given", name, wanted_en, n)))
            .primary_label = Msg("参数个数不对", "wrong number of arguments");
        for (const auto& arg : call->args) Check(*arg, scope);
        step.type = Type::Error();
      } else if (*b == Builtin::kJoin) {
        Type sep = Check(*call->args[0], scope);
        RequireFits(Fit::kArgument, Type::Text(), sep, *call->args[0], name, "分隔符");
        for (size_t i = 1; i < n; ++i) Check(*call->args[i], scope);
        step.type = Type::Text();
      } else if (*b == Builtin::kAbs) {
        step.type = CheckNumeric(*call->args[0], scope, "绝对值 的参数", "the argument of 绝对值");
      } else if (*b == Builtin::kHasValue) {
        Check(*call->args[0], scope);
        step.type = Type::Bool();
      } else {
        Type x = CheckNumeric(*call->args[0], scope, "限定 的值", "the value of 限定");
        Type lo = CheckNumeric(*call->args[1], scope, "限定 的下限", "the lower bound of 限定");
        Type hi = CheckNumeric(*call->args[2], scope, "限定 的上限", "the upper bound of 限定");
        Type r = RequireSame(Verb::kClamp, x, call->args[0].get(), lo, call->args[1].get(),
                             call->args[1]->span);
        if (!r.IsError())
          r = RequireSame(Verb::kClamp, x, call->args[0].get(), hi, call->args[2].get(),
                          call->args[2]->span);
        step.type = r.IsError() ? r : x;
      }
    } else {
      Step visible;
      if (LookupVisible(name, scope, visible)) {
        diags_
            .Error("E0214", call->callee.span,
                   Msg(fmt::format("`{}` 不是函数, 不能调用", name),
                       fmt::format("`{}` is not a function", name)))
            .primary_label = Msg("不是函数", "not a function");
      } else {
        base::Diagnostic& d = diags_.Error(
            "E0201", call->callee.span,
            Msg(fmt::format("未知的函数 `{}`", name), fmt::format("unknown function `{}`", name)));
        d.primary_label = Msg("没有这个函数", "no such function");
        std::vector<std::string> names{"连接", "绝对值", "有值", "限定"};
        for (const auto& user : p_.functions) names.push_back(user->name);
        if (auto close = base::ClosestName(name, names)) {
          d.help =
              Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
        }
      }
      for (const auto& arg : call->args) Check(*arg, scope);
      return p_.types[&expr] = Type::Error();
    }
    t = step.type;
    ref.steps.push_back(step);
    p_.refs[&expr] = std::move(ref);
  } else if (const auto* unary = expr.As<syntax::Unary>()) {
    if (unary->op == syntax::UnaryOp::kNot) {
      CheckCondition(*unary->operand, scope, "`不` 的操作数", "the operand of `不`");
      t = Type::Bool().WithOptional(p_.TypeOf(*unary->operand).optional);
    } else {
      t = CheckNumeric(*unary->operand, scope, "取负的值", "a negated value");
    }
  } else if (const auto* chain = expr.As<syntax::Chain>()) {
    if (chain->kind == syntax::ChainKind::kAnd || chain->kind == syntax::ChainKind::kOr) {
      const char* zh = chain->kind == syntax::ChainKind::kAnd ? "`且` 的每一项" : "`或` 的每一项";
      const char* en =
          chain->kind == syntax::ChainKind::kAnd ? "each side of `且`" : "each side of `或`";
      bool optional = false;
      CheckCondition(*chain->first, scope, zh, en);
      optional = p_.TypeOf(*chain->first).optional;
      for (const auto& link : chain->rest) {
        CheckCondition(*link.operand, scope, zh, en);
        optional = optional || p_.TypeOf(*link.operand).optional;
      }
      t = Type::Bool().WithOptional(optional);
    } else if (chain->kind == syntax::ChainKind::kAdd) {
      // A `无` takes the type of the operands beside it (`无 + 总分`), so when
      // the chain starts with one, the first other operand is checked first.
      const syntax::Expr* early = nullptr;
      Type hint;
      const Type* first_hint = expected;
      if (IsNoneLiteral(*chain->first) && expected == nullptr) {
        for (const auto& link : chain->rest) {
          if (IsNoneLiteral(*link.operand)) continue;
          early = link.operand.get();
          hint = Check(*early, scope);
          first_hint = &hint;
          break;
        }
      }
      t = Check(*chain->first, scope, IsNoneLiteral(*chain->first) ? first_hint : nullptr);
      const syntax::Expr* acc_expr = chain->first.get();
      for (const auto& link : chain->rest) {
        Type u = link.operand.get() == early    ? hint
                 : IsNoneLiteral(*link.operand) ? Check(*link.operand, scope, &t)
                                                : Check(*link.operand, scope);
        Verb verb = link.op == syntax::ChainOp::kSub ? Verb::kSubtract : Verb::kAdd;
        t = RequireSame(verb, t, acc_expr, u, link.operand.get(), link.op_span);
        acc_expr = nullptr;
        if (t.IsError()) {
          for (const auto& rest : chain->rest) {
            if (&rest > &link) Check(*rest.operand, scope);
          }
          break;
        }
      }
    } else {
      // A `无` here is a plain number: `无 × 单价` is no value of 单价's unit.
      const Type plain = Type::Number();
      auto operand = [&](const syntax::Expr& e) {
        return IsNoneLiteral(e) ? Check(e, scope, &plain)
                                : CheckNumeric(e, scope, "乘除的操作数", "an operand of × or ÷");
      };
      t = operand(*chain->first);
      for (const auto& link : chain->rest) {
        Type u = operand(*link.operand);
        const bool divide = link.op == syntax::ChainOp::kDiv;
        if (divide && IsZeroLiteral(*link.operand)) {
          diags_.Error("E0308", link.operand->span, Msg("除数是 0", "division by zero"))
              .primary_label = Msg("除以 0", "dividing by 0");
          u = Type::Error();
        }
        t = Multiply(t, u, divide);
      }
    }
  } else if (const auto* cmp = expr.As<syntax::Compare>();
             cmp != nullptr && (IsNoneLiteral(*cmp->lhs) || IsNoneLiteral(*cmp->rhs))) {
    const bool left = IsNoneLiteral(*cmp->lhs);
    Type other = Check(left ? *cmp->rhs : *cmp->lhs, scope);
    Check(left ? *cmp->lhs : *cmp->rhs, scope, &other);
    ReportNoneCompared(left ? *cmp->lhs : *cmp->rhs);
    t = Type::Error();
  } else if (cmp != nullptr) {
    Type lt, rt;
    if (IsUnresolvedBareName(*cmp->lhs, scope) && !IsUnresolvedBareName(*cmp->rhs, scope)) {
      rt = Check(*cmp->rhs, scope);
      lt = Check(*cmp->lhs, scope, &rt);
    } else {
      lt = Check(*cmp->lhs, scope);
      rt = Check(*cmp->rhs, scope, &lt);
    }
    const bool ordering = cmp->op != syntax::CompareOp::kEq && cmp->op != syntax::CompareOp::kNe;
    if (ordering && !lt.IsError() && !rt.IsError() && (!lt.IsNumeric() || !rt.IsNumeric())) {
      const Type& bad = lt.IsNumeric() ? rt : lt;
      diags_
          .Error("E0307", expr.span,
                 Msg(fmt::format("{} 的值没有大小之分, 只能用 = 或 ≠ 比较", TypeName(bad)),
                     fmt::format("values of {} have no order; compare them with = or ≠ only",
                                 TypeName(bad))))
          .primary_label = Msg("不能比较大小", "cannot be ordered");
    } else {
      RequireSame(Verb::kCompare, lt, cmp->lhs.get(), rt, cmp->rhs.get(), expr.span);
    }
    WarnBarePercent(lt, *cmp->rhs);
    WarnBarePercent(rt, *cmp->lhs);
    t = Type::Bool().WithOptional(lt.optional || rt.optional);
  } else if (const auto* in = expr.As<syntax::InSet>()) {
    Type vt = Check(*in->value, scope);
    if (IsNoneLiteral(*in->value)) ReportNoneCompared(*in->value);
    for (const auto& member : in->members) {
      Type mt = Check(*member, scope, &vt);
      if (IsNoneLiteral(*member)) {
        ReportNoneCompared(*member);
        continue;
      }
      RequireSame(Verb::kCompare, vt, in->value.get(), mt, member.get(), member->span);
    }
    t = Type::Bool().WithOptional(vt.optional);
  } else if (const auto* cond = expr.As<syntax::If>()) {
    CheckCondition(*cond->cond, scope, "如果 的条件", "the condition of 如果");
    auto [a, b] = CheckPair(*cond->then_value, *cond->else_value, scope, expected);
    t = RequireSame(Verb::kResults, a, cond->then_value.get(), b, cond->else_value.get(),
                    cond->else_value->span);
  } else if (const auto* bound = expr.As<syntax::Bound>()) {
    if (bound->kind == syntax::BoundKind::kIfNone) {
      auto [v, b] = CheckPair(*bound->value, *bound->bound, scope, expected);
      t = RequireSame(Verb::kIfNone, v, bound->value.get(), b, bound->bound.get(),
                      bound->bound->span);
      if (!t.IsError()) t.optional = b.optional;
    } else if (bound->kind == syntax::BoundKind::kUntilZero) {
      t = CheckNumeric(*bound->value, scope, "扣完为止 的值", "the value before 扣完为止");
    } else {
      const bool cap = bound->kind == syntax::BoundKind::kCap;
      Type v = CheckNumeric(*bound->value, scope, cap ? "封顶 前的值" : "保底 前的值",
                            cap ? "the value before 封顶" : "the value before 保底");
      Type b = CheckNumeric(*bound->bound, scope, cap ? "封顶 的上限" : "保底 的下限",
                            cap ? "the cap of 封顶" : "the floor of 保底");
      t = RequireSame(cap ? Verb::kCap : Verb::kFloor, v, bound->value.get(), b, bound->bound.get(),
                      bound->bound->span);
      if (!t.IsError()) t = v.WithOptional(v.optional || b.optional);
    }
  } else if (const auto* agg = expr.As<syntax::Aggregate>()) {
    t = CheckAggregate(expr, *agg, scope);
  } else if (const auto* ext = expr.As<syntax::Extremum>()) {
    t = CheckExtremum(expr, *ext, scope);
  } else if (const auto* rank = expr.As<syntax::Rank>()) {
    t = CheckRank(expr, *rank, scope);
  } else if (const auto* bottom = expr.As<syntax::Bottom>()) {
    t = CheckBottom(expr, *bottom, scope);
  } else if (const auto* round = expr.As<syntax::Round>()) {
    Type v = CheckNumeric(*round->value, scope, "取整的值", "the value rounded");
    if (round->digits) {
      Type d = CheckNumeric(*round->digits, scope, "保留的位数", "the number of digits");
      std::optional<Decimal> n = ConstantNumber(*round->digits);
      if (!d.IsError() && (!n || !n->IsInteger() || n->IsNegative() || d.kind != Kind::kInteger)) {
        diags_
            .Error("E0314", round->digits->span,
                   Msg("保留的位数必须是一个非负整数常量",
                       "the number of digits must be a whole constant, 0 or more"))
            .primary_label = Msg("不是整数常量", "not a whole constant");
      }
      t = v;
    } else {
      t = v.IsError() ? v : (v.IsPlainNumber() ? Type::Integer().WithOptional(v.optional) : v);
    }
  } else if (const auto* conv = expr.As<syntax::Convert>()) {
    Type v = Check(*conv->value, scope);
    Type target;
    bool ok = v.IsNumeric();
    switch (conv->to) {
      case syntax::Unit::kYuan:
      case syntax::Unit::kWanYuan:
        target = conv->to == syntax::Unit::kYuan ? Type::Yuan() : Type::WanYuan();
        ok = ok && v.dim.points == 0 &&
             (v.dim == Dim{} || (v.dim.yuan == 1 && (v.dim.scale == 0 || v.dim.scale == 4)));
        break;
      case syntax::Unit::kPoints:
        target = Type::Points();
        ok = ok && (v.dim == Dim{} || v.dim == Dim{1, 0, 0});
        break;
      case syntax::Unit::kPercent:
        target = Type::Percent();
        ok = ok && v.dim == Dim{};
        break;
      case syntax::Unit::kNone:
        target = Type::Number();
        break;
    }
    if (!v.IsError() && !ok) {
      base::Diagnostic& d =
          diags_.Error("E0305", expr.span,
                       Msg(fmt::format("不能把 {} 换算成 {}", TypeName(v), TypeName(target)),
                           fmt::format("cannot convert {} to {}", TypeName(v), TypeName(target))));
      d.primary_label =
          Msg(fmt::format("这是 {}", TypeName(v)), fmt::format("this is {}", TypeName(v)));
      if (v.IsNumeric()) {
        d.help = Msg(fmt::format("{} 与 {} 是不同的量; 乘以一个单价来换算, 如 `x × 30元 ÷ 1分`",
                                 TypeName(v), TypeName(target)),
                     fmt::format("{} and {} measure different things; multiply by a rate instead, "
                                 "e.g. `x × 30元 ÷ 1分`",
                                 TypeName(v), TypeName(target)));
      }
      t = Type::Error();
    } else {
      t = v.IsError() ? v : target.WithOptional(v.optional);
    }
  } else if (const auto* lookup = expr.As<syntax::Lookup>()) {
    t = CheckLookup(expr, *lookup, scope, expected);
  } else if (const auto* cases = expr.As<syntax::Cases>()) {
    t = CheckCases(expr, *cases, scope, expected);
  } else if (const auto* tiers = expr.As<syntax::Tiers>()) {
    t = CheckTiers(expr, *tiers, scope);
  }
  p_.types[&expr] = t;
  return t;
}

std::pair<Type, Type> Checker::CheckPair(const syntax::Expr& a, const syntax::Expr& b,
                                         const Scope& scope, const Type* expected) {
  if (expected == nullptr && IsNoneLiteral(a) && !IsNoneLiteral(b)) {
    Type bt = Check(b, scope);
    Type at = Check(a, scope, &bt);
    return {at, bt};
  }
  Type at = Check(a, scope, expected);
  Type bt = Check(b, scope, expected != nullptr ? expected : &at);
  return {at, bt};
}

void Checker::WarnBarePercent(const Type& target, const syntax::Expr& value) {
  if (!target.percent || target.IsError() || !IsUnitlessLiteral(value)) return;
  const std::optional<Decimal> number = ConstantNumber(value);
  const Decimal one = Decimal::FromInt(1);
  if (!number || (*number <= one && *number >= -one)) return;
  const std::string digits = LiteralDigits(value);
  const std::string as_percent = number->Shift(2).ToString() + "%";
  base::Diagnostic& d = diags_.Warning(
      "W0318", value.span,
      Msg(fmt::format("`{}` 在这里是百分比, 即 {}; 是不是漏写了 `%`?", digits, as_percent),
          fmt::format("`{}` is a percentage here, that is {}; was the `%` left out?", digits,
                      as_percent)));
  d.primary_label = Msg("不带 % 的数", "a number without %");
  d.help = Msg(fmt::format("写 `{}%`; 小数也可以 (`0.3` 即 30%)", digits),
               fmt::format("write `{}%`; a fraction works too (`0.3` is 30%)", digits));
}

void Checker::ReportNoneCompared(const syntax::Expr& none) {
  base::Diagnostic& d =
      diags_.Error("E0316", none.span,
                   Msg("与 `无` 比较得不出 是 或 否: 结果总是没有值",
                       "a comparison with `无` is never 是 or 否: it has no value"));
  d.primary_label = Msg("与 无 比较", "compared with 无");
  d.help = Msg("问有没有值, 写 `有值(x)` 或 `不 有值(x)`",
               "to ask whether there is a value, write `有值(x)` or `不 有值(x)`");
}

void Checker::CheckNotAlwaysNone(const syntax::Expr& value, const Type& type,
                                 const std::string& name) {
  if (type.IsError() || type.optional || !AlwaysNone(value)) return;
  base::Diagnostic& d = diags_.Error(
      "E0317", value.span,
      Msg(fmt::format("`{}` 总是没有值, 但它的类型 {} 不带 `?`: 每一行都会出错", name,
                      TypeName(type)),
          fmt::format("`{}` never has a value, but its type {} has no `?`: every row would be an "
                      "error",
                      name, TypeName(type))));
  d.primary_label = Msg("总是 无", "always 无");
  d.help = Msg(fmt::format("允许没有值就写 `{}?`", TypeName(type)),
               fmt::format("to allow no value, write `{}?`", TypeName(type)));
}

}  // namespace arl::checked::detail
