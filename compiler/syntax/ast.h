// arl::syntax — the rule file as written.
//
// Guarantees over the parse tree it is built from: it is immutable, owns its
// text, and carries a span (file, byte range) on every node; it knows nothing
// of ANTLR; and its depth is bounded. Chains of the same operator
// (`a + b − c`, `p 且 q 且 r`) are one flat node, so a 200,000-term sum is
// one node with 200,000 operands and no pass ever recurses through it.
// Nothing here is resolved or typed yet: names are plain text.
//
// Comments are kept (so `arl fmt` loses none) but are not part of the
// structure: Dump() leaves them out, and `parse(print(ast))` compares equal
// to `ast` under Dump().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/base/source.h"

namespace arl::syntax {

using base::Span;

/// A name as written, with where it was written.
struct Name {
  std::string text;
  Span span;
};

/// A string literal's value (escapes decoded), with where it was written.
struct Text {
  std::string value;
  Span span;
};

/// Comments attached to a line-level item: `leading` stand on lines before
/// it (comments from inside its expression are moved here too), `trailing`
/// is a comment on the item's last line, after it.
struct Comments {
  std::vector<std::string> leading;  // each with its `#`, without newline
  std::optional<std::string> trailing;
};

/// Units a number may carry as written: 90分, 20万元, 50%.
enum class Unit { kNone, kPoints, kYuan, kWanYuan, kPercent };

struct Expr;
using ExprPtr = std::unique_ptr<const Expr>;

// ---- expressions -------------------------------------------------------------

/// `90分`, `0.5`, `50%`. `digits` is the number as written without its unit
/// (`"0.5"`); it is never converted to binary floating point.
struct NumberLit {
  std::string digits;
  Unit unit = Unit::kNone;
};
struct StringLit {
  std::string value;
};
struct BoolLit {
  bool value = false;
};
/// `无`: no value, as a missing cell is. Its type comes from where it stands
/// (`如果 未参评 则 无 否则 总分` has the type of 总分).
struct NoneLit {};

/// `总分`, `单位.类别`, `目标.标准分`: one or more names joined by dots.
struct PathRef {
  std::vector<Name> parts;
};

/// `较大(a, b)`, `完成比例(完成值, 任务值)`: a user or built-in function.
struct Call {
  Name callee;
  std::vector<ExprPtr> args;
};

enum class UnaryOp { kNeg, kNot };
struct Unary {
  UnaryOp op;
  ExprPtr operand;
};

/// A left-associative chain of one precedence level: `a + b − c` is
/// {first: a, rest: [(+, b), (−, c)]}. A chain nests directly inside a chain
/// of the same kind only where the source had parentheses: `(a + b) + c`.
enum class ChainKind { kAdd, kMul, kAnd, kOr };
enum class ChainOp { kAdd, kSub, kMul, kDiv, kAnd, kOr };
struct ChainLink {
  ChainOp op;
  ExprPtr operand;
  Span op_span;
};
struct Chain {
  ChainKind kind;
  ExprPtr first;
  std::vector<ChainLink> rest;
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
/// Which word the drafter wrote, so printing gives it back and an auditor can
/// match it with the source: `总分 在 90分 以下` is {kLe, k以下}.
enum class CompareWord {
  kSymbol,      // = ≠ < ≤ > ≥
  kAboveIncl,   // 在 … 以上   (atleast)   >=
  kBelowIncl,   // 在 … 以下   (atmost)    <=
  kWithinIncl,  // 在 … 以内   (within)    <=
  kReaches,     // 届满        (reaches)   >=
  kExceeds,     // 超过        (exceeds)   >
  kHigher,      // 高于        (above)     >
  kLower,       // 低于        (below)     <
  kUnder,       // 不满        (under)     <
};
struct Compare {
  CompareOp op;
  CompareWord word;
  ExprPtr lhs;
  ExprPtr rhs;
};

/// `类别 属于 (镇乡, 街道)`.
struct InSet {
  ExprPtr value;
  std::vector<ExprPtr> members;
};

/// `如果 c 则 a 否则 b`.
struct If {
  ExprPtr cond;
  ExprPtr then_value;
  ExprPtr else_value;
};

/// Postfix words: `x 封顶 10分` (cap), `x 保底 0分` (floor), `x 扣完为止`
/// (not below zero; `bound` is null), `x 若无 0分` (the value when x has none).
enum class BoundKind { kCap, kFloor, kUntilZero, kIfNone };
struct Bound {
  BoundKind kind;
  ExprPtr value;
  ExprPtr bound;  // null for kUntilZero
};

enum class AggFn { kSum, kCount, kMax, kMin, kAvg, kAll, kAny };
/// `合计(目标.得分, 其中 目标.状态 ≠ 缺项, 同一 目标.目标 只取最高)`.
/// `every` is 全体: all rows of the table rather than this row's children.
/// `group_by` is 按: only rows that agree with this row on these keys.
struct Aggregate {
  AggFn fn;
  bool every = false;
  ExprPtr arg;
  ExprPtr where;                   // may be null
  std::vector<ExprPtr> group_by;   // may be empty
  ExprPtr dedup_key;               // 同一 …; may be null
  bool dedup_keep_highest = true;  // 只取最高 / 只取最低
  Span where_span;                 // spans of the clause keywords, for messages
  Span dedup_span;
};

/// `最大(a, b)` and `最小(a, b, c)`: the larger/smaller of plain values.
struct Extremum {
  bool is_max = true;
  std::vector<ExprPtr> args;
};

enum class Order { kDesc, kAsc };  // 从高到低 (the default), 从低到高

/// How equal keys share positions. `kNone` means the drafter wrote none: a
/// checker error wherever a rank or quota needs one.
enum class TieKind { kNone, kShare, kDense, kDrop, kError, kThenBy };
struct TieRule {
  TieKind kind = TieKind::kNone;
  ExprPtr then_by;                           // kThenBy: the second key
  Order then_order = Order::kDesc;           // kThenBy
  bool then_order_written = false;           // kThenBy: 从高到低/从低到高 written
  std::shared_ptr<const TieRule> then_rule;  // kThenBy: for keys still equal
  Span span;
};

/// `排名(总分 从高到低, 按 类别, 限于 可评奖, 并列 从优)`.
struct Rank {
  ExprPtr key;
  Order order = Order::kDesc;
  bool order_written = false;
  std::vector<ExprPtr> group_by;
  ExprPtr eligible;  // may be null
  TieRule ties;
};

/// `倒数(总分, 3, 并列 从优)`: true for the units among the N lowest.
struct Bottom {
  ExprPtr key;
  ExprPtr count;
  std::vector<ExprPtr> group_by;
  ExprPtr eligible;
  TieRule ties;
};

enum class RoundMode { kHalfUp, kHalfEven, kDown, kUp };
/// `取整(x, 向下)` (digits null: to a whole number) and
/// `保留(x, 2, 四舍五入)`.
struct Round {
  ExprPtr value;
  ExprPtr digits;  // null for 取整
  RoundMode mode;
};

/// `元(财政收入任务)`: the explicit change of unit (万元 → 元 multiplies by
/// 10000), or giving a plain number a unit.
struct Convert {
  Unit to;  // kNone is 数(x): drop the unit
  ExprPtr value;
};

enum class HitPolicy { kUnique, kFirst, kAny, kSum, kMax, kMin };

/// One cell of the left side of a lookup row.
enum class BoundWord {
  kAboveIncl,   // a 以上 / atleast a
  kReaches,     // 届满 a
  kExceeds,     // 超过 a
  kHigher,      // 高于 a
  kBelowIncl,   // a 以下 / atmost a
  kWithinIncl,  // a 以内 / within a
  kLower,       // 低于 a
  kUnder,       // 不满 a
};
struct RangeBound {
  BoundWord word;
  ExprPtr value;
};
enum class MatcherKind { kAny, kValue, kRange };
struct Matcher {
  MatcherKind kind = MatcherKind::kAny;
  ExprPtr value;                    // kValue
  std::optional<RangeBound> lower;  // kRange: at least one of lower/upper
  std::optional<RangeBound> upper;
  Span span;
};
struct LookupRow {
  std::vector<Matcher> matchers;
  ExprPtr result;
  Span span;
  Comments comments;
};
/// `查表 企业.投资额 { 低于 500万元: 0分  500万元 以上 1000万元 以下: 0.5分 … }`
struct Lookup {
  std::vector<ExprPtr> inputs;
  HitPolicy hit = HitPolicy::kUnique;
  bool hit_written = false;
  std::vector<LookupRow> rows;
  ExprPtr otherwise;  // may be null
  Comments otherwise_comments;
};

struct CaseArm {
  ExprPtr when;
  ExprPtr result;
  Span span;
  Comments comments;
};
/// `按情况 命中 首个 { 当 c1: v1  当 c2: v2  其他: v3 }`
struct Cases {
  HitPolicy hit = HitPolicy::kFirst;
  bool hit_written = false;
  std::vector<CaseArm> arms;
  ExprPtr otherwise;
  Comments otherwise_comments;
};

/// One line of a 分等 block.
enum class TierItemKind { kOrder, kWhen, kQuota, kShare, kRest, kDemote };
struct TierItem {
  TierItemKind kind;
  Name tier;                             // all but kOrder and kDemote
  ExprPtr value;                         // kOrder: sort key; kWhen/kDemote: condition;
                                         // kQuota: count; kShare: percentage
  Order order = Order::kDesc;            // kOrder
  bool order_written = false;            // kOrder
  std::vector<ExprPtr> group_by;         // kOrder
  TieRule ties;                          // kOrder
  RoundMode round = RoundMode::kHalfUp;  // kShare
  ExprPtr eligible;                      // kQuota/kShare: 限于 …; may be null
  Span span;
  Comments comments;
};
/// `分等 (一等奖, 二等奖, 基本奖, 不合格) { 排序 … 不合格 当 … 一等奖 名额 8 … }`
/// The labels, best first, are the tiers' order (降一等 moves one step right).
struct Tiers {
  std::vector<Name> labels;
  std::vector<TierItem> items;
};

/// An expression node: exactly one of the forms above.
struct Expr {
  using Node = std::variant<NumberLit, StringLit, BoolLit, NoneLit, PathRef, Call, Unary, Chain,
                            Compare, InSet, If, Bound, Aggregate, Extremum, Rank, Bottom, Round,
                            Convert, Lookup, Cases, Tiers>;
  Span span;
  Node node;

  template <typename T>
  const T* As() const {
    return std::get_if<T>(&node);
  }
};

// ---- types ---------------------------------------------------------------------

enum class BaseType {
  kNumber,   // 数
  kInteger,  // 整数
  kPoints,   // 分
  kYuan,     // 元
  kWanYuan,  // 万元
  kPercent,  // 百分比
  kBool,     // 是否
  kText,     // 文本
  kEnum,     // 枚举(a, b) written inline
  kNamed,    // a table (a reference to its rows) or a declared 枚举
};
struct TypeRef {
  BaseType base = BaseType::kNumber;
  Name named;                 // kNamed
  std::vector<Name> members;  // kEnum
  bool optional = false;      // written with `?`
  Span span;
};

// ---- declarations ----------------------------------------------------------------

/// 依据 "第十六条", "第十七条" 假定 "A-1"
struct Citation {
  std::vector<Text> clauses;
  std::vector<Text> assumptions;
  Span span;
};

struct Header {
  bool library = false;  // 规则库 rather than 政策
  Name name;
  std::optional<Text> title;             // the string after the name, or 全称 "…"
  std::optional<Text> source;            // 来源 "…": the source document's path
  std::optional<std::string> precision;  // 精度 N (digits as written)
  Span span;
  Comments comments;
};

struct ImportDecl {
  Text path;
};
struct EnumDecl {
  Name name;
  std::vector<Name> members;
  Citation cite;
};
struct ParamDecl {
  Name name;
  TypeRef type;
  Citation cite;
  ExprPtr value;
};
struct Column {
  Name name;
  TypeRef type;
  ExprPtr range_low;  // 范围 a..b; both null or both set
  ExprPtr range_high;
  ExprPtr blank;  // 空为 v: the value of an empty cell
  Citation cite;
  Span span;
  Comments comments;
};
/// `实体 单位 { … }` (rows keyed by a column named like the table) or
/// `记录 目标 属于 单位 { … }` (rows without a key, each belonging to one
/// 单位 through the column 单位).
struct TableDecl {
  bool entity = true;
  Name name;
  std::optional<Name> parent;
  Citation cite;
  std::vector<Column> columns;
};
/// `定义 单位.基本分: 分 依据 "…" = …`; `输出` marks a result column.
struct DefDecl {
  bool output = false;
  std::optional<Name> table;  // absent for a definition over no table
  Name name;
  std::optional<TypeRef> type;
  Citation cite;
  ExprPtr value;
};
struct FuncParam {
  Name name;
  TypeRef type;
};
struct FuncDecl {
  Name name;
  std::vector<FuncParam> params;
  TypeRef result;
  Citation cite;
  ExprPtr body;
};
/// `假定 "A-3" "…" 解释 "第二十一条" 参数 不合格线, 不合格线含本数`
struct AssumeDecl {
  Text id;
  Text text;
  std::vector<Text> interprets;
  std::vector<Name> params;
};
/// `计分结构 总分 200分 { 组织实施 6分 依据 "…" { 组织领导 2分 … } … }`
struct Section {
  Name name;
  NumberLit points;
  Span points_span;
  Citation cite;
  std::vector<Section> parts;
  bool has_body = false;  // written with braces (even if empty)
  Span span;
  Comments comments;
};
struct StructureDecl {
  Section root;
};

/// A cell of a test table or the key in `预期 单位[甲].x`.
struct Cell {
  enum class Kind { kEmpty, kNumber, kString, kBool, kName };
  Kind kind = Kind::kEmpty;
  std::string text;  // number digits (with a leading '-' when negative),
                     // string value or name; "" for kEmpty and kBool
  bool bool_value = false;
  Span span;
};
struct TestParam {
  Name name;
  ExprPtr value;
};
struct TestData {
  Name table;
  std::vector<Cell> header;             // column names (kind kName or kString)
  std::vector<std::vector<Cell>> rows;  // each as long as the header, or not:
                                        // the checker reports ragged rows
};
/// `预期 单位[甲].总分 = 90分`, `预期 总人数 = 3` (a definition over no
/// table), or `预期 完成率(80, 100) = 80%` (a function called on constants
/// and parameters: `call` is that Call expression, and table, key and field
/// are unused).
struct TestExpect {
  Name table;  // or a definition over no table when no field
  std::optional<Cell> key;
  std::optional<Name> field;
  ExprPtr call;   // null unless the expectation is on a call
  ExprPtr value;  // null when `出错`
  bool fails = false;
  std::optional<Text> failure_text;
};
struct TestItem {
  std::variant<TestParam, TestData, TestExpect> node;
  Span span;
  Comments comments;
};
struct TestDecl {
  Text name;
  std::vector<TestItem> items;
};

/// `单位[大湾镇].财政收入完成 = 1200万元` in a 情景: one input cell changed.
struct ScenarioEdit {
  Name table;
  Cell key;
  Name column;
  ExprPtr value;
};
/// `删除 单位[区委办]`: an entity row left out, with the records that belong
/// to it.
struct ScenarioRemove {
  Name table;
  Cell key;
};
/// A 情景 line: `参数 …` (TestParam), `数据表 …` (TestData: rows added),
/// an edit, or a removal.
struct ScenarioItem {
  std::variant<TestParam, TestData, ScenarioEdit, ScenarioRemove> node;
  Span span;
  Comments comments;
};
/// `情景 "名称" 依据 "…" { … }`: a what-if scenario for `arl whatif`.
struct ScenarioDecl {
  Text name;
  Citation cite;
  std::vector<ScenarioItem> items;
};

struct Decl {
  using Node = std::variant<ImportDecl, EnumDecl, ParamDecl, TableDecl, DefDecl, FuncDecl,
                            AssumeDecl, StructureDecl, TestDecl, ScenarioDecl>;
  Span span;
  Node node;
  Comments comments;

  template <typename T>
  const T* As() const {
    return std::get_if<T>(&node);
  }
};

/// One parsed rule file.
struct File {
  base::FileId file = 0;
  std::optional<Header> header;
  std::vector<Decl> decls;
  std::vector<std::string> trailing_comments;  // after the last declaration
};

}  // namespace arl::syntax
