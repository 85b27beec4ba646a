// Each sample policy, run on its own data, prints exactly its checked-in
// expected results (samples/<name>/expected.json), with no error; and every
// unit of it can be explained.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "compiler/driver/explain.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"
#include "runtime/exec/explain.h"
#include "runtime/io/output.h"

namespace arl {
namespace {

namespace fs = std::filesystem;

/// samples/<name>/<name>.arl over samples/<name>/data.
driver::RunRequest SampleRequest(const fs::directory_entry& entry, base::Lang lang) {
  const std::string dir = entry.path().generic_u8string();
  driver::RunRequest request;
  request.rules = dir + "/" + entry.path().filename().generic_u8string() + ".arl";
  request.data = dir + "/data";
  request.lang = lang;
  return request;
}

TEST_CASE("every sample's results equal its expected.json", "[samples]") {
  size_t samples = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator("samples")) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().generic_u8string();
    const driver::RunOutcome outcome = driver::Run(SampleRequest(entry, base::Lang::kEn));
    const std::optional<std::string> expected =
        driver::ReadFile(entry.path().generic_u8string() + "/expected.json");
    INFO(name << ":\n" << outcome.err);
    REQUIRE(expected.has_value());
    CHECK(outcome.exit == 0);
    CHECK(outcome.out == *expected);
    ++samples;
  }
  CHECK(samples == 5);
}

// Explanations name the values `arl run` prints. Through the explainer,
// every definition of every row of every sample is explained; through the
// command, the first and the last unit of each entity table, whose every
// output is a top-level line `NAME = VALUE` with the value of the run.
TEST_CASE("explain works for every sample and agrees with run", "[samples][explain]") {
  for (const fs::directory_entry& entry : fs::directory_iterator("samples")) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().generic_u8string();
    const driver::RunRequest request = SampleRequest(entry, base::Lang::kZh);
    driver::RunOutcome prepared_outcome;
    const std::unique_ptr<driver::Prepared> prepared =
        driver::Prepare(request, prepared_outcome, [](const char*) {});
    REQUIRE(prepared != nullptr);
    const ir::Program& program = prepared->program;
    const column::Dataset& data = prepared->loaded.data;
    const exec::Results plain = exec::Evaluate(program, data);
    exec::Explainer explainer(program, data, {});
    INFO(name);

    for (size_t d = 0; d < program.definitions.size(); ++d) {
      const ir::Definition& def = program.definitions[d];
      const size_t rows = def.table >= 0 ? data.tables[static_cast<size_t>(def.table)].rows : 1;
      const column::Column& kept =
          def.table >= 0
              ? explainer.results()
                    .tables[static_cast<size_t>(def.table)][static_cast<size_t>(def.slot)]
              : explainer.results().globals[static_cast<size_t>(def.slot)];
      const column::Column& run =
          def.table >= 0
              ? plain.tables[static_cast<size_t>(def.table)][static_cast<size_t>(def.slot)]
              : plain.globals[static_cast<size_t>(def.slot)];
      for (size_t r = 0; r < rows; ++r) {
        INFO(def.name << " row " << r);
        CHECK(io::WrittenValue(program, data, def.display, kept, r) ==
              io::WrittenValue(program, data, def.display, run, r));
        const exec::Step step =
            explainer.Explain(static_cast<std::int32_t>(d), static_cast<std::uint32_t>(r));
        for (const exec::Read& read : step.reads) {
          if (read.kind == exec::Read::Kind::kKey) continue;
          CHECK(explainer.Value(read).first != nullptr);
        }
      }
    }

    for (size_t t = 0; t < program.tables.size(); ++t) {
      const ir::Table& table = program.tables[t];
      const column::TableData& td = data.tables[t];
      if (!table.entity || td.rows == 0) continue;
      for (size_t row : {size_t{0}, td.rows - 1}) {
        driver::ExplainRequest explain;
        explain.run = request;
        explain.unit = fmt::format("{}[{}]", table.name, td.keys[row]);
        const driver::RunOutcome outcome = driver::Explain(explain);
        INFO(explain.unit << "\n" << outcome.err);
        CHECK(outcome.exit == 0);
        for (std::int32_t d : table.definitions) {
          const ir::Definition& def = program.definitions[static_cast<size_t>(d)];
          if (!def.output) continue;
          const std::string line =
              fmt::format("\n{} = {}\n", def.name,
                          io::WrittenValue(program, data, def.display,
                                           plain.tables[t][static_cast<size_t>(def.slot)], row));
          CHECK(outcome.out.find(line) != std::string::npos);
        }
      }
    }
  }
}

}  // namespace
}  // namespace arl
