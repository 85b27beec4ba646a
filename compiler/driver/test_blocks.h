// Running the 测试 blocks of a rule file: each block's 数据表 become the
// data, its 参数 lines override parameters, and each 预期 is compared with
// what the rules compute.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/pipeline.h"
#include "compiler/ir/ir.h"
#include "runtime/exec/exec.h"
#include "runtime/io/load.h"

namespace arl::driver {

/// One 预期 line compared.
struct Expectation {
  std::string what;      // "单位[区教育局].基本分"
  std::string expected;  // as written, or "出错"
  std::string actual;    // the value as a 预期 writes it (`120%`, `无`), or the error
  std::string clauses;   // of the definition, for a failure report
  bool passed = false;
  base::Span span;  // the 预期 line
};

/// One 测试 block run.
struct TestOutcome {
  std::string name;
  std::string results_json;           // every output, as `arl run` prints it
  std::vector<std::string> problems;  // data problems and row errors, rendered
  std::vector<Expectation> expectations;

  bool Passed() const;
};

/// The inputs of one 测试 block: its 数据表 loaded exactly like CSV files,
/// its 参数 lines read like --set values.
struct TestInputs {
  const checked::Test* test = nullptr;
  io::Loaded loaded;
  std::vector<exec::Override> overrides;
  std::vector<std::string> problems;  // 参数 lines that could not be read
};

/// The text of a literal the way a data cell would hold it: `44分` → "44",
/// `50%` → "50%", `-1.5` → "-1.5", `是` → "是", `二等` → "二等". With
/// `with_unit`, as `--set` takes it: `44分` → "44分". Nullopt for anything
/// but a constant.
std::optional<std::string> LiteralText(const syntax::Expr& expr, bool with_unit = false);

/// A 数据表 of a 测试 or 情景 as the rows of a file named `file`, each cell
/// at its place in `source`.
io::CsvTable CsvTableOf(const syntax::TestData& data, const base::SourceFile& source,
                        std::string file);

/// The inputs of every 测试 block of the main file of `compilation`.
std::vector<TestInputs> LoadTestInputs(const Compilation& compilation, const ir::Program& program,
                                       base::Lang lang);

/// Runs every 测试 block of the main file of `compilation`.
std::vector<TestOutcome> RunTestBlocks(const Compilation& compilation, const ir::Program& program,
                                       base::Lang lang);

/// What `arl test` prints for the blocks of the rule file `path`: a line per
/// block (通过/失败 and its name), and under a failed block each failed 预期
/// (where, expected, actual, the clause) and its problems.
std::string ReportTests(const std::string& path, const base::SourceManager& sources,
                        const std::vector<TestOutcome>& outcomes, base::Lang lang);

}  // namespace arl::driver
