// The checker's working state, shared by the resolve_*.cpp and check_*.cpp
// files that make up checked::FromSyntax. Internal to arl_checked.
//
// The pass runs in phases (see Checker::Run): declare every name, then check
// parameters, columns, functions and definitions (each definition once, its
// dependencies first), then the whole-program checks (cycles, structures,
// tests, lints). Expressions are checked bidirectionally: Check() takes the
// type the context expects, which is how a bare `好` finds its enum.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/checked/program.h"

namespace arl::checked::detail {

using base::Message;
using base::Span;

/// A bilingual message.
inline Message Msg(std::string zh, std::string en) {
  return Message{std::move(zh), std::move(en)};
}

/// On-demand checking of a definition read before its turn recurses; past
/// this depth the reader sees the declared type (or none) instead, so a
/// pathological chain cannot exhaust the stack. Dependency pre-ordering
/// (check_decls.cpp) makes real files need a depth of 1 or 2.
inline constexpr int kMaxOnDemandDepth = 16;

/// Lookup coverage is checked cell by cell over the product of the inputs'
/// partitions; past this many cells the check is skipped rather than slow.
inline constexpr size_t kMaxCoverageCells = 20000;
/// Steps each coverage question (overlaps, dead rows, gaps) may take; real
/// lookups have tens of rows and need a few thousand. A generated lookup
/// with thousands of rows is left unchecked rather than taking minutes.
inline constexpr size_t kMaxCoverageWork = 20'000'000;

/// Where an expression is checked.
struct Scope {
  const Table* table = nullptr;             // the current row's table; null: no row
  const Function* function = nullptr;       // inside this function's body
  bool globals_only = false;                // parameter defaults, ranges, test values
  const syntax::Expr* aggregate = nullptr;  // inside this aggregate's row expressions
  const Table* inner = nullptr;             // ... whose rows are of this table

  /// This scope inside aggregate `agg` over the rows of `source`.
  Scope Inner(const syntax::Expr* agg, const Table* source) const {
    Scope s = *this;
    s.aggregate = agg;
    s.inner = source;
    return s;
  }
  /// This scope outside any aggregate (keys of 按, ranks): the current row.
  Scope Outer() const {
    Scope s = *this;
    s.aggregate = nullptr;
    s.inner = nullptr;
    return s;
  }
};

/// What an operation that needs equal units is doing, for its message.
enum class Verb { kAdd, kSubtract, kCompare, kCap, kFloor, kIfNone, kExtremum, kResults, kClamp };

/// Why a value must fit a type, for the code and message of a mismatch.
enum class Fit { kDeclared, kParamDefault, kBlank, kArgument, kTestValue };

class Checker {
 public:
  Checker(Program& program, const base::SourceManager& sources, base::Diagnostics& diags)
      : p_(program), sources_(sources), diags_(diags) {}

  /// Runs every phase.
  void Run();

  // ---- resolve_decls.cpp: symbol tables ----
  void DeclareAll();
  Type ResolveTypeRef(const syntax::TypeRef& ref, const syntax::File& file);
  void CheckAssumptionRefs();

  // ---- resolve_names.cpp: names and paths ----
  Type CheckPath(const syntax::Expr& expr, const syntax::PathRef& path, const Scope& scope,
                 const Type* expected);
  /// Whether a bare name that is visible (`visible`) is nevertheless the
  /// member of the expected enum, because the visible thing's type could
  /// not be meant there.
  bool ExpectedMemberWins(Step& visible, bool bare, const std::string& name, const Type* expected);
  /// A bare name visible in `scope` (function parameter, column or
  /// definition of the current table, parameter, global definition), without
  /// reporting anything. Enum members and tables are not "visible".
  bool LookupVisible(const std::string& name, const Scope& scope, Step& out);
  /// Whether `expr` is a single name that LookupVisible does not find: a
  /// candidate enum member awaiting an expected type.
  bool IsUnresolvedBareName(const syntax::Expr& expr, const Scope& scope);
  /// Whether the diagnostics are full (base::kMaxDiagnostics): further
  /// reports are only counted, so costly suggestions are skipped.
  bool Saturated() const { return diags_.Full(); }
  /// E0201 with "did you mean" and the keyword-split help.
  void ReportUnknownName(const syntax::Name& name, const Scope& scope);
  /// Records that the current owner reads `dep`.
  void Use(Dependency dep);
  /// Use() for what a resolved step reads (a column, definition or parameter).
  void RecordRead(const Step& step);
  /// The type of a definition read at `at`, checking it first if need be.
  Type DefinitionType(const Definition* def);

  // ---- check_expr.cpp: expressions ----
  Type Check(const syntax::Expr& expr, const Scope& scope, const Type* expected = nullptr);
  /// Checks a condition: 是否 (E0306), not a constant (W0410).
  void CheckCondition(const syntax::Expr& expr, const Scope& scope, const char* what_zh,
                      const char* what_en);
  Type CheckNumeric(const syntax::Expr& expr, const Scope& scope, const char* what_zh,
                    const char* what_en);
  /// Checks `a` and `b`, two values of one type (the branches of 如果, the
  /// sides of 若无). A `无` with no expected type takes the other's, so the
  /// other is checked first.
  std::pair<Type, Type> CheckPair(const syntax::Expr& a, const syntax::Expr& b, const Scope& scope,
                                  const Type* expected);
  /// E0316 on a comparison with `无` (`x = 无`), which is never 是 or 否.
  void ReportNoneCompared(const syntax::Expr& none);
  /// W0318 when `value`, used as the percentage `target`, is a bare number
  /// beyond 1 (`30` is 3000%): the % was most likely left out.
  void WarnBarePercent(const Type& target, const syntax::Expr& value);
  /// E0317 when `value`, the whole value of `name` of type `type`, is
  /// always `无` but the type is not optional (`?`).
  void CheckNotAlwaysNone(const syntax::Expr& value, const Type& type, const std::string& name);

  // ---- check_units.cpp: units of measure ----
  /// Two values an operation needs in the same type and unit; returns the
  /// combined type (kError after a reported mismatch).
  Type RequireSame(Verb verb, Type a, const syntax::Expr* a_expr, Type b,
                   const syntax::Expr* b_expr, Span at);
  /// Help for `a 若无 x ÷ y` (or 封顶, 保底) whose units fail because the
  /// word binds looser than the arithmetic after it: `(a 若无 x) ÷ y`.
  std::optional<Message> PrecedenceHelp(Verb verb, const Type& a, const syntax::Expr* a_expr,
                                        const syntax::Expr* b_expr) const;
  /// Whether `value` (of type `actual`) fits `target`; reports if not.
  /// `name` is what the value is for (the definition, parameter, column or
  /// function); `detail` the function parameter for kArgument.
  bool RequireFits(Fit fit, const Type& target, const Type& actual, const syntax::Expr& value,
                   const std::string& name, const std::string& detail = "");
  Type Multiply(Type a, Type b, bool divide);

  // ---- check_aggregate.cpp ----
  Type CheckAggregate(const syntax::Expr& expr, const syntax::Aggregate& agg, const Scope& scope);
  Type CheckExtremum(const syntax::Expr& expr, const syntax::Extremum& ext, const Scope& scope);
  Type CheckRank(const syntax::Expr& expr, const syntax::Rank& rank, const Scope& scope);
  Type CheckBottom(const syntax::Expr& expr, const syntax::Bottom& bottom, const Scope& scope);
  void CheckTieRule(const syntax::TieRule& rule, const Scope& scope, const syntax::Expr& key,
                    Span at, const std::string& what_zh, const std::string& what_en);
  bool RequireRowTable(const Scope& scope, Span at, const char* what);

  // ---- check_lookup.cpp and lookup_coverage.cpp ----
  Type CheckLookup(const syntax::Expr& expr, const syntax::Lookup& lookup, const Scope& scope,
                   const Type* expected);
  Type CheckCases(const syntax::Expr& expr, const syntax::Cases& cases, const Scope& scope,
                  const Type* expected);
  /// Overlaps, gaps and unreachable rows; true if every input value matches.
  bool CheckLookupCoverage(const syntax::Lookup& lookup, const std::vector<Type>& inputs);

  // ---- check_tiers.cpp ----
  Type CheckTiers(const syntax::Expr& expr, const syntax::Tiers& tiers, const Scope& scope);

  // ---- check_decls.cpp: declarations in dependency order ----
  void CheckParams();
  void CheckColumns();
  void CheckFunctions();
  void CheckDefinitions();
  void CheckDefinition(Definition& def);

  // ---- dependencies.cpp ----
  void BuildOrder();
  void CheckFunctionCycles();

  // ---- check_structure.cpp, check_tests.cpp, lint.cpp ----
  void CheckStructures();
  void CheckTests();
  void Lint();

  /// The constant number an expression denotes, if it is a number literal
  /// (possibly negated) or a parameter with a number-literal default.
  std::optional<Decimal> ConstantNumber(const syntax::Expr& expr) const;

  Program& p_;
  const base::SourceManager& sources_;
  base::Diagnostics& diags_;

  // Who reads what: the definition or parameter whose value is being checked.
  Definition* owner_def_ = nullptr;
  Param* owner_param_ = nullptr;
  const Function* owner_function_ = nullptr;

  enum class State { kUnchecked, kInProgress, kDone };
  std::vector<State> def_state_;    // by Definition::index
  std::vector<State> param_state_;  // by Param::index
  int on_demand_depth_ = 0;

  std::unordered_map<const Column*, size_t> column_reads_;  // reads by any rule
  std::unordered_set<const Column*> via_columns_;           // used to find children
  std::unordered_map<const Param*, size_t> param_uses_;
  /// Calls between functions: caller -> (callee, call span).
  std::unordered_map<const Function*, std::vector<std::pair<const Function*, Span>>> calls_;
  /// The file each declared name came from, for "declared here".
  std::unordered_map<const syntax::Decl*, const syntax::File*> decl_files_;
};

/// Whether `expr` is the literal `无`.
bool IsNoneLiteral(const syntax::Expr& expr);
/// Whether `expr` has no value whatever the data: `无`, `如果 c 则 无 否则 无`,
/// `无 + 1`, a 查表 whose every row is `无`.
bool AlwaysNone(const syntax::Expr& expr);
/// Whether `expr` is a number literal equal to zero (`0`, `0分`, `-0.0`).
bool IsZeroLiteral(const syntax::Expr& expr);
/// Whether `expr` is a number literal written without a unit (`2`, `-0.5`).
bool IsUnitlessLiteral(const syntax::Expr& expr);
/// The digits of a (possibly negated) number literal, e.g. "-2".
std::string LiteralDigits(const syntax::Expr& expr);
/// The Chinese spelling of a unit a literal can carry for `dim`, or "" when
/// no single unit word spells it (分², 元/分).
std::string UnitSuffix(const Dim& dim, bool percent);
/// Calls `f` on each direct sub-expression of `expr`.
void ForEachChild(const syntax::Expr& expr, const std::function<void(const syntax::Expr&)>& f);
/// "`a`, `b` 或 `c`" style lists for messages.
std::string JoinNames(const std::vector<std::string>& names, const char* sep = ", ");

}  // namespace arl::checked::detail
