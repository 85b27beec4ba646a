// 分等: sorting the rows of the current table into labelled tiers.
//
// `分等 (一等奖, 二等奖, 基本奖) { 排序 总分 从高到低, 并列 从优  一等奖 名额 8
// 二等奖 占比 30% 四舍五入  基本奖 其余 }`. The labels make an enum, best
// first. Places (名额, 占比) need a 排序 item (E0407) with a tie rule
// (E0406); shares may not exceed 100% (E0405); an item after 其余 is never
// reached and a label given twice the same way is a mistake (E0408); a label
// no item assigns is probably one (W0409).

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

std::string Percent(const Decimal& fraction) {
  return fraction.Shift(2).ToString() + "%";
}

const char* ItemKindName(syntax::TierItemKind kind) {
  switch (kind) {
    case syntax::TierItemKind::kOrder:
      return "排序";
    case syntax::TierItemKind::kWhen:
      return "当";
    case syntax::TierItemKind::kQuota:
      return "名额";
    case syntax::TierItemKind::kShare:
      return "占比";
    case syntax::TierItemKind::kRest:
      return "其余";
    case syntax::TierItemKind::kDemote:
      return "降一等";
  }
  return "";
}

}  // namespace

Type Checker::CheckTiers(const syntax::Expr& expr, const syntax::Tiers& tiers, const Scope& scope) {
  auto labels = std::make_unique<EnumType>();
  labels->span = expr.span;
  std::unordered_map<std::string, Span> seen_labels;
  for (const syntax::Name& label : tiers.labels) {
    auto [it, fresh] = seen_labels.emplace(label.text, label.span);
    if (!fresh) {
      base::Diagnostic& d =
          diags_.Error("E0207", label.span,
                       Msg(fmt::format("等次 `{}` 重复声明", label.text),
                           fmt::format("tier `{}` is declared twice", label.text)));
      d.primary_label = Msg("再次声明", "declared again here");
      d.secondary.push_back(base::Label{it->second, Msg("首次声明在这里", "first declared here")});
      continue;
    }
    labels->members.push_back(label.text);
    labels->member_spans.push_back(label.span);
  }
  const EnumType* e = labels.get();
  p_.enums.push_back(std::move(labels));
  p_.tier_enums[&expr] = e;
  const bool rows = RequireRowTable(scope, expr.span, "分等");
  if (rows) p_.ranked_tables[&expr] = scope.table;
  const Scope outer = scope.Outer();

  const syntax::TierItem* order = nullptr;
  const syntax::TierItem* rest = nullptr;
  bool has_places = false;
  std::unordered_map<std::string, std::vector<const syntax::TierItem*>> by_label;
  Decimal share_sum;
  std::vector<std::string> share_parts;
  const syntax::TierItem* last_share = nullptr;

  for (const syntax::TierItem& item : tiers.items) {
    const bool assigns =
        item.kind != syntax::TierItemKind::kOrder && item.kind != syntax::TierItemKind::kDemote;
    if (assigns && rest != nullptr) {
      base::Diagnostic& d = diags_.Error(
          "E0408", item.span,
          Msg(fmt::format("这一项永远不起作用: 前面的 `{} 其余` 已经分走了所有剩下的行",
                          rest->tier.text),
              fmt::format(
                  "this item is never reached: `{} 其余` above already takes every remaining row",
                  rest->tier.text)));
      d.primary_label = Msg("永远不起作用", "unreachable");
      d.secondary.push_back(
          base::Label{rest->span, Msg("其余的行都在这里分走", "every remaining row goes here")});
    }
    if (assigns) {
      if (!e->Find(item.tier.text)) {
        base::Diagnostic& d =
            diags_.Error("E0202", item.tier.span,
                         Msg(fmt::format("`{}` 不是这个 分等 的等次", item.tier.text),
                             fmt::format("`{}` is not one of this 分等's tiers", item.tier.text)));
        d.primary_label = Msg("不在等次列表中", "not a listed tier");
        if (auto close = base::ClosestName(item.tier.text, e->members)) {
          d.help =
              Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
        } else {
          d.help = Msg(fmt::format("等次有: {}", JoinNames(e->members, "、")),
                       fmt::format("the tiers are: {}", JoinNames(e->members)));
        }
      } else {
        for (const syntax::TierItem* other : by_label[item.tier.text]) {
          if (other->kind != item.kind) continue;
          base::Diagnostic& d = diags_.Error(
              "E0408", item.span,
              Msg(fmt::format("等次 `{}` 已经有一条 {} 规则, 这一条不会起作用", item.tier.text,
                              ItemKindName(item.kind)),
                  fmt::format("tier `{}` already has a {} item; this one is never used",
                              item.tier.text, ItemKindName(item.kind))));
          d.primary_label = Msg("重复的规则", "a second rule of the same kind");
          d.secondary.push_back(
              base::Label{other->span, Msg("前一条在这里", "the first one is here")});
          break;
        }
        by_label[item.tier.text].push_back(&item);
      }
    }
    switch (item.kind) {
      case syntax::TierItemKind::kOrder:
        if (order != nullptr) {
          base::Diagnostic& d = diags_.Error(
              "E0207", item.span,
              Msg("一个 分等 只能有一条 排序", "a 分等 has one 排序 item, this is a second"));
          d.primary_label = Msg("第二条 排序", "second 排序");
          d.secondary.push_back(
              base::Label{order->span, Msg("第一条在这里", "the first one is here")});
        } else {
          order = &item;
        }
        CheckNumeric(*item.value, outer, "排序的依据", "the sort key");
        for (const auto& key : item.group_by) Check(*key, outer);
        break;
      case syntax::TierItemKind::kWhen:
        CheckCondition(*item.value, outer, "当 的条件", "the condition after 当");
        break;
      case syntax::TierItemKind::kDemote:
        CheckCondition(*item.value, outer, "降一等 的条件", "the condition of 降一等");
        break;
      case syntax::TierItemKind::kQuota: {
        has_places = true;
        Type n = CheckNumeric(*item.value, outer, "名额", "a quota");
        if (!n.IsError() && n.kind != Kind::kInteger) {
          diags_
              .Error("E0314", item.value->span,
                     Msg(fmt::format("名额必须是整数, 这里是 {}", TypeName(n)),
                         fmt::format("a quota must be an 整数, but this is {}", TypeName(n))))
              .primary_label = Msg("不是整数", "not an integer");
        }
        if (item.eligible)
          CheckCondition(*item.eligible, outer, "限于 的条件", "the condition after 限于");
        break;
      }
      case syntax::TierItemKind::kShare: {
        has_places = true;
        Type share = CheckNumeric(*item.value, outer, "占比", "a share");
        if (!share.IsError() && share.dim != Dim{}) {
          diags_
              .Error(
                  "E0314", item.value->span,
                  Msg(fmt::format("占比必须是百分比, 这里是 {}", TypeName(share)),
                      fmt::format("a share must be a percentage, but this is {}", TypeName(share))))
              .primary_label = Msg("不是百分比", "not a percentage");
        }
        if (item.eligible)
          CheckCondition(*item.eligible, outer, "限于 的条件", "the condition after 限于");
        if (std::optional<Decimal> v = ConstantNumber(*item.value)) {
          const Ref* ref = p_.RefOf(*item.value);
          const bool from_param =
              ref != nullptr && ref->steps.size() == 1 && ref->steps[0].kind == RefKind::kParam;
          if (v->IsNegative() || *v > Decimal::FromInt(1)) {
            base::Diagnostic& d = diags_.Error(
                "E0405", item.value->span,
                from_param ? Msg(fmt::format("占比必须在 0% 到 100% 之间, 参数 `{}` 的默认值是 {}",
                                             ref->steps[0].param->name, Percent(*v)),
                                 fmt::format("a share must be between 0% and 100%, but parameter "
                                             "`{}` defaults to {}",
                                             ref->steps[0].param->name, Percent(*v)))
                           : Msg(fmt::format("占比必须在 0% 到 100% 之间, 这里是 {}", Percent(*v)),
                                 fmt::format("a share must be between 0% and 100%, but this is {}",
                                             Percent(*v))));
            d.primary_label = Msg("超出 0%..100%", "outside 0%..100%");
            if (from_param) {
              d.secondary.push_back(base::Label{ref->steps[0].param->span,
                                                Msg("参数在这里声明", "parameter declared here")});
            }
          }
          share_sum = share_sum + *v;
          share_parts.push_back(fmt::format("{} {}", item.tier.text, Percent(*v)));
          last_share = &item;
        }
        break;
      }
      case syntax::TierItemKind::kRest:
        rest = &item;
        break;
    }
  }

  if (share_parts.size() > 1 && share_sum > Decimal::FromInt(1)) {
    base::Diagnostic& d =
        diags_.Error("E0405", last_share->span,
                     Msg(fmt::format("各等次的占比合计 {} ({}), 超过了 100%", Percent(share_sum),
                                     JoinNames(share_parts, " + ")),
                         fmt::format("the shares add up to {} ({}), more than 100%",
                                     Percent(share_sum), JoinNames(share_parts, " + "))));
    d.primary_label = Msg("合计超过 100%", "over 100% in all");
  }
  if (has_places && order == nullptr) {
    base::Diagnostic& d = diags_.Error(
        "E0407", expr.span,
        Msg("按名额或占比分等需要一条 排序: 名额按什么顺序分配?",
            "places by 名额 or 占比 need a 排序 item: in what order are places given?"));
    d.primary_label = Msg("没有 排序", "no 排序 item");
    d.help = Msg("加上 `排序 总分 从高到低, 并列 从优` 这样的一行",
                 "add a line such as `排序 总分 从高到低, 并列 从优`");
  }
  if (!rows) return Type::Error();
  if (has_places && order != nullptr) {
    CheckTieRule(order->ties, outer, *order->value, order->span, "分等", "tiering");
  }
  // 降一等 moves a row one tier to the right, so a tier right after a
  // reachable one is reachable too.
  bool demotes = false;
  for (const syntax::TierItem& item : tiers.items)
    demotes = demotes || item.kind == syntax::TierItemKind::kDemote;
  bool previous_reachable = false;
  for (size_t i = 0; i < e->members.size(); ++i) {
    const bool assigned = by_label.count(e->members[i]) != 0;
    const bool reachable = assigned || (demotes && previous_reachable);
    previous_reachable = reachable;
    if (reachable) continue;
    base::Diagnostic& d =
        diags_.Warning("W0409", e->member_spans[i],
                       Msg(fmt::format("等次 `{}` 没有任何一条规则分配", e->members[i]),
                           fmt::format("no item assigns tier `{}`", e->members[i])));
    d.primary_label = Msg("从未分配", "never assigned");
    d.help = Msg("加一条规则 (当 / 名额 / 占比 / 其余), 或从等次列表中删去",
                 "add an item for it (当, 名额, 占比 or 其余), or remove it from the list");
  }
  return Type::Enum(e).WithOptional(rest == nullptr);
}

}  // namespace arl::checked::detail
