// Aggregates, extremes, ranks and bottom-N.
//
// `合计(目标.得分, 其中 目标.状态 ≠ 缺项)` on 单位 goes over the 目标 rows whose
// 单位 column holds this row's key: the row source is the table the inner
// paths name, and the children relation is the one column of 目标 that
// refers to 单位. `全体` drops the relation (every row of the source); `按 k`
// keeps the rows of this same table that agree with this row on k. Bare
// names inside an aggregate still mean the current (outer) row.

#include <algorithm>

#include <fmt/format.h>

#include "compiler/checked/checker.h"
#include "compiler/syntax/print.h"

namespace arl::checked::detail {
namespace {

const char* AggName(syntax::AggFn fn) {
  switch (fn) {
    case syntax::AggFn::kSum:
      return "合计";
    case syntax::AggFn::kCount:
      return "计数";
    case syntax::AggFn::kMax:
      return "最大";
    case syntax::AggFn::kMin:
      return "最小";
    case syntax::AggFn::kAvg:
      return "平均";
    case syntax::AggFn::kAll:
      return "全部";
    case syntax::AggFn::kAny:
      return "任一";
  }
  return "";
}

// Tables named by the first part of qualified paths in `expr`, in order of
// first appearance; nested aggregates have their own rows and are skipped.
void CollectNamedTables(const Program& p, const syntax::Expr& expr,
                        std::vector<const Table*>& out) {
  if (const auto* path = expr.As<syntax::PathRef>()) {
    if (path->parts.size() >= 2) {
      const Table* t = p.FindTable(path->parts[0].text);
      if (t != nullptr && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
    return;
  }
  if (expr.As<syntax::Aggregate>() != nullptr) return;
  ForEachChild(expr, [&](const syntax::Expr& child) { CollectNamedTables(p, child, out); });
}

// Counts the `table.column` paths in `expr` as read, without resolving them:
// after an aggregate's rows could not be determined, its columns still
// should not be reported as unused.
void MarkColumnsRead(const Program& p, const syntax::Expr& expr,
                     std::unordered_map<const Column*, size_t>& reads) {
  if (const auto* path = expr.As<syntax::PathRef>()) {
    if (path->parts.size() < 2) return;
    if (const Table* t = p.FindTable(path->parts[0].text)) {
      if (const Column* c = t->FindColumn(path->parts[1].text)) ++reads[c];
    }
    return;
  }
  ForEachChild(expr, [&](const syntax::Expr& child) { MarkColumnsRead(p, child, reads); });
}

std::string ShortExpr(const syntax::Expr& expr) {
  std::string text = syntax::PrintExpr(expr);
  return text.size() <= 40 && text.find('\n') == std::string::npos ? text : "…";
}

}  // namespace

bool Checker::RequireRowTable(const Scope& scope, Span at, const char* what) {
  if (scope.function != nullptr) {
    diags_
        .Error(
            "E0215", at,
            Msg(fmt::format("函数体只能计算单个值, 不能使用 {}", what),
                fmt::format("{} cannot be used in a function: a function computes one plain value",
                            what)))
        .primary_label = Msg("函数中不可用", "not allowed in a function");
    return false;
  }
  if (scope.table == nullptr) {
    base::Diagnostic& d = diags_.Error(
        "E0215", at,
        Msg(fmt::format("{} 比较的是一个表的各行, 但这里没有当前表 (全局定义或参数)", what),
            fmt::format("{} compares the rows of a table, but there is no current table here "
                        "(a global definition or a parameter)",
                        what)));
    d.primary_label = Msg("没有当前表", "no current table");
    d.help =
        Msg("把它定义在表上: `定义 表.名称 = …`", "define it on a table: `定义 table.name = …`");
    return false;
  }
  return true;
}

Type Checker::CheckAggregate(const syntax::Expr& expr, const syntax::Aggregate& agg,
                             const Scope& scope) {
  const Scope outer = scope.Outer();
  const char* fn = AggName(agg.fn);
  if (scope.function != nullptr) {
    RequireRowTable(scope, expr.span, fn);
    return Type::Error();
  }
  AggregateInfo info;
  info.outer = scope.table;
  info.every = agg.every;

  // The row source: `计数(否决)` names it; otherwise the inner paths do.
  const Table* source = nullptr;
  bool counts_table = false;
  if (const auto* path = agg.arg->As<syntax::PathRef>();
      path != nullptr && path->parts.size() == 1) {
    if (const Table* t = p_.FindTable(path->parts[0].text);
        t != nullptr && agg.fn == syntax::AggFn::kCount) {
      source = t;
      counts_table = true;
    }
  }
  if (source == nullptr) {
    std::vector<const Table*> named;
    CollectNamedTables(p_, *agg.arg, named);
    if (named.size() > 1) {
      // `单位.类别` on 人员 names a table but also this row's column 单位.
      std::vector<const Table*> not_visible;
      for (const Table* t : named) {
        Step ignored;
        if (!LookupVisible(t->name, outer, ignored)) not_visible.push_back(t);
      }
      if (not_visible.size() == 1) named = not_visible;
    }
    if (named.empty()) {
      base::Diagnostic& d =
          diags_.Error("E0211", agg.arg->span,
                       Msg(fmt::format("{} 没有说明汇总哪个表的行", fn),
                           fmt::format("{} does not say which table's rows it goes over", fn)));
      d.primary_label = Msg("这里没有 `表.列` 形式的名称", "no `table.column` path here");
      d.help = Msg(fmt::format("用表名限定要汇总的列, 如 `{}(目标.得分)`", fn),
                   fmt::format("qualify the column with its table, e.g. `{}(目标.得分)`", fn));
      Check(*agg.arg, outer);
      return Type::Error();
    }
    if (named.size() > 1) {
      std::vector<std::string> names;
      for (const Table* t : named) names.push_back(t->name);
      base::Diagnostic& d = diags_.Error(
          "E0204", agg.arg->span,
          Msg(fmt::format("一个 {} 只能汇总一个表的行, 这里用到了 {}", fn, JoinNames(names, "、")),
              fmt::format("one {} goes over the rows of one table, but this names {}", fn,
                          JoinNames(names))));
      d.primary_label = Msg("多个表", "several tables");
      d.help = Msg("每个表分别汇总, 再把结果组合起来",
                   "write one aggregate per table and combine the results");
      MarkColumnsRead(p_, *agg.arg, column_reads_);  // they are read, just not like this
      return Type::Error();
    }
    source = named[0];
  }
  info.source = source;

  // Which rows: every row, or this row's children through one reference.
  if (!agg.every) {
    if (scope.table == nullptr) {
      base::Diagnostic& d = diags_.Error(
          "E0205", expr.span,
          Msg(fmt::format("这里没有当前行, {} 不知道汇总谁的 `{}`", fn, source->name),
              fmt::format("there is no current row here, so {} has no rows of `{}` to go over", fn,
                          source->name)));
      d.primary_label = Msg("没有当前行", "no current row");
      d.help = Msg(fmt::format("汇总所有行时写 全体: `{}(全体 …)`", fn),
                   fmt::format("to go over every row write 全体: `{}(全体 …)`", fn));
    } else {
      std::vector<const Column*> links = source->ReferencesTo(scope.table);
      if (links.size() == 1) {
        info.via = links[0];
        via_columns_.insert(links[0]);
        Dependency dep;
        dep.kind = Dependency::Kind::kColumn;
        dep.column = links[0];
        dep.span = agg.arg->span;
        Use(dep);
      } else {
        std::vector<std::string> names;
        for (const Column* c : links) names.push_back(c->name);
        base::Diagnostic& d = diags_.Error(
            "E0205", expr.span,
            links.empty()
                ? Msg(fmt::format("`{}` 没有指向 `{}` 的列, 不知道哪些行属于当前这一行",
                                  source->name, scope.table->name),
                      fmt::format(
                          "`{}` has no column referring to `{}`, so no rows belong to this row",
                          source->name, scope.table->name))
                : Msg(fmt::format("`{}` 有多列指向 `{}` ({}), 不知道按哪一列找属于当前行的行",
                                  source->name, scope.table->name, JoinNames(names, "、")),
                      fmt::format(
                          "`{}` refers to `{}` through several columns ({}); which one makes a row "
                          "belong to this one?",
                          source->name, scope.table->name, JoinNames(names))));
        d.primary_label = Msg("不知道汇总哪些行", "which rows?");
        d.help = Msg(
            fmt::format("写 全体 并用 其中 说明条件: `{}(全体 {}.…, 其中 {}.… = …)`", fn,
                        source->name, source->name),
            fmt::format("write 全体 and say which rows with 其中: `{}(全体 {}.…, 其中 {}.… = …)`",
                        fn, source->name, source->name));
      }
    }
  }

  // 按 k: rows of this same table that agree with this row on k.
  if (!agg.group_by.empty()) {
    if (source != scope.table) {
      base::Diagnostic& d = diags_.Error(
          "E0206", agg.group_by.front()->span,
          Msg(fmt::format("按 比较的是当前行与 `{}` 的行, 只有汇总当前表 `{}` 时才能用",
                          source->name, scope.table != nullptr ? scope.table->name : "?"),
              fmt::format("按 compares this row with rows of `{}`; it only works when the "
                          "aggregate goes over "
                          "this row's own table `{}`",
                          source->name, scope.table != nullptr ? scope.table->name : "?")));
      d.primary_label = Msg("不是同一个表", "not the same table");
      d.help = Msg(fmt::format("改用 其中: `其中 {}.键 = 键`", source->name),
                   fmt::format("use 其中 instead: `其中 {}.key = key`", source->name));
    }
    for (const auto& key : agg.group_by) Check(*key, outer);
  }

  const Scope inner = scope.Inner(&expr, source);
  Type arg;
  if (counts_table) {
    Ref ref;
    ref.row = RowOf::kInner;
    ref.aggregate = &expr;
    Step step;
    step.kind = RefKind::kRowSource;
    step.table = source;
    step.type = Type::Ref(source);
    step.span = agg.arg->span;
    ref.steps.push_back(step);
    p_.refs[agg.arg.get()] = ref;
    arg = p_.types[agg.arg.get()] = step.type;
  } else {
    arg = Check(*agg.arg, inner);
  }
  if (agg.where) CheckCondition(*agg.where, inner, "其中 的条件", "the condition after 其中");
  if (agg.dedup_key) Check(*agg.dedup_key, inner);

  Type result;
  switch (agg.fn) {
    case syntax::AggFn::kSum:
    case syntax::AggFn::kMax:
    case syntax::AggFn::kMin:
    case syntax::AggFn::kAvg:
      if (!arg.IsError() && !arg.IsNumeric()) {
        diags_
            .Error("E0314", agg.arg->span,
                   Msg(fmt::format("{} 的对象必须是数值, 这里是 {}", fn, TypeName(arg)),
                       fmt::format("{} needs numbers, but this is {}", fn, TypeName(arg))))
            .primary_label =
            Msg(fmt::format("这是 {}", TypeName(arg)), fmt::format("this is {}", TypeName(arg)));
        result = Type::Error();
        break;
      }
      result = arg;
      if (agg.fn == syntax::AggFn::kAvg && !arg.IsError()) result = Type::Number(arg.dim);
      if (agg.fn != syntax::AggFn::kSum) result.optional = true;  // no rows: no value
      if (agg.fn == syntax::AggFn::kAvg) result.percent = arg.percent;
      break;
    case syntax::AggFn::kCount:
      info.count = counts_table              ? AggregateInfo::Count::kRows
                   : arg.kind == Kind::kBool ? AggregateInfo::Count::kTrue
                                             : AggregateInfo::Count::kHasValue;
      result = Type::Integer();
      break;
    case syntax::AggFn::kAll:
    case syntax::AggFn::kAny:
      if (!arg.IsError() && arg.kind != Kind::kBool) {
        diags_
            .Error("E0306", agg.arg->span,
                   Msg(fmt::format("{} 的对象必须是 是否, 这里是 {}", fn, TypeName(arg)),
                       fmt::format("{} needs a 是否 (yes/no) value, but this is {}", fn,
                                   TypeName(arg))))
            .primary_label =
            Msg(fmt::format("这是 {}", TypeName(arg)), fmt::format("this is {}", TypeName(arg)));
      }
      result = Type::Bool();
      break;
  }
  p_.aggregates[&expr] = info;
  return result;
}

Type Checker::CheckExtremum(const syntax::Expr& expr, const syntax::Extremum& ext,
                            const Scope& scope) {
  (void)expr;
  const char* what_zh = ext.is_max ? "最大 的各项" : "最小 的各项";
  const char* what_en = ext.is_max ? "each value of 最大" : "each value of 最小";
  Type acc = CheckNumeric(*ext.args[0], scope, what_zh, what_en);
  const syntax::Expr* acc_expr = ext.args[0].get();
  for (size_t i = 1; i < ext.args.size(); ++i) {
    Type t = CheckNumeric(*ext.args[i], scope, what_zh, what_en);
    Type next =
        RequireSame(Verb::kExtremum, acc, acc_expr, t, ext.args[i].get(), ext.args[i]->span);
    if (!acc.IsError() && !t.IsError() && next.IsError()) {
      for (size_t j = i + 1; j < ext.args.size(); ++j) Check(*ext.args[j], scope);
      return Type::Error();
    }
    // A literal 0 adopts the other's unit; keep whichever is not the literal.
    if (acc_expr != nullptr && IsZeroLiteral(*acc_expr)) acc_expr = ext.args[i].get();
    acc = next;
  }
  return acc;
}

void Checker::CheckTieRule(const syntax::TieRule& rule, const Scope& scope, const syntax::Expr& key,
                           Span at, const std::string& what_zh, const std::string& what_en) {
  if (rule.kind == syntax::TieKind::kNone) {
    const std::string k = ShortExpr(key);
    base::Diagnostic& d = diags_.Error(
        "E0406", at,
        Msg(fmt::format("按 {} {}需要说明并列规则: 两个单位的 {} 相同时怎么办?", k, what_zh, k),
            fmt::format("{} by {} needs a tie rule: what happens when two units have equal {}?",
                        what_en, k, k)));
    d.primary_label = Msg("没有并列规则", "no tie rule");
    d.help =
        Msg("加上一条: 并列 从优 (并列者同占较好名次) / 并列 连续 / 并列 不取 / 并列 报错 / 并列 "
            "依 <第二排序键>",
            "add one of: 并列 从优 (equal keys share the better position) / 并列 连续 (dense) / "
            "并列 不取 (drop the tied) / 并列 报错 (stop with an error) / 并列 依 <second key>");
    return;
  }
  if (rule.kind == syntax::TieKind::kThenBy && rule.then_by) {
    CheckNumeric(*rule.then_by, scope, "并列时的第二排序键", "the second sort key");
    if (rule.then_rule)
      CheckTieRule(*rule.then_rule, scope, *rule.then_by, rule.span, what_zh, what_en);
  }
}

Type Checker::CheckRank(const syntax::Expr& expr, const syntax::Rank& rank, const Scope& scope) {
  const bool rows = RequireRowTable(scope, expr.span, "排名");
  const Scope outer = scope.Outer();
  CheckNumeric(*rank.key, outer, "排名的依据", "the rank key");
  for (const auto& key : rank.group_by) Check(*key, outer);
  if (rank.eligible)
    CheckCondition(*rank.eligible, outer, "限于 的条件", "the condition after 限于");
  if (!rows) return Type::Error();
  CheckTieRule(rank.ties, outer, *rank.key, expr.span, "排名", "rank");
  p_.ranked_tables[&expr] = scope.table;
  return Type::Integer().WithOptional(rank.eligible != nullptr);
}

Type Checker::CheckBottom(const syntax::Expr& expr, const syntax::Bottom& bottom,
                          const Scope& scope) {
  const bool rows = RequireRowTable(scope, expr.span, "倒数");
  const Scope outer = scope.Outer();
  CheckNumeric(*bottom.key, outer, "倒数的依据", "the key of 倒数");
  Type n = CheckNumeric(*bottom.count, outer, "倒数的名数", "the count of 倒数");
  if (!n.IsError() && n.kind != Kind::kInteger) {
    diags_
        .Error("E0314", bottom.count->span,
               Msg(fmt::format("倒数的名数必须是整数, 这里是 {}", TypeName(n)),
                   fmt::format("the count of 倒数 must be an 整数, but this is {}", TypeName(n))))
        .primary_label = Msg("不是整数", "not an integer");
  }
  for (const auto& key : bottom.group_by) Check(*key, outer);
  if (bottom.eligible)
    CheckCondition(*bottom.eligible, outer, "限于 的条件", "the condition after 限于");
  if (!rows) return Type::Error();
  CheckTieRule(bottom.ties, outer, *bottom.key, expr.span, "倒数", "bottom-N");
  p_.ranked_tables[&expr] = scope.table;
  return Type::Bool();
}

}  // namespace arl::checked::detail
