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
/// With `test`, each of its call expectations (`预期 完成率(80, 100) = 80%`)
/// is lowered too, in order, as one more global definition after all of the
/// program's own: the first is definitions[program.definitions.size()].
Program FromChecked(const checked::Program& program, base::Diagnostics& diags,
                    const checked::Test* test = nullptr);

}  // namespace arl::ir
