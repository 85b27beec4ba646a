// `arl whatif --sweep`: tier counts along one or more parameters.
#pragma once

#include "compiler/driver/run.h"
#include "compiler/driver/scenario.h"
#include "compiler/driver/whatif.h"

namespace arl::driver {

/// Runs every setting of request.sweeps on top of `fixed` (the command-line
/// scenario: its parameters and edited cells hold in every setting) and
/// writes the tier counts in request.format (and request.chart). Usage
/// problems (an unknown parameter, a bad range) set outcome.exit to 2.
void Sweep(const WhatIfRequest& request, const Prepared& prepared, const Scenario& fixed,
           RunOutcome& outcome);

}  // namespace arl::driver
