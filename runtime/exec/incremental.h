// Re-evaluating a run for a scenario on the same rows (`arl whatif`).
//
// Guarantees over Evaluate: a Baseline keeps one run whole, and Rerun gives
// for a scenario (other parameter values, edited input cells; the same
// tables, rows, keys and references) exactly what Evaluate gives for it —
// every column bit for bit, the errors in the same order with the same
// messages — while computing only the definitions that read, directly or
// through others, something that differs. What is proved not to change is
// kept: columns, the `空为 参数` copies of input columns, each definition's
// errors, and whole-table sorts whose keys read nothing that changed (a sweep
// of a tier threshold sorts the units once, not once per setting).
//
// "Differs" is judged against the run the results were last filled by: the
// baseline, or with a ScenarioResults kept over a sweep the previous
// setting. A recomputed definition whose column comes out the same as before
// stops there: what reads it is not recomputed on its account. So when a
// sweep's step moves no unit across the threshold, only the definition that
// compares with the threshold is computed.
//
// What a definition reads is found in the IR, node by node (reads.h); a
// node kind or slot the analysis does not know makes the definition always
// recomputed. A definition whose rows are each computed from their own (no
// ranks, tiers or aggregates; references followed one step) is computed
// again only at the rows that read a change: when a threshold moves three
// units to another tier, the money of those three units and their staff.
//
// Rerun changes nothing the Baseline holds: reruns into different
// ScenarioResults may run at the same time, on different threads.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "runtime/exec/exec.h"

namespace arl::exec {

namespace detail {
class Evaluator;
}  // namespace detail

/// An input column, as (table, column) indices into ir::Program::tables.
using ColumnId = std::pair<std::int32_t, std::int32_t>;

/// What a rerun computed rather than kept.
struct RerunStats {
  std::vector<std::int32_t> recomputed;       // definitions, in evaluation order
  std::vector<std::int32_t> rows_recomputed;  // of those, the ones computed at some rows only
  std::vector<std::int32_t> changed;          // of those, the ones whose column came out different
  size_t params_changed = 0;                  // parameters whose value differs
  size_t sorts_computed = 0;                  // sorts computed (whole-table or not)
  size_t sorts_reused = 0;                    // whole-table sorts kept from the earlier run
};

class Baseline;

/// The results of a scenario, kept between reruns of one baseline with what
/// the next rerun compares with (the inputs, each definition's errors and
/// sorts): a sweep of thousands of settings computes only what a setting
/// changes from the previous one, rather than from the baseline, and writes
/// only those columns.
class ScenarioResults {
 public:
  ScenarioResults();
  ~ScenarioResults();
  ScenarioResults(ScenarioResults&&) noexcept;
  ScenarioResults& operator=(ScenarioResults&&) noexcept;

  const Results& results() const { return results_; }
  const RerunStats& stats() const { return stats_; }

 private:
  friend class Baseline;
  struct State;  // incremental.cpp

  std::uint64_t baseline_ = 0;  // the Baseline these were last filled by (its id), or 0
  Results results_;
  RerunStats stats_;
  std::unique_ptr<State> state_;
};

/// A baseline evaluation kept to re-evaluate scenarios on the same rows.
class Baseline {
 public:
  /// Evaluates `program` over `data` with `overrides`, keeping every
  /// definition, the sorts and what each definition read. `program` and
  /// `data` must outlive it.
  Baseline(const ir::Program& program, const column::Dataset& data,
           std::vector<Override> overrides = {});
  ~Baseline();
  Baseline(const Baseline&) = delete;
  Baseline& operator=(const Baseline&) = delete;

  const Results& results() const;

  /// Results equal, bit for bit and with errors in the same order, to
  /// Evaluate(program, scenario, overrides, Keep::kEverything), computing only
  /// the definitions downstream of what differs: the parameters whose value
  /// differs from the baseline's (all are evaluated, one row each, and
  /// compared) and the input columns in `edited`. `scenario` has the same
  /// tables, rows, keys and references as the baseline's data; only cells of
  /// the `edited` columns may differ (if the rows differ, everything is
  /// computed).
  Results Rerun(const column::Dataset& scenario, const std::vector<Override>& overrides,
                const std::vector<ColumnId>& edited, RerunStats* stats = nullptr) const;
  /// As Rerun, into `into`, computing only what differs from the scenario
  /// it holds (from an earlier rerun of this baseline; else the baseline).
  void Rerun(const column::Dataset& scenario, const std::vector<Override>& overrides,
             const std::vector<ColumnId>& edited, ScenarioResults& into) const;

 private:
  struct Analysis;  // incremental.cpp: what each definition and sort reads

  const ir::Program& program_;
  const column::Dataset& data_;
  std::unique_ptr<detail::Evaluator> eval_;  // the baseline run, kept whole
  std::unique_ptr<const Analysis> analysis_;
  std::uint64_t id_;  // tells ScenarioResults filled by another baseline apart
};

}  // namespace arl::exec
