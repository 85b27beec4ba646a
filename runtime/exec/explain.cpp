// The explainer: walks a definition's IR at one row, re-evaluating the
// parts that decided something (a condition, a lookup row, a tier) at that
// row alone over the kept results, and with a Trace for ranks and tiers.
#include "runtime/exec/explain.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "runtime/exec/evaluator.h"

namespace arl::exec {
namespace {

using column::Column;
using column::State;
using detail::Ctx;
using detail::Evaluator;
using detail::Sel;
using detail::Trace;
using ir::NodeId;
using ir::Op;

const char* AggName(ir::AggFn fn, bool zh) {
  switch (fn) {
    case ir::AggFn::kSum:
      return zh ? "合计" : "sum";
    case ir::AggFn::kCount:
      return zh ? "计数" : "count";
    case ir::AggFn::kMax:
      return zh ? "最大" : "max";
    case ir::AggFn::kMin:
      return zh ? "最小" : "min";
    case ir::AggFn::kAvg:
      return zh ? "平均" : "average";
    case ir::AggFn::kAll:
      return zh ? "全都" : "all";
    case ir::AggFn::kAny:
      return zh ? "任一" : "any";
  }
  return "";
}

/// Walks one definition's expression at one row.
class Walker {
 public:
  Walker(const ir::Program& program, const column::Dataset& data, Evaluator& eval, Step& step)
      : p_(program), data_(data), eval_(eval), step_(step) {}

  void Walk(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Node& n = p_.At(id);
    switch (n.op) {
      case Op::kConst:
      case Op::kNone:
        return;
      case Op::kInput:
        return Add(Read{Read::Kind::kInput, table, row, n.slot});
      case Op::kKey:
        return Add(Read{Read::Kind::kKey, table, row, -1});
      case Op::kParam:
        return Add(Read{Read::Kind::kParam, -1, 0, n.slot});
      case Op::kDef:
        return Add(
            Read{Read::Kind::kDefinition, table, row,
                 p_.tables[static_cast<size_t>(table)].definitions[static_cast<size_t>(n.slot)]});
      case Op::kGlobal:
        return Add(Read{Read::Kind::kDefinition, -1, 0, p_.globals[static_cast<size_t>(n.slot)]});
      case Op::kDeref: {
        Walk(n.kids[0], table, row);
        const Column ref = At(n.kids[0], table, row);
        if (!ref.Has(row)) return;
        const ir::Node& field = p_.At(n.kids[1]);
        return Walk(n.kids[1], field.table, static_cast<std::uint32_t>(ref.codes[row]));
      }
      case Op::kIf: {
        Walk(n.kids[0], table, row);
        const Column cond = At(n.kids[0], table, row);
        if (!cond.Has(row)) return;
        const bool yes = cond.codes[row] != 0;
        Note(p_.At(n.kids[0]).span, yes ? "条件成立, 取 则 后的值" : "条件不成立, 取 否则 后的值",
             yes ? "the condition holds: the 则 value"
                 : "the condition does not hold: the 否则 value");
        return Walk(n.kids[yes ? 1 : 2], table, row);
      }
      case Op::kAggregate:
        return Aggregate(id, table, row);
      case Op::kCap:
      case Op::kFloor:
        return Bound(id, table, row);
      case Op::kIfNone: {
        // The fallback only counts where the value is missing.
        Walk(n.kids[0], table, row);
        const Column value = At(n.kids[0], table, row);
        if (value.state[row] != State::kNone) return;
        Note(p_.At(n.kids[0]).span, "没有值, 取 若无 后的值", "no value: the 若无 value");
        return Walk(n.kids[1], table, row);
      }
      case Op::kAnd:
      case Op::kOr:
        // In order, up to the one that decided (the run stops there too).
        for (NodeId k : n.kids) {
          Walk(k, table, row);
          const Column c = At(k, table, row);
          if (!c.Has(row) || (c.codes[row] != 0) == (n.op == Op::kOr)) return;
        }
        return;
      case Op::kRank:
      case Op::kBottom:
        return Rank(id, table, row);
      case Op::kTiers:
        return Tiers(id, table, row);
      case Op::kLookup:
        return Lookup(id, table, row);
      case Op::kCases:
        return Cases(id, table, row);
      default:
        for (NodeId k : n.kids) Walk(k, table, row);
    }
  }

 private:
  /// `id` evaluated at one row; the value is at slot `row` (0 for one-row
  /// contexts).
  Column At(NodeId id, std::int32_t table, std::uint32_t row) {
    Ctx ctx;
    ctx.table = table;
    ctx.n = table >= 0 ? data_.tables[static_cast<size_t>(table)].rows : 1;
    return eval_.Eval(id, ctx, Sel{row});
  }

  void Add(const Read& read) {
    const auto same = [&](const Read& r) {
      return std::tie(r.kind, r.table, r.row, r.index) ==
             std::tie(read.kind, read.table, read.row, read.index);
    };
    if (std::none_of(step_.reads.begin(), step_.reads.end(), same)) step_.reads.push_back(read);
  }

  void Note(base::Span span, std::string zh, std::string en) {
    step_.notes.push_back(exec::Note{span, base::Message{std::move(zh), std::move(en)}});
  }

  std::string RowKey(std::int32_t table, std::uint32_t row) const {
    const column::TableData& td = data_.tables[static_cast<size_t>(table)];
    if (row < td.keys.size()) return std::string(td.keys[row]);
    if (row < td.origins.size()) {
      const column::RowOrigin& o = td.origins[row];
      return fmt::format("{}:{}", data_.files[static_cast<size_t>(o.file)], o.line);
    }
    return std::to_string(row);
  }

  std::string Keys(std::int32_t table, const std::vector<std::uint32_t>& rows) const {
    std::vector<std::string> keys;
    for (std::uint32_t r : rows) keys.push_back(RowKey(table, r));
    std::sort(keys.begin(), keys.end());
    return fmt::format("{}", fmt::join(keys, ", "));
  }

  void Aggregate(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Node& n = p_.At(id);
    const ir::Aggregate& a = p_.aggregates[static_cast<size_t>(n.slot)];
    for (NodeId g : a.group_by) Walk(g, table, row);
    const std::string& source = p_.tables[static_cast<size_t>(a.source)].name;
    std::string zh_scope, en_scope;
    const bool filtered = a.where != ir::kNoNode;
    if (a.via >= 0) {
      const std::string& via =
          p_.tables[static_cast<size_t>(a.source)].columns[static_cast<size_t>(a.via)].name;
      // How many children there are is plain to count; which of them pass
      // 其中 would take evaluating it as the aggregate does.
      const Column& owner =
          data_.tables[static_cast<size_t>(a.source)].columns[static_cast<size_t>(a.via)];
      size_t children = 0;
      for (size_t r = 0; r < owner.Size(); ++r) {
        if (owner.Has(r) && owner.codes[r] == static_cast<std::int32_t>(row)) ++children;
      }
      zh_scope = fmt::format("{} 中 {} 是本行的 {} 行", source, via, children);
      en_scope = fmt::format("the rows of {} whose {} is this row ({} row{})", source, via,
                             children, children == 1 ? "" : "s");
    } else if (!a.group_by.empty()) {
      zh_scope = fmt::format("{} 中与本行同组的各行", source);
      en_scope = fmt::format("the rows of {} in this row's group", source);
    } else {
      const size_t rows = data_.tables[static_cast<size_t>(a.source)].rows;
      zh_scope = fmt::format("{} 的全部 {} 行", source, rows);
      en_scope = fmt::format("every row of {} ({} row{})", source, rows, rows == 1 ? "" : "s");
    }
    // The aggregate's own value: for 最大 the best peer's, for a share the
    // whole it is a share of.
    const std::string value = Plain(At(id, table, row), row);
    Note(n.span,
         fmt::format("{}: 取 {}{}{}", AggName(a.fn, true), zh_scope,
                     filtered ? " 中 其中 的条件成立的" : "", value.empty() ? "" : ", 得 " + value),
         fmt::format("{} over {}{}{}", AggName(a.fn, false), en_scope,
                     filtered ? " where the 其中 condition holds" : "",
                     value.empty() ? "" : ": " + value));
  }

  /// A number or a 是/否 as plain text (no unit: a node has none), or "".
  static std::string Plain(const Column& c, std::uint32_t row) {
    if (!c.Has(row)) return "";
    if (c.kind == ir::ValueKind::kNumber) return c.Number(row).ToString();
    if (c.kind == ir::ValueKind::kBool) return c.codes[row] != 0 ? "是" : "否";
    return "";
  }

  /// 封顶/保底 (扣完为止 is 保底 0): whether the bound took over.
  void Bound(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Node& n = p_.At(id);
    for (NodeId k : n.kids) Walk(k, table, row);
    const Column value = At(n.kids[0], table, row);
    const Column bound = At(n.kids[1], table, row);
    if (!value.Has(row) || !bound.Has(row)) return;
    const int c = value.Number(row).Compare(bound.Number(row));
    const bool cap = n.op == Op::kCap;
    if (cap ? c <= 0 : c >= 0) return;
    const std::string v = value.Number(row).ToString(), b = bound.Number(row).ToString();
    Note(n.span,
         cap ? fmt::format("{} 超过上限 {}, 取 {}", v, b, b)
             : fmt::format("{} 低于下限 {}, 取 {}", v, b, b),
         cap ? fmt::format("{} is over the cap {}: {}", v, b, b)
             : fmt::format("{} is under the floor {}: {}", v, b, b));
  }

  /// Re-evaluates `id` at `row` with a trace on.
  Trace Traced(NodeId id, std::int32_t table, std::uint32_t row) {
    Trace trace;
    trace.node = id;
    trace.row = row;
    eval_.SetTrace(&trace);
    At(id, table, row);
    eval_.SetTrace(nullptr);
    return trace;
  }

  void Places(const Trace& trace, std::int32_t table, base::Span span) {
    if (trace.pool < 0) return;
    std::string zh = fmt::format("参加排序的 {} 行中排第 {}", trace.pool, trace.position);
    std::string en = fmt::format("place {} of the {} rows sorted", trace.position, trace.pool);
    if (!trace.tied.empty()) {
      zh += fmt::format(", 与 {} 并列", Keys(table, trace.tied));
      en += fmt::format(", tied with {}", Keys(table, trace.tied));
    }
    Note(span, std::move(zh), std::move(en));
  }

  void Rank(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Node& n = p_.At(id);
    const ir::Rank& rank = p_.ranks[static_cast<size_t>(n.slot)];
    for (const ir::Sort::Key& k : rank.sort.keys) Walk(k.value, table, row);
    for (NodeId g : rank.sort.group_by) Walk(g, table, row);
    if (rank.eligible != ir::kNoNode) Walk(rank.eligible, table, row);
    const Trace trace = Traced(id, table, row);
    if (trace.pool < 0 && rank.eligible != ir::kNoNode) {
      const Column eligible = At(rank.eligible, table, row);
      if (eligible.Has(row) && eligible.codes[row] == 0)
        Note(n.span, "不在 限于 的范围内, 不参加排序", "not eligible (限于): not ranked");
      return;
    }
    Places(trace, table, rank.sort.span);
  }

  void Tiers(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Node& n = p_.At(id);
    const ir::Tiers& tiers = p_.tiers[static_cast<size_t>(n.slot)];
    if (tiers.sort) {
      for (const ir::Sort::Key& k : tiers.sort->keys) Walk(k.value, table, row);
      for (NodeId g : tiers.sort->group_by) Walk(g, table, row);
    }
    for (const ir::Tiers::Item& item : tiers.items) {
      if (item.value != ir::kNoNode) Walk(item.value, table, row);
      if (item.eligible != ir::kNoNode) Walk(item.eligible, table, row);
    }
    const Trace trace = Traced(id, table, row);
    // A quota before the item that placed the row, which its 限于 kept it
    // out of.
    const size_t tried =
        trace.placed_by < 0 ? tiers.items.size() : static_cast<size_t>(trace.placed_by);
    for (size_t k = 0; k < tried; ++k) {
      const ir::Tiers::Item& item = tiers.items[k];
      if (item.eligible == ir::kNoNode) continue;
      const Column eligible = At(item.eligible, table, row);
      if (!eligible.Has(row) || eligible.codes[row] != 0) continue;
      const std::string& label = tiers.labels[static_cast<size_t>(item.tier)];
      Note(item.span, fmt::format("限于 的条件不成立, 不参加 {} 的名额", label),
           fmt::format("not eligible (限于) for the places of {}", label));
    }
    if (trace.placed_by < 0) return;
    const ir::Tiers::Item& item = tiers.items[static_cast<size_t>(trace.placed_by)];
    const std::string& label = tiers.labels[static_cast<size_t>(item.tier)];
    switch (item.kind) {
      case ir::Tiers::ItemKind::kWhen:
        Note(item.span, fmt::format("条件成立, 定为 {}", label),
             fmt::format("the condition holds: {}", label));
        break;
      case ir::Tiers::ItemKind::kQuota:
      case ir::Tiers::ItemKind::kShare:
        Note(item.span,
             fmt::format("名额: 本组到 {} 为止共 {} 名, 定为 {}", label, trace.quota, label),
             fmt::format("places down to {} in this group: {}; placed {}", label, trace.quota,
                         label));
        Places(trace, table, tiers.sort ? tiers.sort->span : n.span);
        break;
      case ir::Tiers::ItemKind::kRest:
        Note(item.span, fmt::format("以上各项都不适用, 定为 {}", label),
             fmt::format("no item above applies: {}", label));
        break;
      case ir::Tiers::ItemKind::kDemote:
        break;
    }
    for (std::int32_t d : trace.demoted_by) {
      Note(tiers.items[static_cast<size_t>(d)].span, "条件成立, 降一等",
           "the condition holds: down one tier");
    }
  }

  void Lookup(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Lookup& lookup = p_.lookups[static_cast<size_t>(p_.At(id).slot)];
    for (NodeId input : lookup.inputs) Walk(input, table, row);
    const Trace trace = Traced(id, table, row);
    for (std::int32_t k : trace.matched) {
      const ir::Lookup::Row& r = lookup.rows[static_cast<size_t>(k)];
      Note(r.span, "查表命中这一行", "the lookup matched this row");
      for (const ir::Matcher& m : r.matchers) {
        for (NodeId bound : {m.value, m.lower, m.upper}) {
          if (bound != ir::kNoNode) Walk(bound, table, row);  // thresholds may be parameters
        }
      }
      Walk(r.result, table, row);
    }
    if (trace.matched.empty() && lookup.otherwise != ir::kNoNode) {
      Note(p_.At(lookup.otherwise).span, "没有一行命中, 取 其他", "no row matched: 其他");
      Walk(lookup.otherwise, table, row);
    }
  }

  void Cases(NodeId id, std::int32_t table, std::uint32_t row) {
    const ir::Cases& cases = p_.cases[static_cast<size_t>(p_.At(id).slot)];
    const Trace trace = Traced(id, table, row);
    // The conditions tried before the first that held were read too.
    const size_t first =
        trace.matched.empty() ? cases.arms.size() : static_cast<size_t>(trace.matched.front());
    for (size_t k = 0; k < first; ++k) Walk(cases.arms[k].when, table, row);
    for (std::int32_t k : trace.matched) {
      const ir::Cases::Arm& arm = cases.arms[static_cast<size_t>(k)];
      Note(arm.span, "条件成立, 取这一项", "this case holds");
      Walk(arm.when, table, row);
      Walk(arm.result, table, row);
    }
    if (trace.matched.empty() && cases.otherwise != ir::kNoNode) {
      Note(p_.At(cases.otherwise).span, "各项条件都不成立, 取 其他", "no case holds: 其他");
      Walk(cases.otherwise, table, row);
    }
  }

  const ir::Program& p_;
  const column::Dataset& data_;
  Evaluator& eval_;
  Step& step_;
};

}  // namespace

Explainer::Explainer(const ir::Program& program, const column::Dataset& data,
                     const std::vector<Override>& overrides)
    : program_(program), data_(data), eval_(std::make_unique<Evaluator>(program, data)) {
  eval_->Compute(overrides, Keep::kEverything);
  run_errors_ = eval_->results().errors.size();
}

Explainer::~Explainer() = default;

const Results& Explainer::results() const {
  return eval_->results();
}

bool Explainer::RunHadErrors() const {
  return run_errors_ > 0;
}

std::pair<const Column*, size_t> Explainer::Value(const Read& read) const {
  const Results& r = eval_->results();
  const auto i = static_cast<size_t>(read.index);
  switch (read.kind) {
    case Read::Kind::kInput:  // with `空为 参数` cells filled in, as the run read them
      return {&eval_->Input(read.table, read.index), read.row};
    case Read::Kind::kParam:
      return {&r.params[i], 0};
    case Read::Kind::kDefinition: {
      const ir::Definition& d = program_.definitions[i];
      if (d.table < 0) return {&r.globals[static_cast<size_t>(d.slot)], 0};
      return {&r.tables[static_cast<size_t>(d.table)][static_cast<size_t>(d.slot)], read.row};
    }
    case Read::Kind::kKey:
      break;
  }
  return {nullptr, 0};
}

Step Explainer::Explain(std::int32_t definition, std::uint32_t row) {
  const ir::Definition& d = program_.definitions[static_cast<size_t>(definition)];
  Step step;
  step.definition = definition;
  step.table = d.table;
  step.row = d.table >= 0 ? row : 0;
  if (d.root != ir::kNoNode) Walker(program_, data_, *eval_, step).Walk(d.root, d.table, step.row);
  return step;
}

}  // namespace arl::exec
