// Every rule file in the repository, cut short at its token boundaries (every
// one, or an even spread of a large file's) and at random byte positions,
// must give a clean answer: never a crash, and either
// exit 1 with a message that names file, line and column, or — when the cut
// happens to leave a complete, valid file — exit 0 for a file that prints
// and re-parses to itself.
#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <set>

#include "compiler/driver/pipeline.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/print.h"
#include "tests/driver/rule_files.h"

namespace arl {
namespace {

// Random cuts per file, on top of the token boundaries. Fixed seed: the
// same cuts on every run.
constexpr int kRandomCutsPerFile = 200;
// Token boundaries per file: every one of a clause-sized file; for a whole
// sample policy (thousands of tokens, each cut checked from scratch, so the
// work grows with the square of the size) an even spread of this many,
// which still cuts through every kind of declaration many times over.
constexpr size_t kBoundaryCutsPerFile = 300;

std::set<size_t> CutPoints(const std::string& text) {
  std::set<size_t> cuts;
  const std::vector<uint32_t> boundaries = syntax::TokenBoundaries(text);
  const size_t stride = boundaries.size() / kBoundaryCutsPerFile + 1;
  for (size_t i = 0; i < boundaries.size(); i += stride) {
    if (boundaries[i] < text.size()) cuts.insert(boundaries[i]);
  }
  std::mt19937 random(20261122);
  std::uniform_int_distribution<size_t> position(0, text.empty() ? 0 : text.size() - 1);
  for (int i = 0; i < kRandomCutsPerFile && !text.empty(); ++i) cuts.insert(position(random));
  return cuts;
}

void CheckPrefixReparses(const std::string& path, const std::string& prefix) {
  driver::Compilation first;
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndParse(path, first, diags, prefix));
  const std::string printed = syntax::Print(*first.files[0]);
  driver::Compilation second;
  base::Diagnostics again;
  REQUIRE(driver::LoadAndParse(path, second, again, printed));
  CHECK(syntax::Dump(*second.files[0]) == syntax::Dump(*first.files[0]));
}

TEST_CASE("every truncation of every rule file gets a positioned error or is valid",
          "[robustness]") {
  const std::vector<std::string> files = testing::RepositoryRuleFiles();
  REQUIRE(!files.empty());
  for (const std::string& path : files) {
    std::optional<std::string> text = driver::ReadFile(path);
    REQUIRE(text.has_value());
    const std::regex positioned(
        "(^|\n)" + std::regex_replace(path, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
        R"(:\d+:\d+: error\[E\d{4}\])");
    size_t errors = 0;
    size_t valid = 0;
    for (size_t cut : CutPoints(*text)) {
      const std::string prefix = text->substr(0, cut);
      driver::CheckOutcome outcome = driver::CheckOne(path, base::Lang::kEn, false, "", prefix);
      INFO(path << " cut at byte " << cut << ":\n" << outcome.diagnostics);
      if (outcome.ok) {
        ++valid;
        CheckPrefixReparses(path, prefix);
      } else {
        ++errors;
        CHECK(std::regex_search(outcome.diagnostics, positioned));
      }
    }
    INFO(path << ": " << errors << " cuts rejected, " << valid << " cuts valid");
    CHECK(errors > valid);
  }
}

}  // namespace
}  // namespace arl
