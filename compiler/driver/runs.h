// `arl runs list|show ID|diff ID1 ID2|verify ID`: the run ledger read back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/driver/ledger.h"
#include "compiler/driver/run.h"

namespace arl::driver {

struct RunsRequest {
  std::string ledger;              // the SQLite file
  std::vector<std::string> words;  // list | show ID | diff ID1 ID2 | verify ID
  base::Lang lang = base::Lang::kZh;
};

/// list: one line per run. show: what a run read (files and their SHA-256,
/// --set, parameters) and what it wrote (units, messages). diff: which
/// units' outputs differ between two runs, and why (the rules, the data or
/// the parameters changed). verify: runs a recorded run again from its
/// paths and options; exit 0 only if its files are unchanged and its JSON
/// document is the same, byte for byte. Exit 2 for usage errors (no such
/// ledger or run).
RunOutcome Runs(const RunsRequest& request);

/// Per row, the outputs that differ from `before` to `after` (old → new,
/// new, gone), in `after`'s order, then how many rows differ.
std::string DiffValues(const std::vector<LedgerValue>& before,
                       const std::vector<LedgerValue>& after, base::Lang lang);

}  // namespace arl::driver
