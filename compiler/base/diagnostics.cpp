#include "compiler/base/diagnostics.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace arl::base {
namespace {

/// The order users see; ties beyond it keep report order (stable sort), which
/// is itself deterministic because passes are.
auto SortKey(const Diagnostic& d) {
  return std::tie(d.primary.file, d.primary.begin, d.primary.end, d.severity, d.code, d.message.en);
}

bool SameSortKey(const Diagnostic& a, const Diagnostic& b) {
  return SortKey(a) == SortKey(b);
}

}  // namespace

const std::string& Message::In(Lang lang) const {
  const std::string& wanted = lang == Lang::kZh ? zh : en;
  const std::string& other = lang == Lang::kZh ? en : zh;
  return wanted.empty() ? other : wanted;
}

bool operator==(const Message& a, const Message& b) {
  return a.zh == b.zh && a.en == b.en;
}

bool operator==(const Label& a, const Label& b) {
  return a.span == b.span && a.message == b.message;
}

bool operator==(const Diagnostic& a, const Diagnostic& b) {
  return SameSortKey(a, b) && a.message.zh == b.message.zh && a.primary_label == b.primary_label &&
         a.secondary == b.secondary && a.help == b.help;
}

void Diagnostics::Report(Diagnostic d) {
  if (kept_.size() < kMaxDiagnostics) {
    kept_.push_back(std::move(d));
    return;
  }
  ++dropped_;
  if (d.severity == Severity::kError) ++dropped_errors_;
  if (d.severity == Severity::kWarning) ++dropped_warnings_;
}

Diagnostic& Diagnostics::Add(Severity severity, std::string code, Span at, Message message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.primary = at;
  d.message = std::move(message);
  const size_t before = kept_.size();
  Report(std::move(d));
  if (kept_.size() > before) return kept_.back();
  // Over the cap: the caller still gets something to decorate, and it is
  // thrown away by the next call.
  discarded_ = Diagnostic{};
  return discarded_;
}

Diagnostic& Diagnostics::Error(std::string code, Span at, Message message) {
  return Add(Severity::kError, std::move(code), at, std::move(message));
}

Diagnostic& Diagnostics::Warning(std::string code, Span at, Message message) {
  return Add(Severity::kWarning, std::move(code), at, std::move(message));
}

Diagnostic& Diagnostics::Note(std::string code, Span at, Message message) {
  return Add(Severity::kNote, std::move(code), at, std::move(message));
}

bool Diagnostics::HasErrors() const {
  if (dropped_errors_ > 0) return true;
  return std::any_of(kept_.begin(), kept_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t Diagnostics::CountKept(Severity severity) const {
  const std::vector<Diagnostic> kept = SortedKept();
  return static_cast<size_t>(std::count_if(
      kept.begin(), kept.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

std::vector<Diagnostic> Diagnostics::SortedKept() const {
  std::vector<Diagnostic> all(kept_.begin(), kept_.end());
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return SortKey(a) < SortKey(b);
  });
  // Duplicates share a sort key but need not be adjacent (another diagnostic
  // with the same key may sit between them), so compare within each group.
  std::vector<Diagnostic> unique;
  unique.reserve(all.size());
  size_t group = 0;
  for (Diagnostic& d : all) {
    if (!unique.empty() && !SameSortKey(unique.back(), d)) group = unique.size();
    const bool seen = std::find(unique.begin() + static_cast<std::ptrdiff_t>(group), unique.end(),
                                d) != unique.end();
    if (!seen) unique.push_back(std::move(d));
  }
  return unique;
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> sorted = SortedKept();
  if (dropped_ > 0) {
    Diagnostic note;
    note.severity = Severity::kNote;
    note.message = Message{fmt::format("诊断过多, 另有 {} 条未显示", dropped_),
                           fmt::format("too many diagnostics, {} more not shown", dropped_)};
    sorted.push_back(std::move(note));
  }
  return sorted;
}

Lang LangFromEnvironment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    return std::string_view(value).substr(0, 2) == "zh" ? Lang::kZh : Lang::kEn;
  }
  return Lang::kEn;
}

std::optional<Lang> ParseLang(std::string_view text) {
  if (text == "zh") return Lang::kZh;
  if (text == "en") return Lang::kEn;
  return std::nullopt;
}

}  // namespace arl::base
