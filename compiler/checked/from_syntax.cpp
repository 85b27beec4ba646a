#include "compiler/checked/from_syntax.h"

#include "compiler/checked/checker.h"

namespace arl::checked {

namespace detail {

void Checker::Run() {
  DeclareAll();
  CheckAssumptionRefs();
  CheckParams();
  CheckColumns();
  CheckFunctions();
  CheckFunctionCycles();
  CheckDefinitions();
  BuildOrder();
  CheckStructures();
  CheckTests();
  Lint();
}

}  // namespace detail

Program FromSyntax(std::vector<const syntax::File*> files, const base::SourceManager& sources,
                   base::Diagnostics& diags) {
  Program program;
  program.files = std::move(files);
  program.main = program.files.empty() ? nullptr : program.files.front();
  detail::Checker checker(program, sources, diags);
  checker.Run();
  return program;
}

}  // namespace arl::checked
