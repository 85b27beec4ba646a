// `arl explain`: finds the unit, evaluates with everything kept, and writes
// the derivation tree of its outputs as text or JSON.
#include "compiler/driver/explain.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/base/utf8.h"
#include "runtime/exec/explain.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

/// Lines of a rule shown; a longer one (a 分等 block, a 查表) ends in "…".
constexpr size_t kMaxRuleLines = 12;

/// The unit: a row of an entity table.
struct Unit {
  std::int32_t table = -1;
  std::uint32_t row = 0;
};

/// Finds `KEY` or `TABLE[KEY]`; a usage problem otherwise.
std::optional<Unit> FindUnit(const ir::Program& program, const column::Dataset& data,
                             const std::string& spec, bool zh, std::string& problem) {
  std::string table_name;
  std::string key = spec;
  const size_t open = spec.find('[');
  if (open != std::string::npos && spec.size() > open + 1 && spec.back() == ']') {
    table_name = spec.substr(0, open);
    key = spec.substr(open + 1, spec.size() - open - 2);
  }
  std::vector<Unit> found;
  std::vector<std::string> tables;
  for (size_t t = 0; t < program.tables.size(); ++t) {
    const ir::Table& table = program.tables[t];
    if (!table.entity || (!table_name.empty() && table.name != table_name)) continue;
    tables.push_back(table.name);
    const column::TableData& td = data.tables[t];
    for (size_t r = 0; r < td.keys.size(); ++r) {
      if (td.keys[r] == key)
        found.push_back(Unit{static_cast<std::int32_t>(t), static_cast<std::uint32_t>(r)});
    }
  }
  if (!table_name.empty() && tables.empty()) {
    problem = fmt::format(zh ? "没有名为 `{}` 的实体表" : "no entity table named `{}`", table_name);
    return std::nullopt;
  }
  if (found.size() == 1) return found[0];
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (const Unit& u : found)
      names.push_back(
          fmt::format("{}[{}]", program.tables[static_cast<size_t>(u.table)].name, key));
    problem = fmt::format(zh ? "`{}` 在几张表里都有, 请写明是哪一个: {}"
                             : "`{}` is a key of several tables; say which: {}",
                          key, fmt::join(names, ", "));
    return std::nullopt;
  }
  std::vector<std::string> keys;
  for (size_t t = 0; t < program.tables.size(); ++t) {
    const ir::Table& table = program.tables[t];
    if (!table.entity || (!table_name.empty() && table.name != table_name)) continue;
    for (size_t r = 0; r < data.tables[t].keys.size(); ++r)
      keys.emplace_back(data.tables[t].keys[r]);
  }
  const base::Message near = base::DidYouMean(key, keys);
  problem = fmt::format(zh ? "数据里没有单位 `{}`{}" : "no unit `{}` in the data{}", key,
                        zh ? near.zh : near.en);
  return std::nullopt;
}

/// Writes the derivation trees, as text or JSON, with the names, values and
/// source text that the explainer's steps refer to by index.
class Writer {
 public:
  Writer(const Prepared& prepared, exec::Explainer& explainer, base::Lang lang)
      : p_(prepared.program),
        data_(prepared.loaded.data),
        sources_(prepared.compilation.sources),
        checked_(*prepared.compilation.program),
        ex_(explainer),
        zh_(lang == base::Lang::kZh),
        lang_(lang) {}

  std::string RowName(std::int32_t table, std::uint32_t row) const {
    const column::TableData& td = data_.tables[static_cast<size_t>(table)];
    const std::string& name = p_.tables[static_cast<size_t>(table)].name;
    if (row < td.keys.size()) return fmt::format("{}[{}]", name, td.keys[row]);
    return fmt::format("{} ({})", name, Origin(table, row));
  }

  std::string Origin(std::int32_t table, std::uint32_t row) const {
    const column::TableData& td = data_.tables[static_cast<size_t>(table)];
    if (row >= td.origins.size()) return "";
    const column::RowOrigin& o = td.origins[row];
    return fmt::format("{}:{}", data_.files[static_cast<size_t>(o.file)], o.line);
  }

  /// The definition as written: the whole lines from its name's (where
  /// 定义/输出 is) to its expression's last.
  base::Span RuleSpan(const ir::Definition& d) const {
    if (!sources_.Contains(d.span.file)) return d.span;
    const base::SourceFile& file = sources_.Get(d.span.file);
    uint32_t last = d.span.end;
    if (d.root != ir::kNoNode && p_.At(d.root).span.file == d.span.file)
      last = std::max(last, p_.At(d.root).span.end);
    const size_t end = file.Text().find('\n', last);
    return base::Span{d.span.file, file.LineStart(file.Locate(d.span.begin).line),
                      static_cast<uint32_t>(end == std::string::npos ? file.Text().size() : end)};
  }

  /// The source text of `span`, at most kMaxRuleLines lines.
  std::string RuleText(base::Span span) const {
    if (!sources_.Contains(span.file)) return "";
    const std::string& text = sources_.Get(span.file).Text();
    if (span.begin >= text.size() || span.end <= span.begin) return "";
    std::string out = text.substr(span.begin, std::min<size_t>(span.end, text.size()) - span.begin);
    size_t lines = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i] == '\n' && ++lines == kMaxRuleLines) {
        out = out.substr(0, i) + "\n…";
        break;
      }
    }
    return out;
  }

  std::string Where(base::Span span) const {
    if (!sources_.Contains(span.file)) return "";
    const base::SourceFile& file = sources_.Get(span.file);
    const base::LineCol at = file.Locate(span.begin);
    return fmt::format("{}:{}", file.Path(), at.line);
  }

  std::string Value(const exec::Read& read) const {
    if (read.kind == exec::Read::Kind::kKey)
      return std::string(data_.tables[static_cast<size_t>(read.table)].keys[read.row]);
    const auto [column, slot] = ex_.Value(read);
    if (column == nullptr || slot >= column->Size()) return zh_ ? "(未计算)" : "(not computed)";
    if (column->state[slot] == column::State::kError) return zh_ ? "(出错)" : "(error)";
    return io::WrittenValue(p_, data_, Display(read), *column, slot);
  }

  const ir::Display& Display(const exec::Read& read) const {
    static const ir::Display kPlain;
    const auto i = static_cast<size_t>(read.index);
    switch (read.kind) {
      case exec::Read::Kind::kInput:
        return p_.tables[static_cast<size_t>(read.table)].columns[i].display;
      case exec::Read::Kind::kParam:
        return p_.params[i].display;
      case exec::Read::Kind::kDefinition:
        return p_.definitions[i].display;
      case exec::Read::Kind::kKey:
        break;
    }
    return kPlain;
  }

  std::string Name(const exec::Read& read) const {
    const auto i = static_cast<size_t>(read.index);
    switch (read.kind) {
      case exec::Read::Kind::kInput:
        return p_.tables[static_cast<size_t>(read.table)].columns[i].name;
      case exec::Read::Kind::kParam:
        return p_.params[i].name;
      case exec::Read::Kind::kDefinition:
        return p_.definitions[i].name;
      case exec::Read::Kind::kKey:
        break;
    }
    return zh_ ? "名称" : "key";
  }

  /// Assumption ids with their text, as declared.
  std::string Assumption(const std::string& id) const {
    const auto it = checked_.assumptions_by_id.find(id);
    if (it == checked_.assumptions_by_id.end() || it->second->decl == nullptr) return id;
    return fmt::format("{} {}", id, it->second->decl->text.value);
  }

  // ---- text ----

  void Text(std::int32_t definition, std::uint32_t row, size_t depth, std::string& out) {
    const ir::Definition& d = p_.definitions[static_cast<size_t>(definition)];
    const exec::Read self{exec::Read::Kind::kDefinition, d.table, row, definition};
    const std::string indent(depth * 4, ' ');
    const std::string where =
        d.table >= 0 && d.table != unit_table_ ? " (" + RowName(d.table, row) + ")" : "";
    out += fmt::format("{}{}{} = {}\n", indent, d.name, where, Value(self));
    if (!shown_.insert({definition, d.table >= 0 ? row : 0}).second) {
      out += fmt::format("{}    {}\n", indent, zh_ ? "(见上)" : "(see above)");
      return;
    }
    const std::string rule = RuleText(RuleSpan(d));
    if (!rule.empty()) {
      std::string shifted;
      for (char c : rule) shifted += c == '\n' ? "\n" + indent + "    | " : std::string(1, c);
      out += fmt::format("{}    | {}\n", indent, shifted);
    }
    out += fmt::format("{}    {}: {}\n", indent, zh_ ? "位置" : "at", Where(d.span));
    if (!d.clauses.empty())
      out += fmt::format("{}    {}: {}\n", indent, zh_ ? "依据" : "clause",
                         fmt::join(d.clauses, "; "));
    for (const std::string& a : d.assumptions)
      out += fmt::format("{}    {}: {}\n", indent, zh_ ? "假定" : "assumes", Assumption(a));
    const exec::Step step = ex_.Explain(definition, row);
    for (const exec::Note& note : step.notes) {
      const std::string about = RuleText(note.span);
      out += fmt::format("{}    * {}{}\n", indent, note.message.In(lang_),
                         about.empty() || about.find('\n') != std::string::npos
                             ? ""
                             : fmt::format(" «{}»", about));
    }
    for (const exec::Read& read : step.reads) {
      if (read.kind == exec::Read::Kind::kDefinition) {
        Text(read.index, read.row, depth + 1, out);
        continue;
      }
      std::string from;
      if (read.kind == exec::Read::Kind::kParam) {
        from = zh_ ? "参数" : "parameter";
      } else {
        from = fmt::format("{} {}", zh_ ? "输入" : "input", Origin(read.table, read.row));
        if (read.table != unit_table_) from += ", " + RowName(read.table, read.row);
      }
      out += fmt::format("{}    {} = {}  [{}]\n", indent, Name(read), Value(read), from);
    }
  }

  // ---- JSON ----

  void Json(std::int32_t definition, std::uint32_t row, std::string& out) {
    const ir::Definition& d = p_.definitions[static_cast<size_t>(definition)];
    const exec::Read self{exec::Read::Kind::kDefinition, d.table, row, definition};
    out += "{\"name\": ";
    io::JsonString(out, d.name);
    if (d.table >= 0) {
      out += ", \"row\": ";
      io::JsonString(out, RowName(d.table, row));
    }
    out += ", \"value\": ";
    io::JsonString(out, Value(self));
    if (!shown_.insert({definition, d.table >= 0 ? row : 0}).second) {
      out += ", \"see_above\": true}";
      return;
    }
    out += ", \"rule\": ";
    io::JsonString(out, RuleText(RuleSpan(d)));
    out += ", \"at\": ";
    io::JsonString(out, Where(d.span));
    out += ", \"clauses\": [";
    for (size_t i = 0; i < d.clauses.size(); ++i) {
      if (i > 0) out += ", ";
      io::JsonString(out, d.clauses[i]);
    }
    out += "], \"assumptions\": [";
    for (size_t i = 0; i < d.assumptions.size(); ++i) {
      if (i > 0) out += ", ";
      io::JsonString(out, Assumption(d.assumptions[i]));
    }
    const exec::Step step = ex_.Explain(definition, row);
    out += "], \"notes\": [";
    for (size_t i = 0; i < step.notes.size(); ++i) {
      if (i > 0) out += ", ";
      out += "{\"text\": ";
      io::JsonString(out, step.notes[i].message.In(lang_));
      out += ", \"rule\": ";
      io::JsonString(out, RuleText(step.notes[i].span));
      out += "}";
    }
    out += "], \"reads\": [";
    for (size_t i = 0; i < step.reads.size(); ++i) {
      const exec::Read& read = step.reads[i];
      if (i > 0) out += ", ";
      if (read.kind == exec::Read::Kind::kDefinition) {
        Json(read.index, read.row, out);
        continue;
      }
      out += "{\"name\": ";
      io::JsonString(out, Name(read));
      out += ", \"value\": ";
      io::JsonString(out, Value(read));
      if (read.kind == exec::Read::Kind::kParam) {
        out += ", \"kind\": \"parameter\"}";
        continue;
      }
      out += ", \"kind\": \"input\", \"row\": ";
      io::JsonString(out, RowName(read.table, read.row));
      out += ", \"from\": ";
      io::JsonString(out, Origin(read.table, read.row));
      out += "}";
    }
    out += "]}";
  }

  void SetUnitTable(std::int32_t table) { unit_table_ = table; }

 private:
  const ir::Program& p_;
  const column::Dataset& data_;
  const base::SourceManager& sources_;
  const checked::Program& checked_;
  exec::Explainer& ex_;
  bool zh_;
  base::Lang lang_;
  std::int32_t unit_table_ = -1;
  std::set<std::pair<std::int32_t, std::uint32_t>> shown_;  // (definition, row) written
};

}  // namespace

std::string ExplainText(const Prepared& prepared, exec::Explainer& explainer, std::int32_t table,
                        std::uint32_t row, const std::vector<std::int32_t>& definitions,
                        base::Lang lang) {
  Writer writer(prepared, explainer, lang);
  writer.SetUnitTable(table);
  std::string out = fmt::format("{} ({})\n", writer.RowName(table, row), writer.Origin(table, row));
  for (std::int32_t d : definitions) {
    out += "\n";
    writer.Text(d, row, 0, out);
  }
  return out;
}

RunOutcome Explain(const ExplainRequest& request) {
  RunOutcome outcome;
  std::unique_ptr<Prepared> prepared = Prepare(request.run, outcome, [](const char*) {});
  if (prepared == nullptr) return outcome;
  const bool zh = request.run.lang == base::Lang::kZh;
  const ir::Program& program = prepared->program;
  const column::Dataset& data = prepared->loaded.data;

  std::string problem;
  const std::optional<Unit> unit = FindUnit(program, data, request.unit, zh, problem);
  if (!unit) {
    outcome.err += fmt::format("arl: {}\n", problem);
    outcome.exit = kExitUsage;
    return outcome;
  }
  const ir::Table& table = program.tables[static_cast<size_t>(unit->table)];
  std::vector<std::int32_t> chosen;
  if (request.output.empty()) {
    for (std::int32_t d : table.definitions) {
      if (program.definitions[static_cast<size_t>(d)].output) chosen.push_back(d);
    }
  } else {
    std::vector<std::string> names;
    for (std::int32_t d : table.definitions) {
      const std::string& name = program.definitions[static_cast<size_t>(d)].name;
      if (name == request.output) chosen.push_back(d);
      names.push_back(name);
    }
    if (chosen.empty()) {
      outcome.err += fmt::format(
          zh ? "arl: {} 没有名为 `{}` 的定义{}\n" : "arl: {} has no definition named `{}`{}\n",
          table.name, request.output, base::DidYouMean(request.output, names).In(request.run.lang));
      outcome.exit = kExitUsage;
      return outcome;
    }
  }

  exec::Explainer explainer(program, data, prepared->overrides);
  Writer writer(*prepared, explainer, request.run.lang);
  writer.SetUnitTable(unit->table);
  std::string out;
  if (request.format == "json") {
    out += "{\"policy\": ";
    io::JsonString(out, program.policy);
    out += ", \"unit\": ";
    io::JsonString(out, writer.RowName(unit->table, unit->row));
    out += ", \"from\": ";
    io::JsonString(out, writer.Origin(unit->table, unit->row));
    out += ", \"outputs\": [";
    for (size_t i = 0; i < chosen.size(); ++i) {
      out += i > 0 ? ",\n  " : "\n  ";
      writer.Json(chosen[i], unit->row, out);
    }
    out += "\n]}\n";
  } else {
    out = ExplainText(*prepared, explainer, unit->table, unit->row, chosen, request.run.lang);
  }
  outcome.out = std::move(out);
  outcome.exit = prepared->loaded.HasErrors() || explainer.RunHadErrors() ? kExitErrors : 0;
  return outcome;
}

}  // namespace arl::driver
