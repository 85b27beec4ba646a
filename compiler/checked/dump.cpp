// `--dump=checked`: the symbol tables, every definition's type and what it
// reads, and the dependency order, as plain text (no spans), so two checked
// programs can be compared by eye or by diff.

#include <fmt/format.h>

#include "compiler/checked/program.h"

namespace arl::checked {
namespace {

const char* RoleName(ColumnRole role) {
  switch (role) {
    case ColumnRole::kKey:
      return " [key]";
    case ColumnRole::kParent:
      return " [parent]";
    case ColumnRole::kInput:
      return "";
  }
  return "";
}

std::string DependencyName(const Dependency& dep) {
  switch (dep.kind) {
    case Dependency::Kind::kDefinition:
      return dep.definition->QualifiedName();
    case Dependency::Kind::kColumn:
      return dep.column->table->name + "." + dep.column->name;
    case Dependency::Kind::kParam:
      return "参数 " + dep.param->name;
  }
  return "";
}

std::string Reads(const std::vector<Dependency>& reads) {
  std::string out;
  for (const Dependency& dep : reads) out += (out.empty() ? "" : ", ") + DependencyName(dep);
  return out;
}

}  // namespace

std::string Dump(const Program& program) {
  std::string out;
  for (const auto& e : program.enums) {
    if (e->name.empty()) continue;
    out += fmt::format("enum {} = {}\n", e->name, [&] {
      std::string members;
      for (const std::string& m : e->members) members += (members.empty() ? "(" : ", ") + m;
      return members + ")";
    }());
  }
  for (const Param* param : program.param_order) {
    out += fmt::format("param {}: {}", param->name, TypeName(param->type, true));
    if (param->number_default) out += " = " + param->number_default->ToString();
    if (param->bool_default) out += *param->bool_default ? " = 是" : " = 否";
    if (!param->reads.empty()) out += " reads " + Reads(param->reads);
    out += "\n";
  }
  for (const auto& table : program.tables) {
    out += fmt::format("{} {}", table->entity ? "entity" : "records", table->name);
    if (table->parent != nullptr) out += " in " + table->parent->name;
    out += "\n";
    for (const auto& column : table->columns) {
      out += fmt::format("  column {}: {}{}\n", column->name, TypeName(column->type, true),
                         RoleName(column->role));
    }
  }
  for (const auto& f : program.functions) {
    std::string params;
    for (const auto& p : f->params)
      params += (params.empty() ? "" : ", ") + p.name + ": " + TypeName(p.type, true);
    out += fmt::format("function {}({}): {}\n", f->name, params, TypeName(f->result, true));
  }
  for (const Definition* def : program.Order()) {
    out += fmt::format("{} {}: {}", def->output ? "output" : "define", def->QualifiedName(),
                       TypeName(def->type, true));
    if (!def->reads.empty()) out += " reads " + Reads(def->reads);
    out += "\n";
  }
  for (const auto& a : program.assumptions) {
    std::string params;
    for (const Param* p : a->params) params += (params.empty() ? "" : ", ") + p->name;
    out += fmt::format("assumption \"{}\" cited {} time(s){}\n", a->id, a->citations,
                       params.empty() ? "" : " params " + params);
  }
  for (const auto& test : program.tests) {
    out += fmt::format("test \"{}\": {} param(s), {} table(s), {} expectation(s)\n", test->name,
                       test->params.size(), test->data.size(), test->expectations.size());
  }
  return out;
}

}  // namespace arl::checked
