// `arl whatif`: what changes if a parameter changes.
#pragma once

#include "compiler/driver/run.h"

namespace arl::driver {

/// Evaluates the rules over the data twice: as written (the baseline) and
/// with `scenario.sets` and `scenario.edits` (`单位[大湾镇].综合评定分=4`, a
/// cell read as the loader reads one) as the scenario; prints the cells and
/// parameters that differ and, per row, the outputs that differ (old →
/// new), then a summary per output: how many rows changed, and for numbers
/// the total change. Exit 0; 1 for rule or data errors; 2 for usage errors
/// (an unknown parameter, table, key or column, or a bad value).
RunOutcome WhatIf(const RunRequest& scenario);

}  // namespace arl::driver
