// Turns diagnostics into the text users read, in the shape rustc made
// familiar:
//
//   samples/x.arl:12:9: error[E0102]: unknown name `总分低于`
//      |
//   12 |   输出 单位.等次 = 总分低于 90分
//      |                  ^^^^^^^^ not a table, column, parameter or definition
//      = help: did you mean `总分 低于`?
//
// Columns in `line:col` count code points; carets are placed by display
// width, so they sit under CJK text in a terminal. Any span renders, however
// wrong: offsets are clamped, unknown files print as `arl:`.
#pragma once

#include <cstddef>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace arl::base {

/// Source lines wider than this are cut around the span with "…", so one
/// generated or minified line cannot flood the terminal.
inline constexpr size_t kMaxShownLineWidth = 200;

/// One diagnostic, every line ending in "\n"; ANSI colors only if `color`.
std::string Render(const Diagnostic& d, const SourceManager& sources, Lang lang, bool color);

/// Every diagnostic of `diags.Sorted()`, separated by blank lines, then a
/// summary such as "error: 3 errors, 1 warning" unless there are neither.
std::string RenderAll(const Diagnostics& diags, const SourceManager& sources, Lang lang,
                      bool color);

}  // namespace arl::base
