// `arl run`: check, lower, load the data, apply --set, evaluate, write.

#include "compiler/driver/run.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/base/render.h"
#include "compiler/base/suggest.h"
#include "compiler/driver/huge_pages.h"
#include "compiler/driver/ledger.h"
#include "compiler/driver/pipeline.h"
#include "compiler/ir/from_checked.h"
#include "runtime/exec/exec.h"
#include "runtime/io/json_input.h"
#include "runtime/io/load.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

const std::string& In(const base::Message& m, base::Lang lang) {
  return m.In(lang);
}

std::string Where(const std::string& file, int line, int column) {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

/// "单位.csv:3 (区财政局)": the row's origin and its key.
std::string RowName(const ir::Program& program, const column::Dataset& data, std::int32_t table,
                    std::int32_t row) {
  if (table < 0) return "";
  const auto& td = data.tables[static_cast<size_t>(table)];
  const auto r = static_cast<size_t>(row);
  std::string where;
  if (r < td.origins.size()) {
    const auto& o = td.origins[r];
    where = fmt::format("{}:{}", data.files[static_cast<size_t>(o.file)], o.line);
  }
  const std::string& name = program.tables[static_cast<size_t>(table)].name;
  if (r < td.keys.size()) return fmt::format("{}[{}] ({})", name, td.keys[r], where);
  return fmt::format("{} ({})", name, where);
}

/// The process's peak resident memory so far in MiB (VmHWM), or -1 where
/// /proc does not say.
long PeakMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6) / 1024;
  }
  return -1;
}

/// Wall time of the phases of a run and the peak memory at the end of
/// each, for --timings (the benchmarks).
class PhaseClock {
 public:
  void Lap(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    laps_.push_back(fmt::format(
        "{} {} ms (peak {} MiB)", phase,
        std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count(), PeakMiB()));
    last_ = now;
  }
  std::string Line() const { return fmt::format("timings: {}\n", fmt::join(laps_, ", ")); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<std::string> laps_;
};

/// The definitions that took longest to compute, for --timings: where a
/// rule file spends its evaluation.
std::string SlowestDefinitions(const ir::Program& program, const exec::Results& results) {
  constexpr size_t kShown = 8;
  std::vector<size_t> order(results.definition_ns.size());
  for (size_t d = 0; d < order.size(); ++d) order[d] = d;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return results.definition_ns[a] > results.definition_ns[b];
  });
  std::vector<std::string> shown;
  for (size_t i = 0; i < std::min(kShown, order.size()); ++i) {
    const ir::Definition& def = program.definitions[order[i]];
    const std::string name =
        def.table >= 0
            ? fmt::format("{}.{}", program.tables[static_cast<size_t>(def.table)].name, def.name)
            : def.name;
    const std::int64_t tenths = results.definition_ns[order[i]] / 100'000;  // of a millisecond
    shown.push_back(fmt::format("{} {}.{} ms", name, tenths / 10, tenths % 10));
  }
  return shown.empty() ? "" : fmt::format("timings: slowest {}\n", fmt::join(shown, ", "));
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

/// The run as the ledger keeps it (see ledger.h), appended to request.record.
std::optional<std::string> Record(const RunRequest& request, const Prepared& prepared,
                                  const exec::Results& results, const RunOutcome& outcome) {
  const ir::Program& program = prepared.program;
  const column::Dataset& data = prepared.loaded.data;
  LedgerRun run;
  run.time = UtcNow();
  run.version = ARL_VERSION;
  run.rules = AbsolutePath(request.rules);
  run.data = AbsolutePath(request.data);
  run.sets = request.sets;
  run.exit = outcome.exit;
  run.lang = request.lang == base::Lang::kZh ? "zh" : "en";
  run.cwd = AbsolutePath(".");
  run.rules_arg = request.rules;
  run.data_arg = request.data;
  run.results = io::WriteJson(program, data, results, prepared.warnings);
  const base::SourceManager& sources = prepared.compilation.sources;
  for (base::FileId id = 1; sources.Contains(id); ++id) {
    // The bytes on disk: Text() has lost a byte order mark.
    const std::string& path = sources.Get(id).Path();
    const std::optional<std::string> bytes = ReadFile(path);
    run.files.push_back(LedgerFile{"rules", AbsolutePath(path), bytes ? Sha256(*bytes) : ""});
  }
  for (const std::string& path : data.files) {
    const std::optional<std::string> bytes = ReadFile(path);
    run.files.push_back(LedgerFile{"data", AbsolutePath(path), bytes ? Sha256(*bytes) : ""});
  }
  run.params = ParamValues(program, data, results);
  run.outputs = OutputValues(program, data, results);
  for (const std::string& line : Lines(outcome.err)) run.messages.push_back(line);
  return RecordRun(request.record, run);
}

}  // namespace

std::vector<LedgerValue> ParamValues(const ir::Program& program, const column::Dataset& data,
                                     const exec::Results& results) {
  std::vector<LedgerValue> out;
  for (size_t i = 0; i < program.params.size(); ++i) {
    const ir::Param& p = program.params[i];
    out.push_back(LedgerValue{"", "", p.name,
                              io::WrittenValue(program, data, p.display, results.params[i], 0)});
  }
  return out;
}

std::vector<LedgerValue> OutputValues(const ir::Program& program, const column::Dataset& data,
                                      const exec::Results& results) {
  std::vector<LedgerValue> out;
  for (std::int32_t t : io::ResultTables(program)) {
    const ir::Table& table = program.tables[static_cast<size_t>(t)];
    const column::TableData& td = data.tables[static_cast<size_t>(t)];
    for (size_t r = 0; r < td.rows; ++r) {
      std::string unit;
      if (r < td.keys.size()) {
        unit = std::string(td.keys[r]);
      } else if (r < td.origins.size()) {
        unit = fmt::format("{}:{}", data.files[static_cast<size_t>(td.origins[r].file)],
                           td.origins[r].line);
      }
      for (std::int32_t d : table.definitions) {
        const ir::Definition& def = program.definitions[static_cast<size_t>(d)];
        if (!def.output) continue;
        const column::Column& c =
            results.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)];
        out.push_back(LedgerValue{table.name, unit, def.name,
                                  c.state[r] == column::State::kError
                                      ? "(error)"
                                      : io::WrittenValue(program, data, def.display, c, r)});
      }
    }
  }
  return out;
}

std::string RenderRowError(const ir::Program& program, const column::Dataset& data,
                           const base::SourceManager& sources, const exec::RowError& e,
                           base::Lang lang) {
  const bool zh = lang == base::Lang::kZh;
  std::string rule;
  if (e.definition >= 0) {
    const ir::Definition& d = program.definitions[static_cast<size_t>(e.definition)];
    rule = d.QualifiedName(program.tables);
    if (!d.clauses.empty()) {
      const std::string clauses = fmt::format("{}", fmt::join(d.clauses, ", "));
      rule += zh ? fmt::format(" (依据 {})", clauses) : fmt::format(" (cites {})", clauses);
    }
  } else if (e.param >= 0) {
    rule = (zh ? "参数 " : "parameter ") + program.params[static_cast<size_t>(e.param)].name;
  }
  // "单位[甲局] (…): 单位.总分 (依据 …)"; a global value has no row.
  std::string subject = RowName(program, data, e.table, e.row);
  if (!rule.empty()) subject += (subject.empty() ? "" : ": ") + rule;
  std::string text =
      fmt::format("{}: {}: {}\n", zh ? "错误" : "error", subject, In(e.message, lang));
  const base::SourceFile& file = sources.Get(e.span.file);
  if (!file.Path().empty()) {
    const base::LineCol at = file.Locate(e.span.begin);
    text += fmt::format("  --> {}:{}:{}\n   | {}\n", file.Path(), at.line, at.column,
                        std::string(file.Line(at.line)));
  }
  return text;
}

Setting ReadSetting(const ir::Program& program, const std::string& name,
                    const std::optional<std::string>& text) {
  Setting out;
  const std::int32_t index = program.FindParam(name);
  if (index < 0) {
    std::vector<std::string> names;
    for (const ir::Param& p : program.params) names.push_back(p.name);
    const base::Message near = base::DidYouMean(name, names);
    out.unknown = true;
    out.problem = base::Message{fmt::format("没有名为 `{}` 的参数{}", name, near.zh),
                                fmt::format("no parameter named `{}`{}", name, near.en)};
    return out;
  }
  const ir::Param& param = program.params[static_cast<size_t>(index)];
  column::Column value(param.display.kind, 1);
  if (text) {
    if (auto bad = io::ReadParamValue(program, param, *text, value)) {
      out.problem = *bad;
      return out;
    }
  }
  out.value = exec::Override{index, std::move(value)};
  return out;
}

std::optional<io::Loaded> LoadData(const ir::Program& program, const std::string& path,
                                   base::Lang lang, RunOutcome& outcome,
                                   const io::RowChanges* changes) {
  // `--data x.json` is one JSON document of tables (a missing one is named
  // by the reader as a file); anything else is a folder of CSV files.
  struct stat st {};
  const bool exists = stat(path.c_str(), &st) == 0;
  const bool is_dir = exists && S_ISDIR(st.st_mode);
  std::string suffix = path.size() >= 5 ? path.substr(path.size() - 5) : "";
  std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool json = suffix == ".json" && !is_dir;
  if (!json && !is_dir) {
    outcome.err += fmt::format(lang == base::Lang::kZh
                                   ? "arl: 数据文件夹 {} 不存在或不是文件夹\n"
                                   : "arl: the data folder {} does not exist or is not a folder\n",
                               path);
    outcome.exit = kExitErrors;
    return std::nullopt;
  }
  return json ? io::LoadJsonFile(program, path, changes)
              : io::LoadCsvFolder(program, path, changes);
}

std::string DataProblemLine(const io::DataProblem& p, base::Lang lang) {
  const bool zh = lang == base::Lang::kZh;
  return fmt::format("{}: {}: {}\n",
                     p.warning ? (zh ? "警告" : "warning") : (zh ? "错误" : "error"),
                     Where(p.file, p.line, p.column), In(p.message, lang));
}

std::unique_ptr<Prepared> Prepare(const RunRequest& request, RunOutcome& outcome,
                                  const std::function<void(const char*)>& lap) {
  auto prepared = std::make_unique<Prepared>();
  Compilation& compilation = prepared->compilation;
  ir::Program& program = prepared->program;
  base::Diagnostics diags;
  const bool checked = LoadAndCheck(request.rules, compilation, diags);
  if (checked) program = ir::FromChecked(*compilation.program, diags);
  outcome.err += base::RenderAll(diags, compilation.sources, request.lang, request.color);
  if (!checked || diags.ErrorCount() > 0) {
    outcome.exit = kExitErrors;
    return nullptr;
  }
  lap("check");

  // --set NAME=VALUE, read like a 测试 block's 参数 line.
  std::vector<exec::Override>& overrides = prepared->overrides;
  for (const std::string& set : request.sets) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos) {
      outcome.err += fmt::format("arl: --set takes NAME=VALUE, not `{}`\n", set);
      outcome.exit = kExitUsage;
      return nullptr;
    }
    const std::string name = set.substr(0, eq);
    Setting setting = ReadSetting(program, name, set.substr(eq + 1));
    if (!setting.value) {
      outcome.err += setting.unknown ? fmt::format("arl: {}\n", In(setting.problem, request.lang))
                                     : fmt::format("arl: --set {}: {}\n", name,
                                                   In(setting.problem, request.lang));
      outcome.exit = kExitUsage;
      return nullptr;
    }
    overrides.push_back(std::move(*setting.value));
  }

  std::optional<io::Loaded> loaded = LoadData(program, request.data, request.lang, outcome);
  if (!loaded) return nullptr;
  prepared->loaded = std::move(*loaded);
  lap("load");
  for (const io::DataProblem& p : prepared->loaded.problems) {
    outcome.err += DataProblemLine(p, request.lang);
    if (p.warning)
      prepared->warnings.push_back(
          fmt::format("{}: {}", Where(p.file, p.line, p.column), In(p.message, request.lang)));
  }
  return prepared;
}

RunOutcome Run(const RunRequest& request) {
  RunOutcome outcome;
  PhaseClock clock;
  std::unique_ptr<Prepared> prepared =
      Prepare(request, outcome, [&](const char* phase) { clock.Lap(phase); });
  if (prepared == nullptr) return outcome;
  const Compilation& compilation = prepared->compilation;
  const ir::Program& program = prepared->program;
  const io::Loaded& loaded = prepared->loaded;
  const std::vector<std::string>& warnings = prepared->warnings;
  const bool zh = request.lang == base::Lang::kZh;
  // The inputs are needed no further than their last reader: only the keys,
  // rows and where they came from are written out.
  exec::Results results =
      exec::EvaluateReleasingInputs(program, prepared->loaded.data, prepared->overrides);
  clock.Lap("evaluate");
  for (const exec::RowError& e : results.errors)
    outcome.err += RenderRowError(program, loaded.data, compilation.sources, e, request.lang);

  std::string text;
  if (request.format == "json" && !request.output.empty()) {
    // Written as it is made: a million rows are never one string.
    std::ofstream file(request.output, std::ios::binary | std::ios::trunc);
    io::WriteJson(program, loaded.data, results, warnings, [&](std::string_view part) {
      file.write(part.data(), static_cast<std::streamsize>(part.size()));
    });
    if (!file.flush()) {
      outcome.err +=
          fmt::format(zh ? "arl: 无法写入 {}\n" : "arl: cannot write {}\n", request.output);
      outcome.exit = kExitErrors;
      return outcome;
    }
  } else if (request.format == "json") {
    text = io::WriteJson(program, loaded.data, results, warnings);
  } else if (request.format == "csv") {
    for (std::int32_t t : io::ResultTables(program)) {
      std::string csv = io::WriteCsv(program, loaded.data, results, t);
      if (!request.output.empty()) {
        outcome.files[request.output + "/" + program.tables[static_cast<size_t>(t)].name + ".csv"] =
            std::move(csv);
      } else {
        text += (text.empty() ? "" : "\n") + csv;
      }
    }
  } else {
    for (std::int32_t t : io::ResultTables(program))
      text += (text.empty() ? "" : "\n") + io::WriteTextTable(program, loaded.data, results, t);
  }
  if (!request.output.empty() && request.format == "table") {
    outcome.files[request.output] = std::move(text);
  } else {
    outcome.out = std::move(text);
  }
  clock.Lap("format");
  if (request.timings) {
    outcome.err += clock.Line() + SlowestDefinitions(program, results) +
                   fmt::format("timings: huge pages {}\n",
                               HugePagesRequested() ? "requested" : "not requested");
  }
  outcome.exit = loaded.HasErrors() || !results.errors.empty() ? kExitErrors : 0;
  if (!request.record.empty()) {
    if (auto problem = Record(request, *prepared, results, outcome)) {
      outcome.err += fmt::format(
          zh ? "arl: 无法记录这次运行: {}\n" : "arl: cannot record the run: {}\n", *problem);
      outcome.exit = kExitErrors;
    }
  }
  return outcome;
}

}  // namespace arl::driver
