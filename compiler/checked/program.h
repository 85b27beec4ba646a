// arl::checked — the rule files with every name resolved and every
// expression typed.
//
// Guarantees over the AST (arl::syntax), when FromSyntax reported no error:
// - Every declaration is in a symbol table: enums, parameters, tables (with
//   their implicit key and parent columns), functions, definitions (per table
//   or global), assumptions, scoring structures, tests. No name is declared
//   twice in one namespace.
// - Every PathRef and Call expression has a Ref saying what each of its
//   parts names (column, definition, parameter, function parameter, enum
//   member, row source, function, built-in) and whose row it reads (the
//   current row, an aggregate's inner row, or none); reference hops such as
//   `单位.类别` from 人员 are one step per part.
// - Every expression has a Type, with units of measure: no 分 is added to
//   元, no 万元 to 元, no condition is anything but 是否.
// - Every aggregate knows its row source and whether it reads this row's
//   children (through which reference column) or every row; every 排名,
//   倒数 and 分等 knows the table whose rows it ranks; every 分等 has the
//   enum of its labels.
// - Definitions form an acyclic graph; Order() lists them so that each comes
//   after everything it reads. Functions do not recurse.
// - Lookup tables under 命中 唯一 neither overlap nor leave gaps, as far as
//   their bounds are constants (literals, parameter defaults); quotas add up
//   to at most 100%; every rank and quota says how ties resolve; 计分结构
//   sections add up (or an assumption says why not).
//
// The Program points into the syntax trees (the driver owns them, and must
// keep them alive as long as the Program) and owns its side tables.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/checked/decimal.h"
#include "compiler/checked/types.h"
#include "compiler/syntax/ast.h"

namespace arl::checked {

struct Table;
struct Definition;
struct Param;
struct Function;

/// What a column is for.
enum class ColumnRole {
  kKey,     // the implicit key of an entity table: `单位` in 实体 单位
  kParent,  // the implicit column of a record table: `单位` in 记录 目标 属于 单位
  kInput,   // a declared column
};

/// A column of data read from the input (not computed).
struct Column {
  std::string name;
  Type type;  // kKey and kParent are references (kRef) to their table
  const Table* table = nullptr;
  ColumnRole role = ColumnRole::kInput;
  const syntax::Column* decl = nullptr;  // null for kKey and kParent
  base::Span span;                       // the name (the table's name for implicit columns)
  size_t index = 0;                      // position in table->columns
};

/// Something a definition or a parameter's default reads directly.
struct Dependency {
  enum class Kind { kDefinition, kColumn, kParam };
  Kind kind = Kind::kDefinition;
  const Definition* definition = nullptr;
  const Column* column = nullptr;
  const Param* param = nullptr;
  base::Span span;  // the first place it is read
};

/// A `定义` or `输出`: a computed column of a table, or a global value.
struct Definition {
  std::string name;
  const Table* table = nullptr;  // null for a global definition
  const syntax::DefDecl* decl = nullptr;
  const syntax::File* file = nullptr;
  Type type;                      // the declared type if written, else the inferred one
  bool output = false;            // 输出
  base::Span span;                // the name
  size_t index = 0;               // position in Program::definitions (source order)
  std::vector<Dependency> reads;  // in order of first reading, each once

  /// "单位.总分", or "总分" for a global definition.
  std::string QualifiedName() const;
};

/// A table of input rows: an entity (`实体`, keyed by a column named like the
/// table) or records (`记录 … 属于 P`, each row belonging to one P).
struct Table {
  std::string name;
  bool entity = true;
  const Table* parent = nullptr;  // records: the table they belong to
  const syntax::TableDecl* decl = nullptr;
  const syntax::File* file = nullptr;
  base::Span span;                               // the name
  std::vector<std::unique_ptr<Column>> columns;  // key or parent column first
  std::vector<const Definition*> definitions;    // computed columns, in source order
  std::unordered_map<std::string, const Column*> columns_by_name;
  std::unordered_map<std::string, const Definition*> definitions_by_name;

  const Column* FindColumn(std::string_view column_name) const;
  const Definition* FindDefinition(std::string_view definition_name) const;
  /// The key column (entities) or null.
  const Column* Key() const;
  /// The column holding the parent's key (records) or null.
  const Column* ParentColumn() const;
  /// Columns whose values are keys of `target`.
  std::vector<const Column*> ReferencesTo(const Table* target) const;
};

/// A `参数`: a named value with a default, overridable at run time.
struct Param {
  std::string name;
  Type type;
  const syntax::ParamDecl* decl = nullptr;
  const syntax::File* file = nullptr;
  base::Span span;
  size_t index = 0;
  std::vector<Dependency> reads;  // other parameters its default reads
  /// The default as an exact number, when it is a number literal (50% is
  /// 0.5; 20万元 is 20 in 万元, the type carries the scale).
  std::optional<Decimal> number_default;
  std::optional<bool> bool_default;  // when it is 是 or 否
};

/// A `函数`: a pure scalar function of its parameters.
struct Function {
  struct Parameter {
    std::string name;
    Type type;
    base::Span span;
  };
  std::string name;
  std::vector<Parameter> params;
  Type result;
  const syntax::FuncDecl* decl = nullptr;
  const syntax::File* file = nullptr;
  base::Span span;
};

/// Functions every rule file can call when it declares none of that name.
enum class Builtin {
  kJoin,      // 连接(sep, a, b, …): text, skipping empty and absent values
  kAbs,       // 绝对值(x)
  kHasValue,  // 有值(x): 是否
  kClamp,     // 限定(x, lo, hi)
};

/// A `假定`: one reading of an ambiguous clause.
struct Assumption {
  std::string id;
  const syntax::AssumeDecl* decl = nullptr;
  const syntax::File* file = nullptr;
  std::vector<const Param*> params;  // the parameters that carry it
  size_t citations = 0;              // declarations citing it with 假定
};

/// What one part of a PathRef (or the callee of a Call) names.
enum class RefKind {
  kColumn,      // an input column of `table`
  kDefinition,  // a computed column of `table`, or a global definition
  kParam,       // a parameter
  kFuncParam,   // parameter `func_param` of the enclosing function
  kEnumMember,  // member `member` of `enum_type`
  kRowSource,  // a table naming an aggregate's rows: `目标` in 合计(目标.得分), `否决` in
               // 计数(否决)
  kFunction,   // a user function (Call only)
  kBuiltin,    // a built-in function (Call only)
};

/// One resolved part of a name.
struct Step {
  RefKind kind = RefKind::kColumn;
  const Table* table = nullptr;  // kColumn, kDefinition of a table, kRowSource
  const Column* column = nullptr;
  const Definition* definition = nullptr;
  const Param* param = nullptr;
  const Function* function = nullptr;  // kFunction; kFuncParam: the enclosing one
  size_t func_param = 0;
  const EnumType* enum_type = nullptr;
  size_t member = 0;
  Builtin builtin = Builtin::kJoin;
  Type type;        // the value after this step
  base::Span span;  // the part's name
};

/// Whose row a name's first step reads.
enum class RowOf {
  kNone,     // a parameter, global definition, enum member, function
  kCurrent,  // the row being computed (of the definition's table)
  kInner,    // the row an aggregate is going over (`aggregate` says which)
};

/// The resolution of a PathRef or a Call's callee. For `单位.类别` in a
/// definition on 人员: row kCurrent, steps [column 人员.单位 (a reference
/// to 单位), column 单位.类别]. For `目标.得分` in 合计(目标.得分): row
/// kInner, steps [row source 目标, definition 目标.得分].
struct Ref {
  RowOf row = RowOf::kNone;
  const syntax::Expr* aggregate = nullptr;  // kInner: the Aggregate expression
  std::vector<Step> steps;

  const Step& Last() const { return steps.back(); }
};

/// How an aggregate chooses its rows.
struct AggregateInfo {
  const Table* outer = nullptr;   // the current row's table (null in a global definition)
  const Table* source = nullptr;  // the table whose rows it goes over
  bool every = false;             // 全体: every row of `source`
  /// Not 全体: the column of `source` that holds the current row's key; the
  /// rows are this row's children through it.
  const Column* via = nullptr;
  /// 计数 only: what is counted.
  enum class Count { kRows, kTrue, kHasValue };
  Count count = Count::kRows;
};

/// A test block with its names resolved.
struct Test {
  struct ParamSetting {
    const syntax::TestParam* decl = nullptr;
    const Param* param = nullptr;
  };
  struct Data {
    const syntax::TestData* decl = nullptr;
    const Table* table = nullptr;
    std::vector<const Column*> columns;  // one per header cell; null if unknown
  };
  struct Expectation {
    const syntax::TestExpect* decl = nullptr;
    const Table* table = nullptr;            // null for a global definition
    const Column* column = nullptr;          // the field, when an input column
    const Definition* definition = nullptr;  // the field, when a definition
    const Function* function = nullptr;      // what `预期 f(…)` calls, when a 函数
    Type type;
  };
  std::string name;
  const syntax::TestDecl* decl = nullptr;
  const syntax::File* file = nullptr;
  std::vector<ParamSetting> params;
  std::vector<Data> data;
  std::vector<Expectation> expectations;
};

/// The checked program.
struct Program {
  std::vector<const syntax::File*> files;  // [0] is the main file
  const syntax::File* main = nullptr;

  // ---- symbol tables (source order: main file first, then imports) ----
  std::vector<std::unique_ptr<EnumType>> enums;  // declared, inline and 分等 enums
  std::unordered_map<std::string, const EnumType*> enums_by_name;  // declared ones
  std::vector<std::unique_ptr<Param>> params;
  std::unordered_map<std::string, const Param*> params_by_name;
  std::vector<std::unique_ptr<Table>> tables;
  std::unordered_map<std::string, const Table*> tables_by_name;
  std::vector<std::unique_ptr<Definition>> definitions;                // of every table, and global
  std::unordered_map<std::string, const Definition*> globals_by_name;  // global definitions
  std::vector<std::unique_ptr<Function>> functions;
  std::unordered_map<std::string, const Function*> functions_by_name;
  std::vector<std::unique_ptr<Assumption>> assumptions;
  std::unordered_map<std::string, const Assumption*> assumptions_by_id;
  std::vector<const syntax::StructureDecl*> structures;
  std::vector<std::unique_ptr<Test>> tests;

  // ---- side tables over expressions ----
  std::unordered_map<const syntax::Expr*, Ref> refs;    // every PathRef and Call
  std::unordered_map<const syntax::Expr*, Type> types;  // every expression
  std::unordered_map<const syntax::Expr*, AggregateInfo> aggregates;
  /// Every 排名, 倒数 and 分等: the table whose rows it ranks (the current one).
  std::unordered_map<const syntax::Expr*, const Table*> ranked_tables;
  /// Every 分等: the enum of its labels, best first.
  std::unordered_map<const syntax::Expr*, const EnumType*> tier_enums;

  // ---- dependencies ----
  /// Definitions, each after every definition it reads (ties in source
  /// order). Definitions on a cycle (an error) come last, in source order.
  std::vector<const Definition*> order;
  /// Parameters, each after the parameters its default reads.
  std::vector<const Param*> param_order;

  /// Definitions in dependency order.
  const std::vector<const Definition*>& Order() const { return order; }
  const Table* FindTable(std::string_view name) const;
  const Param* FindParam(std::string_view name) const;
  const Function* FindFunction(std::string_view name) const;
  const EnumType* FindEnum(std::string_view name) const;
  const Definition* FindGlobal(std::string_view name) const;
  /// The resolution of a PathRef or Call, or null.
  const Ref* RefOf(const syntax::Expr& expr) const;
  /// The type of an expression (kError if unknown).
  Type TypeOf(const syntax::Expr& expr) const;
  /// The aggregate information of an Aggregate expression, or null.
  const AggregateInfo* AggregateOf(const syntax::Expr& expr) const;
};

/// The program as text for `--dump=checked`: symbol tables, types, what each
/// definition reads, in dependency order; no spans.
std::string Dump(const Program& program);

/// Whether a boundary word includes its number: 以上 以下 以内 届满 do,
/// 超过 高于 低于 不满 do not (Civil Code art. 1259).
bool IsInclusive(syntax::BoundWord word);

}  // namespace arl::checked
