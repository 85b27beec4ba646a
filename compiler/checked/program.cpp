#include "compiler/checked/program.h"

namespace arl::checked {

std::string Definition::QualifiedName() const {
  return table != nullptr ? table->name + "." + name : name;
}

const Column* Table::FindColumn(std::string_view column_name) const {
  auto it = columns_by_name.find(std::string(column_name));
  return it == columns_by_name.end() ? nullptr : it->second;
}

const Definition* Table::FindDefinition(std::string_view definition_name) const {
  auto it = definitions_by_name.find(std::string(definition_name));
  return it == definitions_by_name.end() ? nullptr : it->second;
}

const Column* Table::Key() const {
  return !columns.empty() && columns.front()->role == ColumnRole::kKey ? columns.front().get()
                                                                       : nullptr;
}

const Column* Table::ParentColumn() const {
  for (const auto& column : columns) {
    if (column->role == ColumnRole::kParent) return column.get();
  }
  return nullptr;
}

std::vector<const Column*> Table::ReferencesTo(const Table* target) const {
  std::vector<const Column*> out;
  for (const auto& column : columns) {
    if (column->role != ColumnRole::kKey && column->type.kind == Kind::kRef &&
        column->type.table == target) {
      out.push_back(column.get());
    }
  }
  return out;
}

namespace {

template <typename Map>
auto Find(const Map& map, std::string_view name) -> typename Map::mapped_type {
  auto it = map.find(std::string(name));
  return it == map.end() ? nullptr : it->second;
}

}  // namespace

const Table* Program::FindTable(std::string_view name) const {
  return Find(tables_by_name, name);
}
const Param* Program::FindParam(std::string_view name) const {
  return Find(params_by_name, name);
}
const Function* Program::FindFunction(std::string_view name) const {
  return Find(functions_by_name, name);
}
const EnumType* Program::FindEnum(std::string_view name) const {
  return Find(enums_by_name, name);
}
const Definition* Program::FindGlobal(std::string_view name) const {
  return Find(globals_by_name, name);
}

const Ref* Program::RefOf(const syntax::Expr& expr) const {
  auto it = refs.find(&expr);
  return it == refs.end() ? nullptr : &it->second;
}

Type Program::TypeOf(const syntax::Expr& expr) const {
  auto it = types.find(&expr);
  return it == types.end() ? Type::Error() : it->second;
}

const AggregateInfo* Program::AggregateOf(const syntax::Expr& expr) const {
  auto it = aggregates.find(&expr);
  return it == aggregates.end() ? nullptr : &it->second;
}

bool IsInclusive(syntax::BoundWord word) {
  switch (word) {
    case syntax::BoundWord::kAboveIncl:
    case syntax::BoundWord::kReaches:
    case syntax::BoundWord::kBelowIncl:
    case syntax::BoundWord::kWithinIncl:
      return true;
    case syntax::BoundWord::kExceeds:
    case syntax::BoundWord::kHigher:
    case syntax::BoundWord::kLower:
    case syntax::BoundWord::kUnder:
      return false;
  }
  return false;
}

}  // namespace arl::checked
