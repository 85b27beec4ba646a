// The stages from a path on disk to a checked program: read bytes, decode,
// parse, follow imports, check. Each stage reports into one Diagnostics and
// the pipeline stops after the first stage that had errors.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/checked/program.h"
#include "compiler/syntax/ast.h"

namespace arl::driver {

/// Everything one compilation owns. The checked program points into the
/// syntax trees, so both live here together.
struct Compilation {
  base::SourceManager sources;
  std::vector<std::unique_ptr<syntax::File>> files;  // [0] is the main file
  std::unique_ptr<checked::Program> program;
};

/// Where `引用 "…"` looks after the importing file's own folder: the folder
/// that holds `stdlib-rules/`, so `引用 "stdlib-rules/扣分.arl"` works from
/// any rule file. Taken from $ARL_STDLIB_ROOT, else the source tree.
std::string StdlibRoot();

/// Reads and parses one file (and, recursively, what it imports, each once).
/// `text`, when given, is the main file's content instead of what is on disk
/// (imports are still read from disk, relative to `path`). Returns false if
/// any file could not be read, decoded or parsed.
bool LoadAndParse(const std::string& path, Compilation& out, base::Diagnostics& diags,
                  std::optional<std::string> text = std::nullopt);

/// LoadAndParse followed by the checker. Returns false on any error.
bool LoadAndCheck(const std::string& path, Compilation& out, base::Diagnostics& diags,
                  std::optional<std::string> text = std::nullopt);

/// What `arl check` prints for one file and whether it passed.
struct CheckOutcome {
  bool ok = false;          // no errors (warnings allowed)
  std::string diagnostics;  // rendered, as printed to stderr
  std::string dump;         // what `dump` asked for, if it could be made
};

/// Checks one rule file as `arl check` does, rendering every diagnostic.
/// `dump` is "", "ast" (the main file's syntax tree) or "checked".
CheckOutcome CheckOne(const std::string& path, base::Lang lang, bool color,
                      const std::string& dump = "", std::optional<std::string> text = std::nullopt);

/// Reads a whole file; nullopt if it cannot be read.
std::optional<std::string> ReadFile(const std::string& path);

}  // namespace arl::driver
