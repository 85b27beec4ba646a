// Aggregates: 合计 计数 最大 最小 平均 全部 任一 over a row's children, over
// a group (按) or over every row (全体).
//
// The rows an aggregate reads are laid out as one inner context of "pairs"
// (the current row, a source row), and every pair belongs to one bucket. For
// children the pairs are just the child rows (each has one owner), so the
// work is linear. Uncorrelated 全体 and 按 aggregates are computed once per
// bucket and shared. Only an aggregate whose row expressions read the
// current row (correlated) over 全体 or 按 needs a pair per current row and
// source row; that product is bounded.

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/exec/evaluator.h"

namespace arl::exec::detail {

using base::Message;
using ir::ValueKind;
using value::Decimal;

namespace {

/// A correlated 全体 aggregate over n current rows and m source rows makes
/// n × m pairs; beyond this it is refused rather than left to run for hours.
constexpr size_t kMaxPairs = 50'000'000;

}  // namespace

std::optional<Evaluator::KeyJoin> Evaluator::LeadingEquality(ir::NodeId where) const {
  if (where == ir::kNoNode) return std::nullopt;
  const ir::Node* w = &p_.At(where);
  if (w->op == ir::Op::kAnd) w = &p_.At(w->kids[0]);
  if (w->op != ir::Op::kCompare || w->compare != ir::CompareOp::kEq) return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const ir::Node& current = p_.At(w->kids[static_cast<size_t>(side)]);
    const ir::NodeId source = w->kids[static_cast<size_t>(1 - side)];
    if (current.op == ir::Op::kCurrent && !ReadsCurrent(source))
      return KeyJoin{source, current.kids[0]};
  }
  return std::nullopt;
}

bool Evaluator::ReadsCurrent(ir::NodeId id) const {
  const ir::Node& n = p_.At(id);
  if (n.op == ir::Op::kCurrent) return true;
  for (ir::NodeId k : n.kids) {
    if (ReadsCurrent(k)) return true;
  }
  return false;
}

Column Evaluator::EvalAtSourceRows(ir::NodeId id, const Ctx& ctx, const Sel& sel) {
  std::vector<std::uint32_t> rows;
  rows.reserve(sel.size());
  for (std::uint32_t r : sel) rows.push_back(ctx.Row(r));
  Ctx whole;
  whole.table = ctx.table;
  whole.n = data_.tables[static_cast<size_t>(ctx.table)].rows;
  return Eval(id, whole, Distinct(std::move(rows), whole.n));
}

Evaluator::KeyedRows Evaluator::KeyRows(const KeyJoin& join, const Ctx& ctx, const Sel& sel,
                                        const Ctx& whole) {
  // The condition starts with `source key = current key`, so a pair whose
  // keys both have values and differ is rejected before anything else about
  // it is looked at: it need not be made. Source rows whose key is missing
  // stay in every row's list, for the condition to report.
  const Column source = Eval(join.source, whole, All(whole.n));
  const Column current = Eval(join.current, ctx, sel);
  const bool codes = source.kind != ValueKind::kNumber && source.kind != ValueKind::kText;
  // Key numbers: a code (a reference, an enum member, 是否) is its own
  // number when the codes are few enough to index; other keys are numbered
  // as they are first seen.
  std::int64_t max_code = -1;
  for (std::uint32_t i = 0; i < whole.n && codes; ++i) {
    if (source.state[i] == State::kValue)
      max_code = std::max<std::int64_t>(max_code, source.codes[i]);
  }
  const bool direct = codes && max_code < static_cast<std::int64_t>(4 * (whole.n + ctx.n) + 1024);
  std::unordered_map<std::int32_t, std::int64_t> code_numbers;
  std::unordered_map<std::string, std::int64_t> text_numbers;
  KeyedRows k;
  std::vector<std::int64_t> number(whole.n, KeyedRows::kMissing);
  std::int64_t numbers = direct ? max_code + 1 : 0;
  for (std::uint32_t i = 0; i < whole.n; ++i) {
    if (source.state[i] != State::kValue) {
      k.unkeyed.push_back(i);
    } else if (direct) {
      number[i] = source.codes[i];
    } else if (codes) {
      number[i] = code_numbers.try_emplace(source.codes[i], numbers).first->second;
      numbers = static_cast<std::int64_t>(code_numbers.size());
    } else {
      number[i] = text_numbers.try_emplace(ValueText(source, i), numbers).first->second;
      numbers = static_cast<std::int64_t>(text_numbers.size());
    }
  }
  // The keyed rows grouped by number, in row order within each.
  k.begin.assign(static_cast<size_t>(numbers) + 1, 0);
  for (std::int64_t n : number) {
    if (n >= 0) ++k.begin[static_cast<size_t>(n) + 1];
  }
  for (size_t n = 1; n < k.begin.size(); ++n) k.begin[n] += k.begin[n - 1];
  k.rows.resize(k.begin.back());
  std::vector<size_t> at(k.begin.begin(), k.begin.end() - 1);
  for (std::uint32_t i = 0; i < whole.n; ++i) {
    if (number[i] >= 0) k.rows[at[static_cast<size_t>(number[i])]++] = i;
  }
  k.key.assign(ctx.n, KeyedRows::kMissing);
  for (std::uint32_t r : sel) {
    if (current.state[r] != State::kValue) continue;
    if (direct) {
      const std::int32_t c = current.codes[r];
      k.key[r] = c >= 0 && c <= max_code ? c : KeyedRows::kNoRows;
    } else if (codes) {
      auto it = code_numbers.find(current.codes[r]);
      k.key[r] = it != code_numbers.end() ? it->second : KeyedRows::kNoRows;
    } else {
      auto it = text_numbers.find(ValueText(current, r));
      k.key[r] = it != text_numbers.end() ? it->second : KeyedRows::kNoRows;
    }
  }
  return k;
}

void Evaluator::KeyedCondition(ir::NodeId where, const Ctx& inner, const Sel& keyed,
                               const Sel& others, Sel* yes, std::vector<std::uint32_t>* bad) {
  // Part by part as EvalLogic evaluates a 且 (each over the pairs still
  // open, in pair order), but the keyed pairs join after the first part.
  const ir::Node& w = p_.At(where);
  const bool chain = w.op == ir::Op::kAnd;
  Sel passed, failed;
  Condition(chain ? w.kids[0] : where, inner, others, &passed, &failed, bad,
            chain ? "条件" : "其中 的条件", chain ? "the condition" : "the condition after 其中");
  Sel open(keyed.size() + passed.size());
  std::merge(keyed.begin(), keyed.end(), passed.begin(), passed.end(), open.begin());
  for (size_t k = 1; chain && k < w.kids.size() && !open.empty(); ++k) {
    passed.clear();
    failed.clear();
    Condition(w.kids[k], inner, open, &passed, &failed, bad, "条件", "the condition");
    open.swap(passed);
  }
  *yes = std::move(open);
}

Column Evaluator::EvalAggregate(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  const ir::Aggregate& a = p_.aggregates[static_cast<size_t>(node.slot)];
  Column out(node.kind, ctx.n);
  const size_t source_rows = data_.tables[static_cast<size_t>(a.source)].rows;
  Ctx whole;  // every source row, slot i row i
  whole.table = a.source;
  whole.n = source_rows;
  if (data_.tables[static_cast<size_t>(a.source)].absent) {
    // The missing file was reported; its rows are unknown, not none.
    for (std::uint32_t r : sel) out.state[r] = State::kError;
    return out;
  }

  // 1. Pairs and buckets. bucket_of_slot[r] is the bucket of current slot r.
  std::vector<std::uint32_t> pair_rows;     // source row of each pair
  std::vector<std::uint32_t> pair_current;  // current slot of each pair
  std::vector<std::uint32_t> pair_group;    // uncorrelated 按 or 全体: the group of each pair
  // The bucket of each pair: its group when computed once per group, else
  // its current slot.
  const std::vector<std::uint32_t>& pair_bucket =
      a.via < 0 && !a.correlated ? pair_group : pair_current;
  std::vector<std::int64_t> bucket_of_slot(ctx.n, -1);
  size_t buckets = 0;
  // Correlated under a leading key equality: the pairs made from a key's
  // rows, for which that equality is known to hold, and the others.
  std::optional<Sel> keyed_pairs;
  Sel other_pairs;
  if (a.via >= 0) {
    // Children: the source rows whose column `via` names a selected row.
    const Column& via =
        data_.tables[static_cast<size_t>(a.source)].columns[static_cast<size_t>(a.via)];
    std::vector<std::int64_t> slot_of_row(ctx.n, -1);
    for (std::uint32_t r : sel) {
      slot_of_row[ctx.Row(r)] = r;
      bucket_of_slot[r] = static_cast<std::int64_t>(r);
    }
    buckets = ctx.n;
    for (size_t i = 0; i < source_rows; ++i) {
      if (via.state[i] != State::kValue) continue;
      const auto owner = static_cast<size_t>(via.codes[i]);
      if (owner >= slot_of_row.size() || slot_of_row[owner] < 0) continue;
      pair_rows.push_back(static_cast<std::uint32_t>(i));
      pair_current.push_back(static_cast<std::uint32_t>(slot_of_row[owner]));
    }
  } else {
    // Every row, or every row of this row's group. A source row without a
    // group key is in no group; a current row without one is an error.
    std::vector<Column> outer_keys, inner_keys;
    for (ir::NodeId g : a.group_by) outer_keys.push_back(Eval(g, ctx, sel));
    const Sel all = All(source_rows);
    for (ir::NodeId g : a.group_by) inner_keys.push_back(Eval(g, whole, all));
    // Source groups are numbered first, so a current row whose number is
    // past them has a group with no source rows.
    GroupNumbers numbers;
    std::vector<std::vector<std::uint32_t>> members;  // by group number
    for (size_t i = 0; i < source_rows; ++i) {
      if (auto g = numbers.Of(inner_keys, i)) {
        const auto gi = static_cast<size_t>(*g);
        if (gi >= members.size()) members.resize(gi + 1);
        members[gi].push_back(static_cast<std::uint32_t>(i));
      }
    }
    std::vector<const std::vector<std::uint32_t>*> group_of_slot(ctx.n, nullptr);
    std::vector<std::int64_t> group_number(ctx.n, -1);
    static const std::vector<std::uint32_t> kNoRows;
    for (std::uint32_t r : sel) {
      size_t missing = 0;
      auto g = numbers.Of(outer_keys, r, &missing);
      if (!g) {
        out.state[r] = State::kError;
        if (outer_keys[missing].state[r] == State::kNone)
          FailNone(ctx, r, a.group_by[missing], "按 的分组键", "the key of 按");
        continue;
      }
      group_number[r] = *g;
      const auto gi = static_cast<size_t>(*g);
      group_of_slot[r] = gi < members.size() ? &members[gi] : &kNoRows;
    }
    if (!a.correlated) {
      // Computed once per group: bucket b is group number b, pairs are rows;
      // a group with no source rows is a bucket with no pairs.
      for (size_t b = 0; b < members.size(); ++b) {
        for (std::uint32_t i : members[b]) {
          pair_rows.push_back(i);
          pair_current.push_back(0);
          pair_group.push_back(static_cast<std::uint32_t>(b));
        }
      }
      for (std::uint32_t r : sel) {
        if (group_number[r] < 0) continue;
        bucket_of_slot[r] = group_number[r];
        buckets = std::max(buckets, static_cast<size_t>(group_number[r]) + 1);
      }
      buckets = std::max(buckets, members.size());
    } else {
      // Correlated: each current row sees the source rows of its group, or,
      // under a leading key equality, only those with its key (and those
      // without a key), in row order.
      std::optional<KeyedRows> keyed;
      std::vector<const std::vector<std::uint32_t>*> group_of_source;
      if (auto join = LeadingEquality(a.where)) {
        keyed = KeyRows(*join, ctx, sel, whole);
        if (!a.group_by.empty()) {
          group_of_source.assign(source_rows, nullptr);
          for (const auto& rows : members) {
            for (std::uint32_t i : rows) group_of_source[i] = &rows;
          }
        }
      }
      // f(source row, whether the row came from the key's rows).
      auto visit = [&](std::uint32_t r, auto&& f) {
        if (!keyed || keyed->key[r] == KeyedRows::kMissing) {
          for (std::uint32_t i : *group_of_slot[r]) f(i, false);
          return;
        }
        const std::uint32_t* m = keyed->First(r);
        const std::uint32_t* const m_end = keyed->Last(r);
        auto u = keyed->unkeyed.begin();
        while (m != m_end || u != keyed->unkeyed.end()) {
          const bool from_match = u == keyed->unkeyed.end() || (m != m_end && *m < *u);
          const std::uint32_t i = from_match ? *m++ : *u++;
          if (group_of_source.empty() || group_of_source[i] == group_of_slot[r]) f(i, from_match);
        }
      };
      size_t total = 0;
      for (std::uint32_t r : sel) {
        if (group_of_slot[r] == nullptr) continue;
        if (keyed && keyed->key[r] != KeyedRows::kMissing) {
          if (group_of_source.empty()) {
            total += static_cast<size_t>(keyed->Last(r) - keyed->First(r)) + keyed->unkeyed.size();
          } else {
            visit(r, [&](std::uint32_t, bool) { ++total; });
          }
        } else {
          total += group_of_slot[r]->size();
        }
        if (total > kMaxPairs) break;
      }
      if (total > kMaxPairs) {
        for (std::uint32_t r : sel) {
          Fail(ctx, r, node.span,
               Message{fmt::format("这个汇总要比较超过 {} 对行, 超过了上限", kMaxPairs),
                       fmt::format("this aggregate would compare more than {} pairs of rows, "
                                   "the limit",
                                   kMaxPairs)});
          out.state[r] = State::kError;
        }
        return out;
      }
      pair_rows.reserve(total);
      pair_current.reserve(total);
      if (keyed) keyed_pairs.emplace();
      for (std::uint32_t r : sel) {
        if (group_of_slot[r] == nullptr) continue;
        bucket_of_slot[r] = r;
        visit(r, [&](std::uint32_t i, bool from_match) {
          if (keyed) {
            (from_match ? *keyed_pairs : other_pairs)
                .push_back(static_cast<std::uint32_t>(pair_rows.size()));
          }
          pair_rows.push_back(i);
          pair_current.push_back(r);
        });
      }
      buckets = ctx.n;
    }
  }

  // 2. The inner context over the pairs; kCurrent reads ctx at each pair's slot.
  Ctx inner;
  inner.table = a.source;
  inner.n = pair_rows.size();
  inner.rows = &pair_rows;
  inner.current = &pair_current;
  inner.outer = &ctx;
  inner.pairs = a.correlated;

  std::vector<bool> bucket_error(buckets, false);
  Sel kept;
  if (a.where != ir::kNoNode) {
    Sel no;
    std::vector<std::uint32_t> bad;
    if (keyed_pairs) {
      KeyedCondition(a.where, inner, *keyed_pairs, other_pairs, &kept, &bad);
    } else {
      Condition(a.where, inner, All(inner.n), &kept, &no, &bad, "其中 的条件",
                "the condition after 其中");
    }
    for (std::uint32_t i : bad) bucket_error[pair_bucket[i]] = true;
  } else {
    kept = All(inner.n);
  }

  // What reads only the source row is evaluated once per source row (or
  // read where it is stored) and read at each pair's row: a correlated
  // aggregate repeats a source row for every current row that sees it
  // (township's 先进奖: 250,000 awards seen by 2,000,000 pairs, each with a
  // text 内容).
  struct PairValues {
    Column evaluated;
    const Column* stored = nullptr;
    const std::vector<std::uint32_t>* rows = nullptr;  // pair → slot; null: the pair's own
    const Column& column() const { return stored != nullptr ? *stored : evaluated; }
    size_t At(size_t pair) const { return rows != nullptr ? (*rows)[pair] : pair; }
  };
  auto pair_values = [&](ir::NodeId id, const Sel& pairs) {
    PairValues v;
    if (inner.pairs && trace_ == nullptr && OwnRowOnly(id)) {
      v.stored = StoredInPlace(p_.At(id), whole);
      if (v.stored == nullptr) v.evaluated = EvalAtSourceRows(id, inner, pairs);
      v.rows = &pair_rows;
    } else {
      v.evaluated = Eval(id, inner, pairs);
    }
    return v;
  };
  PairValues arg;
  if (a.arg != ir::kNoNode) arg = pair_values(a.arg, kept);
  const bool counts_rows = a.fn == ir::AggFn::kCount && a.count == ir::CountWhat::kRows;
  const bool skips_missing = a.fn == ir::AggFn::kCount;  // 计数 counts what has a value
  if (!counts_rows) {
    Sel usable;
    for (std::uint32_t i : kept) {
      const State state = arg.column().state[arg.At(i)];
      if (state == State::kValue) {
        usable.push_back(i);
      } else if (state == State::kError) {
        bucket_error[pair_bucket[i]] = true;
      } else if (!skips_missing) {
        FailNone(inner, i, a.arg, "汇总的值", "the value being aggregated");
        bucket_error[pair_bucket[i]] = true;
      }
    }
    kept = std::move(usable);
  }

  // 3. 同一 k 只取最高: per bucket and key, keep the row with the highest
  // (lowest) value; among equal values the first source row, so the choice
  // does not depend on anything but the data.
  if (a.dedup != ir::kNoNode) {
    const PairValues key = pair_values(a.dedup, kept);
    Sel keyed;
    keyed.reserve(kept.size());
    for (std::uint32_t i : kept) {
      const State state = key.column().state[key.At(i)];
      if (state == State::kValue) {
        keyed.push_back(i);
        continue;
      }
      if (state == State::kNone) FailNone(inner, i, a.dedup, "同一 的键", "the key of 同一");
      bucket_error[pair_bucket[i]] = true;
    }
    // Each key as a number, equal keys the same, so that the pairs compare
    // as integers (the keys are often text, and many pairs share a row).
    const std::vector<std::uint32_t> code = [&] {
      constexpr std::uint32_t kUncoded = UINT32_MAX;
      std::vector<std::uint32_t> c(key.column().Size(), kUncoded);
      std::unordered_map<std::string_view, std::uint32_t> texts;
      std::unordered_map<std::int64_t, std::uint32_t> numbers;
      std::unordered_map<std::string, std::uint32_t> wide;  // numbers past 64 bits, as text
      for (std::uint32_t i : keyed) {
        const size_t slot = key.At(i);
        if (c[slot] != kUncoded) continue;  // a source row seen by an earlier pair
        switch (key.column().kind) {
          case ValueKind::kText:
            c[slot] = texts.try_emplace(key.column().texts[slot], texts.size()).first->second;
            break;
          case ValueKind::kNumber:
            c[slot] =
                key.column().IsNarrow()
                    ? numbers.try_emplace(key.column().NarrowRaw(slot), numbers.size())
                          .first->second
                    : wide.try_emplace(ValueText(key.column(), slot), wide.size()).first->second;
            break;
          default:
            c[slot] = static_cast<std::uint32_t>(key.column().codes[slot]);
            break;
        }
      }
      return c;
    }();
    auto key_of = [&](std::uint32_t i) { return code[key.At(i)]; };
    // Within a bucket by key, best first: the first of each key is kept.
    auto before = [&](std::uint32_t i, std::uint32_t j) {
      if (key_of(i) != key_of(j)) return key_of(i) < key_of(j);
      int c = counts_rows ? 0 : CompareValues(arg.column(), arg.At(i), arg.column(), arg.At(j));
      if (!a.keep_highest) c = -c;
      if (c != 0) return c > 0;
      return pair_rows[i] < pair_rows[j];
    };
    // The pairs of a bucket are next to each other (buckets are made in
    // order), so each bucket's few are sorted on their own.
    if (!std::is_sorted(keyed.begin(), keyed.end(), [&](std::uint32_t i, std::uint32_t j) {
          return pair_bucket[i] < pair_bucket[j];
        })) {
      std::stable_sort(keyed.begin(), keyed.end(), [&](std::uint32_t i, std::uint32_t j) {
        return pair_bucket[i] < pair_bucket[j];
      });
    }
    kept.clear();
    for (size_t begin = 0, end = 0; begin < keyed.size(); begin = end) {
      end = begin + 1;
      while (end < keyed.size() && pair_bucket[keyed[end]] == pair_bucket[keyed[begin]]) ++end;
      const auto first = keyed.begin() + static_cast<std::ptrdiff_t>(begin);
      const auto last = keyed.begin() + static_cast<std::ptrdiff_t>(end);
      std::sort(first, last, before);
      for (auto it = first; it != last; ++it) {
        if (it == first || key_of(*(it - 1)) != key_of(*it)) kept.push_back(*it);
      }
    }
    std::sort(kept.begin(), kept.end());
  }

  // 4. Reduce per bucket.
  std::vector<Decimal> acc(buckets);
  std::vector<std::int64_t> count(buckets, 0);
  std::vector<bool> overflow(buckets, false);
  for (std::uint32_t i : kept) {
    const std::uint32_t b = pair_bucket[i];
    const size_t at = arg.At(i);
    switch (a.fn) {
      case ir::AggFn::kSum:
      case ir::AggFn::kAvg:
        if (!acc[b].Add(arg.column().Number(at), &acc[b])) overflow[b] = true;
        ++count[b];
        break;
      case ir::AggFn::kCount:
        if (a.count != ir::CountWhat::kTrue || arg.column().codes[at] != 0) ++count[b];
        break;
      case ir::AggFn::kMax:
      case ir::AggFn::kMin:
        if (count[b] == 0 || (a.fn == ir::AggFn::kMax ? arg.column().Number(at) > acc[b]
                                                      : arg.column().Number(at) < acc[b]))
          acc[b] = arg.column().Number(at);
        ++count[b];
        break;
      case ir::AggFn::kAll:
      case ir::AggFn::kAny:
        if (arg.column().codes[at] != 0) ++count[b];
        break;
    }
  }
  std::vector<std::int64_t> rows_in(buckets, 0);
  for (std::uint32_t i : kept) ++rows_in[pair_bucket[i]];

  for (std::uint32_t r : sel) {
    if (out.state[r] == State::kError) continue;
    const std::int64_t b = bucket_of_slot[r];
    if (b < 0) continue;
    const auto bi = static_cast<size_t>(b);
    if (bi < buckets && bucket_error[bi]) {
      out.state[r] = State::kError;
      continue;
    }
    const Decimal sum = bi < buckets ? acc[bi] : Decimal();
    const std::int64_t n = bi < buckets ? count[bi] : 0;
    const std::int64_t total = bi < buckets ? rows_in[bi] : 0;
    if (bi < buckets && overflow[bi]) {
      Fail(ctx, r, node.span,
           Message{"汇总的结果超出了精确十进制的范围 (溢出)", "the aggregate overflows"});
      out.state[r] = State::kError;
      continue;
    }
    switch (a.fn) {
      case ir::AggFn::kSum:
        out.SetNumber(r, sum);
        break;
      case ir::AggFn::kCount:
        out.SetNumber(r, Decimal::FromInt(n));
        break;
      case ir::AggFn::kMax:
      case ir::AggFn::kMin:
        if (n > 0) out.SetNumber(r, sum);
        break;
      case ir::AggFn::kAvg:
        if (n > 0) {
          Decimal avg;
          sum.Div(Decimal::FromInt(n), p_.precision, value::Rounding::kHalfUp, &avg);
          out.SetNumber(r, avg);
        }
        break;
      case ir::AggFn::kAll:
        out.SetCode(r, n == total ? 1 : 0);
        break;
      case ir::AggFn::kAny:
        out.SetCode(r, n > 0 ? 1 : 0);
        break;
    }
  }
  return out;
}

}  // namespace arl::exec::detail
