// `arl explain`: how one unit's results were reached, for auditors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/driver/run.h"
#include "runtime/exec/explain.h"

namespace arl::driver {

struct ExplainRequest {
  RunRequest run;      // rules, data, --set, language (format and -o unused)
  std::string unit;    // KEY, or TABLE[KEY] when several tables have that key
  std::string output;  // --output NAME: one definition; "" = every output of the unit's table
  std::string format = "text";  // text | json
};

/// Explains the unit's outputs (or one definition) as a tree: each value
/// with the rule as written, its clauses and assumptions, how the rule
/// decided (branch, lookup row, tier item, quota, rank among peers, ties)
/// and the values it read, down to input cells and parameters. A definition
/// already explained above is referred to, not repeated.
/// Exit 0; 1 for rule or data errors (still explained where possible); 2 for
/// usage errors (no such unit, no such definition).
RunOutcome Explain(const ExplainRequest& request);

/// The text form for `row` of `table` and the given definitions (indices
/// into Program::definitions), as `arl explain` prints it.
std::string ExplainText(const Prepared& prepared, exec::Explainer& explainer, std::int32_t table,
                        std::uint32_t row, const std::vector<std::int32_t>& definitions,
                        base::Lang lang);

}  // namespace arl::driver
