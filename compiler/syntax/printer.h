// Internal to arl_syntax: the printer shared by print.cpp (files and
// declarations) and print_expr.cpp (expressions).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/syntax/ast.h"
#include "compiler/syntax/keywords.h"
#include "compiler/syntax/print.h"

namespace arl::syntax::printing {

// How tightly each form binds, loosest first, as ArlParser.g4 orders them
// (`expr` alternatives, then `arith` ones, where earlier is tighter).
inline constexpr int kPrecIf = 1;
inline constexpr int kPrecOr = 2;
inline constexpr int kPrecAnd = 3;
inline constexpr int kPrecNot = 4;
inline constexpr int kPrecCompare = 5;  // comparisons and 属于
inline constexpr int kPrecIfNone = 6;
inline constexpr int kPrecUntilZero = 7;
inline constexpr int kPrecCapFloor = 8;
inline constexpr int kPrecAdd = 9;
inline constexpr int kPrecMul = 10;
inline constexpr int kPrecNeg = 11;
inline constexpr int kPrecPrimary = 12;
// Where the grammar says `arith` (comparison operands, range bounds, keys):
// anything of the `expr` layer needs parentheses there.
inline constexpr int kPrecArith = kPrecIfNone;
// Where the grammar says `expr` and a delimiter follows: anything goes.
inline constexpr int kPrecAny = 0;

// Indent of each nesting level: items of a block, rows of a 查表.
inline constexpr int kIndentStep = 2;

/// Binding strength of `e`'s form (one of the kPrec constants).
int PrecOf(const Expr& e);

/// `s` in double quotes, with the escapes the lexer knows (\" \\ \n \t).
void AppendQuoted(std::string& out, std::string_view s);

/// Writes canonical text into one string; print.cpp has the declarations,
/// print_expr.cpp the expressions.
class Printer {
 public:
  explicit Printer(KeywordLang lang) : lang_(lang) {}

  std::string Take() { return std::move(out_); }
  void Reserve(size_t n) { out_.reserve(n); }

  void PrintFile(const File& file);
  void PrintExpr(const Expr& e, int min_prec);

 private:
  // ---- output primitives: text goes line by line; `indent_` is the indent
  // of the line being written, which blocks opened on it indent from.
  void StartLine(int indent) {
    out_.append(static_cast<size_t>(indent), ' ');
    indent_ = indent;
  }
  void EndLine() { out_ += '\n'; }
  void Kw(const Keyword& k) { out_ += k.In(lang_); }
  void KwSp(const Keyword& k) {
    Kw(k);
    out_ += ' ';
  }  // `如果 `
  void SpKw(const Keyword& k) {
    out_ += ' ';
    Kw(k);
  }  // ` 扣完为止`
  void Word(const Keyword& k) {
    SpKw(k);
    out_ += ' ';
  }  // ` 则 `
  void Clause(const Keyword& k) {
    out_ += ", ";
    KwSp(k);
  }  // `, 其中 `
  void Put(std::string_view s) { out_ += s; }
  void Quoted(std::string_view s) { AppendQuoted(out_, s); }
  void Leading(const Comments& comments, int indent);
  void Trailing(const Comments& comments);

  void Sub(const ExprPtr& e, int min_prec) {
    if (e != nullptr) PrintExpr(*e, min_prec);
  }
  void ExprList(const std::vector<ExprPtr>& list, int min_prec);
  void NameList(const std::vector<Name>& names);
  void TextList(const std::vector<Text>& texts);
  void Number(const NumberLit& n);

  // ---- expressions
  void Node(const NumberLit& n) { Number(n); }
  void Node(const StringLit& s) { Quoted(s.value); }
  void Node(const BoolLit& b) { Kw(b.value ? kw::kTrue : kw::kFalse); }
  void Node(const NoneLit&) { Kw(kw::kNone); }
  void Node(const PathRef& p);
  void Node(const Call& c);
  void Node(const Unary& u);
  void Node(const Chain& c);
  void Node(const Compare& c);
  void Node(const InSet& s);
  void Node(const If& i);
  void Node(const Bound& b);
  void Node(const Aggregate& a);
  void Node(const Extremum& x);
  void Node(const Rank& r);
  void Node(const Bottom& b);
  void Node(const Round& r);
  void Node(const Convert& c);
  void Node(const Lookup& l);
  void Node(const Cases& c);
  void Node(const Tiers& t);

  void PrintTies(const syntax::TieRule& rule);
  void RankClauses(const std::vector<ExprPtr>& group_by, const ExprPtr& eligible,
                   const syntax::TieRule& ties);
  void PrintRangeBound(const syntax::RangeBound& bound);
  void PrintMatcher(const syntax::Matcher& m);
  void PrintTierItem(const syntax::TierItem& item);
  void BlockOpen() {
    Put(" {");
    EndLine();
  }
  void BlockClose(int indent) {
    StartLine(indent);
    Put("}");
  }

  // ---- declarations
  void PrintHeader(const syntax::Header& h);
  void PrintDecl(const syntax::Decl& d);
  void PrintCitation(const syntax::Citation& c);
  void PrintType(const TypeRef& t);
  void PrintColumn(const syntax::Column& c);
  void PrintSection(const syntax::Section& s, const Comments* outer);
  void PrintTestItem(const syntax::TestItem& item);
  void PrintScenarioItem(const syntax::ScenarioItem& item);
  /// `参数 名 = 值`, in a 测试 or a 情景.
  void PrintSetting(const syntax::TestParam& param);
  void PrintTestData(const syntax::TestData& data);
  void PrintCell(const syntax::Cell& cell) { out_ += CellText(cell); }
  std::string CellText(const syntax::Cell& cell) const;

  KeywordLang lang_;
  std::string out_;
  int indent_ = 0;
};

}  // namespace arl::syntax::printing
