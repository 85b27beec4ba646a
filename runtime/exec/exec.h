// arl::exec — evaluates the IR over whole columns.
//
// Guarantees: every definition is computed for every row of its table, one
// column at a time, in the IR's dependency order. A problem in one row (a
// division by zero, a needed value that is missing, a lookup no row
// matches) becomes an error in that slot, reported once with the rule and
// where it arose; the other rows carry on. Results do not depend on the order
// of input rows, and the same inputs give the same results, bit for bit.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"
#include "runtime/column/column.h"

namespace arl::exec {

/// A problem in one row: the table and row where it arose, the definition
/// being computed (or -1 for a parameter), the source text at fault.
struct RowError {
  std::int32_t table = -1;  // -1: a parameter or global definition
  std::int32_t row = 0;
  std::int32_t definition = -1;
  std::int32_t param = -1;
  base::Span span;
  base::Message message;
};

/// Everything a run computed.
struct Results {
  /// Per table, per definition slot (ir::Table::definitions order).
  std::vector<std::vector<column::Column>> tables;
  std::vector<column::Column> globals;  // one row each, by slot
  std::vector<column::Column> params;   // one row each: the values used
  std::vector<RowError> errors;         // sorted by table, row, then evaluation order
  /// Wall time of computing each definition, in nanoseconds, by definition
  /// index (for `arl run --timings`); 0 for one not computed.
  std::vector<std::int64_t> definition_ns;
};

/// The value of a parameter set from outside (`--set`), already typed.
struct Override {
  std::int32_t param = -1;
  column::Column value;  // one row
};

/// Which computed columns Results keeps.
enum class Keep {
  kEverything,  ///< every definition (tests, explanations)
  kOutputs,     ///< outputs; a definition that is not one is released (left
                ///< empty) once the last definition reading it is done
};

/// Evaluates `program` over `data`. Never throws for bad data: problems are
/// in Results::errors.
Results Evaluate(const ir::Program& program, const column::Dataset& data,
                 const std::vector<Override>& overrides = {}, Keep keep = Keep::kEverything);

/// Evaluate with Keep::kOutputs that also empties, in `data`, each input
/// column but a table's first (its key, which the results show) once the
/// last definition reading it is done: `arl run`'s peak memory, where the
/// inputs are a million rows of twenty columns. Afterwards `data` serves
/// only to write the results (keys, origins and rows are kept). When what
/// some definition reads cannot be told, nothing is released.
Results EvaluateReleasingInputs(const ir::Program& program, column::Dataset& data,
                                const std::vector<Override>& overrides = {});

}  // namespace arl::exec
