// Lowering: checked rules → IR.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/checked/program.h"
#include "compiler/ir/ir.h"

namespace arl::ir {

/// Lowers checked rules to IR: resolves names to slots, folds literals to
/// exact values, inlines functions and orders definitions so that every
/// column is computed after the columns it reads. Reports (E08xx) what the
/// runtime cannot evaluate, such as a literal too large for a decimal.
Program FromChecked(const checked::Program& program, base::Diagnostics& diags);

}  // namespace arl::ir
