// Parsing a rule file into the AST (ast.h). ANTLR is used in
// from_parse_tree.cpp only; this header knows nothing of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/ast.h"

namespace arl::syntax {

/// Limits that keep hostile input from crashing or stalling the parser.
/// Rule nesting: each `(` costs a handful of parser rules, so 1,000 allows
/// about 150 nested parentheses, far beyond any real clause, while keeping
/// the native stack (ANTLR recurses per rule) well under its limit.
inline constexpr int kMaxRuleDepth = 1000;
/// Syntax errors reported per file before giving up; error recovery past this
/// point only produces noise (and is quadratic on thousands of open brackets).
inline constexpr int kMaxSyntaxErrors = 50;
/// Largest rule file accepted (bytes). Real policies are a few hundred KiB.
inline constexpr size_t kMaxFileBytes = 16u << 20;

/// Parses one source file. Reports every syntax error (codes E01xx) to
/// `diags` and returns nullopt if there was any; never throws on user input.
std::optional<File> Parse(const base::SourceManager& sources, base::FileId file,
                          base::Diagnostics& diags);

/// Byte offsets where the tokens of `text` (comments included) begin and
/// end, in order; whitespace lies between one token's end and the next one's
/// begin. Used by tests that cut files short at every token boundary.
std::vector<uint32_t> TokenBoundaries(std::string_view text);

}  // namespace arl::syntax
