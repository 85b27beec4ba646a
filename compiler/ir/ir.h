// arl::ir — the rules lowered for evaluation.
//
// Guarantees over the checked program (arl::checked), when FromChecked
// reported no error:
// - Nothing refers back to the syntax tree or the symbol tables: names are
//   slots (table, column, definition and parameter indices), every literal is
//   an exact value, every unit conversion is an explicit power-of-ten scale,
//   and user functions are inlined (they are pure and never recurse).
// - Every node says the kind of value it makes and the rows it is evaluated
//   over: the rows of one table (the definition's own, or an aggregate's row
//   source), or one row for parameters and global definitions.
// - Definitions are listed in dependency order: each after every column it
//   reads, so the runtime evaluates them front to back, one column at a time.
// - Every place a value can go wrong at run time (a division, a lookup with
//   no matching row, a tie under 并列 报错) carries the span of the source
//   text and the definition's clauses, so the error can name them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "runtime/value/decimal.h"

namespace arl::ir {

using NodeId = std::int32_t;
constexpr NodeId kNoNode = -1;

/// What a value is at run time. 分, 元, 万元, 百分比 and 数 are all kNumber:
/// the checker has already kept units apart.
enum class ValueKind : std::uint8_t { kNumber, kBool, kText, kEnum, kRef };

/// How a value is shown: the unit after a number, the labels of an enum,
/// whether a number is an integer count or a percentage.
struct Display {
  ValueKind kind = ValueKind::kNumber;
  bool integer = false;              // 整数 (名次, counts)
  bool percent = false;              // 百分比
  std::string unit;                  // "分", "元", "万元" or ""
  std::vector<std::string> members;  // kEnum: labels by code
  std::int32_t table = -1;           // kRef: the table whose rows it names
  bool optional = false;             // may have no value
};

enum class Op : std::uint8_t {
  kConst,      // `constant`
  kNone,       // no value (`无`), of the node's kind
  kInput,      // input column `slot` of the context table's current row
  kDef,        // definition `slot` (of the context table) at the current row
  kParam,      // parameter `slot` (one value for every row)
  kGlobal,     // global definition `slot` (one value for every row)
  kKey,        // the key text of the current row (entity tables)
  kDeref,      // kids[0] is a reference; kids[1] is evaluated on the referenced row
  kCurrent,    // kids[0] evaluated on the definition's row, inside an aggregate's rows
  kNeg,        // -kids[0]
  kNot,        // 不 kids[0]
  kAdd,        // kids[0] + kids[1]
  kSub,        // kids[0] - kids[1]
  kMul,        // kids[0] × kids[1]
  kDiv,        // kids[0] ÷ kids[1], rounded at the policy's precision
  kAnd,        // kids in order, stopping at the first 否 (later kids see only rows still 是)
  kOr,         // kids in order, stopping at the first 是
  kCompare,    // kids[0] `compare` kids[1]
  kIn,         // kids[0] equals one of kids[1..]
  kIf,         // 如果 kids[0] 则 kids[1] 否则 kids[2]
  kCap,        // kids[0] 封顶 kids[1]
  kFloor,      // kids[0] 保底 kids[1]; 扣完为止 is 保底 0
  kIfNone,     // kids[0] 若无 kids[1]
  kMax,        // 最大(kids...)
  kMin,        // 最小(kids...)
  kRound,      // 取整/保留 kids[0] at kids[1] digits (a constant) with `rounding`
  kScale,      // kids[0] × 10^`slot` exactly (unit conversion; slot may be negative)
  kAbs,        // 绝对值(kids[0])
  kHasValue,   // 有值(kids[0])
  kClamp,      // 限定(kids[0], kids[1], kids[2])
  kJoin,       // 连接(kids[0] as separator, kids[1..])
  kLabel,      // the label of enum value kids[0], as text (labels[slot])
  kAggregate,  // aggregates[slot]
  kRank,       // ranks[slot]
  kBottom,     // ranks[slot] (count in `count`)
  kLookup,     // lookups[slot]
  kCases,      // cases[slot]
  kTiers,      // tiers[slot]
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

/// A constant: exactly one of the fields is meaningful, by the node's kind.
struct Constant {
  value::Decimal number;
  std::int32_t code = 0;  // kBool (0/1), kEnum (member index)
  std::string text;
};

struct Node {
  Op op = Op::kConst;
  ValueKind kind = ValueKind::kNumber;
  std::vector<NodeId> kids;
  std::int32_t slot = -1;   // see Op
  std::int32_t table = -1;  // the table whose rows this is evaluated over (-1: one row)
  CompareOp compare = CompareOp::kEq;
  value::Rounding rounding = value::Rounding::kHalfUp;
  Constant constant;
  base::Span span;  // the source text, for error messages
};

/// How equal sort keys share positions (`并列 …`).
enum class TieKind : std::uint8_t { kShare, kDense, kDrop, kError };

/// A sort: keys in order (`排序 总分 从高到低` then each `并列 依 …`), the
/// groups it is done within (`按 类别`), and how keys still equal are treated.
struct Sort {
  struct Key {
    NodeId value = kNoNode;
    bool descending = true;
  };
  std::vector<Key> keys;
  std::vector<NodeId> group_by;
  TieKind ties = TieKind::kShare;
  base::Span span;
};

enum class AggFn : std::uint8_t { kSum, kCount, kMax, kMin, kAvg, kAll, kAny };
enum class CountWhat : std::uint8_t { kRows, kTrue, kHasValue };

/// `合计(目标.得分, 其中 …, 同一 … 只取最高)`: the rows are those of `source`;
/// with `via` >= 0 only the current row's children (the rows whose input
/// column `via` refers to it), with group_by only the rows that agree with
/// the current row (source is then the current table), else every row.
struct Aggregate {
  AggFn fn = AggFn::kSum;
  CountWhat count = CountWhat::kRows;
  std::int32_t source = -1;
  std::int32_t via = -1;
  std::vector<NodeId> group_by;  // evaluated on the current row and on each source row
  NodeId arg = kNoNode;          // over the source rows; kNoNode when counting rows
  NodeId where = kNoNode;
  NodeId dedup = kNoNode;
  bool keep_highest = true;
  /// Whether arg, where or dedup read the current row (kCurrent): then each
  /// current row sees the source rows through its own eyes.
  bool correlated = false;
};

/// `排名(…)` and `倒数(…)`.
struct Rank {
  Sort sort;
  NodeId eligible = kNoNode;  // 限于
  NodeId count = kNoNode;     // 倒数: how many from the bottom
};

/// One row of `查表`: a matcher per input, then the result.
struct Matcher {
  enum class Kind : std::uint8_t { kAny, kValue, kRange };
  Kind kind = Kind::kAny;
  NodeId value = kNoNode;  // kValue
  NodeId lower = kNoNode;  // kRange, may be kNoNode
  bool lower_inclusive = true;
  NodeId upper = kNoNode;
  bool upper_inclusive = true;
};
enum class HitPolicy : std::uint8_t { kUnique, kFirst, kAny, kSum, kMax, kMin };
struct Lookup {
  std::vector<NodeId> inputs;
  struct Row {
    std::vector<Matcher> matchers;
    NodeId result = kNoNode;
    base::Span span;
  };
  std::vector<Row> rows;
  HitPolicy hit = HitPolicy::kUnique;
  NodeId otherwise = kNoNode;
};

/// `按情况`: arms are conditions; the same hit policies as a lookup.
struct Cases {
  struct Arm {
    NodeId when = kNoNode;
    NodeId result = kNoNode;
    base::Span span;
  };
  std::vector<Arm> arms;
  HitPolicy hit = HitPolicy::kFirst;
  NodeId otherwise = kNoNode;
};

/// `分等 (labels…) { items }`, items applied in order.
struct Tiers {
  enum class ItemKind : std::uint8_t { kWhen, kQuota, kShare, kRest, kDemote };
  struct Item {
    ItemKind kind = ItemKind::kWhen;
    std::int32_t tier = -1;  // label index (not kDemote)
    NodeId value = kNoNode;  // kWhen/kDemote: condition; kQuota: count; kShare: share
    value::Rounding rounding = value::Rounding::kHalfUp;  // kShare
    NodeId eligible = kNoNode;                            // kQuota/kShare: 限于
    base::Span span;
  };
  std::vector<std::string> labels;
  std::optional<Sort> sort;  // the 排序 line; quotas need it
  std::vector<Item> items;
};

/// An input column of a table.
struct Column {
  std::string name;
  Display display;
  /// `空为 v`: the value of an empty cell.
  std::optional<Constant> blank;
  /// `空为 参数`: an empty cell takes the parameter's value in this run
  /// (which --set may change), so the loader leaves it empty.
  std::int32_t blank_param = -1;
  /// `范围 a..b` when both bounds are constants.
  std::optional<value::Decimal> range_low, range_high;
  bool is_key = false;     // the key of an entity table
  bool is_parent = false;  // the column of a record table naming its owner
};

struct Table {
  std::string name;
  bool entity = true;
  std::int32_t parent = -1;               // records: the owning table
  std::vector<Column> columns;            // key or parent column first
  std::vector<std::int32_t> definitions;  // into Program::definitions, in source order
};

/// A computed column (or a global value).
struct Definition {
  std::string name;
  std::int32_t table = -1;  // -1: a global definition
  std::int32_t slot = 0;    // position among its table's definitions (or the globals)
  NodeId root = kNoNode;
  bool output = false;
  std::vector<std::int32_t> reads;  // the definitions it reads directly (Program::definitions)
  Display display;
  std::vector<std::string> clauses;      // 依据
  std::vector<std::string> assumptions;  // 假定
  base::Span span;

  /// "单位.总分" or "总分".
  std::string QualifiedName(const std::vector<Table>& tables) const;
};

struct Param {
  std::string name;
  Display display;
  NodeId value = kNoNode;  // the default, over one row
  std::vector<std::string> clauses;
  base::Span span;
};

/// The whole lowered program.
struct Program {
  std::string policy;                           // the policy's name
  int precision = value::Decimal::kFracDigits;  // digits a division keeps (精度)
  std::vector<Table> tables;
  std::vector<Param> params;            // in dependency order of their defaults
  std::vector<Definition> definitions;  // in source order; `order` is evaluation order
  std::vector<std::int32_t> order;
  std::vector<std::int32_t> globals;  // the global definitions, by slot
  std::vector<Node> nodes;
  std::vector<Aggregate> aggregates;
  std::vector<Rank> ranks;
  std::vector<Lookup> lookups;
  std::vector<Cases> cases;
  std::vector<Tiers> tiers;
  std::vector<std::vector<std::string>> labels;  // kLabel: enum members by code

  const Node& At(NodeId id) const { return nodes[static_cast<size_t>(id)]; }
  std::int32_t FindTable(std::string_view name) const;
  std::int32_t FindParam(std::string_view name) const;
};

/// Every node `root` reaches, itself first: its kids and, for aggregates,
/// ranks, lookups, cases and tiers, every expression they hold (sort keys,
/// groups, conditions, quotas, matchers, results). Each node once.
std::vector<NodeId> Reached(const Program& program, NodeId root);

/// The IR as text for `arl check --dump ir`: tables, parameters and
/// definitions in evaluation order with their expression trees; no spans.
std::string Dump(const Program& program);

}  // namespace arl::ir
