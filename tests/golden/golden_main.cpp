// Finds the golden files and registers one test case per file, then runs
// Catch2 with an extra `--update` option.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/golden/golden.h"

namespace {

namespace fs = std::filesystem;

class GoldenInvoker : public Catch::ITestInvoker {
 public:
  GoldenInvoker(std::string suite, std::string path)
      : suite_(std::move(suite)), path_(std::move(path)) {}
  void invoke() const override { arl::golden::RunCase(suite_, path_); }

 private:
  std::string suite_;
  std::string path_;
};

void RegisterSuite(const std::string& suite) {
  std::vector<std::string> paths;
  fs::path dir = fs::path("tests/golden") / suite;
  if (!fs::is_directory(dir)) return;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".arl") paths.push_back(entry.path().generic_u8string());
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    // Catch2 owns the invoker from here on.
    Catch::getMutableRegistryHub().registerTest(Catch::makeTestCase(
        new GoldenInvoker(suite, path), "", Catch::NameAndTags{path, "[golden][" + suite + "]"},
        CATCH_INTERNAL_LINEINFO));
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  // Expectations and printed paths are relative to the source root.
  fs::current_path(ARL_SOURCE_ROOT);
  for (const char* suite : {"parse", "fmt", "check", "syntax", "eval", "test", "run", "explain",
                            "report", "ledger", "whatif"})
    RegisterSuite(suite);

  Catch::Session session;
  using Catch::clara::Opt;
  session.cli(session.cli() |
              Opt(arl::golden::g_update)["--update"]("rewrite the expected outputs"));
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  return session.run();
}
