// The ledger in SQLite: one row per run, the rest in tables keyed by run.
#include "compiler/driver/ledger.h"

#include <openssl/evp.h>
#include <sqlite3.h>

#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <utility>

#include <fmt/format.h>

namespace arl::driver {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, time TEXT NOT NULL, version TEXT NOT NULL, rules TEXT NOT NULL,
  data TEXT NOT NULL, sets TEXT NOT NULL, exit INTEGER NOT NULL, results TEXT NOT NULL,
  lang TEXT NOT NULL, cwd TEXT NOT NULL, rules_arg TEXT NOT NULL, data_arg TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  run INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL, path TEXT NOT NULL,
  sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS params (
  run INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (
  run INTEGER NOT NULL REFERENCES runs(id), tbl TEXT NOT NULL, unit TEXT NOT NULL,
  name TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  run INTEGER NOT NULL REFERENCES runs(id), text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outputs_run ON outputs(run);
)sql";

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, Finalize>;

std::string ErrorOf(sqlite3* db, const std::string& path) {
  return fmt::format("ledger {}: {}", path, db != nullptr ? sqlite3_errmsg(db) : "cannot open");
}

/// Opens (and with `create`, creates) the ledger; null with `error` set.
Db Open(const std::string& path, bool create, std::string& error) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  Db db(nullptr);
  if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
    error = ErrorOf(raw, path);
    sqlite3_close(raw);
    return db;
  }
  db.reset(raw);
  sqlite3_busy_timeout(raw, 5000);
  // Reading never writes: a file that is not a ledger fails at the first
  // query instead of getting tables added.
  if (create && sqlite3_exec(raw, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    error = ErrorOf(raw, path);
    db.reset();
  }
  return db;
}

/// A statement, or null (the database's error message says why).
Stmt Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return Stmt(nullptr);
  }
  return Stmt(s);
}

void Bind(sqlite3_stmt* s, int i, const std::string& text) {
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string Column(sqlite3_stmt* s, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return text != nullptr ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(s, i)))
                         : std::string();
}

}  // namespace

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string AbsolutePath(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  if (real == nullptr) return path;
  std::string out(real);
  std::free(real);
  return out;
}

std::string Sha256(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::optional<std::string> RecordRun(const std::string& path, LedgerRun& run) {
  std::string error;
  Db db = Open(path, true, error);
  if (!db) return error;
  sqlite3* d = db.get();
  if (sqlite3_exec(d, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return ErrorOf(d, path);
  std::string sets;
  for (const std::string& s : run.sets) sets += s + "\n";
  Stmt r = Prepare(d,
                   "INSERT INTO runs (time, version, rules, data, sets, exit, results, lang, cwd, "
                   "rules_arg, data_arg) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Stmt f = Prepare(d, "INSERT INTO files (run, kind, path, sha256) VALUES (?, ?, ?, ?)");
  Stmt p = Prepare(d, "INSERT INTO params (run, name, value) VALUES (?, ?, ?)");
  Stmt o = Prepare(d, "INSERT INTO outputs (run, tbl, unit, name, value) VALUES (?, ?, ?, ?, ?)");
  Stmt m = Prepare(d, "INSERT INTO messages (run, text) VALUES (?, ?)");
  if (!r || !f || !p || !o || !m) return ErrorOf(d, path);
  Bind(r.get(), 1, run.time);
  Bind(r.get(), 2, run.version);
  Bind(r.get(), 3, run.rules);
  Bind(r.get(), 4, run.data);
  Bind(r.get(), 5, sets);
  sqlite3_bind_int(r.get(), 6, run.exit);
  Bind(r.get(), 7, run.results);
  Bind(r.get(), 8, run.lang);
  Bind(r.get(), 9, run.cwd);
  Bind(r.get(), 10, run.rules_arg);
  Bind(r.get(), 11, run.data_arg);
  if (sqlite3_step(r.get()) != SQLITE_DONE) return ErrorOf(d, path);
  run.id = sqlite3_last_insert_rowid(d);

  // One row of a run's table: the run's id, then `values` in order.
  const auto insert = [&](sqlite3_stmt* stmt, std::initializer_list<const std::string*> values) {
    sqlite3_reset(stmt);
    sqlite3_bind_int64(stmt, 1, run.id);
    int i = 2;
    for (const std::string* v : values) Bind(stmt, i++, *v);
    return sqlite3_step(stmt) == SQLITE_DONE;
  };
  for (const LedgerFile& file : run.files) {
    if (!insert(f.get(), {&file.kind, &file.path, &file.sha256})) return ErrorOf(d, path);
  }
  for (const LedgerValue& v : run.params) {
    if (!insert(p.get(), {&v.name, &v.value})) return ErrorOf(d, path);
  }
  for (const LedgerValue& v : run.outputs) {
    if (!insert(o.get(), {&v.table, &v.unit, &v.name, &v.value})) return ErrorOf(d, path);
  }
  for (const std::string& text : run.messages) {
    if (!insert(m.get(), {&text})) return ErrorOf(d, path);
  }
  if (sqlite3_exec(d, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return ErrorOf(d, path);
  return std::nullopt;
}

std::optional<std::string> ListRuns(const std::string& path, std::vector<LedgerRun>& runs) {
  std::string error;
  Db db = Open(path, false, error);
  if (!db) return error;
  Stmt s =
      Prepare(db.get(), "SELECT id, time, version, rules, data, sets, exit FROM runs ORDER BY id");
  if (!s) return ErrorOf(db.get(), path);
  int step = 0;
  while ((step = sqlite3_step(s.get())) == SQLITE_ROW) {
    LedgerRun run;
    run.id = sqlite3_column_int64(s.get(), 0);
    run.time = Column(s.get(), 1);
    run.version = Column(s.get(), 2);
    run.rules = Column(s.get(), 3);
    run.data = Column(s.get(), 4);
    run.sets = Lines(Column(s.get(), 5));
    run.exit = sqlite3_column_int(s.get(), 6);
    runs.push_back(std::move(run));
  }
  if (step != SQLITE_DONE) return ErrorOf(db.get(), path);
  return std::nullopt;
}

std::optional<std::string> LoadRun(const std::string& path, std::int64_t id, LedgerRun& run) {
  std::string error;
  Db db = Open(path, false, error);
  if (!db) return error;
  sqlite3* d = db.get();
  Stmt s = Prepare(d,
                   "SELECT time, version, rules, data, sets, exit, results, lang, cwd, rules_arg, "
                   "data_arg FROM runs WHERE id = ?");
  if (!s) return ErrorOf(d, path);
  sqlite3_bind_int64(s.get(), 1, id);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return fmt::format("ledger {}: no run {}", path, id);
  run.id = id;
  run.time = Column(s.get(), 0);
  run.version = Column(s.get(), 1);
  run.rules = Column(s.get(), 2);
  run.data = Column(s.get(), 3);
  run.sets = Lines(Column(s.get(), 4));
  run.exit = sqlite3_column_int(s.get(), 5);
  run.results = Column(s.get(), 6);
  run.lang = Column(s.get(), 7);
  run.cwd = Column(s.get(), 8);
  run.rules_arg = Column(s.get(), 9);
  run.data_arg = Column(s.get(), 10);

  Stmt f = Prepare(d, "SELECT kind, path, sha256 FROM files WHERE run = ? ORDER BY rowid");
  Stmt p = Prepare(d, "SELECT name, value FROM params WHERE run = ? ORDER BY rowid");
  Stmt o = Prepare(d, "SELECT tbl, unit, name, value FROM outputs WHERE run = ? ORDER BY rowid");
  Stmt m = Prepare(d, "SELECT text FROM messages WHERE run = ? ORDER BY rowid");
  if (!f || !p || !o || !m) return ErrorOf(d, path);
  sqlite3_bind_int64(f.get(), 1, id);
  while (sqlite3_step(f.get()) == SQLITE_ROW)
    run.files.push_back(LedgerFile{Column(f.get(), 0), Column(f.get(), 1), Column(f.get(), 2)});
  sqlite3_bind_int64(p.get(), 1, id);
  while (sqlite3_step(p.get()) == SQLITE_ROW)
    run.params.push_back(LedgerValue{"", "", Column(p.get(), 0), Column(p.get(), 1)});
  sqlite3_bind_int64(o.get(), 1, id);
  while (sqlite3_step(o.get()) == SQLITE_ROW) {
    run.outputs.push_back(LedgerValue{Column(o.get(), 0), Column(o.get(), 1), Column(o.get(), 2),
                                      Column(o.get(), 3)});
  }
  sqlite3_bind_int64(m.get(), 1, id);
  while (sqlite3_step(m.get()) == SQLITE_ROW) run.messages.push_back(Column(m.get(), 0));
  return std::nullopt;
}

}  // namespace arl::driver
