#include "compiler/ir/ir.h"

#include <fmt/format.h>

namespace arl::ir {

std::string Definition::QualifiedName(const std::vector<Table>& tables) const {
  if (table < 0) return name;
  return tables[static_cast<size_t>(table)].name + "." + name;
}

std::int32_t Program::FindTable(std::string_view name) const {
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i].name == name) return static_cast<std::int32_t>(i);
  }
  return -1;
}

std::int32_t Program::FindParam(std::string_view name) const {
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == name) return static_cast<std::int32_t>(i);
  }
  return -1;
}

namespace {

const char* OpName(Op op) {
  static const char* kNames[] = {
      "const",     "none",  "input",  "def",    "param", "global", "key",    "deref",
      "current",   "neg",   "not",    "add",    "sub",   "mul",    "div",    "and",
      "or",        "cmp",   "in",     "if",     "cap",   "floor",  "ifnone", "max",
      "min",       "round", "scale",  "abs",    "has",   "clamp",  "join",   "label",
      "aggregate", "rank",  "bottom", "lookup", "cases", "tiers"};
  return kNames[static_cast<int>(op)];
}

void DumpNode(const Program& p, NodeId id, int depth, std::string& out) {
  const Node& n = p.At(id);
  out += std::string(static_cast<size_t>(depth) * 2, ' ');
  out += OpName(n.op);
  if (n.op == Op::kConst) {
    out += n.kind == ValueKind::kNumber ? " " + n.constant.number.ToString()
           : n.kind == ValueKind::kText ? " \"" + n.constant.text + "\""
                                        : fmt::format(" #{}", n.constant.code);
  } else if (n.slot >= 0) {
    out += fmt::format(" {}", n.slot);
  }
  if (n.table >= 0) out += fmt::format(" @{}", p.tables[static_cast<size_t>(n.table)].name);
  out += '\n';
  for (NodeId k : n.kids) DumpNode(p, k, depth + 1, out);
}

}  // namespace

std::string Dump(const Program& p) {
  std::string out = fmt::format("policy {} precision {}\n", p.policy, p.precision);
  for (const Table& t : p.tables) {
    out += fmt::format("table {}{}\n", t.name, t.entity ? "" : " (records)");
    for (const Column& c : t.columns) out += fmt::format("  column {}\n", c.name);
  }
  for (const Param& param : p.params) {
    out += fmt::format("param {}\n", param.name);
    if (param.value != kNoNode) DumpNode(p, param.value, 1, out);
  }
  for (std::int32_t i : p.order) {
    const Definition& d = p.definitions[static_cast<size_t>(i)];
    out += fmt::format("{} {}\n", d.output ? "output" : "define", d.QualifiedName(p.tables));
    if (d.root != kNoNode) DumpNode(p, d.root, 1, out);
  }
  return out;
}

}  // namespace arl::ir
