// Test blocks: parameters they set, data tables they give, values they
// expect. A test is data too, so a mistake in it is reported like a data
// error: which table, which row, which column.

#include <algorithm>

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/checked/checker.h"
#include "compiler/syntax/print.h"

namespace arl::checked::detail {
namespace {

std::optional<Message> DidYouMean(const std::string& wanted,
                                  const std::vector<std::string>& candidates) {
  if (auto close = base::ClosestName(wanted, candidates)) {
    return Msg(fmt::format("是不是 `{}`?", *close), fmt::format("did you mean `{}`?", *close));
  }
  return std::nullopt;
}

std::vector<std::string> TableNames(const Program& p) {
  std::vector<std::string> out;
  for (const auto& t : p.tables) out.push_back(t->name);
  return out;
}

std::vector<std::string> MemberNames(const Table& table, bool with_definitions) {
  std::vector<std::string> out;
  for (const auto& c : table.columns) out.push_back(c->name);
  if (with_definitions) {
    for (const Definition* d : table.definitions) out.push_back(d->name);
  }
  return out;
}

// Splits "90分" into digits and unit word.
std::pair<std::string, std::string> SplitUnit(const std::string& text) {
  for (const char* unit : {"万元", "分", "元", "%", "％"}) {
    const std::string u = unit;
    if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0) {
      return {text.substr(0, text.size() - u.size()), u == "％" ? "%" : u};
    }
  }
  return {text, ""};
}

}  // namespace

void Checker::CheckTests() {
  Scope scope;
  scope.globals_only = true;
  for (auto& test_ptr : p_.tests) {
    Test& test = *test_ptr;
    // Keys given for each table in this test, to check references against.
    std::unordered_map<const Table*, std::vector<std::string>> keys;
    for (const syntax::TestItem& item : test.decl->items) {
      const auto* data = std::get_if<syntax::TestData>(&item.node);
      const Table* table = data != nullptr ? p_.FindTable(data->table.text) : nullptr;
      if (table == nullptr || !table->entity) continue;
      std::vector<std::string>& known = keys[table];
      for (size_t c = 0; c < data->header.size(); ++c) {
        if (data->header[c].text != table->name) continue;
        for (const auto& row : data->rows) {
          if (c < row.size()) known.push_back(row[c].text);
        }
      }
    }
    for (const syntax::TestItem& item : test.decl->items) {
      if (const auto* setting = std::get_if<syntax::TestParam>(&item.node)) {
        Test::ParamSetting out{setting, p_.FindParam(setting->name.text)};
        if (out.param == nullptr) {
          base::Diagnostic& d =
              diags_.Error("E0208", setting->name.span,
                           Msg(fmt::format("测试设定了未声明的参数 `{}`", setting->name.text),
                               fmt::format("the test sets `{}`, which is not a declared parameter",
                                           setting->name.text)));
          d.primary_label = Msg("没有这个参数", "no such parameter");
          std::vector<std::string> names;
          for (const auto& p : p_.params) names.push_back(p->name);
          d.help = DidYouMean(setting->name.text, names);
          Check(*setting->value, scope);
        } else {
          Type t = Check(*setting->value, scope, &out.param->type);
          RequireFits(Fit::kTestValue, out.param->type, t, *setting->value, out.param->name);
        }
        test.params.push_back(out);
      } else if (const auto* data = std::get_if<syntax::TestData>(&item.node)) {
        Test::Data out;
        out.decl = data;
        out.table = p_.FindTable(data->table.text);
        if (out.table == nullptr) {
          base::Diagnostic& d = diags_.Error(
              "E0208", data->table.span,
              Msg(fmt::format("数据表 `{}` 不是已声明的表", data->table.text),
                  fmt::format("数据表 `{}` is not a declared table", data->table.text)));
          d.primary_label = Msg("没有这个表", "no such table");
          d.help = DidYouMean(data->table.text, TableNames(p_));
          test.data.push_back(out);
          continue;
        }
        const Table& table = *out.table;
        std::vector<std::string> seen;
        for (const syntax::Cell& cell : data->header) {
          const Column* column = table.FindColumn(cell.text);
          out.columns.push_back(column);
          if (column == nullptr) {
            base::Diagnostic& d = diags_.Error(
                "E0602", cell.span,
                table.FindDefinition(cell.text) != nullptr
                    ? Msg(fmt::format("`{}` 是 `{}` 的定义, 由规则计算, 不能作为测试数据给出",
                                      cell.text, table.name),
                          fmt::format("`{}` is a definition of `{}`, computed by the rules; test "
                                      "data gives input "
                                      "columns only",
                                      cell.text, table.name))
                    : Msg(fmt::format("表 `{}` 没有列 `{}`", table.name, cell.text),
                          fmt::format("table `{}` has no column `{}`", table.name, cell.text)));
            d.primary_label = Msg("未知的列", "unknown column");
            if (table.FindDefinition(cell.text) == nullptr)
              d.help = DidYouMean(cell.text, MemberNames(table, false));
          } else if (std::find(seen.begin(), seen.end(), cell.text) != seen.end()) {
            diags_
                .Error("E0602", cell.span,
                       Msg(fmt::format("列 `{}` 在表头中出现了两次", cell.text),
                           fmt::format("column `{}` appears twice in the header", cell.text)))
                .primary_label = Msg("重复的列", "repeated column");
          }
          seen.push_back(cell.text);
        }
        const Column* required = table.entity ? table.Key() : table.ParentColumn();
        if (required != nullptr &&
            std::find(seen.begin(), seen.end(), required->name) == seen.end()) {
          diags_
              .Error("E0602", data->table.span,
                     Msg(fmt::format("数据表 `{}` 缺少列 `{}`: 没有它就认不出每一行属于谁",
                                     table.name, required->name),
                         fmt::format(
                             "数据表 `{}` lacks the column `{}`, which says whose row each one is",
                             table.name, required->name)))
              .primary_label = Msg(fmt::format("缺少列 `{}`", required->name),
                                   fmt::format("no `{}` column", required->name));
        }
        for (size_t r = 0; r < data->rows.size(); ++r) {
          const std::vector<syntax::Cell>& row = data->rows[r];
          if (row.size() != data->header.size()) {
            Span span =
                row.empty() ? data->table.span : base::Join(row.front().span, row.back().span);
            diags_
                .Error(
                    "E0602", span,
                    Msg(fmt::format("数据表 `{}` 第 {} 行有 {} 格, 表头有 {} 列", table.name, r + 1,
                                    row.size(), data->header.size()),
                        fmt::format(
                            "row {} of 数据表 `{}` has {} cell(s) but the header has {} column(s)",
                            r + 1, table.name, row.size(), data->header.size())))
                .primary_label = Msg("格数不对", "wrong number of cells");
          }
          for (size_t c = 0; c < row.size() && c < out.columns.size(); ++c) {
            const Column* column = out.columns[c];
            const syntax::Cell& cell = row[c];
            if (column == nullptr || cell.kind == syntax::Cell::Kind::kEmpty) continue;
            const Type& t = column->type;
            std::string problem_zh, problem_en;
            std::optional<Message> help;
            const std::string shown = cell.kind == syntax::Cell::Kind::kBool
                                          ? (cell.bool_value ? "是" : "否")
                                          : cell.text;
            if (t.kind == Kind::kBool) {
              if (cell.kind != syntax::Cell::Kind::kBool) {
                problem_zh = fmt::format("`{}` 不是 是/否", shown);
                problem_en = fmt::format("`{}` is not 是 or 否", shown);
              }
            } else if (t.IsNumeric()) {
              auto [digits, unit] = SplitUnit(cell.text);
              const std::string want = UnitSuffix(t.dim, t.percent);
              if (cell.kind != syntax::Cell::Kind::kNumber || !Decimal::Parse(digits)) {
                problem_zh = fmt::format("`{}` 不是数值", shown);
                problem_en = fmt::format("`{}` is not a number", shown);
              } else if (!unit.empty() && unit != want) {
                problem_zh = fmt::format("`{}` 的单位应为 {}", shown, TypeName(t));
                problem_en = fmt::format("`{}` should be in {}", shown, TypeName(t));
              } else if (t.kind == Kind::kInteger && !Decimal::Parse(digits)->IsInteger()) {
                problem_zh = fmt::format("`{}` 不是整数", shown);
                problem_en = fmt::format("`{}` is not a whole number", shown);
              }
            } else if (t.kind == Kind::kEnum && t.enum_type != nullptr) {
              if (!t.enum_type->Find(shown)) {
                problem_zh = fmt::format("`{}` 不是枚举 {} 的成员", shown, t.enum_type->Display());
                problem_en =
                    fmt::format("`{}` is not a member of enum {}", shown, t.enum_type->Display());
                help = DidYouMean(shown, t.enum_type->members);
              }
            } else if (t.kind == Kind::kRef && t.table != nullptr &&
                       column->role != ColumnRole::kKey) {
              auto it = keys.find(t.table);
              if (it != keys.end() &&
                  std::find(it->second.begin(), it->second.end(), shown) == it->second.end()) {
                problem_zh =
                    fmt::format("本测试的数据表 `{}` 中没有 `{}` 这一行", t.table->name, shown);
                problem_en =
                    fmt::format("this test's 数据表 `{}` has no row `{}`", t.table->name, shown);
                help = DidYouMean(shown, it->second);
              }
            }
            if (problem_en.empty()) continue;
            base::Diagnostic& d =
                diags_.Error("E0603", cell.span,
                             Msg(fmt::format("数据表 `{}` 第 {} 行 `{}` 列: {}", table.name, r + 1,
                                             column->name, problem_zh),
                                 fmt::format("数据表 `{}`, row {}, column `{}`: {}", table.name,
                                             r + 1, column->name, problem_en)));
            d.primary_label =
                Msg(fmt::format("应为 {}", TypeName(t)), fmt::format("expected {}", TypeName(t)));
            d.help = help;
          }
        }
        test.data.push_back(out);
      } else if (const auto* expect = std::get_if<syntax::TestExpect>(&item.node)) {
        Test::Expectation out;
        out.decl = expect;
        std::string name = expect->table.text;
        if (expect->call != nullptr) {
          // Checked like a call anywhere else: the function's name, the
          // number, types and units of the arguments.
          name = syntax::PrintExpr(*expect->call);
          out.type = Check(*expect->call, scope);
          if (const Ref* ref = p_.RefOf(*expect->call)) out.function = ref->Last().function;
        } else if (expect->key || expect->field) {
          out.table = p_.FindTable(expect->table.text);
          if (out.table == nullptr) {
            base::Diagnostic& d = diags_.Error(
                "E0601", expect->table.span,
                Msg(fmt::format("预期 中的 `{}` 不是已声明的表", expect->table.text),
                    fmt::format("`{}` in 预期 is not a declared table", expect->table.text)));
            d.primary_label = Msg("没有这个表", "no such table");
            d.help = DidYouMean(expect->table.text, TableNames(p_));
          } else if (!expect->field) {
            diags_
                .Error(
                    "E0601", item.span,
                    Msg(fmt::format("预期 要说明检查哪一列: `预期 {}[…].列名 = …`",
                                    out.table->name),
                        fmt::format("预期 must say which column to check: `预期 {}[…].column = …`",
                                    out.table->name)))
                .primary_label = Msg("缺少列名", "no column");
          } else {
            out.column = out.table->FindColumn(expect->field->text);
            if (out.column == nullptr)
              out.definition = out.table->FindDefinition(expect->field->text);
            if (out.column == nullptr && out.definition == nullptr) {
              base::Diagnostic& d =
                  diags_.Error("E0601", expect->field->span,
                               Msg(fmt::format("表 `{}` 没有名为 `{}` 的列或定义", out.table->name,
                                               expect->field->text),
                                   fmt::format("table `{}` has no column or definition `{}`",
                                               out.table->name, expect->field->text)));
              d.primary_label = Msg("未知的列", "unknown column");
              d.help = DidYouMean(expect->field->text, MemberNames(*out.table, true));
            }
            name = out.table->name + "." + expect->field->text;
          }
          if (out.table != nullptr && expect->key && out.table->entity) {
            auto it = keys.find(out.table);
            const std::string& key = expect->key->text;
            if (it != keys.end() &&
                std::find(it->second.begin(), it->second.end(), key) == it->second.end()) {
              base::Diagnostic& d = diags_.Error(
                  "E0601", expect->key->span,
                  Msg(fmt::format("本测试的数据表 `{}` 中没有 `{}` 这一行", out.table->name, key),
                      fmt::format("this test's 数据表 `{}` has no row `{}`", out.table->name,
                                  key)));
              d.primary_label = Msg("没有这一行", "no such row");
              d.help = DidYouMean(key, it->second);
            }
          }
        } else {
          out.definition = p_.FindGlobal(expect->table.text);
          if (out.definition == nullptr) {
            base::Diagnostic& d =
                diags_.Error("E0601", expect->table.span,
                             Msg(fmt::format("`{}` 不是全局定义; 表中的值写作 `预期 表[键].列 = …`",
                                             expect->table.text),
                                 fmt::format("`{}` is not a global definition; a table's value is "
                                             "written `预期 table[key].column = …`",
                                             expect->table.text)));
            d.primary_label = Msg("未知的定义", "unknown definition");
            std::vector<std::string> names;
            for (const auto& [global, def] : p_.globals_by_name) names.push_back(global);
            std::sort(names.begin(), names.end());
            d.help = DidYouMean(expect->table.text, names);
          }
        }
        if (expect->call == nullptr) {
          out.type = out.column != nullptr       ? out.column->type
                     : out.definition != nullptr ? out.definition->type
                                                 : Type::Error();
        }
        if (expect->value) {
          Type t = Check(*expect->value, scope, &out.type);
          RequireFits(Fit::kTestValue, out.type, t, *expect->value, name);
        }
        test.expectations.push_back(out);
      }
    }
  }
}

}  // namespace arl::checked::detail
