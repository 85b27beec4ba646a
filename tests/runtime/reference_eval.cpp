// The reference evaluator: the meaning of each construct, written as plainly
// as possible, one row at a time.

#include "tests/runtime/reference_eval.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

namespace arl::reference {
namespace {

using column::State;
using ir::NodeId;
using ir::Op;
using ir::ValueKind;
using value::Decimal;

Value Error() {
  Value v;
  v.state = State::kError;
  return v;
}
Value None() {
  return Value{};
}
Value Number(Decimal d) {
  Value v;
  v.state = State::kValue;
  v.number = d;
  return v;
}
Value Code(std::int32_t c) {
  Value v;
  v.state = State::kValue;
  v.code = c;
  return v;
}
Value Bool(bool b) {
  return Code(b ? 1 : 0);
}
Value Text(std::string t) {
  Value v;
  v.state = State::kValue;
  v.text = std::move(t);
  return v;
}

bool Present(const Value& v) {
  return v.state == State::kValue;
}

/// -1, 0, 1 for two present values of the same kind.
int Cmp(ValueKind kind, const Value& a, const Value& b) {
  switch (kind) {
    case ValueKind::kNumber:
      return a.number.Compare(b.number);
    case ValueKind::kText:
      return a.text < b.text ? -1 : (a.text > b.text ? 1 : 0);
    default:
      return a.code < b.code ? -1 : (a.code > b.code ? 1 : 0);
  }
}

Value FromColumn(const column::Column& c, size_t row) {
  Value v;
  v.state = c.state[row];
  if (v.state != State::kValue) return v;
  switch (c.kind) {
    case ValueKind::kNumber:
      v.number = c.Number(row);
      break;
    case ValueKind::kText:
      v.text = c.texts[row];
      break;
    default:
      v.code = c.codes[row];
      break;
  }
  return v;
}

std::string Show(ValueKind kind, const Value& v) {
  if (v.state == State::kNone) return "(none)";
  if (v.state == State::kError) return "(error)";
  switch (kind) {
    case ValueKind::kNumber:
      return v.number.ToString();
    case ValueKind::kText:
      return "\"" + v.text + "\"";
    default:
      return std::to_string(v.code);
  }
}

struct Env {
  std::int32_t table = -1;
  std::uint32_t row = 0;
  const Env* outer = nullptr;  // the definition's row, inside an aggregate
};

class Reference {
 public:
  Reference(const ir::Program& p, const column::Dataset& d) : p_(p), d_(d) {}

  Results Run(const std::vector<exec::Override>& overrides) {
    out_.params.resize(p_.params.size());
    for (size_t i = 0; i < p_.params.size(); ++i) {
      const auto o = std::find_if(overrides.begin(), overrides.end(), [&](const exec::Override& x) {
        return x.param == static_cast<std::int32_t>(i);
      });
      if (o != overrides.end()) {
        out_.params[i] = FromColumn(o->value, 0);
      } else if (p_.params[i].value != ir::kNoNode) {
        out_.params[i] = Eval(p_.params[i].value, Env{});
      }
    }
    out_.tables.resize(p_.tables.size());
    for (size_t t = 0; t < p_.tables.size(); ++t)
      out_.tables[t].resize(p_.tables[t].definitions.size());
    out_.globals.resize(p_.globals.size());
    for (std::int32_t index : p_.order) {
      const ir::Definition& def = p_.definitions[static_cast<size_t>(index)];
      whole_table_.clear();
      auto compute = [&](const Env& env) {
        Value v = def.root != ir::kNoNode ? Eval(def.root, env) : None();
        if (v.state == State::kNone && !def.display.optional) v = Error();
        return v;
      };
      if (def.table < 0) {
        out_.globals[static_cast<size_t>(def.slot)] = compute(Env{});
        continue;
      }
      auto& column = out_.tables[static_cast<size_t>(def.table)][static_cast<size_t>(def.slot)];
      for (size_t r = 0; r < Rows(def.table); ++r)
        column.push_back(compute(Env{def.table, static_cast<std::uint32_t>(r), nullptr}));
    }
    return std::move(out_);
  }

 private:
  size_t Rows(std::int32_t table) const { return d_.tables[static_cast<size_t>(table)].rows; }
  const ir::Node& N(NodeId id) const { return p_.At(id); }

  Value Eval(NodeId id, const Env& env) {
    const ir::Node& n = N(id);
    switch (n.op) {
      case Op::kConst:
        if (n.kind == ValueKind::kNumber) return Number(n.constant.number);
        if (n.kind == ValueKind::kText) return Text(n.constant.text);
        return Code(n.constant.code);
      case Op::kNone:
        return None();
      case Op::kInput: {
        Value v = FromColumn(
            d_.tables[static_cast<size_t>(env.table)].columns[static_cast<size_t>(n.slot)],
            env.row);
        const std::int32_t blank = p_.tables[static_cast<size_t>(env.table)]
                                       .columns[static_cast<size_t>(n.slot)]
                                       .blank_param;
        if (v.state == State::kNone && blank >= 0) return out_.params[static_cast<size_t>(blank)];
        return v;
      }
      case Op::kDef:
        return out_.tables[static_cast<size_t>(env.table)][static_cast<size_t>(n.slot)][env.row];
      case Op::kParam:
        return out_.params[static_cast<size_t>(n.slot)];
      case Op::kGlobal:
        return out_.globals[static_cast<size_t>(n.slot)];
      case Op::kKey:
        if (n.kind == ValueKind::kText)
          return Text(std::string(d_.tables[static_cast<size_t>(env.table)].keys[env.row]));
        return Code(static_cast<std::int32_t>(env.row));
      case Op::kDeref: {
        const Value ref = Eval(n.kids[0], env);
        if (!Present(ref)) return ref;
        return Eval(n.kids[1],
                    Env{N(n.kids[1]).table, static_cast<std::uint32_t>(ref.code), nullptr});
      }
      case Op::kCurrent:
        return Eval(n.kids[0], *env.outer);
      case Op::kNot: {
        Value v = Eval(n.kids[0], env);
        return Present(v) ? Bool(v.code == 0) : v;
      }
      case Op::kAnd:
      case Op::kOr: {
        const bool is_and = n.op == Op::kAnd;
        for (NodeId k : n.kids) {
          const Value v = Eval(k, env);
          if (!Present(v)) return Error();  // a condition must be 是 or 否
          if ((v.code != 0) != is_and) return Bool(!is_and);
        }
        return Bool(is_and);
      }
      case Op::kCompare:
      case Op::kIn:
        return Compare(n, env);
      case Op::kIf: {
        const Value c = Eval(n.kids[0], env);
        if (!Present(c)) return Error();
        return Eval(n.kids[c.code != 0 ? 1 : 2], env);
      }
      case Op::kIfNone: {
        Value v = Eval(n.kids[0], env);
        return v.state == State::kNone ? Eval(n.kids[1], env) : v;
      }
      case Op::kHasValue: {
        const Value v = Eval(n.kids[0], env);
        return v.state == State::kError ? v : Bool(Present(v));
      }
      case Op::kLabel: {
        const Value v = Eval(n.kids[0], env);
        if (!Present(v)) return v;
        return Text(p_.labels[static_cast<size_t>(n.slot)][static_cast<size_t>(v.code)]);
      }
      case Op::kJoin:
        return Join(n, env);
      case Op::kAggregate:
        return Aggregate(n, env);
      case Op::kRank:
      case Op::kBottom:
      case Op::kTiers:
        return WholeTable(id, env);
      case Op::kLookup:
        return Lookup(n, env);
      case Op::kCases:
        return Cases(n, env);
      default:
        return Arith(n, env);
    }
  }

  /// Evaluates every operand into `kids`; an error among them (first), else
  /// a missing value, is what the node gives instead.
  std::optional<Value> EvalKids(const ir::Node& n, const Env& env, std::vector<Value>& kids) {
    for (NodeId k : n.kids) kids.push_back(Eval(k, env));
    for (const Value& v : kids)
      if (v.state == State::kError) return v;
    for (const Value& v : kids)
      if (v.state == State::kNone) return v;
    return std::nullopt;
  }

  Value Compare(const ir::Node& n, const Env& env) {
    std::vector<Value> kids;
    if (auto missing = EvalKids(n, env, kids)) return *missing;
    const ValueKind kind = N(n.kids[0]).kind;
    if (n.op == Op::kIn) {
      for (size_t i = 1; i < kids.size(); ++i)
        if (Cmp(kind, kids[0], kids[i]) == 0) return Bool(true);
      return Bool(false);
    }
    const int c = Cmp(kind, kids[0], kids[1]);
    switch (n.compare) {
      case ir::CompareOp::kEq:
        return Bool(c == 0);
      case ir::CompareOp::kNe:
        return Bool(c != 0);
      case ir::CompareOp::kLt:
        return Bool(c < 0);
      case ir::CompareOp::kLe:
        return Bool(c <= 0);
      case ir::CompareOp::kGt:
        return Bool(c > 0);
      case ir::CompareOp::kGe:
        return Bool(c >= 0);
    }
    return Error();
  }

  Value Arith(const ir::Node& n, const Env& env) {
    std::vector<Value> kids;
    if (auto missing = EvalKids(n, env, kids)) return *missing;
    const Decimal a = kids[0].number;
    Decimal r;
    bool ok = true;
    switch (n.op) {
      case Op::kNeg:
        ok = a.Neg(&r);
        break;
      case Op::kAbs:
        ok = a.IsNegative() ? a.Neg(&r) : (r = a, true);
        break;
      case Op::kAdd:
        ok = a.Add(kids[1].number, &r);
        break;
      case Op::kSub:
        ok = a.Sub(kids[1].number, &r);
        break;
      case Op::kMul:
        ok = a.Mul(kids[1].number, &r);
        break;
      case Op::kDiv:
        ok = a.Div(kids[1].number, p_.precision, value::Rounding::kHalfUp, &r) ==
             value::DivStatus::kOk;
        break;
      case Op::kCap:
        r = std::min(a, kids[1].number);
        break;
      case Op::kFloor:
        r = std::max(a, kids[1].number);
        break;
      case Op::kClamp:
        r = std::min(std::max(a, kids[1].number), kids[2].number);
        break;
      case Op::kMax:
      case Op::kMin:
        r = a;
        for (const Value& v : kids)
          r = n.op == Op::kMax ? std::max(r, v.number) : std::min(r, v.number);
        break;
      case Op::kRound: {
        const auto digits = kids[1].number.ToInt64();
        ok = digits && *digits >= 0 && *digits <= Decimal::kFracDigits &&
             a.Round(static_cast<int>(*digits), n.rounding, &r);
        break;
      }
      case Op::kScale: {
        // 10^|slot| by repeated multiplication, then × or ÷.
        Decimal power = Decimal::FromInt(1);
        for (int i = 0; i < std::abs(n.slot); ++i) power.Mul(Decimal::FromInt(10), &power);
        ok = n.slot >= 0 ? a.Mul(power, &r)
                         : a.Div(power, Decimal::kFracDigits, value::Rounding::kHalfEven, &r) ==
                               value::DivStatus::kOk;
        break;
      }
      default:
        ok = false;
        break;
    }
    return ok ? Number(r) : Error();
  }

  Value Join(const ir::Node& n, const Env& env) {
    std::vector<Value> kids;
    for (NodeId k : n.kids) kids.push_back(Eval(k, env));
    for (const Value& v : kids)
      if (v.state == State::kError) return v;
    auto text = [&](size_t i) -> std::string {
      const Value& v = kids[i];
      if (!Present(v)) return "";
      switch (N(n.kids[i]).kind) {
        case ValueKind::kNumber:
          return v.number.ToString();
        case ValueKind::kText:
          return v.text;
        case ValueKind::kBool:
          return v.code != 0 ? "是" : "否";
        default:
          return std::to_string(v.code);
      }
    };
    std::string joined;
    for (size_t i = 1; i < kids.size(); ++i) {
      const std::string part = text(i);
      if (part.empty()) continue;
      if (!joined.empty()) joined += text(0);
      joined += part;
    }
    return Text(joined);
  }

  /// Whether source row `i` is in the same group as the current row, given
  /// the current row's group values.
  bool SameGroup(const std::vector<NodeId>& group_by, const std::vector<Value>& mine,
                 const Env& row) {
    for (size_t g = 0; g < group_by.size(); ++g) {
      const Value v = Eval(group_by[g], row);
      if (!Present(v) || Cmp(N(group_by[g]).kind, v, mine[g]) != 0) return false;
    }
    return true;
  }

  Value Aggregate(const ir::Node& n, const Env& env) {
    const ir::Aggregate& a = p_.aggregates[static_cast<size_t>(n.slot)];
    if (d_.tables[static_cast<size_t>(a.source)].absent) return Error();
    // The rows: the current row's children, or its group, or everyone.
    std::vector<std::uint32_t> rows;
    if (a.via >= 0) {
      const auto& via =
          d_.tables[static_cast<size_t>(a.source)].columns[static_cast<size_t>(a.via)];
      for (size_t i = 0; i < Rows(a.source); ++i)
        if (via.state[i] == State::kValue && via.codes[i] == static_cast<std::int32_t>(env.row))
          rows.push_back(static_cast<std::uint32_t>(i));
    } else {
      std::vector<Value> mine;
      for (NodeId g : a.group_by) {
        mine.push_back(Eval(g, env));
        if (!Present(mine.back())) return Error();
      }
      for (size_t i = 0; i < Rows(a.source); ++i)
        if (SameGroup(a.group_by, mine, Env{a.source, static_cast<std::uint32_t>(i), nullptr}))
          rows.push_back(static_cast<std::uint32_t>(i));
    }

    const bool counts_rows = a.fn == ir::AggFn::kCount && a.count == ir::CountWhat::kRows;
    struct Kept {
      std::uint32_t row;
      Value arg;
    };
    std::vector<Kept> kept;
    bool error = false;
    for (std::uint32_t i : rows) {
      const Env inner{a.source, i, &env};
      if (a.where != ir::kNoNode) {
        const Value c = Eval(a.where, inner);
        if (!Present(c)) {
          error = true;
          continue;
        }
        if (c.code == 0) continue;
      }
      const Value arg = a.arg != ir::kNoNode ? Eval(a.arg, inner) : Value{};
      if (!counts_rows && !Present(arg)) {
        // 计数 skips what has no value; every other aggregate needs one.
        if (arg.state == State::kError || a.fn != ir::AggFn::kCount) error = true;
        continue;
      }
      kept.push_back(Kept{i, arg});
    }

    // 同一 k 只取最高 (最低): one row per key, the highest (lowest) value,
    // the first row among equals.
    if (a.dedup != ir::kNoNode) {
      const ValueKind key_kind = N(a.dedup).kind;
      const ValueKind arg_kind = a.arg != ir::kNoNode ? N(a.arg).kind : ValueKind::kNumber;
      std::vector<std::pair<Value, Kept>> best;
      for (const Kept& k : kept) {
        const Value key = Eval(a.dedup, Env{a.source, k.row, &env});
        if (!Present(key)) {
          error = true;
          continue;
        }
        auto it = std::find_if(best.begin(), best.end(),
                               [&](const auto& b) { return Cmp(key_kind, b.first, key) == 0; });
        if (it == best.end()) {
          best.emplace_back(key, k);
          continue;
        }
        int c = counts_rows ? 0 : Cmp(arg_kind, k.arg, it->second.arg);
        if (!a.keep_highest) c = -c;
        if (c > 0 || (c == 0 && k.row < it->second.row)) it->second = k;
      }
      kept.clear();
      for (const auto& b : best) kept.push_back(b.second);
    }
    if (error) return Error();

    Decimal acc;
    std::int64_t count = 0;
    for (const Kept& k : kept) {
      switch (a.fn) {
        case ir::AggFn::kSum:
        case ir::AggFn::kAvg:
          if (!acc.Add(k.arg.number, &acc)) return Error();
          ++count;
          break;
        case ir::AggFn::kCount:
          if (a.count != ir::CountWhat::kTrue || k.arg.code != 0) ++count;
          break;
        case ir::AggFn::kMax:
          acc = count == 0 ? k.arg.number : std::max(acc, k.arg.number);
          ++count;
          break;
        case ir::AggFn::kMin:
          acc = count == 0 ? k.arg.number : std::min(acc, k.arg.number);
          ++count;
          break;
        case ir::AggFn::kAll:
        case ir::AggFn::kAny:
          if (k.arg.code != 0) ++count;
          break;
      }
    }
    switch (a.fn) {
      case ir::AggFn::kSum:
        return Number(acc);
      case ir::AggFn::kCount:
        return Number(Decimal::FromInt(count));
      case ir::AggFn::kMax:
      case ir::AggFn::kMin:
        return count > 0 ? Number(acc) : None();
      case ir::AggFn::kAvg: {
        if (count == 0) return None();
        Decimal avg;
        acc.Div(Decimal::FromInt(count), p_.precision, value::Rounding::kHalfUp, &avg);
        return Number(avg);
      }
      case ir::AggFn::kAll:
        return Bool(count == static_cast<std::int64_t>(kept.size()));
      case ir::AggFn::kAny:
        return Bool(count > 0);
    }
    return Error();
  }

  // ---- 排名, 倒数, 分等: computed for the whole table at once, by counting.

  /// A row's sort keys and group values, or nothing when one is missing.
  struct Placed {
    bool ok = false;
    std::vector<Value> keys;
    std::vector<Value> group;
  };

  Placed Place(const ir::Sort& sort, const Env& row) {
    Placed p;
    for (const auto& k : sort.keys) {
      p.keys.push_back(Eval(k.value, row));
      if (!Present(p.keys.back())) return p;
    }
    for (NodeId g : sort.group_by) {
      p.group.push_back(Eval(g, row));
      if (!Present(p.group.back())) return p;
    }
    p.ok = true;
    return p;
  }

  bool SameGroup(const ir::Sort& sort, const Placed& a, const Placed& b) const {
    for (size_t g = 0; g < sort.group_by.size(); ++g)
      if (Cmp(N(sort.group_by[g]).kind, a.group[g], b.group[g]) != 0) return false;
    return true;
  }

  /// <0 when a is better than b (comes first), 0 when equal on every key.
  int Order(const ir::Sort& sort, const Placed& a, const Placed& b) const {
    for (size_t k = 0; k < sort.keys.size(); ++k) {
      int c = Cmp(N(sort.keys[k].value).kind, a.keys[k], b.keys[k]);
      if (sort.keys[k].descending) c = -c;
      if (c != 0) return c;
    }
    return 0;
  }

  /// Where row r stands among `peers` (rows of its group): how many are
  /// strictly better, how many equal (itself included), and its position
  /// under 连续 (1 + the distinct better keys).
  struct Standing {
    size_t better = 0;
    size_t equal = 0;
    size_t dense = 1;
  };
  Standing Stand(const ir::Sort& sort, const std::vector<Placed>& placed, size_t r,
                 const std::vector<size_t>& peers) const {
    Standing s;
    std::vector<size_t> distinct_better;
    for (size_t q : peers) {
      const int c = Order(sort, placed[q], placed[r]);
      if (c == 0) ++s.equal;
      if (c >= 0) continue;
      ++s.better;
      const bool seen = std::any_of(distinct_better.begin(), distinct_better.end(), [&](size_t d) {
        return Order(sort, placed[d], placed[q]) == 0;
      });
      if (!seen) distinct_better.push_back(q);
    }
    s.dense = distinct_better.size() + 1;
    return s;
  }

  /// Whether a row standing `s` falls within the first `bound` places.
  static bool Within(ir::TieKind ties, const Standing& s, size_t bound, bool* tie_error) {
    switch (ties) {
      case ir::TieKind::kShare:
        return s.better + 1 <= bound;
      case ir::TieKind::kDense:
        return s.dense <= bound;
      case ir::TieKind::kDrop:
        return s.better + s.equal <= bound;
      case ir::TieKind::kError:
        if (s.better + 1 <= bound && s.better + s.equal > bound) *tie_error = true;
        return s.better + s.equal <= bound;
    }
    return false;
  }

  Value WholeTable(NodeId id, const Env& env) {
    const auto key = std::make_pair(id, env.table);
    auto it = whole_table_.find(key);
    if (it == whole_table_.end()) {
      const ir::Node& n = N(id);
      it = whole_table_.emplace(key, n.op == Op::kTiers ? Tiers(n, env.table) : Rank(n, env.table))
               .first;
    }
    return it->second[env.row];
  }

  std::vector<Value> Rank(const ir::Node& n, std::int32_t table) {
    const ir::Rank& rank = p_.ranks[static_cast<size_t>(n.slot)];
    const bool bottom = n.op == Op::kBottom;
    const size_t rows = Rows(table);
    auto env = [&](size_t r) { return Env{table, static_cast<std::uint32_t>(r), nullptr}; };
    std::vector<Value> out(rows);
    std::vector<bool> in_pool(rows, true);
    for (size_t r = 0; r < rows && rank.eligible != ir::kNoNode; ++r) {
      const Value c = Eval(rank.eligible, env(r));
      if (!Present(c)) {
        out[r] = Error();
        in_pool[r] = false;
      } else if (c.code == 0) {
        in_pool[r] = false;
        if (bottom) out[r] = Bool(false);  // not eligible: not among the last
      }
    }
    std::vector<Placed> placed(rows);
    for (size_t r = 0; r < rows; ++r) {
      if (!in_pool[r]) continue;
      placed[r] = Place(rank.sort, env(r));
      if (!placed[r].ok) out[r] = Error();
    }
    for (size_t r = 0; r < rows; ++r) {
      if (!in_pool[r] || !placed[r].ok) continue;
      std::vector<size_t> peers;
      for (size_t q = 0; q < rows; ++q)
        if (in_pool[q] && placed[q].ok && SameGroup(rank.sort, placed[q], placed[r]))
          peers.push_back(q);
      const Standing s = Stand(rank.sort, placed, r, peers);
      if (!bottom) {
        if (rank.sort.ties == ir::TieKind::kError && s.equal > 1) {
          out[r] = Error();
        } else {
          const size_t pos = rank.sort.ties == ir::TieKind::kDense ? s.dense : s.better + 1;
          out[r] = Number(Decimal::FromInt(static_cast<std::int64_t>(pos)));
        }
        continue;
      }
      const Value count = Eval(rank.count, env(r));
      const auto k = Present(count) ? count.number.ToInt64() : std::nullopt;
      if (!k) {
        out[r] = Error();
        continue;
      }
      bool tie_error = false;
      const bool in =
          Within(rank.sort.ties, s, static_cast<size_t>(std::max<std::int64_t>(*k, 0)), &tie_error);
      out[r] = tie_error ? Error() : Bool(in);
    }
    return out;
  }

  std::vector<Value> Tiers(const ir::Node& n, std::int32_t table) {
    const ir::Tiers& tiers = p_.tiers[static_cast<size_t>(n.slot)];
    const size_t rows = Rows(table);
    auto env = [&](size_t r) { return Env{table, static_cast<std::uint32_t>(r), nullptr}; };
    std::vector<std::int32_t> label(rows, -1);
    std::vector<bool> by_quota(rows, false), bad(rows, false);
    std::vector<Placed> placed(rows);
    if (tiers.sort) {
      for (size_t r = 0; r < rows; ++r) {
        placed[r] = Place(*tiers.sort, env(r));
        bad[r] = !placed[r].ok;
      }
    }
    // The groups, each with its members (rows placed at the start).
    std::vector<std::vector<size_t>> groups;
    for (size_t r = 0; r < rows && tiers.sort; ++r) {
      if (!placed[r].ok) continue;
      auto g = std::find_if(groups.begin(), groups.end(), [&](const std::vector<size_t>& m) {
        return SameGroup(*tiers.sort, placed[m.front()], placed[r]);
      });
      if (g == groups.end()) {
        groups.push_back({r});
      } else {
        g->push_back(r);
      }
    }
    std::vector<std::int64_t> used(groups.size(), 0);
    // A condition on row r: 1 yes, 0 no, -1 missing or an error (the row is then in error).
    auto holds = [&](NodeId cond, size_t r) {
      const Value c = Eval(cond, env(r));
      if (!Present(c)) {
        bad[r] = true;
        return -1;
      }
      return c.code != 0 ? 1 : 0;
    };
    for (const ir::Tiers::Item& item : tiers.items) {
      switch (item.kind) {
        case ir::Tiers::ItemKind::kWhen:
          for (size_t r = 0; r < rows; ++r)
            if (!bad[r] && label[r] < 0 && holds(item.value, r) == 1) label[r] = item.tier;
          break;
        case ir::Tiers::ItemKind::kRest:
          for (size_t r = 0; r < rows; ++r)
            if (!bad[r] && label[r] < 0) label[r] = item.tier;
          break;
        case ir::Tiers::ItemKind::kDemote: {
          const auto last = static_cast<std::int32_t>(tiers.labels.size()) - 1;
          for (size_t r = 0; r < rows; ++r)
            if (!bad[r] && label[r] >= 0 && holds(item.value, r) == 1)
              label[r] = std::min(label[r] + 1, last);
          break;
        }
        case ir::Tiers::ItemKind::kQuota:
        case ir::Tiers::ItemKind::kShare: {
          // Competing: not placed by 当 (or placed by an earlier quota), and eligible.
          std::vector<bool> competing(rows, false);
          for (size_t r = 0; r < rows; ++r) {
            if (bad[r] || (label[r] >= 0 && !by_quota[r])) continue;
            competing[r] = item.eligible == ir::kNoNode || holds(item.eligible, r) == 1;
          }
          for (size_t g = 0; g < groups.size(); ++g) {
            const std::vector<size_t>& members = groups[g];
            // The amount, read on the group's best row (the first row among equals).
            size_t best = members.front();
            for (size_t r : members)
              if (Order(*tiers.sort, placed[r], placed[best]) < 0) best = r;
            const Value amount = Eval(item.value, env(best));
            if (!Present(amount)) {
              for (size_t r : members) bad[r] = true;
              continue;
            }
            std::int64_t k = 0;
            if (item.kind == ir::Tiers::ItemKind::kQuota) {
              k = amount.number.ToInt64().value_or(0);
            } else {
              Decimal places, rounded;
              if (amount.number.Mul(Decimal::FromInt(static_cast<std::int64_t>(members.size())),
                                    &places) &&
                  places.Round(0, item.rounding, &rounded))
                k = rounded.ToInt64().value_or(0);
            }
            used[g] += std::max<std::int64_t>(k, 0);
            std::vector<size_t> pool;
            for (size_t r : members)
              if (competing[r] && !bad[r]) pool.push_back(r);
            std::vector<size_t> tie_errors;
            for (size_t r : pool) {
              bool tie_error = false;
              const bool take = Within(tiers.sort->ties, Stand(*tiers.sort, placed, r, pool),
                                       static_cast<size_t>(used[g]), &tie_error);
              if (tie_error) {
                tie_errors.push_back(r);
              } else if (take && label[r] < 0) {
                label[r] = item.tier;
                by_quota[r] = true;
              }
            }
            for (size_t r : tie_errors) bad[r] = true;
          }
          break;
        }
      }
    }
    std::vector<Value> out(rows);
    for (size_t r = 0; r < rows; ++r) out[r] = bad[r] || label[r] < 0 ? Error() : Code(label[r]);
    return out;
  }

  // ---- 查表 and 按情况.

  /// Adds a matching row's value under the hit policy; false for a second
  /// match under 唯一, a different result under 任一 or an overflowing 合计.
  static bool Hit(ir::HitPolicy hit, ValueKind kind, bool first, Value& acc, const Value& v) {
    if (first) {
      acc = v;
      return true;
    }
    if (hit == ir::HitPolicy::kAny) {
      if (acc.state == State::kError) return true;
      if (v.state == State::kError) {
        acc.state = v.state;
        return true;
      }
      if (acc.state != v.state) return false;  // a value and no value
      return !Present(acc) || Cmp(kind, acc, v) == 0;
    }
    if (!Present(acc)) return true;
    if (!Present(v)) {
      acc.state = v.state;
      return true;
    }
    switch (hit) {
      case ir::HitPolicy::kUnique:
        return false;
      case ir::HitPolicy::kFirst:
      case ir::HitPolicy::kAny:  // handled above
        return true;
      case ir::HitPolicy::kSum:
        return acc.number.Add(v.number, &acc.number);
      case ir::HitPolicy::kMax:
        acc.number = std::max(acc.number, v.number);
        return true;
      case ir::HitPolicy::kMin:
        acc.number = std::min(acc.number, v.number);
        return true;
    }
    return true;
  }

  Value Lookup(const ir::Node& n, const Env& env) {
    const ir::Lookup& lookup = p_.lookups[static_cast<size_t>(n.slot)];
    std::vector<Value> in;
    for (NodeId i : lookup.inputs) {
      in.push_back(Eval(i, env));
      if (!Present(in.back())) return Error();
    }
    Value acc;
    bool matched = false;
    for (const ir::Lookup::Row& row : lookup.rows) {
      if (matched && lookup.hit == ir::HitPolicy::kFirst) break;
      bool match = true;
      for (size_t i = 0; i < row.matchers.size() && match; ++i) {
        const ir::Matcher& m = row.matchers[i];
        const ValueKind kind = N(lookup.inputs[i]).kind;
        // Each bound is read only while the row still matches.
        auto check = [&](NodeId bound, auto accept) {
          if (!match || bound == ir::kNoNode) return true;
          const Value b = Eval(bound, env);
          if (!Present(b)) return false;
          match = accept(Cmp(kind, in[i], b));
          return true;
        };
        bool ok = true;
        if (m.kind == ir::Matcher::Kind::kValue) {
          ok = check(m.value, [](int c) { return c == 0; });
        } else if (m.kind == ir::Matcher::Kind::kRange) {
          ok = check(m.lower, [&](int c) { return m.lower_inclusive ? c >= 0 : c > 0; }) &&
               check(m.upper, [&](int c) { return m.upper_inclusive ? c <= 0 : c < 0; });
        }
        if (!ok) return Error();
      }
      if (!match) continue;
      if (!Hit(lookup.hit, n.kind, !matched, acc, Eval(row.result, env))) return Error();
      matched = true;
    }
    if (matched) return acc;
    return lookup.otherwise != ir::kNoNode ? Eval(lookup.otherwise, env) : Error();
  }

  Value Cases(const ir::Node& n, const Env& env) {
    const ir::Cases& cases = p_.cases[static_cast<size_t>(n.slot)];
    Value acc;
    bool matched = false;
    for (const ir::Cases::Arm& arm : cases.arms) {
      if (matched && cases.hit == ir::HitPolicy::kFirst) break;
      const Value c = Eval(arm.when, env);
      if (!Present(c)) return Error();
      if (c.code == 0) continue;
      if (!Hit(cases.hit, n.kind, !matched, acc, Eval(arm.result, env))) return Error();
      matched = true;
    }
    if (matched) return acc;
    return cases.otherwise != ir::kNoNode ? Eval(cases.otherwise, env) : Error();
  }

  const ir::Program& p_;
  const column::Dataset& d_;
  Results out_;
  /// 排名/倒数/分等 results for the whole table, per node and table, for the
  /// definition being computed.
  std::map<std::pair<NodeId, std::int32_t>, std::vector<Value>> whole_table_;
};

}  // namespace

Results Evaluate(const ir::Program& program, const column::Dataset& data,
                 const std::vector<exec::Override>& overrides) {
  return Reference(program, data).Run(overrides);
}

std::vector<std::string> Compare(const ir::Program& program, const column::Dataset& data,
                                 const exec::Results& columnar, const Results& reference) {
  std::vector<std::string> diffs;
  auto same = [](ValueKind kind, const Value& a, const Value& b) {
    return a.state == b.state && (a.state != State::kValue || Cmp(kind, a, b) == 0);
  };
  for (size_t i = 0; i < program.params.size(); ++i) {
    const ValueKind kind = program.params[i].display.kind;
    const Value c = FromColumn(columnar.params[i], 0);
    if (!same(kind, c, reference.params[i]))
      diffs.push_back(fmt::format("参数 {}: columnar {}, reference {}", program.params[i].name,
                                  Show(kind, c), Show(kind, reference.params[i])));
  }
  for (const ir::Definition& def : program.definitions) {
    const ValueKind kind = def.display.kind;
    const auto slot = static_cast<size_t>(def.slot);
    if (def.table < 0) {
      const Value c = FromColumn(columnar.globals[slot], 0);
      if (!same(kind, c, reference.globals[slot]))
        diffs.push_back(fmt::format("{}: columnar {}, reference {}", def.name, Show(kind, c),
                                    Show(kind, reference.globals[slot])));
      continue;
    }
    const auto t = static_cast<size_t>(def.table);
    const column::TableData& td = data.tables[t];
    for (size_t r = 0; r < td.rows; ++r) {
      const Value c = FromColumn(columnar.tables[t][slot], r);
      const Value& ref = reference.tables[t][slot][r];
      if (same(kind, c, ref)) continue;
      diffs.push_back(fmt::format("{}[{}].{}: columnar {}, reference {}", program.tables[t].name,
                                  r < td.keys.size() ? td.keys[r] : std::to_string(r), def.name,
                                  Show(kind, c), Show(kind, ref)));
    }
  }
  return diffs;
}

}  // namespace arl::reference
