// What definitions and sorts read (reads.h).

#include "runtime/exec/reads.h"

#include <algorithm>

namespace arl::exec::detail {

using ir::NodeId;
using ir::Op;

namespace {

template <typename T>
const T* At(const std::vector<T>& v, std::int32_t slot) {
  return slot >= 0 && static_cast<size_t>(slot) < v.size() ? &v[static_cast<size_t>(slot)]
                                                           : nullptr;
}

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

ReadsFinder::ReadsFinder(const ir::Program& program)
    : p_(program), seen_(program.nodes.size(), -1) {}

NodeId ReadsFinder::Next() {
  while (!stack_.empty()) {
    const NodeId id = stack_.back();
    stack_.pop_back();
    if (id == ir::kNoNode) continue;
    if (id < 0 || static_cast<size_t>(id) >= p_.nodes.size()) {
      bad_node_ = true;
      continue;
    }
    if (seen_[static_cast<size_t>(id)] == stamp_) continue;
    seen_[static_cast<size_t>(id)] = stamp_;
    return id;
  }
  return ir::kNoNode;
}

void ReadsFinder::PushSort(const ir::Sort& sort) {
  for (const auto& key : sort.keys) Push(key.value);
  for (NodeId g : sort.group_by) Push(g);
}

Reads ReadsFinder::Of(const std::vector<NodeId>& roots) {
  Reads out;
  ++stamp_;
  bad_node_ = false;
  stack_ = roots;
  for (NodeId id = Next(); id != ir::kNoNode; id = Next()) Visit(p_.At(id), out);
  out.opaque = out.opaque || bad_node_;
  SortUnique(out.params);
  SortUnique(out.inputs);
  SortUnique(out.definitions);
  return out;
}

void ReadsFinder::Visit(const ir::Node& n, Reads& out) {
  for (NodeId k : n.kids) Push(k);
  switch (n.op) {
    case Op::kConst:
    case Op::kNone:
    case Op::kKey:  // keys are the same in a scenario
    case Op::kLabel:
      return;
    case Op::kInput:
      if (At(p_.tables, n.table) == nullptr) break;
      out.inputs.emplace_back(n.table, n.slot);
      return;
    case Op::kDef: {
      const ir::Table* t = At(p_.tables, n.table);
      const std::int32_t* d = t != nullptr ? At(t->definitions, n.slot) : nullptr;
      if (d == nullptr) break;
      out.definitions.push_back(*d);
      return;
    }
    case Op::kGlobal: {
      const std::int32_t* d = At(p_.globals, n.slot);
      if (d == nullptr) break;
      out.definitions.push_back(*d);
      return;
    }
    case Op::kParam:
      if (At(p_.params, n.slot) == nullptr) break;
      out.params.push_back(n.slot);
      return;
    case Op::kDeref:    // kids[1] is on the referenced table; its nodes say which
    case Op::kCurrent:  // kids[0] is on the outer row
    case Op::kNeg:
    case Op::kNot:
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
    case Op::kAnd:
    case Op::kOr:
    case Op::kCompare:
    case Op::kIn:
    case Op::kIf:
    case Op::kCap:
    case Op::kFloor:
    case Op::kIfNone:
    case Op::kMax:
    case Op::kMin:
    case Op::kRound:
    case Op::kScale:
    case Op::kAbs:
    case Op::kHasValue:
    case Op::kClamp:
    case Op::kJoin:
      return;
    case Op::kAggregate: {
      const ir::Aggregate* a = At(p_.aggregates, n.slot);
      if (a == nullptr || At(p_.tables, a->source) == nullptr) break;
      // Children are found through the source's column `via` as loaded.
      if (a->via >= 0) out.inputs.emplace_back(a->source, a->via);
      for (NodeId g : a->group_by) Push(g);
      Push(a->arg);
      Push(a->where);
      Push(a->dedup);
      return;
    }
    case Op::kRank:
    case Op::kBottom: {
      const ir::Rank* r = At(p_.ranks, n.slot);
      if (r == nullptr) break;
      PushSort(r->sort);
      Push(r->eligible);
      Push(r->count);
      return;
    }
    case Op::kLookup: {
      const ir::Lookup* l = At(p_.lookups, n.slot);
      if (l == nullptr) break;
      for (NodeId i : l->inputs) Push(i);
      for (const auto& row : l->rows) {
        for (const ir::Matcher& m : row.matchers) {
          Push(m.value);
          Push(m.lower);
          Push(m.upper);
        }
        Push(row.result);
      }
      Push(l->otherwise);
      return;
    }
    case Op::kCases: {
      const ir::Cases* c = At(p_.cases, n.slot);
      if (c == nullptr) break;
      for (const auto& arm : c->arms) {
        Push(arm.when);
        Push(arm.result);
      }
      Push(c->otherwise);
      return;
    }
    case Op::kTiers: {
      const ir::Tiers* t = At(p_.tiers, n.slot);
      if (t == nullptr) break;
      if (t->sort) PushSort(*t->sort);
      for (const auto& item : t->items) {
        Push(item.value);
        Push(item.eligible);
      }
      return;
    }
  }
  out.opaque = true;  // an op or slot not known here
}

RowLocal ReadsFinder::RowLocalOf(const ir::Definition& def) {
  RowLocal out;
  if (def.table < 0 || def.root == ir::kNoNode) return out;
  const ir::Table& table = p_.tables[static_cast<size_t>(def.table)];
  // Definition `n.slot` of table `n.table`, read through `via`.
  auto read = [&](const ir::Node& n, std::int32_t via) {
    const ir::Table* t = At(p_.tables, n.table);
    const std::int32_t* d = t != nullptr ? At(t->definitions, n.slot) : nullptr;
    if (d != nullptr) out.reads.emplace_back(*d, via);
    return d != nullptr;
  };
  ++stamp_;
  bad_node_ = false;
  stack_ = {def.root};
  for (NodeId id = Next(); id != ir::kNoNode; id = Next()) {
    const ir::Node& n = p_.At(id);
    switch (n.op) {
      case Op::kInput:
        if (n.table != def.table) return out;
        break;
      case Op::kDef:
        if (n.table != def.table || !read(n, -1)) return out;
        break;
      case Op::kDeref: {
        // One step through a reference column of this table to a column or
        // definition of the row it names (a leaf, which reports nothing).
        if (n.kids.size() != 2) return out;
        const ir::Node& ref = p_.At(n.kids[0]);
        const ir::Node& field = p_.At(n.kids[1]);
        const ir::Column* column = At(table.columns, ref.slot);
        if (ref.op != Op::kInput || ref.table != def.table || column == nullptr ||
            column->display.kind != ir::ValueKind::kRef)
          return out;
        if (field.op == Op::kDef ? !read(field, ref.slot) : field.op != Op::kInput) return out;
        continue;  // the field is on the other table, not this one's
      }
      case Op::kLookup: {
        const ir::Lookup* l = At(p_.lookups, n.slot);
        if (l == nullptr) return out;
        for (NodeId k : l->inputs) Push(k);
        for (const auto& row : l->rows) {
          for (const ir::Matcher& m : row.matchers) {
            Push(m.value);
            Push(m.lower);
            Push(m.upper);
          }
          Push(row.result);
        }
        Push(l->otherwise);
        break;
      }
      case Op::kCases: {
        const ir::Cases* c = At(p_.cases, n.slot);
        if (c == nullptr) return out;
        for (const auto& arm : c->arms) {
          Push(arm.when);
          Push(arm.result);
        }
        Push(c->otherwise);
        break;
      }
      case Op::kConst:
      case Op::kNone:
      case Op::kParam:
      case Op::kGlobal:
      case Op::kKey:
      case Op::kNeg:
      case Op::kNot:
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
      case Op::kAnd:
      case Op::kOr:
      case Op::kCompare:
      case Op::kIn:
      case Op::kIf:
      case Op::kCap:
      case Op::kFloor:
      case Op::kIfNone:
      case Op::kMax:
      case Op::kMin:
      case Op::kRound:
      case Op::kScale:
      case Op::kAbs:
      case Op::kHasValue:
      case Op::kClamp:
      case Op::kJoin:
      case Op::kLabel:
        break;
      case Op::kCurrent:
      case Op::kAggregate:
      case Op::kRank:
      case Op::kBottom:
      case Op::kTiers:
        return out;  // reads other rows of its table
    }
    for (NodeId k : n.kids) Push(k);
  }
  out.row_local = !bad_node_;
  return out;
}

}  // namespace arl::exec::detail
