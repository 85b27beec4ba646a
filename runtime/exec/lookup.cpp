// 查表 and 按情况: rows tried in order under a hit policy.
//
// 首个 (first) tries each row only on the rows no earlier row matched, so a
// later row's result is never computed where it is not used. The others
// (唯一 任一 合计 最大 最小) try every row; 唯一 makes two matches an error
// naming both lines, because the checker could not rule it out (bounds read
// from parameters, say). 任一 (DMN's ANY) lets several rows match as long as
// they give the same result; two matches with different results are an
// error naming both lines and both results.

#include <fmt/format.h>

#include "runtime/exec/evaluator.h"

namespace arl::exec::detail {

using base::Message;
using value::Decimal;

namespace {

/// Combines the results of matching rows per slot under a hit policy.
class Hits {
 public:
  Hits(ir::HitPolicy hit, ir::ValueKind kind, size_t n)
      : hit_(hit), out_(kind, n), matched_(n, -1) {}

  bool Matched(std::uint32_t r) const { return matched_[r] >= 0; }
  std::int32_t Which(std::uint32_t r) const { return matched_[r]; }
  Column& out() { return out_; }

  /// Row `index` matched slot r with the value in slot `at` of `values`;
  /// false on a second match under 唯一, a different result under 任一 or an
  /// overflow under 合计.
  bool Add(std::uint32_t r, std::int32_t index, const Column& values, size_t at) {
    if (matched_[r] < 0) {
      matched_[r] = index;
      out_.CopyFrom(r, values, at);
      return true;
    }
    if (hit_ == ir::HitPolicy::kAny) {
      // A result in error stays an error (reported where it arose); a value
      // and no value disagree like two different values.
      if (out_.state[r] == State::kError) return true;
      if (values.state[at] == State::kError) {
        out_.state[r] = State::kError;
        return true;
      }
      if (out_.state[r] != values.state[at]) return false;
      return out_.state[r] != State::kValue || Evaluator::SameValue(out_, r, values, at);
    }
    if (out_.state[r] != State::kValue) return true;
    if (values.state[at] != State::kValue) {
      out_.state[r] = values.state[at];
      return true;
    }
    switch (hit_) {
      case ir::HitPolicy::kUnique:
        return false;
      case ir::HitPolicy::kFirst:
      case ir::HitPolicy::kAny:  // handled above
        return true;
      case ir::HitPolicy::kSum: {
        Decimal sum;
        if (!out_.Number(r).Add(values.Number(at), &sum)) return false;
        out_.SetNumber(r, sum);
        return true;
      }
      case ir::HitPolicy::kMax:
        if (values.Number(at) > out_.Number(r)) out_.SetNumber(r, values.Number(at));
        return true;
      case ir::HitPolicy::kMin:
        if (values.Number(at) < out_.Number(r)) out_.SetNumber(r, values.Number(at));
        return true;
    }
    return true;
  }

 private:
  ir::HitPolicy hit_;
  Column out_;
  std::vector<std::int32_t> matched_;
};

Message SumOverflow() {
  return Message{"命中 合计 的和超出了精确十进制的范围 (溢出)",
                 "the sum of the matching rows (命中 合计) overflows"};
}

/// Under 任一, two matching rows (or cases) `a` and `b` (from 1) whose
/// results differ; the results are named where they can be shown.
Message AnyDisagrees(bool lookup, std::int32_t a, std::int32_t b, const Column& earlier,
                     const Column& later, size_t r, size_t later_slot) {
  // An enum member or a reference is a code here, which would mean nothing
  // to a reader; the two lines of the rules name them.
  const bool shown = earlier.kind != ir::ValueKind::kEnum && earlier.kind != ir::ValueKind::kRef;
  const std::string x = ValueText(earlier, r), y = ValueText(later, later_slot);
  const std::string zh = shown ? fmt::format(": {} 与 {}", x, y) : "";
  const std::string en = shown ? fmt::format(": {} and {}", x, y) : "";
  if (lookup) {
    return Message{
        fmt::format("查表 命中 任一, 但这一行符合的第 {} 行和第 {} 行结果不同{}", a, b, zh),
        fmt::format("the lookup is 命中 任一 (any) but its rows {} and {} both match with "
                    "different results{}",
                    a, b, en)};
  }
  return Message{
      fmt::format("按情况 命中 任一, 但成立的第 {} 种和第 {} 种情况结果不同{}", a, b, zh),
      fmt::format("按情况 is 命中 任一 (any) but its cases {} and {} both hold with different "
                  "results{}",
                  a, b, en)};
}

}  // namespace

Column Evaluator::EvalLookup(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  const ir::Lookup& lookup = p_.lookups[static_cast<size_t>(node.slot)];
  std::vector<Column> inputs;
  Sel open;  // rows whose inputs all have values
  std::vector<bool> bad(ctx.n, false);
  for (ir::NodeId in : lookup.inputs) inputs.push_back(Eval(in, ctx, sel));
  for (std::uint32_t r : sel) {
    for (size_t i = 0; i < inputs.size() && !bad[r]; ++i) {
      if (inputs[i].state[r] == State::kValue) continue;
      if (inputs[i].state[r] == State::kNone)
        FailNone(ctx, r, lookup.inputs[i], "查表的输入", "the lookup's input");
      bad[r] = true;
    }
    if (!bad[r]) open.push_back(r);
  }

  Hits hits(lookup.hit, node.kind, ctx.n);
  const bool first_only = lookup.hit == ir::HitPolicy::kFirst;
  for (size_t k = 0; k < lookup.rows.size(); ++k) {
    const ir::Lookup::Row& row = lookup.rows[k];
    Sel trying;
    for (std::uint32_t r : open) {
      if (!bad[r] && !(first_only && hits.Matched(r))) trying.push_back(r);
    }
    if (trying.empty()) continue;
    for (size_t i = 0; i < row.matchers.size(); ++i) {
      const ir::Matcher& m = row.matchers[i];
      Sel still;
      auto test = [&](ir::NodeId bound, auto accept) {
        // A constant (most rows of most lookups) is one value for every row,
        // not a column of them.
        const bool constant = p_.At(bound).op == ir::Op::kConst;
        Column b = constant ? Eval(bound, Ctx{}, All(1)) : Eval(bound, ctx, trying);
        Sel next;
        for (std::uint32_t r : trying) {
          const size_t at = constant ? 0 : r;
          if (b.state[at] != State::kValue) {
            if (b.state[at] == State::kNone) FailNone(ctx, r, bound, "查表的界限", "the bound");
            bad[r] = true;
            continue;
          }
          if (accept(CompareValues(inputs[i], r, b, at))) next.push_back(r);
        }
        trying = std::move(next);
      };
      switch (m.kind) {
        case ir::Matcher::Kind::kAny:
          break;
        case ir::Matcher::Kind::kValue:
          test(m.value, [](int c) { return c == 0; });
          break;
        case ir::Matcher::Kind::kRange:
          if (m.lower != ir::kNoNode) {
            const bool incl = m.lower_inclusive;
            test(m.lower, [incl](int c) { return incl ? c >= 0 : c > 0; });
          }
          if (m.upper != ir::kNoNode) {
            const bool incl = m.upper_inclusive;
            test(m.upper, [incl](int c) { return incl ? c <= 0 : c < 0; });
          }
          break;
      }
      if (trying.empty()) break;
    }
    if (trying.empty()) continue;
    const Operand value = EvalOperand(row.result, ctx, trying, true);
    for (std::uint32_t r : trying) {
      const std::int32_t before = hits.Which(r);
      if (Tracing(node, r)) trace_->matched.push_back(static_cast<std::int32_t>(k));
      if (hits.Add(r, static_cast<std::int32_t>(k), value.Values(), value.Slot(r))) continue;
      Message message;
      if (lookup.hit == ir::HitPolicy::kSum) {
        message = SumOverflow();
      } else if (lookup.hit == ir::HitPolicy::kAny) {
        // Add left the earlier result in place.
        message = AnyDisagrees(true, before + 1, static_cast<std::int32_t>(k + 1), hits.out(),
                               value.Values(), r, value.Slot(r));
      } else {
        message = Message{
            fmt::format("查表 命中 唯一, 但这一行同时符合第 {} 行和第 {} 行", before + 1, k + 1),
            fmt::format("the lookup is 命中 唯一 (unique) but its rows {} and {} both match",
                        before + 1, k + 1)};
      }
      Fail(ctx, r, row.span, std::move(message));
      bad[r] = true;
    }
  }

  Sel unmatched;
  for (std::uint32_t r : open) {
    if (!bad[r] && !hits.Matched(r)) unmatched.push_back(r);
  }
  Column& out = hits.out();
  if (!unmatched.empty()) {
    if (lookup.otherwise != ir::kNoNode) {
      Column other = Eval(lookup.otherwise, ctx, unmatched);
      for (std::uint32_t r : unmatched) out.CopyFrom(r, other, r);
    } else {
      for (std::uint32_t r : unmatched) {
        std::string values;
        for (const Column& in : inputs) values += (values.empty() ? "" : ", ") + ValueText(in, r);
        Fail(ctx, r, node.span,
             Message{fmt::format("查表 中没有一行符合 {}, 也没有 其他", values),
                     fmt::format("no row of the lookup matches {} and there is no 其他", values)});
        bad[r] = true;
      }
    }
  }
  for (std::uint32_t r : sel) {
    if (bad[r]) out.state[r] = State::kError;
  }
  return out;
}

Column Evaluator::EvalCases(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  const ir::Cases& cases = p_.cases[static_cast<size_t>(node.slot)];
  Hits hits(cases.hit, node.kind, ctx.n);
  std::vector<bool> bad(ctx.n, false);
  const bool first_only = cases.hit == ir::HitPolicy::kFirst;
  for (size_t k = 0; k < cases.arms.size(); ++k) {
    const ir::Cases::Arm& arm = cases.arms[k];
    Sel trying;
    for (std::uint32_t r : sel) {
      if (!bad[r] && !(first_only && hits.Matched(r))) trying.push_back(r);
    }
    if (trying.empty()) break;
    Sel yes, no, errors;
    Condition(arm.when, ctx, trying, &yes, &no, &errors, "当 的条件", "the condition after 当");
    for (std::uint32_t r : errors) bad[r] = true;
    if (yes.empty()) continue;
    const Operand value = EvalOperand(arm.result, ctx, yes, true);
    for (std::uint32_t r : yes) {
      const std::int32_t before = hits.Which(r);
      if (Tracing(node, r)) trace_->matched.push_back(static_cast<std::int32_t>(k));
      if (hits.Add(r, static_cast<std::int32_t>(k), value.Values(), value.Slot(r))) continue;
      Message message;
      if (cases.hit == ir::HitPolicy::kSum) {
        message = SumOverflow();
      } else if (cases.hit == ir::HitPolicy::kAny) {
        message = AnyDisagrees(false, before + 1, static_cast<std::int32_t>(k + 1), hits.out(),
                               value.Values(), r, value.Slot(r));
      } else {
        message = Message{"按情况 命中 唯一, 但这一行同时符合两种情况",
                          "按情况 is 命中 唯一 (unique) but two of its cases hold"};
      }
      Fail(ctx, r, arm.span, std::move(message));
      bad[r] = true;
    }
  }
  Sel unmatched;
  for (std::uint32_t r : sel) {
    if (!bad[r] && !hits.Matched(r)) unmatched.push_back(r);
  }
  Column& out = hits.out();
  if (!unmatched.empty()) {
    if (cases.otherwise != ir::kNoNode) {
      const Operand other = EvalOperand(cases.otherwise, ctx, unmatched, true);
      for (std::uint32_t r : unmatched) out.CopyFrom(r, other.Values(), other.Slot(r));
    } else {
      for (std::uint32_t r : unmatched) {
        Fail(ctx, r, node.span,
             Message{"按情况 中没有一种情况成立, 也没有 其他",
                     "none of the cases holds and there is no 其他"});
        bad[r] = true;
      }
    }
  }
  for (std::uint32_t r : sel) {
    if (bad[r]) out.state[r] = State::kError;
  }
  return out;
}

}  // namespace arl::exec::detail
