// Scenarios read from the command line or from 情景 declarations, and their
// cell edits applied to loaded data.
#include "compiler/driver/scenario.h"

#include <utility>

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/driver/run.h"
#include "compiler/driver/test_blocks.h"
#include "compiler/syntax/ast.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

using base::Message;

/// Parameter `name` set to `text` (as --set takes it), or a problem:
/// `no parameter named …`, or `参数 NAME: why`.
std::optional<exec::Override> SetParam(const ir::Program& program, const std::string& name,
                                       const std::optional<std::string>& text, Message& problem) {
  Setting setting = ReadSetting(program, name, text);
  if (!setting.unknown && !setting.value) {
    problem = Message{fmt::format("参数 {}: {}", name, setting.problem.zh),
                      fmt::format("parameter {}: {}", name, setting.problem.en)};
  } else {
    problem = setting.problem;
  }
  return std::move(setting.value);
}

/// The entity table `name`, or -1 with a problem.
std::int32_t EntityTable(const ir::Program& program, const std::string& name, Message& problem) {
  const std::int32_t t = program.FindTable(name);
  if (t >= 0 && program.tables[static_cast<size_t>(t)].entity) return t;
  std::vector<std::string> names;
  for (const ir::Table& table : program.tables) {
    if (table.entity) names.push_back(table.name);
  }
  const Message near = base::DidYouMean(name, names);
  problem = Message{fmt::format("没有名为 `{}` 的实体表{}", name, near.zh),
                    fmt::format("no entity table named `{}`{}", name, near.en)};
  return -1;
}

/// The input column `name` of `table` (not its key), or -1 with a problem.
std::int32_t InputColumn(const ir::Program& program, std::int32_t t, const std::string& name,
                         Message& problem) {
  const ir::Table& table = program.tables[static_cast<size_t>(t)];
  std::vector<std::string> names;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].is_key) continue;  // a unit's key is what names it
    if (table.columns[c].name == name) return static_cast<std::int32_t>(c);
    names.push_back(table.columns[c].name);
  }
  const Message near = base::DidYouMean(name, names);
  problem = Message{fmt::format("{} 没有可以改的输入列 `{}`{}", table.name, name, near.zh),
                    fmt::format("{} has no input column `{}`{}", table.name, name, near.en)};
  return -1;
}

/// The text of a value cell or literal, the unit it was written with
/// checked against the column's.
std::optional<std::string> CellValue(const syntax::Expr& value, const ir::Column& column,
                                     Message& problem) {
  if (value.As<syntax::NoneLit>() != nullptr) return std::string();
  std::optional<std::string> text = LiteralText(value);
  std::optional<std::string> with_unit = LiteralText(value, true);
  if (!text || !with_unit) {
    problem = Message{"情景中只能写常数", "a scenario sets constants only"};
    return std::nullopt;
  }
  // `1200万元` for a 万元 column, `1200` for any number column.
  const std::string unit = with_unit->substr(text->size());
  if (!unit.empty() && column.display.kind != ir::ValueKind::kNumber) {
    problem =
        Message{fmt::format("{} 不是数, 不能写 `{}`", column.name, *with_unit),
                fmt::format("{} is not a number: `{}` does not fit", column.name, *with_unit)};
    return std::nullopt;
  }
  if (!unit.empty() && unit != column.display.unit && !column.display.percent) {
    problem =
        Message{fmt::format("{} 的单位是 {}, 不是 {}", column.name,
                            column.display.unit.empty() ? "无" : column.display.unit, unit),
                fmt::format("{} is in {}, not {}", column.name,
                            column.display.unit.empty() ? "no unit" : column.display.unit, unit)};
    return std::nullopt;
  }
  return text;
}

std::string Located(const base::SourceManager& sources, base::Span span) {
  const base::SourceFile& file = sources.Get(span.file);
  const base::LineCol at = file.Locate(span.begin);
  return fmt::format("{}:{}:{}", file.Path(), at.line, at.column);
}

}  // namespace

std::optional<Scenario> CommandLineScenario(const ir::Program& program,
                                            const std::vector<std::string>& sets,
                                            const std::vector<std::string>& edits, base::Lang lang,
                                            std::string& problem) {
  const bool zh = lang == base::Lang::kZh;
  Scenario s;
  s.name = zh ? "命令行" : "command line";
  for (const std::string& set : sets) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos) {
      problem = fmt::format("--set takes NAME=VALUE, not `{}`", set);
      return std::nullopt;
    }
    Message bad;
    auto o = SetParam(program, set.substr(0, eq), set.substr(eq + 1), bad);
    if (!o) {
      problem = fmt::format("--set {}", bad.In(lang));
      return std::nullopt;
    }
    s.overrides.push_back(std::move(*o));
  }
  for (const std::string& edit : edits) {
    const size_t open = edit.find('[');
    const size_t close = edit.find("].", open == std::string::npos ? 0 : open);
    const size_t eq = edit.find('=', close == std::string::npos ? 0 : close);
    if (open == std::string::npos || close == std::string::npos || eq == std::string::npos) {
      problem = fmt::format(zh ? "--edit 的写法是 表[键].列=值, 不是 `{}`"
                               : "--edit takes TABLE[KEY].COLUMN=VALUE, not `{}`",
                            edit);
      return std::nullopt;
    }
    Scenario::Edit e;
    Message bad;
    e.table = EntityTable(program, edit.substr(0, open), bad);
    if (e.table >= 0)
      e.column = InputColumn(program, e.table, edit.substr(close + 2, eq - close - 2), bad);
    if (e.table < 0 || e.column < 0) {
      problem = fmt::format("--edit {}: {}", edit, bad.In(lang));
      return std::nullopt;
    }
    e.key = edit.substr(open + 1, close - open - 1);
    e.value = edit.substr(eq + 1);
    e.where = "--edit " + edit;
    s.edits.push_back(std::move(e));
  }
  return s;
}

std::vector<Scenario> ReadScenarios(const syntax::File& file, const base::SourceManager& sources,
                                    const ir::Program& program, base::Diagnostics& diags) {
  std::vector<Scenario> out;
  for (const syntax::Decl& decl : file.decls) {
    const auto* d = decl.As<syntax::ScenarioDecl>();
    if (d == nullptr) continue;
    Scenario s;
    s.name = d->name.value;
    const base::SourceFile& source = sources.Get(decl.span.file);
    s.where = fmt::format("{}:{}", source.Path(), source.Locate(decl.span.begin).line);
    for (const syntax::Text& c : d->cite.clauses) s.clauses.push_back(c.value);
    for (const syntax::Text& a : d->cite.assumptions) s.assumptions.push_back(a.value);
    s.rows.added.assign(program.tables.size(), nullptr);
    for (const syntax::ScenarioItem& item : d->items) {
      Message bad;
      if (const auto* param = std::get_if<syntax::TestParam>(&item.node)) {
        std::optional<std::string> text;
        if (param->value->As<syntax::NoneLit>() == nullptr) {
          text = LiteralText(*param->value, true);
          if (!text) {
            diags.Error("E0702", param->value->span,
                        Message{"情景中只能写常数", "a scenario sets constants only"});
            continue;
          }
        }
        if (auto o = SetParam(program, param->name.text, text, bad)) {
          s.overrides.push_back(std::move(*o));
        } else {
          diags.Error("E0701", item.span, bad);
        }
      } else if (const auto* edit = std::get_if<syntax::ScenarioEdit>(&item.node)) {
        Scenario::Edit e;
        e.table = EntityTable(program, edit->table.text, bad);
        if (e.table < 0) {
          diags.Error("E0701", edit->table.span, bad);
          continue;
        }
        e.column = InputColumn(program, e.table, edit->column.text, bad);
        if (e.column < 0) {
          diags.Error("E0701", edit->column.span, bad);
          continue;
        }
        const ir::Column& column =
            program.tables[static_cast<size_t>(e.table)].columns[static_cast<size_t>(e.column)];
        std::optional<std::string> value = CellValue(*edit->value, column, bad);
        if (!value) {
          diags.Error("E0702", edit->value->span, bad);
          continue;
        }
        e.key = edit->key.text;
        e.value = std::move(*value);
        e.where = Located(sources, item.span);
        s.edits.push_back(std::move(e));
      } else if (const auto* remove = std::get_if<syntax::ScenarioRemove>(&item.node)) {
        io::RowChanges::Removal r;
        r.table = EntityTable(program, remove->table.text, bad);
        if (r.table < 0) {
          diags.Error("E0701", remove->table.span, bad);
          continue;
        }
        r.key = remove->key.text;
        r.file = source.Path();
        const base::LineCol at = source.Locate(remove->key.span.begin);
        r.line = static_cast<int>(at.line);
        r.column = static_cast<int>(at.column);
        s.rows.removed.push_back(std::move(r));
      } else if (const auto* data = std::get_if<syntax::TestData>(&item.node)) {
        const std::int32_t t = program.FindTable(data->table.text);
        if (t < 0) {
          std::vector<std::string> names;
          for (const ir::Table& table : program.tables) names.push_back(table.name);
          const Message near = base::DidYouMean(data->table.text, names);
          diags.Error("E0701", data->table.span,
                      Message{fmt::format("没有名为 `{}` 的表{}", data->table.text, near.zh),
                              fmt::format("no table named `{}`{}", data->table.text, near.en)});
          continue;
        }
        if (s.rows.added[static_cast<size_t>(t)] != nullptr) {
          diags.Error(
              "E0703", data->table.span,
              Message{fmt::format("这个情景已经有 数据表 {}", data->table.text),
                      fmt::format("this scenario already has a table {}", data->table.text)});
          continue;
        }
        s.added.push_back(std::make_unique<io::CsvTable>(CsvTableOf(
            *data, source,
            fmt::format("{} (情景 \"{}\" 数据表 {})", source.Path(), s.name, data->table.text))));
        s.rows.added[static_cast<size_t>(t)] = s.added.back().get();
      }
    }
    if (s.added.empty()) s.rows.added.clear();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> ApplyEdits(const ir::Program& program, const Scenario& scenario,
                                    column::Dataset& data, base::Lang lang,
                                    std::vector<std::string>& problems) {
  const bool zh = lang == base::Lang::kZh;
  std::vector<std::string> lines;
  for (const Scenario::Edit& e : scenario.edits) {
    const ir::Table& table = program.tables[static_cast<size_t>(e.table)];
    const ir::Column& column = table.columns[static_cast<size_t>(e.column)];
    column::TableData& td = data.tables[static_cast<size_t>(e.table)];
    size_t row = td.keys.size();
    std::vector<std::string> keys;
    for (size_t r = 0; r < td.keys.size(); ++r) {
      if (td.keys[r] == e.key) row = r;
      keys.emplace_back(td.keys[r]);
    }
    if (row == td.keys.size()) {
      const Message near = base::DidYouMean(e.key, keys);
      problems.push_back(fmt::format(zh ? "{}: {} 里没有 `{}`{}" : "{}: {} has no `{}`{}", e.where,
                                     table.name, e.key, zh ? near.zh : near.en));
      continue;
    }
    column::Column& cells = td.columns[static_cast<size_t>(e.column)];
    const std::string old = io::WrittenValue(program, data, column.display, cells, row);
    if (auto bad = io::ReadCell(program, column, e.value, &data, cells, row)) {
      problems.push_back(fmt::format("{}: {}", e.where, bad->In(lang)));
      continue;
    }
    lines.push_back(fmt::format("{}[{}].{}: {} → {}", table.name, e.key, column.name, old,
                                io::WrittenValue(program, data, column.display, cells, row)));
  }
  return lines;
}

std::vector<std::int32_t> GroupColumns(const ir::Program& program, std::int32_t t) {
  for (std::int32_t d : program.tables[static_cast<size_t>(t)].definitions) {
    const ir::Definition& def = program.definitions[static_cast<size_t>(d)];
    if (def.root == ir::kNoNode) continue;
    const ir::Node& root = program.At(def.root);
    const ir::Sort* sort = nullptr;
    if (root.op == ir::Op::kRank) sort = &program.ranks[static_cast<size_t>(root.slot)].sort;
    if (root.op == ir::Op::kTiers && program.tiers[static_cast<size_t>(root.slot)].sort)
      sort = &*program.tiers[static_cast<size_t>(root.slot)].sort;
    if (sort == nullptr || sort->group_by.empty()) continue;
    std::vector<std::int32_t> columns;
    for (ir::NodeId g : sort->group_by) {
      if (program.At(g).op != ir::Op::kInput) break;
      columns.push_back(program.At(g).slot);
    }
    if (columns.size() == sort->group_by.size()) return columns;
  }
  return {};
}

std::string Signed(const value::Decimal& d, const std::string& unit) {
  return (d.Compare(value::Decimal()) >= 0 ? "+" : "") + d.ToString() + unit;
}

std::string GroupName(const ir::Program& program, const column::Dataset& data, std::int32_t table,
                      const std::vector<std::int32_t>& columns, size_t row) {
  std::string out;
  for (std::int32_t c : columns) {
    if (!out.empty()) out += '/';
    out += io::WrittenValue(
        program, data,
        program.tables[static_cast<size_t>(table)].columns[static_cast<size_t>(c)].display,
        data.tables[static_cast<size_t>(table)].columns[static_cast<size_t>(c)], row);
  }
  return out;
}

}  // namespace arl::driver
