// `arl whatif`: what changes if a parameter changes.
#pragma once

#include "compiler/driver/run.h"

namespace arl::driver {

/// Evaluates the rules over the data twice: as written (the baseline) and
/// with `scenario.sets` (the scenario); prints the parameters that differ
/// and, per row, the outputs that differ (old → new), then a summary per
/// output: how many rows changed, and for numbers the total change. Exit 0;
/// 1 for rule or data errors; 2 for usage errors (as `arl run`).
RunOutcome WhatIf(const RunRequest& scenario);

}  // namespace arl::driver
