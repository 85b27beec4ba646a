// The pass from the AST to the checked program (program.h).
#pragma once

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/checked/program.h"
#include "compiler/syntax/ast.h"

namespace arl::checked {

/// Resolves every name, types every expression with its units, orders the
/// definitions by dependency, and checks what a careful colleague would:
/// sections that do not add up, lookups that overlap or leave gaps, quotas
/// over 100%, ranks without a tie rule. `files[0]` is the main file, the rest
/// the files it imports (already parsed); they must outlive the Program.
/// Reports to `diags` and always returns a Program, complete as far as the
/// errors allow.
Program FromSyntax(std::vector<const syntax::File*> files, const base::SourceManager& sources,
                   base::Diagnostics& diags);

}  // namespace arl::checked
