// The evaluator's driver and the scalar node kinds.

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "runtime/exec/evaluator.h"
#include "runtime/exec/reads.h"

namespace arl::exec {
namespace detail {

using base::Message;
using ir::Op;
using ir::ValueKind;
using value::Decimal;

Sel All(size_t n) {
  Sel s(n);
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<std::uint32_t>(i);
  return s;
}

Sel Distinct(Sel rows, size_t n) {
  const bool sorted = std::is_sorted(rows.begin(), rows.end());
  if (!sorted && rows.size() >= n / 8) {
    // Many rows (a reference column, the pairs of an aggregate): marked, then
    // read off in order, in time linear in the rows.
    std::vector<bool> seen(n, false);
    for (std::uint32_t r : rows) seen[r] = true;
    rows.clear();
    for (size_t r = 0; r < n; ++r) {
      if (seen[r]) rows.push_back(static_cast<std::uint32_t>(r));
    }
    return rows;
  }
  if (!sorted) std::sort(rows.begin(), rows.end());  // a few rows of a large table
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

std::string ValueText(const Column& c, size_t slot) {
  if (c.state[slot] == State::kNone) return "(无)";
  if (c.state[slot] == State::kError) return "(错误)";
  switch (c.kind) {
    case ValueKind::kNumber:
      return c.Number(slot).ToString();
    case ValueKind::kText:
      return c.texts[slot];
    case ValueKind::kBool:
      return c.codes[slot] != 0 ? "是" : "否";
    case ValueKind::kEnum:
    case ValueKind::kRef:
      return std::to_string(c.codes[slot]);
  }
  return "";
}

std::optional<std::int64_t> GroupNumbers::Of(const std::vector<Column>& keys, size_t r,
                                             size_t* missing) {
  if (keys.empty()) return 0;  // no 按: every row is in the one group
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].state[r] == State::kValue) continue;
    if (missing != nullptr) *missing = i;
    return std::nullopt;
  }
  const bool codes = std::all_of(keys.begin(), keys.end(), [](const Column& k) {
    return k.kind != ValueKind::kNumber && k.kind != ValueKind::kText;
  });
  if (codes) {
    codes_.resize(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) codes_[i] = keys[i].codes[r];
    auto it = by_codes_.find(codes_);
    if (it == by_codes_.end()) it = by_codes_.emplace(codes_, Next()).first;
    return it->second;
  }
  std::string text;
  for (const Column& k : keys) {
    text += ValueText(k, r);
    text += '\x1f';
  }
  auto it = by_text_.find(text);
  if (it == by_text_.end()) it = by_text_.emplace(std::move(text), Next()).first;
  return it->second;
}

bool Evaluator::SameValue(const Column& x, size_t a, const Column& y, size_t b) {
  return CompareValues(x, a, y, b) == 0;
}

int Evaluator::CompareValues(const Column& x, size_t a, const Column& y, size_t b) {
  switch (x.kind) {
    case ValueKind::kNumber:
      if (x.IsNarrow() && y.IsNarrow()) {
        // The raw counts themselves, without making Decimals: the usual case.
        const std::int64_t u = x.NarrowRaw(a), v = y.NarrowRaw(b);
        return u < v ? -1 : (u > v ? 1 : 0);
      }
      return x.Number(a).Compare(y.Number(b));
    case ValueKind::kText: {
      const int c = x.texts[a].compare(y.texts[b]);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default:
      return x.codes[a] < y.codes[b] ? -1 : (x.codes[a] > y.codes[b] ? 1 : 0);
  }
}

const Column& Evaluator::Input(std::int32_t table, std::int32_t column) const {
  const auto t = static_cast<size_t>(table), c = static_cast<size_t>(column);
  if (t < filled_.size() && filled_[t][c].Size() > 0) return filled_[t][c];
  return data_.tables[t].columns[c];
}

void Evaluator::Fail(const Ctx& ctx, size_t slot, base::Span span, Message message) {
  Report(ctx.table, ctx.Row(slot), span, std::move(message));
}

void Evaluator::Report(std::int32_t table, std::uint32_t row, base::Span span, Message message) {
  for (CachedSort* sort : computing_) sort->failures.push_back(Failure{table, row, span, message});
  const std::uint64_t key =
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(table)) << 32) | row;
  if (!reported_.insert(key).second) return;
  RowError e;
  e.table = table;
  e.row = static_cast<std::int32_t>(row);
  e.definition = definition_;
  e.param = param_;
  e.span = span;
  e.message = std::move(message);
  results_.errors.push_back(std::move(e));
}

void Evaluator::FailNone(const Ctx& ctx, size_t slot, NodeId node, const char* what_zh,
                         const char* what_en) {
  // Look for the input cell that is empty: the first kInput under `node`
  // that reads a missing value on this row.
  // Failing that, a `无` written in the rule (which branch gave the value is
  // not known here, so this is the first one).
  std::vector<NodeId> stack{node};
  const ir::Node* empty = nullptr;
  const ir::Node* written = nullptr;
  while (!stack.empty() && empty == nullptr) {
    const ir::Node& n = p_.At(stack.back());
    stack.pop_back();
    if (n.op == Op::kNone && written == nullptr) written = &n;
    if (n.op == Op::kInput && n.table == ctx.table && ctx.table >= 0) {
      if (Input(ctx.table, n.slot).state[ctx.Row(slot)] == State::kNone) empty = &n;
      continue;
    }
    if (n.op == Op::kIfNone || n.op == Op::kHasValue || n.op == Op::kAggregate ||
        n.op == Op::kDeref || n.op == Op::kCurrent)
      continue;
    for (auto it = n.kids.rbegin(); it != n.kids.rend(); ++it) stack.push_back(*it);
  }
  if (empty != nullptr) {
    const std::string& col =
        p_.tables[static_cast<size_t>(ctx.table)].columns[static_cast<size_t>(empty->slot)].name;
    Fail(ctx, slot, empty->span,
         Message{fmt::format("{}没有值: 这一行的 {} 是空的", what_zh, col),
                 fmt::format("{} has no value: {} is empty in this row", what_en, col)});
  } else if (written != nullptr) {
    Fail(ctx, slot, written->span,
         Message{fmt::format("{}没有值: 规则在这里写的是 无", what_zh),
                 fmt::format("{} has no value: the rule says 无 here", what_en)});
  } else {
    Fail(ctx, slot, p_.At(node).span,
         Message{fmt::format("{}没有值", what_zh), fmt::format("{} has no value", what_en)});
  }
}

void Evaluator::Condition(NodeId id, const Ctx& ctx, const Sel& sel, Sel* yes, Sel* no,
                          std::vector<std::uint32_t>* bad, const char* what_zh,
                          const char* what_en) {
  // A stored 是否 column of the rows themselves, or 不 one (`限于 不 有否决`
  // on every 分等 item): read in place, not copied into a column first.
  const ir::Node* leaf = &p_.At(id);
  const bool negate = leaf->op == Op::kNot && leaf->kids.size() == 1;
  if (negate) leaf = &p_.At(leaf->kids[0]);
  const Column* stored = StoredInPlace(*leaf, ctx);
  Column evaluated;
  if (stored == nullptr) evaluated = Eval(id, ctx, sel);
  const Column& c = stored != nullptr ? *stored : evaluated;
  const bool flip = stored != nullptr && negate;
  for (std::uint32_t r : sel) {
    if (c.state[r] == State::kValue) {
      ((c.codes[r] != 0) != flip ? yes : no)->push_back(r);
      continue;
    }
    if (c.state[r] == State::kNone) FailNone(ctx, r, id, what_zh, what_en);
    if (bad != nullptr) bad->push_back(r);
  }
}

Column Evaluator::Eval(NodeId id, const Ctx& ctx, const Sel& sel) {
  const ir::Node& node = p_.At(id);
  if (ctx.pairs && trace_ == nullptr && !node.kids.empty() && OwnRowOnly(id)) {
    // Over a correlated aggregate's pairs, what reads only the source row
    // is computed once per source row, not once per pair.
    const Column values = EvalAtSourceRows(id, ctx, sel);
    Column out(node.kind, ctx.n);
    for (std::uint32_t r : sel) out.CopyFrom(r, values, ctx.Row(r));
    return out;
  }
  switch (node.op) {
    case Op::kConst:
    case Op::kInput:
    case Op::kDef:
    case Op::kParam:
    case Op::kGlobal:
    case Op::kKey:
      return EvalLeaf(node, ctx, sel);
    case Op::kNone:
      return Column(node.kind, ctx.n);  // every slot kNone
    case Op::kDeref:
      return EvalDeref(node, ctx, sel);
    case Op::kCurrent:
      return EvalCurrent(node, ctx, sel);
    case Op::kNeg:
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
    case Op::kCap:
    case Op::kFloor:
    case Op::kMax:
    case Op::kMin:
    case Op::kRound:
    case Op::kScale:
    case Op::kAbs:
    case Op::kClamp:
      return EvalArith(node, ctx, sel);
    case Op::kNot:
    case Op::kAnd:
    case Op::kOr:
      return EvalLogic(node, ctx, sel);
    case Op::kCompare:
    case Op::kIn:
      return EvalCompare(node, ctx, sel);
    case Op::kIf:
      return EvalIf(node, ctx, sel);
    case Op::kIfNone:
      return EvalIfNone(node, ctx, sel);
    case Op::kHasValue:
    case Op::kJoin:
    case Op::kLabel:
      return EvalBuiltin(node, ctx, sel);
    case Op::kAggregate:
      return EvalAggregate(node, ctx, sel);
    case Op::kRank:
    case Op::kBottom:
      return EvalRank(node, ctx, sel);
    case Op::kTiers:
      return EvalTiers(node, ctx, sel);
    case Op::kLookup:
      return EvalLookup(node, ctx, sel);
    case Op::kCases:
      return EvalCases(node, ctx, sel);
  }
  return Column(node.kind, ctx.n);
}

const Column& Evaluator::Stored(const ir::Node& node, const Ctx& ctx) const {
  return node.op == Op::kInput
             ? Input(ctx.table, node.slot)
             : results_.tables[static_cast<size_t>(ctx.table)][static_cast<size_t>(node.slot)];
}

const Column* Evaluator::StoredInPlace(const ir::Node& node, const Ctx& ctx) const {
  if ((node.op != Op::kInput && node.op != Op::kDef) || ctx.rows != nullptr || ctx.table < 0 ||
      node.table != ctx.table)
    return nullptr;
  const Column& c = Stored(node, ctx);
  return c.Size() == ctx.n ? &c : nullptr;
}

Column Evaluator::EvalLeaf(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  if (sel.size() == ctx.n) {
    // Every row of the table itself: the column as it is.
    if (const Column* c = StoredInPlace(node, ctx)) return *c;
  }
  Column out(node.kind, ctx.n);
  switch (node.op) {
    case Op::kConst:
      for (std::uint32_t r : sel) {
        switch (node.kind) {
          case ValueKind::kNumber:
            out.SetNumber(r, node.constant.number);
            break;
          case ValueKind::kText:
            out.SetText(r, node.constant.text);
            break;
          default:
            out.SetCode(r, node.constant.code);
            break;
        }
      }
      break;
    case Op::kInput:
    case Op::kDef: {
      const Column& c = Stored(node, ctx);
      for (std::uint32_t r : sel) out.CopyFrom(r, c, ctx.Row(r));
      break;
    }
    case Op::kParam:
    case Op::kGlobal: {
      // One value for every slot: read once, set in each.
      const Column& c = node.op == Op::kParam ? results_.params[static_cast<size_t>(node.slot)]
                                              : results_.globals[static_cast<size_t>(node.slot)];
      if (c.state[0] != State::kValue) {
        for (std::uint32_t r : sel) out.state[r] = c.state[0];
      } else if (node.kind == ValueKind::kNumber) {
        const Decimal v = c.Number(0);
        for (std::uint32_t r : sel) out.SetNumber(r, v);
      } else if (node.kind == ValueKind::kText) {
        for (std::uint32_t r : sel) out.SetText(r, c.texts[0]);
      } else {
        for (std::uint32_t r : sel) out.SetCode(r, c.codes[0]);
      }
      break;
    }
    case Op::kKey:
      for (std::uint32_t r : sel) {
        if (node.kind == ValueKind::kText) {
          out.SetText(r,
                      std::string(data_.tables[static_cast<size_t>(ctx.table)].keys[ctx.Row(r)]));
        } else {
          out.SetCode(r, static_cast<std::int32_t>(ctx.Row(r)));
        }
      }
      break;
    default:
      break;
  }
  return out;
}

Column Evaluator::EvalDeref(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Column out(node.kind, ctx.n);
  Column ref = Eval(node.kids[0], ctx, sel);
  std::vector<std::uint32_t> targets;
  for (std::uint32_t r : sel) {
    if (ref.state[r] == State::kValue) targets.push_back(static_cast<std::uint32_t>(ref.codes[r]));
  }
  const ir::Node& field = p_.At(node.kids[1]);
  Ctx target;
  target.table = field.table;
  target.n = data_.tables[static_cast<size_t>(field.table)].rows;
  // A stored column (the usual `单位.等次`) is read where it is, not copied
  // at the rows referred to first.
  const Column* stored = StoredInPlace(field, target);
  Column evaluated;
  if (stored == nullptr)
    evaluated = Eval(node.kids[1], target, Distinct(std::move(targets), target.n));
  const Column& values = stored != nullptr ? *stored : evaluated;
  for (std::uint32_t r : sel) {
    if (ref.state[r] != State::kValue) {
      out.state[r] = ref.state[r];
      continue;
    }
    out.CopyFrom(r, values, static_cast<size_t>(ref.codes[r]));
  }
  return out;
}

Column Evaluator::EvalCurrent(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Column out(node.kind, ctx.n);
  std::vector<std::uint32_t> rows;
  rows.reserve(sel.size());
  for (std::uint32_t r : sel) rows.push_back((*ctx.current)[r]);
  Column values = Eval(node.kids[0], *ctx.outer, Distinct(std::move(rows), ctx.outer->n));
  for (std::uint32_t r : sel) out.CopyFrom(r, values, (*ctx.current)[r]);
  return out;
}

namespace {

Message Overflow() {
  return Message{"数值超出了精确十进制的范围 (溢出)",
                 "the value overflows the exact decimal range"};
}

Decimal Pow10(int k) {
  Decimal v = Decimal::FromInt(1);
  for (int i = 0; i < k; ++i) v.Mul(Decimal::FromInt(10), &v);
  return v;
}

}  // namespace

Operand Evaluator::EvalOperand(NodeId id, const Ctx& ctx, const Sel& sel, bool in_place) {
  const ir::Node& node = p_.At(id);
  Operand o;
  if (in_place && (o.stored = StoredInPlace(node, ctx)) != nullptr) return o;
  if (node.op == Op::kConst || node.op == Op::kParam || node.op == Op::kGlobal) {
    Ctx one;
    one.table = ctx.table;
    o.column = EvalLeaf(node, one, Sel{0});
    o.uniform = true;
  } else {
    o.column = Eval(id, ctx, sel);
  }
  return o;
}

namespace {

/// The raw count of `d` when it fits 64 bits.
std::optional<std::int64_t> NarrowRaw(Decimal d) {
  const value::Int128 raw = d.Raw();
  if (raw < std::numeric_limits<std::int64_t>::min() ||
      raw > std::numeric_limits<std::int64_t>::max())
    return std::nullopt;
  return static_cast<std::int64_t>(raw);
}

/// Whether `o`'s numbers can be read as 64-bit raw counts: a column that
/// holds them so, or one value that fits (its count then in `raw`; one
/// missing value has none to read).
bool Narrow(const Operand& o, std::optional<std::int64_t>& raw) {
  if (!o.uniform) return o.Values().IsNarrow();
  return o.StateAt(0) != State::kValue || (raw = NarrowRaw(o.NumberAt(0))).has_value();
}

/// `a op b` on raw counts that fit 64 bits, exactly as Decimal computes it,
/// or false when the 64-bit result would not be exact (an overflow, a
/// product of two fractions): the caller then computes it with Decimals.
bool NarrowArith(Op op, std::int64_t a, std::int64_t b, std::int64_t* v) {
  constexpr auto kScale = static_cast<std::int64_t>(Decimal::kScale);
  switch (op) {
    case Op::kAdd:
      return !__builtin_add_overflow(a, b, v);
    case Op::kSub:
      return !__builtin_sub_overflow(a, b, v);
    case Op::kMul:
      // A whole number times anything is exact: (k × 10^12) × b ÷ 10^12.
      if (b % kScale == 0) return !__builtin_mul_overflow(a, b / kScale, v);
      if (a % kScale == 0) return !__builtin_mul_overflow(b, a / kScale, v);
      return false;
    case Op::kCap:
    case Op::kMin:
      *v = b < a ? b : a;
      return true;
    case Op::kFloor:
    case Op::kMax:
      *v = b > a ? b : a;
      return true;
    default:
      return false;
  }
}

}  // namespace

Column Evaluator::EvalArith(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  // kScale: 10^|slot|, once per evaluation rather than once per row.
  const Decimal scale =
      node.op == Op::kScale ? Pow10(node.slot >= 0 ? node.slot : -node.slot) : Decimal::FromInt(1);
  std::vector<Operand> kids;
  kids.reserve(node.kids.size());
  for (NodeId k : node.kids) kids.push_back(EvalOperand(k, ctx, sel, !kids.empty()));
  // The first operand's column (a number column over the same rows, its
  // other slots empty) becomes the result, each slot read before written;
  // the others may be stored columns, read where they are.
  Operand& first = kids[0];
  Column out = first.uniform ? Column(node.kind, ctx.n) : std::move(first.column);
  auto a_state = [&](std::uint32_t r) { return first.uniform ? first.StateAt(0) : out.state[r]; };
  auto a_number = [&](std::uint32_t r) {
    return first.uniform ? first.NumberAt(0) : out.Number(r);
  };

  // Two operands whose raw counts fit 64 bits (nearly every score and
  // amount): computed on those, falling back to Decimals only where that
  // would not be exact.
  const bool binary =
      kids.size() == 2 &&
      (node.op == Op::kAdd || node.op == Op::kSub || node.op == Op::kMul || node.op == Op::kCap ||
       node.op == Op::kFloor || node.op == Op::kMax || node.op == Op::kMin);
  // (The first operand's column is `out`, which may widen as it goes: it is
  // asked at each row.)
  std::optional<std::int64_t> first_raw, second_raw;
  const bool narrow =
      binary && (!first.uniform || Narrow(first, first_raw)) && Narrow(kids[1], second_raw);

  for (std::uint32_t r : sel) {
    // An error stays an error; a missing value stays missing (a later 若无
    // may supply one); both without a new message.
    State worst = a_state(r);
    for (size_t i = 1; i < kids.size(); ++i) {
      const State s = kids[i].StateAt(r);
      if (s == State::kError) worst = State::kError;
      if (s == State::kNone && worst == State::kValue) worst = State::kNone;
    }
    if (worst != State::kValue) {
      out.state[r] = worst;
      continue;
    }
    if (narrow && (first.uniform || out.IsNarrow())) {
      const std::int64_t x = first.uniform ? *first_raw : out.NarrowRaw(r);
      const std::int64_t y = kids[1].uniform ? *second_raw : kids[1].Values().NarrowRaw(r);
      std::int64_t v = 0;
      if (NarrowArith(node.op, x, y, &v)) {
        out.SetRaw(r, v);
        continue;
      }
    }
    const Decimal a = a_number(r);
    Decimal v;
    bool ok = true;
    switch (node.op) {
      case Op::kNeg:
        ok = a.Neg(&v);
        break;
      case Op::kAbs:
        v = a;
        if (a.IsNegative()) ok = a.Neg(&v);
        break;
      case Op::kAdd:
        ok = a.Add(kids[1].NumberAt(r), &v);
        break;
      case Op::kSub:
        ok = a.Sub(kids[1].NumberAt(r), &v);
        break;
      case Op::kMul:
        ok = a.Mul(kids[1].NumberAt(r), &v);
        break;
      case Op::kDiv: {
        const Decimal b = kids[1].NumberAt(r);
        if (b.IsZero()) {
          Fail(ctx, r, p_.At(node.kids[1]).span, Message{"除数为零", "division by zero"});
          out.state[r] = State::kError;
          continue;
        }
        ok = a.Div(b, p_.precision, value::Rounding::kHalfUp, &v) == value::DivStatus::kOk;
        break;
      }
      case Op::kCap:
        v = a > kids[1].NumberAt(r) ? kids[1].NumberAt(r) : a;
        break;
      case Op::kFloor:
        v = a < kids[1].NumberAt(r) ? kids[1].NumberAt(r) : a;
        break;
      case Op::kClamp:
        v = a < kids[1].NumberAt(r) ? kids[1].NumberAt(r) : a;
        v = v > kids[2].NumberAt(r) ? kids[2].NumberAt(r) : v;
        break;
      case Op::kMax:
      case Op::kMin:
        v = a;
        for (size_t i = 1; i < kids.size(); ++i) {
          const Decimal b = kids[i].NumberAt(r);
          if (node.op == Op::kMax ? b > v : b < v) v = b;
        }
        break;
      case Op::kRound: {
        auto digits = kids[1].NumberAt(r).ToInt64();
        if (!digits || *digits < 0 || *digits > Decimal::kFracDigits) {
          Fail(ctx, r, p_.At(node.kids[1]).span,
               Message{fmt::format("保留的小数位数必须是 0 到 {} 的整数", Decimal::kFracDigits),
                       fmt::format("the number of digits to keep must be a whole number from 0 "
                                   "to {}",
                                   Decimal::kFracDigits)});
          out.state[r] = State::kError;
          continue;
        }
        ok = a.Round(static_cast<int>(*digits), node.rounding, &v);
        break;
      }
      case Op::kScale:
        if (node.slot >= 0) {
          ok = a.Mul(scale, &v);
        } else {
          ok = a.Div(scale, Decimal::kFracDigits, value::Rounding::kHalfEven, &v) ==
               value::DivStatus::kOk;
        }
        break;
      default:
        break;
    }
    if (!ok) {
      Fail(ctx, r, node.span, Overflow());
      out.state[r] = State::kError;
      continue;
    }
    out.SetNumber(r, v);
  }
  return out;
}

Column Evaluator::EvalLogic(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Column out(ValueKind::kBool, ctx.n);
  if (node.op == Op::kNot) {
    Column c = Eval(node.kids[0], ctx, sel);
    for (std::uint32_t r : sel) {
      out.state[r] = c.state[r];
      if (c.state[r] == State::kValue) out.codes[r] = c.codes[r] != 0 ? 0 : 1;
    }
    return out;
  }
  // 且 stops at the first 否, 或 at the first 是: later operands see only
  // the rows still undecided.
  const bool is_and = node.op == Op::kAnd;
  Sel open = sel;
  for (NodeId k : node.kids) {
    if (open.empty()) break;
    Sel yes, no;
    std::vector<std::uint32_t> bad;
    Condition(k, ctx, open, &yes, &no, &bad, "条件", "the condition");
    for (std::uint32_t r : bad) out.state[r] = State::kError;
    for (std::uint32_t r : is_and ? no : yes) out.SetCode(r, is_and ? 0 : 1);
    open = is_and ? std::move(yes) : std::move(no);
  }
  for (std::uint32_t r : open) out.SetCode(r, is_and ? 1 : 0);
  return out;
}

namespace {

/// Whether `op` holds between two values that compare as `c` (-1, 0, 1).
bool Holds(ir::CompareOp op, int c) {
  switch (op) {
    case ir::CompareOp::kEq:
      return c == 0;
    case ir::CompareOp::kNe:
      return c != 0;
    case ir::CompareOp::kLt:
      return c < 0;
    case ir::CompareOp::kLe:
      return c <= 0;
    case ir::CompareOp::kGt:
      return c > 0;
    case ir::CompareOp::kGe:
      return c >= 0;
  }
  return false;
}

}  // namespace

Column Evaluator::EvalCompare(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Column out(ValueKind::kBool, ctx.n);
  if (node.op == Op::kCompare && p_.At(node.kids[0]).kind == ValueKind::kNumber &&
      p_.At(node.kids[1]).kind == ValueKind::kNumber) {
    // Two numbers (the usual `总分 低于 不合格线`, `次数 在 3 以上`): a constant
    // or parameter is one value and a stored column is read in place; raw
    // counts that fit 64 bits are compared as plain integers.
    const Operand a = EvalOperand(node.kids[0], ctx, sel, true);
    const Operand b = EvalOperand(node.kids[1], ctx, sel, true);
    std::optional<std::int64_t> a_raw, b_raw;
    const bool integers = Narrow(a, a_raw) && Narrow(b, b_raw);
    for (std::uint32_t r : sel) {
      const State sa = a.StateAt(r), sb = b.StateAt(r);
      if (sa != State::kValue || sb != State::kValue) {
        out.state[r] = sa == State::kError || sb == State::kError ? State::kError : State::kNone;
        continue;
      }
      int c = 0;  // -1, 0, 1: a against b
      if (integers) {
        const std::int64_t u = a.uniform ? *a_raw : a.Values().NarrowRaw(r);
        const std::int64_t v = b.uniform ? *b_raw : b.Values().NarrowRaw(r);
        c = (u > v) - (u < v);
      } else {
        const Decimal u = a.NumberAt(r), v = b.NumberAt(r);
        c = u < v ? -1 : (v < u ? 1 : 0);
      }
      out.SetCode(r, Holds(node.compare, c) ? 1 : 0);
    }
    return out;
  }
  std::vector<Column> kids;
  for (NodeId k : node.kids) kids.push_back(Eval(k, ctx, sel));
  for (std::uint32_t r : sel) {
    bool missing = false, error = false;
    for (const Column& k : kids) {
      error = error || k.state[r] == State::kError;
      missing = missing || k.state[r] == State::kNone;
    }
    if (error || missing) {
      out.state[r] = error ? State::kError : State::kNone;
      continue;
    }
    if (node.op == Op::kIn) {
      bool found = false;
      for (size_t i = 1; i < kids.size() && !found; ++i) found = SameValue(kids[0], r, kids[i], r);
      out.SetCode(r, found ? 1 : 0);
      continue;
    }
    const int c = CompareValues(kids[0], r, kids[1], r);
    out.SetCode(r, Holds(node.compare, c) ? 1 : 0);
  }
  return out;
}

namespace {

/// Copies the slots `sel` of `from` into `out`.
void Merge(Column& out, const Column& from, const Sel& sel) {
  for (std::uint32_t r : sel) out.CopyFrom(r, from, r);
}

}  // namespace

Column Evaluator::EvalIf(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Sel yes, no;
  std::vector<std::uint32_t> bad;
  Condition(node.kids[0], ctx, sel, &yes, &no, &bad, "如果 的条件", "the condition of 如果");
  // Every slot of the context takes the same branch (`如果 参数开关 则 …`):
  // that branch's column as it is.
  for (const size_t branch : {size_t{1}, size_t{2}}) {
    const Sel& taken = branch == 1 ? yes : no;
    if (taken.size() == ctx.n && p_.At(node.kids[branch]).kind == node.kind)
      return Eval(node.kids[branch], ctx, taken);
  }
  Column out(node.kind, ctx.n);
  for (std::uint32_t r : bad) out.state[r] = State::kError;
  for (const size_t branch : {size_t{1}, size_t{2}}) {
    const Sel& taken = branch == 1 ? yes : no;
    if (taken.empty()) continue;
    const Operand values = EvalOperand(node.kids[branch], ctx, taken, true);
    for (std::uint32_t r : taken) out.CopyFrom(r, values.Values(), values.Slot(r));
  }
  return out;
}

Column Evaluator::EvalIfNone(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Column out = Eval(node.kids[0], ctx, sel);
  Sel missing;
  for (std::uint32_t r : sel) {
    if (out.state[r] == State::kNone) missing.push_back(r);
  }
  if (!missing.empty()) Merge(out, Eval(node.kids[1], ctx, missing), missing);
  return out;
}

Column Evaluator::EvalBuiltin(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  Column out(node.kind, ctx.n);
  if (node.op == Op::kHasValue) {
    Column c = Eval(node.kids[0], ctx, sel);
    for (std::uint32_t r : sel) {
      if (c.state[r] == State::kError) {
        out.state[r] = State::kError;
      } else {
        out.SetCode(r, c.state[r] == State::kValue ? 1 : 0);
      }
    }
    return out;
  }
  if (node.op == Op::kLabel) {
    Column c = Eval(node.kids[0], ctx, sel);
    const auto& labels = p_.labels[static_cast<size_t>(node.slot)];
    for (std::uint32_t r : sel) {
      out.state[r] = c.state[r];
      if (c.state[r] == State::kValue) out.texts[r] = labels[static_cast<size_t>(c.codes[r])];
    }
    return out;
  }
  // 连接(sep, a, b, …): the present, non-empty parts joined by sep.
  std::vector<Column> kids;
  for (NodeId k : node.kids) kids.push_back(Eval(k, ctx, sel));
  for (std::uint32_t r : sel) {
    bool error = false;
    for (const Column& k : kids) error = error || k.state[r] == State::kError;
    if (error) {
      out.state[r] = State::kError;
      continue;
    }
    const std::string sep = kids[0].state[r] == State::kValue ? ValueText(kids[0], r) : "";
    std::string text;
    bool first = true;
    for (size_t i = 1; i < kids.size(); ++i) {
      if (kids[i].state[r] != State::kValue) continue;
      std::string part = ValueText(kids[i], r);
      if (part.empty()) continue;
      if (!first) text += sep;
      text += part;
      first = false;
    }
    out.SetText(r, std::move(text));
  }
  return out;
}

Results Evaluator::Run(const std::vector<Override>& overrides, Keep keep) {
  Compute(overrides, keep);
  return std::move(results_);
}

void Evaluator::Compute(const std::vector<Override>& overrides, Keep keep) {
  results_ = Results{};
  sorted_.clear();
  sort_log_.assign(p_.definitions.size(), {});
  ComputeParams(overrides);
  filled_.assign(p_.tables.size(), {});
  for (size_t t = 0; t < p_.tables.size(); ++t) {
    filled_[t].resize(p_.tables[t].columns.size());
    for (size_t c = 0; c < p_.tables[t].columns.size(); ++c) {
      if (p_.tables[t].columns[c].blank_param >= 0) Fill(t, c);
    }
  }
  results_.tables.resize(p_.tables.size());
  for (size_t t = 0; t < p_.tables.size(); ++t) {
    results_.tables[t].resize(p_.tables[t].definitions.size());
  }
  results_.globals.resize(p_.globals.size());
  // Under Keep::kOutputs, the position in `order` after which nothing reads
  // each definition.
  std::vector<size_t> last_read(p_.definitions.size(), 0);
  for (size_t k = 0; k < p_.order.size(); ++k) {
    for (std::int32_t d : p_.definitions[static_cast<size_t>(p_.order[k])].reads)
      last_read[static_cast<size_t>(d)] = k;
  }
  // With release_, the input columns (but each table's first, its key) that
  // definition order[k] is the last to read; none if anything is opaque.
  std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> inputs_done(p_.order.size());
  if (keep == Keep::kOutputs && release_ != nullptr) {
    ReadsFinder finder(p_);
    std::map<std::pair<std::int32_t, std::int32_t>, size_t> last;
    bool opaque = false;
    for (size_t k = 0; k < p_.order.size() && !opaque; ++k) {
      const ir::Definition& def = p_.definitions[static_cast<size_t>(p_.order[k])];
      if (def.root == ir::kNoNode) continue;
      const Reads reads = finder.Of({def.root});
      opaque = reads.opaque;
      for (const auto& input : reads.inputs) last[input] = k;
    }
    for (const auto& [input, k] : last) {
      if (!opaque && input.second > 0) inputs_done[k].push_back(input);
    }
  }
  results_.definition_ns.assign(p_.definitions.size(), 0);
  for (size_t k = 0; k < p_.order.size(); ++k) {
    const ir::Definition& def = p_.definitions[static_cast<size_t>(p_.order[k])];
    const auto start = std::chrono::steady_clock::now();
    ComputeDefinition(p_.order[k]);
    results_.definition_ns[static_cast<size_t>(p_.order[k])] =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                             start)
            .count();
    for (const auto& [t, c] : inputs_done[k]) {
      const auto ti = static_cast<size_t>(t), ci = static_cast<size_t>(c);
      release_->tables[ti].columns[ci] = Column(p_.tables[ti].columns[ci].display.kind, 0);
      filled_[ti][ci] = Column();
    }
    if (keep == Keep::kOutputs) {
      for (std::int32_t d : def.reads) {
        const ir::Definition& read = p_.definitions[static_cast<size_t>(d)];
        if (read.output || last_read[static_cast<size_t>(d)] != k) continue;
        Column& column =
            read.table >= 0
                ? results_.tables[static_cast<size_t>(read.table)][static_cast<size_t>(read.slot)]
                : results_.globals[static_cast<size_t>(read.slot)];
        column = Column();
      }
    }
  }
  SortErrors();
}

void Evaluator::ComputeParams(const std::vector<Override>& overrides) {
  // Parameters, in the order their defaults read each other.
  results_.params.resize(p_.params.size());
  Ctx one;
  const Sel just_one = All(1);
  for (size_t i = 0; i < p_.params.size(); ++i) {
    const ir::Param& param = p_.params[i];
    param_ = static_cast<std::int32_t>(i);
    reported_.clear();
    auto o = std::find_if(overrides.begin(), overrides.end(),
                          [&](const Override& x) { return x.param == param_; });
    if (o != overrides.end()) {
      results_.params[i] = o->value;
    } else if (param.value != ir::kNoNode) {
      results_.params[i] = Eval(param.value, one, just_one);
    } else {
      results_.params[i] = Column(param.display.kind, 1);
    }
  }
  param_ = -1;
}

void Evaluator::Fill(size_t table, size_t column) {
  // 空为 参数: empty cells take the parameter's value of this run.
  const std::int32_t param = p_.tables[table].columns[column].blank_param;
  Column& f = filled_[table][column] = data_.tables[table].columns[column];
  for (size_t r = 0; r < f.Size(); ++r) {
    if (f.state[r] == State::kNone) f.CopyFrom(r, results_.params[static_cast<size_t>(param)], 0);
  }
}

void Evaluator::ComputeDefinition(std::int32_t index) {
  const ir::Definition& def = p_.definitions[static_cast<size_t>(index)];
  const size_t n = def.table >= 0 ? data_.tables[static_cast<size_t>(def.table)].rows : 1;
  Column c = EvaluateDefinition(index, All(n));
  if (def.table >= 0) {
    results_.tables[static_cast<size_t>(def.table)][static_cast<size_t>(def.slot)] = std::move(c);
  } else {
    results_.globals[static_cast<size_t>(def.slot)] = std::move(c);
  }
}

Column Evaluator::EvaluateDefinition(std::int32_t index, const Sel& rows) {
  const ir::Definition& def = p_.definitions[static_cast<size_t>(index)];
  Ctx ctx;
  ctx.table = def.table;
  ctx.n = def.table >= 0 ? data_.tables[static_cast<size_t>(def.table)].rows : 1;
  return EvaluateDefinition(index, ctx, rows);
}

Column Evaluator::EvaluateDefinitionAt(std::int32_t index, const Sel& rows) {
  Ctx ctx;
  ctx.table = p_.definitions[static_cast<size_t>(index)].table;
  ctx.n = rows.size();
  ctx.rows = &rows;
  return EvaluateDefinition(index, ctx, All(rows.size()));
}

Column Evaluator::EvaluateDefinition(std::int32_t index, const Ctx& ctx, const Sel& rows) {
  const ir::Definition& def = p_.definitions[static_cast<size_t>(index)];
  definition_ = index;
  reported_.clear();
  sort_log_[static_cast<size_t>(index)].clear();
  Column c = def.root != ir::kNoNode ? Eval(def.root, ctx, rows) : Column(def.display.kind, ctx.n);
  if (!def.display.optional) {
    for (std::uint32_t r : rows) {
      if (c.state[r] != State::kNone) continue;
      FailNone(ctx, r, def.root, def.name.c_str(), def.name.c_str());
      c.state[r] = State::kError;
    }
  }
  definition_ = -1;
  return c;
}

void Evaluator::SortErrors() {
  std::stable_sort(results_.errors.begin(), results_.errors.end(),
                   [](const RowError& a, const RowError& b) {
                     if (a.table != b.table) return a.table < b.table;
                     return a.row < b.row;
                   });
}

}  // namespace detail

Results Evaluate(const ir::Program& program, const column::Dataset& data,
                 const std::vector<Override>& overrides, Keep keep) {
  return detail::Evaluator(program, data).Run(overrides, keep);
}

Results EvaluateReleasingInputs(const ir::Program& program, column::Dataset& data,
                                const std::vector<Override>& overrides) {
  detail::Evaluator evaluator(program, data);
  evaluator.ReleaseInputsOf(&data);
  return evaluator.Run(overrides, Keep::kOutputs);
}

}  // namespace arl::exec
