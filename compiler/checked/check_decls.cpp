// Checking declarations: parameter defaults, column ranges and blanks,
// function bodies, and definitions. Definitions are checked in an order
// guessed from the names they mention, so that a definition's type is known
// before anything reads it; a guess that misses (a hop through a computed
// reference) is caught by checking on demand (Checker::DefinitionType).

#include <fmt/format.h>

#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

// Definitions a value mentions by name, as far as names alone tell.
void MentionedDefinitions(const Program& p, const Table* table, const syntax::Expr& expr,
                          std::vector<const Definition*>& out) {
  if (const auto* path = expr.As<syntax::PathRef>()) {
    const std::string& head = path->parts[0].text;
    const Definition* def = nullptr;
    if (table != nullptr) def = table->FindDefinition(head);
    if (def == nullptr) def = p.FindGlobal(head);
    if (def != nullptr) out.push_back(def);
    if (path->parts.size() >= 2) {
      const Table* target = nullptr;
      const Column* column = table != nullptr ? table->FindColumn(head) : nullptr;
      if (column != nullptr && column->type.kind == Kind::kRef) target = column->type.table;
      if (const Table* named = p.FindTable(head)) {
        if (const Definition* inner = named->FindDefinition(path->parts[1].text))
          out.push_back(inner);
      }
      if (target != nullptr) {
        if (const Definition* via = target->FindDefinition(path->parts[1].text)) out.push_back(via);
      }
    }
    return;
  }
  ForEachChild(expr,
               [&](const syntax::Expr& child) { MentionedDefinitions(p, table, child, out); });
}

}  // namespace

std::optional<Decimal> Checker::ConstantNumber(const syntax::Expr& expr) const {
  if (const auto* lit = expr.As<syntax::NumberLit>()) {
    std::optional<Decimal> d = Decimal::Parse(lit->digits);
    if (d && lit->unit == syntax::Unit::kPercent) d = d->Shift(-2);
    return d;
  }
  if (const auto* u = expr.As<syntax::Unary>(); u != nullptr && u->op == syntax::UnaryOp::kNeg) {
    if (std::optional<Decimal> d = ConstantNumber(*u->operand)) return -*d;
    return std::nullopt;
  }
  if (expr.As<syntax::PathRef>() != nullptr) {
    const Ref* ref = p_.RefOf(expr);
    if (ref != nullptr && ref->steps.size() == 1 && ref->steps[0].kind == RefKind::kParam) {
      return ref->steps[0].param->number_default;
    }
  }
  return std::nullopt;
}

void Checker::CheckParams() {
  Scope scope;
  scope.globals_only = true;
  for (auto& param : p_.params) {
    owner_param_ = param.get();
    const syntax::Expr& value = *param->decl->value;
    Type t = Check(value, scope, &param->type);
    owner_param_ = nullptr;
    CheckNotAlwaysNone(value, param->type, param->name);
    if (RequireFits(Fit::kParamDefault, param->type, t, value, param->name)) {
      if (param->type.IsNumeric()) param->number_default = ConstantNumber(value);
      if (const auto* b = value.As<syntax::BoolLit>()) param->bool_default = b->value;
    }
  }
}

void Checker::CheckColumns() {
  Scope scope;
  scope.globals_only = true;
  for (auto& table : p_.tables) {
    for (auto& column : table->columns) {
      const syntax::Column* decl = column->decl;
      if (decl == nullptr) continue;
      if (decl->range_low && decl->range_high) {
        Type lo = Check(*decl->range_low, scope);
        Type hi = Check(*decl->range_high, scope);
        Span range_span = base::Join(decl->range_low->span, decl->range_high->span);
        if (!column->type.IsError() && !column->type.IsNumeric()) {
          diags_
              .Error("E0310", range_span,
                     Msg(fmt::format("列 `{}` 是 {}, 不能规定数值范围", column->name,
                                     TypeName(column->type)),
                         fmt::format("column `{}` is {}; only numbers have a 范围", column->name,
                                     TypeName(column->type))))
              .primary_label = Msg("不是数值列", "not a numeric column");
          continue;
        }
        for (auto [bound, type] :
             {std::pair{decl->range_low.get(), lo}, std::pair{decl->range_high.get(), hi}}) {
          if (!IsUnitlessLiteral(*bound)) {
            RequireSame(Verb::kCompare, column->type, nullptr, type, bound, bound->span);
          }
        }
        std::optional<Decimal> a = ConstantNumber(*decl->range_low);
        std::optional<Decimal> b = ConstantNumber(*decl->range_high);
        if (!lo.IsError() && !hi.IsError() && (!a || !b)) {
          diags_
              .Error("E0310", !a ? decl->range_low->span : decl->range_high->span,
                     Msg("范围的上下限必须是常数", "the bounds of a 范围 must be constant numbers"))
              .primary_label = Msg("不是常数", "not a constant");
        } else if (a && b && *a > *b) {
          base::Diagnostic& d = diags_.Error(
              "E0310", range_span,
              Msg(fmt::format("范围 {}..{} 是空的: 下限大于上限", a->ToString(), b->ToString()),
                  fmt::format("the range {}..{} is empty: its low end is above its high end",
                              a->ToString(), b->ToString())));
          d.primary_label = Msg("下限大于上限", "low end above high end");
          d.help = Msg(fmt::format("是不是 {}..{}?", b->ToString(), a->ToString()),
                       fmt::format("did you mean {}..{}?", b->ToString(), a->ToString()));
        }
      }
      if (decl->blank) {
        Type t = Check(*decl->blank, scope, &column->type);
        RequireFits(Fit::kBlank, column->type, t, *decl->blank, column->name);
      }
    }
  }
}

void Checker::CheckFunctions() {
  for (auto& f : p_.functions) {
    Scope scope;
    scope.function = f.get();
    owner_function_ = f.get();
    Type t = Check(*f->decl->body, scope, &f->result);
    owner_function_ = nullptr;
    RequireFits(Fit::kDeclared, f->result, t, *f->decl->body, f->name);
    CheckNotAlwaysNone(*f->decl->body, f->result, f->name);
  }
}

void Checker::CheckDefinition(Definition& def) {
  if (def_state_[def.index] != State::kUnchecked) return;
  def_state_[def.index] = State::kInProgress;
  Definition* saved_def = owner_def_;
  Param* saved_param = owner_param_;
  const Function* saved_function = owner_function_;
  owner_def_ = &def;
  owner_param_ = nullptr;
  owner_function_ = nullptr;

  Scope scope;
  scope.table = def.table;
  const syntax::Expr& value = *def.decl->value;
  const bool declared = def.decl->type.has_value();
  Type t = Check(value, scope, declared ? &def.type : nullptr);
  if (declared) {
    RequireFits(Fit::kDeclared, def.type, t, value, def.QualifiedName());
    CheckNotAlwaysNone(value, def.type, def.QualifiedName());
  } else {
    def.type = t;
    CheckNotAlwaysNone(value, t.WithOptional(false), def.QualifiedName());
  }

  owner_def_ = saved_def;
  owner_param_ = saved_param;
  owner_function_ = saved_function;
  def_state_[def.index] = State::kDone;
}

void Checker::CheckDefinitions() {
  // Depth-first over the mentioned definitions, without recursion: a file
  // may chain thousands of definitions.
  const size_t n = p_.definitions.size();
  std::vector<std::vector<const Definition*>> mentions(n);
  for (size_t i = 0; i < n; ++i) {
    const Definition& def = *p_.definitions[i];
    MentionedDefinitions(p_, def.table, *def.decl->value, mentions[i]);
  }
  std::vector<char> visited(n, 0);
  std::vector<size_t> order;
  order.reserve(n);
  for (size_t root = 0; root < n; ++root) {
    if (visited[root]) continue;
    std::vector<std::pair<size_t, size_t>> stack{{root, 0}};
    visited[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < mentions[node].size()) {
        size_t child = mentions[node][next++]->index;
        if (!visited[child]) {
          visited[child] = 1;
          stack.emplace_back(child, 0);
        }
      } else {
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  for (size_t index : order) CheckDefinition(*p_.definitions[index]);
}

}  // namespace arl::checked::detail
