// `arl whatif --margins`: how close each unit is to the next tier.
#pragma once

#include "compiler/driver/run.h"
#include "compiler/driver/whatif.h"

namespace arl::driver {

/// For every tier output (an enumeration made by 分等 whose first 排序 key
/// is a definition, the unit's score) and every unit: the score it would
/// need to rise to a better tier, or at which it would fall to a worse one,
/// everyone else unchanged (with the unit at the boundary when another
/// unit's score is the line, as under a quota); and the nearest value of
/// each parameter the tier reads that would move it. Found by re-evaluating
/// what the score and the parameter reach, for candidate values: the other
/// units' scores and the constants and parameters of the tier's conditions
/// for the score, a grid of 0.01 (or 1 for integers) for parameters.
void Margins(const WhatIfRequest& request, const Prepared& prepared, RunOutcome& outcome);

}  // namespace arl::driver
