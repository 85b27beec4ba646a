// `arl explain`: how one unit's results were reached, for auditors.
#pragma once

#include <string>

#include "compiler/driver/run.h"

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

}  // namespace arl::driver
