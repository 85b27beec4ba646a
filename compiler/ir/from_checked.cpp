// Lowering checked rules to IR. The checker has resolved every name and
// typed every expression; this pass only turns those answers into slots and
// nodes. The one subtle part is rows: an expression inside an aggregate is
// evaluated over the aggregate's rows, and a bare name there means the
// definition's own row, so it is wrapped in kCurrent.

#include "compiler/ir/from_checked.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "compiler/syntax/print.h"

namespace arl::ir {
namespace {

using base::Message;
using checked::Kind;

Display DisplayOf(const checked::Type& type,
                  const std::unordered_map<const checked::Table*, std::int32_t>& tables) {
  Display d;
  d.optional = type.optional;
  switch (type.kind) {
    case Kind::kError:
    case Kind::kNumber:
    case Kind::kInteger:
      d.kind = ValueKind::kNumber;
      d.integer = type.kind == Kind::kInteger;
      d.percent = type.percent;
      if (type.dim == checked::Dim{1, 0, 0}) d.unit = "分";
      if (type.dim == checked::Dim{0, 1, 0}) d.unit = "元";
      if (type.dim == checked::Dim{0, 1, 4}) d.unit = "万元";
      break;
    case Kind::kBool:
      d.kind = ValueKind::kBool;
      break;
    case Kind::kText:
      d.kind = ValueKind::kText;
      break;
    case Kind::kEnum:
      d.kind = ValueKind::kEnum;
      if (type.enum_type != nullptr) d.members = type.enum_type->members;
      break;
    case Kind::kRef:
      d.kind = ValueKind::kRef;
      if (auto it = tables.find(type.table); it != tables.end()) d.table = it->second;
      break;
  }
  return d;
}

value::Rounding RoundingOf(syntax::RoundMode mode) {
  switch (mode) {
    case syntax::RoundMode::kHalfUp:
      return value::Rounding::kHalfUp;
    case syntax::RoundMode::kHalfEven:
      return value::Rounding::kHalfEven;
    case syntax::RoundMode::kDown:
      return value::Rounding::kDown;
    case syntax::RoundMode::kUp:
      return value::Rounding::kUp;
  }
  return value::Rounding::kHalfUp;
}

HitPolicy HitOf(syntax::HitPolicy hit) {
  switch (hit) {
    case syntax::HitPolicy::kUnique:
      return HitPolicy::kUnique;
    case syntax::HitPolicy::kFirst:
      return HitPolicy::kFirst;
    case syntax::HitPolicy::kAny:
      return HitPolicy::kAny;
    case syntax::HitPolicy::kSum:
      return HitPolicy::kSum;
    case syntax::HitPolicy::kMax:
      return HitPolicy::kMax;
    case syntax::HitPolicy::kMin:
      return HitPolicy::kMin;
  }
  return HitPolicy::kUnique;
}

std::vector<std::string> Texts(const std::vector<syntax::Text>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(t.value);
  return out;
}

/// Divisions keep at least this many digits: fewer would let a quotient's
/// rounding decide a tier. Rounding a policy prescribes is written with 保留.
constexpr int kMinPrecision = 10;

class Lowerer {
 public:
  Lowerer(const checked::Program& program, base::Diagnostics& diags, const checked::Test* test)
      : p_(program), diags_(diags), test_(test) {}

  Program Run() {
    Index();
    LowerHeader();
    LowerTables();
    LowerParams();
    LowerDefinitions();
    if (test_ != nullptr) LowerTestCalls();
    return std::move(out_);
  }

 private:
  /// Where an expression is being lowered.
  struct Scope {
    std::int32_t table = -1;                    // the definition's table (-1: one row)
    const syntax::Expr* aggregate = nullptr;    // inside this aggregate's rows …
    std::int32_t inner = -1;                    // … which are rows of this table
    const std::vector<NodeId>* args = nullptr;  // inlining a function: its arguments
    std::int32_t Rows() const { return aggregate != nullptr ? inner : table; }
  };

  void Index() {
    for (size_t i = 0; i < p_.tables.size(); ++i)
      table_index_[p_.tables[i].get()] = static_cast<std::int32_t>(i);
    std::int32_t globals = 0;
    for (size_t i = 0; i < p_.definitions.size(); ++i) {
      const checked::Definition* d = p_.definitions[i].get();
      def_index_[d] = static_cast<std::int32_t>(i);
      if (d->table == nullptr) {
        def_slot_[d] = globals++;
      } else {
        const auto& list = d->table->definitions;
        def_slot_[d] =
            static_cast<std::int32_t>(std::find(list.begin(), list.end(), d) - list.begin());
      }
    }
    for (size_t i = 0; i < p_.param_order.size(); ++i)
      param_index_[p_.param_order[i]] = static_cast<std::int32_t>(i);
  }

  void LowerHeader() {
    if (p_.main == nullptr || !p_.main->header) return;
    const syntax::Header& h = *p_.main->header;
    out_.policy = h.name.text;
    if (h.precision) {
      const std::string& digits = *h.precision;
      const bool ok = !digits.empty() && digits.size() <= 2 &&
                      digits.find_first_not_of("0123456789") == std::string::npos &&
                      std::stoi(digits) >= kMinPrecision &&
                      std::stoi(digits) <= value::Decimal::kFracDigits;
      if (ok) {
        out_.precision = std::stoi(digits);
      } else {
        diags_
            .Error("E0801", h.span,
                   Message{fmt::format("精度 必须是 {} 到 {} 之间的整数, 这里是 {}", kMinPrecision,
                                       value::Decimal::kFracDigits, digits),
                           fmt::format("精度 must be a whole number from {} to {}, not {}",
                                       kMinPrecision, value::Decimal::kFracDigits, digits)})
            .primary_label = Message{"精度超出范围", "precision out of range"};
      }
    }
  }

  void LowerTables() {
    for (const auto& t : p_.tables) {
      Table table;
      table.name = t->name;
      table.entity = t->entity;
      if (t->parent != nullptr) table.parent = table_index_.at(t->parent);
      for (const auto& c : t->columns) {
        Column col;
        col.name = c->name;
        col.display = DisplayOf(c->type, table_index_);
        col.is_key = c->role == checked::ColumnRole::kKey;
        col.is_parent = c->role == checked::ColumnRole::kParent;
        if (c->decl != nullptr) {
          if (c->decl->blank) {
            if (const checked::Param* param = ParamOf(*c->decl->blank)) {
              col.blank_param = param_index_.at(param);
            } else {
              col.blank = Fold(*c->decl->blank, c->type, "空为");
            }
          }
          if (c->decl->range_low && c->decl->range_high) {
            auto lo = Fold(*c->decl->range_low, c->type, "范围");
            auto hi = Fold(*c->decl->range_high, c->type, "范围");
            if (lo && hi) {
              col.range_low = lo->number;
              col.range_high = hi->number;
            }
          }
        }
        table.columns.push_back(std::move(col));
      }
      out_.tables.push_back(std::move(table));
    }
  }

  void LowerParams() {
    for (const checked::Param* param : p_.param_order) {
      Param out;
      out.name = param->name;
      out.display = DisplayOf(param->type, table_index_);
      out.span = param->span;
      if (param->decl != nullptr) {
        out.clauses = Texts(param->decl->cite.clauses);
        if (param->decl->value) out.value = Lower(*param->decl->value, Scope{});
      }
      out_.params.push_back(std::move(out));
    }
  }

  void LowerDefinitions() {
    for (const auto& d : p_.definitions) {
      Definition def;
      def.name = d->name;
      def.table = d->table != nullptr ? table_index_.at(d->table) : -1;
      def.slot = def_slot_.at(d.get());
      def.output = d->output;
      def.display = DisplayOf(d->type, table_index_);
      def.span = d->span;
      if (d->decl != nullptr) {
        def.clauses = Texts(d->decl->cite.clauses);
        def.assumptions = Texts(d->decl->cite.assumptions);
      }
      if (def.table >= 0) {
        out_.tables[static_cast<size_t>(def.table)].definitions.push_back(
            static_cast<std::int32_t>(out_.definitions.size()));
      } else {
        out_.globals.push_back(static_cast<std::int32_t>(out_.definitions.size()));
      }
      out_.definitions.push_back(std::move(def));
    }
    // Lower bodies after every definition has its slot (bodies name others).
    for (const auto& d : p_.definitions) {
      Definition& def = out_.definitions[static_cast<size_t>(def_index_.at(d.get()))];
      Scope scope;
      scope.table = def.table;
      if (d->decl != nullptr && d->decl->value) {
        def.root = Coerce(Lower(*d->decl->value, scope), p_.TypeOf(*d->decl->value), d->type);
      }
      for (const checked::Dependency& dep : d->reads) {
        if (dep.kind == checked::Dependency::Kind::kDefinition)
          def.reads.push_back(def_index_.at(dep.definition));
      }
    }
    for (const checked::Definition* d : p_.Order()) out_.order.push_back(def_index_.at(d));
  }

  /// `预期 完成率(80, 100) = 80%`: the call becomes a global definition,
  /// named by the call's text and citing the function's clauses, so the
  /// engine evaluates it like any other global value (with the test's
  /// parameters). Its arguments are constants and parameters, so it can
  /// come last in the order.
  void LowerTestCalls() {
    for (const checked::Test::Expectation& e : test_->expectations) {
      if (e.decl->call == nullptr) continue;
      const syntax::Expr& call = *e.decl->call;
      Definition def;
      def.name = syntax::PrintExpr(call);
      def.slot = static_cast<std::int32_t>(out_.globals.size());
      def.display = DisplayOf(p_.TypeOf(call), table_index_);
      def.span = call.span;
      if (e.function != nullptr) def.clauses = Texts(e.function->decl->cite.clauses);
      def.root = Lower(call, Scope{});
      const auto index = static_cast<std::int32_t>(out_.definitions.size());
      out_.globals.push_back(index);
      out_.order.push_back(index);
      out_.definitions.push_back(std::move(def));
    }
  }

  // ---- nodes ----

  NodeId Add(Node node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<NodeId>(out_.nodes.size() - 1);
  }

  NodeId Make(Op op, ValueKind kind, std::int32_t table, base::Span span,
              std::vector<NodeId> kids = {}) {
    Node n;
    n.op = op;
    n.kind = kind;
    n.table = table;
    n.span = span;
    n.kids = std::move(kids);
    return Add(std::move(n));
  }

  NodeId Const(ValueKind kind, Constant c, std::int32_t table, base::Span span) {
    Node n;
    n.op = Op::kConst;
    n.kind = kind;
    n.table = table;
    n.span = span;
    n.constant = std::move(c);
    return Add(std::move(n));
  }

  static ValueKind KindOf(const checked::Type& t) {
    switch (t.kind) {
      case Kind::kBool:
        return ValueKind::kBool;
      case Kind::kText:
        return ValueKind::kText;
      case Kind::kEnum:
        return ValueKind::kEnum;
      case Kind::kRef:
        return ValueKind::kRef;
      default:
        return ValueKind::kNumber;
    }
  }

  /// Scales a number from the unit of `from` to that of `to` (万元 → 元
  /// multiplies by 10^4); the checker allows this only where it is written.
  NodeId Coerce(NodeId node, const checked::Type& from, const checked::Type& to) {
    if (node == kNoNode || !from.IsNumeric() || !to.IsNumeric()) return node;
    const int shift = from.dim.scale - to.dim.scale;
    if (shift == 0) return node;
    const Node& n = out_.At(node);
    NodeId scaled = Make(Op::kScale, ValueKind::kNumber, n.table, n.span, {node});
    out_.nodes[static_cast<size_t>(scaled)].slot = shift;
    return scaled;
  }

  std::optional<value::Decimal> Number(const syntax::NumberLit& lit, base::Span span) {
    auto parsed = value::Decimal::Parse(lit.digits);
    if (parsed && lit.unit == syntax::Unit::kPercent) {
      value::Decimal hundredth;
      if (parsed->Div(value::Decimal::FromInt(100), value::Decimal::kFracDigits,
                      value::Rounding::kHalfEven, &hundredth) == value::DivStatus::kOk &&
          hundredth.Raw() * 100 == parsed->Raw()) {
        return hundredth;
      }
      parsed.reset();
    }
    if (!parsed) {
      diags_
          .Error("E0802", span,
                 Message{fmt::format("数 {} 超出了精确十进制的范围 (最多 {} 位整数, {} 位小数)",
                                     lit.digits, 26, value::Decimal::kFracDigits),
                         fmt::format("the number {} does not fit an exact decimal (at most {} "
                                     "integer and {} fractional digits)",
                                     lit.digits, 26, value::Decimal::kFracDigits)})
          .primary_label = Message{"无法精确表示", "cannot be represented exactly"};
    }
    return parsed;
  }

  /// A constant written where no row is at hand (空为, 范围): a literal, a
  /// negated literal, 是/否, a string or an enum member.
  std::optional<Constant> Fold(const syntax::Expr& expr, const checked::Type& type,
                               const char* what) {
    Constant c;
    const syntax::Expr* e = &expr;
    bool negate = false;
    while (const auto* u = e->As<syntax::Unary>()) {
      if (u->op != syntax::UnaryOp::kNeg) break;
      negate = !negate;
      e = u->operand.get();
    }
    if (const auto* lit = e->As<syntax::NumberLit>()) {
      auto v = Number(*lit, e->span);
      if (!v) return std::nullopt;
      c.number = *v;
      if (negate && !c.number.Neg(&c.number)) return std::nullopt;
      return c;
    }
    if (const auto* b = e->As<syntax::BoolLit>()) {
      c.code = b->value ? 1 : 0;
      return c;
    }
    if (const auto* s = e->As<syntax::StringLit>()) {
      c.text = s->value;
      return c;
    }
    if (const checked::Ref* ref = p_.RefOf(*e);
        ref != nullptr && ref->Last().kind == checked::RefKind::kEnumMember) {
      c.code = static_cast<std::int32_t>(ref->Last().member);
      return c;
    }
    (void)type;
    const bool param = ParamOf(*e) != nullptr;
    diags_
        .Error("E0803", expr.span,
               Message{fmt::format("{} 后面必须是常数 (数、是否、文本或枚举成员){}", what,
                                   param ? "; 参数可以被 --set 改变, 不能用在这里" : ""),
                       fmt::format("{} needs a constant (a number, 是/否, text or an enum "
                                   "member){}",
                                   what, param ? "; a parameter can change with --set" : "")})
        .primary_label = Message{"不是常数", "not a constant"};
    return std::nullopt;
  }

  /// The parameter `expr` names, if it is just a parameter.
  const checked::Param* ParamOf(const syntax::Expr& expr) const {
    const checked::Ref* ref = p_.RefOf(expr);
    return ref != nullptr && ref->Last().kind == checked::RefKind::kParam ? ref->Last().param
                                                                          : nullptr;
  }

  NodeId Unsupported(const syntax::Expr& expr, const char* zh, const char* en,
                     bool inside_aggregate = false) {
    base::Diagnostic& d =
        diags_.Error("E0804", expr.span,
                     Message{fmt::format("运行时还不能计算: {}", zh),
                             fmt::format("the runtime cannot evaluate this yet: {}", en)});
    d.primary_label = Message{"不支持", "not supported"};
    if (inside_aggregate) {
      d.help = Message{"先把里面这一部分写成它那张表的一个 定义, 再在这里汇总那个定义",
                       "write the inner part as a 定义 of its own table first, and aggregate "
                       "that definition here"};
    }
    return Const(ValueKind::kNumber, Constant{}, -1, expr.span);
  }

  /// A column or definition of `table` read on that table's own row.
  NodeId Load(const checked::Step& step, std::int32_t table, base::Span span) {
    if (step.kind == checked::RefKind::kColumn) {
      NodeId n = Make(Op::kInput, KindOf(step.type), table, span);
      out_.nodes[static_cast<size_t>(n)].slot = static_cast<std::int32_t>(step.column->index);
      return n;
    }
    if (step.kind == checked::RefKind::kDefinition && step.definition->table != nullptr) {
      NodeId n = Make(Op::kDef, KindOf(step.type), table, span);
      out_.nodes[static_cast<size_t>(n)].slot = def_slot_.at(step.definition);
      return n;
    }
    return kNoNode;
  }

  NodeId LowerPath(const syntax::Expr& expr, const checked::Ref& ref, const Scope& scope) {
    const checked::Step& first = ref.steps.front();
    if (ref.row == checked::RowOf::kNone) {
      switch (first.kind) {
        case checked::RefKind::kParam: {
          NodeId n = Make(Op::kParam, KindOf(first.type), scope.Rows(), expr.span);
          out_.nodes[static_cast<size_t>(n)].slot = param_index_.at(first.param);
          return n;
        }
        case checked::RefKind::kDefinition: {
          NodeId n = Make(Op::kGlobal, KindOf(first.type), scope.Rows(), expr.span);
          out_.nodes[static_cast<size_t>(n)].slot = def_slot_.at(first.definition);
          return n;
        }
        case checked::RefKind::kEnumMember: {
          Constant c;
          c.code = static_cast<std::int32_t>(first.member);
          return Const(ValueKind::kEnum, c, scope.Rows(), expr.span);
        }
        case checked::RefKind::kFuncParam:
          if (scope.args != nullptr && first.func_param < scope.args->size())
            return (*scope.args)[first.func_param];
          break;
        default:
          break;
      }
      return Unsupported(expr, "这个名称", "this name");
    }

    std::int32_t table = -1;
    size_t i = 0;
    if (ref.row == checked::RowOf::kInner) {
      if (ref.aggregate != scope.aggregate)
        return Unsupported(expr, "汇总里面再汇总外层汇总的行",
                           "an aggregate reading the rows of an enclosing aggregate", true);
      table = table_index_.at(first.table);
      if (ref.steps.size() == 1) {
        return Make(Op::kKey, ValueKind::kRef, table, expr.span);  // the row itself
      }
      i = 1;
    } else {
      table = scope.table;
    }
    NodeId node = Load(ref.steps[i], table, expr.span);
    for (size_t k = i + 1; k < ref.steps.size(); ++k) {
      const checked::Step& prev = ref.steps[k - 1];
      const std::int32_t target = table_index_.at(prev.type.table);
      NodeId field = Load(ref.steps[k], target, expr.span);
      if (node == kNoNode || field == kNoNode) break;
      node = Make(Op::kDeref, KindOf(ref.steps[k].type), table, expr.span, {node, field});
    }
    if (node == kNoNode) return Unsupported(expr, "这个名称", "this name");
    if (ref.row == checked::RowOf::kCurrent && scope.aggregate != nullptr) {
      node = Make(Op::kCurrent, out_.At(node).kind, scope.inner, expr.span, {node});
    }
    return node;
  }

  NodeId LowerCall(const syntax::Expr& expr, const syntax::Call& call, const Scope& scope) {
    const checked::Ref* ref = p_.RefOf(expr);
    if (ref == nullptr) return Unsupported(expr, "这个函数", "this function");
    std::vector<NodeId> args;
    for (const auto& a : call.args) args.push_back(Lower(*a, scope));
    const checked::Step& callee = ref->Last();
    if (callee.kind == checked::RefKind::kFunction) {
      const checked::Function* f = callee.function;
      for (size_t i = 0; i < args.size() && i < f->params.size(); ++i)
        args[i] = Coerce(args[i], p_.TypeOf(*call.args[i]), f->params[i].type);
      Scope body = scope;
      body.args = &args;
      if (++inline_depth_ > kMaxInlineDepth) {
        --inline_depth_;
        return Unsupported(expr, "函数嵌套太深", "functions nested too deeply");
      }
      NodeId n = Coerce(Lower(*f->decl->body, body), p_.TypeOf(*f->decl->body), f->result);
      --inline_depth_;
      return n;
    }
    const ValueKind kind = KindOf(p_.TypeOf(expr));
    switch (callee.builtin) {
      case checked::Builtin::kJoin:
        for (size_t i = 0; i < args.size() && i < call.args.size(); ++i) {
          const checked::Type t = p_.TypeOf(*call.args[i]);
          if (t.kind != Kind::kEnum || t.enum_type == nullptr) continue;
          out_.labels.push_back(t.enum_type->members);
          args[i] = Make(Op::kLabel, ValueKind::kText, scope.Rows(), call.args[i]->span, {args[i]});
          out_.nodes[static_cast<size_t>(args[i])].slot =
              static_cast<std::int32_t>(out_.labels.size() - 1);
        }
        return Make(Op::kJoin, kind, scope.Rows(), expr.span, args);
      case checked::Builtin::kAbs:
        return Make(Op::kAbs, kind, scope.Rows(), expr.span, args);
      case checked::Builtin::kHasValue:
        return Make(Op::kHasValue, kind, scope.Rows(), expr.span, args);
      case checked::Builtin::kClamp:
        return Make(Op::kClamp, kind, scope.Rows(), expr.span, args);
    }
    return Unsupported(expr, "这个函数", "this function");
  }

  NodeId LowerAggregate(const syntax::Expr& expr, const syntax::Aggregate& agg,
                        const Scope& scope) {
    const checked::AggregateInfo* info = p_.AggregateOf(expr);
    if (info == nullptr || info->source == nullptr)
      return Unsupported(expr, "这个汇总", "this aggregate");
    if (scope.aggregate != nullptr)
      return Unsupported(expr, "汇总里面的汇总", "an aggregate inside an aggregate", true);
    Aggregate a;
    switch (agg.fn) {
      case syntax::AggFn::kSum:
        a.fn = AggFn::kSum;
        break;
      case syntax::AggFn::kCount:
        a.fn = AggFn::kCount;
        break;
      case syntax::AggFn::kMax:
        a.fn = AggFn::kMax;
        break;
      case syntax::AggFn::kMin:
        a.fn = AggFn::kMin;
        break;
      case syntax::AggFn::kAvg:
        a.fn = AggFn::kAvg;
        break;
      case syntax::AggFn::kAll:
        a.fn = AggFn::kAll;
        break;
      case syntax::AggFn::kAny:
        a.fn = AggFn::kAny;
        break;
    }
    switch (info->count) {
      case checked::AggregateInfo::Count::kRows:
        a.count = CountWhat::kRows;
        break;
      case checked::AggregateInfo::Count::kTrue:
        a.count = CountWhat::kTrue;
        break;
      case checked::AggregateInfo::Count::kHasValue:
        a.count = CountWhat::kHasValue;
        break;
    }
    a.source = table_index_.at(info->source);
    if (!info->every && info->via != nullptr) a.via = static_cast<std::int32_t>(info->via->index);
    for (const auto& g : agg.group_by) a.group_by.push_back(Lower(*g, scope));
    Scope inner = scope;
    inner.aggregate = &expr;
    inner.inner = a.source;
    const size_t first_node = out_.nodes.size();
    const bool counts_rows = a.fn == AggFn::kCount && a.count == CountWhat::kRows;
    if (!counts_rows) a.arg = Lower(*agg.arg, inner);
    if (agg.where) a.where = Lower(*agg.where, inner);
    if (agg.dedup_key) a.dedup = Lower(*agg.dedup_key, inner);
    a.keep_highest = agg.dedup_keep_highest;
    for (size_t i = first_node; i < out_.nodes.size(); ++i) {
      if (out_.nodes[i].op == Op::kCurrent) a.correlated = true;
    }
    out_.aggregates.push_back(std::move(a));
    NodeId n = Make(Op::kAggregate, KindOf(p_.TypeOf(expr)), scope.Rows(), expr.span);
    out_.nodes[static_cast<size_t>(n)].slot = static_cast<std::int32_t>(out_.aggregates.size() - 1);
    return n;
  }

  Sort LowerSort(const syntax::Expr& key, syntax::Order order,
                 const std::vector<syntax::ExprPtr>& group_by, const syntax::TieRule& ties,
                 const Scope& scope, base::Span span) {
    Sort s;
    s.span = span;
    s.keys.push_back({Lower(key, scope), order == syntax::Order::kDesc});
    for (const auto& g : group_by) s.group_by.push_back(Lower(*g, scope));
    const syntax::TieRule* rule = &ties;
    while (rule != nullptr && rule->kind == syntax::TieKind::kThenBy && rule->then_by) {
      s.keys.push_back({Lower(*rule->then_by, scope), rule->then_order == syntax::Order::kDesc});
      rule = rule->then_rule.get();
    }
    s.ties = TieKind::kShare;
    if (rule != nullptr) {
      switch (rule->kind) {
        case syntax::TieKind::kDense:
          s.ties = TieKind::kDense;
          break;
        case syntax::TieKind::kDrop:
          s.ties = TieKind::kDrop;
          break;
        case syntax::TieKind::kError:
          s.ties = TieKind::kError;
          break;
        default:
          break;
      }
    }
    return s;
  }

  NodeId LowerRank(const syntax::Expr& expr, const Scope& scope) {
    if (scope.aggregate != nullptr || scope.table < 0)
      return Unsupported(expr, "汇总里面的排名", "a rank inside an aggregate", true);
    Rank r;
    Op op = Op::kRank;
    if (const auto* rank = expr.As<syntax::Rank>()) {
      r.sort = LowerSort(*rank->key, rank->order, rank->group_by, rank->ties, scope, expr.span);
      if (rank->eligible) r.eligible = Lower(*rank->eligible, scope);
    } else {
      const auto& bottom = *expr.As<syntax::Bottom>();
      // The N lowest: sort from low to high.
      r.sort = LowerSort(*bottom.key, syntax::Order::kAsc, bottom.group_by, bottom.ties, scope,
                         expr.span);
      if (bottom.eligible) r.eligible = Lower(*bottom.eligible, scope);
      r.count = Lower(*bottom.count, scope);
      op = Op::kBottom;
    }
    out_.ranks.push_back(std::move(r));
    NodeId n = Make(op, KindOf(p_.TypeOf(expr)), scope.Rows(), expr.span);
    out_.nodes[static_cast<size_t>(n)].slot = static_cast<std::int32_t>(out_.ranks.size() - 1);
    return n;
  }

  NodeId LowerBoundValue(const syntax::RangeBound& b, const syntax::Expr& input,
                         const Scope& scope) {
    return Coerce(Lower(*b.value, scope), p_.TypeOf(*b.value), p_.TypeOf(input));
  }

  NodeId LowerLookup(const syntax::Expr& expr, const syntax::Lookup& lookup, const Scope& scope) {
    Lookup l;
    l.hit = HitOf(lookup.hit);
    for (const auto& in : lookup.inputs) l.inputs.push_back(Lower(*in, scope));
    const checked::Type result = p_.TypeOf(expr);
    for (const auto& row : lookup.rows) {
      Lookup::Row r;
      r.span = row.span;
      for (size_t i = 0; i < row.matchers.size() && i < lookup.inputs.size(); ++i) {
        const syntax::Matcher& m = row.matchers[i];
        const syntax::Expr& input = *lookup.inputs[i];
        Matcher out;
        switch (m.kind) {
          case syntax::MatcherKind::kAny:
            out.kind = Matcher::Kind::kAny;
            break;
          case syntax::MatcherKind::kValue:
            out.kind = Matcher::Kind::kValue;
            out.value = Coerce(Lower(*m.value, scope), p_.TypeOf(*m.value), p_.TypeOf(input));
            break;
          case syntax::MatcherKind::kRange:
            out.kind = Matcher::Kind::kRange;
            for (const auto* b : {&m.lower, &m.upper}) {
              if (!*b) continue;
              // Which side a bound is on follows from its word, not its place.
              const bool is_lower = (*b)->word == syntax::BoundWord::kAboveIncl ||
                                    (*b)->word == syntax::BoundWord::kReaches ||
                                    (*b)->word == syntax::BoundWord::kExceeds ||
                                    (*b)->word == syntax::BoundWord::kHigher;
              NodeId v = LowerBoundValue(**b, input, scope);
              if (is_lower) {
                out.lower = v;
                out.lower_inclusive = checked::IsInclusive((*b)->word);
              } else {
                out.upper = v;
                out.upper_inclusive = checked::IsInclusive((*b)->word);
              }
            }
            break;
        }
        r.matchers.push_back(out);
      }
      r.result = Coerce(Lower(*row.result, scope), p_.TypeOf(*row.result), result);
      l.rows.push_back(std::move(r));
    }
    if (lookup.otherwise)
      l.otherwise = Coerce(Lower(*lookup.otherwise, scope), p_.TypeOf(*lookup.otherwise), result);
    out_.lookups.push_back(std::move(l));
    NodeId n = Make(Op::kLookup, KindOf(result), scope.Rows(), expr.span);
    out_.nodes[static_cast<size_t>(n)].slot = static_cast<std::int32_t>(out_.lookups.size() - 1);
    return n;
  }

  NodeId LowerCases(const syntax::Expr& expr, const syntax::Cases& cases, const Scope& scope) {
    Cases c;
    c.hit = HitOf(cases.hit);
    const checked::Type result = p_.TypeOf(expr);
    for (const auto& arm : cases.arms) {
      Cases::Arm a;
      a.when = Lower(*arm.when, scope);
      a.result = Coerce(Lower(*arm.result, scope), p_.TypeOf(*arm.result), result);
      a.span = arm.span;
      c.arms.push_back(a);
    }
    if (cases.otherwise)
      c.otherwise = Coerce(Lower(*cases.otherwise, scope), p_.TypeOf(*cases.otherwise), result);
    out_.cases.push_back(std::move(c));
    NodeId n = Make(Op::kCases, KindOf(result), scope.Rows(), expr.span);
    out_.nodes[static_cast<size_t>(n)].slot = static_cast<std::int32_t>(out_.cases.size() - 1);
    return n;
  }

  NodeId LowerTiers(const syntax::Expr& expr, const syntax::Tiers& tiers, const Scope& scope) {
    if (scope.aggregate != nullptr || scope.table < 0)
      return Unsupported(expr, "汇总里面的分等", "tiers inside an aggregate");
    Tiers t;
    for (const auto& label : tiers.labels) t.labels.push_back(label.text);
    auto label_index = [&](const syntax::Name& name) {
      for (size_t i = 0; i < t.labels.size(); ++i)
        if (t.labels[i] == name.text) return static_cast<std::int32_t>(i);
      return std::int32_t{-1};
    };
    for (const auto& item : tiers.items) {
      if (item.kind == syntax::TierItemKind::kOrder) {
        t.sort = LowerSort(*item.value, item.order, item.group_by, item.ties, scope, item.span);
        continue;
      }
      Tiers::Item out;
      out.span = item.span;
      switch (item.kind) {
        case syntax::TierItemKind::kWhen:
          out.kind = Tiers::ItemKind::kWhen;
          break;
        case syntax::TierItemKind::kQuota:
          out.kind = Tiers::ItemKind::kQuota;
          break;
        case syntax::TierItemKind::kShare:
          out.kind = Tiers::ItemKind::kShare;
          break;
        case syntax::TierItemKind::kRest:
          out.kind = Tiers::ItemKind::kRest;
          break;
        case syntax::TierItemKind::kDemote:
          out.kind = Tiers::ItemKind::kDemote;
          break;
        case syntax::TierItemKind::kOrder:
          break;
      }
      if (out.kind != Tiers::ItemKind::kDemote) out.tier = label_index(item.tier);
      if (item.value) out.value = Lower(*item.value, scope);
      if (item.eligible) out.eligible = Lower(*item.eligible, scope);
      out.rounding = RoundingOf(item.round);
      t.items.push_back(out);
    }
    out_.tiers.push_back(std::move(t));
    NodeId n = Make(Op::kTiers, ValueKind::kEnum, scope.Rows(), expr.span);
    out_.nodes[static_cast<size_t>(n)].slot = static_cast<std::int32_t>(out_.tiers.size() - 1);
    return n;
  }

  NodeId Chain(const syntax::Expr& expr, const syntax::Chain& chain, const Scope& scope) {
    const ValueKind kind = KindOf(p_.TypeOf(expr));
    if (chain.kind == syntax::ChainKind::kAnd || chain.kind == syntax::ChainKind::kOr) {
      std::vector<NodeId> kids{Lower(*chain.first, scope)};
      for (const auto& link : chain.rest) kids.push_back(Lower(*link.operand, scope));
      return Make(chain.kind == syntax::ChainKind::kAnd ? Op::kAnd : Op::kOr, kind, scope.Rows(),
                  expr.span, std::move(kids));
    }
    NodeId acc = Lower(*chain.first, scope);
    for (const auto& link : chain.rest) {
      Op op = Op::kAdd;
      switch (link.op) {
        case syntax::ChainOp::kSub:
          op = Op::kSub;
          break;
        case syntax::ChainOp::kMul:
          op = Op::kMul;
          break;
        case syntax::ChainOp::kDiv:
          op = Op::kDiv;
          break;
        default:
          break;
      }
      // The span of a link runs from the chain's start to this operand, so
      // an error in `a ÷ b` quotes `a ÷ b`.
      base::Span span = expr.span;
      span.end = link.operand->span.end;
      acc = Make(op, kind, scope.Rows(), span, {acc, Lower(*link.operand, scope)});
    }
    return acc;
  }

  NodeId Compare(const syntax::Expr& expr, const syntax::Compare& cmp, const Scope& scope) {
    NodeId lhs = Lower(*cmp.lhs, scope);
    NodeId rhs = Lower(*cmp.rhs, scope);
    lhs = KeyTextIfMixed(lhs, rhs, scope);
    rhs = KeyTextIfMixed(rhs, lhs, scope);
    NodeId n = Make(Op::kCompare, ValueKind::kBool, scope.Rows(), expr.span, {lhs, rhs});
    static constexpr CompareOp kOps[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt,
                                         CompareOp::kLe, CompareOp::kGt, CompareOp::kGe};
    out_.nodes[static_cast<size_t>(n)].compare = kOps[static_cast<int>(cmp.op)];
    return n;
  }

  /// `人员.单位 = "区财政局"`: a reference compared with text compares its key.
  NodeId KeyTextIfMixed(NodeId node, NodeId other, const Scope& scope) {
    const Node& n = out_.At(node);
    if (n.kind != ValueKind::kRef || out_.At(other).kind != ValueKind::kText) return node;
    const std::int32_t target = RefTarget(node);
    if (target < 0) return node;
    NodeId key = Make(Op::kKey, ValueKind::kText, target, n.span);
    return Make(Op::kDeref, ValueKind::kText, scope.Rows(), n.span, {node, key});
  }

  std::int32_t RefTarget(NodeId node) {
    auto it = ref_targets_.find(node);
    return it != ref_targets_.end() ? it->second : -1;
  }

  NodeId Lower(const syntax::Expr& expr, const Scope& scope) {
    NodeId n = LowerNode(expr, scope);
    const checked::Type t = p_.TypeOf(expr);
    if (t.kind == Kind::kRef && n != kNoNode)
      ref_targets_[n] = table_index_.count(t.table) != 0 ? table_index_.at(t.table) : -1;
    return n;
  }

  NodeId LowerNode(const syntax::Expr& expr, const Scope& scope) {
    const std::int32_t rows = scope.Rows();
    const ValueKind kind = KindOf(p_.TypeOf(expr));
    if (const auto* lit = expr.As<syntax::NumberLit>()) {
      Constant c;
      if (auto v = Number(*lit, expr.span)) c.number = *v;
      return Const(ValueKind::kNumber, c, rows, expr.span);
    }
    if (const auto* s = expr.As<syntax::StringLit>()) {
      Constant c;
      c.text = s->value;
      return Const(ValueKind::kText, c, rows, expr.span);
    }
    if (const auto* b = expr.As<syntax::BoolLit>()) {
      Constant c;
      c.code = b->value ? 1 : 0;
      return Const(ValueKind::kBool, c, rows, expr.span);
    }
    if (expr.As<syntax::NoneLit>() != nullptr) return Make(Op::kNone, kind, rows, expr.span);
    if (expr.As<syntax::PathRef>() != nullptr) {
      const checked::Ref* ref = p_.RefOf(expr);
      if (ref == nullptr || ref->steps.empty()) return Unsupported(expr, "这个名称", "this name");
      return LowerPath(expr, *ref, scope);
    }
    if (const auto* call = expr.As<syntax::Call>()) return LowerCall(expr, *call, scope);
    if (const auto* u = expr.As<syntax::Unary>()) {
      return Make(u->op == syntax::UnaryOp::kNeg ? Op::kNeg : Op::kNot, kind, rows, expr.span,
                  {Lower(*u->operand, scope)});
    }
    if (const auto* chain = expr.As<syntax::Chain>()) return Chain(expr, *chain, scope);
    if (const auto* cmp = expr.As<syntax::Compare>()) return Compare(expr, *cmp, scope);
    if (const auto* in = expr.As<syntax::InSet>()) {
      std::vector<NodeId> kids{Lower(*in->value, scope)};
      for (const auto& m : in->members) kids.push_back(Lower(*m, scope));
      return Make(Op::kIn, ValueKind::kBool, rows, expr.span, std::move(kids));
    }
    if (const auto* iff = expr.As<syntax::If>()) {
      const checked::Type t = p_.TypeOf(expr);
      return Make(Op::kIf, kind, rows, expr.span,
                  {Lower(*iff->cond, scope),
                   Coerce(Lower(*iff->then_value, scope), p_.TypeOf(*iff->then_value), t),
                   Coerce(Lower(*iff->else_value, scope), p_.TypeOf(*iff->else_value), t)});
    }
    if (const auto* bound = expr.As<syntax::Bound>()) {
      NodeId value = Lower(*bound->value, scope);
      switch (bound->kind) {
        case syntax::BoundKind::kCap:
          return Make(Op::kCap, kind, rows, expr.span, {value, Lower(*bound->bound, scope)});
        case syntax::BoundKind::kFloor:
          return Make(Op::kFloor, kind, rows, expr.span, {value, Lower(*bound->bound, scope)});
        case syntax::BoundKind::kUntilZero:
          return Make(Op::kFloor, kind, rows, expr.span,
                      {value, Const(ValueKind::kNumber, Constant{}, rows, expr.span)});
        case syntax::BoundKind::kIfNone:
          return Make(Op::kIfNone, kind, rows, expr.span, {value, Lower(*bound->bound, scope)});
      }
    }
    if (const auto* agg = expr.As<syntax::Aggregate>()) return LowerAggregate(expr, *agg, scope);
    if (const auto* ext = expr.As<syntax::Extremum>()) {
      std::vector<NodeId> kids;
      for (const auto& a : ext->args) kids.push_back(Lower(*a, scope));
      return Make(ext->is_max ? Op::kMax : Op::kMin, kind, rows, expr.span, std::move(kids));
    }
    if (expr.As<syntax::Rank>() != nullptr || expr.As<syntax::Bottom>() != nullptr)
      return LowerRank(expr, scope);
    if (const auto* round = expr.As<syntax::Round>()) {
      NodeId digits = round->digits ? Lower(*round->digits, scope)
                                    : Const(ValueKind::kNumber, Constant{}, rows, expr.span);
      NodeId n = Make(Op::kRound, kind, rows, expr.span, {Lower(*round->value, scope), digits});
      out_.nodes[static_cast<size_t>(n)].rounding = RoundingOf(round->mode);
      return n;
    }
    if (const auto* conv = expr.As<syntax::Convert>()) {
      return Coerce(Lower(*conv->value, scope), p_.TypeOf(*conv->value), p_.TypeOf(expr));
    }
    if (const auto* lookup = expr.As<syntax::Lookup>()) return LowerLookup(expr, *lookup, scope);
    if (const auto* cases = expr.As<syntax::Cases>()) return LowerCases(expr, *cases, scope);
    if (const auto* tiers = expr.As<syntax::Tiers>()) return LowerTiers(expr, *tiers, scope);
    return Unsupported(expr, "这种表达式", "this kind of expression");
  }

  // Functions may call functions; the checker rules out recursion, this
  // only bounds the size of what inlining makes.
  static constexpr int kMaxInlineDepth = 64;

  const checked::Program& p_;
  base::Diagnostics& diags_;
  const checked::Test* test_;  // lower its call expectations too, or null
  Program out_;
  int inline_depth_ = 0;
  std::unordered_map<const checked::Table*, std::int32_t> table_index_;
  std::unordered_map<const checked::Definition*, std::int32_t> def_index_;
  std::unordered_map<const checked::Definition*, std::int32_t> def_slot_;
  std::unordered_map<const checked::Param*, std::int32_t> param_index_;
  std::unordered_map<NodeId, std::int32_t> ref_targets_;
};

}  // namespace

Program FromChecked(const checked::Program& program, base::Diagnostics& diags,
                    const checked::Test* test) {
  return Lowerer(program, diags, test).Run();
}

}  // namespace arl::ir
