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

std::vector<NodeId> Reached(const Program& program, NodeId root) {
  std::vector<NodeId> out;
  std::vector<bool> seen(program.nodes.size(), false);
  std::vector<NodeId> stack{root};
  auto sort = [&](const Sort& s) {
    for (const Sort::Key& k : s.keys) stack.push_back(k.value);
    for (NodeId g : s.group_by) stack.push_back(g);
  };
  while (!stack.empty()) {
    const NodeId id = stack.back();
    stack.pop_back();
    if (id == kNoNode || seen[static_cast<size_t>(id)]) continue;
    seen[static_cast<size_t>(id)] = true;
    out.push_back(id);
    const Node& n = program.At(id);
    for (auto k = n.kids.rbegin(); k != n.kids.rend(); ++k) stack.push_back(*k);
    const auto slot = static_cast<size_t>(n.slot);
    switch (n.op) {
      case Op::kAggregate: {
        const Aggregate& a = program.aggregates[slot];
        for (NodeId g : a.group_by) stack.push_back(g);
        stack.push_back(a.arg);
        stack.push_back(a.where);
        stack.push_back(a.dedup);
        break;
      }
      case Op::kRank:
      case Op::kBottom: {
        const Rank& r = program.ranks[slot];
        sort(r.sort);
        stack.push_back(r.eligible);
        stack.push_back(r.count);
        break;
      }
      case Op::kLookup: {
        const Lookup& l = program.lookups[slot];
        for (NodeId i : l.inputs) stack.push_back(i);
        for (const Lookup::Row& row : l.rows) {
          for (const Matcher& m : row.matchers) {
            stack.push_back(m.value);
            stack.push_back(m.lower);
            stack.push_back(m.upper);
          }
          stack.push_back(row.result);
        }
        stack.push_back(l.otherwise);
        break;
      }
      case Op::kCases: {
        const Cases& c = program.cases[slot];
        for (const Cases::Arm& arm : c.arms) {
          stack.push_back(arm.when);
          stack.push_back(arm.result);
        }
        stack.push_back(c.otherwise);
        break;
      }
      case Op::kTiers: {
        const Tiers& t = program.tiers[slot];
        if (t.sort) sort(*t.sort);
        for (const Tiers::Item& item : t.items) {
          stack.push_back(item.value);
          stack.push_back(item.eligible);
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

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
