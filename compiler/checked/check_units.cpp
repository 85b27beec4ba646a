// Units of measure: when two values must agree (+ − comparisons 封顶 保底
// 若无 最大 最小, the results of 如果 / 查表 / 按情况) and when a value must fit a
// declared type. The rules, in the order they are tried:
//   same dimension and scale            fine            分 + 分
//   a literal 0 on either side          adopts the other 总分 - 0
//   same units, different scale         E0302           元 + 万元  -> 元(x)
//   one side a plain number             E0303           总分 - 2   -> 2分
//   anything else                       E0301           分 + 元
// × and ÷ never disagree: they multiply dimensions (分 × 分 is 分², which
// then fails where 分 is declared, E0304).

#include <fmt/format.h>

#include "compiler/checked/checker.h"
#include "compiler/syntax/print.h"

namespace arl::checked::detail {
namespace {

// The phrase for two types an operation could not combine.
Message VerbMessage(Verb verb, const std::string& a, const std::string& b) {
  switch (verb) {
    case Verb::kAdd:
      return Msg(fmt::format("不能把 {} 与 {} 相加", a, b),
                 fmt::format("cannot add {} and {}", a, b));
    case Verb::kSubtract:
      return Msg(fmt::format("不能从 {} 中减去 {}", a, b),
                 fmt::format("cannot subtract {} from {}", b, a));
    case Verb::kCompare:
      return Msg(fmt::format("不能比较 {} 与 {}", a, b),
                 fmt::format("cannot compare {} with {}", a, b));
    case Verb::kCap:
      return Msg(fmt::format("不能用 {} 给 {} 封顶", b, a),
                 fmt::format("cannot cap {} at {}", a, b));
    case Verb::kFloor:
      return Msg(fmt::format("不能用 {} 给 {} 保底", b, a),
                 fmt::format("cannot floor {} at {}", a, b));
    case Verb::kIfNone:
      return Msg(fmt::format("若无 两边的类型不同: {} 与 {}", a, b),
                 fmt::format("the two sides of 若无 differ: {} and {}", a, b));
    case Verb::kExtremum:
      return Msg(fmt::format("最大/最小 的各项类型不同: {} 与 {}", a, b),
                 fmt::format("最大/最小 mixes {} and {}", a, b));
    case Verb::kResults:
      return Msg(fmt::format("各分支结果的类型不同: {} 与 {}", a, b),
                 fmt::format("the results mix {} and {}", a, b));
    case Verb::kClamp:
      return Msg(fmt::format("限定 的值与界限类型不同: {} 与 {}", a, b),
                 fmt::format("限定 mixes {} and {}", a, b));
  }
  return Msg("", "");
}

// Short source text of an expression for a help line, or "…" if long.
std::string Short(const syntax::Expr* expr) {
  if (expr == nullptr) return "…";
  std::string text = syntax::PrintExpr(*expr);
  return text.size() <= 40 && text.find('\n') == std::string::npos ? text : "…";
}

// "元" for the 元 dims and "万元" for the 万元 one; "" otherwise.
std::string MoneyWord(const Dim& dim) {
  if (dim == Dim{0, 1, 0}) return "元";
  if (dim == Dim{0, 1, 4}) return "万元";
  return "";
}

// Help for a plain number where `want` is needed.
std::optional<Message> PlainHelp(const syntax::Expr* plain, const Type& want) {
  std::string unit = UnitSuffix(want.dim, want.percent);
  if (unit.empty()) return std::nullopt;
  if (plain != nullptr && IsUnitlessLiteral(*plain)) {
    std::string fixed = LiteralDigits(*plain) + unit;
    return Msg(fmt::format("写上单位: {}", fixed), fmt::format("write the unit: {}", fixed));
  }
  if (unit == "%") return std::nullopt;
  std::string fixed = unit + "(" + Short(plain) + ")";
  return Msg(fmt::format("用 {} 给这个数加上单位", fixed),
             fmt::format("give the number a unit: {}", fixed));
}

// Help for a value in `from` where `to` is needed (same units, other scale).
std::optional<Message> ScaleHelp(const syntax::Expr* value, const Dim& to) {
  std::string word = MoneyWord(to);
  if (word.empty()) return std::nullopt;
  std::string fixed = word + "(" + Short(value) + ")";
  return Msg(fmt::format("明确换算: {}", fixed), fmt::format("convert explicitly: {}", fixed));
}

// The word of an operator that binds looser than + − × ÷, or "".
std::string_view LooseWord(Verb verb) {
  switch (verb) {
    case Verb::kIfNone:
      return "若无";
    case Verb::kCap:
      return "封顶";
    case Verb::kFloor:
      return "保底";
    default:
      return "";
  }
}

std::string_view ChainOpText(syntax::ChainOp op) {
  switch (op) {
    case syntax::ChainOp::kAdd:
      return "+";
    case syntax::ChainOp::kSub:
      return "-";
    case syntax::ChainOp::kMul:
      return "×";
    case syntax::ChainOp::kDiv:
      return "÷";
    default:
      return "";
  }
}

}  // namespace

std::optional<Message> Checker::PrecedenceHelp(Verb verb, const Type& a, const syntax::Expr* a_expr,
                                               const syntax::Expr* b_expr) const {
  // `完成 若无 0万元 ÷ 任务` is `完成 若无 (0万元 ÷ 任务)`, as 若无 binds looser
  // than ÷; when the chain's first operand has the unit of the left side,
  // `(完成 若无 0万元) ÷ 任务` is what was meant.
  const std::string_view word = LooseWord(verb);
  const auto* chain = b_expr != nullptr ? b_expr->As<syntax::Chain>() : nullptr;
  if (word.empty() || a_expr == nullptr || chain == nullptr || chain->rest.empty() ||
      (chain->kind != syntax::ChainKind::kAdd && chain->kind != syntax::ChainKind::kMul)) {
    return std::nullopt;
  }
  const Type first = p_.TypeOf(*chain->first);
  if (first.IsError() || !first.IsNumeric() || first.dim != a.dim) return std::nullopt;
  const std::string left = Short(a_expr), head = syntax::PrintExpr(*chain->first),
                    whole = syntax::PrintExpr(*b_expr);
  if (whole.compare(0, head.size(), head) != 0) return std::nullopt;
  const std::string tail = whole.substr(head.size());
  const std::string_view op = ChainOpText(chain->rest.front().op);
  const std::string read = fmt::format("{} {} ({})", left, word, whole);
  const std::string meant = fmt::format("({} {} {}){}", left, word, head, tail);
  return Msg(fmt::format("{} 比 {} 后算, 这里读作 `{}`; 要先取 {}, 加括号: `{}`", word, op, read,
                         word, meant),
             fmt::format("{} binds looser than {}, so this reads `{}`; to apply {} first, write "
                         "`{}`",
                         word, op, read, word, meant));
}

Type Checker::Multiply(Type a, Type b, bool divide) {
  if (a.IsError() || b.IsError()) return Type::Error();
  Type r;
  r.kind = !divide && a.kind == Kind::kInteger && b.kind == Kind::kInteger ? Kind::kInteger
                                                                           : Kind::kNumber;
  r.dim = divide ? checked::Divide(a.dim, b.dim) : checked::Multiply(a.dim, b.dim);
  r.percent = r.dim == Dim{} && ((a.percent && !(divide && b.percent)) || (!divide && b.percent));
  r.optional = a.optional || b.optional;
  return r;
}

Type Checker::RequireSame(Verb verb, Type a, const syntax::Expr* a_expr, Type b,
                          const syntax::Expr* b_expr, Span at) {
  if (a.IsError() || b.IsError()) return Type::Error();
  const bool optional = a.optional || b.optional;
  if (a.IsNumeric() && b.IsNumeric()) {
    Type r = a;
    const bool a_zero = a_expr != nullptr && IsZeroLiteral(*a_expr);
    const bool b_zero = b_expr != nullptr && IsZeroLiteral(*b_expr);
    if (a.dim == b.dim) {
      r.kind =
          a.kind == Kind::kInteger && b.kind == Kind::kInteger ? Kind::kInteger : Kind::kNumber;
      r.percent = a.percent && b.percent;
    } else if (a_zero) {
      r = b;
    } else if (b_zero) {
      r = a;
    } else {
      const std::string an = TypeName(a), bn = TypeName(b);
      const bool a_plain = a.dim == Dim{};
      const bool b_plain = b.dim == Dim{};
      if (a.dim.SameUnits(b.dim) && !a_plain && !b_plain) {
        base::Diagnostic& d = diags_.Error("E0302", at, VerbMessage(verb, an, bn));
        d.primary_label = Msg(fmt::format("{} 与 {} 的单位大小不同", an, bn),
                              fmt::format("{} and {} are units of a different size", an, bn));
        // Convert the larger unit (万元) into the smaller (元).
        const bool convert_a = a.dim.scale > b.dim.scale;
        d.help = ScaleHelp(convert_a ? a_expr : b_expr, convert_a ? b.dim : a.dim);
      } else if (a_plain || b_plain) {
        const syntax::Expr* plain = a_plain ? a_expr : b_expr;
        const Type& other = a_plain ? b : a;
        base::Diagnostic& d =
            diags_.Error("E0303", plain != nullptr ? plain->span : at, VerbMessage(verb, an, bn));
        d.primary_label = Msg("这个数没有单位", "this number has no unit");
        d.help = PlainHelp(plain, other);
        if (auto precedence = PrecedenceHelp(verb, a, a_expr, b_expr)) d.help = precedence;
      } else {
        base::Diagnostic& d = diags_.Error("E0301", at, VerbMessage(verb, an, bn));
        d.primary_label = Msg(fmt::format("左边是 {}, 右边是 {}", an, bn),
                              fmt::format("{} on the left, {} on the right", an, bn));
        d.help = PrecedenceHelp(verb, a, a_expr, b_expr);
      }
      return Type::Error();
    }
    return r.WithOptional(optional);
  }

  const bool numeric_verb = verb == Verb::kAdd || verb == Verb::kSubtract || verb == Verb::kCap ||
                            verb == Verb::kFloor || verb == Verb::kExtremum || verb == Verb::kClamp;
  if (numeric_verb) {
    const bool a_bad = !a.IsNumeric();
    const Type& bad = a_bad ? a : b;
    const syntax::Expr* bad_expr = a_bad ? a_expr : b_expr;
    base::Diagnostic& d = diags_.Error("E0314", bad_expr != nullptr ? bad_expr->span : at,
                                       VerbMessage(verb, TypeName(a), TypeName(b)));
    d.primary_label = Msg(fmt::format("{} 不是数值", TypeName(bad)),
                          fmt::format("{} is not a number", TypeName(bad)));
    return Type::Error();
  }

  Type r = a;
  bool ok = false;
  if (a.kind == b.kind) {
    ok = a.kind == Kind::kEnum ? SameEnum(a.enum_type, b.enum_type)
                               : (a.kind == Kind::kRef ? a.table == b.table : true);
  } else if ((a.kind == Kind::kText && b.kind == Kind::kRef) ||
             (a.kind == Kind::kRef && b.kind == Kind::kText)) {
    ok = true;
    r = Type::Text();
  }
  if (ok) return r.WithOptional(optional);

  base::Diagnostic& d = diags_.Error(verb == Verb::kCompare ? "E0307" : "E0314", at,
                                     VerbMessage(verb, TypeName(a), TypeName(b)));
  d.primary_label = Msg(fmt::format("左边是 {}, 右边是 {}", TypeName(a), TypeName(b)),
                        fmt::format("{} on the left, {} on the right", TypeName(a), TypeName(b)));
  // `类别 = "镇乡"`: the member written as a string.
  for (auto [e, et, other] : {std::tuple{a_expr, a, b}, std::tuple{b_expr, b, a}}) {
    if (e == nullptr || other.kind != Kind::kEnum || other.enum_type == nullptr) continue;
    if (const auto* s = e->As<syntax::StringLit>();
        s != nullptr && other.enum_type->Find(s->value)) {
      d.help = Msg(fmt::format("枚举成员不加引号: 写作 {}", s->value),
                   fmt::format("write the enum member without quotes: {}", s->value));
    }
  }
  return Type::Error();
}

bool Checker::RequireFits(Fit fit, const Type& target, const Type& actual,
                          const syntax::Expr& value, const std::string& name,
                          const std::string& detail) {
  if (target.IsError() || actual.IsError()) return true;
  WarnBarePercent(target, value);
  enum class Problem { kNone, kScale, kPlain, kRound, kOther } problem = Problem::kNone;
  if (target.IsNumeric()) {
    if (!actual.IsNumeric()) {
      problem = Problem::kOther;
    } else if (IsZeroLiteral(value) && target.kind != Kind::kInteger) {
      problem = Problem::kNone;
    } else if (target.kind == Kind::kInteger && actual.kind != Kind::kInteger) {
      problem = actual.dim == Dim{} ? Problem::kRound : Problem::kOther;
    } else if (target.dim == actual.dim || IsZeroLiteral(value)) {
      problem = Problem::kNone;
    } else if (target.dim.SameUnits(actual.dim) && actual.dim != Dim{}) {
      problem = Problem::kScale;
    } else if (actual.dim == Dim{}) {
      problem = Problem::kPlain;
    } else {
      problem = Problem::kOther;
    }
  } else if (target.kind == Kind::kText) {
    if (actual.kind != Kind::kText && actual.kind != Kind::kRef && actual.kind != Kind::kEnum)
      problem = Problem::kOther;
  } else if (target.kind == Kind::kEnum) {
    if (actual.kind != Kind::kEnum || !SameEnum(target.enum_type, actual.enum_type))
      problem = Problem::kOther;
  } else if (target.kind == Kind::kRef) {
    if (actual.kind != Kind::kRef || actual.table != target.table) problem = Problem::kOther;
  } else if (target.kind != actual.kind) {
    problem = Problem::kOther;
  }
  if (problem == Problem::kNone) return true;

  const std::string tn = TypeName(target), an = TypeName(actual);
  Message message;
  const char* code = "E0304";
  switch (fit) {
    case Fit::kDeclared:
      message = Msg(fmt::format("`{}` 声明为 {}, 但它的值是 {}", name, tn, an),
                    fmt::format("`{}` is declared {} but the value is {}", name, tn, an));
      break;
    case Fit::kParamDefault:
      code = "E0309";
      message = Msg(fmt::format("参数 `{}` 的类型是 {}, 默认值却是 {}", name, tn, an),
                    fmt::format("parameter `{}` is {} but its default is {}", name, tn, an));
      break;
    case Fit::kBlank:
      code = "E0309";
      message = Msg(fmt::format("列 `{}` 的类型是 {}, 空为 的值却是 {}", name, tn, an),
                    fmt::format("column `{}` is {} but its 空为 value is {}", name, tn, an));
      break;
    case Fit::kArgument:
      code = "E0313";
      message = Msg(
          fmt::format("`{}` 的参数 `{}` 应为 {}, 这里是 {}", name, detail, tn, an),
          fmt::format("parameter `{}` of `{}` expects {}, but this is {}", detail, name, tn, an));
      break;
    case Fit::kTestValue:
      message = Msg(fmt::format("`{}` 是 {}, 预期值却是 {}", name, tn, an),
                    fmt::format("`{}` is {} but the expected value is {}", name, tn, an));
      break;
  }
  const bool own_code = fit == Fit::kParamDefault || fit == Fit::kBlank;
  if (problem == Problem::kScale && !own_code) code = "E0302";
  if (problem == Problem::kPlain && !own_code) code = "E0303";
  base::Diagnostic& d = diags_.Error(code, value.span, message);
  d.primary_label = Msg(fmt::format("这是 {}", an), fmt::format("this is {}", an));
  if (problem == Problem::kScale) d.help = ScaleHelp(&value, target.dim);
  if (problem == Problem::kPlain) d.help = PlainHelp(&value, target);
  if (problem == Problem::kRound) {
    d.help = Msg(fmt::format("说明如何取整: 取整({}, 向下)", Short(&value)),
                 fmt::format("say how to round: 取整({}, 向下)", Short(&value)));
  }
  if (const auto* s = value.As<syntax::StringLit>(); s != nullptr && target.kind == Kind::kEnum &&
                                                     target.enum_type != nullptr &&
                                                     target.enum_type->Find(s->value)) {
    d.help = Msg(fmt::format("枚举成员不加引号: 写作 {}", s->value),
                 fmt::format("write the enum member without quotes: {}", s->value));
  }
  return false;
}

}  // namespace arl::checked::detail
