// What-if scenarios (`arl whatif`): parameter overrides and data changes,
// from the command line (--set, --edit) or from 情景 declarations in arl
// syntax, read against a checked program and applied to its data.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/pipeline.h"
#include "compiler/ir/ir.h"
#include "runtime/column/column.h"
#include "runtime/exec/exec.h"
#include "runtime/io/load.h"

namespace arl::driver {

/// One scenario, its names resolved against the program.
struct Scenario {
  std::string name;                      // the 情景's name, or 命令行 / command line
  std::string where;                     // file:line of the 情景, "" on the command line
  std::vector<std::string> clauses;      // 依据: why
  std::vector<std::string> assumptions;  // 假定
  std::vector<exec::Override> overrides;
  /// `TABLE[KEY].COLUMN = VALUE`: a cell of the data changed. The row is
  /// found by key once the scenario's rows are loaded.
  struct Edit {
    std::int32_t table = -1;
    std::string key;
    std::int32_t column = -1;
    std::string value;  // as a data cell holds it
    std::string where;  // file:line:column, or the --edit argument
  };
  std::vector<Edit> edits;
  io::RowChanges rows;                               // removed and added rows
  std::vector<std::unique_ptr<io::CsvTable>> added;  // what rows.added points to

  /// Whether the scenario removes or adds rows (the data is then loaded again).
  bool ChangesRows() const { return !rows.removed.empty() || !added.empty(); }
};

/// The command-line scenario: --set NAME=VALUE and --edit
/// 'TABLE[KEY].COLUMN=VALUE'. Nullopt with `problem` set for a usage error
/// (an unknown name, with a suggestion, or a value that cannot be read).
std::optional<Scenario> CommandLineScenario(const ir::Program& program,
                                            const std::vector<std::string>& sets,
                                            const std::vector<std::string>& edits, base::Lang lang,
                                            std::string& problem);

/// The 情景 declarations of a parsed file: names checked against `program`,
/// values read as --set and data cells read them. Problems go to `diags`,
/// at their place in the file.
std::vector<Scenario> ReadScenarios(const syntax::File& file, const base::SourceManager& sources,
                                    const ir::Program& program, base::Diagnostics& diags);

/// Applies the scenario's edits to `data` (loaded with its row changes).
/// Returns a line per edit (`单位[丙].否决: 是 → 否`), or the problems of
/// edits whose key is not in the data or whose value cannot be read.
std::vector<std::string> ApplyEdits(const ir::Program& program, const Scenario& scenario,
                                    column::Dataset& data, base::Lang lang,
                                    std::vector<std::string>& problems);

/// The input columns a table's units are grouped by for ranks and tiers
/// (the `按 …` of its first 排名 or 分等 whose groups are all input columns),
/// or none: the whole table is one group.
std::vector<std::int32_t> GroupColumns(const ir::Program& program, std::int32_t table);

/// A change as written: `+500元`, `-1.5分`, `+0元`.
std::string Signed(const value::Decimal& d, const std::string& unit);

/// The group of row `row` of `table`: the values of `columns` (from
/// GroupColumns) as written, joined by `/`; "" for no columns.
std::string GroupName(const ir::Program& program, const column::Dataset& data, std::int32_t table,
                      const std::vector<std::int32_t>& columns, size_t row);

}  // namespace arl::driver
