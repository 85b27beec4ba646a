// The evaluator's internals, shared by the files that implement node kinds:
// evaluate.cpp (scalars and control), aggregate.cpp, rank.cpp (排名, 倒数,
// 分等) and lookup.cpp (查表, 按情况).
//
// Evaluation is column at a time under a selection: Eval(node, ctx, sel)
// fills the slots of `sel` (rows of the context) and leaves the others
// alone. Branches narrow the selection, so `如果 类型 = 数据 则 完成值 ÷ 任务值`
// never divides on rows that are not 数据, and `有值(x) 且 x > 3` never compares
// a missing x.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/exec/exec.h"

namespace arl::exec {
class Baseline;
}  // namespace arl::exec

namespace arl::exec::detail {

using column::Column;
using column::State;
using ir::NodeId;
using Sel = std::vector<std::uint32_t>;

/// Rows sorted within their groups, and the rows that could not be (rank.cpp).
struct SortedRows;

/// A call of Fail: a problem at a row, before the one-per-row rule.
struct Failure {
  std::int32_t table = -1;
  std::uint32_t row = 0;
  base::Span span;
  base::Message message;
};

/// A sort of every row of a table, kept for the rest of the run (and by a
/// Baseline for later runs on the same rows).
struct CachedSort {
  std::shared_ptr<const SortedRows> rows;
  const ir::Sort* sort = nullptr;
  /// What computing it reported (a missing key, say), in order: a run that
  /// takes the sort from an earlier one reports these instead, so its
  /// errors are those of computing it.
  std::vector<Failure> failures;
  /// Computing it looked up other sorts, which it may or may not have found
  /// cached: then the failures are not known to be the same in another run.
  bool nested = false;
};

/// A definition looked up a whole-table sort (Evaluator::Sort).
struct SortLookup {
  std::string signature;
  bool first = false;  // the first lookup of the run: it computed the sort (or replayed it)
};

/// The rows an expression is evaluated over.
struct Ctx {
  std::int32_t table = -1;  // -1: one row (parameters, global definitions)
  size_t n = 1;             // slots
  /// Slot → row of `table`; null when slot i is row i.
  const std::vector<std::uint32_t>* rows = nullptr;
  /// Inside an aggregate: slot → row of the definition's own table, which
  /// kCurrent nodes read in `outer`.
  const std::vector<std::uint32_t>* current = nullptr;
  const Ctx* outer = nullptr;
  /// The slots are the (current row, source row) pairs of a correlated
  /// aggregate: a source row repeats once per current row that sees it.
  bool pairs = false;

  std::uint32_t Row(size_t slot) const {
    return rows != nullptr ? (*rows)[slot] : static_cast<std::uint32_t>(slot);
  }
};

/// A node's values at the rows asked for, without copying what need not be:
/// one value for every row (a constant, a parameter, a global definition)
/// is one slot, and a stored column may be read where it is.
struct Operand {
  Column column;                   // evaluated: a slot per row, or slot 0 when uniform
  const Column* stored = nullptr;  // a stored column, read in place
  bool uniform = false;            // one value for every row, in slot 0

  const Column& Values() const { return stored != nullptr ? *stored : column; }
  /// The slot of Values() that holds row r's value.
  size_t Slot(size_t r) const { return uniform ? 0 : r; }
  State StateAt(size_t r) const { return Values().state[Slot(r)]; }
  value::Decimal NumberAt(size_t r) const { return Values().Number(Slot(r)); }
};

/// 0, 1, …, n−1.
Sel All(size_t n);
/// The rows (each below `n`), sorted, each once: the rows to evaluate once
/// in another context.
Sel Distinct(Sel rows, size_t n);

/// What 排名, 倒数, 分等, 查表 and 按情况 decided for one row, recorded while a Trace is set
/// (explanations re-evaluate one node with it); a run leaves it unset.
struct Trace {
  ir::NodeId node = ir::kNoNode;  // the node to record (not those inside it)
  std::uint32_t row = 0;          // the row of the context table to record
  /// The row's sorted pool within its group (eligible rows only) and its
  /// place in it (1-based), with the other rows whose keys equal its own.
  std::int64_t pool = -1;
  std::int64_t position = -1;
  std::vector<std::uint32_t> tied;
  /// 分等: the item that gave the row its tier, the cumulative quota of that
  /// item's tier in the row's group when it was a quota, and the 降一等 items
  /// that then moved it down (indices into ir::Tiers::items).
  std::int32_t placed_by = -1;
  std::int64_t quota = -1;
  std::vector<std::int32_t> demoted_by;
  /// 查表 rows or 按情况 arms that matched the row, in order.
  std::vector<std::int32_t> matched;
};

class Evaluator {
 public:
  Evaluator(const ir::Program& program, const column::Dataset& data) : p_(program), data_(data) {}

  Results Run(const std::vector<Override>& overrides, Keep keep);
  /// Under Keep::kOutputs, also empties input columns of `data` (the dataset
  /// this evaluator reads) after their last reader: EvaluateReleasingInputs.
  void ReleaseInputsOf(column::Dataset* data) { release_ = data; }
  /// As Run, keeping the results here, where Eval can read them afterwards.
  void Compute(const std::vector<Override>& overrides, Keep keep);
  const Results& results() const { return results_; }
  /// Records into `trace` (or stops recording, with null).
  void SetTrace(Trace* trace) { trace_ = trace; }
  /// Whether row `r` of `node` is the one being traced.
  bool Tracing(const ir::Node& node, std::uint32_t r) const {
    return trace_ != nullptr && r == trace_->row && &node == &p_.At(trace_->node);
  }

  Column Eval(NodeId id, const Ctx& ctx, const Sel& sel);

 private:
  friend class AggregateEval;
  friend class exec::Baseline;  // incremental.cpp: re-evaluates parts of a run

  // evaluate.cpp: the steps of Compute.
  void ComputeParams(const std::vector<Override>& overrides);
  /// The `空为 参数` copy of input column `column` of `table`.
  void Fill(size_t table, size_t column);
  /// Definition `index`, into results_, its problems appended to results_.errors.
  void ComputeDefinition(std::int32_t index);
  /// Definition `index` at `rows` of its table (the other slots empty), its
  /// problems appended to results_.errors.
  Column EvaluateDefinition(std::int32_t index, const Sel& rows);
  /// As EvaluateDefinition, in a context of `rows` alone: slot i of the
  /// result is rows[i]. Only for a definition that computes each row from
  /// its own (RowLocal): ranks, tiers and aggregates would see these rows
  /// only.
  Column EvaluateDefinitionAt(std::int32_t index, const Sel& rows);
  Column EvaluateDefinition(std::int32_t index, const Ctx& ctx, const Sel& rows);
  /// Errors in a stable order: by table, row, then the order they arose in.
  void SortErrors();
  /// Records a problem at `row` of `table`, once per row and definition.
  void Report(std::int32_t table, std::uint32_t row, base::Span span, base::Message message);

  // evaluate.cpp
  Column EvalLeaf(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalDeref(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalCurrent(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalArith(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  /// A node as an Operand: uniform when it is one value for all rows; a
  /// stored column read in place when `in_place` allows.
  Operand EvalOperand(NodeId id, const Ctx& ctx, const Sel& sel, bool in_place);
  Column EvalLogic(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalCompare(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalIf(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalIfNone(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalBuiltin(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  // aggregate.cpp
  Column EvalAggregate(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  /// `其中 源 = 当前 且 …`: the source and current sides of a leading equality.
  struct KeyJoin {
    NodeId source;   // over the source rows, reads no current row
    NodeId current;  // over the current rows (what the kCurrent wraps)
  };
  std::optional<KeyJoin> LeadingEquality(NodeId where) const;
  bool ReadsCurrent(NodeId id) const;
  /// `id` (OwnRowOnly) at the source rows of the pairs `sel` of `ctx`, each
  /// row once: a column over the source table, to be read at ctx.Row(slot).
  Column EvalAtSourceRows(NodeId id, const Ctx& ctx, const Sel& sel);
  /// The source rows a leading equality can match, by key.
  struct KeyedRows {
    static constexpr std::int64_t kNoRows = -1;   // no source row has the key
    static constexpr std::int64_t kMissing = -2;  // the current row's own key is missing
    Sel rows;  // the source rows with a key, grouped by key number, in row order within one
    std::vector<size_t> begin;  // key number → where its rows start in `rows`; one more at the end
    Sel unkeyed;                // source rows whose key is missing: every current row sees them
    /// Per current slot: the number of its key, kNoRows or kMissing (it then
    /// sees its whole group).
    std::vector<std::int64_t> key;
    /// The source rows with slot r's key (none for kNoRows); not for kMissing.
    const std::uint32_t* First(std::uint32_t r) const {
      return key[r] >= 0 ? rows.data() + begin[static_cast<size_t>(key[r])] : rows.data();
    }
    const std::uint32_t* Last(std::uint32_t r) const {
      return key[r] >= 0 ? rows.data() + begin[static_cast<size_t>(key[r]) + 1] : rows.data();
    }
  };
  KeyedRows KeyRows(const KeyJoin& join, const Ctx& ctx, const Sel& sel, const Ctx& whole);
  /// The condition `where` of a correlated aggregate joined on its leading
  /// equality, over its pairs: those made from a key's rows (`keyed`) are
  /// known to satisfy the equality, so only the rest of the 且 is evaluated
  /// on them; the `others` get all of it. The pairs kept and those in error
  /// are those of Condition over every pair.
  void KeyedCondition(NodeId where, const Ctx& inner, const Sel& keyed, const Sel& others, Sel* yes,
                      std::vector<std::uint32_t>* bad);
  // rank.cpp
  Column EvalRank(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalTiers(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  /// Whether `id` computes each slot from its own row alone (no rank, 分等,
  /// aggregate or 当前, which see other rows of the context): it then gives a
  /// row the same value in a context of a few rows as in the whole table's.
  bool OwnRowOnly(NodeId id) const;
  /// Trace: the traced row is pool[i], tied with pool[start, start + size),
  /// at `position` (1-based).
  void RecordPlace(const std::vector<std::uint32_t>& pool, size_t start, size_t size, size_t i,
                   size_t position);
  /// The rows of `ctx` sorted within their groups, with the rows that could
  /// not be placed marked in `bad`. Sorting every row of a table by the same
  /// keys (名次 and 等次 usually do) is done once per run and shared.
  std::shared_ptr<const SortedRows> Sort(const ir::Sort& sort, const Ctx& ctx, const Sel& rows,
                                         std::vector<bool>& bad);
  /// The structure of an expression, as text: equal for equal expressions.
  void AppendSignature(NodeId id, std::string& out) const;
  // lookup.cpp
  Column EvalLookup(const ir::Node& node, const Ctx& ctx, const Sel& sel);
  Column EvalCases(const ir::Node& node, const Ctx& ctx, const Sel& sel);

 public:
  /// Records a problem at slot `slot` of `ctx` and marks `out` there.
  void Fail(const Ctx& ctx, size_t slot, base::Span span, base::Message message);
  /// A needed value is missing at `slot`: says which input cell is empty, if
  /// one under `node` is.
  void FailNone(const Ctx& ctx, size_t slot, NodeId node, const char* what_zh, const char* what_en);
  /// Evaluates a condition that must be 是 or 否: rows where it is missing
  /// or in error are reported (missing) and left out of both lists.
  void Condition(NodeId id, const Ctx& ctx, const Sel& sel, Sel* yes, Sel* no,
                 std::vector<std::uint32_t>* bad, const char* what_zh, const char* what_en);

  /// Whether slots `a` of `x` and `b` of `y` hold equal values (same kind).
  static bool SameValue(const Column& x, size_t a, const Column& y, size_t b);
  /// -1, 0, 1 comparing two present values of the same kind.
  static int CompareValues(const Column& x, size_t a, const Column& y, size_t b);

  /// The input column or computed definition a kInput or kDef node reads.
  const Column& Stored(const ir::Node& node, const Ctx& ctx) const;
  /// Stored(node, ctx) when `ctx` is the node's whole table (slot i is row
  /// i), to be read in place rather than copied; else null.
  const Column* StoredInPlace(const ir::Node& node, const Ctx& ctx) const;
  /// Input column `column` of `table`, with `空为 参数` cells filled in.
  const Column& Input(std::int32_t table, std::int32_t column) const;

  const ir::Program& program() const { return p_; }
  const column::Dataset& data() const { return data_; }

 private:
  const ir::Program& p_;
  const column::Dataset& data_;
  Results results_;
  /// Per table and input column: a copy with empty cells set to the
  /// parameter of `空为 参数`, for those columns only (else empty).
  std::vector<std::vector<Column>> filled_;
  /// Sorts of whole tables, by table and the sort's signature.
  std::map<std::string, std::shared_ptr<const CachedSort>> sorted_;
  /// Sorts of an earlier run on the same rows (or null): a lookup that
  /// misses sorted_ takes one from here if may_reuse_ says its keys read
  /// nothing that changed since.
  const std::map<std::string, std::shared_ptr<const CachedSort>>* reusable_ = nullptr;
  const std::function<bool(const CachedSort&)>* may_reuse_ = nullptr;
  /// The sorts being computed, innermost last: Report records into them.
  std::vector<CachedSort*> computing_;
  /// Per definition: the whole-table sorts it looked up, in order.
  std::vector<std::vector<SortLookup>> sort_log_;
  size_t sorts_computed_ = 0;  // this run
  size_t sorts_reused_ = 0;    // taken from reusable_
  Trace* trace_ = nullptr;
  column::Dataset* release_ = nullptr;  // the data, to empty input columns in (or null)
  std::int32_t definition_ = -1;        // being computed
  std::int32_t param_ = -1;             // being computed
  /// Rows already reported for the definition being computed: one error
  /// per row and definition.
  std::unordered_set<std::uint64_t> reported_;
};

/// Appends the text of a value for messages and 连接.
std::string ValueText(const Column& c, size_t slot);

/// Numbers the groups of `按 …` by their key values: the same number for
/// the same values, whichever rows or table they are read on. Codes
/// (references, enum members, 是否) combine as integers; numbers and text go
/// through their text.
class GroupNumbers {
 public:
  /// The number of slot `r`'s group in `keys` (the next unused one for
  /// values not seen before); nullopt when a key has no value, with its
  /// index in `*missing`.
  std::optional<std::int64_t> Of(const std::vector<Column>& keys, size_t r,
                                 size_t* missing = nullptr);

 private:
  std::int64_t Next() const {
    return static_cast<std::int64_t>(by_codes_.size() + by_text_.size());
  }
  std::map<std::vector<std::int32_t>, std::int64_t> by_codes_;
  std::map<std::string, std::int64_t> by_text_;
  std::vector<std::int32_t> codes_;  // scratch
};

}  // namespace arl::exec::detail
