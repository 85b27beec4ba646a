// The run ledger: `arl run --record` then `arl runs list|show|diff|verify`,
// on a copy of the yinhai sample in a scratch folder (the ledger keeps
// absolute paths and times, so these are checks on content, not goldens).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/driver/ledger.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"
#include "compiler/driver/runs.h"

namespace arl {
namespace {

namespace fs = std::filesystem;

/// A scratch folder with samples/yinhai copied in, removed at the end.
struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / ("arl-ledger-" + std::to_string(getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy("samples/yinhai", dir / "yinhai", fs::copy_options::recursive);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string Path(const std::string& name) const { return (dir / name).generic_u8string(); }
  fs::path dir;
};

driver::RunOutcome RunRecorded(const Scratch& s, std::vector<std::string> sets) {
  driver::RunRequest request;
  request.rules = s.Path("yinhai/yinhai.arl");
  request.data = s.Path("yinhai/data");
  request.sets = std::move(sets);
  request.record = s.Path("ledger.db");
  request.lang = base::Lang::kEn;
  return driver::Run(request);
}

driver::RunOutcome RunsCommand(const Scratch& s, std::vector<std::string> words) {
  driver::RunsRequest request;
  request.ledger = s.Path("ledger.db");
  request.words = std::move(words);
  request.lang = base::Lang::kEn;
  return driver::Runs(request);
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("a recorded run keeps its files, parameters, outputs and results", "[ledger]") {
  Scratch s;
  const driver::RunOutcome first = RunRecorded(s, {});
  INFO(first.err);
  REQUIRE(first.exit == 0);

  driver::LedgerRun run;
  REQUIRE_FALSE(driver::LoadRun(s.Path("ledger.db"), 1, run).has_value());
  CHECK(run.results == first.out);  // the JSON document arl run printed
  CHECK(run.exit == 0);
  CHECK(run.rules == fs::canonical(s.Path("yinhai/yinhai.arl")).generic_u8string());
  size_t rules = 0, data = 0;
  for (const driver::LedgerFile& f : run.files) {
    (f.kind == "rules" ? rules : data)++;
    const std::optional<std::string> bytes = driver::ReadFile(f.path);
    REQUIRE(bytes.has_value());
    CHECK(f.sha256 == driver::Sha256(*bytes));
  }
  CHECK(rules == 2);  // yinhai.arl and the stdlib file it imports
  CHECK(data == 1);
  CHECK(run.outputs.size() == 31 * 4);  // 31 bureaus, 4 outputs each
  CHECK(driver::Sha256("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("runs list, show, diff and verify read the ledger back", "[ledger]") {
  Scratch s;
  REQUIRE(RunRecorded(s, {}).exit == 0);
  REQUIRE(RunRecorded(s, {"一等比例=30%"}).exit == 0);

  const driver::RunOutcome list = RunsCommand(s, {"list"});
  CHECK(list.exit == 0);
  CHECK(Has(list.out, "1  "));
  CHECK(Has(list.out, "\n2  "));
  CHECK(Has(list.out, "--set 一等比例=30%"));

  const driver::RunOutcome show = RunsCommand(s, {"show", "2"});
  CHECK(Has(show.out, "parameter 一等比例 = 30%"));
  CHECK(Has(show.out, "results: 31 rows, 124 values"));

  // The parameter is the only reason; the units it moved, old → new.
  const driver::RunOutcome diff = RunsCommand(s, {"diff", "1", "2"});
  CHECK(diff.exit == 0);
  CHECK(Has(diff.out, "parameter changed: 一等比例 40% → 30%"));
  CHECK_FALSE(Has(diff.out, "rules changed"));
  CHECK_FALSE(Has(diff.out, "data changed"));
  CHECK(Has(diff.out, "单位[区统计局]: 等次 一等 → 二等"));
  CHECK(Has(diff.out, "5 rows differ"));
  CHECK(Has(RunsCommand(s, {"diff", "1", "1"}).out, "0 rows differ"));

  const driver::RunOutcome verify = RunsCommand(s, {"verify", "2"});
  CHECK(verify.exit == 0);
  CHECK(Has(verify.out, "the same results, byte for byte"));

  // A changed data file (the third cell of the first row): verify names
  // it and fails.
  std::string csv = *driver::ReadFile(s.Path("yinhai/data/单位.csv"));
  const size_t second = csv.find(',', csv.find('\n')) + 1;
  const size_t third = csv.find(',', second) + 1;
  csv.replace(third, csv.find(',', third) - third, "1");
  std::ofstream(s.Path("yinhai/data/单位.csv"), std::ios::trunc) << csv;
  const driver::RunOutcome changed = RunsCommand(s, {"verify", "1"});
  CHECK(changed.exit == 1);
  CHECK(Has(changed.out, "file changed: "));
  CHECK(Has(changed.out, "different results"));
}

TEST_CASE("a rule file with a byte order mark verifies", "[ledger]") {
  Scratch s;
  const std::string rules = *driver::ReadFile(s.Path("yinhai/yinhai.arl"));
  std::ofstream(s.Path("yinhai/yinhai.arl"), std::ios::trunc) << "\xEF\xBB\xBF" << rules;
  REQUIRE(RunRecorded(s, {}).exit == 0);
  const driver::RunOutcome verify = RunsCommand(s, {"verify", "1"});
  CHECK(verify.exit == 0);
  CHECK_FALSE(Has(verify.out, "file changed"));
}

TEST_CASE("runs: a missing ledger, run or bad id is a usage error", "[ledger]") {
  Scratch s;
  CHECK(RunsCommand(s, {"list"}).exit == 2);     // no ledger yet
  CHECK_FALSE(fs::exists(s.Path("ledger.db")));  // and reading made none
  REQUIRE(RunRecorded(s, {}).exit == 0);
  const driver::RunOutcome missing = RunsCommand(s, {"show", "7"});
  CHECK(missing.exit == 2);
  CHECK(Has(missing.err, "no run 7"));
  CHECK(RunsCommand(s, {"show", "x"}).exit == 2);
  CHECK(RunsCommand(s, {"frobnicate"}).exit == 2);
}

}  // namespace
}  // namespace arl
