// Turning CSV fields into typed columns.

#include "runtime/io/load.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <limits>
#include <memory>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "compiler/base/suggest.h"
#include "runtime/column/key_index.h"

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

std::optional<Message> ReadNumber(const ir::Column& column, std::string_view text, Decimal* out) {
  bool percent = false;
  if (column.display.percent && !text.empty() && text.back() == '%') {
    text.remove_suffix(1);
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

/// The message for a reference to a key its table does not have.
Message NoSuchKey(const std::string& table, const std::string& key, const column::KeyList& keys) {
  // A suggestion compares the key with every key: affordable for the tables
  // people type by hand, not for a million rows.
  constexpr size_t kMaxKeysToSuggestFrom = 10'000;
  auto near = keys.size() <= kMaxKeysToSuggestFrom ? base::ClosestName(key, keys.ToStrings())
                                                   : std::nullopt;
  return Message{
      fmt::format("{} 中没有 `{}`{}", table, key, near ? fmt::format("; 是不是 `{}`?", *near) : ""),
      fmt::format("there is no `{}` in {}{}", key, table,
                  near ? fmt::format("; did you mean `{}`?", *near) : "")};
}

std::optional<int> ReadBool(std::string_view text) {
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
                                std::string_view text, const column::Dataset* data,
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
      out.SetText(row, std::string(text));
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
      for (size_t i = 0; i < t.keys.size(); ++i) {
        if (t.keys[i] == text) {
          out.SetCode(row, static_cast<std::int32_t>(i));
          return std::nullopt;
        }
      }
      out.state[row] = State::kError;
      return NoSuchKey(program.tables[static_cast<size_t>(target)].name, std::string(text), t.keys);
    }
  }
  return std::nullopt;
}

std::optional<Message> ReadParamValue(const ir::Program& program, const ir::Param& param,
                                      const std::string& text, column::Column& out) {
  ir::Column as_column;
  as_column.name = param.name;
  as_column.display = param.display;
  as_column.display.optional = false;
  std::string number = text;
  if (param.display.kind == ValueKind::kNumber) {
    // The unit written against the number, as the lexer reads `90分`: the
    // longest first (万元 before 元), and only after a digit (`九百分` is not
    // a number with a unit but a word).
    static const std::string_view kUnits[] = {"万元", "元", "分", "%", "％"};
    for (std::string_view unit : kUnits) {
      if (number.size() <= unit.size() ||
          number.compare(number.size() - unit.size(), unit.size(), unit) != 0) {
        continue;
      }
      const char before = number[number.size() - unit.size() - 1];
      if (before < '0' || before > '9') break;
      const std::string digits = number.substr(0, number.size() - unit.size());
      const std::string written = unit == "％" ? "%" : std::string(unit);
      const std::string want = param.display.percent ? "%" : param.display.unit;
      if (written != want) {
        if (param.display.percent) {
          return Message{
              fmt::format("`{}` 的单位不对: {} 是百分比 (写 `{}%`)", text, param.name, digits),
              fmt::format("`{}` has the wrong unit: {} is a percentage (write `{}%`)", text,
                          param.name, digits)};
        }
        if (want.empty()) {
          return Message{
              fmt::format("`{}` 的单位不对: {} 是不带单位的数 (写 `{}`)", text, param.name, digits),
              fmt::format("`{}` has the wrong unit: {} is a number without a unit (write `{}`)",
                          text, param.name, digits)};
        }
        return Message{fmt::format("`{}` 的单位不对: {} 的单位是 {} (写 `{}{}` 或 `{}`)", text,
                                   param.name, want, digits, want, digits),
                       fmt::format("`{}` has the wrong unit: {} is in {} (write `{}{}` or `{}`)",
                                   text, param.name, want, digits, want, digits)};
      }
      // ReadNumber reads `30%` itself; the other units are the parameter's, dropped.
      number = written == "%" ? digits + "%" : digits;
      break;
    }
    // A bare `30` for a percentage is 3000%, which is hardly ever meant:
    // past 1 (100%), the % must be written.
    const auto bare = Decimal::Parse(number);
    Decimal hundredfold;
    if (param.display.percent && bare &&
        (*bare > Decimal::FromInt(1) || *bare < Decimal::FromInt(-1)) &&
        bare->Mul(Decimal::FromInt(100), &hundredfold)) {
      const std::string as_percent = hundredfold.ToString();
      return Message{fmt::format("`{}` 作为百分比是 {}%; {} 是百分比, 请写 `{}%` (或写成小数)",
                                 text, as_percent, param.name, text),
                     fmt::format("`{}` as a percentage is {}%; {} is a percentage: write `{}%` "
                                 "(or a fraction)",
                                 text, as_percent, param.name, text)};
    }
  }
  return ReadCell(program, as_column, number, nullptr, out, 0);
}

namespace {

/// Builds the dataset table by table, row by row, as the rows arrive (from a
/// file being read, or from tables already in memory): each cell is typed
/// as its record passes, so no table is ever held as text.
class Loader {
 public:
  Loader(const ir::Program& program, Loaded& out, bool absent_columns_empty,
         const RowChanges* changes)
      : p_(program),
        out_(out),
        absent_columns_empty_(absent_columns_empty),
        changes_(changes),
        tables_(program.tables.size()) {
    out_.data.tables.resize(p_.tables.size());
    out_.removed_rows.assign(p_.tables.size(), 0);
    if (changes_ != nullptr) {
      for (const RowChanges::Removal& r : changes_->removed) {
        if (r.table >= 0 && static_cast<size_t>(r.table) < p_.tables.size())
          tables_[static_cast<size_t>(r.table)].removed.insert(r.key);
      }
    }
    for (size_t t = 0; t < p_.tables.size(); ++t) {
      column::TableData& td = out_.data.tables[t];
      for (const auto& c : p_.tables[t].columns) td.columns.emplace_back(c.display.kind, 0);
      if (p_.tables[t].entity) tables_[t].index = std::make_unique<column::KeyIndex>(td.keys);
      for (const auto& c : p_.tables[t].columns) tables_[t].narrow.push_back(NarrowOf(c));
    }
  }

  ~Loader() {
    if (prefault_.joinable()) prefault_.join();
  }
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  /// The tables in an order that loads a table after the tables its
  /// references point into, where references allow it.
  std::vector<size_t> Order() const {
    std::vector<size_t> order;
    std::vector<bool> placed(p_.tables.size(), false);
    while (order.size() < p_.tables.size()) {
      size_t pick = p_.tables.size();
      for (size_t t = 0; t < p_.tables.size() && pick == p_.tables.size(); ++t) {
        if (placed[t]) continue;
        bool ready = true;
        for (const auto& c : p_.tables[t].columns) {
          const auto target = static_cast<size_t>(c.display.table);
          if (c.display.kind == ValueKind::kRef && target != t && !placed[target]) ready = false;
        }
        if (ready) pick = t;
      }
      if (pick == p_.tables.size()) {  // references in a circle: take the first
        pick = static_cast<size_t>(std::find(placed.begin(), placed.end(), false) - placed.begin());
      }
      placed[pick] = true;
      order.push_back(pick);
    }
    return order;
  }

  /// The table has no file (or one with no header): no rows.
  void Missing(size_t t) { out_.data.tables[t].absent = !absent_columns_empty_; }

  /// The header of table `t`'s file, before its rows.
  void Header(size_t t, const CsvTable& csv) {
    FlushLookups();  // the rows before name another file
    TableState& st = tables_[t];
    st.file = csv.file;
    out_.data.files.push_back(csv.file);
    st.file_index = static_cast<std::int32_t>(out_.data.files.size() - 1);
    st.field_of = MapHeader(p_.tables[t], csv);
    // Room for the rows to come (a line end per record, more if quoted
    // fields hold line breaks): no column is copied as it grows. Capped, so
    // a file of empty lines cannot make it reserve much more than it holds.
    column::TableData& td = out_.data.tables[t];
    const size_t rows = std::min(csv.lines_after_header + 1, size_t{1} << 26);
    for (column::Column& c : td.columns) c.Reserve(rows);
    td.origins.reserve(rows);
    if (p_.tables[t].entity) {
      td.keys.reserve(rows);
      st.index->Reserve(rows);
    }
    PrefaultAside(td);
    st.key_field = st.field_of.empty() ? -1 : st.field_of[0];
    if (p_.tables[t].entity && st.key_field < 0 && absent_columns_empty_) {
      Problem(csv.file, 1, 0,
              Message{fmt::format("缺少 {} 这一列", p_.tables[t].name),
                      fmt::format("the column {} is missing", p_.tables[t].name)});
    }
  }

  /// One record of table `t`.
  void Row(size_t t, const RecordView& rec) {
    TableState& st = tables_[t];
    const ir::Table& table = p_.tables[t];
    column::TableData& td = out_.data.tables[t];
    if (changes_ != nullptr && !adding_ && Removed(t, rec)) {
      ++out_.removed_rows[t];
      return;
    }
    if (lookups_.size() >= kLookupBatch) FlushLookups();
    if (table.entity) {
      if (st.key_field < 0) return;  // no keys, no rows: reported with the header
      const size_t key_field = FieldOf(rec, st.key_field);
      if (key_field != kNoField && rec.Invalid(key_field)) return;  // reported by the reader
      const std::string_view key = key_field != kNoField ? rec.Text(key_field) : std::string_view();
      if (key.empty()) {
        Problem(st.file, Where(rec, key_field),
                Message{fmt::format("{} 是空的: 每一行都要有 {}", table.name, table.name),
                        fmt::format("the key {} is empty: every row needs one", table.name)});
        return;
      }
      td.keys.push_back(key);
      // The key's slot is fetched while the cells are read; a repeated key
      // is found after them, and the row is then taken back out.
      const std::uint32_t hash = st.index->Prefetch(key);
      const size_t problems = out_.problems.size(), deferred = deferred_.size(),
                   lookups = lookups_.size(), lookup_chars = lookup_texts_.size();
      ReadCells(t, rec);
      const std::int32_t earlier =
          st.index->Insert(static_cast<std::int32_t>(td.keys.size() - 1), hash);
      if (earlier >= 0) {
        out_.problems.resize(problems);
        deferred_.resize(deferred);
        lookups_.resize(lookups);
        lookup_texts_.resize(lookup_chars);
        for (column::Column& c : td.columns) c.PopBack();
        td.origins.pop_back();
        --td.rows;
        const int line = td.origins[static_cast<size_t>(earlier)].line;
        Problem(st.file, Where(rec, key_field),
                Message{fmt::format("{} `{}` 重复了 (第 {} 行已有), 这一行没有读入", table.name,
                                    key, line),
                        fmt::format("{} `{}` repeats line {}; this row was not loaded", table.name,
                                    key, line)});
        td.keys.pop_back();
      }
      return;
    }
    ReadCells(t, rec);
  }

  /// Appends the cells of a record as a new row of table `t`.
  void ReadCells(size_t t, const RecordView& rec) {
    TableState& st = tables_[t];
    const ir::Table& table = p_.tables[t];
    column::TableData& td = out_.data.tables[t];
    const size_t row = td.rows++;
    td.origins.push_back(column::RowOrigin{st.file_index, rec.Line()});
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const ir::Column& col = table.columns[c];
      column::Column& out = td.columns[c];
      out.Append();
      if (col.is_key) {
        out.SetCode(row, static_cast<std::int32_t>(row));
        continue;
      }
      const std::int32_t f = st.field_of[c];
      if (f < 0) {
        if (absent_columns_empty_) {
          ir::Column lenient = col;
          lenient.display.optional = true;
          ReadCell(p_, lenient, "", &out_.data, out, row);
        } else {
          out.state[row] = column::State::kError;  // the missing column is reported once
        }
        continue;
      }
      const size_t field = FieldOf(rec, f);
      if (field != kNoField && rec.Invalid(field)) {
        out.state[row] = column::State::kError;  // reported by the reader
        continue;
      }
      const std::string_view text = field != kNoField ? rec.Text(field) : std::string_view();
      if (col.display.kind == ValueKind::kRef && !text.empty()) {
        // The position is kept for a message, as the record will be gone.
        const auto [line, column] = Where(rec, field);
        const auto target = static_cast<size_t>(col.display.table);
        if (tables_[target].complete) {
          LookUp(t, c, row, text, line, column);
        } else {
          deferred_.push_back(Deferred{t, c, row, std::string(text), line, column});
        }
        continue;
      }
      std::int64_t raw = 0;
      if (st.narrow[c].on && Decimal::ParseNarrow(text, &raw) && st.narrow[c].Admits(raw)) {
        out.SetRaw(row, raw);
        continue;
      }
      if (auto problem = ReadCell(p_, col, text, &out_.data, out, row)) {
        Problem(st.file, Where(rec, field),
                Message{fmt::format("{}: {}", col.name, problem->zh),
                        fmt::format("{}: {}", col.name, problem->en)});
      }
    }
  }

  /// Every row of table `t` is in, but for those a scenario adds.
  void EndTable(size_t t) {
    if (changes_ != nullptr && t < changes_->added.size() && changes_->added[t] != nullptr) {
      // Added rows are never taken out again: a removed key added back is a
      // new row, and an added record of a removed row names a missing key.
      const bool lenient = absent_columns_empty_;
      absent_columns_empty_ = true;
      adding_ = true;
      Header(t, *changes_->added[t]);
      for (const Record& rec : changes_->added[t]->records) Row(t, RecordView(rec));
      adding_ = false;
      absent_columns_empty_ = lenient;
    }
    FlushLookups();
    if (prefault_.joinable()) prefault_.join();
    tables_[t].complete = true;
  }

  /// Faults in the memory reserved for table `td`'s columns on a thread of
  /// its own, ahead of the rows. The kernel clears a page when it is first
  /// touched, a few hundred megabytes for a million rows; done here, that
  /// happens beside the reading and typing of the cells instead of in the
  /// middle of it. Nothing is written: madvise(MADV_POPULATE_WRITE) only
  /// maps the pages (a kernel without it, before Linux 5.14, declines, and
  /// the pages are faulted in as they are used, as they were before).
  void PrefaultAside(const column::TableData& td) {
    if (prefault_.joinable()) prefault_.join();
    std::vector<std::pair<const void*, size_t>> ranges;
    for (const column::Column& c : td.columns) {
      for (const auto& r : c.Unused()) ranges.push_back(r);
    }
    ranges.emplace_back(td.origins.data() + td.origins.size(),
                        (td.origins.capacity() - td.origins.size()) * sizeof(column::RowOrigin));
    size_t bytes = 0;
    for (const auto& r : ranges) bytes += r.second;
    if (bytes < kPrefaultBytes) return;
    prefault_ = std::thread([ranges = std::move(ranges)] {
      const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
      for (const auto& [start, size] : ranges) {
        // The whole pages inside the range: the others hold what is in use.
        const auto first = reinterpret_cast<std::uintptr_t>(start);
        const std::uintptr_t begin = (first + page - 1) / page * page;
        const std::uintptr_t end = (first + size) / page * page;
        if (end > begin)
          ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
      }
    });
  }

  /// References that named a table not yet loaded when their row arrived;
  /// removals that matched no row.
  void Finish() {
    for (const Deferred& d : deferred_) {
      if (lookups_.size() >= kLookupBatch) FlushLookups();
      LookUp(d.table, d.column, d.row, d.text, d.line, d.col);
    }
    FlushLookups();
    deferred_.clear();
    if (changes_ == nullptr) return;
    for (const RowChanges::Removal& r : changes_->removed) {
      if (r.table < 0 || static_cast<size_t>(r.table) >= p_.tables.size()) continue;
      const TableState& st = tables_[static_cast<size_t>(r.table)];
      if (st.removed_found.count(r.key) != 0) continue;
      const std::string& name = p_.tables[static_cast<size_t>(r.table)].name;
      const Message m = NoSuchKey(name, r.key, out_.data.tables[static_cast<size_t>(r.table)].keys);
      Problem(r.file, r.line, r.column,
              Message{fmt::format("删除: {}", m.zh), fmt::format("remove: {}", m.en)});
    }
  }

 private:
  /// The checks a number column's cells pass on the fast path, as raw
  /// counts: a cell that Decimal::ParseNarrow reads, and that is whole if it
  /// must be and within 范围, is the number; any other goes through ReadCell,
  /// which decides what it is and says what is wrong.
  struct Narrow {
    bool on = false;  // a number column, not a percentage (`30%` is read apart)
    bool integer = false;
    std::int64_t low = std::numeric_limits<std::int64_t>::min();
    std::int64_t high = std::numeric_limits<std::int64_t>::max();

    bool Admits(std::int64_t raw) const {
      constexpr auto kOne = static_cast<std::int64_t>(Decimal::kScale);
      return raw >= low && raw <= high && (!integer || raw % kOne == 0);
    }
  };
  static Narrow NarrowOf(const ir::Column& column) {
    Narrow n;
    n.on = column.display.kind == ValueKind::kNumber && !column.display.percent;
    n.integer = column.display.integer;
    if (column.range_low && column.range_high) {  // as ReadNumber: both bounds, or none
      const value::Int128 low = column.range_low->Raw(), high = column.range_high->Raw();
      constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
      constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
      if (low < kMin || low > kMax || high < kMin || high > kMax) {
        n.on = false;  // bounds past 64 bits (hardly ever written): ReadCell checks
      } else {
        n.low = static_cast<std::int64_t>(low);
        n.high = static_cast<std::int64_t>(high);
      }
    }
    return n;
  }

  struct TableState {
    std::string file;
    std::int32_t file_index = 0;
    std::vector<std::int32_t> field_of;  // column → field of the file, -1: absent
    std::int32_t key_field = -1;
    std::unique_ptr<column::KeyIndex> index;  // entity tables: key → row
    std::vector<Narrow> narrow;               // per column
    bool complete = false;
    /// RowChanges: the keys left out (those removed and, in turn, those of
    /// rows belonging to a removed row), and those a row of the data had.
    std::unordered_set<std::string> removed;
    std::unordered_set<std::string> removed_found;
  };

  /// Whether a scenario leaves `rec` out of table `t`: its key is removed,
  /// or the row it belongs to was left out.
  bool Removed(size_t t, const RecordView& rec) {
    TableState& st = tables_[t];
    const ir::Table& table = p_.tables[t];
    bool out = false;
    if (table.parent >= 0) {
      const TableState& parent = tables_[static_cast<size_t>(table.parent)];
      for (size_t c = 0; c < table.columns.size() && !parent.removed.empty(); ++c) {
        if (!table.columns[c].is_parent) continue;
        const size_t field = FieldOf(rec, st.field_of[c]);
        out = field != kNoField && parent.removed.count(std::string(rec.Text(field))) != 0;
      }
    }
    if (!table.entity || st.key_field < 0) return out;
    const size_t key_field = FieldOf(rec, st.key_field);
    if (key_field == kNoField) return out;
    const std::string key(rec.Text(key_field));
    if (out) {
      st.removed.insert(key);  // its own records follow it
    } else if (st.removed.count(key) != 0) {
      st.removed_found.insert(key);
      out = true;
    }
    return out;
  }
  struct Deferred {
    size_t table, column, row;
    std::string text;
    int line, col;
  };

  /// The problem of a reference in column `c` of table `t` to a key `text`
  /// that its table does not have.
  DataProblem MissingKey(size_t t, size_t c, std::string_view text, int line, int col) const {
    const ir::Column& column = p_.tables[t].columns[c];
    const auto target = static_cast<size_t>(column.display.table);
    const Message m =
        NoSuchKey(p_.tables[target].name, std::string(text), out_.data.tables[target].keys);
    return ProblemAt(tables_[t].file, line, col,
                     Message{fmt::format("{}: {}", column.name, m.zh),
                             fmt::format("{}: {}", column.name, m.en)});
  }

  /// Field `f` of the record, or kNoField when it has none (f is -1, or
  /// the record is too short).
  static constexpr size_t kNoField = static_cast<size_t>(-1);
  static size_t FieldOf(const RecordView& rec, std::int32_t f) {
    return f >= 0 && static_cast<size_t>(f) < rec.Size() ? static_cast<size_t>(f) : kNoField;
  }
  /// Where a cell is: its field's own position (a JSON row, or a quoted CSV
  /// field, may span lines), or the record's line when the field is absent.
  /// Worked out only for a message: it costs a look at the record's bytes.
  static std::pair<int, int> Where(const RecordView& rec, size_t field) {
    return field != kNoField ? rec.Position(field) : std::pair<int, int>(rec.Line(), 0);
  }

  /// Column → field of the file; unknown fields are warnings, missing
  /// columns errors (unless a 测试 block may leave them out).
  std::vector<std::int32_t> MapHeader(const ir::Table& table, const CsvTable& csv) {
    std::vector<std::int32_t> field_of(table.columns.size(), -1);
    std::vector<std::string> names;
    for (const auto& c : table.columns) names.push_back(c.name);
    for (size_t f = 0; f < csv.header.size(); ++f) {
      const std::string& name = csv.header[f].text;
      auto it = std::find(names.begin(), names.end(), name);
      if (it != names.end()) {
        // A repeated name (reported by the CSV reader) keeps its first field.
        std::int32_t& field = field_of[static_cast<size_t>(it - names.begin())];
        if (field < 0) field = static_cast<std::int32_t>(f);
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
      if (field_of[c] >= 0) continue;
      Problem(csv.file, 1, 0,
              Message{fmt::format("缺少 {} 这一列", table.columns[c].name),
                      fmt::format("the column {} is missing", table.columns[c].name)});
    }
    return field_of;
  }

  static DataProblem ProblemAt(const std::string& file, int line, int column, Message message) {
    DataProblem p;
    p.file = file;
    p.line = line;
    p.column = column;
    p.message = std::move(message);
    return p;
  }
  void Problem(const std::string& file, int line, int column, Message message) {
    out_.problems.push_back(ProblemAt(file, line, column, std::move(message)));
  }
  void Problem(const std::string& file, std::pair<int, int> at, Message message) {
    Problem(file, at.first, at.second, std::move(message));
  }

  const ir::Program& p_;
  Loaded& out_;
  bool absent_columns_empty_;
  const RowChanges* changes_;
  bool adding_ = false;  // reading a scenario's added rows
  std::vector<TableState> tables_;
  std::vector<Deferred> deferred_;
  /// Tables whose columns reserve less than this are faulted in as they fill.
  static constexpr size_t kPrefaultBytes = size_t{16} << 20;
  std::thread prefault_;  // PrefaultAside's, joined before the next table

  /// References into tables already in, looked up a batch at a time.
  struct Lookup {
    size_t table, column, row;
    size_t text_begin, text_size;  // in lookup_texts_
    int line, col;
    size_t problem_at;  // where its problem, if any, goes among out_.problems
  };
  static constexpr size_t kLookupBatch = 512;
  std::vector<Lookup> lookups_;
  std::string lookup_texts_;

  /// Sets the reference in column `c` of row `row` of table `t` to the row
  /// keyed `text`, at the next FlushLookups; a key no row has is reported
  /// there, after the problems reported so far.
  void LookUp(size_t t, size_t c, size_t row, std::string_view text, int line, int col) {
    lookups_.push_back(
        Lookup{t, c, row, lookup_texts_.size(), text.size(), line, col, out_.problems.size()});
    lookup_texts_ += text;
  }

  /// Looks up the references waiting: their slots, then the keys those
  /// hold, then the keys' texts are fetched for the whole batch before any
  /// is compared, so that the cache misses of a large table overlap instead
  /// of following one another. A reference naming the key that the one
  /// before it in its column named is that row again (rows exported from a
  /// spreadsheet are often grouped, the people of one office together), and
  /// is not looked up. A key no row has is reported where the reference's
  /// other problems are, in row order.
  void FlushLookups() {
    if (lookups_.empty()) return;
    const size_t n = lookups_.size();
    const auto text = [&](const Lookup& l) {
      return std::string_view(lookup_texts_).substr(l.text_begin, l.text_size);
    };
    const auto index = [&](const Lookup& l) -> const column::KeyIndex& {
      const ir::Column& col = p_.tables[l.table].columns[l.column];
      return *tables_[static_cast<size_t>(col.display.table)].index;
    };
    // same[i]: an earlier look-up of the batch whose answer is i's, or n.
    std::vector<size_t> same(n, n), before_in_column;
    std::vector<std::uint32_t> hashes(n);
    for (size_t i = 0; i < n; ++i) {
      const Lookup& l = lookups_[i];
      if (l.column >= before_in_column.size()) before_in_column.resize(l.column + 1, n);
      const size_t before = before_in_column[l.column];
      before_in_column[l.column] = i;
      if (before < n && lookups_[before].table == l.table && text(lookups_[before]) == text(l)) {
        same[i] = before;
        continue;
      }
      hashes[i] = index(l).Prefetch(text(l));
    }
    for (size_t i = 0; i < n; ++i) {
      if (same[i] == n) index(lookups_[i]).PrefetchKey(hashes[i], false);
    }
    for (size_t i = 0; i < n; ++i) {
      if (same[i] == n) index(lookups_[i]).PrefetchKey(hashes[i], true);
    }
    std::vector<std::int32_t> found(n);
    std::vector<std::pair<size_t, DataProblem>> missing;
    for (size_t i = 0; i < n; ++i) {
      const Lookup& l = lookups_[i];
      found[i] = same[i] < n ? found[same[i]] : index(l).Find(text(l), hashes[i]);
      column::Column& out = out_.data.tables[l.table].columns[l.column];
      if (found[i] >= 0) {
        out.SetCode(l.row, found[i]);
        continue;
      }
      out.state[l.row] = column::State::kError;
      missing.emplace_back(l.problem_at, MissingKey(l.table, l.column, text(l), l.line, l.col));
    }
    lookups_.clear();
    lookup_texts_.clear();
    if (missing.empty()) return;
    // Into their places: each before the problems that came after it.
    std::vector<DataProblem> merged;
    merged.reserve(out_.problems.size() + missing.size());
    size_t next = 0;
    for (size_t p = 0; p <= out_.problems.size(); ++p) {
      for (; next < missing.size() && missing[next].first == p; ++next)
        merged.push_back(std::move(missing[next].second));
      if (p < out_.problems.size()) merged.push_back(std::move(out_.problems[p]));
    }
    out_.problems = std::move(merged);
  }
};

}  // namespace

Loaded LoadCsvTables(const ir::Program& program, const std::vector<const CsvTable*>& tables,
                     bool absent_columns_empty, const RowChanges* changes) {
  Loaded out;
  Loader loader(program, out, absent_columns_empty, changes);
  for (size_t t : loader.Order()) {
    const CsvTable* csv = t < tables.size() ? tables[t] : nullptr;
    if (csv == nullptr) {
      loader.Missing(t);
    } else {
      loader.Header(t, *csv);
      for (const Record& rec : csv->records) loader.Row(t, RecordView(rec));
    }
    loader.EndTable(t);
  }
  loader.Finish();
  return out;
}

Loaded LoadCsvFolder(const ir::Program& program, const std::string& dir,
                     const RowChanges* changes) {
  Loaded out;
  Loader loader(program, out, false, changes);
  for (size_t t : loader.Order()) {
    const std::string path = dir + "/" + program.tables[t].name + ".csv";
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 && errno == ENOENT) {
      DataProblem d;
      d.file = path;
      d.message = Message{
          fmt::format("缺少这个文件: 规则中有表 {} (没有数据的表也要有一行表头)",
                      program.tables[t].name),
          fmt::format("the file is missing: the rules have a table {} (a table with no rows "
                      "still needs its header line)",
                      program.tables[t].name)};
      out.problems.push_back(std::move(d));
      loader.Missing(t);
      loader.EndTable(t);
      continue;
    }
    // The file is read as a stream: each record is typed as it passes.
    const size_t first_problem = out.problems.size();
    bool had_header = false;
    CsvResult r = StreamCsvFile(
        path, [&](const RecordView& rec) { loader.Row(t, rec); },
        [&](const CsvTable& header) {
          had_header = true;
          loader.Header(t, header);
        });
    if (!had_header) loader.Missing(t);
    loader.EndTable(t);
    // The file's own problems before those of its cells.
    std::vector<DataProblem> file_problems;
    for (const CsvProblem& p : r.problems) {
      DataProblem d;
      d.file = p.file;
      d.line = p.line;
      d.column = p.column;
      d.message = Message{p.message_zh, p.message_en};
      file_problems.push_back(std::move(d));
    }
    if (r.table && r.table->encoding != "UTF-8") {
      DataProblem w;
      w.warning = true;
      w.file = path;
      w.message =
          Message{fmt::format("文件是 {} 编码, 已按 {} 读入", r.table->encoding, r.table->encoding),
                  fmt::format("the file is {}-encoded and was read as such", r.table->encoding)};
      file_problems.push_back(std::move(w));
    }
    out.problems.insert(out.problems.begin() + static_cast<std::ptrdiff_t>(first_problem),
                        std::make_move_iterator(file_problems.begin()),
                        std::make_move_iterator(file_problems.end()));
  }
  loader.Finish();
  return out;
}

}  // namespace arl::io
