// Turning CSV fields into typed columns.

#include "runtime/io/load.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <unordered_map>

#include "compiler/base/suggest.h"

namespace arl::io {

using base::Message;
using column::State;
using ir::ValueKind;
using value::Decimal;

bool Loaded::HasErrors() const {
  for (const auto& p : problems) {
    if (!p.warning) return true;
  }
  return false;
}

namespace {

std::optional<Message> ReadNumber(const ir::Column& column, std::string text, Decimal* out) {
  bool percent = false;
  if (column.display.percent && !text.empty() && text.back() == '%') {
    text.pop_back();
    percent = true;
  }
  const auto parsed = Decimal::ParseDetailed(text);
  if (!parsed.value) {
    switch (parsed.problem) {
      case value::ParseResult::Problem::kTooManyDecimals:
        return Message{fmt::format("`{}` 的小数位太多 (最多 {} 位)", text, Decimal::kFracDigits),
                       fmt::format("`{}` has too many decimal places (at most {})", text,
                                   Decimal::kFracDigits)};
      case value::ParseResult::Problem::kTooLarge:
        return Message{fmt::format("`{}` 太大了", text), fmt::format("`{}` is too large", text)};
      default:
        return Message{
            fmt::format("`{}` 不是数{}", text,
                        text.find(',') != std::string::npos ? " (不要用千位分隔符)" : ""),
            fmt::format("`{}` is not a number{}", text,
                        text.find(',') != std::string::npos
                            ? " (write it without thousands separators)"
                            : "")};
    }
  }
  Decimal v = *parsed.value;
  if (percent && v.Div(Decimal::FromInt(100), Decimal::kFracDigits, value::Rounding::kHalfEven,
                       &v) != value::DivStatus::kOk) {
    return Message{fmt::format("`{}%` 无法精确表示", text),
                   fmt::format("`{}%` cannot be represented exactly", text)};
  }
  if (column.display.integer && !v.IsInteger()) {
    return Message{fmt::format("`{}` 不是整数", text),
                   fmt::format("`{}` is not a whole number", text)};
  }
  if (column.range_low && column.range_high && (v < *column.range_low || v > *column.range_high)) {
    return Message{fmt::format("{} 超出了范围 {}..{}", text, column.range_low->ToString(),
                               column.range_high->ToString()),
                   fmt::format("{} is outside the range {}..{}", text, column.range_low->ToString(),
                               column.range_high->ToString())};
  }
  *out = v;
  return std::nullopt;
}

std::optional<int> ReadBool(const std::string& text) {
  static const std::pair<const char*, int> kWords[] = {
      {"是", 1},    {"否", 0},   {"true", 1},  {"false", 0}, {"TRUE", 1},
      {"FALSE", 0}, {"True", 1}, {"False", 0}, {"1", 1},     {"0", 0}};
  for (const auto& [word, value] : kWords) {
    if (text == word) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Message> ReadCell(const ir::Program& program, const ir::Column& column,
                                const std::string& text, const column::Dataset* data,
                                column::Column& out, size_t row) {
  if (text.empty()) {
    if (column.blank) {
      switch (column.display.kind) {
        case ValueKind::kNumber:
          out.SetNumber(row, column.blank->number);
          break;
        case ValueKind::kText:
          out.SetText(row, column.blank->text);
          break;
        default:
          out.SetCode(row, column.blank->code);
          break;
      }
      return std::nullopt;
    }
    out.state[row] = State::kNone;
    if (column.display.optional || column.blank_param >= 0) return std::nullopt;
    out.state[row] = State::kError;
    return Message{"是空的, 但这一列必须有值 (规则中可以写 `?` 或 `空为`)",
                   "empty, but this column needs a value (the rules may allow it with `?` or "
                   "`空为`)"};
  }
  switch (column.display.kind) {
    case ValueKind::kNumber: {
      Decimal v;
      if (auto problem = ReadNumber(column, text, &v)) {
        out.state[row] = State::kError;
        return problem;
      }
      out.SetNumber(row, v);
      return std::nullopt;
    }
    case ValueKind::kBool:
      if (auto b = ReadBool(text)) {
        out.SetCode(row, *b);
        return std::nullopt;
      }
      out.state[row] = State::kError;
      return Message{fmt::format("`{}` 不是 是/否 (也可写 true/false, 1/0)", text),
                     fmt::format("`{}` is not yes/no: write 是/否, true/false or 1/0", text)};
    case ValueKind::kText:
      out.SetText(row, text);
      return std::nullopt;
    case ValueKind::kEnum: {
      const auto& m = column.display.members;
      for (size_t i = 0; i < m.size(); ++i) {
        if (m[i] == text) {
          out.SetCode(row, static_cast<std::int32_t>(i));
          return std::nullopt;
        }
      }
      out.state[row] = State::kError;
      auto near = base::ClosestName(text, m);
      return Message{fmt::format("`{}` 不是可选的值 ({}) 之一{}", text, fmt::join(m, "、"),
                                 near ? fmt::format("; 是不是 `{}`?", *near) : ""),
                     fmt::format("`{}` is not one of the values {}{}", text, fmt::join(m, "、"),
                                 near ? fmt::format("; did you mean `{}`?", *near) : "")};
    }
    case ValueKind::kRef: {
      const std::int32_t target = column.display.table;
      if (data == nullptr || target < 0) return std::nullopt;
      const auto& t = data->tables[static_cast<size_t>(target)];
      const std::string& target_name = program.tables[static_cast<size_t>(target)].name;
      for (size_t i = 0; i < t.keys.size(); ++i) {
        if (t.keys[i] == text) {
          out.SetCode(row, static_cast<std::int32_t>(i));
          return std::nullopt;
        }
      }
      out.state[row] = State::kError;
      auto near = base::ClosestName(text, t.keys);
      return Message{fmt::format("{} 中没有 `{}`{}", target_name, text,
                                 near ? fmt::format("; 是不是 `{}`?", *near) : ""),
                     fmt::format("there is no `{}` in {}{}", text, target_name,
                                 near ? fmt::format("; did you mean `{}`?", *near) : "")};
    }
  }
  return std::nullopt;
}

namespace {

class Loader {
 public:
  Loader(const ir::Program& program, Loaded& out, bool absent_columns_empty = false)
      : p_(program),
        out_(out),
        absent_columns_empty_(absent_columns_empty),
        file_index_(program.tables.size(), 0) {}

  void Load(const std::vector<const CsvTable*>& files) {
    auto& data = out_.data;
    data.tables.resize(p_.tables.size());
    std::vector<std::vector<std::int32_t>> column_of(p_.tables.size());  // field → column
    std::vector<std::vector<size_t>> kept(p_.tables.size());             // records loaded
    // Pass 1: headers, and the keys of entity tables (references need them).
    for (size_t t = 0; t < p_.tables.size(); ++t) {
      if (files[t] == nullptr) continue;
      const CsvTable& csv = *files[t];
      const ir::Table& table = p_.tables[t];
      data.files.push_back(csv.file);
      file_index_[t] = static_cast<std::int32_t>(data.files.size() - 1);
      column_of[t] = MapHeader(table, csv);
      const std::int32_t key_field = FieldOf(column_of[t], 0);
      if (table.entity && key_field < 0) {
        // No keys, no rows: every row is lost to this one problem.
        if (absent_columns_empty_)
          Problem(csv.file, 1, 0,
                  Message{fmt::format("缺少 {} 这一列", table.name),
                          fmt::format("the column {} is missing", table.name)});
        continue;
      }
      std::unordered_map<std::string, size_t> seen;
      for (size_t r = 0; r < csv.records.size(); ++r) {
        const Record& rec = csv.records[r];
        if (table.entity && key_field >= 0) {
          const std::string key = FieldText(rec, key_field);
          if (key.empty()) {
            Problem(csv.file, rec.line, FieldColumn(rec, key_field),
                    Message{fmt::format("{} 是空的: 每一行都要有 {}", table.name, table.name),
                            fmt::format("the key {} is empty: every row needs one", table.name)});
            continue;
          }
          auto [it, fresh] = seen.emplace(key, r);
          if (!fresh) {
            Problem(csv.file, rec.line, FieldColumn(rec, key_field),
                    Message{fmt::format("{} `{}` 重复了 (第 {} 行已有), 这一行没有读入", table.name,
                                        key, csv.records[it->second].line),
                            fmt::format("{} `{}` repeats line {}; this row was not loaded",
                                        table.name, key, csv.records[it->second].line)});
            continue;
          }
          data.tables[t].keys.push_back(key);
        }
        kept[t].push_back(r);
      }
      data.tables[t].rows = kept[t].size();
    }
    // Pass 2: every cell.
    for (size_t t = 0; t < p_.tables.size(); ++t) {
      const ir::Table& table = p_.tables[t];
      column::TableData& td = data.tables[t];
      for (const auto& c : table.columns) td.columns.emplace_back(c.display.kind, td.rows);
      if (files[t] == nullptr) {
        td.absent = !absent_columns_empty_;  // a 测试 block may leave a table out
        continue;
      }
      const CsvTable& csv = *files[t];
      std::vector<std::int32_t> field_of(table.columns.size());  // column → field, -1: absent
      for (size_t c = 0; c < table.columns.size(); ++c) field_of[c] = FieldOf(column_of[t], c);
      for (size_t i = 0; i < kept[t].size(); ++i) {
        const Record& rec = csv.records[kept[t][i]];
        td.origins.push_back(column::RowOrigin{file_index_[t], rec.line});
        for (size_t c = 0; c < table.columns.size(); ++c) {
          const ir::Column& col = table.columns[c];
          if (col.is_key) {
            td.columns[c].SetCode(i, static_cast<std::int32_t>(i));
            continue;
          }
          const std::int32_t f = field_of[c];
          if (f < 0 && absent_columns_empty_) {
            ir::Column lenient = col;
            lenient.display.optional = true;
            ReadCell(p_, lenient, "", &data, td.columns[c], i);
            continue;
          }
          if (f < 0) {
            td.columns[c].state[i] = State::kError;  // the missing column is reported once
            continue;
          }
          if (auto problem = ReadCell(p_, col, FieldText(rec, f), &data, td.columns[c], i)) {
            Problem(csv.file, rec.line, FieldColumn(rec, f),
                    Message{fmt::format("{}: {}", col.name, problem->zh),
                            fmt::format("{}: {}", col.name, problem->en)});
          }
        }
      }
    }
  }

 private:
  static std::int32_t FieldOf(const std::vector<std::int32_t>& column_of, size_t column) {
    for (size_t f = 0; f < column_of.size(); ++f) {
      if (column_of[f] == static_cast<std::int32_t>(column)) return static_cast<std::int32_t>(f);
    }
    return -1;
  }
  static std::string FieldText(const Record& rec, std::int32_t f) {
    const auto i = static_cast<size_t>(f);
    return i < rec.fields.size() ? rec.fields[i].text : std::string();
  }
  static int FieldColumn(const Record& rec, std::int32_t f) {
    const auto i = static_cast<size_t>(f);
    return i < rec.fields.size() ? rec.fields[i].column : 0;
  }

  std::vector<std::int32_t> MapHeader(const ir::Table& table, const CsvTable& csv) {
    std::vector<std::int32_t> column_of(csv.header.size(), -1);
    std::vector<std::string> names;
    for (const auto& c : table.columns) names.push_back(c.name);
    for (size_t f = 0; f < csv.header.size(); ++f) {
      const std::string& name = csv.header[f].text;
      auto it = std::find(names.begin(), names.end(), name);
      if (it != names.end()) {
        column_of[f] = static_cast<std::int32_t>(it - names.begin());
        continue;
      }
      auto near = base::ClosestName(name, names);
      DataProblem w;
      w.warning = true;
      w.file = csv.file;
      w.line = csv.header[f].line;
      w.column = csv.header[f].column;
      w.message =
          Message{fmt::format("规则中的 {} 没有 `{}` 这一列, 已忽略{}", table.name, name,
                              near ? fmt::format("; 是不是 `{}`?", *near) : ""),
                  fmt::format("{} has no column `{}` in the rules; it is ignored{}", table.name,
                              name, near ? fmt::format("; did you mean `{}`?", *near) : "")};
      out_.problems.push_back(std::move(w));
    }
    for (size_t c = 0; c < table.columns.size() && !absent_columns_empty_; ++c) {
      if (FieldOf(column_of, c) >= 0) continue;
      Problem(csv.file, 1, 0,
              Message{fmt::format("缺少 {} 这一列", table.columns[c].name),
                      fmt::format("the column {} is missing", table.columns[c].name)});
    }
    return column_of;
  }

  void Problem(const std::string& file, int line, int column, Message message) {
    DataProblem p;
    p.file = file;
    p.line = line;
    p.column = column;
    p.message = std::move(message);
    out_.problems.push_back(std::move(p));
  }

  const ir::Program& p_;
  Loaded& out_;
  bool absent_columns_empty_;
  std::vector<std::int32_t> file_index_;  // table → index in Dataset::files
};

}  // namespace

Loaded LoadCsvTables(const ir::Program& program, const std::vector<const CsvTable*>& tables,
                     bool absent_columns_empty) {
  Loaded out;
  std::vector<const CsvTable*> files = tables;
  files.resize(program.tables.size(), nullptr);
  Loader loader(program, out, absent_columns_empty);
  loader.Load(files);
  return out;
}

Loaded LoadCsvFolder(const ir::Program& program, const std::string& dir) {
  Loaded out;
  std::vector<CsvTable> tables(program.tables.size());
  std::vector<const CsvTable*> files(program.tables.size(), nullptr);
  for (size_t i = 0; i < program.tables.size(); ++i) {
    const std::string path = dir + "/" + program.tables[i].name + ".csv";
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 && errno == ENOENT) {
      DataProblem d;
      d.file = path;
      d.message = Message{
          fmt::format("缺少这个文件: 规则中有表 {} (没有数据的表也要有一行表头)",
                      program.tables[i].name),
          fmt::format("the file is missing: the rules have a table {} (a table with no rows "
                      "still needs its header line)",
                      program.tables[i].name)};
      out.problems.push_back(std::move(d));
      continue;
    }
    CsvResult r = ReadCsvFile(path);
    for (const CsvProblem& p : r.problems) {
      DataProblem d;
      d.file = p.file;
      d.line = p.line;
      d.column = p.column;
      d.message = Message{p.message_zh, p.message_en};
      out.problems.push_back(std::move(d));
    }
    if (!r.table) continue;
    if (r.table->encoding != "UTF-8") {
      DataProblem w;
      w.warning = true;
      w.file = path;
      w.message =
          Message{fmt::format("文件是 {} 编码, 已按 {} 读入", r.table->encoding, r.table->encoding),
                  fmt::format("the file is {}-encoded and was read as such", r.table->encoding)};
      out.problems.push_back(std::move(w));
    }
    tables[i] = std::move(*r.table);
    files[i] = &tables[i];
  }
  Loader loader(program, out);
  loader.Load(files);
  return out;
}

}  // namespace arl::io
