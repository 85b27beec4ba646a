// The what-if sweep's engine (issue 6): zhongshan with about 1,000 units,
// 不合格线 swept over 10,000 settings from 80 to 99.99, each setting
// re-evaluated from a Baseline and its 等次 compared with the baseline's.
//
//   rerun_bench [DATA_DIR] [SETTINGS]
//
// DATA_DIR holds zhongshan's six CSV files (`gen_data zhongshan 1000 DIR`);
// without it, the sample's own rows are repeated, keys suffixed, to about
// 1,000 units. Prints the time per setting of a full Evaluate, of Rerun
// returning fresh Results, and of Rerun into one ScenarioResults kept over
// the sweep (as a sweep should use it), on one thread and on two.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "compiler/driver/pipeline.h"
#include "compiler/ir/from_checked.h"
#include "runtime/exec/exec.h"
#include "runtime/exec/incremental.h"
#include "runtime/io/csv.h"
#include "runtime/io/load.h"

namespace arl {
namespace {

/// The sample's units repeated to this many, when no data folder is given.
constexpr size_t kUnits = 1000;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "rerun_bench: %s\n", what.c_str());
  std::exit(1);
}

/// samples/zhongshan/data with every row repeated `copies` times, the keys
/// and the references to them suffixed with the copy's number.
io::Loaded Repeated(const ir::Program& p, const std::string& dir, size_t* copies) {
  std::vector<io::CsvTable> tables(p.tables.size());
  for (size_t t = 0; t < p.tables.size(); ++t) {
    io::CsvResult read = io::ReadCsvFile(dir + "/" + p.tables[t].name + ".csv");
    if (!read.table) Die("cannot read " + dir + "/" + p.tables[t].name + ".csv");
    tables[t] = std::move(*read.table);
  }
  const size_t units = tables[static_cast<size_t>(p.FindTable("单位"))].records.size();
  *copies = (kUnits + units - 1) / units;
  for (size_t t = 0; t < p.tables.size(); ++t) {
    // Columns named like a table hold its keys (单位, 人员) or refer to them.
    std::vector<bool> keyed;
    for (const io::Field& h : tables[t].header) keyed.push_back(p.FindTable(h.text) >= 0);
    const std::vector<io::Record> one = std::move(tables[t].records);
    tables[t].records.clear();
    int line = 2;
    for (size_t copy = 0; copy < *copies; ++copy) {
      for (io::Record r : one) {
        r.line = line++;
        for (size_t f = 0; f < r.fields.size() && f < keyed.size(); ++f) {
          if (keyed[f] && !r.fields[f].text.empty()) r.fields[f].text += fmt::format("#{}", copy);
        }
        tables[t].records.push_back(std::move(r));
      }
    }
  }
  std::vector<const io::CsvTable*> ptrs;
  for (const io::CsvTable& t : tables) ptrs.push_back(&t);
  return io::LoadCsvTables(p, ptrs, false);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Main(int argc, char** argv) {
  const std::string root = ARL_SOURCE_ROOT;
  const std::string data_dir = argc > 1 ? argv[1] : "";
  const size_t settings = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10'000;
  if (settings < 2) Die("SETTINGS must be at least 2");

  driver::Compilation compilation;
  base::Diagnostics diags;
  if (!driver::LoadAndCheck(root + "/samples/zhongshan/zhongshan.arl", compilation, diags))
    Die("zhongshan.arl does not check");
  const ir::Program p = ir::FromChecked(*compilation.program, diags);
  if (diags.ErrorCount() > 0) Die("zhongshan.arl does not lower");

  size_t copies = 1;
  const io::Loaded loaded = data_dir.empty()
                                ? Repeated(p, root + "/samples/zhongshan/data", &copies)
                                : io::LoadCsvFolder(p, data_dir);
  if (loaded.HasErrors()) Die("the data has errors");
  const column::Dataset& data = loaded.data;
  const std::int32_t units = p.FindTable("单位");
  fmt::print("data: {}\n",
             data_dir.empty() ? fmt::format("the sample's rows x {}", copies) : data_dir);
  for (size_t t = 0; t < p.tables.size(); ++t)
    fmt::print("  {}: {} rows\n", p.tables[t].name, data.tables[t].rows);

  // 不合格线 from 80 to 99.99 in equal steps, to 1/10000 of a point.
  const std::int32_t line = p.FindParam("不合格线");
  auto setting = [&](size_t i) {
    exec::Override o;
    o.param = line;
    o.value = column::Column(ir::ValueKind::kNumber, 1);
    const size_t v = 800'000 + 199'900 * i / (settings - 1);
    o.value.SetNumber(0, *value::Decimal::Parse(fmt::format("{}.{:04}", v / 10'000, v % 10'000)));
    return std::vector<exec::Override>{std::move(o)};
  };
  std::int32_t tier_slot = -1;
  for (std::int32_t d : p.tables[static_cast<size_t>(units)].definitions) {
    const ir::Definition& def = p.definitions[static_cast<size_t>(d)];
    if (def.name == "等次") tier_slot = def.slot;
  }
  auto moved = [&](const exec::Results& base, const exec::Results& r) {
    const column::Column& a =
        base.tables[static_cast<size_t>(units)][static_cast<size_t>(tier_slot)];
    const column::Column& b = r.tables[static_cast<size_t>(units)][static_cast<size_t>(tier_slot)];
    size_t n = 0;
    for (size_t row = 0; row < a.Size(); ++row) {
      if (a.codes[row] != b.codes[row]) ++n;
    }
    return n;
  };

  auto start = std::chrono::steady_clock::now();
  const exec::Baseline baseline(p, data);
  fmt::print("baseline: {:.2f} ms\n", Seconds(start) * 1e3);

  // A full evaluation per setting, on a sample of the settings.
  const size_t full_runs = std::min<size_t>(settings, 200);
  size_t checksum_full = 0;
  start = std::chrono::steady_clock::now();
  for (size_t k = 0; k < full_runs; ++k) {
    const size_t i = k * (settings / full_runs);
    checksum_full += moved(baseline.results(), exec::Evaluate(p, data, setting(i)));
  }
  const double full = Seconds(start) / static_cast<double>(full_runs);

  start = std::chrono::steady_clock::now();
  size_t checksum_fresh = 0;
  for (size_t i = 0; i < settings; ++i)
    checksum_fresh += moved(baseline.results(), baseline.Rerun(data, setting(i), {}));
  const double fresh = Seconds(start) / static_cast<double>(settings);

  // The sweep itself, best of three (the machine may be shared), each from
  // a new ScenarioResults.
  size_t checksum = 0, recomputed = 0, tiers_moved_max = 0;
  double reused = 1e9;
  for (int round = 0; round < 3; ++round) {
    exec::ScenarioResults kept;
    checksum = recomputed = 0;
    start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < settings; ++i) {
      baseline.Rerun(data, setting(i), {}, kept);
      const size_t n = moved(baseline.results(), kept.results());
      checksum += n;
      tiers_moved_max = std::max(tiers_moved_max, n);
      recomputed += kept.stats().recomputed.size();
    }
    reused = std::min(reused, Seconds(start) / static_cast<double>(settings));
  }

  // The same sweep on two threads, each with its own ScenarioResults over
  // half the settings (`arl whatif --sweep`'s target is 2 cores).
  double two = 1e9;
  for (int round = 0; round < 3; ++round) {
    size_t sums[2] = {0, 0};
    auto half = [&](size_t part) {
      exec::ScenarioResults own;
      for (size_t i = part * settings / 2; i < (part + 1) * settings / 2; ++i) {
        baseline.Rerun(data, setting(i), {}, own);
        sums[part] += moved(baseline.results(), own.results());
      }
    };
    start = std::chrono::steady_clock::now();
    std::thread second(half, 1);
    half(0);
    second.join();
    two = std::min(two, Seconds(start));
    if (sums[0] + sums[1] != checksum) Die("the two threads disagree with one");
  }

  fmt::print(
      "settings: {} (不合格线 80 .. 99.99); definitions recomputed per setting: {:.1f} of {}\n",
      settings, static_cast<double>(recomputed) / static_cast<double>(settings), p.order.size());
  fmt::print("units whose 等次 moved: up to {} per setting\n", tiers_moved_max);
  fmt::print("full Evaluate:              {:9.1f} us per setting ({} settings)\n", full * 1e6,
             full_runs);
  fmt::print("Rerun, fresh Results:       {:9.1f} us per setting\n", fresh * 1e6);
  fmt::print("Rerun into ScenarioResults: {:9.1f} us per setting, {:.3f} s for all\n", reused * 1e6,
             reused * static_cast<double>(settings));
  fmt::print("the same on two threads:    {:9.1f} us per setting, {:.3f} s for all\n",
             two * 1e6 / static_cast<double>(settings), two);
  if (checksum != checksum_fresh) Die("the two reruns disagree");
  (void)checksum_full;
  return 0;
}

}  // namespace
}  // namespace arl

int main(int argc, char** argv) {
  return arl::Main(argc, argv);
}
