// `arl whatif`: the baseline and each scenario, evaluated on the same data
// (or on the data with the scenario's rows removed and added), compared unit
// by unit.
#include "compiler/driver/whatif.h"

#include <sys/stat.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/base/render.h"
#include "compiler/base/suggest.h"
#include "compiler/driver/margins.h"
#include "compiler/driver/scenario.h"
#include "compiler/driver/sweep.h"
#include "runtime/exec/exec.h"
#include "runtime/exec/incremental.h"
#include "runtime/io/load.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

using value::Decimal;

/// What an output is to an analyst: a place, a tier (an enumeration listed
/// best first), money, or another value.
enum class Kind { kValue, kRank, kTier, kMoney };

Kind KindOf(const ir::Program& program, const ir::Definition& def) {
  if (def.display.kind == ir::ValueKind::kEnum) return Kind::kTier;
  if (def.root != ir::kNoNode && program.At(def.root).op == ir::Op::kRank) return Kind::kRank;
  if (def.display.kind == ir::ValueKind::kNumber &&
      (def.display.unit == "元" || def.display.unit == "万元"))
    return Kind::kMoney;
  return Kind::kValue;
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kRank:
      return "rank";
    case Kind::kTier:
      return "tier";
    case Kind::kMoney:
      return "money";
    case Kind::kValue:
      break;
  }
  return "value";
}

/// One output of one unit that differs.
struct OutputDiff {
  std::string output;
  Kind kind = Kind::kValue;
  std::string before, after;  // as written; "" when the unit is not there
  std::string change;         // `上升 2 位`, `降 1 等`, `+500元`; "" for other values
  std::string delta;          // places up, tiers up, or the money's change
};

struct UnitDiff {
  std::string table, unit, group;
  bool removed = false, added = false;
  std::vector<OutputDiff> outputs;
};

/// Per output: the rows that changed and, for numbers, the total change.
struct OutputSummary {
  std::string table, output;
  size_t changed = 0;
  std::string total;  // "" for values that are not numbers
};

/// Per group of a table: units up and down a tier (per tier output), and
/// the change of each money output.
struct GroupSummary {
  std::string table, group;
  std::vector<std::pair<std::string, std::pair<size_t, size_t>>> tiers;  // output → (up, down)
  std::vector<std::pair<std::string, std::string>> money;                // output → change
};

/// One scenario compared with the baseline.
struct Comparison {
  const Scenario* scenario = nullptr;
  std::vector<std::string> params;  // `不合格线: 90分 → 85分`
  std::vector<std::string> cells;   // `单位[丙].否决: 是 → 否`
  std::vector<std::string> rows;    // `删除 单位[区委办]`, `新增 单位 2 行`
  std::vector<UnitDiff> units;
  std::vector<OutputSummary> outputs;
  std::vector<GroupSummary> groups;
  size_t errors = 0;  // evaluation errors under the scenario
};

/// The name of row `r` of table `t`: its key, or `file:line` for a record.
std::string RowName(const column::Dataset& data, std::int32_t t, size_t r) {
  const column::TableData& td = data.tables[static_cast<size_t>(t)];
  if (r < td.keys.size()) return std::string(td.keys[r]);
  if (r < td.origins.size())
    return fmt::format("{}:{}", data.files[static_cast<size_t>(td.origins[r].file)],
                       td.origins[r].line);
  return "";
}

class Comparer {
 public:
  Comparer(const ir::Program& program, base::Lang lang)
      : p_(program), zh_(lang == base::Lang::kZh) {}

  /// Compares the results of every result table, unit by unit (matched by
  /// name), and sums per output and per group.
  void Compare(const column::Dataset& a_data, const exec::Results& a, const column::Dataset& b_data,
               const exec::Results& b, Comparison& out) {
    for (std::int32_t t : io::ResultTables(p_)) {
      const ir::Table& table = p_.tables[static_cast<size_t>(t)];
      const std::vector<std::int32_t> group_columns = GroupColumns(p_, t);
      std::vector<const ir::Definition*> outputs;
      for (std::int32_t d : table.definitions) {
        const ir::Definition& def = p_.definitions[static_cast<size_t>(d)];
        if (def.output) outputs.push_back(&def);
      }
      std::map<std::string, size_t> b_rows;
      for (size_t r = 0; r < b_data.tables[static_cast<size_t>(t)].rows; ++r)
        b_rows.emplace(RowName(b_data, t, r), r);
      std::vector<OutputSummary> sums(outputs.size());
      std::vector<Decimal> totals(outputs.size());
      std::vector<bool> overflow(outputs.size(), false);
      std::map<std::string, GroupState> groups;
      std::vector<std::string> group_order;

      auto unit = [&](std::optional<size_t> ra, std::optional<size_t> rb) {
        UnitDiff u;
        u.table = table.name;
        u.unit = ra ? RowName(a_data, t, *ra) : RowName(b_data, t, *rb);
        u.removed = !rb;
        u.added = !ra;
        u.group = ra ? GroupName(p_, a_data, t, group_columns, *ra)
                     : GroupName(p_, b_data, t, group_columns, *rb);
        auto [it, fresh] = groups.try_emplace(u.group, GroupState(outputs.size()));
        if (fresh) group_order.push_back(u.group);
        GroupState& g = it->second;
        for (size_t i = 0; i < outputs.size(); ++i) {
          const ir::Definition& def = *outputs[i];
          const column::Column* ca =
              ra ? &a.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)] : nullptr;
          const column::Column* cb =
              rb ? &b.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)] : nullptr;
          OutputDiff o;
          o.output = def.name;
          o.kind = KindOf(p_, def);
          if (ca != nullptr) o.before = Written(a_data, def, *ca, *ra);
          if (cb != nullptr) o.after = Written(b_data, def, *cb, *rb);
          if (ca != nullptr && cb != nullptr && o.before == o.after) continue;
          const bool both = ca != nullptr && cb != nullptr && ca->Has(*ra) && cb->Has(*rb);
          // Numbers: the change, counted in the output's total (a unit
          // removed or added counts as from or to nothing; an error or a
          // missing value on either side counts nowhere).
          std::optional<Decimal> step;
          const bool has_a = ca == nullptr || ca->Has(*ra), has_b = cb == nullptr || cb->Has(*rb);
          if (def.display.kind == ir::ValueKind::kNumber && has_a && has_b) {
            const Decimal x = ca != nullptr ? ca->Number(*ra) : Decimal();
            const Decimal y = cb != nullptr ? cb->Number(*rb) : Decimal();
            Decimal d;
            if (y.Sub(x, &d)) step = d;
          }
          ++sums[i].changed;
          if (def.display.kind == ir::ValueKind::kNumber && has_a && has_b) {
            Decimal total;
            if (step && totals[i].Add(*step, &total)) {
              totals[i] = total;
            } else {
              overflow[i] = true;
            }
          }
          if (both) Describe(def, *ca, *ra, *cb, *rb, o, g.tiers[i]);
          if (o.kind == Kind::kMoney && has_a && has_b) {
            Decimal sum;
            if (step && g.money[i].Add(*step, &sum)) {
              g.money[i] = sum;
            } else {
              g.money_overflow[i] = true;
            }
            g.money_changed[i] = true;
            if (step && !both) o.change = Signed(*step, def.display.unit);
          }
          u.outputs.push_back(std::move(o));
        }
        if (!u.outputs.empty()) out.units.push_back(std::move(u));
      };
      for (size_t r = 0; r < a_data.tables[static_cast<size_t>(t)].rows; ++r) {
        const auto it = b_rows.find(RowName(a_data, t, r));
        if (it == b_rows.end()) {
          unit(r, std::nullopt);
          continue;
        }
        unit(r, it->second);
        b_rows.erase(it);
      }
      // Units only the scenario has, in its order.
      std::vector<size_t> added;
      for (const auto& [name, r] : b_rows) added.push_back(r);
      std::sort(added.begin(), added.end());
      for (size_t r : added) unit(std::nullopt, r);

      for (size_t i = 0; i < outputs.size(); ++i) {
        if (sums[i].changed == 0) continue;
        sums[i].table = table.name;
        sums[i].output = outputs[i]->name;
        if (outputs[i]->display.kind == ir::ValueKind::kNumber &&
            KindOf(p_, *outputs[i]) != Kind::kRank)
          sums[i].total =
              overflow[i] ? (zh_ ? "(溢出)" : "(overflow)") : Total(outputs[i]->display, totals[i]);
        out.outputs.push_back(std::move(sums[i]));
      }
      for (const std::string& name : group_order) {
        const GroupState& g = groups.at(name);
        GroupSummary s;
        s.table = table.name;
        s.group = name;
        for (size_t i = 0; i < outputs.size(); ++i) {
          if (g.tiers[i].first + g.tiers[i].second > 0)
            s.tiers.push_back({outputs[i]->name, g.tiers[i]});
          if (g.money_changed[i])
            s.money.push_back({outputs[i]->name,
                               g.money_overflow[i] ? (zh_ ? "(溢出)" : "(overflow)")
                                                   : Signed(g.money[i], outputs[i]->display.unit)});
        }
        if (!s.tiers.empty() || !s.money.empty()) out.groups.push_back(std::move(s));
      }
    }
  }

 private:
  struct GroupState {
    explicit GroupState(size_t n)
        : tiers(n), money(n), money_changed(n, false), money_overflow(n, false) {}
    std::vector<std::pair<size_t, size_t>> tiers;  // up, down
    std::vector<Decimal> money;
    std::vector<bool> money_changed, money_overflow;
  };

  std::string Written(const column::Dataset& data, const ir::Definition& def,
                      const column::Column& c, size_t r) const {
    if (c.state[r] == column::State::kError) return zh_ ? "(出错)" : "(error)";
    return io::WrittenValue(p_, data, def.display, c, r);
  }

  /// Rank moves, tier steps and money changes of a unit present in both.
  void Describe(const ir::Definition& def, const column::Column& a, size_t ra,
                const column::Column& b, size_t rb, OutputDiff& o,
                std::pair<size_t, size_t>& tiers) const {
    if (o.kind == Kind::kRank) {
      Decimal up;  // places gained: the old place less the new
      if (!a.Number(ra).Sub(b.Number(rb), &up)) return;
      o.delta = up.ToString();
      const bool rose = up.Compare(Decimal()) > 0;
      Decimal places = up;
      if (!rose && !Decimal().Sub(up, &places)) return;
      o.change =
          fmt::format(zh_ ? (rose ? "上升 {} 位" : "下降 {} 位") : (rose ? "up {}" : "down {}"),
                      places.ToString());
    } else if (o.kind == Kind::kTier) {
      const std::int32_t steps = a.codes[ra] - b.codes[rb];  // listed best first
      o.delta = std::to_string(steps);
      const std::int32_t n = steps > 0 ? steps : -steps;
      o.change = fmt::format(zh_ ? (steps > 0 ? "升 {} 等" : "降 {} 等")
                                 : (steps > 0 ? "up {} tier{}" : "down {} tier{}"),
                             n, zh_ || n == 1 ? "" : "s");
      (steps > 0 ? tiers.first : tiers.second) += 1;
    } else if (o.kind == Kind::kMoney) {
      Decimal d;
      if (!b.Number(rb).Sub(a.Number(ra), &d)) return;
      o.delta = d.ToString();
      o.change = Signed(d, def.display.unit);
    }
  }

  std::string Total(const ir::Display& display, const Decimal& total) const {
    Decimal hundredfold;
    if (display.percent && total.Mul(Decimal::FromInt(100), &hundredfold))
      return hundredfold.ToString() + "%";
    return total.ToString() + display.unit;
  }

  const ir::Program& p_;
  bool zh_;
};

// ---- output ---------------------------------------------------------------------------

std::string Heading(const Comparison& c, bool zh) {
  const Scenario& s = *c.scenario;
  std::string out = fmt::format(zh ? "基准 → 情景 \"{}\"" : "baseline → scenario \"{}\"", s.name);
  if (!s.where.empty()) out += fmt::format(" ({})", s.where);
  if (!s.clauses.empty())
    out += fmt::format(zh ? " 依据 {}" : " cites {}", fmt::join(s.clauses, ", "));
  if (!s.assumptions.empty())
    out += fmt::format(zh ? " 假定 {}" : " assumes {}", fmt::join(s.assumptions, ", "));
  return out + "\n";
}

std::string Text(const std::vector<Comparison>& comparisons, bool zh) {
  std::string out;
  for (const Comparison& c : comparisons) {
    if (!out.empty()) out += "\n";
    out += Heading(c, zh);
    for (const std::string& line : c.params)
      out += fmt::format(zh ? "  参数 {}\n" : "  parameter {}\n", line);
    for (const std::string& line : c.cells) out += "  " + line + "\n";
    for (const std::string& line : c.rows) out += "  " + line + "\n";
    for (const UnitDiff& u : c.units) {
      std::vector<std::string> parts;
      if (u.removed || u.added) {
        parts.push_back(u.removed ? (zh ? "(已删除)" : "(removed)") : (zh ? "(新增)" : "(added)"));
      }
      for (const OutputDiff& o : u.outputs) {
        std::string part;
        if (u.removed) {
          part = fmt::format("{} {}", o.output, o.before);
        } else if (u.added) {
          part = fmt::format("{} {}", o.output, o.after);
        } else {
          part = fmt::format("{} {} → {}", o.output, o.before, o.after);
          if (!o.change.empty()) part += fmt::format(" ({})", o.change);
        }
        parts.push_back(std::move(part));
      }
      out += fmt::format("  {}[{}]: {}\n", u.table, u.unit, fmt::join(parts, "; "));
    }
    out += fmt::format(zh ? "{} 行的结果不同\n" : "{} rows differ\n", c.units.size());
    if (!c.outputs.empty()) out += zh ? "汇总:\n" : "summary:\n";
    for (const OutputSummary& s : c.outputs) {
      out += fmt::format(zh ? "  {}.{}: {} 行改变" : "  {}.{}: {} rows changed", s.table, s.output,
                         s.changed);
      if (!s.total.empty()) out += fmt::format(zh ? ", 合计变化 {}" : ", total change {}", s.total);
      out += "\n";
    }
    if (!c.groups.empty()) out += zh ? "分组:\n" : "by group:\n";
    for (const GroupSummary& g : c.groups) {
      std::vector<std::string> parts;
      for (const auto& [output, moves] : g.tiers)
        parts.push_back(fmt::format(zh ? "{} 升 {} 降 {}" : "{} up {} down {}", output, moves.first,
                                    moves.second));
      for (const auto& [output, change] : g.money)
        parts.push_back(fmt::format("{} {}", output, change));
      out += fmt::format("  {} {}: {}\n", g.table,
                         g.group.empty() ? (zh ? "全部" : "all") : g.group, fmt::join(parts, "; "));
    }
    if (c.errors > 0)
      out += fmt::format(zh ? "情景下有 {} 处计算出错 (见 stderr)\n"
                            : "{} evaluation errors under the scenario (see stderr)\n",
                         c.errors);
  }
  return out;
}

std::string Csv(const std::vector<Comparison>& comparisons, bool zh) {
  std::string out = zh ? "情景,表,单位,分组,输出,类别,原值,新值,变化\n"
                       : "scenario,table,unit,group,output,kind,before,after,change\n";
  for (const Comparison& c : comparisons) {
    for (const UnitDiff& u : c.units) {
      for (const OutputDiff& o : u.outputs) {
        for (const std::string* field :
             {&c.scenario->name, &u.table, &u.unit, &u.group, &o.output}) {
          io::CsvField(out, *field);
          out += ',';
        }
        out += KindName(o.kind);
        for (const std::string* field : {&o.before, &o.after, &o.change}) {
          out += ',';
          io::CsvField(out, *field);
        }
        out += "\n";
      }
    }
  }
  return out;
}

void JsonStrings(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    io::JsonString(out, list[i]);
  }
  out += ']';
}

std::string Json(const ir::Program& program, const std::vector<Comparison>& comparisons) {
  std::string out = "{\"policy\": ";
  io::JsonString(out, program.policy);
  out += ", \"scenarios\": [";
  for (size_t k = 0; k < comparisons.size(); ++k) {
    const Comparison& c = comparisons[k];
    const Scenario& s = *c.scenario;
    out += k > 0 ? ",\n  {" : "\n  {";
    out += "\"name\": ";
    io::JsonString(out, s.name);
    out += ", \"where\": ";
    io::JsonString(out, s.where);
    out += ", \"clauses\": ";
    JsonStrings(out, s.clauses);
    out += ", \"assumptions\": ";
    JsonStrings(out, s.assumptions);
    out += ",\n   \"params\": ";
    JsonStrings(out, c.params);
    out += ", \"cells\": ";
    JsonStrings(out, c.cells);
    out += ", \"rows\": ";
    JsonStrings(out, c.rows);
    out += ",\n   \"units\": [";
    for (size_t i = 0; i < c.units.size(); ++i) {
      const UnitDiff& u = c.units[i];
      out += i > 0 ? ",\n     {" : "\n     {";
      out += "\"table\": ";
      io::JsonString(out, u.table);
      out += ", \"unit\": ";
      io::JsonString(out, u.unit);
      out += ", \"group\": ";
      io::JsonString(out, u.group);
      out += fmt::format(", \"removed\": {}, \"added\": {}, \"outputs\": [", u.removed, u.added);
      for (size_t j = 0; j < u.outputs.size(); ++j) {
        const OutputDiff& o = u.outputs[j];
        out += j > 0 ? ", {" : "{";
        out += "\"output\": ";
        io::JsonString(out, o.output);
        out += fmt::format(", \"kind\": \"{}\", \"before\": ", KindName(o.kind));
        io::JsonString(out, o.before);
        out += ", \"after\": ";
        io::JsonString(out, o.after);
        out += ", \"change\": ";
        io::JsonString(out, o.change);
        out += ", \"delta\": ";
        io::JsonString(out, o.delta);
        out += "}";
      }
      out += "]}";
    }
    out += "],\n   \"outputs\": [";
    for (size_t i = 0; i < c.outputs.size(); ++i) {
      const OutputSummary& o = c.outputs[i];
      out += i > 0 ? ", {" : "{";
      out += "\"table\": ";
      io::JsonString(out, o.table);
      out += ", \"output\": ";
      io::JsonString(out, o.output);
      out += fmt::format(", \"rows_changed\": {}, \"total_change\": ", o.changed);
      io::JsonString(out, o.total);
      out += "}";
    }
    out += "],\n   \"groups\": [";
    for (size_t i = 0; i < c.groups.size(); ++i) {
      const GroupSummary& g = c.groups[i];
      out += i > 0 ? ", {" : "{";
      out += "\"table\": ";
      io::JsonString(out, g.table);
      out += ", \"group\": ";
      io::JsonString(out, g.group);
      out += ", \"tiers\": [";
      for (size_t j = 0; j < g.tiers.size(); ++j) {
        out += j > 0 ? ", {\"output\": " : "{\"output\": ";
        io::JsonString(out, g.tiers[j].first);
        out += fmt::format(", \"up\": {}, \"down\": {}}}", g.tiers[j].second.first,
                           g.tiers[j].second.second);
      }
      out += "], \"money\": [";
      for (size_t j = 0; j < g.money.size(); ++j) {
        out += j > 0 ? ", {\"output\": " : "{\"output\": ";
        io::JsonString(out, g.money[j].first);
        out += ", \"change\": ";
        io::JsonString(out, g.money[j].second);
        out += "}";
      }
      out += "]}";
    }
    out += fmt::format("],\n   \"errors\": {}}}", c.errors);
  }
  out += "\n]}\n";
  return out;
}

bool IsFile(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

RunOutcome WhatIf(const WhatIfRequest& request) {
  RunOutcome outcome;
  const base::Lang lang = request.run.lang;
  const bool zh = lang == base::Lang::kZh;
  if (request.format != "text" && request.format != "csv" && request.format != "json") {
    outcome.err = fmt::format("arl: --format takes text, csv or json, not `{}`\n", request.format);
    outcome.exit = kExitUsage;
    return outcome;
  }
  RunRequest baseline_request = request.run;
  baseline_request.sets.clear();  // --set belongs to the command-line scenario
  std::unique_ptr<Prepared> prepared = Prepare(baseline_request, outcome, [](const char*) {});
  if (prepared == nullptr) return outcome;
  const ir::Program& program = prepared->program;
  const column::Dataset& data = prepared->loaded.data;

  if (request.margins) {
    if (!request.run.sets.empty() || !request.edits.empty() || !request.scenarios.empty() ||
        !request.sweeps.empty()) {
      outcome.err += zh ? "arl: --margins 单独用, 不和情景或扫描一起\n"
                        : "arl: --margins goes alone, without scenarios or sweeps\n";
      outcome.exit = kExitUsage;
      return outcome;
    }
    if (request.format == "csv") {
      outcome.err +=
          zh ? "arl: --margins 印成 text 或 json\n" : "arl: --margins prints text or json\n";
      outcome.exit = kExitUsage;
      return outcome;
    }
    Margins(request, *prepared, outcome);
    return outcome;
  }
  // The scenarios: the command line's, then each --scenario in order.
  std::vector<Scenario> scenarios;
  if (!request.run.sets.empty() || !request.edits.empty()) {
    std::string problem;
    std::optional<Scenario> s =
        CommandLineScenario(program, request.run.sets, request.edits, lang, problem);
    if (!s) {
      outcome.err += "arl: " + problem + "\n";
      outcome.exit = kExitUsage;
      return outcome;
    }
    scenarios.push_back(std::move(*s));
  }
  Compilation scenario_files;  // owns the parsed scenario files
  base::Diagnostics diags;
  for (const std::string& arg : request.scenarios) {
    if (IsFile(arg)) {
      if (!LoadAndParse(arg, scenario_files, diags)) continue;
      const syntax::File& file = *scenario_files.files.back();
      for (const syntax::Decl& decl : file.decls) {
        if (decl.As<syntax::ScenarioDecl>() == nullptr)
          diags.Error("E0703", decl.span,
                      base::Message{"情景文件里只能写 情景", "a scenario file holds 情景 only"});
      }
      size_t before = scenarios.size();
      for (Scenario& s : ReadScenarios(file, scenario_files.sources, program, diags))
        scenarios.push_back(std::move(s));
      if (scenarios.size() == before)
        diags.Error("E0703", base::Span{file.file, 0, 0},
                    base::Message{"这个文件里没有 情景", "this file has no 情景"});
      continue;
    }
    // A 情景 of the rule file itself, by name.
    const syntax::File& rules = *prepared->compilation.files.front();
    std::vector<std::string> names;
    bool found = false;
    for (Scenario& s : ReadScenarios(rules, prepared->compilation.sources, program, diags)) {
      names.push_back(s.name);
      if (s.name != arg) continue;
      scenarios.push_back(std::move(s));
      found = true;
    }
    if (!found) {
      outcome.err += fmt::format(
          zh ? "arl: --scenario {}: 没有这个文件, 规则文件里也没有这个名字的 情景{}\n"
             : "arl: --scenario {}: no such file, and the rule file has no 情景 of that name{}\n",
          arg, base::DidYouMean(arg, names).In(lang));
      outcome.exit = kExitUsage;
      return outcome;
    }
  }
  outcome.err += base::RenderAll(diags, scenario_files.sources, lang, request.run.color);
  if (diags.ErrorCount() > 0) {
    outcome.exit = kExitErrors;
    return outcome;
  }
  if (!request.sweeps.empty()) {
    if (!request.scenarios.empty()) {
      outcome.err += zh ? "arl: --sweep 只和 --set、--edit 一起用, 不和 --scenario\n"
                        : "arl: --sweep goes with --set and --edit, not --scenario\n";
      outcome.exit = kExitUsage;
      return outcome;
    }
    const Scenario none;
    Sweep(request, *prepared, scenarios.empty() ? none : scenarios.front(), outcome);
    return outcome;
  }
  if (scenarios.empty()) {
    outcome.err += "arl: whatif needs a scenario: --set, --edit or --scenario\n";
    outcome.exit = kExitUsage;
    return outcome;
  }

  // The baseline is kept whole: a scenario on the same rows recomputes only
  // what its parameters and cells reach.
  const exec::Baseline baseline(program, data);
  const exec::Results& before = baseline.results();
  std::set<std::string> baseline_messages;  // data problems and errors already printed
  for (const io::DataProblem& p : prepared->loaded.problems)
    baseline_messages.insert(DataProblemLine(p, lang));
  for (const exec::RowError& e : before.errors)
    baseline_messages.insert(RenderRowError(program, data, prepared->compilation.sources, e, lang));
  const std::vector<LedgerValue> old_params = ParamValues(program, data, before);
  bool errors = prepared->loaded.HasErrors() || !before.errors.empty();

  Comparer comparer(program, lang);
  std::vector<Comparison> comparisons;
  for (const Scenario& s : scenarios) {
    Comparison c;
    c.scenario = &s;
    // The scenario's data: loaded again when it removes or adds rows.
    std::optional<io::Loaded> reloaded;
    if (s.ChangesRows()) {
      reloaded = LoadData(program, request.run.data, lang, outcome, &s.rows);
      if (!reloaded) return outcome;
      for (const io::DataProblem& p : reloaded->problems) {
        const std::string line = DataProblemLine(p, lang);
        if (baseline_messages.count(line) != 0) continue;
        outcome.err += line;
        errors = errors || !p.warning;
      }
      for (const io::RowChanges::Removal& r : s.rows.removed)
        c.rows.push_back(fmt::format(zh ? "删除 {}[{}]" : "remove {}[{}]",
                                     program.tables[static_cast<size_t>(r.table)].name, r.key));
      for (size_t t = 0; t < program.tables.size(); ++t) {
        const size_t removed = reloaded->removed_rows[t];
        const size_t added = t < s.rows.added.size() && s.rows.added[t] != nullptr
                                 ? s.rows.added[t]->records.size()
                                 : 0;
        const std::string& name = program.tables[t].name;
        if (removed > 0)
          c.rows.push_back(
              fmt::format(zh ? "{} 少了 {} 行" : "{}: {} rows removed", name, removed));
        if (added > 0)
          c.rows.push_back(fmt::format(zh ? "{} 新增 {} 行" : "{}: {} rows added", name, added));
      }
    }
    column::Dataset edited = reloaded ? std::move(reloaded->data) : data;
    std::vector<std::string> problems;
    c.cells = ApplyEdits(program, s, edited, lang, problems);
    if (!problems.empty()) {
      for (const std::string& p : problems) outcome.err += "arl: " + p + "\n";
      outcome.exit = s.where.empty() ? kExitUsage : kExitErrors;
      return outcome;
    }
    std::vector<exec::ColumnId> edited_columns;
    for (const Scenario::Edit& e : s.edits) edited_columns.push_back({e.table, e.column});
    const exec::Results after =
        reloaded ? exec::Evaluate(program, edited, s.overrides, exec::Keep::kOutputs)
                 : baseline.Rerun(edited, s.overrides, edited_columns);
    for (const exec::RowError& e : after.errors) {
      const std::string line =
          RenderRowError(program, edited, prepared->compilation.sources, e, lang);
      if (baseline_messages.count(line) != 0) continue;
      outcome.err += line;
      ++c.errors;
    }
    errors = errors || c.errors > 0;
    const std::vector<LedgerValue> new_params = ParamValues(program, edited, after);
    for (size_t i = 0; i < old_params.size(); ++i) {
      if (old_params[i].value != new_params[i].value)
        c.params.push_back(fmt::format("{}: {} → {}", old_params[i].name, old_params[i].value,
                                       new_params[i].value));
    }
    comparer.Compare(data, before, edited, after, c);
    comparisons.push_back(std::move(c));
  }

  std::string out = request.format == "json"  ? Json(program, comparisons)
                    : request.format == "csv" ? Csv(comparisons, zh)
                                              : Text(comparisons, zh);
  if (request.run.output.empty()) {
    outcome.out = std::move(out);
  } else {
    outcome.files[request.run.output] = std::move(out);
  }
  outcome.exit = errors ? kExitErrors : kExitOk;
  return outcome;
}

}  // namespace arl::driver
