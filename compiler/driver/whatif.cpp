// `arl whatif`: the baseline and the scenario, evaluated on the same data
// and compared row by row.
#include "compiler/driver/whatif.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/driver/runs.h"
#include "runtime/exec/exec.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

constexpr int kExitErrors = 1;

}  // namespace

RunOutcome WhatIf(const RunRequest& scenario) {
  RunOutcome outcome;
  std::unique_ptr<Prepared> prepared = Prepare(scenario, outcome, [](const char*) {});
  if (prepared == nullptr) return outcome;
  const bool zh = scenario.lang == base::Lang::kZh;
  const ir::Program& program = prepared->program;
  const column::Dataset& data = prepared->loaded.data;
  const exec::Results before = exec::Evaluate(program, data, {}, exec::Keep::kOutputs);
  const exec::Results after =
      exec::Evaluate(program, data, prepared->overrides, exec::Keep::kOutputs);

  std::string out = zh ? "基准 → 情景\n" : "baseline → scenario\n";
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
