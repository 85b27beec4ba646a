// The `arl` command: check, format, test, run and explain rule files.
//
//   arl check FILE... [--lang zh|en] [--color auto|always|never] [--dump ast|checked|ir]
//   arl fmt FILE [--write | --check] [--keywords zh|en]
//   arl test FILE...
//   arl run FILE --data DIR|DATA.json [--set NAME=VALUE]... [--format json|csv|table] [-o OUT]
//   arl explain FILE --data DIR|DATA.json --unit KEY [--output NAME] [--format text|json]
//   arl report FILE --data DIR|DATA.json -o OUT.html [--set NAME=VALUE]...
//   arl whatif FILE --data DIR|DATA.json [--set NAME=VALUE]... [--edit TABLE[KEY].COLUMN=VALUE]...
//              [--scenario S.arl|NAME]... [--sweep NAME=FROM..TO:STEP]... [--chart OUT.html]
//              [--format text|csv|json] [-o OUT]
//   arl runs list | show ID | diff ID1 ID2 | verify ID [--ledger LEDGER.db]
//
// Exit codes: 0 clean (warnings allowed), 1 errors in a rule file or data,
// 2 usage errors.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/render.h"
#include "compiler/base/suggest.h"
#include "compiler/driver/explain.h"
#include "compiler/driver/huge_pages.h"
#include "compiler/driver/ledger.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/report.h"
#include "compiler/driver/run.h"
#include "compiler/driver/runs.h"
#include "compiler/driver/test_blocks.h"
#include "compiler/driver/whatif.h"
#include "compiler/ir/from_checked.h"
#include "compiler/syntax/print.h"

namespace arl::driver {
namespace {

constexpr const char* kUsage =
    "usage: arl <command> [options]\n"
    "\n"
    "commands:\n"
    "  check FILE...   check rule files and report every problem\n"
    "  fmt FILE        print FILE in canonical form (--write rewrites it,\n"
    "                  --check exits 1 if it is not in canonical form)\n"
    "  test FILE...    run the 测试 blocks of rule files\n"
    "  run FILE --data DIR|DATA.json\n"
    "                  evaluate FILE over DIR/<table>.csv, or over the tables of\n"
    "                  one JSON document, and print the results\n"
    "  explain FILE --data DIR|DATA.json --unit KEY\n"
    "                  show how the unit's results were reached: each rule with\n"
    "                  its clause, the values it read, how it decided\n"
    "  report FILE --data DIR|DATA.json -o OUT.html\n"
    "                  one HTML page for auditors: source and rules side by side,\n"
    "                  clause coverage, assumptions, results, explanations, charts\n"
    "  whatif FILE --data DIR|DATA.json [--set NAME=VALUE]... [--edit T[KEY].COL=V]...\n"
    "         [--scenario S.arl|NAME]... [--sweep NAME=FROM..TO:STEP]... [--margins]\n"
    "                  what changes under each scenario: per unit, the outputs\n"
    "                  that differ (old -> new) with rank moves, tier steps and\n"
    "                  money; a summary per output and per group\n"
    "  runs list | show ID | diff ID1 ID2 | verify ID\n"
    "                  the runs recorded with run --record: what each read and\n"
    "                  wrote, which units changed between two and why, and\n"
    "                  whether one re-runs to the same results\n"
    "  help            show this text\n"
    "  version         show the version\n"
    "\n"
    "options:\n"
    "  --lang zh|en            language of messages (default: from LANG)\n"
    "  --color auto|always|never\n"
    "  --dump ast|checked      (check) print the syntax tree of the main file,\n"
    "                          or the checked program (names, types, order)\n"
    "  --keywords zh|en        (fmt) keywords in Chinese (default) or English\n"
    "  --data DIR|DATA.json    (run, explain, report) the folder of <table>.csv files,\n"
    "                          or one JSON document\n"
    "                          {\"<table>\": [{\"<column>\": value, ...}], ...}\n"
    "  --set NAME=VALUE        (run, explain, report, whatif) override a parameter;\n"
    "                          may be repeated\n"
    "  --format json|csv|table (run) how to print results (default json)\n"
    "  --format text|json      (explain) how to print the explanation (default text)\n"
    "  --format text|csv|json  (whatif) how to print the comparison (default text)\n"
    "  --unit KEY|TABLE[KEY]   (explain) the unit to explain\n"
    "  --output NAME           (explain) explain only this definition\n"
    "  -o OUT                  (run) write to OUT (a folder for csv) instead of stdout;\n"
    "                          (whatif) write to the file OUT;\n"
    "                          (report) the HTML file to write\n"
    "  --timings               (run) report on stderr the time of each phase and of\n"
    "                          the slowest definitions\n"
    "  --record [LEDGER.db]    (run) append the run to the ledger (default arl-runs.db)\n"
    "  --ledger LEDGER.db      (runs) the ledger to read (default arl-runs.db)\n"
    "  --edit T[KEY].COL=V     (whatif) change one input cell; may be repeated\n"
    "  --scenario S.arl|NAME   (whatif) the 情景 of a scenario file, or the 情景 NAME of\n"
    "                          the rule file; may be repeated\n"
    "  --sweep NAME=FROM..TO:STEP\n"
    "                          (whatif) tier counts per group at each value of a\n"
    "                          parameter; repeat for a grid of every combination\n"
    "  --chart OUT.html        (whatif --sweep) draw the sweep\n"
    "  --margins               (whatif) per unit, the score at which its tier would\n"
    "                          change either way, and the parameter values that would\n";

struct Options {
  std::string command;
  std::vector<std::string> files;
  base::Lang lang = base::LangFromEnvironment();
  std::string color = "auto";
  std::string dump;
  bool write = false;
  bool check_only = false;
  syntax::KeywordLang keywords = syntax::KeywordLang::kZh;
  std::string data;
  std::vector<std::string> sets;
  std::string format = "json";
  bool format_given = false;
  std::string output;                   // -o
  std::string unit;                     // --unit (explain)
  std::string output_name;              // --output (explain)
  std::string record;                   // --record (run)
  std::vector<std::string> edits;       // --edit (whatif)
  std::vector<std::string> scenarios;   // --scenario (whatif)
  std::vector<std::string> sweeps;      // --sweep (whatif)
  std::string chart;                    // --chart (whatif)
  bool margins = false;                 // --margins (whatif)
  std::string ledger = kDefaultLedger;  // --ledger (runs)
  bool timings = false;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "arl: %s\n\n%s", problem.c_str(), kUsage);
  return kExitUsage;
}

// Parses the command line; returns an error text for a usage problem.
std::optional<std::string> ParseArgs(int argc, char** argv, Options& options) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return "no command given";
  options.command = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    // The value after an option, if there is one.
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (arg == "--lang") {
      std::optional<std::string> v = value();
      std::optional<base::Lang> lang = v ? base::ParseLang(*v) : std::nullopt;
      if (!lang) return "--lang takes zh or en";
      options.lang = *lang;
    } else if (arg == "--color") {
      std::optional<std::string> v = value();
      if (!v || (*v != "auto" && *v != "always" && *v != "never")) {
        return "--color takes auto, always or never";
      }
      options.color = *v;
    } else if (arg == "--dump" || arg.rfind("--dump=", 0) == 0) {
      std::optional<std::string> v = arg == "--dump" ? value() : arg.substr(7);
      if (!v || (*v != "ast" && *v != "checked" && *v != "ir")) {
        return "--dump takes ast, checked or ir";
      }
      options.dump = *v;
    } else if (arg == "--keywords") {
      std::optional<std::string> v = value();
      if (!v || (*v != "zh" && *v != "en")) return "--keywords takes zh or en";
      options.keywords = *v == "en" ? syntax::KeywordLang::kEn : syntax::KeywordLang::kZh;
    } else if (arg == "--data") {
      std::optional<std::string> v = value();
      if (!v) return "--data takes a folder or a .json file";
      options.data = *v;
    } else if (arg == "--set") {
      std::optional<std::string> v = value();
      if (!v) return "--set takes NAME=VALUE";
      options.sets.push_back(*v);
    } else if (arg == "--format") {
      std::optional<std::string> v = value();
      if (!v || (*v != "json" && *v != "csv" && *v != "table" && *v != "text")) {
        return "--format takes json, csv or table (run), text or json (explain)";
      }
      options.format = *v;
      options.format_given = true;
    } else if (arg == "--unit") {
      std::optional<std::string> v = value();
      if (!v) return "--unit takes KEY or TABLE[KEY]";
      options.unit = *v;
    } else if (arg == "--output") {
      std::optional<std::string> v = value();
      if (!v) return "--output takes the name of a definition";
      options.output_name = *v;
    } else if (arg == "-o") {
      std::optional<std::string> v = value();
      if (!v) return "-o takes a file or folder";
      options.output = *v;
    } else if (arg == "--record") {
      // The ledger file is optional: `--record` alone uses the default.
      const bool given = i + 1 < args.size() && !args[i + 1].empty() && args[i + 1][0] != '-';
      options.record = given ? args[++i] : kDefaultLedger;
    } else if (arg == "--edit") {
      std::optional<std::string> v = value();
      if (!v) return "--edit takes TABLE[KEY].COLUMN=VALUE";
      options.edits.push_back(*v);
    } else if (arg == "--scenario") {
      std::optional<std::string> v = value();
      if (!v) return "--scenario takes a scenario file or the name of a 情景";
      options.scenarios.push_back(*v);
    } else if (arg == "--sweep") {
      std::optional<std::string> v = value();
      if (!v) return "--sweep takes NAME=FROM..TO:STEP";
      options.sweeps.push_back(*v);
    } else if (arg == "--chart") {
      std::optional<std::string> v = value();
      if (!v) return "--chart takes an HTML file to write";
      options.chart = *v;
    } else if (arg == "--ledger") {
      std::optional<std::string> v = value();
      if (!v) return "--ledger takes a file";
      options.ledger = *v;
    } else if (arg == "--margins") {
      options.margins = true;
    } else if (arg == "--timings") {
      options.timings = true;
    } else if (arg == "--write" || arg == "-w") {
      options.write = true;
    } else if (arg == "--check") {
      options.check_only = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fmt::format("unknown option `{}`", arg);
    } else {
      options.files.push_back(arg);
    }
  }
  return std::nullopt;
}

bool UseColor(const Options& options) {
  if (options.color == "always") return true;
  if (options.color == "never") return false;
  return isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

void PrintDiagnostics(const base::Diagnostics& diags, const Compilation& compilation,
                      const Options& options) {
  std::string text = base::RenderAll(diags, compilation.sources, options.lang, UseColor(options));
  if (!text.empty()) std::fputs(text.c_str(), stderr);
}

int RunCheck(const Options& options) {
  if (options.files.empty()) return Usage("check needs at least one rule file");
  bool any_errors = false;
  for (const std::string& path : options.files) {
    CheckOutcome outcome = CheckOne(path, options.lang, UseColor(options), options.dump);
    std::fputs(outcome.dump.c_str(), stdout);
    std::fputs(outcome.diagnostics.c_str(), stderr);
    any_errors = any_errors || !outcome.ok;
  }
  return any_errors ? kExitErrors : kExitOk;
}

int RunFmt(const Options& options) {
  if (options.files.size() != 1) return Usage("fmt takes exactly one rule file");
  if (options.write && options.check_only) return Usage("--write and --check cannot be combined");
  const std::string& path = options.files[0];
  Compilation compilation;
  base::Diagnostics diags;
  if (!LoadAndParse(path, compilation, diags)) {
    PrintDiagnostics(diags, compilation, options);
    return kExitErrors;
  }
  std::string formatted = syntax::Print(*compilation.files[0], options.keywords);
  if (options.check_only) {
    if (formatted == compilation.sources.Get(compilation.files[0]->file).Text()) return kExitOk;
    std::fprintf(stderr, "arl: %s is not in canonical form (run `arl fmt --write %s`)\n",
                 path.c_str(), path.c_str());
    return kExitErrors;
  }
  if (!options.write) {
    std::fputs(formatted.c_str(), stdout);
    return kExitOk;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << formatted;
  if (!out) {
    std::fprintf(stderr, "arl: cannot write %s\n", path.c_str());
    return kExitErrors;
  }
  return kExitOk;
}

/// The rule file, data, --set and language of `run`, `explain`, `report`
/// and `whatif`, after checking that the first two were given.
std::optional<RunRequest> RulesAndData(const Options& options, const char* command) {
  if (options.files.size() != 1) {
    Usage(fmt::format("{} takes exactly one rule file", command));
    return std::nullopt;
  }
  if (options.data.empty()) {
    Usage(fmt::format("{} needs --data DIR or --data DATA.json", command));
    return std::nullopt;
  }
  RunRequest request;
  request.rules = options.files[0];
  request.data = options.data;
  request.sets = options.sets;
  request.lang = options.lang;
  request.color = UseColor(options);
  return request;
}

/// Prints an outcome's messages and output and writes its files; its exit
/// code, or 1 if a file cannot be written.
int Finish(const RunOutcome& outcome) {
  std::fputs(outcome.err.c_str(), stderr);
  std::fputs(outcome.out.c_str(), stdout);
  for (const auto& [path, text] : outcome.files) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      std::fprintf(stderr, "arl: cannot write %s\n", path.c_str());
      return kExitErrors;
    }
  }
  return outcome.exit;
}

int RunRun(const Options& options) {
  std::optional<RunRequest> request = RulesAndData(options, "run");
  if (!request) return kExitUsage;
  if (options.format == "text") return Usage("run's --format takes json, csv or table");
  request->format = options.format;
  request->output = options.output;
  request->timings = options.timings;
  request->record = options.record;
  const RunOutcome outcome = Run(*request);
  if (!outcome.files.empty() && options.format == "csv") mkdir(options.output.c_str(), 0777);
  return Finish(outcome);
}

int RunExplain(const Options& options) {
  std::optional<RunRequest> run = RulesAndData(options, "explain");
  if (!run) return kExitUsage;
  if (options.unit.empty()) return Usage("explain needs --unit KEY");
  if (options.format_given && options.format != "text" && options.format != "json")
    return Usage("explain's --format takes text or json");
  ExplainRequest request;
  request.run = std::move(*run);
  request.unit = options.unit;
  request.output = options.output_name;
  request.format = options.format_given ? options.format : "text";
  return Finish(Explain(request));
}

int RunReport(const Options& options) {
  std::optional<RunRequest> run = RulesAndData(options, "report");
  if (!run) return kExitUsage;
  if (options.output.empty()) return Usage("report needs -o OUT.html");
  ReportRequest request;
  request.run = std::move(*run);
  request.output = options.output;
  return Finish(Report(request));
}

int RunWhatIf(const Options& options) {
  std::optional<RunRequest> run = RulesAndData(options, "whatif");
  if (!run) return kExitUsage;
  if (options.sets.empty() && options.edits.empty() && options.scenarios.empty() &&
      options.sweeps.empty() && !options.margins)
    return Usage("whatif needs a scenario (--set, --edit or --scenario), a --sweep or --margins");
  WhatIfRequest request;
  request.run = std::move(*run);
  request.run.output = options.output;
  request.edits = options.edits;
  request.scenarios = options.scenarios;
  request.format = options.format_given ? options.format : "text";
  request.sweeps = options.sweeps;
  request.chart = options.chart;
  request.margins = options.margins;
  if (!options.chart.empty() && options.sweeps.empty()) return Usage("--chart goes with --sweep");
  // A progress bar on a terminal, once a sweep or --margins has run for a
  // second, redrawn when the percentage moves.
  const auto start = std::chrono::steady_clock::now();
  bool drawn = false;
  size_t shown = 101;  // the percentage last drawn
  if (isatty(fileno(stderr)) != 0) {
    request.progress = [&](size_t done, size_t total) {
      const size_t percent = 100 * done / total;
      if (percent == shown) return;
      if (!drawn && std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) return;
      drawn = true;
      shown = percent;
      const size_t width = 30, filled = width * done / total;
      std::fprintf(stderr, "\r[%s%s] %zu/%zu", std::string(filled, '#').c_str(),
                   std::string(width - filled, ' ').c_str(), done, total);
      if (done == total) std::fputs("\n", stderr);
    };
  }
  // A sweep's output goes into -o as it is written, from the first piece.
  std::ofstream stream;
  bool streamed = false;
  if (!options.output.empty() && !options.sweeps.empty()) {
    request.sweep_output = [&](std::string_view text) {
      if (!streamed) stream.open(options.output, std::ios::binary | std::ios::trunc);
      streamed = true;
      stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    };
  }
  const RunOutcome outcome = WhatIf(request);
  if (streamed) stream.close();
  const int exit = Finish(outcome);
  if (streamed && !stream) {
    std::fprintf(stderr, "arl: cannot write %s\n", options.output.c_str());
    return kExitErrors;
  }
  return exit;
}

int RunRuns(const Options& options) {
  RunsRequest request;
  request.ledger = options.ledger;
  request.words = options.files;
  request.lang = options.lang;
  return Finish(Runs(request));
}

int RunTest(const Options& options) {
  if (options.files.empty()) return Usage("test needs at least one rule file");
  const bool zh = options.lang == base::Lang::kZh;
  size_t passed = 0, failed = 0;
  for (const std::string& path : options.files) {
    Compilation compilation;
    base::Diagnostics diags;
    const bool ok = LoadAndCheck(path, compilation, diags);
    ir::Program program;
    if (ok) program = ir::FromChecked(*compilation.program, diags);
    PrintDiagnostics(diags, compilation, options);
    if (!ok || diags.HasErrors()) {
      ++failed;
      std::printf(zh ? "失败 %s: 规则文件有错误\n" : "FAIL %s: the rule file has errors\n",
                  path.c_str());
      continue;
    }
    const std::vector<TestOutcome> outcomes = RunTestBlocks(compilation, program, options.lang);
    for (const TestOutcome& t : outcomes) (t.Passed() ? passed : failed)++;
    std::fputs(ReportTests(path, compilation.sources, outcomes, options.lang).c_str(), stdout);
  }
  std::printf(zh ? "%zu 个通过, %zu 个失败\n" : "%zu passed, %zu failed\n", passed, failed);
  return failed == 0 ? kExitOk : kExitErrors;
}

int Main(int argc, char** argv) {
  Options options;
  if (std::optional<std::string> problem = ParseArgs(argc, argv, options)) return Usage(*problem);
  if (options.command == "check") return RunCheck(options);
  if (options.command == "fmt") return RunFmt(options);
  if (options.command == "run") return RunRun(options);
  if (options.command == "test") return RunTest(options);
  if (options.command == "explain") return RunExplain(options);
  if (options.command == "runs") return RunRuns(options);
  if (options.command == "report") return RunReport(options);
  if (options.command == "whatif") return RunWhatIf(options);
  if (options.command == "help" || options.command == "--help" || options.command == "-h") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (options.command == "version" || options.command == "--version") {
    std::printf("arl %s\n", ARL_VERSION);
    return kExitOk;
  }
  std::string problem = fmt::format("unknown command `{}`", options.command);
  if (std::optional<std::string> near = base::ClosestName(
          options.command,
          {"check", "fmt", "run", "explain", "report", "runs", "test", "help", "version"})) {
    problem += fmt::format(" (did you mean `{}`?)", *near);
  }
  return Usage(problem);
}

}  // namespace
}  // namespace arl::driver

int main(int argc, char** argv) {
  arl::driver::StartOverWithHugePages(argc, argv);
  arl::driver::KeepFreedMemory(argc, argv);
  try {
    return arl::driver::Main(argc, argv);
  } catch (const std::exception& e) {
    // Only a bug in arl itself gets here: user input never throws.
    std::fprintf(stderr,
                 "arl: internal error: %s\nplease report this with the input that caused it\n",
                 e.what());
    return 3;
  }
}
