// Internal to arl_syntax: what the from_parse_tree*.cpp files share. This and
// those files are the only ones that see ANTLR; everything they hand out is
// ours (ast.h, base::Diagnostic).
//
//   from_parse_tree.cpp         Parse(): the guards and the two-stage parse
//   from_parse_tree_text.cpp    byte offsets of code points; the lexer's input
//   from_parse_tree_errors.cpp  syntax errors in words (E01xx)
//   from_parse_tree_decl.cpp    file, header, declarations, tests, comments
//   from_parse_tree_expr.cpp    expressions
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ArlLexer.h"
#include "ArlParser.h"
#include "antlr4-runtime.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/ast.h"

namespace arl::syntax::fpt {

using gen::ArlLexer;
using gen::ArlParser;

/// Thrown to abandon a parse once it is known to be hopeless (too deep, too
/// many errors). Deliberately not an antlr4::RecognitionException, so the
/// generated rule functions let it through to Parse().
struct ParseCancelled {};

/// The text being parsed. ANTLR counts code points; spans count bytes, so
/// this keeps the byte offset of every code point, built once.
class SourceText {
 public:
  SourceText(base::FileId file, std::string_view text);

  base::FileId File() const { return file_; }
  std::string_view Text() const { return text_; }
  size_t CodePointCount() const { return byte_of_.size() - 1; }
  /// Byte offset of code point `index`; CodePointCount() gives the text size.
  uint32_t ByteOf(size_t index) const;

  /// A token's bytes; EOF is the empty span at the end of the text.
  Span TokenSpan(const antlr4::Token* token) const;
  /// From the start of `first` to the end of `last`.
  Span Between(const antlr4::Token* first, const antlr4::Token* last) const;
  /// The bytes a rule matched (empty at its start when it matched nothing).
  Span Of(antlr4::ParserRuleContext* ctx) const;
  /// A token's text as written (never ANTLR's copy: see LexerInput()).
  std::string_view TokenText(const antlr4::Token* token) const;
  std::string_view SpanText(Span span) const;
  Span EndOfText() const;

 private:
  base::FileId file_;
  std::string_view text_;
  std::vector<uint32_t> byte_of_;  // one per code point, plus the text size
};

/// Code points for the lexer: the text with every character that no lexer
/// rule names literally replaced by an ASCII stand-in of the same class. See
/// from_parse_tree.cpp for why.
std::u32string LexerInput(std::string_view text);

/// Whether a token of this type starts a declaration or a test item (定义,
/// 参数, 数据表, 预期 …): none can occur inside an expression.
bool StartsDeclaration(size_t type);

/// Collects the syntax errors of one file, in words, and decides when to
/// stop: after kMaxSyntaxErrors, or once the input was cut short.
class SyntaxErrors {
 public:
  SyntaxErrors(const SourceText& source, base::Diagnostics& diags)
      : source_(source), diags_(diags) {}

  /// Errors seen, including those not reported because they repeat one
  /// already reported (a stray character) or lie past a cut.
  size_t Seen() const { return seen_; }
  /// Whether any error was reported; the first one starts the recovery budget.
  bool Any() const { return seen_ > 0; }
  /// Whether to stop: the cap was reached or the input was cut short.
  bool Stopped() const { return stopped_; }

  // ---- from the lexer; each returns false when lexing should stop ----
  bool StrayCharacter(const antlr4::Token* token);
  bool UnterminatedString(const antlr4::Token* token);
  /// E0105 once per file, however many guards trip.
  void TooDeep(const antlr4::Token* at);
  /// The lexer stopped reading at `index` (a token index): errors at or past
  /// it are artefacts of the cut and are not reported.
  void CutAt(size_t index) { cut_index_ = index; }
  /// The lexer gave up reading after the first error (E0106).
  void GaveUp(const antlr4::Token* at);

  // ---- from the parser; returns false when parsing should stop ----
  bool Unexpected(ArlParser* parser, antlr4::Token* offending,
                  const antlr4::misc::IntervalSet& expected);

  // ---- from the AST builder ----
  base::Diagnostic& Error(std::string code, Span at, base::Message message);

 private:
  bool Admit(Span at);
  void Glued(ArlParser* parser, antlr4::Token* offending, base::Diagnostic& d) const;

  const SourceText& source_;
  base::Diagnostics& diags_;
  size_t seen_ = 0;
  int reported_ = 0;
  bool stopped_ = false;
  bool too_deep_ = false;
  std::optional<size_t> cut_index_;
};

/// Turns a parse tree without errors into the AST. Reports the few problems
/// the grammar cannot see (E0108–E0110) to `errors`; the caller discards the
/// result if there were any.
class TreeBuilder {
 public:
  TreeBuilder(const SourceText& source, antlr4::BufferedTokenStream& tokens, SyntaxErrors& errors);

  File BuildFile(ArlParser::FileContext* ctx);

 private:
  // ---- comments: a cursor over the comment tokens, in source order ----
  struct Comment {
    std::string text;
    uint32_t begin = 0;
    size_t line = 0;
    size_t prev_token = 0;  // index of the last default-channel token before it
  };
  /// Comments before `first` (and after everything already taken) lead the
  /// item that starts there.
  void TakeLeading(Comments& out, const antlr4::Token* first);
  /// Comments inside an item that no nested item took join its leading
  /// ones; a comment right after `last` on its line trails it.
  void TakeInsideAndTrailing(Comments& out, const antlr4::Token* last);

  // ---- declarations (from_parse_tree_decl.cpp) ----
  Header BuildHeader(ArlParser::HeaderContext* ctx);
  Decl BuildDecl(ArlParser::DeclContext* ctx);
  Decl::Node BuildDeclNode(ArlParser::DeclContext* ctx);
  TableDecl BuildTable(ArlParser::TableDeclContext* ctx);
  DefDecl BuildDef(ArlParser::DefDeclContext* ctx);
  FuncDecl BuildFunc(ArlParser::FuncDeclContext* ctx);
  AssumeDecl BuildAssume(ArlParser::AssumeDeclContext* ctx);
  TestDecl BuildTest(ArlParser::TestDeclContext* ctx);
  ScenarioDecl BuildScenario(ArlParser::ScenarioDeclContext* ctx);
  ScenarioItem BuildScenarioItem(ArlParser::ScenarioItemContext* ctx);
  Column BuildColumn(ArlParser::ColumnContext* ctx);
  Section BuildSection(ArlParser::SectionContext* ctx);
  TestItem BuildTestItem(ArlParser::TestItemContext* ctx);
  TestExpect BuildExpect(ArlParser::TestExpectContext* ctx);
  TestExpect BuildExpectCall(ArlParser::TestExpectCallContext* ctx);
  void BuildOutcome(TestExpect& e, antlr4::tree::TerminalNode* fails,
                    antlr4::tree::TerminalNode* text, ArlParser::ExprContext* value);
  TestData BuildTestData(ArlParser::NameContext* table,
                         const std::vector<ArlParser::DataCellContext*>& data_cells);
  Cell BuildCell(ArlParser::CellContext* ctx);
  Citation BuildCitation(ArlParser::CitationContext* ctx);
  std::vector<Text> BuildStrings(ArlParser::StringsContext* ctx);
  std::vector<Name> BuildMembers(ArlParser::EnumMembersContext* ctx);
  TypeRef BuildType(ArlParser::TypeContext* ctx);
  Name BuildName(ArlParser::NameContext* ctx);
  Name NameOf(antlr4::tree::TerminalNode* node);
  Text BuildText(antlr4::tree::TerminalNode* string);

  // ---- expressions (from_parse_tree_expr.cpp) ----
  using MutExpr = std::unique_ptr<Expr>;
  MutExpr BuildExpr(ArlParser::ExprContext* ctx);
  MutExpr BuildCondition(ArlParser::ConditionContext* ctx);
  MutExpr BuildComparison(ArlParser::ComparisonContext* ctx);
  MutExpr BuildArith(ArlParser::ArithContext* ctx);
  /// The children of an `arith` context (operands, each some `-` tokens and
  /// a primary, and the operator tokens between them), the next to read,
  /// where the last operand read begins and where what was read ends.
  struct ArithRun {
    const std::vector<antlr4::tree::ParseTree*>& items;
    size_t next = 0;
    uint32_t operand_begin = 0;
    uint32_t end = 0;
  };
  MutExpr ClimbArith(ArithRun& run, int min_prec);
  MutExpr BuildOperand(ArithRun& run);
  MutExpr BuildPrimary(ArlParser::PrimaryContext* ctx);
  MutExpr BuildAggregate(antlr4::ParserRuleContext* ctx, AggFn fn,
                         antlr4::tree::TerminalNode* every, ArlParser::ExprContext* arg,
                         const std::vector<ArlParser::AggClauseContext*>& clauses);
  MutExpr BuildRank(ArlParser::RankExprContext* ctx);
  MutExpr BuildBottom(ArlParser::BottomExprContext* ctx);
  MutExpr BuildLookup(ArlParser::LookupExprContext* ctx);
  MutExpr BuildCases(ArlParser::CasesExprContext* ctx);
  MutExpr BuildTiers(ArlParser::TiersExprContext* ctx);
  MutExpr BuildCall(antlr4::ParserRuleContext* ctx, ArlParser::NameContext* callee,
                    ArlParser::ArgumentsContext* args);
  MutExpr Number(antlr4::tree::TerminalNode* number);
  void RankClauses(const std::vector<ArlParser::RankClauseContext*>& clauses,
                   std::vector<ExprPtr>& group_by, ExprPtr& eligible, TieRule& ties);
  TieRule BuildTieRule(ArlParser::TieRuleContext* ctx);
  Matcher BuildMatcher(ArlParser::MatcherContext* ctx);
  LookupRow BuildLookupRow(ArlParser::LookupRowContext* ctx);
  CaseArm BuildCaseArm(ArlParser::CaseArmContext* ctx);
  ExprPtr BuildOtherwise(ArlParser::OtherwiseRowContext* ctx, Comments& comments);
  TierItem BuildTierItem(ArlParser::TierItemContext* ctx);
  template <typename Node>
  MutExpr Make(antlr4::ParserRuleContext* ctx, Node node);
  /// A second 其中/限于/并列/… where one is allowed (E0110).
  void Duplicate(antlr4::tree::TerminalNode* keyword, Span first);

  /// Counts AST nesting; past kMaxRuleDepth the tree is refused (E0105), so
  /// no later pass can overflow the stack recursing through it.
  class DepthScope {
   public:
    explicit DepthScope(TreeBuilder& builder, const antlr4::Token* at, int levels = 1);
    ~DepthScope();
    DepthScope(const DepthScope&) = delete;
    DepthScope& operator=(const DepthScope&) = delete;

   private:
    TreeBuilder& builder_;
    int levels_;
  };

  const SourceText& source_;
  antlr4::BufferedTokenStream& tokens_;
  SyntaxErrors& errors_;
  std::vector<Comment> comments_;
  size_t next_comment_ = 0;
  int depth_ = 0;
};

}  // namespace arl::syntax::fpt
