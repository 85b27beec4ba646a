// Golden suites: a rule file beside its expected output. Each file is one
// Catch2 test case, registered at start-up by golden_main.cpp.
#pragma once

#include <string>

namespace arl::golden {

/// Set by `golden_test --update`: write actual output as the new expectation.
extern bool g_update;

/// Checks the file at `path` (relative to the source root) for one suite:
///   parse: its AST dump equals `<name>.ast`; printing and re-parsing gives
///          the same dump; printing is idempotent.
///   fmt:   `arl fmt` output equals `<name>.formatted`, and is idempotent.
///   eval:  the file's 测试 blocks pass, and their results, errors and
///          comparisons equal `<name>.expected`.
///   run:   `arl run <name>.arl --data <name>.data` plus the arguments in
///          `<name>.args` (one per line): exit code, stdout and the English
///          and Chinese stderr equal `<name>.expected`.
///   check, syntax: `arl check` exit status and diagnostics, in English and
///          Chinese, equal `<name>.expected`.
void RunCase(const std::string& suite, const std::string& path);

}  // namespace arl::golden
