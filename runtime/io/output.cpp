#include "runtime/io/output.h"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "compiler/base/utf8.h"
#include "runtime/io/aside_thread.h"

namespace arl::io {

using column::State;
using ir::ValueKind;

namespace {

/// The columns of a result row: the key or owner column, then every output.
struct ResultColumn {
  std::string name;
  const ir::Display* display;
  const column::Column* column;
};

std::vector<ResultColumn> Columns(const ir::Program& program, const column::Dataset& data,
                                  const exec::Results& results, std::int32_t table) {
  const auto t = static_cast<size_t>(table);
  const ir::Table& tab = program.tables[t];
  std::vector<ResultColumn> out;
  if (!tab.columns.empty())
    out.push_back({tab.columns[0].name, &tab.columns[0].display, &data.tables[t].columns[0]});
  for (std::int32_t d : tab.definitions) {
    const ir::Definition& def = program.definitions[static_cast<size_t>(d)];
    if (!def.output) continue;
    out.push_back({def.name, &def.display, &results.tables[t][static_cast<size_t>(def.slot)]});
  }
  return out;
}

}  // namespace

std::vector<std::int32_t> ResultTables(const ir::Program& program) {
  std::vector<std::int32_t> out;
  for (size_t t = 0; t < program.tables.size(); ++t) {
    for (std::int32_t d : program.tables[t].definitions) {
      if (program.definitions[static_cast<size_t>(d)].output) {
        out.push_back(static_cast<std::int32_t>(t));
        break;
      }
    }
  }
  return out;
}

namespace {

/// The text of a text, enum or reference slot that has a value, as a view
/// of what the column, the enum or the keys hold; `scratch` holds a code
/// that has no name (which a checked program never makes).
std::string_view Label(const column::Dataset& data, const ir::Display& display,
                       const column::Column& column, size_t row, std::string& scratch) {
  if (display.kind == ValueKind::kText) return column.texts[row];
  const auto code = static_cast<size_t>(column.codes[row]);
  if (display.kind == ValueKind::kEnum && code < display.members.size())
    return display.members[code];
  if (display.kind == ValueKind::kRef && display.table >= 0) {
    const auto& keys = data.tables[static_cast<size_t>(display.table)].keys;
    if (code < keys.size()) return keys[code];
  }
  scratch = std::to_string(column.codes[row]);
  return scratch;
}

}  // namespace

void JsonString(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s, plain, s.size() - plain);
  out += '"';
}

std::string WrittenValue(const ir::Program& program, const column::Dataset& data,
                         const ir::Display& display, const column::Column& column, size_t row) {
  if (column.state[row] == State::kNone) return "无";
  if (display.kind != ValueKind::kNumber) return FormatValue(program, data, display, column, row);
  const value::Decimal v = column.Number(row);
  value::Decimal hundredfold;
  if (display.percent && v.Mul(value::Decimal::FromInt(100), &hundredfold))
    return hundredfold.ToString() + "%";
  return v.ToString() + display.unit;
}

std::string FormatValue(const ir::Program& program, const column::Dataset& data,
                        const ir::Display& display, const column::Column& column, size_t row) {
  (void)program;
  if (column.state[row] != State::kValue) return "";
  if (display.kind == ValueKind::kNumber) return column.Number(row).ToString();
  if (display.kind == ValueKind::kBool) return column.codes[row] != 0 ? "是" : "否";
  std::string scratch;
  return std::string(Label(data, display, column, row, scratch));
}

std::string WriteJson(const ir::Program& program, const column::Dataset& data,
                      const exec::Results& results, const std::vector<std::string>& warnings) {
  std::string all;
  WriteJson(program, data, results, warnings, [&](std::string_view part) { all += part; });
  return all;
}

namespace {

/// Rows of a result table formatted as one piece of the JSON document
/// (about half a megabyte for a table of a dozen columns).
constexpr size_t kJsonPieceRows = 4096;

/// Makes pieces 0 to count-1 with `make` and hands each to `emit`, in order.
/// From four pieces on, a second thread makes the odd ones while this one
/// makes and emits the even ones: formatting a million rows is work for two
/// cores, and the document comes out the same either way.
void EmitInOrder(size_t count, const std::function<void(size_t, std::string&)>& make,
                 const std::function<void(std::string_view)>& emit) {
  std::string piece;
  if (count < 4) {
    for (size_t i = 0; i < count; ++i) {
      piece.clear();
      make(i, piece);
      emit(piece);
    }
    return;
  }
  // The second thread's pieces: odd piece i goes to slot (i / 2) % 2, so it
  // can make one while the last it made waits to be emitted.
  struct Slot {
    std::string text;
    bool ready = false;
  };
  Slot slots[2];
  // Stopped and joined however this function is left (`emit` may throw).
  AsideThread odd;
  std::mutex& mutex = odd.mutex;
  std::condition_variable& changed = odd.changed;
  odd.Start([&] {
    for (size_t i = 1; i < count; i += 2) {
      Slot& slot = slots[(i / 2) % 2];
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return !slot.ready || odd.stop; });
        if (odd.stop) return;
      }
      slot.text.clear();
      make(i, slot.text);
      {
        std::lock_guard<std::mutex> lock(mutex);
        slot.ready = true;
      }
      changed.notify_all();
    }
  });
  for (size_t i = 0; i < count; ++i) {
    if (i % 2 == 0) {
      piece.clear();
      make(i, piece);
      emit(piece);
      continue;
    }
    Slot& slot = slots[(i / 2) % 2];
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return slot.ready; });
    }
    emit(slot.text);
    {
      std::lock_guard<std::mutex> lock(mutex);
      slot.ready = false;
    }
    changed.notify_all();
  }
}

}  // namespace

void WriteJson(const ir::Program& program, const column::Dataset& data,
               const exec::Results& results, const std::vector<std::string>& warnings,
               const std::function<void(std::string_view)>& emit) {
  // Rows go out in pieces of kJsonPieceRows, so a million rows never sit in
  // memory as one document.
  std::string out = "{\"policy\": ";
  JsonString(out, program.policy);
  out += ", \"results\": {";
  bool first_table = true;
  for (std::int32_t t : ResultTables(program)) {
    out += first_table ? "\n  " : ",\n  ";
    first_table = false;
    JsonString(out, program.tables[static_cast<size_t>(t)].name);
    out += ": [";
    emit(out);
    out.clear();
    const auto cols = Columns(program, data, results, t);
    std::vector<std::string> names;  // `"name": `, escaped once per column
    for (size_t c = 0; c < cols.size(); ++c) {
      std::string name = c > 0 ? ", " : "";
      JsonString(name, cols[c].name);
      names.push_back(name + ": ");
    }
    const size_t rows = data.tables[static_cast<size_t>(t)].rows;
    // Rows [first, first + kJsonPieceRows), each after its separator. Called
    // on two threads at once: it only reads, but for its own `scratch`.
    const auto make = [&](size_t piece, std::string& text) {
      std::string scratch;
      const size_t first = piece * kJsonPieceRows;
      for (size_t r = first; r < std::min(rows, first + kJsonPieceRows); ++r) {
        text += r == 0 ? "\n    {" : ",\n    {";
        for (size_t c = 0; c < cols.size(); ++c) {
          text += names[c];
          const column::Column& col = *cols[c].column;
          if (col.state[r] != State::kValue) {
            text += "null";
          } else if (cols[c].display->kind == ValueKind::kNumber) {
            col.Number(r).AppendTo(text);
          } else if (cols[c].display->kind == ValueKind::kBool) {
            text += col.codes[r] != 0 ? "true" : "false";
          } else {
            JsonString(text, Label(data, *cols[c].display, col, r, scratch));
          }
        }
        text += "}";
      }
    };
    EmitInOrder((rows + kJsonPieceRows - 1) / kJsonPieceRows, make, emit);
    out += rows == 0 ? "]" : "\n  ]";
  }
  out += first_table ? "}" : "\n}";
  out += ", \"warnings\": [";
  for (size_t i = 0; i < warnings.size(); ++i) {
    if (i > 0) out += ", ";
    JsonString(out, warnings[i]);
  }
  out += "]}\n";
  emit(out);
}

void CsvField(std::string& out, std::string_view s) {
  // One pass over the bytes (a CSV of a sweep has millions of fields).
  if (std::none_of(s.begin(), s.end(),
                   [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; })) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string WriteCsv(const ir::Program& program, const column::Dataset& data,
                     const exec::Results& results, std::int32_t table) {
  const auto cols = Columns(program, data, results, table);
  std::string out;
  for (size_t c = 0; c < cols.size(); ++c) {
    if (c > 0) out += ',';
    CsvField(out, cols[c].name);
  }
  out += '\n';
  const size_t rows = data.tables[static_cast<size_t>(table)].rows;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c > 0) out += ',';
      CsvField(out, FormatValue(program, data, *cols[c].display, *cols[c].column, r));
    }
    out += '\n';
  }
  return out;
}

std::string WriteTextTable(const ir::Program& program, const column::Dataset& data,
                           const exec::Results& results, std::int32_t table) {
  const auto cols = Columns(program, data, results, table);
  const size_t rows = data.tables[static_cast<size_t>(table)].rows;
  std::vector<std::vector<std::string>> cells(rows + 1);
  std::vector<size_t> width(cols.size(), 0);
  for (size_t c = 0; c < cols.size(); ++c) cells[0].push_back(cols[c].name);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols.size(); ++c) {
      const column::Column& col = *cols[c].column;
      std::string v = col.state[r] == State::kError
                          ? "错误"
                          : FormatValue(program, data, *cols[c].display, col, r);
      for (char& ch : v) {
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      }
      cells[r + 1].push_back(std::move(v));
    }
  }
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], base::DisplayWidth(row[c]));
  }
  std::string out = program.tables[static_cast<size_t>(table)].name + "\n";
  for (size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (size_t c = 0; c < cells[r].size(); ++c) {
      const bool number = r > 0 && c > 0 && cols[c].display->kind == ValueKind::kNumber;
      const size_t pad = width[c] - base::DisplayWidth(cells[r][c]);
      if (c > 0) line += "  ";
      if (number) line += std::string(pad, ' ');
      line += cells[r][c];
      if (!number && c + 1 < cells[r].size()) line += std::string(pad, ' ');
    }
    out += line + "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t c = 0; c < width.size(); ++c) total += width[c] + (c > 0 ? 2 : 0);
      out += std::string(total, '-') + "\n";
    }
  }
  return out;
}

}  // namespace arl::io
