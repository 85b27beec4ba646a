// Printing the AST back as text: the canonical form `arl fmt` writes, and a
// span-free dump used for `--dump=ast` and for comparing trees.
#pragma once

#include <string>
#include <string_view>

#include "compiler/syntax/ast.h"

namespace arl::syntax {

enum class KeywordLang { kZh, kEn };

/// Canonical source text of a file: Chinese keywords (or English ones), one
/// declaration after another separated by a blank line, two-space indents,
/// every comment kept. Print(Parse(Print(f))) == Print(f).
std::string Print(const File& file, KeywordLang lang = KeywordLang::kZh);

/// The same for one expression (used in diagnostics and explanations).
std::string PrintExpr(const Expr& expr, KeywordLang lang = KeywordLang::kZh);

/// The word a number literal carries for `unit`, as written after it:
/// "分", "元", "万元", "%", or "" for none.
std::string_view UnitSuffix(Unit unit);

/// An S-expression of the tree with every field that has meaning and no
/// spans or comments: two files have the same Dump exactly when they mean
/// the same thing as written.
std::string Dump(const File& file);

}  // namespace arl::syntax
