// Margins: each unit's score moved alone (everyone else unchanged) and each
// parameter the tier reads moved alone, until the unit's tier changes.
//
// A unit's score is moved through a copy of the program in which the score
// definition reads `如果 键 = 〈单位〉 则 〈分数〉 否则 〈原式〉`, with two
// parameters of its own: one baseline of that program serves every probe,
// and each probe recomputes only what the score (or the parameter) reaches.
#include "compiler/driver/margins.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/driver/scenario.h"
#include "runtime/exec/incremental.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

using value::Decimal;

/// A tier output and the definition its first 排序 key reads: the score.
struct Tiered {
  std::int32_t table = -1;
  const ir::Definition* tier = nullptr;
  const ir::Definition* score = nullptr;  // the score: a definition, or
  std::int32_t score_column = -1;         // an input column of the table
  bool higher_better = true;              // 从高到低
  std::vector<std::string> labels;        // by code
  bool yes_better = false;                // a 是否 output: whether 是 is the better
  /// 0 for the best; lower is better (codes of an enumeration, listed best first).
  std::int32_t Rank(std::int32_t code) const {
    if (code < 0) return static_cast<std::int32_t>(labels.size());
    return yes_better ? 1 - code : code;
  }
  std::vector<std::int32_t> params;       // numeric parameters the tier reaches
  std::vector<std::int32_t> inputs;       // the score's own-row number inputs with a 范围
  std::vector<Decimal> constants;         // numbers in the conditions it reaches,
  std::vector<std::int32_t> line_params;  // and parameters there (their values join
                                          // `constants` once the baseline has them)
};

/// The tier outputs whose sort starts with a definition of the same table.
std::vector<Tiered> FindTiered(const ir::Program& p) {
  std::vector<Tiered> out;
  for (std::int32_t t : io::ResultTables(p)) {
    for (std::int32_t d : p.tables[static_cast<size_t>(t)].definitions) {
      const ir::Definition& def = p.definitions[static_cast<size_t>(d)];
      if (!def.output || def.root == ir::kNoNode) continue;
      // 分等 (an enumeration), 分等 … = 标签 (是 when in that tier) or
      // 倒数 (是 when among the last): the sort that places the unit.
      Tiered x;
      const ir::Node& root = p.At(def.root);
      const ir::Sort* sort = nullptr;
      if (def.display.kind == ir::ValueKind::kEnum && root.op == ir::Op::kTiers) {
        sort = p.tiers[static_cast<size_t>(root.slot)].sort
                   ? &*p.tiers[static_cast<size_t>(root.slot)].sort
                   : nullptr;
        x.labels = def.display.members;
      } else if (def.display.kind == ir::ValueKind::kBool && root.op == ir::Op::kBottom) {
        sort = &p.ranks[static_cast<size_t>(root.slot)].sort;
        x.labels = {"否", "是"};
      } else if (def.display.kind == ir::ValueKind::kBool && root.op == ir::Op::kCompare &&
                 root.compare == ir::CompareOp::kEq && p.At(root.kids[0]).op == ir::Op::kTiers &&
                 p.At(root.kids[1]).op == ir::Op::kConst) {
        const ir::Tiers& tiers = p.tiers[static_cast<size_t>(p.At(root.kids[0]).slot)];
        sort = tiers.sort ? &*tiers.sort : nullptr;
        x.labels = {"否", "是"};
        x.yes_better = p.At(root.kids[1]).constant.code == 0;  // the best tier
      } else {
        continue;
      }
      if (sort == nullptr || sort->keys.empty()) continue;
      const ir::Node& key = p.At(sort->keys.front().value);
      if ((key.op != ir::Op::kDef && key.op != ir::Op::kInput) || key.table != t) continue;
      x.table = t;
      x.tier = &def;
      if (key.op == ir::Op::kDef) {
        x.score = &p.definitions[static_cast<size_t>(
            p.tables[static_cast<size_t>(t)].definitions[static_cast<size_t>(key.slot)])];
      } else {
        x.score_column = key.slot;
      }
      // 倒数 sorts from the lowest and takes the first N: higher is better.
      x.higher_better = root.op == ir::Op::kBottom ? !sort->keys.front().descending
                                                   : sort->keys.front().descending;
      // What the tier reaches, through the definitions it reads in turn.
      std::set<std::int32_t> params, seen;
      std::vector<std::int32_t> defs{d};
      while (!defs.empty()) {
        const std::int32_t next = defs.back();
        defs.pop_back();
        if (!seen.insert(next).second) continue;
        const ir::Definition& read = p.definitions[static_cast<size_t>(next)];
        if (read.root == ir::kNoNode) continue;
        // Inside the score, a number is the score's own, not a line.
        const bool in_score =
            x.score != nullptr && next == static_cast<std::int32_t>(x.score - p.definitions.data());
        for (ir::NodeId id : ir::Reached(p, read.root)) {
          const ir::Node& n = p.At(id);
          if (n.op == ir::Op::kParam &&
              p.params[static_cast<size_t>(n.slot)].display.kind == ir::ValueKind::kNumber) {
            params.insert(n.slot);
            if (!in_score) x.line_params.push_back(n.slot);
          } else if (n.op == ir::Op::kConst && n.kind == ir::ValueKind::kNumber && !in_score) {
            x.constants.push_back(n.constant.number);
          }
        }
        // Not inside the score: what the score reads changes with it.
        if (!in_score) {
          for (std::int32_t r : read.reads) defs.push_back(r);
        }
      }
      x.params.assign(params.begin(), params.end());
      // The score's inputs on the unit's own row, bounded by a 范围: where a
      // single cell could move it.
      if (x.score != nullptr) {
        std::set<std::int32_t> inputs;
        for (ir::NodeId id : ir::Reached(p, x.score->root)) {
          const ir::Node& n = p.At(id);
          if (n.op != ir::Op::kInput || n.table != t) continue;
          const ir::Column& c =
              p.tables[static_cast<size_t>(t)].columns[static_cast<size_t>(n.slot)];
          if (c.display.kind == ir::ValueKind::kNumber && c.range_low && c.range_high)
            inputs.insert(n.slot);
        }
        x.inputs.assign(inputs.begin(), inputs.end());
      }
      out.push_back(std::move(x));
    }
  }
  return out;
}

/// The program with each score definition reading a probe: 如果 键 = 〈单位〉
/// 则 〈分数〉 否则 〈原式〉, the two parameters added at the end (one pair per
/// score definition, in `probes`).
struct Probe {
  std::int32_t unit_param = -1, value_param = -1;
};

ir::Program WithProbes(const ir::Program& p, const std::vector<Tiered>& tiered,
                       std::vector<std::pair<const ir::Definition*, Probe>>& probes) {
  ir::Program out = p;
  auto add = [&](ir::Node n) {
    out.nodes.push_back(std::move(n));
    return static_cast<ir::NodeId>(out.nodes.size() - 1);
  };
  for (const Tiered& t : tiered) {
    if (t.score == nullptr || std::any_of(probes.begin(), probes.end(),
                                          [&](const auto& x) { return x.first == t.score; }))
      continue;
    ir::Definition& def = out.definitions[static_cast<size_t>(t.score - p.definitions.data())];
    Probe probe;
    ir::Node none_key;
    none_key.op = ir::Op::kConst;
    none_key.kind = ir::ValueKind::kText;
    none_key.constant.text = std::string("\x01", 1);  // names no row
    ir::Param unit;
    unit.name = "\x01probe-unit-" + def.name;
    unit.display.kind = ir::ValueKind::kText;
    unit.value = add(none_key);
    ir::Node zero;
    zero.op = ir::Op::kConst;
    zero.kind = ir::ValueKind::kNumber;
    ir::Param value;
    value.name = "\x01probe-value-" + def.name;
    value.display = def.display;
    value.value = add(zero);
    probe.unit_param = static_cast<std::int32_t>(out.params.size());
    out.params.push_back(std::move(unit));
    probe.value_param = static_cast<std::int32_t>(out.params.size());
    out.params.push_back(std::move(value));
    auto node = [&](ir::Op op, ir::ValueKind kind, std::int32_t slot,
                    std::vector<ir::NodeId> kids) {
      ir::Node n;
      n.op = op;
      n.kind = kind;
      n.slot = slot;
      n.table = def.table;
      n.kids = std::move(kids);
      n.span = def.span;
      return add(std::move(n));
    };
    const ir::NodeId key = node(ir::Op::kKey, ir::ValueKind::kText, -1, {});
    const ir::NodeId who = node(ir::Op::kParam, ir::ValueKind::kText, probe.unit_param, {});
    const ir::NodeId is = node(ir::Op::kCompare, ir::ValueKind::kBool, -1, {key, who});
    const ir::NodeId value_node = node(ir::Op::kParam, def.display.kind, probe.value_param, {});
    def.root = node(ir::Op::kIf, def.display.kind, -1, {is, value_node, def.root});
    probes.push_back({t.score, probe});
  }
  return out;
}

class Prober {
 public:
  Prober(const ir::Program& program, const column::Dataset& data)
      : data_(data), baseline_(program, data) {}

  const exec::Results& base() const { return baseline_.results(); }

  /// The tier code of `row` in `tier` with `overrides` (on `data`, whose
  /// `edited` columns may differ from the baseline's), or -1.
  std::int32_t TierOf(const ir::Definition& tier, size_t row,
                      const std::vector<exec::Override>& overrides,
                      const column::Dataset* data = nullptr,
                      const std::vector<exec::ColumnId>& edited = {}) {
    baseline_.Rerun(data != nullptr ? *data : data_, overrides, edited, results_);
    ++probes_;
    const column::Column& c =
        results_.results().tables[static_cast<size_t>(tier.table)][static_cast<size_t>(tier.slot)];
    return c.Has(row) ? c.codes[row] : -1;
  }
  size_t probes() const { return probes_; }

 private:
  const column::Dataset& data_;
  exec::Baseline baseline_;
  exec::ScenarioResults results_;
  size_t probes_ = 0;
};

column::Column Number(ir::ValueKind kind, const Decimal& v) {
  column::Column c(kind, 1);
  c.SetNumber(0, v);
  return c;
}

/// The first index in [0, n) at which `pred` holds, if it holds at n - 1
/// (the predicate is taken to hold from some index on).
template <typename Pred>
std::optional<size_t> FirstTrue(size_t n, Pred pred) {
  if (n == 0 || !pred(n - 1)) return std::nullopt;
  size_t lo = 0, hi = n - 1;  // pred(hi) holds
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

/// The step of the grid a parameter or a cell moves on: 1 for integers,
/// else 0.01.
Decimal GridStep(const ir::Display& display) {
  return display.integer ? Decimal::FromInt(1) : Decimal::FromRaw(Decimal::FromInt(1).Raw() / 100);
}

/// A value moved alone and the tier it gives.
struct Flip {
  Decimal value;
  std::int32_t tier = -1;
};

/// From `from`, up (`dir` 1) or down (-1) by `step`, at most `steps` steps:
/// the nearest value at which `tier_at` is not `tier` (taken to stay
/// changed once it has), and the tier there.
template <typename TierAt>
std::optional<Flip> NearestFlip(const Decimal& from, const Decimal& step, int dir, size_t steps,
                                std::int32_t tier, TierAt tier_at) {
  auto value_at = [&](size_t j) {
    Decimal offset, v = from;
    if (step.Mul(Decimal::FromInt(static_cast<std::int64_t>(j + 1)), &offset))
      (void)(dir > 0 ? from.Add(offset, &v) : from.Sub(offset, &v));
    return v;
  };
  const std::optional<size_t> j =
      FirstTrue(steps, [&](size_t i) { return tier_at(value_at(i)) != tier; });
  if (!j) return std::nullopt;
  const Decimal v = value_at(*j);
  return Flip{v, tier_at(v)};
}

}  // namespace

void Margins(const WhatIfRequest& request, const Prepared& prepared, RunOutcome& outcome) {
  const bool zh = request.run.lang == base::Lang::kZh;
  const ir::Program& original = prepared.program;
  const column::Dataset& data = prepared.loaded.data;
  std::vector<Tiered> tiered = FindTiered(original);
  if (tiered.empty()) {
    outcome.err += zh ? "arl: --margins: 规则没有按分数排序的 分等 输出\n"
                      : "arl: --margins: the rules have no 分等 output sorted by a score\n";
    outcome.exit = kExitUsage;
    return;
  }
  std::vector<std::pair<const ir::Definition*, Probe>> probes;
  const ir::Program program = WithProbes(original, tiered, probes);
  Prober prober(program, data);
  const exec::Results& base = prober.base();  // the results of the rules as written
  for (Tiered& t : tiered) {
    for (std::int32_t pi : t.line_params)
      t.constants.push_back(base.params[static_cast<size_t>(pi)].Number(0));
  }
  column::Dataset probe_data = data;  // a score that is an input column moves here
  const Decimal tiny = Decimal::FromRaw(1);

  std::string text, json = "{\"policy\": ";
  io::JsonString(json, original.policy);
  json += ", \"margins\": [";
  size_t json_units = 0;
  size_t total = 0, done = 0;  // units, for the progress bar
  for (const Tiered& t : tiered) total += data.tables[static_cast<size_t>(t.table)].rows;
  for (const Tiered& t : tiered) {
    const ir::Table& table = original.tables[static_cast<size_t>(t.table)];
    const column::TableData& td = data.tables[static_cast<size_t>(t.table)];
    const column::Column& scores =
        t.score != nullptr
            ? base.tables[static_cast<size_t>(t.table)][static_cast<size_t>(t.score->slot)]
            : td.columns[static_cast<size_t>(t.score_column)];
    const ir::Display& score_display =
        t.score != nullptr ? t.score->display
                           : table.columns[static_cast<size_t>(t.score_column)].display;
    const std::string& score_name = t.score != nullptr
                                        ? t.score->name
                                        : table.columns[static_cast<size_t>(t.score_column)].name;
    const std::vector<exec::ColumnId> score_edit =
        t.score != nullptr ? std::vector<exec::ColumnId>{}
                           : std::vector<exec::ColumnId>{{t.table, t.score_column}};
    const column::Column& tiers =
        base.tables[static_cast<size_t>(t.table)][static_cast<size_t>(t.tier->slot)];
    Probe probe;  // none for a score that is an input column
    for (const auto& [def, p] : probes) {
      if (def == t.score) probe = p;
    }
    const std::vector<std::int32_t> group_columns = GroupColumns(original, t.table);
    auto group_of = [&](size_t r) { return GroupName(original, data, t.table, group_columns, r); };
    const auto& labels = t.labels;
    auto label = [&](std::int32_t code) {
      return code < 0 ? std::string(zh ? "(无等次)" : "(no tier)")
                      : labels[static_cast<size_t>(code)];
    };
    auto score_text = [&](const Decimal& v) {
      column::Column c = Number(ir::ValueKind::kNumber, v);
      return io::WrittenValue(original, data, score_display, c, 0);
    };
    text += fmt::format(
        zh ? "{}.{} (按 {} 排序){}\n" : "{}.{} (sorted by {}){}\n", table.name, t.tier->name,
        score_name, group_columns.empty() ? "" : fmt::format(zh ? ", 分组内" : ", within groups"));
    for (size_t r = 0; r < td.rows; ++r) {
      if (request.progress) request.progress(++done, total);
      const std::string key = r < td.keys.size() ? std::string(td.keys[r]) : std::to_string(r + 1);
      const std::string group = group_of(r);
      if (!scores.Has(r) || !tiers.Has(r)) {
        text += fmt::format(zh ? "  {} [{}]: 没有分数或等次\n" : "  {} [{}]: no score or tier\n",
                            key, group);
        continue;
      }
      const Decimal s = scores.Number(r);
      const std::int32_t k = tiers.codes[r];
      // Candidate scores: the other units' of the group, and the numbers of the conditions.
      std::vector<Decimal> candidates = t.constants;
      candidates.push_back(s);
      std::vector<std::pair<Decimal, std::string>> others;  // score, unit
      for (size_t o = 0; o < td.rows; ++o) {
        if (o == r || !scores.Has(o) || group_of(o) != group) continue;
        candidates.push_back(scores.Number(o));
        others.push_back({scores.Number(o), o < td.keys.size() ? std::string(td.keys[o]) : ""});
      }
      std::sort(candidates.begin(), candidates.end(),
                [](const Decimal& a, const Decimal& b) { return a.Compare(b) < 0; });
      candidates.erase(
          std::unique(candidates.begin(), candidates.end(),
                      [](const Decimal& a, const Decimal& b) { return a.Compare(b) == 0; }),
          candidates.end());
      // The score moved: through the probe parameters, or in a copy of the
      // input column.
      std::vector<exec::Override> overrides;
      if (t.score != nullptr) {
        overrides.resize(2);
        overrides[0] = {probe.unit_param, column::Column(ir::ValueKind::kText, 1)};
        overrides[0].value.SetText(0, key);
        overrides[1] = {probe.value_param, Number(ir::ValueKind::kNumber, s)};
      }
      auto tier_at = [&](const Decimal& v) {
        if (t.score != nullptr) {
          overrides[1].value.SetNumber(0, v);
          return prober.TierOf(*t.tier, r, overrides);
        }
        column::Column& cell = probe_data.tables[static_cast<size_t>(t.table)]
                                   .columns[static_cast<size_t>(t.score_column)];
        cell.SetNumber(r, v);
        const std::int32_t code = prober.TierOf(*t.tier, r, overrides, &probe_data, score_edit);
        cell.SetNumber(r, s);
        return code;
      };
      // Moving the score toward better (up) or worse (down): the nearest
      // candidate c (or just past it) at which the tier changes that way.
      struct Found {
        Decimal at;
        bool strict = false;  // just past `at`
        bool rising = true;   // the score went up
        std::int32_t tier = -1;
      };
      auto search = [&](bool up) -> std::optional<Found> {
        const bool rising = up == t.higher_better;  // the score goes up
        std::vector<Decimal> side;
        for (const Decimal& c : candidates) {
          // The score itself too: a line at it may be crossed just past it.
          if (rising ? c.Compare(s) >= 0 : c.Compare(s) <= 0) side.push_back(c);
        }
        if (!rising) std::reverse(side.begin(), side.end());
        // Beyond every candidate: a score far past them.
        Decimal far = side.empty() ? s : side.back();
        Decimal span = Decimal::FromInt(1000);
        Decimal beyond;
        if (rising ? far.Add(span, &beyond) : far.Sub(span, &beyond)) side.push_back(beyond);
        auto better = [&](std::int32_t code) {
          return up ? t.Rank(code) < t.Rank(k) : t.Rank(code) > t.Rank(k);
        };
        std::vector<std::optional<Found>> memo(side.size());
        auto moved = [&](size_t i) {
          if (!memo[i]) {
            Found f;
            f.at = side[i];
            f.rising = rising;
            f.tier = tier_at(side[i]);
            if (!better(f.tier)) {
              Decimal past;
              if (rising ? side[i].Add(tiny, &past) : side[i].Sub(tiny, &past)) {
                f.tier = tier_at(past);
                f.strict = true;
              }
            }
            memo[i] = f;
          }
          return better(memo[i]->tier);
        };
        const std::optional<size_t> i = FirstTrue(side.size(), moved);
        if (!i) return std::nullopt;
        return memo[*i];
      };
      std::vector<std::string> parts;
      std::string unit_json;
      for (bool up : {true, false}) {
        const std::optional<Found> f = search(up);
        std::string part;
        unit_json += up ? "\"up\": " : ", \"down\": ";
        if (!f) {
          part = up ? (zh ? "升: 靠分数升不了" : "up: not by score")
                    : (zh ? "降: 靠分数降不了" : "down: not by score");
          if (up && t.Rank(k) == 0) part = zh ? "升: 已是最高等次" : "up: already the top tier";
          unit_json += "null";
        } else {
          Decimal delta;
          (void)f->at.Sub(s, &delta);
          // The unit at the line, when the line is another unit's score (as
          // under a quota) rather than a number of the conditions.
          std::string boundary;
          const bool constant =
              std::any_of(t.constants.begin(), t.constants.end(),
                          [&](const Decimal& c) { return c.Compare(f->at) == 0; });
          for (const auto& [score, name] : others) {
            if (constant) break;
            if (score.Compare(f->at) == 0) {
              boundary = name;
              break;
            }
          }
          const char* op = f->strict ? (f->rising ? ">" : "<") : (f->rising ? "≥" : "≤");
          // How far: `+2.5分`, `超过 +30.3分`, or `稍高于现在` when the line is
          // the unit's own score.
          std::string change = Signed(delta, score_display.unit);
          if (f->strict && delta.IsZero()) {
            change = f->rising ? (zh ? "稍高于现在" : "just above now")
                               : (zh ? "稍低于现在" : "just below now");
          } else if (f->strict) {
            change = (f->rising ? (zh ? "超过 " : "more than ") : (zh ? "低于 " : "less than ")) +
                     change;
          }
          part = fmt::format(
              "{} {}: {} {} {} ({}){}", up ? (zh ? "升" : "up") : (zh ? "降" : "down"),
              label(f->tier), score_name, op, score_text(f->at), change,
              boundary.empty() ? ""
                               : fmt::format(zh ? ", 与 {} 同分" : ", level with {}", boundary));
          unit_json += fmt::format("{{\"tier\": ");
          io::JsonString(unit_json, label(f->tier));
          unit_json +=
              fmt::format(", \"score\": \"{}\", \"strict\": {}, \"change\": \"{}\", \"boundary\": ",
                          f->at.ToString(), f->strict, delta.ToString());
          io::JsonString(unit_json, boundary);
          unit_json += "}";
        }
        parts.push_back(std::move(part));
      }
      // Each parameter the tier reaches, moved alone: the nearest value each
      // way at which this unit's tier changes.
      std::vector<exec::Override> as_computed = overrides;  // the score as computed
      if (!as_computed.empty()) as_computed[0].value.SetText(0, "");
      std::vector<std::string> param_parts;
      unit_json += ", \"params\": [";
      size_t param_count = 0;
      for (std::int32_t pi : t.params) {
        const ir::Param& param = original.params[static_cast<size_t>(pi)];
        const Decimal p0 = base.params[static_cast<size_t>(pi)].Number(0);
        std::vector<exec::Override> with_param = as_computed;
        with_param.push_back({pi, Number(ir::ValueKind::kNumber, p0)});
        for (int dir : {1, -1}) {
          // A count goes no lower than 0.
          const size_t steps =
              !param.display.integer ? 100000
              : dir > 0              ? td.rows + 1
                        : static_cast<size_t>(std::max<std::int64_t>(0, p0.ToInt64().value_or(0)));
          const std::optional<Flip> f =
              NearestFlip(p0, GridStep(param.display), dir, steps, k, [&](const Decimal& v) {
                with_param.back().value.SetNumber(0, v);
                return prober.TierOf(*t.tier, r, with_param);
              });
          if (!f) continue;
          column::Column c = Number(ir::ValueKind::kNumber, f->value);
          const std::string written = io::WrittenValue(original, data, param.display, c, 0);
          param_parts.push_back(fmt::format("{} {} → {}", param.name, written, label(f->tier)));
          unit_json += param_count++ > 0 ? ", {\"param\": " : "{\"param\": ";
          io::JsonString(unit_json, param.name);
          unit_json += ", \"value\": ";
          io::JsonString(unit_json, written);
          unit_json += ", \"tier\": ";
          io::JsonString(unit_json, label(f->tier));
          unit_json += "}";
        }
      }
      unit_json += "], \"inputs\": [";
      // Each such input cell of the unit, moved alone within its 范围 on the
      // same grid: the nearest value each way that changes the tier.
      std::vector<std::string> input_parts;
      size_t input_count = 0;
      for (std::int32_t ci : t.inputs) {
        const ir::Column& col = table.columns[static_cast<size_t>(ci)];
        column::Column& cells =
            probe_data.tables[static_cast<size_t>(t.table)].columns[static_cast<size_t>(ci)];
        if (!cells.Has(r)) continue;
        const Decimal v0 = cells.Number(r);
        const Decimal step = GridStep(col.display);
        const std::vector<exec::ColumnId> edited{{t.table, ci}};
        for (int dir : {1, -1}) {
          // The steps to the end of the 范围 (at most a million).
          const Decimal bound = dir > 0 ? *col.range_high : *col.range_low;
          Decimal span, count;
          if (!(dir > 0 ? bound.Sub(v0, &span) : v0.Sub(bound, &span)) || span.IsNegative() ||
              span.Div(step, 0, value::Rounding::kDown, &count) != value::DivStatus::kOk)
            continue;
          const size_t steps = static_cast<size_t>(
              std::min<std::int64_t>(count.ToInt64().value_or(1000000), 1000000));
          const std::optional<Flip> f = NearestFlip(v0, step, dir, steps, k, [&](const Decimal& v) {
            cells.SetNumber(r, v);
            const std::int32_t code = prober.TierOf(*t.tier, r, as_computed, &probe_data, edited);
            cells.SetNumber(r, v0);
            return code;
          });
          if (!f) continue;
          column::Column c = Number(ir::ValueKind::kNumber, f->value);
          column::Column c0 = Number(ir::ValueKind::kNumber, v0);
          const std::string from = io::WrittenValue(original, data, col.display, c0, 0);
          const std::string to = io::WrittenValue(original, data, col.display, c, 0);
          input_parts.push_back(fmt::format("{} {} → {} → {}", col.name, from, to, label(f->tier)));
          unit_json += input_count++ > 0 ? ", {\"input\": " : "{\"input\": ";
          io::JsonString(unit_json, col.name);
          unit_json += ", \"from\": ";
          io::JsonString(unit_json, from);
          unit_json += ", \"to\": ";
          io::JsonString(unit_json, to);
          unit_json += ", \"tier\": ";
          io::JsonString(unit_json, label(f->tier));
          unit_json += "}";
        }
      }
      unit_json += "]";
      text += fmt::format("  {}{} {} {}: {}", key, group.empty() ? "" : " [" + group + "]",
                          label(k), score_text(s), fmt::join(parts, "; "));
      if (!param_parts.empty())
        text += fmt::format(zh ? "; 单改参数: {}" : "; one parameter: {}",
                            fmt::join(param_parts, ", "));
      if (!input_parts.empty())
        text += fmt::format(zh ? "; 单改数据: {}" : "; one cell: {}", fmt::join(input_parts, ", "));
      text += "\n";
      json += json_units++ > 0 ? ",\n  {\"table\": " : "\n  {\"table\": ";
      io::JsonString(json, table.name);
      json += ", \"output\": ";
      io::JsonString(json, t.tier->name);
      json += ", \"unit\": ";
      io::JsonString(json, key);
      json += ", \"group\": ";
      io::JsonString(json, group);
      json += ", \"tier\": ";
      io::JsonString(json, label(k));
      json += fmt::format(", \"score\": \"{}\", ", s.ToString()) + unit_json + "}";
    }
  }
  json += "\n]}\n";
  std::string out = request.format == "json" ? json : text;
  if (request.run.output.empty()) {
    outcome.out = std::move(out);
  } else {
    outcome.files[request.run.output] = std::move(out);
  }
  outcome.exit = prepared.loaded.HasErrors() || !base.errors.empty() ? kExitErrors : kExitOk;
}

}  // namespace arl::driver
