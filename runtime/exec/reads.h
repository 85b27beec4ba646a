// What definitions and sorts read, found in the IR: the analysis behind
// re-evaluating only what a scenario touches (incremental.cpp).
//
// Every node kind is looked at: parameters (kParam), input columns (kInput;
// an aggregate's rows also through its `via` column), definitions (kDef,
// kGlobal), on the definition's own table or another (kDeref, kCurrent and
// aggregates' row expressions carry their own tables), and the parts of
// lookups, cases, ranks and tiers. A node kind or slot not known here makes
// the expression opaque: whatever changes, it is computed again.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"

namespace arl::exec::detail {

/// What an expression reads from outside itself, each list sorted without
/// repeats.
struct Reads {
  std::vector<std::int32_t> params;
  std::vector<std::pair<std::int32_t, std::int32_t>> inputs;  // (table, column)
  std::vector<std::int32_t> definitions;                      // Program::definitions
  bool opaque = false;  // something not known here: assume it changed
};

/// How a definition computes its rows, when each row is computed from that
/// row alone (and the rows its references name), without ranks, tiers or
/// aggregates: then a change at some rows of what it reads changes only the
/// rows that read them.
struct RowLocal {
  bool row_local = false;
  /// The definitions it reads and how: through a reference column of its
  /// own table (`单位.等次` on a 人员 row: 人员's column 单位), or -1 for on
  /// the row itself.
  std::vector<std::pair<std::int32_t, std::int32_t>> reads;
};

/// Finds what expressions read, node by node.
class ReadsFinder {
 public:
  explicit ReadsFinder(const ir::Program& program);

  /// What the expressions at `roots` read.
  Reads Of(const std::vector<ir::NodeId>& roots);
  /// Whether, and how, `def` computes each row from its own.
  RowLocal RowLocalOf(const ir::Definition& def);

 private:
  /// The next node not seen in this search, or kNoNode when there is none.
  ir::NodeId Next();
  void Visit(const ir::Node& n, Reads& out);
  void Push(ir::NodeId id) { stack_.push_back(id); }
  void PushSort(const ir::Sort& sort);

  const ir::Program& p_;
  /// Nodes can be shared (an inlined function's arguments): each is
  /// visited once per search, when seen_[node] is not yet the search's stamp.
  std::vector<std::int32_t> seen_;
  std::int32_t stamp_ = 0;
  std::vector<ir::NodeId> stack_;
  bool bad_node_ = false;  // a node id out of range was pushed
};

}  // namespace arl::exec::detail
