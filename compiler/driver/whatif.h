// `arl whatif`: what changes if parameters or data change.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/run.h"

namespace arl::driver {

/// What `arl whatif` was asked to do.
struct WhatIfRequest {
  RunRequest run;                      // rules, data, language, -o; its `sets`
                                       // (with `edits`) are the command-line scenario
  std::vector<std::string> edits;      // --edit TABLE[KEY].COLUMN=VALUE
  std::vector<std::string> scenarios;  // --scenario FILE (its 情景) or NAME (a 情景
                                       // of the rule file)
  std::string format = "text";         // text | csv | json
  std::vector<std::string> sweeps;     // --sweep NAME=FROM..TO:STEP (two or more: a grid)
  std::string chart;                   // --chart OUT.html: the sweep drawn
  bool margins = false;                // --margins: how close each unit is to the next tier
  /// Called as a sweep or --margins goes (settings or units done, in all);
  /// main draws a progress bar with it when stderr is a terminal.
  std::function<void(size_t, size_t)> progress;
  /// If set, a sweep's output for -o is handed over in pieces as it is
  /// written rather than kept whole in the outcome's files: main writes it
  /// straight to the file (10,000 settings can write 100 MB).
  std::function<void(std::string_view)> sweep_output;
};

/// Evaluates the rules over the data as written (the baseline) and under
/// each scenario, and compares them. For each scenario: what it changes
/// (parameters, cells, rows removed and added), per unit every output that
/// differs (old → new) with rank moves, tier steps and money changes, and a
/// summary per output (rows changed, total change) and per group (units up
/// and down a tier, the change of each money output). Text, CSV (a row per
/// changed output) or JSON. Exit 0; 1 for errors in the rules, the data or
/// a scenario file; 2 for usage errors (an unknown parameter, table, key or
/// column on the command line, or a bad value there).
///
/// With --sweep, each setting of the swept parameters (every combination
/// for several) on top of the command-line scenario, recomputing only what
/// the parameters reach: per setting, per tier output and group, how many
/// units are in each tier and which of them are not in their baseline tier.
///
/// With --sweep, each setting of the swept parameters (every combination
/// for several) on top of the command-line scenario, recomputing only what
/// the parameters reach: per setting, per tier output and group, how many
/// units are in each tier and which of them are not in their baseline tier.
/// With --margins, each unit's distance to the next tier up and down (see
/// margins.h).
RunOutcome WhatIf(const WhatIfRequest& request);

}  // namespace arl::driver
