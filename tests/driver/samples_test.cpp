// Each sample policy, run on its own data, prints exactly its checked-in
// expected results (samples/<name>/expected.json), with no error.
#include <catch2/catch.hpp>

#include <filesystem>

#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"

namespace arl {
namespace {

namespace fs = std::filesystem;

TEST_CASE("every sample's results equal its expected.json", "[samples]") {
  size_t samples = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator("samples")) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().generic_u8string();
    const std::string dir = entry.path().generic_u8string();
    driver::RunRequest request;
    request.rules = dir + "/" + name + ".arl";
    request.data = dir + "/data";
    request.lang = base::Lang::kEn;
    const driver::RunOutcome outcome = driver::Run(request);
    const std::optional<std::string> expected = driver::ReadFile(dir + "/expected.json");
    INFO(name << ":\n" << outcome.err);
    REQUIRE(expected.has_value());
    CHECK(outcome.exit == 0);
    CHECK(outcome.out == *expected);
    ++samples;
  }
  CHECK(samples == 5);
}

}  // namespace
}  // namespace arl
