// Assumptions and the lints an auditor cares about.
//
// Errors: a citation names an assumption nobody declared (E0209); an
// assumption names a parameter that does not exist (E0210).
// Warnings: a rule without a clause (W0501), an input column no rule reads
// (W0502), a parameter no rule uses (W0503), an assumption nothing cites and
// no parameter carries (W0504).

#include <algorithm>

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

void VisitSectionCitations(const syntax::Section& section,
                           const std::function<void(const syntax::Citation&)>& f) {
  f(section.cite);
  for (const syntax::Section& part : section.parts) VisitSectionCitations(part, f);
}

}  // namespace

void Checker::CheckAssumptionRefs() {
  auto visit = [&](const syntax::Citation& cite) {
    for (const syntax::Text& id : cite.assumptions) {
      auto it = p_.assumptions_by_id.find(id.value);
      if (it != p_.assumptions_by_id.end()) {
        for (auto& a : p_.assumptions) {
          if (a.get() == it->second) ++a->citations;
        }
        continue;
      }
      base::Diagnostic& d =
          diags_.Error("E0209", id.span,
                       Msg(fmt::format("引用了假定 \"{}\", 但没有声明它", id.value),
                           fmt::format("assumption \"{}\" is cited but not declared", id.value)));
      d.primary_label = Msg("未声明的假定", "undeclared assumption");
      // Ids differ by one character by design: no "did you mean".
      d.help =
          Msg(fmt::format("声明它: `假定 \"{}\" \"如何理解\" 解释 \"第…条\"`", id.value),
              fmt::format("declare it: `假定 \"{}\" \"the reading\" 解释 \"clause\"`", id.value));
    }
  };
  for (const syntax::File* file : p_.files) {
    for (const syntax::Decl& decl : file->decls) {
      if (const auto* e = decl.As<syntax::EnumDecl>()) visit(e->cite);
      if (const auto* param = decl.As<syntax::ParamDecl>()) visit(param->cite);
      if (const auto* def = decl.As<syntax::DefDecl>()) visit(def->cite);
      if (const auto* func = decl.As<syntax::FuncDecl>()) visit(func->cite);
      if (const auto* s = decl.As<syntax::StructureDecl>()) VisitSectionCitations(s->root, visit);
      if (const auto* table = decl.As<syntax::TableDecl>()) {
        visit(table->cite);
        for (const syntax::Column& column : table->columns) visit(column.cite);
      }
    }
  }

  std::vector<std::string> param_names;
  for (const auto& p : p_.params) param_names.push_back(p->name);
  std::sort(param_names.begin(), param_names.end());
  for (auto& a : p_.assumptions) {
    for (const syntax::Name& name : a->decl->params) {
      if (const Param* param = p_.FindParam(name.text)) {
        a->params.push_back(param);
        continue;
      }
      base::Diagnostic& d = diags_.Error(
          "E0210", name.span,
          Msg(fmt::format("假定 \"{}\" 所说的参数 `{}` 没有声明", a->id, name.text),
              fmt::format("assumption \"{}\" names parameter `{}`, which is not declared", a->id,
                          name.text)));
      d.primary_label = Msg("未知的参数", "unknown parameter");
      if (auto close = base::ClosestName(name.text, param_names)) {
        d.help =
            Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
      }
    }
  }
}

void Checker::Lint() {
  auto uncited = [&](const syntax::Citation& cite, const std::string& what_zh,
                     const std::string& what_en, const std::string& name, Span at) {
    if (!cite.clauses.empty()) return;
    base::Diagnostic& d =
        diags_.Warning("W0501", at,
                       Msg(fmt::format("{} `{}` 没有注明依据", what_zh, name),
                           fmt::format("{} `{}` cites no clause", what_en, name)));
    d.primary_label = Msg("没有 依据", "no 依据");
    d.help = Msg("写明出处, 如 `依据 \"第十二条(一)\"`, 审核者才能对照原文核对",
                 "add the clause it encodes, e.g. `依据 \"第十二条(一)\"`, so an auditor can check "
                 "it against the source");
  };
  for (const auto& def : p_.definitions) {
    uncited(def->decl->cite, def->output ? "输出" : "定义", def->output ? "output" : "definition",
            def->QualifiedName(), def->span);
  }
  for (const auto& param : p_.params)
    uncited(param->decl->cite, "参数", "parameter", param->name, param->span);
  for (const auto& f : p_.functions) uncited(f->decl->cite, "函数", "function", f->name, f->span);

  for (const auto& table : p_.tables) {
    for (const auto& column : table->columns) {
      if (column->role != ColumnRole::kInput) continue;
      if (column_reads_.count(column.get()) != 0 || via_columns_.count(column.get()) != 0) continue;
      // A text column describes its row (a target's wording, a 备注): data
      // tables carry it for people, not for the rules.
      if (column->type.kind == Kind::kText) continue;
      base::Diagnostic& d = diags_.Warning(
          "W0502", column->span,
          Msg(fmt::format("输入列 `{}.{}` 没有被任何规则读取", table->name, column->name),
              fmt::format("input column `{}.{}` is never read by any rule", table->name,
                          column->name)));
      d.primary_label = Msg("未使用", "unused");
    }
  }
  for (const auto& param : p_.params) {
    if (param_uses_.count(param.get()) != 0) continue;
    base::Diagnostic& d =
        diags_.Warning("W0503", param->span,
                       Msg(fmt::format("参数 `{}` 没有被任何规则使用", param->name),
                           fmt::format("parameter `{}` is never used by any rule", param->name)));
    d.primary_label = Msg("未使用", "unused");
  }
  for (const auto& a : p_.assumptions) {
    if (a->citations != 0 || !a->params.empty()) continue;
    base::Diagnostic& d = diags_.Warning(
        "W0504", a->decl->id.span,
        Msg(fmt::format("假定 \"{}\" 没有被任何规则引用, 也不对应任何参数", a->id),
            fmt::format("assumption \"{}\" is cited by no rule and carries no parameter", a->id)));
    d.primary_label = Msg("孤立的假定", "orphan assumption");
    d.help =
        Msg(fmt::format("在依据它的规则上写 `假定 \"{}\"`, 或用 `参数 …` 写明它对应的参数", a->id),
            fmt::format("cite it with `假定 \"{}\"` on the rules that rely on it, or name its "
                        "parameter with `参数 …`",
                        a->id));
  }
}

}  // namespace arl::checked::detail
