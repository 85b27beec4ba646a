// Declaring every name: enums and tables first (column types name them),
// then columns, parameters, functions, definitions, assumptions and tests.
// Names live in four namespaces: types (tables and enums), globals
// (parameters and global definitions), functions, and each table's columns
// and definitions. A name declared twice in one namespace is E0207.

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

void ReportDuplicate(base::Diagnostics& diags, const syntax::Name& name, Span first,
                     const char* kind_zh, const char* kind_en) {
  base::Diagnostic& d =
      diags.Error("E0207", name.span,
                  Msg(fmt::format("{} `{}` 重复声明", kind_zh, name.text),
                      fmt::format("{} `{}` is declared twice", kind_en, name.text)));
  d.primary_label = Msg("再次声明", "declared again here");
  d.secondary.push_back(base::Label{first, Msg("首次声明在这里", "first declared here")});
}

std::vector<std::string> Keys(const std::unordered_map<std::string, const Table*>& tables,
                              const std::unordered_map<std::string, const EnumType*>& enums) {
  std::vector<std::string> out;
  for (const auto& [name, table] : tables) out.push_back(name);
  for (const auto& [name, e] : enums) out.push_back(name);
  return out;
}

}  // namespace

Type Checker::ResolveTypeRef(const syntax::TypeRef& ref, const syntax::File& file) {
  (void)file;
  Type t;
  switch (ref.base) {
    case syntax::BaseType::kNumber:
      t = Type::Number();
      break;
    case syntax::BaseType::kInteger:
      t = Type::Integer();
      break;
    case syntax::BaseType::kPoints:
      t = Type::Points();
      break;
    case syntax::BaseType::kYuan:
      t = Type::Yuan();
      break;
    case syntax::BaseType::kWanYuan:
      t = Type::WanYuan();
      break;
    case syntax::BaseType::kPercent:
      t = Type::Percent();
      break;
    case syntax::BaseType::kBool:
      t = Type::Bool();
      break;
    case syntax::BaseType::kText:
      t = Type::Text();
      break;
    case syntax::BaseType::kEnum: {
      auto e = std::make_unique<EnumType>();
      e->span = ref.span;
      std::unordered_map<std::string, Span> seen;
      for (const syntax::Name& member : ref.members) {
        auto [it, fresh] = seen.emplace(member.text, member.span);
        if (!fresh) {
          ReportDuplicate(diags_, member, it->second, "枚举成员", "enum member");
          continue;
        }
        e->members.push_back(member.text);
        e->member_spans.push_back(member.span);
      }
      t = Type::Enum(e.get());
      p_.enums.push_back(std::move(e));
      break;
    }
    case syntax::BaseType::kNamed: {
      if (const Table* table = p_.FindTable(ref.named.text)) {
        t = Type::Ref(table);
      } else if (const EnumType* e = p_.FindEnum(ref.named.text)) {
        t = Type::Enum(e);
      } else {
        base::Diagnostic& d = diags_.Error(
            "E0212", ref.named.span,
            Msg(fmt::format("未知的类型 `{}`: 既不是表也不是枚举", ref.named.text),
                fmt::format("unknown type `{}`: neither a table nor an enum", ref.named.text)));
        d.primary_label = Msg("未知的类型", "unknown type");
        if (auto close =
                base::ClosestName(ref.named.text, Keys(p_.tables_by_name, p_.enums_by_name))) {
          d.help =
              Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
        }
        return Type::Error();
      }
      break;
    }
  }
  t.optional = ref.optional;
  return t;
}

void Checker::DeclareAll() {
  // Types first: every column type may name any table or enum.
  std::unordered_map<std::string, Span> type_names;
  for (const syntax::File* file : p_.files) {
    for (const syntax::Decl& decl : file->decls) {
      decl_files_[&decl] = file;
      const syntax::Name* name = nullptr;
      if (const auto* e = decl.As<syntax::EnumDecl>()) name = &e->name;
      if (const auto* t = decl.As<syntax::TableDecl>()) name = &t->name;
      if (name == nullptr) continue;
      auto [it, fresh] = type_names.emplace(name->text, name->span);
      if (!fresh) {
        ReportDuplicate(diags_, *name, it->second, "类型名", "type name");
        continue;
      }
      if (const auto* e = decl.As<syntax::EnumDecl>()) {
        auto type = std::make_unique<EnumType>();
        type->name = e->name.text;
        type->span = e->name.span;
        std::unordered_map<std::string, Span> seen;
        for (const syntax::Name& member : e->members) {
          auto [m, new_member] = seen.emplace(member.text, member.span);
          if (!new_member) {
            ReportDuplicate(diags_, member, m->second, "枚举成员", "enum member");
            continue;
          }
          type->members.push_back(member.text);
          type->member_spans.push_back(member.span);
        }
        p_.enums_by_name[e->name.text] = type.get();
        p_.enums.push_back(std::move(type));
      } else {
        const auto* t = decl.As<syntax::TableDecl>();
        auto table = std::make_unique<Table>();
        table->name = t->name.text;
        table->entity = t->entity;
        table->decl = t;
        table->file = file;
        table->span = t->name.span;
        p_.tables_by_name[table->name] = table.get();
        p_.tables.push_back(std::move(table));
      }
    }
  }

  // Columns, with the implicit key or parent column first.
  for (auto& table_ptr : p_.tables) {
    Table& table = *table_ptr;
    const syntax::TableDecl& decl = *table.decl;
    std::unordered_map<std::string, Span> column_names;
    auto add = [&](std::string name, Type type, ColumnRole role, const syntax::Column* column_decl,
                   Span span) {
      auto column = std::make_unique<Column>();
      column->name = std::move(name);
      column->type = type;
      column->table = &table;
      column->role = role;
      column->decl = column_decl;
      column->span = span;
      column->index = table.columns.size();
      table.columns_by_name.emplace(column->name, column.get());
      table.columns.push_back(std::move(column));
    };
    if (table.entity) {
      add(table.name, Type::Ref(&table), ColumnRole::kKey, nullptr, table.span);
      column_names.emplace(table.name, table.span);
    }
    if (decl.parent) {
      const Table* parent = p_.FindTable(decl.parent->text);
      if (parent == nullptr) {
        base::Diagnostic& d = diags_.Error(
            "E0212", decl.parent->span,
            Msg(fmt::format("`{}` 所属的表 `{}` 未声明", table.name, decl.parent->text),
                fmt::format("`{}` belongs to `{}`, which is not a declared table", table.name,
                            decl.parent->text)));
        d.primary_label = Msg("未知的表", "unknown table");
        std::vector<std::string> names;
        for (const auto& [n, t] : p_.tables_by_name) names.push_back(n);
        if (auto close = base::ClosestName(decl.parent->text, names)) {
          d.help =
              Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
        }
      } else {
        table.parent = parent;
        if (column_names.emplace(parent->name, decl.parent->span).second) {
          add(parent->name, Type::Ref(parent), ColumnRole::kParent, nullptr, decl.parent->span);
        }
      }
    }
    for (const syntax::Column& column : decl.columns) {
      auto [it, fresh] = column_names.emplace(column.name.text, column.name.span);
      if (!fresh) {
        ReportDuplicate(diags_, column.name, it->second, "列", "column");
        continue;
      }
      add(column.name.text, ResolveTypeRef(column.type, *table.file), ColumnRole::kInput, &column,
          column.name.span);
    }
  }

  // Parameters, functions, definitions, assumptions, structures, tests.
  std::unordered_map<std::string, Span> global_names, function_names, test_names;
  for (const syntax::File* file : p_.files) {
    for (const syntax::Decl& decl : file->decls) {
      if (const auto* param = decl.As<syntax::ParamDecl>()) {
        auto [it, fresh] = global_names.emplace(param->name.text, param->name.span);
        if (!fresh) {
          ReportDuplicate(diags_, param->name, it->second, "参数", "parameter");
          continue;
        }
        auto out = std::make_unique<Param>();
        out->name = param->name.text;
        out->type = ResolveTypeRef(param->type, *file);
        out->decl = param;
        out->file = file;
        out->span = param->name.span;
        out->index = p_.params.size();
        p_.params_by_name[out->name] = out.get();
        p_.params.push_back(std::move(out));
      } else if (const auto* func = decl.As<syntax::FuncDecl>()) {
        auto [it, fresh] = function_names.emplace(func->name.text, func->name.span);
        if (!fresh) {
          ReportDuplicate(diags_, func->name, it->second, "函数", "function");
          continue;
        }
        auto out = std::make_unique<Function>();
        out->name = func->name.text;
        out->decl = func;
        out->file = file;
        out->span = func->name.span;
        std::unordered_map<std::string, Span> param_names;
        for (const syntax::FuncParam& fp : func->params) {
          auto [p, new_param] = param_names.emplace(fp.name.text, fp.name.span);
          if (!new_param)
            ReportDuplicate(diags_, fp.name, p->second, "函数参数", "function parameter");
          out->params.push_back({fp.name.text, ResolveTypeRef(fp.type, *file), fp.name.span});
        }
        out->result = ResolveTypeRef(func->result, *file);
        p_.functions_by_name[out->name] = out.get();
        p_.functions.push_back(std::move(out));
      } else if (const auto* def = decl.As<syntax::DefDecl>()) {
        Table* table = nullptr;
        if (def->table) {
          const Table* found = p_.FindTable(def->table->text);
          if (found == nullptr) {
            base::Diagnostic& d =
                diags_.Error("E0201", def->table->span,
                             Msg(fmt::format("未知的表 `{}`", def->table->text),
                                 fmt::format("unknown table `{}`", def->table->text)));
            d.primary_label = Msg("没有这个表", "no such table");
            std::vector<std::string> names;
            for (const auto& [n, t] : p_.tables_by_name) names.push_back(n);
            if (auto close = base::ClosestName(def->table->text, names)) {
              d.help = Msg(fmt::format("是不是 `{}`?", *close),
                           fmt::format("did you mean `{}`?", *close));
            }
            continue;
          }
          table = const_cast<Table*>(found);  // ours: p_ owns every table
          if (const Column* column = table->FindColumn(def->name.text)) {
            // `输出 单位.群众测评 = 群众测评` shows an input among the results
            // under its own name; the name still means the input column.
            const auto* same = def->value ? def->value->As<syntax::PathRef>() : nullptr;
            const bool shows_input = def->output && same != nullptr && same->parts.size() == 1 &&
                                     same->parts[0].text == column->name;
            if (!shows_input) {
              ReportDuplicate(diags_, def->name, column->span, "列", "column");
              continue;
            }
          }
          if (const Definition* other = table->FindDefinition(def->name.text)) {
            ReportDuplicate(diags_, def->name, other->span, "定义", "definition");
            continue;
          }
        } else {
          auto [it, fresh] = global_names.emplace(def->name.text, def->name.span);
          if (!fresh) {
            ReportDuplicate(diags_, def->name, it->second, "定义", "definition");
            continue;
          }
        }
        auto out = std::make_unique<Definition>();
        out->name = def->name.text;
        out->table = table;
        out->decl = def;
        out->file = file;
        out->output = def->output;
        out->span = def->name.span;
        out->index = p_.definitions.size();
        if (def->type) out->type = ResolveTypeRef(*def->type, *file);
        if (table != nullptr) {
          table->definitions.push_back(out.get());
          table->definitions_by_name.emplace(out->name, out.get());
        } else {
          p_.globals_by_name[out->name] = out.get();
        }
        p_.definitions.push_back(std::move(out));
      } else if (const auto* assume = decl.As<syntax::AssumeDecl>()) {
        if (const Assumption* other = p_.assumptions_by_id.count(assume->id.value) != 0
                                          ? p_.assumptions_by_id.at(assume->id.value)
                                          : nullptr) {
          syntax::Name as_name{assume->id.value, assume->id.span};
          ReportDuplicate(diags_, as_name, other->decl->id.span, "假定", "assumption");
          continue;
        }
        auto out = std::make_unique<Assumption>();
        out->id = assume->id.value;
        out->decl = assume;
        out->file = file;
        p_.assumptions_by_id[out->id] = out.get();
        p_.assumptions.push_back(std::move(out));
      } else if (const auto* structure = decl.As<syntax::StructureDecl>()) {
        p_.structures.push_back(structure);
      } else if (const auto* test = decl.As<syntax::TestDecl>()) {
        auto [it, fresh] = test_names.emplace(test->name.value, test->name.span);
        if (!fresh) {
          syntax::Name as_name{test->name.value, test->name.span};
          ReportDuplicate(diags_, as_name, it->second, "测试", "test");
        }
        auto out = std::make_unique<Test>();
        out->name = test->name.value;
        out->decl = test;
        out->file = file;
        p_.tests.push_back(std::move(out));
      }
    }
  }
  def_state_.assign(p_.definitions.size(), State::kUnchecked);
  param_state_.assign(p_.params.size(), State::kUnchecked);
}

}  // namespace arl::checked::detail
