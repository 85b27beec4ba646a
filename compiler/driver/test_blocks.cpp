// 测试 blocks: the test's tables go through the same loader as CSV files
// (so a test cell is read exactly like a data cell), the program runs, and
// each 预期 is compared exactly.

#include "compiler/driver/test_blocks.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/driver/run.h"
#include "compiler/ir/from_checked.h"
#include "compiler/syntax/print.h"
#include "runtime/exec/exec.h"
#include "runtime/io/load.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

using column::State;
using ir::ValueKind;

std::string CellText(const syntax::Cell& cell) {
  switch (cell.kind) {
    case syntax::Cell::Kind::kEmpty:
      return "";
    case syntax::Cell::Kind::kBool:
      return cell.bool_value ? "是" : "否";
    default:
      return cell.text;
  }
}

/// What a 预期 line checks, as the report names it: `单位[甲].总分`, `总人数`,
/// `完成率(80, 100)`.
std::string What(const syntax::TestExpect& e) {
  if (e.call != nullptr) return syntax::PrintExpr(*e.call);
  return e.table.text + (e.key ? "[" + e.key->text + "]" : "") +
         (e.field ? "." + e.field->text : "");
}

std::string Clauses(const ir::Definition& d) {
  return fmt::format("{}", fmt::join(d.clauses, ", "));
}

}  // namespace

std::optional<std::string> LiteralText(const syntax::Expr& expr, bool with_unit) {
  const syntax::Expr* e = &expr;
  std::string sign;
  while (const auto* u = e->As<syntax::Unary>()) {
    if (u->op != syntax::UnaryOp::kNeg) return std::nullopt;
    sign = sign.empty() ? "-" : "";
    e = u->operand.get();
  }
  if (const auto* n = e->As<syntax::NumberLit>())
    return sign + n->digits +
           std::string(with_unit || n->unit == syntax::Unit::kPercent ? syntax::UnitSuffix(n->unit)
                                                                      : "");
  if (!sign.empty()) return std::nullopt;
  if (const auto* b = e->As<syntax::BoolLit>()) return std::string(b->value ? "是" : "否");
  if (const auto* s = e->As<syntax::StringLit>()) return s->value;
  if (const auto* p = e->As<syntax::PathRef>(); p != nullptr && p->parts.size() == 1)
    return p->parts[0].text;
  return std::nullopt;
}

io::CsvTable CsvTableOf(const syntax::TestData& data, const base::SourceFile& source,
                        std::string file) {
  io::CsvTable csv;
  csv.file = std::move(file);
  auto field = [&](const syntax::Cell& cell) {
    io::Field f;
    f.text = CellText(cell);
    const base::LineCol at = source.Locate(cell.span.begin);
    f.line = static_cast<int>(at.line);
    f.column = static_cast<int>(at.column);
    return f;
  };
  for (const auto& h : data.header) csv.header.push_back(field(h));
  for (const auto& row : data.rows) {
    io::Record rec;
    for (const auto& cell : row) rec.fields.push_back(field(cell));
    rec.line = rec.fields.empty() ? 0 : rec.fields.front().line;
    csv.records.push_back(std::move(rec));
  }
  return csv;
}

bool TestOutcome::Passed() const {
  if (expectations.empty()) return problems.empty();
  for (const auto& e : expectations) {
    if (!e.passed) return false;
  }
  return true;
}

std::vector<TestInputs> LoadTestInputs(const Compilation& compilation, const ir::Program& program,
                                       base::Lang lang) {
  std::vector<TestInputs> inputs;
  const checked::Program& cp = *compilation.program;
  for (const auto& test : cp.tests) {
    if (test->file != cp.main) continue;
    TestInputs in;
    in.test = test.get();

    // 数据表 → the same tables a CSV file gives.
    std::vector<io::CsvTable> tables(program.tables.size());
    std::vector<const io::CsvTable*> present(program.tables.size(), nullptr);
    const base::SourceFile& source = compilation.sources.Get(test->file->file);
    for (const auto& data : test->data) {
      if (data.table == nullptr) continue;
      const std::int32_t t = program.FindTable(data.table->name);
      if (t < 0) continue;
      io::CsvTable& csv = tables[static_cast<size_t>(t)];
      csv = CsvTableOf(
          *data.decl, source,
          fmt::format("{} (测试 \"{}\" 数据表 {})", source.Path(), test->name, data.table->name));
      present[static_cast<size_t>(t)] = &csv;
    }
    in.loaded = io::LoadCsvTables(program, present, true);

    // 参数 lines, read like --set values (`无`: the parameter has no value).
    // An unknown name is the checker's to report.
    for (const auto& setting : test->params) {
      if (setting.param == nullptr) continue;
      const bool none = setting.decl->value->As<syntax::NoneLit>() != nullptr;
      const std::optional<std::string> text =
          none ? std::nullopt : LiteralText(*setting.decl->value, true);
      const Setting read = ReadSetting(program, setting.param->name, text);
      if ((!none && !text) || read.unknown) {
        in.problems.push_back(fmt::format("参数 {}: 测试中只能写常数", setting.param->name));
      } else if (!read.value) {
        in.problems.push_back(
            fmt::format("参数 {}: {}", setting.param->name, read.problem.In(lang)));
      } else {
        in.overrides.push_back(*read.value);
      }
    }
    inputs.push_back(std::move(in));
  }
  return inputs;
}

std::vector<TestOutcome> RunTestBlocks(const Compilation& compilation, const ir::Program& program,
                                       base::Lang lang) {
  std::vector<TestOutcome> outcomes;
  const checked::Program& cp = *compilation.program;
  for (TestInputs& in : LoadTestInputs(compilation, program, lang)) {
    const checked::Test* test = in.test;
    const io::Loaded& loaded = in.loaded;
    TestOutcome outcome;
    outcome.name = test->name;
    for (const auto& p : loaded.problems) {
      if (!p.warning)
        outcome.problems.push_back(
            fmt::format("{}:{}:{}: {}", p.file, p.line, p.column, p.message.In(lang)));
    }
    for (std::string& p : in.problems) outcome.problems.push_back(std::move(p));

    // A test that calls functions runs a program with one more global
    // definition per call (ir::FromChecked with the test).
    ir::Program with_calls;
    const bool calls = std::any_of(test->expectations.begin(), test->expectations.end(),
                                   [](const auto& e) { return e.decl->call != nullptr; });
    if (calls) {
      base::Diagnostics lowering;
      with_calls = ir::FromChecked(cp, lowering, test);
      for (const base::Diagnostic& d : lowering.Sorted())
        outcome.problems.push_back(d.message.In(lang));
    }
    const ir::Program& run = calls ? with_calls : program;
    auto next_call = static_cast<std::int32_t>(cp.definitions.size());

    exec::Results results = exec::Evaluate(run, loaded.data, in.overrides);
    for (const auto& e : results.errors)
      outcome.problems.push_back(RenderRowError(run, loaded.data, compilation.sources, e, lang));
    outcome.results_json = io::WriteJson(run, loaded.data, results, {});

    // 预期 lines.
    for (const auto& expect : test->expectations) {
      Expectation out;
      const syntax::TestExpect& decl = *expect.decl;
      out.span = decl.call != nullptr ? decl.call->span : decl.table.span;
      out.what = What(decl);
      out.expected = decl.fails ? "出错" : (decl.value ? syntax::PrintExpr(*decl.value) : "");
      // Find the value.
      const column::Column* col = nullptr;
      const ir::Display* display = nullptr;
      std::int32_t definition = -1;    // the definition read, if it is one
      std::int32_t expect_table = -1;  // its table
      size_t row = 0;
      bool found = false;
      if (decl.call != nullptr) {
        definition = next_call++;
      } else if (expect.table == nullptr && expect.definition != nullptr) {
        for (std::int32_t g : run.globals) {
          if (run.definitions[static_cast<size_t>(g)].name == expect.definition->name)
            definition = g;
        }
      }
      if (definition >= 0) {  // a global value: one row
        const ir::Definition& d = run.definitions[static_cast<size_t>(definition)];
        col = &results.globals[static_cast<size_t>(d.slot)];
        display = &d.display;
        out.clauses = Clauses(d);
        found = true;
      } else if (expect.table != nullptr) {
        const std::int32_t t = run.FindTable(expect.table->name);
        expect_table = t;
        const auto& td = loaded.data.tables[static_cast<size_t>(t)];
        const std::string key = decl.key ? decl.key->text : "";
        for (size_t r = 0; r < td.keys.size(); ++r) {
          if (td.keys[r] == key) {
            row = r;
            found = true;
          }
        }
        if (found && expect.definition != nullptr) {
          const ir::Table& table = run.tables[static_cast<size_t>(t)];
          for (std::int32_t d : table.definitions) {
            const ir::Definition& def = run.definitions[static_cast<size_t>(d)];
            if (def.name != expect.definition->name) continue;
            col = &results.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)];
            definition = d;
            display = &def.display;
            out.clauses = Clauses(def);
          }
        } else if (found && expect.column != nullptr) {
          col = &td.columns[expect.column->index];
          display = &run.tables[static_cast<size_t>(t)].columns[expect.column->index].display;
        }
      }
      if (col == nullptr || display == nullptr) {
        out.actual =
            found ? "(找不到)" : fmt::format("(测试数据中没有 {})", decl.key ? decl.key->text : "");
        outcome.expectations.push_back(std::move(out));
        continue;
      }
      if (col->state[row] == State::kError) {
        // The errors of this row under this definition; if it has none, the
        // error came from a value it read, so the row's other errors.
        // Matched in either language.
        std::vector<const exec::RowError*> own, upstream;
        for (const auto& e : results.errors) {
          // A global value's errors have no table; a table value's are its row's.
          const bool same_row =
              e.table < 0 ? expect.table == nullptr
                          : expect.table != nullptr && static_cast<size_t>(e.row) == row &&
                                run.tables[static_cast<size_t>(e.table)].name == expect.table->name;
          if (same_row) (e.definition == definition ? own : upstream).push_back(&e);
        }
        std::vector<base::Message> causes;
        for (const exec::RowError* e : own.empty() ? upstream : own) causes.push_back(e->message);
        // Or a cell of the row that could not be read.
        if (expect_table >= 0) {
          const column::TableData& td = loaded.data.tables[static_cast<size_t>(expect_table)];
          const column::RowOrigin& origin = td.origins[row];
          for (const io::DataProblem& p : loaded.problems) {
            if (!p.warning && p.line == origin.line &&
                p.file == loaded.data.files[static_cast<size_t>(origin.file)])
              causes.push_back(p.message);
          }
        }
        out.actual = causes.empty() ? "出错" : "出错: " + causes.front().In(lang);
        bool text_found = !decl.failure_text;
        const std::string wanted = decl.failure_text ? decl.failure_text->value : "";
        for (const base::Message& m : causes) {
          if (m.zh.find(wanted) != std::string::npos || m.en.find(wanted) != std::string::npos)
            text_found = true;
        }
        if (!text_found) out.actual += fmt::format(" (没有找到 \"{}\")", wanted);
        out.passed = decl.fails && text_found;
        outcome.expectations.push_back(std::move(out));
        continue;
      }
      out.actual = io::WrittenValue(run, loaded.data, *display, *col, row);
      if (decl.fails || !decl.value) {
        outcome.expectations.push_back(std::move(out));
        continue;
      }
      if (decl.value->As<syntax::NoneLit>() != nullptr) {
        // `= 无` holds for no value only: not for 0, and not for an error
        // (which was handled above).
        out.passed = col->state[row] == State::kNone;
        outcome.expectations.push_back(std::move(out));
        continue;
      }
      auto text = LiteralText(*decl.value);
      if (!text) {
        out.actual += " (预期值必须是常数)";
        outcome.expectations.push_back(std::move(out));
        continue;
      }
      if (display->kind == ValueKind::kText) {
        // Text is compared as written: "" is an empty text, not an empty cell.
        out.passed = col->state[row] == State::kValue && col->texts[row] == *text;
        outcome.expectations.push_back(std::move(out));
        continue;
      }
      // Read the expected text exactly as a cell of this type, then compare.
      ir::Column as_column;
      as_column.name = out.what;
      as_column.display = *display;
      as_column.display.optional = false;
      column::Column expected(display->kind, 1);
      if (display->kind == ValueKind::kNumber) as_column.display.percent = true;  // accept 50%
      if (auto problem = io::ReadCell(run, as_column, *text, &loaded.data, expected, 0)) {
        out.actual += " (" + problem->In(lang) + ")";
      } else if (col->state[row] == State::kValue && expected.state[0] == State::kValue) {
        switch (display->kind) {
          case ValueKind::kNumber:
            out.passed = col->Number(row) == expected.Number(0);
            break;
          case ValueKind::kText:
            out.passed = col->texts[row] == expected.texts[0];
            break;
          default:
            out.passed = col->codes[row] == expected.codes[0];
            break;
        }
      }
      outcome.expectations.push_back(std::move(out));
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

std::string ReportTests(const std::string& path, const base::SourceManager& sources,
                        const std::vector<TestOutcome>& outcomes, base::Lang lang) {
  const bool zh = lang == base::Lang::kZh;
  std::string out;
  for (const TestOutcome& t : outcomes) {
    const bool good = t.Passed();
    out += fmt::format("{} {}: {}\n", good ? (zh ? "通过" : "PASS") : (zh ? "失败" : "FAIL"), path,
                       t.name);
    if (good) continue;
    for (const Expectation& e : t.expectations) {
      if (e.passed) continue;
      const base::LineCol at = sources.Get(e.span.file).Locate(e.span.begin);
      const std::string cites =
          e.clauses.empty() ? "" : fmt::format(zh ? " (依据 {})" : " (cites {})", e.clauses);
      out += zh ? fmt::format("  {}:{}: 预期 {} = {}, 实际为 {}{}\n", path, at.line, e.what,
                              e.expected, e.actual, cites)
                : fmt::format("  {}:{}: expected {} = {}, got {}{}\n", path, at.line, e.what,
                              e.expected, e.actual, cites);
    }
    for (const std::string& p : t.problems) out += "  " + p + "\n";
  }
  return out;
}

}  // namespace arl::driver
