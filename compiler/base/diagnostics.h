// Diagnostics: problems in a user's rules or data, as data.
//
// Guarantees: a diagnostic always has a severity, a stable code and a message
// in both Chinese and English, and carries spans rather than text positions;
// turning it into text is render.h's job. Passes report and carry on; the
// collected diagnostics come out in one deterministic order, whatever order
// the passes found them in.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace arl::base {

/// Language of the messages shown to users.
enum class Lang { kZh, kEn };

/// One message in both languages; policy authors read Chinese, and English
/// keeps the compiler usable by everyone else.
struct Message {
  std::string zh;
  std::string en;

  /// The text in `lang`, or in the other language if that one is empty.
  const std::string& In(Lang lang) const;
  /// Whether both texts are empty (an absent label).
  bool Empty() const { return zh.empty() && en.empty(); }
};
/// Both texts equal.
bool operator==(const Message& a, const Message& b);

/// How bad a diagnostic is; the order is the order in which they are listed.
enum class Severity { kError, kWarning, kNote };

/// A secondary place worth showing, such as "declared here".
struct Label {
  Span span;
  Message message;
};
/// Span and message equal.
bool operator==(const Label& a, const Label& b);

/// One problem, with everything needed to explain it.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // stable, e.g. "E0102" or "W0301"; tests and docs key on it
  Message message;
  Span primary;           // file kNoFile: not about any file (command line)
  Message primary_label;  // text under the carets; may be empty
  std::vector<Label> secondary;
  std::optional<Message> help;  // "did you mean `迟到早退次数`?"
};
/// Every field equal; used to drop exact duplicates.
bool operator==(const Diagnostic& a, const Diagnostic& b);

/// Reports kept before the rest are only counted: one mistake early in a
/// file can cascade, and past this many nobody reads them.
inline constexpr size_t kMaxDiagnostics = 500;

/// Collects diagnostics from every pass of a compilation.
class Diagnostics {
 public:
  /// Adds `d`; past kMaxDiagnostics it is only counted.
  void Report(Diagnostic d);
  /// Adds an error and returns it so the caller can attach help and labels.
  /// The reference stays valid until this object is destroyed.
  Diagnostic& Error(std::string code, Span at, Message message);
  /// As Error, for a warning.
  Diagnostic& Warning(std::string code, Span at, Message message);
  /// As Error, for a note.
  Diagnostic& Note(std::string code, Span at, Message message);

  /// Whether kMaxDiagnostics are kept: further reports are only counted.
  bool Full() const { return kept_.size() >= kMaxDiagnostics; }
  /// Whether any error was reported, kept or not.
  bool HasErrors() const;
  /// Errors reported, exact duplicates counted once.
  size_t ErrorCount() const { return CountKept(Severity::kError) + dropped_errors_; }
  /// Warnings reported, exact duplicates counted once.
  size_t WarningCount() const { return CountKept(Severity::kWarning) + dropped_warnings_; }
  /// Kept diagnostics without duplicates, ordered by file, begin, end,
  /// severity (errors first), code and English message; if any were dropped,
  /// a final note says how many.
  std::vector<Diagnostic> Sorted() const;

 private:
  Diagnostic& Add(Severity severity, std::string code, Span at, Message message);
  size_t CountKept(Severity severity) const;
  std::vector<Diagnostic> SortedKept() const;

  std::deque<Diagnostic> kept_;  // a deque, so references from Error() stay valid
  Diagnostic discarded_;         // what Error() returns once the cap is reached
  size_t dropped_ = 0;
  size_t dropped_errors_ = 0;
  size_t dropped_warnings_ = 0;
};

/// Language from LC_ALL, else LC_MESSAGES, else LANG (first set and
/// non-empty): Chinese if it starts with "zh", English otherwise.
Lang LangFromEnvironment();

/// "zh" or "en" as given to --lang; anything else is nullopt.
std::optional<Lang> ParseLang(std::string_view text);

}  // namespace arl::base
