// `arl whatif` against fresh runs (issue 6): on each sample, for random
// command-line scenarios (--set, --edit) and for a 情景 that removes a unit
// and adds one, the baseline patched with the changes whatif reports must
// equal a fresh `arl run` with the same --set over a copy of the data
// changed the same way: every output of every unit, as written, and the
// exit code.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "compiler/driver/run.h"
#include "compiler/driver/whatif.h"
#include "runtime/exec/exec.h"
#include "runtime/io/csv.h"
#include "runtime/io/output.h"
#include "tests/random.h"

namespace arl {
namespace {

namespace fs = std::filesystem;
using ir::ValueKind;
using value::Decimal;

const std::vector<std::string> kSamples = {"livelihood", "qts-bureau", "township", "yinhai",
                                           "zhongshan"};

/// Each scenario compiles its sample three times and evaluates it four
/// times: 15 per sample take about 3 s at -O2 and 30 s under the
/// sanitizers (where CI runs this too).
constexpr int kScenariosPerSample = 15;

/// The seed of the random scenarios: fixed, so a failure reproduces.
constexpr std::uint64_t kSeed = 0x57a71f;

using testing::Rng;

// ---- Numbers.

Decimal Num(const std::string& text) {
  return *Decimal::Parse(text);
}

Decimal Plus(Decimal a, Decimal b) {
  Decimal sum;
  return a.Add(b, &sum) ? sum : a;
}

Decimal Times(Decimal a, Decimal b) {
  Decimal product;
  return a.Mul(b, &product) ? product : a;
}

// ---- The data as text, changed and written to a folder of its own.

/// A data file as text: its header and rows of fields.
struct CsvText {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// The field of column `name`, or -1.
  int Field(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
};

/// The files of a data folder by table name (`单位.csv` → 单位).
using DataText = std::map<std::string, CsvText>;

const std::string& At(const std::vector<std::string>& row, int field) {
  static const std::string kEmpty;
  return field >= 0 && static_cast<size_t>(field) < row.size() ? row[static_cast<size_t>(field)]
                                                               : kEmpty;
}

DataText ReadData(const std::string& dir) {
  DataText data;
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::u8path(dir))) {
    if (entry.path().extension() != ".csv") continue;
    const io::CsvResult read = io::ReadCsvFile(entry.path().generic_u8string());
    INFO(entry.path().generic_u8string());
    REQUIRE(read.table.has_value());
    REQUIRE(read.problems.empty());
    CsvText& csv = data[entry.path().stem().generic_u8string()];
    for (const io::Field& f : read.table->header) csv.header.push_back(f.text);
    for (const io::Record& rec : read.table->records) {
      csv.rows.emplace_back();
      for (const io::Field& f : rec.fields) csv.rows.back().push_back(f.text);
    }
  }
  return data;
}

void WriteData(const DataText& data, const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& [table, csv] : data) {
    std::string out;
    auto line = [&](const std::vector<std::string>& fields) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        io::CsvField(out, fields[i]);
      }
      out += '\n';
    };
    line(csv.header);
    for (const auto& row : csv.rows) line(row);
    std::ofstream file(dir / fs::u8path(table + ".csv"), std::ios::binary | std::ios::trunc);
    file << out;
    REQUIRE(file.flush());
  }
}

/// A folder of its own under the system's temporary folder, removed after.
class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              fmt::format("arl-whatif-property-{}-{}", getpid(), next_++)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  static inline int next_ = 0;
  fs::path path_;
};

std::string ColumnName(const ir::Table& table, bool key) {
  for (const ir::Column& c : table.columns) {
    if (key ? c.is_key : c.is_parent) return c.name;
  }
  return "";
}

/// The keys of entity table `t` in the data.
std::vector<std::string> Keys(const ir::Program& p, const DataText& data, std::int32_t t) {
  const ir::Table& table = p.tables[static_cast<size_t>(t)];
  std::vector<std::string> keys;
  const auto it = data.find(table.name);
  if (it == data.end()) return keys;
  const int field = it->second.Field(ColumnName(table, true));
  for (const auto& row : it->second.rows) keys.push_back(At(row, field));
  return keys;
}

// ---- Outputs as written (`120%`, `5万元`, `(error)`), by `表[单位].输出`.

using Values = std::map<std::string, std::string>;

std::string Key(const std::string& table, const std::string& unit, const std::string& output) {
  return fmt::format("{}[{}].{}", table, unit, output);
}

/// A unit's name without the data folder: a record row is named
/// `file:line`, and the fresh run reads a copy of the data elsewhere.
std::string UnitName(const std::string& unit, const std::string& dir) {
  const std::string prefix = dir + "/";
  return unit.compare(0, prefix.size(), prefix) == 0 ? unit.substr(prefix.size()) : unit;
}

/// What a fresh `arl run` gives: its exit code and every output of every
/// unit, from the preparation and evaluation Run makes (checked to be the
/// JSON Run prints).
struct Fresh {
  int exit = 0;
  std::string err;
  std::unique_ptr<driver::Prepared> prepared;
  exec::Results results;
  Values values;
};

Fresh FreshRun(const std::string& rules, const std::string& data,
               const std::vector<std::string>& sets) {
  driver::RunRequest request;
  request.rules = rules;
  request.data = data;
  request.sets = sets;
  request.lang = base::Lang::kEn;
  const driver::RunOutcome run = driver::Run(request);
  Fresh f;
  f.exit = run.exit;
  f.err = run.err;
  driver::RunOutcome outcome;
  f.prepared = driver::Prepare(request, outcome, [](const char*) {});
  INFO(data << "\n" << run.err);
  REQUIRE(f.prepared != nullptr);
  const driver::Prepared& p = *f.prepared;
  f.results = exec::Evaluate(p.program, p.loaded.data, p.overrides, exec::Keep::kOutputs);
  CHECK(run.out == io::WriteJson(p.program, p.loaded.data, f.results, p.warnings));
  CHECK(run.exit == (p.loaded.HasErrors() || !f.results.errors.empty() ? driver::kExitErrors
                                                                       : driver::kExitOk));
  for (const driver::LedgerValue& v : driver::OutputValues(p.program, p.loaded.data, f.results))
    f.values[Key(v.table, UnitName(v.unit, data), v.name)] = v.value;
  return f;
}

// ---- A sample and its baseline.

struct Sample {
  std::string name, rules, data;
  Fresh baseline;
  DataText text;
  const ir::Program& program() const { return baseline.prepared->program; }
};

Sample LoadSample(const std::string& name) {
  Sample s;
  s.name = name;
  s.rules = "samples/" + name + "/" + name + ".arl";
  s.data = "samples/" + name + "/data";
  s.baseline = FreshRun(s.rules, s.data, {});
  INFO(name << "\n" << s.baseline.err);
  REQUIRE(s.baseline.exit == driver::kExitOk);
  s.text = ReadData(s.data);
  return s;
}

driver::RunOutcome WhatIf(const Sample& s, const std::vector<std::string>& sets,
                          const std::vector<std::string>& edits,
                          const std::vector<std::string>& scenarios) {
  driver::WhatIfRequest request;
  request.run.rules = s.rules;
  request.run.data = s.data;
  request.run.sets = sets;
  request.run.lang = base::Lang::kEn;
  request.edits = edits;
  request.scenarios = scenarios;
  request.format = "json";
  return driver::WhatIf(request);
}

// ---- Whatif's report against the fresh run.

std::string Text(const rapidjson::Value& object, const char* member) {
  REQUIRE(object.IsObject());
  const auto it = object.FindMember(member);
  REQUIRE(it != object.MemberEnd());
  REQUIRE(it->value.IsString());
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool Flag(const rapidjson::Value& object, const char* member) {
  const auto it = object.FindMember(member);
  REQUIRE(it != object.MemberEnd());
  REQUIRE(it->value.IsBool());
  return it->value.GetBool();
}

const rapidjson::Value& List(const rapidjson::Value& object, const char* member) {
  REQUIRE(object.IsObject());
  const auto it = object.FindMember(member);
  REQUIRE(it != object.MemberEnd());
  REQUIRE(it->value.IsArray());
  return it->value;
}

/// Checks what whatif reported for its one scenario: the baseline with each
/// reported output set to its new value (removed units' outputs gone, added
/// units' there) must be exactly the fresh run's outputs, each reported old
/// value the baseline's, and the exit codes alike. Returns whether the
/// scenario changed any output.
bool CheckReport(const Sample& s, const driver::RunOutcome& whatif, const Fresh& fresh) {
  INFO("whatif stderr:\n" << whatif.err << "fresh run stderr:\n" << fresh.err);
  REQUIRE(whatif.exit != driver::kExitUsage);
  CHECK(whatif.exit == fresh.exit);
  rapidjson::Document doc;
  doc.Parse(whatif.out.c_str(), whatif.out.size());
  INFO(whatif.out);
  REQUIRE(!doc.HasParseError());
  const rapidjson::Value& scenarios = List(doc, "scenarios");
  REQUIRE(scenarios.Size() == 1);
  const rapidjson::Value& units = List(scenarios[0], "units");

  std::vector<std::string> problems;
  Values patched = s.baseline.values;
  for (const rapidjson::Value& u : units.GetArray()) {
    const std::string table = Text(u, "table"), unit = UnitName(Text(u, "unit"), s.data);
    const bool removed = Flag(u, "removed"), added = Flag(u, "added");
    for (const rapidjson::Value& o : List(u, "outputs").GetArray()) {
      const std::string key = Key(table, unit, Text(o, "output"));
      const std::string before = Text(o, "before"), after = Text(o, "after");
      const auto base = s.baseline.values.find(key);
      if (added) {
        if (base != s.baseline.values.end())
          problems.push_back(key + ": reported added, but the baseline has it");
      } else if (base == s.baseline.values.end()) {
        problems.push_back(key + ": reported, but the baseline has no such output");
      } else if (base->second != before) {
        problems.push_back(fmt::format("{}: reported old value `{}`, the baseline's is `{}`", key,
                                       before, base->second));
      }
      if (!removed && !added && before == after)
        problems.push_back(fmt::format("{}: reported unchanged `{}`", key, before));
      if (removed) {
        patched.erase(key);
      } else {
        patched[key] = after;
      }
    }
  }
  for (const auto& [key, value] : patched) {
    const auto it = fresh.values.find(key);
    if (it == fresh.values.end()) {
      problems.push_back(fmt::format("{}: whatif `{}`, not in the fresh run", key, value));
    } else if (it->second != value) {
      problems.push_back(
          fmt::format("{}: whatif `{}`, the fresh run `{}`", key, value, it->second));
    }
  }
  for (const auto& [key, value] : fresh.values) {
    if (patched.count(key) == 0)
      problems.push_back(fmt::format("{}: the fresh run `{}`, not in whatif", key, value));
  }
  std::string listed;
  for (size_t i = 0; i < problems.size() && i < 20; ++i) listed += problems[i] + "\n";
  INFO(problems.size() << " differences:\n" << listed);
  CHECK(problems.empty());
  return units.Size() > 0;
}

// ---- Random command-line scenarios.

/// `--set NAME=VALUE`: a value of the parameter's kind, near its default
/// mostly, sometimes far (zero, much larger, negative), written as a user
/// might (`35%` or `0.35`, `900分` or `900`, `是` or `true`).
std::string ParamText(const ir::Param& param, const column::Column& now, Rng& rng) {
  const ir::Display& d = param.display;
  switch (d.kind) {
    case ValueKind::kBool:
      return rng.Pick(std::vector<std::string>{"是", "否", "true", "false", "1", "0"});
    case ValueKind::kEnum:
      return rng.Pick(d.members);
    case ValueKind::kText:
      return rng.Pick(std::vector<std::string>{"甲", "乙丙"});
    case ValueKind::kNumber:
    case ValueKind::kRef:
      break;
  }
  const Decimal base = now.Has(0) ? now.Number(0) : Decimal();
  const bool near = rng.Percent(75);
  if (d.integer) {
    return (near
                ? Plus(base, Decimal::FromInt(rng.Pick(std::vector<std::int64_t>{-2, -1, 1, 2, 3})))
                : Decimal::FromInt(rng.Pick(std::vector<std::int64_t>{0, 1, 10, 100, -1})))
        .ToString();
  }
  if (d.percent) {
    const Decimal v =
        near ? Plus(base, Num(rng.Pick(std::vector<std::string>{"-0.1", "-0.05", "-0.01", "0.01",
                                                                "0.05", "0.1"})))
             : Num(rng.Pick(std::vector<std::string>{"0", "1", "0.005", "1.5", "-0.2"}));
    if (rng.Percent(30) && v <= Decimal::FromInt(1) && v >= Decimal::FromInt(-1))
      return v.ToString();
    return Times(v, Decimal::FromInt(100)).ToString() + "%";
  }
  const Decimal v =
      near ? Plus(base,
                  Num(rng.Pick(std::vector<std::string>{"-10", "-1", "-0.5", "0.5", "1", "10"})))
           : rng.Pick(std::vector<Decimal>{Decimal(), Times(base, Decimal::FromInt(2)),
                                           Times(base, Num("0.5")), Num("99999"), Num("-5")});
  return v.ToString() + (!d.unit.empty() && rng.Percent(50) ? d.unit : "");
}

/// `--edit T[K].C=VALUE`: a value column C can hold, as a data cell holds
/// it: another unit's value, one near the cell's, a bound of its 范围, or
/// far; empty where the column allows it.
std::string CellText(const ir::Program& p, const DataText& data, const ir::Column& col,
                     const std::string& now, const std::vector<std::string>& column, Rng& rng) {
  const ir::Display& d = col.display;
  const bool can_be_empty = d.optional || col.blank.has_value() || col.blank_param >= 0;
  if (can_be_empty && rng.Percent(20)) return "";
  switch (d.kind) {
    case ValueKind::kBool:
      return rng.Pick(std::vector<std::string>{"是", "否", "true", "0"});
    case ValueKind::kEnum:
      return rng.Pick(d.members);
    case ValueKind::kRef: {
      const std::vector<std::string> keys = Keys(p, data, d.table);
      return keys.empty() ? now : rng.Pick(keys);
    }
    case ValueKind::kText:
    case ValueKind::kNumber:
      break;
  }
  std::vector<std::string> seen;
  for (const std::string& v : column) {
    if (!v.empty()) seen.push_back(v);
  }
  if (d.kind == ValueKind::kText) return seen.empty() ? "甲" : rng.Pick(seen);
  if (!seen.empty() && rng.Percent(40)) return rng.Pick(seen);
  const std::optional<Decimal> parsed = Decimal::Parse(now);
  const Decimal base = parsed ? *parsed : Decimal();
  Decimal v;
  const bool bounded = col.range_low && col.range_high;
  if (rng.Percent(70)) {
    v = Plus(base, d.integer ? Decimal::FromInt(rng.Pick(std::vector<std::int64_t>{-2, -1, 1, 2}))
                             : Num(rng.Pick(std::vector<std::string>{"-1", "-0.5", "-0.1", "0.1",
                                                                     "0.5", "1"})));
  } else if (bounded) {
    Decimal middle;
    Plus(*col.range_low, *col.range_high)
        .Div(Decimal::FromInt(2), d.integer ? 0 : 2, value::Rounding::kDown, &middle);
    v = rng.Pick(std::vector<Decimal>{*col.range_low, *col.range_high, middle});
  } else {
    v = d.integer ? Decimal::FromInt(rng.Pick(std::vector<std::int64_t>{0, 1, 50, 1000}))
                  : Num(rng.Pick(std::vector<std::string>{"0", "0.01", "1000", "99999.5"}));
  }
  if (bounded && v < *col.range_low) v = *col.range_low;
  if (bounded && v > *col.range_high) v = *col.range_high;
  return v.ToString();
}

/// A command-line scenario: what whatif is given, and the same change made
/// to the data text for the fresh run.
struct CommandLine {
  std::vector<std::string> sets;   // NAME=VALUE
  std::vector<std::string> edits;  // TABLE[KEY].COLUMN=VALUE
  DataText data;                   // the data with the edits made

  std::string Command(const Sample& s) const {
    std::string out = fmt::format("arl whatif {} --data {}", s.rules, s.data);
    for (const std::string& set : sets) out += fmt::format(" --set '{}'", set);
    for (const std::string& edit : edits) out += fmt::format(" --edit '{}'", edit);
    return out;
  }
};

/// 1–3 parameters set, 0–3 cells of entity tables edited (not their keys).
CommandLine RandomScenario(const Sample& s, Rng& rng) {
  const ir::Program& p = s.program();
  CommandLine c;
  c.data = s.text;
  std::vector<size_t> params;
  for (size_t i = 0; i < p.params.size(); ++i) {
    if (p.params[i].display.kind != ValueKind::kRef) params.push_back(i);
  }
  const size_t sets = std::min(params.size(), 1 + rng.Below(3));
  for (size_t n = 0; n < sets; ++n) {
    const size_t pick = n + rng.Below(params.size() - n);  // distinct parameters
    std::swap(params[n], params[pick]);
    const ir::Param& param = p.params[params[n]];
    c.sets.push_back(param.name + "=" +
                     ParamText(param, s.baseline.results.params[params[n]], rng));
  }

  struct Editable {
    std::string table;
    size_t column;
  };
  std::vector<Editable> editable;
  for (const ir::Table& table : p.tables) {
    const auto it = c.data.find(table.name);
    if (!table.entity || it == c.data.end() || it->second.rows.empty()) continue;
    for (size_t col = 0; col < table.columns.size(); ++col) {
      if (!table.columns[col].is_key && it->second.Field(table.columns[col].name) >= 0)
        editable.push_back(Editable{table.name, col});
    }
  }
  const size_t edits = editable.empty() ? 0 : rng.Below(4);
  for (size_t n = 0; n < edits; ++n) {
    const Editable& e = rng.Pick(editable);
    const ir::Table& table = p.tables[static_cast<size_t>(p.FindTable(e.table))];
    const ir::Column& col = table.columns[e.column];
    CsvText& csv = c.data.at(e.table);
    const int key_field = csv.Field(ColumnName(table, true)), field = csv.Field(col.name);
    std::vector<std::string>& row = csv.rows[rng.Below(csv.rows.size())];
    row.resize(csv.header.size());
    std::vector<std::string> column;
    for (const auto& r : csv.rows) column.push_back(At(r, field));
    const std::string value = CellText(p, c.data, col, At(row, field), column, rng);
    c.edits.push_back(fmt::format("{}[{}].{}={}", e.table, At(row, key_field), col.name, value));
    row[static_cast<size_t>(field)] = value;
  }
  return c;
}

TEST_CASE("whatif's changes from --set and --edit equal a fresh run", "[whatif][property]") {
  Rng rng(kSeed);
  size_t scenarios = 0, changed = 0, failing = 0;
  for (const std::string& name : kSamples) {
    const Sample s = LoadSample(name);
    for (int i = 0; i < kScenariosPerSample; ++i) {
      const CommandLine c = RandomScenario(s, rng);
      INFO(name << " scenario " << i << ": " << c.Command(s));
      const driver::RunOutcome whatif = WhatIf(s, c.sets, c.edits, {});
      const TempDir dir;
      WriteData(c.data, dir.path() / "data");
      const Fresh fresh = FreshRun(s.rules, (dir.path() / "data").generic_u8string(), c.sets);
      if (CheckReport(s, whatif, fresh)) ++changed;
      if (fresh.exit == driver::kExitErrors) ++failing;
      ++scenarios;
    }
  }
  // Guards against passing on scenarios that change nothing.
  INFO(changed << " of " << scenarios << " scenarios changed an output, " << failing
               << " had errors");
  CHECK(changed * 2 > scenarios);
}

// ---- A 情景 that removes a unit and adds one.

/// A cell of a 数据表 row: a number as it is, other text quoted.
std::string ArlCell(const std::string& text) {
  if (text.empty()) return "";
  if (text.find_first_not_of("-0123456789.") == std::string::npos && Decimal::Parse(text))
    return text;
  return "\"" + text + "\"";
}

std::string ArlRow(const std::vector<std::string>& cells) {
  std::string out = "   ";
  for (const std::string& cell : cells) out += " | " + cell;
  return out + " |\n";
}

/// Removes unit `key` of entity table `t` from the data as 删除 does: with
/// the rows that belong to it (属于), and theirs in turn.
void RemoveUnit(const ir::Program& p, DataText& data, std::int32_t t, const std::string& key) {
  std::vector<std::set<std::string>> removed(p.tables.size());
  removed[static_cast<size_t>(t)].insert(key);
  for (bool again = true; again;) {
    again = false;
    for (size_t u = 0; u < p.tables.size(); ++u) {
      const ir::Table& table = p.tables[u];
      const auto it = data.find(table.name);
      if (it == data.end()) continue;
      CsvText& csv = it->second;
      const int key_field = table.entity ? csv.Field(ColumnName(table, true)) : -1;
      const int parent_field = table.parent >= 0 ? csv.Field(ColumnName(table, false)) : -1;
      for (auto row = csv.rows.begin(); row != csv.rows.end();) {
        const bool own = key_field >= 0 && removed[u].count(At(*row, key_field)) != 0;
        const bool child = parent_field >= 0 && removed[static_cast<size_t>(table.parent)].count(
                                                    At(*row, parent_field)) != 0;
        if (!own && !child) {
          ++row;
          continue;
        }
        if (key_field >= 0) removed[u].insert(At(*row, key_field));
        row = csv.rows.erase(row);
        again = again || child;
      }
    }
  }
}

/// Adds unit `key` to entity table `t`, a copy of unit `from` with copies
/// of its records (属于), to the data; returns the 情景's 数据表 for them.
std::string AddUnit(const ir::Program& p, DataText& data, std::int32_t t, const std::string& from,
                    const std::string& key) {
  std::string out;
  for (size_t u = 0; u < p.tables.size(); ++u) {
    const ir::Table& table = p.tables[u];
    const bool own = static_cast<std::int32_t>(u) == t;
    if (!own && (table.entity || table.parent != t)) continue;
    const auto it = data.find(table.name);
    if (it == data.end()) continue;
    CsvText& csv = it->second;
    const int field = csv.Field(ColumnName(table, own));
    std::vector<std::vector<std::string>> copies;
    for (const auto& row : csv.rows) {
      if (At(row, field) != from) continue;
      copies.push_back(row);
      copies.back().resize(csv.header.size());
      copies.back()[static_cast<size_t>(field)] = key;
    }
    if (copies.empty()) continue;
    out += fmt::format("  数据表 {} {{\n", table.name);
    out += ArlRow(csv.header);
    for (auto& row : copies) {
      std::vector<std::string> cells;
      for (const std::string& cell : row) cells.push_back(ArlCell(cell));
      out += ArlRow(cells);
      csv.rows.push_back(std::move(row));
    }
    out += "  }\n";
  }
  return out;
}

/// On each sample, a 情景 that removes a unit of an entity table with
/// results and adds a copy of another (with its records), named `新增<that
/// unit>` or, with `same_key`, by the key of the unit removed (a unit
/// replaced), against a fresh run on the data changed alike.
void CheckRemoveAndAdd(std::uint64_t seed, bool same_key) {
  Rng rng(seed);
  for (const std::string& name : kSamples) {
    const Sample s = LoadSample(name);
    const ir::Program& p = s.program();
    std::vector<std::int32_t> tables;
    for (std::int32_t t : io::ResultTables(p)) {
      if (p.tables[static_cast<size_t>(t)].entity && Keys(p, s.text, t).size() >= 2)
        tables.push_back(t);
    }
    REQUIRE(!tables.empty());
    const std::int32_t t = rng.Pick(tables);
    const std::string& table = p.tables[static_cast<size_t>(t)].name;
    const std::vector<std::string> keys = Keys(p, s.text, t);
    const size_t gone = rng.Below(keys.size());
    const size_t from = (gone + 1 + rng.Below(keys.size() - 1)) % keys.size();
    const std::string added = same_key ? keys[gone] : "新增" + keys[from];
    REQUIRE((same_key || std::find(keys.begin(), keys.end(), added) == keys.end()));

    DataText data = s.text;
    RemoveUnit(p, data, t, keys[gone]);
    const std::string rows = AddUnit(p, data, t, keys[from], added);
    const std::string scenario =
        fmt::format("情景 \"删除 {}, 新增 {}\" {{\n  删除 {}[\"{}\"]\n{}}}\n", keys[gone], added,
                    table, keys[gone], rows);
    const TempDir dir;
    const std::string file = (dir.path() / "scenario.arl").generic_u8string();
    {
      std::ofstream out(fs::u8path(file), std::ios::binary);
      out << scenario;
      REQUIRE(out.flush());
    }
    WriteData(data, dir.path() / "data");
    INFO(name << ":\n" << scenario);
    const driver::RunOutcome whatif = WhatIf(s, {}, {}, {file});
    const Fresh fresh = FreshRun(s.rules, (dir.path() / "data").generic_u8string(), {});
    CHECK(CheckReport(s, whatif, fresh));
  }
}

TEST_CASE("a 情景 removing a unit and adding one equals a fresh run", "[whatif][property]") {
  CheckRemoveAndAdd(kSeed + 1, false);
}

// A unit removed and added back under its own key is a new row, with the
// records added for it (the loader never removes a 情景's added rows).
TEST_CASE("a 情景 replacing a unit (删除 and 数据表 with its key) equals a fresh run",
          "[whatif][property]") {
  CheckRemoveAndAdd(kSeed + 2, true);
}

}  // namespace
}  // namespace arl
