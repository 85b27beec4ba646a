// Re-evaluation of what a scenario touches: the reads of every definition
// and sort, found once from the IR; per rerun, the parameters and columns
// that differ, the definitions downstream of them, and the errors merged
// into the order a fresh run gives.

#include "runtime/exec/incremental.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <string>

#include "runtime/exec/evaluator.h"
#include "runtime/exec/reads.h"

namespace arl::exec {

using column::Column;
using column::State;
using detail::Reads;
using detail::RowLocal;
using detail::Sel;
using ir::NodeId;

namespace {

/// Whether slot `a` of `x` and slot `b` of `y` hold the same state and value.
bool SameSlot(const Column& x, size_t a, const Column& y, size_t b) {
  if (x.state[a] != y.state[b]) return false;
  if (x.state[a] != State::kValue) return true;
  switch (x.kind) {
    case ir::ValueKind::kNumber:
      return x.Number(a).Raw() == y.Number(b).Raw();
    case ir::ValueKind::kText:
      return x.texts[a] == y.texts[b];
    default:
      return x.codes[a] == y.codes[b];
  }
}

/// Whether two columns hold the same states and values (what a reader of
/// them can see).
bool SameColumn(const Column& a, const Column& b) {
  if (a.kind != b.kind || a.Size() != b.Size() || a.state != b.state) return false;
  if (a.kind == ir::ValueKind::kNumber && a.IsNarrow() && b.IsNarrow()) {
    for (size_t r = 0; r < a.Size(); ++r) {
      if (a.state[r] == State::kValue && a.NarrowRaw(r) != b.NarrowRaw(r)) return false;
    }
    return true;
  }
  if (a.kind != ir::ValueKind::kNumber && a.kind != ir::ValueKind::kText) {
    for (size_t r = 0; r < a.Size(); ++r) {
      if (a.state[r] == State::kValue && a.codes[r] != b.codes[r]) return false;
    }
    return true;
  }
  for (size_t r = 0; r < a.Size(); ++r) {
    if (!SameSlot(a, r, b, r)) return false;
  }
  return true;
}

/// How a column changed from the run a ScenarioResults held: not at all, at
/// some rows, or anywhere.
struct Change {
  bool all = false;
  std::vector<std::uint32_t> rows;  // ascending, when not all

  bool Any() const { return all || !rows.empty(); }
};

/// The rows at which `now` differs from `then`.
Change Diff(const Column& then, const Column& now) {
  Change c;
  if (then.kind != now.kind || then.Size() != now.Size()) {
    c.all = true;
    return c;
  }
  if (SameColumn(then, now)) return c;
  for (size_t r = 0; r < now.Size(); ++r) {
    if (!SameSlot(then, r, now, r)) c.rows.push_back(static_cast<std::uint32_t>(r));
  }
  return c;
}

/// Whether `scenario` has the rows of `data`: the same tables, row counts
/// and keys (the references are input columns like any other).
bool SameRows(const column::Dataset& data, const column::Dataset& scenario) {
  if (&data == &scenario) return true;
  if (data.tables.size() != scenario.tables.size()) return false;
  for (size_t t = 0; t < data.tables.size(); ++t) {
    const column::TableData& a = data.tables[t];
    const column::TableData& b = scenario.tables[t];
    if (a.rows != b.rows || a.absent != b.absent || a.columns.size() != b.columns.size() ||
        a.keys.size() != b.keys.size())
      return false;
    for (size_t r = 0; r < a.keys.size(); ++r) {
      if (a.keys[r] != b.keys[r]) return false;
    }
  }
  return true;
}

std::uint64_t NextId() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

}  // namespace

/// What a ScenarioResults keeps besides the results, for the next rerun to
/// compare with: the run it holds, per definition.
struct ScenarioResults::State {
  std::vector<std::vector<Column>> filled;               // the `空为 参数` copies
  std::vector<std::pair<ColumnId, Column>> edited;       // edited input columns, as they were
  std::vector<std::vector<RowError>> errors;             // per definition, as they arose
  std::vector<RowError> param_errors;                    // likewise, of the parameters
  std::vector<std::vector<detail::SortLookup>> lookups;  // per definition
  std::map<std::string, std::shared_ptr<const detail::CachedSort>> sorted;
};

ScenarioResults::ScenarioResults() = default;
ScenarioResults::~ScenarioResults() = default;
ScenarioResults::ScenarioResults(ScenarioResults&&) noexcept = default;
ScenarioResults& ScenarioResults::operator=(ScenarioResults&&) noexcept = default;

struct Baseline::Analysis {
  std::vector<Reads> definitions;             // by Program::definitions index
  std::vector<RowLocal> row_local;            // likewise
  std::vector<size_t> position;               // by definition: its place in Program::order
  std::map<const ir::Sort*, Reads> sorts;     // every sort of the program: what its keys read
  std::vector<std::vector<RowError>> errors;  // the baseline's, by definition
  std::vector<RowError> param_errors;
};

Baseline::Baseline(const ir::Program& program, const column::Dataset& data,
                   std::vector<Override> overrides)
    : program_(program),
      data_(data),
      eval_(std::make_unique<detail::Evaluator>(program, data)),
      id_(NextId()) {
  eval_->Compute(overrides, Keep::kEverything);
  auto analysis = std::make_unique<Analysis>();
  const size_t n = program.definitions.size();
  analysis->position.assign(n, n);
  for (size_t k = 0; k < program.order.size(); ++k)
    analysis->position[static_cast<size_t>(program.order[k])] = k;
  detail::ReadsFinder finder(program);
  analysis->definitions.resize(n);
  for (size_t d = 0; d < n; ++d) {
    const ir::Definition& def = program.definitions[d];
    Reads& reads = analysis->definitions[d] = finder.Of({def.root});
    // Definition::reads too, which the checker found (the same, if all is well).
    for (std::int32_t r : def.reads) {
      if (std::find(reads.definitions.begin(), reads.definitions.end(), r) ==
          reads.definitions.end())
        reads.definitions.insert(
            std::upper_bound(reads.definitions.begin(), reads.definitions.end(), r), r);
    }
    // A definition read must come earlier in the order (the IR says so);
    // if one does not, nothing here can be trusted for it.
    for (std::int32_t r : reads.definitions) {
      if (r < 0 || static_cast<size_t>(r) >= n ||
          analysis->position[static_cast<size_t>(r)] >= analysis->position[d])
        reads.opaque = true;
    }
    analysis->row_local.push_back(finder.RowLocalOf(def));
  }
  auto add_sort = [&](const ir::Sort& sort) {
    std::vector<NodeId> roots;
    for (const auto& key : sort.keys) roots.push_back(key.value);
    roots.insert(roots.end(), sort.group_by.begin(), sort.group_by.end());
    analysis->sorts[&sort] = finder.Of(roots);
  };
  for (const ir::Rank& rank : program.ranks) add_sort(rank.sort);
  for (const ir::Tiers& tiers : program.tiers) {
    if (tiers.sort) add_sort(*tiers.sort);
  }
  // The errors by where they arose, each definition's by table and row. A
  // definition reports one error a row at most, so the errors put back in
  // evaluation order and sorted by table and row, stably, are in the run's
  // order again.
  analysis->errors.resize(n);
  std::vector<const RowError*> by_place;
  for (const RowError& e : eval_->results_.errors) by_place.push_back(&e);
  std::stable_sort(by_place.begin(), by_place.end(), [&](const RowError* a, const RowError* b) {
    auto place = [&](const RowError* e) {
      if (e->param >= 0) return static_cast<size_t>(e->param);
      return program.params.size() +
             (e->definition >= 0 ? analysis->position[static_cast<size_t>(e->definition)] : n);
    };
    return place(a) < place(b);
  });
  for (const RowError* e : by_place) {
    if (e->param >= 0) {
      analysis->param_errors.push_back(*e);
    } else if (e->definition >= 0) {
      analysis->errors[static_cast<size_t>(e->definition)].push_back(*e);
    }
  }
  analysis_ = std::move(analysis);
}

Baseline::~Baseline() = default;

const Results& Baseline::results() const {
  return eval_->results();
}

Results Baseline::Rerun(const column::Dataset& scenario, const std::vector<Override>& overrides,
                        const std::vector<ColumnId>& edited, RerunStats* stats) const {
  ScenarioResults into;
  Rerun(scenario, overrides, edited, into);
  if (stats != nullptr) *stats = std::move(into.stats_);
  return std::move(into.results_);
}

void Baseline::Rerun(const column::Dataset& scenario, const std::vector<Override>& overrides,
                     const std::vector<ColumnId>& edited, ScenarioResults& into) const {
  const ir::Program& p = program_;
  const detail::Evaluator& base = *eval_;
  const Analysis& an = *analysis_;
  const size_t n_defs = p.definitions.size();
  into.stats_ = RerunStats{};
  RerunStats& stats = into.stats_;

  detail::Evaluator ev(p, scenario);
  if (!SameRows(data_, scenario)) {
    // Not the same rows: nothing can be kept, and the next rerun starts
    // again from the baseline.
    ev.Compute(overrides, Keep::kEverything);
    into.results_ = std::move(ev.results_);
    into.baseline_ = 0;
    into.state_.reset();
    stats.recomputed = p.order;
    stats.changed = p.order;
    stats.params_changed = p.params.size();
    stats.sorts_computed = ev.sorts_computed_;
    return;
  }
  if (into.baseline_ != id_ || into.state_ == nullptr) {
    // Start from the baseline.
    into.baseline_ = id_;
    into.results_ = base.results_;
    into.state_ = std::make_unique<ScenarioResults::State>();
    into.state_->filled = base.filled_;
    into.state_->errors = an.errors;
    into.state_->param_errors = an.param_errors;
    into.state_->lookups = base.sort_log_;
    into.state_->sorted = base.sorted_;
  }
  // Until this rerun is done, `into` holds no run to compare with.
  into.baseline_ = 0;
  ScenarioResults::State& was = *into.state_;
  ev.results_ = std::move(into.results_);
  ev.filled_ = std::move(was.filled);
  ev.sort_log_ = std::move(was.lookups);
  // The sorts of the run `into` held; this run's go into ev.sorted_.
  const std::map<std::string, std::shared_ptr<const detail::CachedSort>> sorts =
      std::move(was.sorted);

  // 1. Parameters, all of them (they are one row each), compared.
  std::vector<Column> old_params = std::move(ev.results_.params);
  std::vector<RowError> old_errors = std::move(ev.results_.errors);
  ev.results_.params.clear();
  ev.results_.errors.clear();
  ev.ComputeParams(overrides);
  std::vector<bool> param_changed(p.params.size(), false);
  for (size_t i = 0; i < p.params.size(); ++i) {
    param_changed[i] = !SameColumn(ev.results_.params[i], old_params[i]);
    if (param_changed[i]) ++stats.params_changed;
  }
  bool errors_changed =
      ev.results_.errors.size() != was.param_errors.size() || !ev.results_.errors.empty();
  was.param_errors = std::move(ev.results_.errors);
  ev.results_.errors.clear();

  // 2. Input columns: edited here or in the run `into` held (and different),
  // or filled from a parameter that changed.
  bool all_changed = false;
  std::vector<std::vector<bool>> input_changed(p.tables.size());
  for (size_t t = 0; t < p.tables.size(); ++t)
    input_changed[t].assign(p.tables[t].columns.size(), false);
  std::vector<std::pair<ColumnId, Column>> now_edited;
  std::vector<bool> still_edited(was.edited.size(), false);
  auto valid = [&](const ColumnId& id) {
    return id.first >= 0 && static_cast<size_t>(id.first) < p.tables.size() && id.second >= 0 &&
           static_cast<size_t>(id.second) < input_changed[static_cast<size_t>(id.first)].size();
  };
  auto baseline_column = [&](const ColumnId& id) -> const Column& {
    return data_.tables[static_cast<size_t>(id.first)].columns[static_cast<size_t>(id.second)];
  };
  for (const ColumnId& id : edited) {
    if (!valid(id)) {
      all_changed = true;  // not a column of the program: assume anything changed
      continue;
    }
    if (std::any_of(now_edited.begin(), now_edited.end(),
                    [&](const auto& e) { return e.first == id; }))
      continue;
    const Column& now =
        scenario.tables[static_cast<size_t>(id.first)].columns[static_cast<size_t>(id.second)];
    auto then = std::find_if(was.edited.begin(), was.edited.end(),
                             [&](const auto& e) { return e.first == id; });
    const bool was_edited = then != was.edited.end();
    if (SameColumn(now, was_edited ? then->second : baseline_column(id))) {
      if (!was_edited) continue;  // as in the baseline
      still_edited[static_cast<size_t>(then - was.edited.begin())] = true;
      now_edited.emplace_back(id, std::move(then->second));
    } else {
      input_changed[static_cast<size_t>(id.first)][static_cast<size_t>(id.second)] = true;
      if (was_edited) still_edited[static_cast<size_t>(then - was.edited.begin())] = true;
      now_edited.emplace_back(id, now);
    }
  }
  for (size_t k = 0; k < was.edited.size(); ++k) {
    // Edited then, not now: back to the baseline's cells.
    const ColumnId& id = was.edited[k].first;
    if (!still_edited[k] && !SameColumn(was.edited[k].second, baseline_column(id)))
      input_changed[static_cast<size_t>(id.first)][static_cast<size_t>(id.second)] = true;
  }
  was.edited = std::move(now_edited);
  for (size_t t = 0; t < p.tables.size(); ++t) {
    for (size_t c = 0; c < p.tables[t].columns.size(); ++c) {
      const std::int32_t bp = p.tables[t].columns[c].blank_param;
      if (bp < 0) continue;
      if (param_changed[static_cast<size_t>(bp)]) input_changed[t][c] = true;
      if (all_changed || input_changed[t][c]) ev.Fill(t, c);
    }
  }

  std::vector<Change> def_changed(n_defs);
  // Whether anything `reads` names changed; `local`: apart from definitions.
  auto changed = [&](const Reads& reads, bool local = false) {
    if (all_changed || reads.opaque) return true;
    for (std::int32_t i : reads.params) {
      if (param_changed[static_cast<size_t>(i)]) return true;
    }
    for (const auto& [t, c] : reads.inputs) {
      const auto& cols = input_changed[static_cast<size_t>(t)];
      if (c < 0 || static_cast<size_t>(c) >= cols.size() || cols[static_cast<size_t>(c)])
        return true;
    }
    if (local) return false;
    for (std::int32_t d : reads.definitions) {
      if (def_changed[static_cast<size_t>(d)].Any()) return true;
    }
    return false;
  };

  // 3. Sorts of the run `into` held whose keys read nothing that changed.
  // A sort's keys are read by the definition that looks it up, so whatever
  // they read is settled by then.
  const std::function<bool(const detail::CachedSort&)> may_reuse =
      [&](const detail::CachedSort& sort) {
        auto reads = an.sorts.find(sort.sort);
        return !sort.nested && reads != an.sorts.end() && !changed(reads->second);
      };
  ev.reusable_ = &sorts;
  ev.may_reuse_ = &may_reuse;

  // The rows of a row-local definition `d` that read rows that changed, or
  // false if it must be computed whole.
  // Bytes rather than bits, and the rows listed as they are marked: a
  // sweep's setting asks this of every definition downstream of a change.
  std::vector<char> mark;
  std::vector<char> hit;
  auto rows_to_compute = [&](size_t d, Sel& rows) {
    const RowLocal& local = an.row_local[d];
    const ir::Definition& def = p.definitions[d];
    rows.clear();
    const std::vector<std::int32_t>& reads = an.definitions[d].definitions;
    if (std::none_of(reads.begin(), reads.end(),
                     [&](std::int32_t e) { return def_changed[static_cast<size_t>(e)].Any(); }))
      return true;
    if (!local.row_local) return false;
    const size_t n = scenario.tables[static_cast<size_t>(def.table)].rows;
    mark.assign(n, 0);
    auto add = [&](size_t r) {
      if (mark[r] != 0) return;
      mark[r] = 1;
      rows.push_back(static_cast<std::uint32_t>(r));
    };
    for (std::int32_t e : reads) {
      const Change& c = def_changed[static_cast<size_t>(e)];
      if (!c.Any()) continue;
      if (c.all) return false;
      bool found = false;
      for (const auto& [read, via] : local.reads) {
        if (read != e) continue;
        found = true;
        if (via < 0) {
          for (std::uint32_t r : c.rows) add(r);
          continue;
        }
        // The rows whose reference names a row that changed.
        const Column& ref = ev.Input(def.table, via);
        const size_t targets =
            scenario.tables[static_cast<size_t>(p.definitions[static_cast<size_t>(e)].table)].rows;
        hit.assign(targets, 0);
        for (std::uint32_t r : c.rows) hit[r] = 1;
        for (size_t r = 0; r < n; ++r) {
          if (ref.state[r] == State::kValue && ref.codes[r] >= 0 &&
              static_cast<size_t>(ref.codes[r]) < targets &&
              hit[static_cast<size_t>(ref.codes[r])] != 0)
            add(r);
        }
      }
      if (!found) return false;
    }
    std::sort(rows.begin(), rows.end());
    return true;
  };

  // 4. Definitions in evaluation order, each after what it reads. One that
  // reads nothing that changed is kept, unless the run's first lookup of a
  // sort moves to or from it: the errors of computing a sort go to the
  // definition that computes it (its values stay the same). One that reads
  // changes at some rows only, each of its rows computed from its own, is
  // computed at the rows that read them.
  Sel rows;
  for (std::int32_t d : p.order) {
    const auto i = static_cast<size_t>(d);
    const ir::Definition& def = p.definitions[i];
    bool whole = changed(an.definitions[i], true);
    if (!whole && !rows_to_compute(i, rows)) whole = true;
    const std::vector<detail::SortLookup>& lookups = ev.sort_log_[i];
    for (size_t k = 0; k < lookups.size() && !whole; ++k) {
      auto it = sorts.find(lookups[k].signature);
      const bool first = ev.sorted_.count(lookups[k].signature) == 0;
      whole = it == sorts.end() ||
              (first != lookups[k].first && (it->second->nested || !it->second->failures.empty()));
    }
    if (!whole && rows.empty()) {
      for (const detail::SortLookup& lookup : lookups) {
        if (ev.sorted_.count(lookup.signature) == 0)
          ev.sorted_.emplace(lookup.signature, sorts.at(lookup.signature));
      }
      continue;
    }
    Column& slot =
        def.table >= 0
            ? ev.results_.tables[static_cast<size_t>(def.table)][static_cast<size_t>(def.slot)]
            : ev.results_.globals[static_cast<size_t>(def.slot)];
    std::vector<RowError>& errors = was.errors[i];
    Change& change = def_changed[i];
    if (whole) {
      const Column before = std::move(slot);
      ev.ComputeDefinition(d);
      change = Diff(before, slot);
      if (!errors.empty() || !ev.results_.errors.empty()) errors_changed = true;
      errors = std::move(ev.results_.errors);
    } else {
      // Its errors are all at its own rows: those of the rows computed again
      // are replaced. The rows are computed in a context of their own (slot
      // i is rows[i]), so that three units' money fills columns of three
      // slots, not of every unit or member of staff.
      const Column now = ev.EvaluateDefinitionAt(d, rows);
      for (size_t k = 0; k < rows.size(); ++k) {
        const std::uint32_t r = rows[k];
        if (SameSlot(slot, r, now, k)) continue;
        change.rows.push_back(r);
        slot.CopyFrom(r, now, k);
      }
      const size_t before = errors.size();
      errors.erase(std::remove_if(errors.begin(), errors.end(),
                                  [&](const RowError& e) {
                                    return e.table == def.table &&
                                           static_cast<size_t>(e.row) < mark.size() &&
                                           mark[static_cast<size_t>(e.row)] != 0;
                                  }),
                   errors.end());
      if (errors.size() != before || !ev.results_.errors.empty()) errors_changed = true;
      errors.insert(errors.end(), std::make_move_iterator(ev.results_.errors.begin()),
                    std::make_move_iterator(ev.results_.errors.end()));
      stats.rows_recomputed.push_back(d);
    }
    ev.results_.errors.clear();
    stats.recomputed.push_back(d);
    if (change.Any()) stats.changed.push_back(d);
  }
  ev.reusable_ = nullptr;
  ev.may_reuse_ = nullptr;
  stats.sorts_computed = ev.sorts_computed_;
  stats.sorts_reused = ev.sorts_reused_;

  // 5. Errors as a fresh run orders them: in evaluation order, then sorted
  // by table and row, stably.
  if (errors_changed) {
    ev.results_.errors = was.param_errors;
    for (std::int32_t d : p.order) {
      const auto& errors = was.errors[static_cast<size_t>(d)];
      ev.results_.errors.insert(ev.results_.errors.end(), errors.begin(), errors.end());
    }
    ev.SortErrors();
  } else {
    ev.results_.errors = std::move(old_errors);
  }
  into.results_ = std::move(ev.results_);
  was.filled = std::move(ev.filled_);
  was.lookups = std::move(ev.sort_log_);
  was.sorted = std::move(ev.sorted_);
  into.baseline_ = id_;
}

}  // namespace arl::exec
