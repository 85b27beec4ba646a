// `arl run`: rules and a data folder in, results out.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/driver/ledger.h"
#include "compiler/driver/pipeline.h"
#include "compiler/ir/ir.h"
#include "runtime/column/column.h"
#include "runtime/exec/exec.h"
#include "runtime/io/load.h"

namespace arl::driver {

/// Exit codes of every `arl` command: 0 clean (warnings allowed), 1 errors
/// in a rule file or the data (or, for `runs verify`, a difference), 2 usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;
inline constexpr int kExitUsage = 2;

/// What `arl run` was asked to do.
struct RunRequest {
  std::string rules;              // the rule file
  std::string data;               // the folder of <table>.csv files, or one FILE.json
                                  // of all tables ({"<table>": [{row}, …], …})
  std::vector<std::string> sets;  // NAME=VALUE, as written after --set
  std::string format = "json";    // json | csv | table
  std::string output;             // -o: a file (json, table) or folder (csv); "" = stdout
  base::Lang lang = base::Lang::kZh;
  bool color = false;
  bool timings = false;  // --timings: report each phase's wall time on stderr
  std::string record;    // --record: the ledger to append this run to ("" = none)
};

/// What it did: the exit code, what goes to stdout and stderr, and files to
/// write (path → content) for -o. With -o and JSON, Run writes the file
/// itself, piece by piece, and `files` is empty.
struct RunOutcome {
  int exit = 0;
  std::string out;
  std::string err;
  std::map<std::string, std::string> files;
};

/// What `arl run` and `arl explain` share: the rules checked and lowered,
/// --set read, the data loaded (its problems already in outcome.err).
struct Prepared {
  Compilation compilation;
  ir::Program program;
  std::vector<exec::Override> overrides;
  io::Loaded loaded;
  std::vector<std::string> warnings;  // data warnings, as printed
};

/// A parameter set from outside the rules: --set, a 测试 or 情景's 参数 line.
struct Setting {
  std::optional<exec::Override> value;  // nullopt: `problem` says why
  bool unknown = false;                 // no parameter of that name
  base::Message problem;  // `no parameter named …; did you mean …`, or why the value
                          // cannot be read
};

/// Parameter `name` set to `text`, read as --set reads it (`85分`, `30%`,
/// `是`); no text is no value (`无`).
Setting ReadSetting(const ir::Program& program, const std::string& name,
                    const std::optional<std::string>& text);

/// Loads `path`: a folder of CSV files, or one FILE.json of all tables,
/// with a scenario's `changes` when given. Nullopt (with outcome.exit and
/// outcome.err set) when it is neither.
std::optional<io::Loaded> LoadData(const ir::Program& program, const std::string& path,
                                   base::Lang lang, RunOutcome& outcome,
                                   const io::RowChanges* changes = nullptr);

/// A data problem as printed: `错误: 单位.csv:3:5: …` and a line end.
std::string DataProblemLine(const io::DataProblem& p, base::Lang lang);

/// Null when the run cannot go on: outcome.exit and outcome.err say why.
/// `lap` is called with "check" and "load" as those phases end.
std::unique_ptr<Prepared> Prepare(const RunRequest& request, RunOutcome& outcome,
                                  const std::function<void(const char*)>& lap);

/// Every parameter's value in `results`, as written (120%, 5万元).
std::vector<LedgerValue> ParamValues(const ir::Program& program, const column::Dataset& data,
                                     const exec::Results& results);

/// Every output of every row of the result tables, as written; a row is
/// named by its key, or `file:line` for a record row.
std::vector<LedgerValue> OutputValues(const ir::Program& program, const column::Dataset& data,
                                      const exec::Results& results);

/// Runs the rules over the data. Exit 0: all results computed; 1: a rule,
/// data or evaluation error (results still printed where there are any);
/// 2: a usage error (an unknown parameter in --set, a bad format).
RunOutcome Run(const RunRequest& request);

/// An evaluation error as printed: the row (file, line, key), the rule and
/// its clauses, the message, and the rule text at fault.
std::string RenderRowError(const ir::Program& program, const column::Dataset& data,
                           const base::SourceManager& sources, const exec::RowError& error,
                           base::Lang lang);

}  // namespace arl::driver
