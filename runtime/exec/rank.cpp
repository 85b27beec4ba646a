// 排名, 倒数 and 分等: everything that places a row among the others.
//
// Positions follow the tie rule: 并列 从优 gives equal keys the better
// position and skips the next (1, 2, 2, 4), 连续 does not skip (1, 2, 2, 3),
// 不取 drops a tied group that would straddle a quota, 报错 makes a tie that
// matters an error. Quotas are cumulative (一等 k1 places, 二等 the next k2)
// and count only the rows eligible for them.
//
// These always look at every row of the table, whatever the selection:
// a rank inside `如果 … 则 排名(…)` still ranks against everyone.

#include <algorithm>
#include <array>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "runtime/exec/evaluator.h"

namespace arl::exec::detail {

using base::Message;
using value::Decimal;

/// Rows sorted best first within their groups.
struct SortedGroups {
  std::vector<std::vector<std::uint32_t>> groups;  // each sorted best first
  /// Per row of the table: its run of equal keys within its group, numbered
  /// across the groups (rows not sorted: kNoRun). Equal keys are next to
  /// each other in a group, so two rows of a pool taken from it in order have
  /// equal keys exactly when they are in the same run: the keys are compared
  /// once per sort, not again by every rank and quota that reads it (and are
  /// not kept).
  static constexpr std::uint32_t kNoRun = UINT32_MAX;
  std::vector<std::uint32_t> run;
};

namespace {

/// One run of equal keys in a sorted pool: its first index, size, and its
/// position under 连续 (1-based).
struct TieGroup {
  size_t start = 0;
  size_t size = 0;
  size_t dense = 0;
};

/// Calls `f` on each run of equal keys of `pool` (rows of one group of `sg`,
/// best first) in order, while it returns true: a quota of 20 among 700
/// units stops after about 20 rows, not 700.
template <typename F>
void ForTieGroups(const SortedGroups& sg, const std::vector<std::uint32_t>& pool, F f) {
  size_t dense = 0;
  for (size_t i = 0; i < pool.size();) {
    const std::uint32_t run = sg.run[pool[i]];
    size_t end = i + 1;
    while (end < pool.size() && sg.run[pool[end]] == run) ++end;
    if (!f(TieGroup{i, end - i, ++dense})) return;
    i = end;
  }
}

Message TieError() {
  return Message{"并列: 按 并列 报错 的规定, 依据相同的单位不能分出先后",
                 "a tie: under 并列 报错 units with equal keys cannot be placed"};
}

}  // namespace

namespace {

/// The number of each row's group (`按 …`); rows without a full group key
/// get -1 and are marked in `missing`.
std::vector<std::int64_t> GroupIds(const std::vector<Column>& keys, const Sel& rows, size_t n,
                                   std::vector<bool>& missing) {
  std::vector<std::int64_t> id(n, -1);
  GroupNumbers numbers;
  for (std::uint32_t r : rows) {
    if (auto g = numbers.Of(keys, r)) {
      id[r] = *g;
    } else {
      missing[r] = true;
    }
  }
  return id;
}

/// Sorts `rows` by group, then by the integer `key_of(row)` (raw decimal
/// counts, 128-bit), then by row: one number key, compared as plain integers.
/// Sets `same_key[i]` when rows[i] has the group and key of rows[i - 1].
template <typename KeyOf>
void SortByIntegerKey(Sel& rows, const std::vector<std::int64_t>& group, bool descending,
                      KeyOf key_of, std::vector<char>& same_key) {
  struct Entry {
    decltype(key_of(0)) key;
    std::int64_t group;
    std::uint32_t row;
  };
  std::vector<Entry> entries;
  entries.reserve(rows.size());
  for (std::uint32_t r : rows) entries.push_back(Entry{key_of(r), group[r], r});
  std::sort(entries.begin(), entries.end(), [descending](const Entry& a, const Entry& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.key != b.key) return descending ? a.key > b.key : a.key < b.key;
    return a.row < b.row;
  });
  same_key.assign(entries.size(), 0);
  for (size_t i = 0; i < entries.size(); ++i) {
    rows[i] = entries[i].row;
    if (i > 0) {
      same_key[i] =
          entries[i].group == entries[i - 1].group && entries[i].key == entries[i - 1].key;
    }
  }
}

/// SortByIntegerKey for keys that fit 64 bits (nearly every score), by
/// radix: the rows counted into their groups, then each group's rows sorted
/// by key a byte at a time, least significant first, skipping the bytes all
/// of them share (the high bytes of scores). Every pass is stable and `rows`
/// come in ascending order, so equal keys stay in row order. A million rows
/// take a fraction of std::sort's time, in no more memory (keys and rows
/// twice over, for the largest group only).
void RadixSortByKey(Sel& rows, const std::vector<std::int64_t>& group, bool descending,
                    const Column& key, std::vector<char>& same_key) {
  const size_t n = rows.size();
  same_key.assign(n, 0);
  // Groups: where each begins in `rows`, counted, then filled in order.
  size_t groups = 0;
  for (std::uint32_t r : rows) groups = std::max(groups, static_cast<size_t>(group[r]) + 1);
  std::vector<size_t> begin(groups + 1, 0);
  for (std::uint32_t r : rows) ++begin[static_cast<size_t>(group[r]) + 1];
  for (size_t g = 0; g < groups; ++g) begin[g + 1] += begin[g];
  if (groups > 1) {
    std::vector<size_t> at(begin.begin(), begin.end() - 1);
    Sel by_group(n);
    for (std::uint32_t r : rows) by_group[at[static_cast<size_t>(group[r])]++] = r;
    rows.swap(by_group);
  }
  size_t largest = 0;
  for (size_t g = 0; g < groups; ++g) largest = std::max(largest, begin[g + 1] - begin[g]);
  // Unsigned keys in the order wanted: the sign bit flipped, every bit when
  // descending.
  std::vector<std::uint64_t> keys(largest), keys_out(largest);
  Sel order(largest), order_out(largest);
  for (size_t g = 0; g < groups; ++g) {
    const size_t first = begin[g], size = begin[g + 1] - first;
    std::array<std::array<size_t, 256>, 8> count{};
    for (size_t i = 0; i < size; ++i) {
      const std::uint32_t r = rows[first + i];
      std::uint64_t k = static_cast<std::uint64_t>(key.NarrowRaw(r)) ^ (std::uint64_t{1} << 63);
      if (descending) k = ~k;
      keys[i] = k;
      order[i] = r;
      for (size_t d = 0; d < 8; ++d) ++count[d][(k >> (8 * d)) & 0xFF];
    }
    for (size_t d = 0; d < 8 && size > 0; ++d) {
      std::array<size_t, 256>& c = count[d];
      if (c[(keys[0] >> (8 * d)) & 0xFF] == size) continue;  // a byte every key shares
      size_t at = 0;
      for (size_t& slot : c) {
        const size_t here = slot;
        slot = at;
        at += here;
      }
      for (size_t i = 0; i < size; ++i) {
        const size_t to = c[(keys[i] >> (8 * d)) & 0xFF]++;
        keys_out[to] = keys[i];
        order_out[to] = order[i];
      }
      keys.swap(keys_out);
      order.swap(order_out);
    }
    for (size_t i = 0; i < size; ++i) {
      rows[first + i] = order[i];
      if (i > 0) same_key[first + i] = keys[i] == keys[i - 1];
    }
  }
}

/// The values a sort orders by, for the time of the sort: a stored column
/// (the usual `总分`) read in place, anything else evaluated.
struct SortKeys {
  std::vector<const Column*> keys;
  std::vector<bool> descending;
  std::deque<Column> evaluated;  // what keys point to when not stored

  bool Equal(std::uint32_t a, std::uint32_t b) const {
    for (const Column* k : keys) {
      if (Evaluator::CompareValues(*k, a, *k, b) != 0) return false;
    }
    return true;
  }
  /// a before b: better key first; equal keys by row, for a stable order.
  bool Before(std::uint32_t a, std::uint32_t b) const {
    for (size_t i = 0; i < keys.size(); ++i) {
      int c = Evaluator::CompareValues(*keys[i], a, *keys[i], b);
      if (descending[i]) c = -c;
      if (c != 0) return c < 0;
    }
    return a < b;
  }
};

SortedGroups SortRows(Evaluator& ev, const ir::Sort& sort, const Ctx& ctx, const Sel& rows,
                      std::vector<bool>& bad) {
  SortKeys sk;
  for (const auto& key : sort.keys) {
    const Column* stored = ev.StoredInPlace(ev.program().At(key.value), ctx);
    if (stored == nullptr) stored = &sk.evaluated.emplace_back(ev.Eval(key.value, ctx, rows));
    sk.keys.push_back(stored);
    sk.descending.push_back(key.descending);
  }
  std::vector<Column> group_keys;
  for (ir::NodeId g : sort.group_by) group_keys.push_back(ev.Eval(g, ctx, rows));
  Sel placed;  // rows with every sort key
  placed.reserve(rows.size());
  for (std::uint32_t r : rows) {
    bool ok = true;
    for (size_t i = 0; i < sk.keys.size() && ok; ++i) {
      if (sk.keys[i]->state[r] == State::kValue) continue;
      if (sk.keys[i]->state[r] == State::kNone)
        ev.FailNone(ctx, r, sort.keys[i].value, "排序的依据", "the sort key");
      ok = false;
    }
    if (ok) {
      placed.push_back(r);
    } else {
      bad[r] = true;
    }
  }
  std::vector<bool> no_group(ctx.n, false);
  const std::vector<std::int64_t> group = GroupIds(group_keys, placed, ctx.n, no_group);
  for (std::uint32_t r : placed) {
    if (!no_group[r]) continue;
    for (size_t i = 0; i < group_keys.size(); ++i) {
      if (group_keys[i].state[r] != State::kNone) continue;
      ev.FailNone(ctx, r, sort.group_by[i], "按 的分组键", "the key of 按");
      break;
    }
    bad[r] = true;
  }
  placed.erase(
      std::remove_if(placed.begin(), placed.end(), [&](std::uint32_t r) { return no_group[r]; }),
      placed.end());

  // Sort by group, then the keys, then row. One number key (the usual
  // case) sorts as plain integers; anything else compares column values.
  const Column* key = sk.keys.size() == 1 ? sk.keys[0] : nullptr;
  std::vector<char> same_key;  // placed[i] has the group and keys of placed[i - 1]
  if (key != nullptr && key->kind == ir::ValueKind::kNumber && key->IsNarrow()) {
    if (!std::is_sorted(placed.begin(), placed.end())) std::sort(placed.begin(), placed.end());
    RadixSortByKey(placed, group, sk.descending[0], *key, same_key);
  } else if (key != nullptr && key->kind == ir::ValueKind::kNumber) {
    SortByIntegerKey(
        placed, group, sk.descending[0], [key](std::uint32_t r) { return key->Number(r).Raw(); },
        same_key);
  } else {
    std::sort(placed.begin(), placed.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (group[a] != group[b]) return group[a] < group[b];
      return sk.Before(a, b);
    });
    same_key.assign(placed.size(), 0);
    for (size_t i = 1; i < placed.size(); ++i) {
      same_key[i] = group[placed[i]] == group[placed[i - 1]] && sk.Equal(placed[i - 1], placed[i]);
    }
  }
  SortedGroups sg;
  sg.run.assign(ctx.n, SortedGroups::kNoRun);
  std::uint32_t run = 0;
  for (size_t i = 0; i < placed.size(); ++i) {
    if (i == 0 || group[placed[i]] != group[placed[i - 1]]) sg.groups.emplace_back();
    if (i > 0 && same_key[i] == 0) ++run;
    sg.run[placed[i]] = run;
    sg.groups.back().push_back(placed[i]);
  }
  return sg;
}

}  // namespace

struct SortedRows {
  SortedGroups groups;
  std::vector<bool> bad;
};

void Evaluator::AppendSignature(NodeId id, std::string& out) const {
  const ir::Node& n = p_.At(id);
  out +=
      fmt::format("({} {} {} {} {} {} {}|{}|{}", static_cast<int>(n.op), static_cast<int>(n.kind),
                  n.slot, n.table, static_cast<int>(n.compare), static_cast<int>(n.rounding),
                  n.constant.number.ToString(), n.constant.code, n.constant.text.size());
  out += n.constant.text;
  for (NodeId k : n.kids) AppendSignature(k, out);
  out += ')';
}

std::shared_ptr<const SortedRows> Evaluator::Sort(const ir::Sort& sort, const Ctx& ctx,
                                                  const Sel& rows, std::vector<bool>& bad) {
  // A sort inside the keys of one being computed: see CachedSort::nested.
  for (CachedSort* outer : computing_) outer->nested = true;
  const bool whole_table = ctx.rows == nullptr && ctx.current == nullptr && rows.size() == ctx.n;
  std::string signature;
  if (whole_table) {
    signature = fmt::format("{}:", ctx.table);
    for (const auto& key : sort.keys) {
      signature += key.descending ? 'v' : '^';
      AppendSignature(key.value, signature);
    }
    signature += '/';
    for (NodeId g : sort.group_by) AppendSignature(g, signature);
    const CachedSort* found = nullptr;
    bool first = false;
    if (auto it = sorted_.find(signature); it != sorted_.end()) {
      found = it->second.get();
    } else if (reusable_ != nullptr) {
      // Its failures name the nodes of the sort it was computed for: for
      // another rank with the same keys, which would name its own, it is
      // computed again.
      auto r = reusable_->find(signature);
      if (r != reusable_->end() && (*may_reuse_)(*r->second) &&
          (r->second->failures.empty() || r->second->sort == &sort)) {
        // Taken from an earlier run: report what computing it would have.
        for (const Failure& f : r->second->failures) Report(f.table, f.row, f.span, f.message);
        found = sorted_.emplace(signature, r->second).first->second.get();
        first = true;
        ++sorts_reused_;
      }
    }
    if (definition_ >= 0) {
      sort_log_[static_cast<size_t>(definition_)].push_back(
          SortLookup{signature, found == nullptr || first});
    }
    if (found != nullptr) {
      for (size_t r = 0; r < ctx.n; ++r) {
        if (found->rows->bad[r]) bad[r] = true;
      }
      return found->rows;
    }
  }
  auto cached = std::make_shared<CachedSort>();
  cached->sort = &sort;
  auto sorted = std::make_shared<SortedRows>();
  sorted->bad.assign(ctx.n, false);
  computing_.push_back(cached.get());
  sorted->groups = SortRows(*this, sort, ctx, rows, sorted->bad);
  computing_.pop_back();
  ++sorts_computed_;
  for (size_t r = 0; r < ctx.n; ++r) {
    if (sorted->bad[r]) bad[r] = true;
  }
  cached->rows = sorted;
  if (whole_table) sorted_.emplace(signature, std::move(cached));
  return sorted;
}

bool Evaluator::OwnRowOnly(NodeId id) const {
  if (id == ir::kNoNode) return true;
  const ir::Node& n = p_.At(id);
  auto all_of = [this](const std::vector<NodeId>& ids) {
    return std::all_of(ids.begin(), ids.end(), [this](NodeId k) { return OwnRowOnly(k); });
  };
  switch (n.op) {
    case ir::Op::kCurrent:
    case ir::Op::kAggregate:
    case ir::Op::kRank:
    case ir::Op::kBottom:
    case ir::Op::kTiers:
      return false;
    case ir::Op::kDeref:
      // The field is read in a context of its own table, whatever this one is.
      return !n.kids.empty() && OwnRowOnly(n.kids[0]);
    case ir::Op::kLookup: {
      const ir::Lookup& l = p_.lookups[static_cast<size_t>(n.slot)];
      if (!all_of(l.inputs) || !OwnRowOnly(l.otherwise)) return false;
      for (const auto& row : l.rows) {
        for (const ir::Matcher& m : row.matchers) {
          if (!OwnRowOnly(m.value) || !OwnRowOnly(m.lower) || !OwnRowOnly(m.upper)) return false;
        }
        if (!OwnRowOnly(row.result)) return false;
      }
      return true;
    }
    case ir::Op::kCases: {
      const ir::Cases& c = p_.cases[static_cast<size_t>(n.slot)];
      for (const auto& arm : c.arms) {
        if (!OwnRowOnly(arm.when) || !OwnRowOnly(arm.result)) return false;
      }
      return OwnRowOnly(c.otherwise);
    }
    default:
      return all_of(n.kids);
  }
}

void Evaluator::RecordPlace(const std::vector<std::uint32_t>& pool, size_t start, size_t size,
                            size_t i, size_t position) {
  trace_->pool = static_cast<std::int64_t>(pool.size());
  trace_->position = static_cast<std::int64_t>(position);
  trace_->tied.clear();
  for (size_t k = start; k < start + size; ++k) {
    if (k != i) trace_->tied.push_back(pool[k]);
  }
}

Column Evaluator::EvalRank(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  const ir::Rank& rank = p_.ranks[static_cast<size_t>(node.slot)];
  const bool bottom = node.op == ir::Op::kBottom;
  const Sel all = All(ctx.n);
  Column result(node.kind, ctx.n);
  std::vector<bool> bad(ctx.n, false);

  Sel pool = all;
  if (rank.eligible != ir::kNoNode) {
    Sel no, errors;
    pool.clear();
    Condition(rank.eligible, ctx, all, &pool, &no, &errors, "限于 的条件",
              "the condition after 限于");
    for (std::uint32_t r : errors) bad[r] = true;
    for (std::uint32_t r : no) {
      if (bottom) result.SetCode(r, 0);  // not eligible: not among the last
    }
  }
  const auto sorted = Sort(rank.sort, ctx, pool, bad);
  const SortedGroups& sg = sorted->groups;
  // 倒数's count: usually one parameter for every row, read once.
  Operand count;
  std::optional<std::int64_t> count_once;
  if (bottom) {
    count = EvalOperand(rank.count, ctx, pool, true);
    if (count.uniform && count.StateAt(0) == State::kValue)
      count_once = count.NumberAt(0).ToInt64();
  }

  for (const auto& members : sg.groups) {
    ForTieGroups(sg, members, [&](const TieGroup& tg) {
      for (size_t i = tg.start; i < tg.start + tg.size; ++i) {
        const std::uint32_t r = members[i];
        if (Tracing(node, r)) {
          // The place the rank gives: with 并列 连续 the dense one.
          RecordPlace(members, tg.start, tg.size, i,
                      rank.sort.ties == ir::TieKind::kDense ? tg.dense : tg.start + 1);
        }
        if (rank.sort.ties == ir::TieKind::kError && tg.size > 1 && !bottom) {
          Fail(ctx, r, rank.sort.span, TieError());
          bad[r] = true;
          continue;
        }
        if (!bottom) {
          const size_t pos = rank.sort.ties == ir::TieKind::kDense ? tg.dense : tg.start + 1;
          result.SetNumber(r, Decimal::FromInt(static_cast<std::int64_t>(pos)));
          continue;
        }
        const State count_state = count.StateAt(r);
        auto n = count_once                     ? count_once
                 : count_state == State::kValue ? count.NumberAt(r).ToInt64()
                                                : std::nullopt;
        if (!n) {
          if (count_state == State::kNone) FailNone(ctx, r, rank.count, "倒数的名数", "the count");
          bad[r] = true;
          continue;
        }
        const auto k = static_cast<size_t>(std::max<std::int64_t>(*n, 0));
        bool in = false;
        switch (rank.sort.ties) {
          case ir::TieKind::kShare:
            in = tg.start + 1 <= k;
            break;
          case ir::TieKind::kDense:
            in = tg.dense <= k;
            break;
          case ir::TieKind::kDrop:
            in = tg.start + tg.size <= k;
            break;
          case ir::TieKind::kError:
            if (tg.start + 1 <= k && tg.start + tg.size > k) {
              Fail(ctx, r, rank.sort.span, TieError());
              bad[r] = true;
              continue;
            }
            in = tg.start + tg.size <= k;
            break;
        }
        result.SetCode(r, in ? 1 : 0);
      }
      return true;
    });
  }
  if (sel.size() == ctx.n) {  // every row: the result as it is, with the rows in error
    for (std::uint32_t r : sel) {
      if (bad[r]) result.state[r] = State::kError;
    }
    return result;
  }
  Column out(node.kind, ctx.n);
  for (std::uint32_t r : sel) {
    if (bad[r]) {
      out.state[r] = State::kError;
    } else {
      out.CopyFrom(r, result, r);
    }
  }
  return out;
}

Column Evaluator::EvalTiers(const ir::Node& node, const Ctx& ctx, const Sel& sel) {
  const ir::Tiers& tiers = p_.tiers[static_cast<size_t>(node.slot)];
  const size_t n = ctx.n;
  const Sel all = All(n);
  std::vector<std::int32_t> label(n, -1);
  std::vector<bool> by_quota(n, false);
  std::vector<bool> bad(n, false);

  const auto sorted = tiers.sort ? Sort(*tiers.sort, ctx, all, bad) : nullptr;
  static const SortedGroups kUnsorted;
  const SortedGroups& sg = sorted ? sorted->groups : kUnsorted;
  std::vector<std::int64_t> used(sg.groups.size(), 0);  // cumulative quota bound per group

  // Lists of rows, reused by every item: a sweep of a quota runs the whole
  // 分等 once a setting, and each item allocating its own was a fifth of it.
  Sel open, yes, no, errors, pool;
  for (Sel* s : {&open, &yes, &no, &errors, &pool}) s->reserve(n);
  // in_pool[r] == item index + 1: row r is in that item's pool (no clearing
  // between items).
  std::vector<std::uint32_t> in_pool(n, 0);
  auto open_rows = [&](bool include_quota) -> const Sel& {
    open.clear();
    for (std::uint32_t r : all) {
      if (!bad[r] && (label[r] < 0 || (include_quota && by_quota[r]))) open.push_back(r);
    }
    return open;
  };
  auto condition = [&](NodeId id, const Sel& rows, const char* what_zh, const char* what_en) {
    yes.clear();
    no.clear();
    errors.clear();
    Condition(id, ctx, rows, &yes, &no, &errors, what_zh, what_en);
    for (std::uint32_t r : errors) bad[r] = true;
  };
  // The quota is read at each group's first row (a 查表 by 类别 over every
  // row would cost a sweep of quotas a lookup per unit).
  Sel firsts;
  for (const auto& members : sg.groups) {
    if (!members.empty()) firsts.push_back(members.front());
  }
  std::sort(firsts.begin(), firsts.end());
  std::vector<size_t> first_slot(sg.groups.size(), 0);  // group → its first row's place in firsts
  for (size_t g = 0; g < sg.groups.size(); ++g) {
    if (sg.groups[g].empty()) continue;
    first_slot[g] = static_cast<size_t>(
        std::lower_bound(firsts.begin(), firsts.end(), sg.groups[g].front()) - firsts.begin());
  }
  Ctx firsts_ctx;
  firsts_ctx.table = ctx.table;
  firsts_ctx.n = firsts.size();
  firsts_ctx.rows = &firsts;

  for (std::int32_t index = 0; index < static_cast<std::int32_t>(tiers.items.size()); ++index) {
    const ir::Tiers::Item& item = tiers.items[static_cast<size_t>(index)];
    switch (item.kind) {
      case ir::Tiers::ItemKind::kWhen: {
        condition(item.value, open_rows(false), "当 的条件", "the condition after 当");
        for (std::uint32_t r : yes) {
          label[r] = item.tier;
          if (Tracing(node, r)) trace_->placed_by = index;
        }
        break;
      }
      case ir::Tiers::ItemKind::kRest:
        for (std::uint32_t r : open_rows(false)) {
          label[r] = item.tier;
          if (Tracing(node, r)) trace_->placed_by = index;
        }
        break;
      case ir::Tiers::ItemKind::kDemote: {
        open.clear();
        for (std::uint32_t r : all) {
          if (!bad[r] && label[r] >= 0) open.push_back(r);
        }
        condition(item.value, open, "降一等 的条件", "the condition after 降一等");
        const auto last = static_cast<std::int32_t>(tiers.labels.size()) - 1;
        for (std::uint32_t r : yes) {
          label[r] = std::min(label[r] + 1, last);
          if (Tracing(node, r)) trace_->demoted_by.push_back(index);
        }
        break;
      }
      case ir::Tiers::ItemKind::kQuota:
      case ir::Tiers::ItemKind::kShare: {
        // The pool: rows not placed by 当, or placed by an earlier quota
        // (they keep their positions), and eligible for this tier.
        const auto mark = static_cast<std::uint32_t>(index) + 1;
        const Sel& candidates = open_rows(true);
        if (item.eligible != ir::kNoNode) {
          condition(item.eligible, candidates, "限于 的条件", "the condition after 限于");
          for (std::uint32_t r : yes) in_pool[r] = mark;
        } else {
          for (std::uint32_t r : candidates) in_pool[r] = mark;
        }
        // In a context of the first rows alone where the quota reads only
        // its own row (a 查表 by 类别 then fills columns of three slots, not
        // of every unit); else over the whole table.
        const bool compact = ctx.rows == nullptr && ctx.current == nullptr && trace_ == nullptr &&
                             OwnRowOnly(item.value);
        const Ctx& at = compact ? firsts_ctx : ctx;
        const Column amount = Eval(item.value, at, compact ? All(firsts.size()) : firsts);
        for (size_t g = 0; g < sg.groups.size(); ++g) {
          const auto& members = sg.groups[g];
          if (members.empty()) continue;
          const std::uint32_t first = members.front();
          const size_t slot = compact ? first_slot[g] : first;
          if (amount.state[slot] != State::kValue) {
            if (amount.state[slot] == State::kNone)
              FailNone(at, slot, item.value, "名额", "the quota");
            for (std::uint32_t r : members) bad[r] = true;
            continue;
          }
          std::int64_t k = 0;
          if (item.kind == ir::Tiers::ItemKind::kQuota) {
            k = amount.Number(slot).ToInt64().value_or(0);
          } else {
            // 占比: the share of the group's size, rounded as written.
            Decimal places;
            Decimal rounded;
            const bool ok =
                amount.Number(slot).Mul(Decimal::FromInt(static_cast<std::int64_t>(members.size())),
                                        &places) &&
                places.Round(0, item.rounding, &rounded);
            k = ok ? rounded.ToInt64().value_or(0) : 0;
          }
          used[g] += std::max<std::int64_t>(k, 0);
          const auto bound = static_cast<size_t>(used[g]);
          pool.clear();
          for (std::uint32_t r : members) {
            if (in_pool[r] == mark && !bad[r]) pool.push_back(r);
          }
          const ir::TieKind ties = tiers.sort->ties;
          // The runs of equal keys a quota of `bound` places can reach: those
          // starting before the bound (or, under 连续, whose place is within
          // it), and no further.
          ForTieGroups(sg, pool, [&](const TieGroup& tg) {
            if (ties == ir::TieKind::kDense ? tg.dense > bound : tg.start >= bound) return false;
            bool take = false;
            switch (ties) {
              case ir::TieKind::kShare:
                take = tg.start + 1 <= bound;
                break;
              case ir::TieKind::kDense:
                take = tg.dense <= bound;
                break;
              case ir::TieKind::kDrop:
                take = tg.start + tg.size <= bound;
                break;
              case ir::TieKind::kError:
                if (tg.start + 1 <= bound && tg.start + tg.size > bound) {
                  for (size_t i = tg.start; i < tg.start + tg.size; ++i) {
                    Fail(ctx, pool[i], tiers.sort->span, TieError());
                    bad[pool[i]] = true;
                  }
                  return true;
                }
                take = tg.start + tg.size <= bound;
                break;
            }
            if (!take) return true;
            for (size_t i = tg.start; i < tg.start + tg.size; ++i) {
              const std::uint32_t r = pool[i];
              if (label[r] >= 0) continue;
              label[r] = item.tier;
              by_quota[r] = true;
              if (Tracing(node, r)) {
                trace_->placed_by = index;
                trace_->quota = used[g];
                RecordPlace(pool, tg.start, tg.size, i, tg.start + 1);
              }
            }
            return true;
          });
        }
        break;
      }
    }
  }

  Column out(node.kind, n);
  for (std::uint32_t r : sel) {
    if (bad[r]) {
      out.state[r] = State::kError;
    } else if (label[r] < 0) {
      Fail(ctx, r, node.span,
           Message{"没有分到任何等次: 分等 中没有一项适用于这一行 (可以加一行 其余)",
                   "no tier applies to this row (add a 其余 line)"});
      out.state[r] = State::kError;
    } else {
      out.SetCode(r, label[r]);
    }
  }
  return out;
}

}  // namespace arl::exec::detail
