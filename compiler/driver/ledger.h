// The run ledger: `arl run --record LEDGER.db` keeps each run in SQLite,
// and `arl runs list|show|diff|verify` reads it back.
//
// A recorded run holds what it takes to say what was run and to run it
// again: the time, the arl version, the rule file and each file it imports
// and each data file with their SHA-256, the --set options and every
// parameter's value, every output of every row, every warning and error,
// and the JSON document `arl run` prints for it. `verify` re-runs it from
// the recorded paths and options and compares that document byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arl::driver {

/// The file `--record` uses when no file is given, in the working folder.
inline constexpr const char* kDefaultLedger = "arl-runs.db";

struct LedgerFile {
  std::string kind;    // "rules" or "data"
  std::string path;    // absolute
  std::string sha256;  // of the bytes on disk, byte order mark and all
};

struct LedgerValue {
  std::string table;
  std::string unit;  // the key, or `file:line` for a record row
  std::string name;  // a parameter or an output
  std::string value;
};

struct LedgerRun {
  std::int64_t id = 0;
  std::string time;  // UTC, ISO 8601
  std::string version;
  std::string rules;  // absolute path of the rule file
  std::string data;   // absolute path of the data folder or JSON file
  std::vector<std::string> sets;
  int exit = 0;
  std::string results;  // the JSON document
  /// What it takes to run it again exactly: the language of its messages
  /// (they are in the JSON's warnings), the working folder, and the paths
  /// as they were typed (they are in messages and record rows' names).
  std::string lang;  // "zh" or "en"
  std::string cwd;
  std::string rules_arg;
  std::string data_arg;
  std::vector<LedgerFile> files;
  std::vector<LedgerValue> params;   // table and unit empty
  std::vector<LedgerValue> outputs;  // in table, row, output order
  std::vector<std::string> messages;
};

/// The lines of `text`, without their line ends.
std::vector<std::string> Lines(const std::string& text);

/// `path` with symbolic links and `.` resolved; as given if it does not exist.
std::string AbsolutePath(const std::string& path);

/// SHA-256 of `bytes`, in lowercase hex.
std::string Sha256(const std::string& bytes);

/// Appends `run` to the ledger at `path` (created if missing) and sets its
/// id; an error text otherwise.
std::optional<std::string> RecordRun(const std::string& path, LedgerRun& run);

/// Every run, oldest first, without outputs and results; or an error text.
std::optional<std::string> ListRuns(const std::string& path, std::vector<LedgerRun>& runs);

/// Run `id` in full; an error text if the ledger or the run is missing.
std::optional<std::string> LoadRun(const std::string& path, std::int64_t id, LedgerRun& run);

}  // namespace arl::driver
