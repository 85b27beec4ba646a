// `arl whatif`: the baseline and the scenario, evaluated on the same data
// and compared row by row.
#include "compiler/driver/whatif.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/driver/runs.h"
#include "runtime/exec/exec.h"
#include "runtime/io/load.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

/// Applies `TABLE[KEY].COLUMN=VALUE` to `data`: the cell is read as the
/// loader reads one (type, unit, range). A line of what changed, or a
/// usage problem in `problem`.
std::optional<std::string> Edit(const ir::Program& program, column::Dataset& data,
                                const std::string& edit, bool zh, std::string& problem) {
  const size_t open = edit.find('[');
  const size_t close = edit.find("].", open == std::string::npos ? 0 : open);
  const size_t eq = edit.find('=', close == std::string::npos ? 0 : close);
  if (open == std::string::npos || close == std::string::npos || eq == std::string::npos) {
    problem = fmt::format(zh ? "--edit 的写法是 表[键].列=值, 不是 `{}`"
                             : "--edit takes TABLE[KEY].COLUMN=VALUE, not `{}`",
                          edit);
    return std::nullopt;
  }
  const std::string table_name = edit.substr(0, open);
  const std::string key = edit.substr(open + 1, close - open - 1);
  const std::string column_name = edit.substr(close + 2, eq - close - 2);
  const std::string value = edit.substr(eq + 1);
  const std::int32_t t = program.FindTable(table_name);
  if (t < 0 || !program.tables[static_cast<size_t>(t)].entity) {
    std::vector<std::string> names;
    for (const ir::Table& table : program.tables) {
      if (table.entity) names.push_back(table.name);
    }
    const auto near = base::ClosestName(table_name, names);
    problem =
        fmt::format(zh ? "没有名为 `{}` 的实体表{}" : "no entity table named `{}`{}", table_name,
                    near ? fmt::format(zh ? "; 是不是 `{}`?" : "; did you mean `{}`?", *near) : "");
    return std::nullopt;
  }
  const ir::Table& table = program.tables[static_cast<size_t>(t)];
  column::TableData& td = data.tables[static_cast<size_t>(t)];
  size_t row = td.keys.size();
  std::vector<std::string> keys;
  for (size_t r = 0; r < td.keys.size(); ++r) {
    if (td.keys[r] == key) row = r;
    keys.emplace_back(td.keys[r]);
  }
  if (row == td.keys.size()) {
    const auto near = base::ClosestName(key, keys);
    problem =
        fmt::format(zh ? "{} 里没有 `{}`{}" : "{} has no `{}`{}", table_name, key,
                    near ? fmt::format(zh ? "; 是不是 `{}`?" : "; did you mean `{}`?", *near) : "");
    return std::nullopt;
  }
  std::vector<std::string> columns;
  size_t c = table.columns.size();
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].is_key) continue;  // a unit's key is what names it
    if (table.columns[i].name == column_name) c = i;
    columns.push_back(table.columns[i].name);
  }
  if (c == table.columns.size()) {
    const auto near = base::ClosestName(column_name, columns);
    problem =
        fmt::format(zh ? "{} 没有可以改的输入列 `{}`{}" : "{} has no input column `{}`{}",
                    table_name, column_name,
                    near ? fmt::format(zh ? "; 是不是 `{}`?" : "; did you mean `{}`?", *near) : "");
    return std::nullopt;
  }
  column::Column& cells = td.columns[c];
  const std::string old = io::WrittenValue(program, data, table.columns[c].display, cells, row);
  if (auto bad = io::ReadCell(program, table.columns[c], value, &data, cells, row)) {
    problem = fmt::format("--edit {}: {}", edit, zh ? bad->zh : bad->en);
    return std::nullopt;
  }
  return fmt::format("  {}[{}].{}: {} → {}\n", table_name, key, column_name, old,
                     io::WrittenValue(program, data, table.columns[c].display, cells, row));
}

}  // namespace

RunOutcome WhatIf(const RunRequest& scenario) {
  RunOutcome outcome;
  std::unique_ptr<Prepared> prepared = Prepare(scenario, outcome, [](const char*) {});
  if (prepared == nullptr) return outcome;
  const bool zh = scenario.lang == base::Lang::kZh;
  const ir::Program& program = prepared->program;
  const column::Dataset& data = prepared->loaded.data;
  std::string out = zh ? "基准 → 情景\n" : "baseline → scenario\n";
  column::Dataset edited = data;
  for (const std::string& edit : scenario.edits) {
    std::string problem;
    const std::optional<std::string> line = Edit(program, edited, edit, zh, problem);
    if (!line) {
      outcome.err += "arl: " + problem + "\n";
      outcome.exit = kExitUsage;
      return outcome;
    }
    out += *line;
  }
  const exec::Results before = exec::Evaluate(program, data, {}, exec::Keep::kOutputs);
  const exec::Results after =
      exec::Evaluate(program, edited, prepared->overrides, exec::Keep::kOutputs);

  const std::vector<LedgerValue> old_params = ParamValues(program, data, before);
  const std::vector<LedgerValue> new_params = ParamValues(program, data, after);
  for (size_t i = 0; i < old_params.size(); ++i) {
    if (old_params[i].value == new_params[i].value) continue;
    out += fmt::format("  {}: {} {} → {}\n", zh ? "参数" : "parameter", old_params[i].name,
                       old_params[i].value, new_params[i].value);
  }
  const std::vector<LedgerValue> old_outputs = OutputValues(program, data, before);
  const std::vector<LedgerValue> new_outputs = OutputValues(program, data, after);
  out += DiffValues(old_outputs, new_outputs, scenario.lang);

  // Per output: rows changed, and the total change of a number.
  struct Sum {
    size_t changed = 0;
    value::Decimal delta;
    bool numeric = true;
    bool overflow = false;
    const ir::Display* display = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Sum> sums;  // (table, output)
  std::vector<std::pair<std::string, std::string>> order;
  for (std::int32_t t : io::ResultTables(program)) {
    const ir::Table& table = program.tables[static_cast<size_t>(t)];
    for (std::int32_t d : table.definitions) {
      const ir::Definition& def = program.definitions[static_cast<size_t>(d)];
      if (!def.output) continue;
      const column::Column& a =
          before.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)];
      const column::Column& b = after.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)];
      Sum sum;
      sum.numeric = def.display.kind == ir::ValueKind::kNumber;
      sum.display = &def.display;
      for (size_t r = 0; r < a.Size(); ++r) {
        const std::string x = io::WrittenValue(program, data, def.display, a, r);
        const std::string y = io::WrittenValue(program, data, def.display, b, r);
        if (x == y) continue;
        ++sum.changed;
        if (sum.numeric && a.Has(r) && b.Has(r)) {
          value::Decimal step;
          value::Decimal total;
          if (b.Number(r).Sub(a.Number(r), &step) && sum.delta.Add(step, &total)) {
            sum.delta = total;
          } else {
            sum.overflow = true;
          }
        }
      }
      if (sum.changed == 0) continue;
      order.push_back({table.name, def.name});
      sums[{table.name, def.name}] = sum;
    }
  }
  if (!order.empty()) out += zh ? "汇总:\n" : "summary:\n";
  for (const auto& key : order) {
    const Sum& sum = sums[key];
    out += fmt::format(zh ? "  {}.{}: {} 行改变" : "  {}.{}: {} rows changed", key.first,
                       key.second, sum.changed);
    if (sum.numeric) {
      std::string total;
      value::Decimal hundredfold;
      if (sum.overflow) {
        total = zh ? "(溢出)" : "(overflow)";
      } else if (sum.display->percent &&
                 sum.delta.Mul(value::Decimal::FromInt(100), &hundredfold)) {
        total = hundredfold.ToString() + "%";
      } else {
        total = sum.delta.ToString() + sum.display->unit;
      }
      out += fmt::format(zh ? ", 合计变化 {}" : ", total change {}", total);
    }
    out += "\n";
  }
  outcome.out = std::move(out);
  outcome.exit = prepared->loaded.HasErrors() || !before.errors.empty() || !after.errors.empty()
                     ? kExitErrors
                     : 0;
  return outcome;
}

}  // namespace arl::driver
