#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/explain.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/report.h"
#include "compiler/driver/run.h"
#include "compiler/driver/runs.h"
#include "compiler/driver/test_blocks.h"
#include "compiler/driver/whatif.h"
#include "compiler/ir/from_checked.h"
#include "compiler/syntax/print.h"
#include "tests/golden/golden.h"

namespace arl::golden {

bool g_update = false;

namespace {

namespace fs = std::filesystem;

std::string Replace(const std::string& path, const std::string& extension) {
  return fs::path(path).replace_extension(extension).generic_u8string();
}

// Compares `actual` with the file `expected_path`, or rewrites it.
void Expect(const std::string& expected_path, const std::string& actual) {
  if (g_update) {
    std::ofstream(expected_path, std::ios::binary | std::ios::trunc) << actual;
    return;
  }
  std::optional<std::string> expected = driver::ReadFile(expected_path);
  INFO("expected output in " << expected_path << " (run golden_test --update to create it)");
  REQUIRE(expected.has_value());
  CHECK(*expected == actual);
}

// Parses in memory text as if it were the file `path`.
const syntax::File* ParseText(const std::string& path, const std::string& text,
                              driver::Compilation& compilation, base::Diagnostics& diags) {
  if (!driver::LoadAndParse(path, compilation, diags, text)) return nullptr;
  return compilation.files[0].get();
}

void RunParse(const std::string& path) {
  driver::Compilation compilation;
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndParse(path, compilation, diags));
  const syntax::File& file = *compilation.files[0];
  const std::string dump = syntax::Dump(file);
  Expect(Replace(path, ".ast"), dump);

  for (syntax::KeywordLang lang : {syntax::KeywordLang::kZh, syntax::KeywordLang::kEn}) {
    const std::string printed = syntax::Print(file, lang);
    driver::Compilation again;
    base::Diagnostics again_diags;
    const syntax::File* reparsed = ParseText(path, printed, again, again_diags);
    INFO("printed form:\n" << printed);
    REQUIRE(reparsed != nullptr);
    CHECK(syntax::Dump(*reparsed) == dump);
    CHECK(syntax::Print(*reparsed, lang) == printed);
  }
}

void RunFmt(const std::string& path) {
  driver::Compilation compilation;
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndParse(path, compilation, diags));
  const std::string formatted = syntax::Print(*compilation.files[0]);
  Expect(Replace(path, ".formatted"), formatted);
  driver::Compilation again;
  base::Diagnostics again_diags;
  const syntax::File* reparsed = ParseText(path, formatted, again, again_diags);
  REQUIRE(reparsed != nullptr);
  CHECK(syntax::Print(*reparsed) == formatted);
}

void RunCheck(const std::string& path) {
  driver::CheckOutcome en = driver::CheckOne(path, base::Lang::kEn, false);
  driver::CheckOutcome zh = driver::CheckOne(path, base::Lang::kZh, false);
  CHECK(en.ok == zh.ok);
  std::string actual = "# exit " + std::to_string(en.ok ? 0 : 1) + "\n--- en\n" + en.diagnostics +
                       "--- zh\n" + zh.diagnostics;
  Expect(Replace(path, ".expected"), actual);
}

// Loads, checks and lowers a rule file that must have no errors.
ir::Program LoadClean(const std::string& path, driver::Compilation& compilation) {
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndCheck(path, compilation, diags));
  ir::Program program = ir::FromChecked(*compilation.program, diags);
  REQUIRE_FALSE(diags.HasErrors());
  return program;
}

// Runs the file's 测试 blocks: every 预期 must hold, and the results, errors
// and comparisons must equal `<name>.expected`.
void RunEval(const std::string& path) {
  driver::Compilation compilation;
  const ir::Program program = LoadClean(path, compilation);
  std::string actual;
  for (const driver::TestOutcome& t :
       driver::RunTestBlocks(compilation, program, base::Lang::kZh)) {
    actual += "## " + t.name + "\n" + t.results_json;
    for (const std::string& p : t.problems) actual += p + (p.back() == '\n' ? "" : "\n");
    for (const driver::Expectation& e : t.expectations) {
      actual +=
          (e.passed ? "ok   " : "FAIL ") + e.what + " = " + e.expected + " (" + e.actual + ")\n";
      INFO(t.name << ": " << e.what << " expected " << e.expected << ", got " << e.actual);
      CHECK(e.passed);
    }
  }
  Expect(Replace(path, ".expected"), actual);
}

// Runs the file's 测试 blocks, which need not pass, in English and in
// Chinese: what `arl test` prints must equal `<name>.expected`.
void RunTestSuite(const std::string& path) {
  driver::Compilation compilation;
  const ir::Program program = LoadClean(path, compilation);
  std::string actual;
  for (base::Lang lang : {base::Lang::kEn, base::Lang::kZh}) {
    actual += lang == base::Lang::kEn ? "--- en\n" : "--- zh\n";
    actual += driver::ReportTests(path, compilation.sources,
                                  driver::RunTestBlocks(compilation, program, lang), lang);
  }
  Expect(Replace(path, ".expected"), actual);
}

// Runs `arl run <name>.arl --data <name>.data [args]`, with the arguments
// of `<name>.args` (one per line), in English and in Chinese: the exit code,
// stdout and both stderrs must equal `<name>.expected`.
/// The lines of `<name>.args`: an option, then its value, and so on.
std::vector<std::string> Args(const std::string& path) {
  std::vector<std::string> args;
  if (auto text = driver::ReadFile(Replace(path, ".args"))) {
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      if (end > start) args.push_back(text->substr(start, end - start));
      start = end + 1;
    }
  }
  return args;
}

void RunRun(const std::string& path) {
  driver::RunRequest request;
  request.rules = path;
  request.data = Replace(path, ".data");
  const std::vector<std::string> args = Args(path);
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--set")
      request.sets.push_back(args[i + 1]);
    else if (args[i] == "--format")
      request.format = args[i + 1];
    else if (args[i] == "--data")
      request.data = args[i + 1];
    else
      FAIL("unknown argument in " << Replace(path, ".args") << ": " << args[i]);
  }
  request.lang = base::Lang::kEn;
  const driver::RunOutcome en = driver::Run(request);
  request.lang = base::Lang::kZh;
  const driver::RunOutcome zh = driver::Run(request);
  CHECK(en.exit == zh.exit);
  // Warnings inside the JSON are in the language asked for.
  Expect(Replace(path, ".expected"), "# exit " + std::to_string(en.exit) + "\n--- stdout\n" +
                                         en.out +
                                         (zh.out != en.out ? "--- stdout zh\n" + zh.out : "") +
                                         "--- stderr en\n" + en.err + "--- stderr zh\n" + zh.err);
}

// Runs `command` on `request` in English and in Chinese (both exit alike)
// and compares exit code, stdout, stderr and the files it would write (in
// Chinese) with `<name>.expected`.
template <typename Request>
void ExpectBothLanguages(const std::string& path, Request request,
                         driver::RunOutcome (*command)(const Request&)) {
  request.run.lang = base::Lang::kEn;
  const driver::RunOutcome en = command(request);
  request.run.lang = base::Lang::kZh;
  const driver::RunOutcome zh = command(request);
  CHECK(en.exit == zh.exit);
  std::string files;
  for (const auto& [name, text] : zh.files) files += "--- file " + name + " (zh)\n" + text;
  Expect(Replace(path, ".expected"), "# exit " + std::to_string(en.exit) + "\n--- stdout en\n" +
                                         en.out + "--- stdout zh\n" + zh.out + "--- stderr en\n" +
                                         en.err + "--- stderr zh\n" + zh.err + files);
}

// Runs `arl explain <name>.arl --data <name>.data [args]` (`--unit`,
// `--output`, `--format`, `--set` in `<name>.args`), in English and in
// Chinese: the exit code, both stdouts and both stderrs must equal
// `<name>.expected`.
void RunExplain(const std::string& path) {
  driver::ExplainRequest request;
  request.run.rules = path;
  request.run.data = Replace(path, ".data");
  const std::vector<std::string> args = Args(path);
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--set")
      request.run.sets.push_back(args[i + 1]);
    else if (args[i] == "--unit")
      request.unit = args[i + 1];
    else if (args[i] == "--output")
      request.output = args[i + 1];
    else if (args[i] == "--format")
      request.format = args[i + 1];
    else
      FAIL("unknown argument in " << Replace(path, ".args") << ": " << args[i]);
  }
  ExpectBothLanguages(path, request, driver::Explain);
}

// Runs `arl report <name>.arl --data <name>.data -o …` (with the --set lines
// of `<name>.args`) in Chinese: the exit code, the messages and the page
// must equal `<name>.expected`.
void RunReport(const std::string& path) {
  driver::ReportRequest request;
  request.run.rules = path;
  request.run.data = Replace(path, ".data");
  request.run.lang = base::Lang::kZh;
  request.output = "report.html";
  const std::vector<std::string> args = Args(path);
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--set")
      request.run.sets.push_back(args[i + 1]);
    else
      FAIL("unknown argument in " << Replace(path, ".args") << ": " << args[i]);
  }
  driver::RunOutcome outcome = driver::Report(request);
  Expect(Replace(path, ".expected"), "# exit " + std::to_string(outcome.exit) + "\n--- stderr\n" +
                                         outcome.err + "--- report.html\n" +
                                         outcome.files["report.html"]);
}

// Records two runs of `<name>.arl` over `<name>.data` in a fresh ledger,
// the second with the --set lines of `<name>.args`, then prints what `arl
// runs diff 1 2` and `arl runs verify 1` say, in English and in Chinese.
// Only parameters change between the runs, so no path is printed.
void RunLedger(const std::string& path) {
  const std::string ledger =
      (std::filesystem::temp_directory_path() / ("arl-golden-" + std::to_string(getpid()) + ".db"))
          .generic_u8string();
  std::filesystem::remove(ledger);
  driver::RunRequest request;
  request.rules = path;
  request.data = Replace(path, ".data");
  request.record = ledger;
  std::string actual;
  actual += "# exit " + std::to_string(driver::Run(request).exit);
  const std::vector<std::string> args = Args(path);
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--set")
      request.sets.push_back(args[i + 1]);
    else
      FAIL("unknown argument in " << Replace(path, ".args") << ": " << args[i]);
  }
  actual += " " + std::to_string(driver::Run(request).exit) + "\n";
  for (base::Lang lang : {base::Lang::kEn, base::Lang::kZh}) {
    for (const std::vector<std::string>& words :
         {std::vector<std::string>{"diff", "1", "2"}, std::vector<std::string>{"verify", "1"}}) {
      driver::RunsRequest runs;
      runs.ledger = ledger;
      runs.words = words;
      runs.lang = lang;
      const driver::RunOutcome outcome = driver::Runs(runs);
      actual += fmt::format("--- runs {} ({}), exit {}\n{}{}", fmt::join(words, " "),
                            lang == base::Lang::kEn ? "en" : "zh", outcome.exit, outcome.out,
                            outcome.err);
    }
  }
  std::filesystem::remove(ledger);
  Expect(Replace(path, ".expected"), actual);
}

// Runs `arl whatif <name>.arl --data <name>.data` with the --set, --edit,
// --scenario (a file beside the rules, or a 情景 name), --format, --sweep,
// --chart and --margins lines of `<name>.args` (`--sample NAME` runs the
// sample's rules and data instead), in English and in Chinese; files it
// would write (the chart) are part of the expectation.
void RunWhatIf(const std::string& path) {
  driver::WhatIfRequest request;
  request.run.rules = path;
  request.run.data = Replace(path, ".data");
  const std::vector<std::string> args = Args(path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--margins") {
      request.margins = true;
      continue;
    }
    if (i + 1 == args.size()) FAIL(args[i] << " without a value in " << Replace(path, ".args"));
    const std::string& value = args[++i];
    if (args[i - 1] == "--sample") {
      // The sample's own rules and data (<name>.arl then only says what is tested).
      request.run.rules = "samples/" + value + "/" + value + ".arl";
      request.run.data = "samples/" + value + "/data";
    } else if (args[i - 1] == "--set") {
      request.run.sets.push_back(value);
    } else if (args[i - 1] == "--edit") {
      request.edits.push_back(value);
    } else if (args[i - 1] == "--scenario") {
      const std::string beside = dir + "/" + value;
      request.scenarios.push_back(std::filesystem::exists(beside) ? beside : value);
    } else if (args[i - 1] == "--format") {
      request.format = value;
    } else if (args[i - 1] == "--sweep") {
      request.sweeps.push_back(value);
    } else if (args[i - 1] == "--chart") {
      request.chart = value;  // written into the expectation, not to disk
    } else {
      FAIL("unknown argument in " << Replace(path, ".args") << ": " << args[i - 1]);
    }
  }
  ExpectBothLanguages(path, request, driver::WhatIf);
}

}  // namespace

void RunCase(const std::string& suite, const std::string& path) {
  if (suite == "parse") return RunParse(path);
  if (suite == "fmt") return RunFmt(path);
  if (suite == "eval") return RunEval(path);
  if (suite == "test") return RunTestSuite(path);
  if (suite == "run") return RunRun(path);
  if (suite == "explain") return RunExplain(path);
  if (suite == "report") return RunReport(path);
  if (suite == "ledger") return RunLedger(path);
  if (suite == "whatif") return RunWhatIf(path);
  RunCheck(path);
}

}  // namespace arl::golden
