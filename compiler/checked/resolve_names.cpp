// Names and paths.
//
// A bare name in a definition on table T resolves, in order, to: a function
// parameter (inside 函数), a column or definition of T, a parameter, a global
// definition, a member of the enum the context expects, and finally a table
// (only meaningful as an aggregate's rows). `a.b.c` follows references: `a`
// as above, then `.b` a column or definition of the table `a` refers to.
// Inside an aggregate over S, a path starting with `S.` reads S's inner row.

#include <algorithm>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/checked/checker.h"
#include "compiler/syntax/keywords.h"

namespace arl::checked::detail {
namespace {

Step ColumnStep(const Column* column, Span span) {
  Step s;
  s.kind = RefKind::kColumn;
  s.table = column->table;
  s.column = column;
  s.type = column->type;
  s.span = span;
  return s;
}

Step DefinitionStep(const Definition* def, Span span) {
  Step s;
  s.kind = RefKind::kDefinition;
  s.table = def->table;
  s.definition = def;
  s.span = span;
  return s;
}

// A run of ASCII digits with an optional decimal part and unit word: `90分`.
bool LooksLikeNumber(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0) return false;
  std::string rest = text.substr(i);
  return rest.empty() || rest == "分" || rest == "元" || rest == "万元" || rest == "%";
}

// Keywords that never stand next to a name inside an expression, or that are
// common characters of names (分, 数, 是): splitting on them would suggest
// nonsense such as `总 分`.
bool IsDeclarationOrTypeWord(std::string_view word) {
  static const std::string_view kWords[] = {
      "政策",     "规则库", "全称",   "来源", "精度", "引用", "枚举", "参数", "实体",
      "记录",     "范围",   "空为",   "依据", "假定", "解释", "定义", "输出", "函数",
      "计分结构", "测试",   "数据表", "预期", "出错", "数",   "整数", "分",   "元",
      "万元",     "百分比", "是否",   "文本", "是",   "否"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// A name glued together from keywords and names, split apart: with
// `resolvable` true of 总分 and 不合格线, `总分在不合格线以下` → `总分 在 不合格线
// 以下`. Every piece between keywords must be resolvable (or empty, as before
// the 不 of `不完成`); nullopt if no such split exists. Keywords are tried
// leftmost first, and the longest of those starting at one place first
// (以上 before 以).
std::optional<std::string> SplitAtKeywords(
    const std::string& text, const std::function<bool(const std::string&)>& resolvable) {
  // The search tries, for each place after a keyword, every later keyword:
  // quadratic in the name's length, so a generated name of thousands of
  // characters gets no hint rather than a slow one.
  constexpr size_t kMaxSplitBytes = 200;
  if (text.size() > kMaxSplitBytes) return std::nullopt;
  static const std::vector<std::string_view> keywords = [] {
    std::vector<std::string_view> out;
    for (const syntax::Keyword& k : syntax::kAllKeywords) {
      if (!k.zh.empty() && !IsDeclarationOrTypeWord(k.zh)) out.push_back(k.zh);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    return out;
  }();
  // rest[i]: the split of text[i..] that follows a keyword ending at i, if
  // there is one. Filled from the end, so each place is solved once.
  const size_t n = text.size();
  std::vector<std::optional<std::string>> rest(n + 1);
  rest[n] = "";
  auto solve = [&](size_t from, bool after_keyword) -> std::optional<std::string> {
    if (after_keyword && from < n && resolvable(text.substr(from))) return text.substr(from);
    for (size_t at = from; at < n; ++at) {
      for (std::string_view kw : keywords) {
        if (text.compare(at, kw.size(), kw) != 0 || !rest[at + kw.size()]) continue;
        const std::string left = text.substr(from, at - from);
        if (!left.empty() && !resolvable(left)) continue;
        const std::string& right = *rest[at + kw.size()];
        return left + (left.empty() ? "" : " ") + std::string(kw) + (right.empty() ? "" : " ") +
               right;
      }
    }
    return std::nullopt;
  };
  for (size_t i = n; i-- > 1;) rest[i] = solve(i, true);
  return solve(0, false);
}

}  // namespace

bool Checker::LookupVisible(const std::string& name, const Scope& scope, Step& out) {
  if (scope.function != nullptr) {
    for (size_t i = 0; i < scope.function->params.size(); ++i) {
      if (scope.function->params[i].name == name) {
        out = Step{};
        out.kind = RefKind::kFuncParam;
        out.function = scope.function;
        out.func_param = i;
        out.type = scope.function->params[i].type;
        return true;
      }
    }
  }
  if (scope.table != nullptr && !scope.globals_only && scope.function == nullptr) {
    if (const Column* column = scope.table->FindColumn(name)) {
      out = ColumnStep(column, {});
      return true;
    }
    if (const Definition* def = scope.table->FindDefinition(name)) {
      out = DefinitionStep(def, {});
      return true;
    }
  }
  if (const Param* param = p_.FindParam(name)) {
    out = Step{};
    out.kind = RefKind::kParam;
    out.param = param;
    out.type = param->type;
    return true;
  }
  if (scope.function == nullptr && !scope.globals_only) {
    if (const Definition* def = p_.FindGlobal(name)) {
      out = DefinitionStep(def, {});
      return true;
    }
  }
  return false;
}

bool Checker::IsUnresolvedBareName(const syntax::Expr& expr, const Scope& scope) {
  const auto* path = expr.As<syntax::PathRef>();
  if (path == nullptr || path->parts.size() != 1) return false;
  // A table name counts as unresolved too: `表彰 = 表彰.性质` compares with
  // the member 表彰 of the other side's enum.
  Step ignored;
  return !LookupVisible(path->parts[0].text, scope, ignored);
}

void Checker::Use(Dependency dep) {
  if (dep.kind == Dependency::Kind::kColumn) ++column_reads_[dep.column];
  if (dep.kind == Dependency::Kind::kParam) ++param_uses_[dep.param];
  std::vector<Dependency>* reads = nullptr;
  if (owner_def_ != nullptr) reads = &owner_def_->reads;
  if (owner_param_ != nullptr) {
    if (dep.kind != Dependency::Kind::kParam) return;
    reads = &owner_param_->reads;
  }
  if (reads == nullptr) return;
  for (const Dependency& d : *reads) {
    if (d.kind == dep.kind && d.definition == dep.definition && d.column == dep.column &&
        d.param == dep.param) {
      return;
    }
  }
  reads->push_back(dep);
}

void Checker::RecordRead(const Step& step) {
  Dependency dep;
  dep.span = step.span;
  if (step.kind == RefKind::kColumn) {
    dep.kind = Dependency::Kind::kColumn;
    dep.column = step.column;
  } else if (step.kind == RefKind::kDefinition) {
    dep.kind = Dependency::Kind::kDefinition;
    dep.definition = step.definition;
  } else if (step.kind == RefKind::kParam) {
    dep.kind = Dependency::Kind::kParam;
    dep.param = step.param;
  } else {
    return;
  }
  Use(dep);
}

Type Checker::DefinitionType(const Definition* def) {
  Definition& mutable_def = *p_.definitions[def->index];
  switch (def_state_[def->index]) {
    case State::kDone:
      return def->type;
    case State::kInProgress:
      return def->decl->type ? def->type : Type::Error();  // a cycle
    case State::kUnchecked:
      break;
  }
  if (on_demand_depth_ >= kMaxOnDemandDepth) return def->decl->type ? def->type : Type::Error();
  ++on_demand_depth_;
  CheckDefinition(mutable_def);
  --on_demand_depth_;
  return def->type;
}

void Checker::ReportUnknownName(const syntax::Name& name, const Scope& scope) {
  base::Diagnostic& d = diags_.Error(
      "E0201", name.span,
      Msg(fmt::format("未知的名称 `{}`", name.text), fmt::format("unknown name `{}`", name.text)));
  d.primary_label = Msg("找不到这个名称", "not found");
  if (Saturated()) return;

  // A keyword written against a name: `总分低于`, `不完成`, `总分低于90分`.
  auto resolvable = [&](const std::string& part) {
    Step ignored;
    if (part.empty()) return true;
    if (LookupVisible(part, scope, ignored) || p_.FindTable(part) != nullptr) return true;
    if (LooksLikeNumber(part)) return true;
    for (const auto& e : p_.enums) {
      if (e->Find(part)) return true;
    }
    return false;
  };
  if (auto split = SplitAtKeywords(name.text, resolvable)) {
    d.help = Msg(fmt::format("关键字要与名称分开写: 写作 `{}`", *split),
                 fmt::format("keywords must stand apart: write `{}`", *split));
    return;
  }

  std::vector<std::string> candidates;
  if (scope.function != nullptr) {
    for (const auto& fp : scope.function->params) candidates.push_back(fp.name);
  }
  if (scope.table != nullptr && scope.function == nullptr && !scope.globals_only) {
    for (const auto& column : scope.table->columns) candidates.push_back(column->name);
    for (const Definition* def : scope.table->definitions) candidates.push_back(def->name);
  }
  if (scope.inner != nullptr) {
    for (const auto& column : scope.inner->columns)
      candidates.push_back(scope.inner->name + "." + column->name);
    for (const Definition* def : scope.inner->definitions)
      candidates.push_back(scope.inner->name + "." + def->name);
  }
  for (const auto& param : p_.params) candidates.push_back(param->name);
  if (scope.function == nullptr && !scope.globals_only) {
    for (const auto& [global, def] : p_.globals_by_name) candidates.push_back(global);
  }
  std::sort(candidates.begin(), candidates.end());
  if (auto close = base::ClosestName(name.text, candidates)) {
    d.help = Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
  }
}

bool Checker::ExpectedMemberWins(Step& visible, bool bare, const std::string& name,
                                 const Type* expected) {
  if (!bare || expected == nullptr || expected->kind != Kind::kEnum ||
      expected->enum_type == nullptr || !expected->enum_type->Find(name)) {
    return false;
  }
  // `等次 = 不合格` where 不合格 is also a 是否 definition: read as the column it
  // would not even compare, so the member is meant. Only a visible name of
  // the expected enum type is truly ambiguous (W0701, read as the name).
  Type t = visible.kind == RefKind::kDefinition ? DefinitionType(visible.definition) : visible.type;
  if (t.IsError()) return false;
  return !(t.kind == Kind::kEnum && SameEnum(t.enum_type, expected->enum_type));
}

Type Checker::CheckPath(const syntax::Expr& expr, const syntax::PathRef& path, const Scope& scope,
                        const Type* expected) {
  Ref ref;
  const syntax::Name& head = path.parts[0];
  Step first;
  if (scope.inner != nullptr && path.parts.size() >= 2 && head.text == scope.inner->name) {
    first.kind = RefKind::kRowSource;
    first.table = scope.inner;
    first.type = Type::Ref(scope.inner);
    ref.row = RowOf::kInner;
    ref.aggregate = scope.aggregate;
  } else if (LookupVisible(head.text, scope, first) &&
             !ExpectedMemberWins(first, path.parts.size() == 1, head.text, expected)) {
    if (first.kind == RefKind::kDefinition) first.type = DefinitionType(first.definition);
    ref.row = (first.kind == RefKind::kColumn ||
               (first.kind == RefKind::kDefinition && first.definition->table != nullptr))
                  ? RowOf::kCurrent
                  : RowOf::kNone;
    if (path.parts.size() == 1 && expected != nullptr && expected->kind == Kind::kEnum &&
        expected->enum_type != nullptr && expected->enum_type->Find(head.text)) {
      base::Diagnostic& d = diags_.Warning(
          "W0701", head.span,
          Msg(fmt::format("`{}` 有歧义: 既是一个可见的名称, 又是枚举 {} 的成员; 按名称理解",
                          head.text, expected->enum_type->Display()),
              fmt::format(
                  "`{}` is ambiguous: a visible name and a member of enum {}; read as the name",
                  head.text, expected->enum_type->Display())));
      d.primary_label = Msg("按名称理解", "read as the name");
      d.help = Msg("给列或定义换一个名字, 避免与枚举成员同名",
                   "rename the column or definition so that it differs from the enum member");
    }
  } else if (path.parts.size() == 1 && expected != nullptr && expected->kind == Kind::kEnum &&
             expected->enum_type != nullptr) {
    const EnumType* e = expected->enum_type;
    std::optional<size_t> member = e->Find(head.text);
    if (!member) {
      base::Diagnostic& d = diags_.Error(
          "E0202", head.span,
          Msg(fmt::format("`{}` 不是枚举 {} 的成员", head.text, e->Display()),
              fmt::format("`{}` is not a member of enum {}", head.text, e->Display())));
      d.primary_label = Msg("不是该枚举的成员", "not a member");
      if (auto close = base::ClosestName(head.text, e->members)) {
        d.help =
            Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
      } else {
        d.help = Msg(fmt::format("成员有: {}", JoinNames(e->members, "、")),
                     fmt::format("its members are: {}", JoinNames(e->members)));
      }
      return p_.types[&expr] = Type::Error();
    }
    first = Step{};
    first.kind = RefKind::kEnumMember;
    first.enum_type = e;
    first.member = *member;
    first.type = Type::Enum(e);
    ref.row = RowOf::kNone;
  } else if (const Table* table = p_.FindTable(head.text)) {
    if (scope.inner != nullptr) {
      base::Diagnostic& d = diags_.Error(
          "E0204", head.span,
          Msg(fmt::format("这个汇总遍历的是 `{}` 的行, 不能同时读取 `{}` 的行", scope.inner->name,
                          table->name),
              fmt::format("this aggregate goes over rows of `{}`; it cannot also read rows of `{}`",
                          scope.inner->name, table->name)));
      d.primary_label = Msg("另一个表", "a different table");
      d.help = Msg("一个汇总只遍历一个表; 分成两个汇总分别计算",
                   "an aggregate goes over one table; write one aggregate per table");
    } else {
      base::Diagnostic& d =
          diags_.Error("E0203", head.span,
                       Msg(fmt::format("表 `{}` 不能当作一个值使用", table->name),
                           fmt::format("table `{}` used as a value", table->name)));
      d.primary_label = Msg("这是一个表", "this is a table");
      d.help = Msg(
          fmt::format("表的各行只能在汇总中读取, 如 `合计({}.…)` 或 `计数({})`", table->name,
                      table->name),
          fmt::format("read a table's rows inside an aggregate, e.g. `合计({}.…)` or `计数({})`",
                      table->name, table->name));
    }
    return p_.types[&expr] = Type::Error();
  } else {
    ReportUnknownName(head, scope);
    return p_.types[&expr] = Type::Error();
  }
  first.span = head.span;
  ref.steps.push_back(first);
  RecordRead(first);

  bool optional = first.type.optional;
  for (size_t i = 1; i < path.parts.size(); ++i) {
    const syntax::Name& part = path.parts[i];
    const Step& prev = ref.steps.back();
    if (prev.type.IsError()) return p_.types[&expr] = Type::Error();
    if (prev.type.kind != Kind::kRef || prev.type.table == nullptr) {
      base::Diagnostic& d = diags_.Error(
          "E0213", part.span,
          Msg(fmt::format("`{}` 是 {}, 不是对某个表的引用, 后面不能接 `.{}`",
                          path.parts[i - 1].text, TypeName(prev.type), part.text),
              fmt::format("`{}` is {}, not a reference to a table; `.{}` cannot follow it",
                          path.parts[i - 1].text, TypeName(prev.type), part.text)));
      d.primary_label = Msg("无法取这一项", "nothing to follow");
      return p_.types[&expr] = Type::Error();
    }
    const Table* table = prev.type.table;
    Step step;
    if (const Column* column = table->FindColumn(part.text)) {
      step = ColumnStep(column, part.span);
    } else if (const Definition* def = table->FindDefinition(part.text)) {
      step = DefinitionStep(def, part.span);
      step.type = DefinitionType(def);
    } else {
      base::Diagnostic& d = diags_.Error(
          "E0201", part.span,
          Msg(fmt::format("表 `{}` 没有名为 `{}` 的列或定义", table->name, part.text),
              fmt::format("table `{}` has no column or definition `{}`", table->name, part.text)));
      d.primary_label = Msg("没有这一列", "no such column");
      std::vector<std::string> names;
      for (const auto& c : table->columns) names.push_back(c->name);
      for (const Definition* d2 : table->definitions) names.push_back(d2->name);
      if (auto close = base::ClosestName(part.text, names)) {
        d.help =
            Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
      }
      return p_.types[&expr] = Type::Error();
    }
    optional = optional || step.type.optional;
    ref.steps.push_back(step);
    RecordRead(step);
  }

  Type result = ref.steps.back().type.WithOptional(optional);
  p_.refs[&expr] = std::move(ref);
  return p_.types[&expr] = result;
}

}  // namespace arl::checked::detail
