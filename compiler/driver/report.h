// `arl report`: one self-contained HTML page for auditors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/run.h"

namespace arl::driver {

struct ReportRequest {
  RunRequest run;      // rules, data, --set, language
  std::string output;  // -o OUT.html
};

/// Writes OUT.html: the source document (the header's 来源) and the rule file
/// side by side, each rule linked to the clauses it cites and each clause to
/// the rules citing it; the clauses no rule cites; the assumption register;
/// per result table a sortable table of units whose rows open their `arl
/// explain` text; and inline SVG charts of each 分等 output: scores per group
/// with the cut between tiers, and units per tier. No script, style or font
/// is fetched; every name and value is escaped.
RunOutcome Report(const ReportRequest& request);

/// A heading of the source document: where it is (line, 0-based, and byte
/// offset in the line: a scanned document may run several clauses into one
/// line) and its marker normalized (`第二十一条`, `(二)`, `三、`, `3`, `(1)`),
/// with its kind (章 0, 节 1, 条 2, 一、 3, (一) 4, 1、 5, (1) 6).
struct SourceHeading {
  size_t line = 0;
  size_t offset = 0;
  std::string marker;
  int kind = 0;
};

/// The headings of `text`, in order. A marker counts at the start of a line;
/// inside one, `(一)` and `(1)` anywhere but after 条, and `一、`, `1.`, `1、`
/// after a sentence ends or a parenthesis closes. `—、` (a misread `一、` in
/// scanned text) counts as `一、`.
std::vector<SourceHeading> FindHeadings(const std::string& text);

/// The heading a citation such as `第二十一条(二)` or `三(二)3` names (an
/// index into `headings`): each part is looked for after the previous one
/// and within it; the deepest found, or npos when not even the first is.
size_t ResolveCitation(const std::vector<SourceHeading>& headings, const std::string& citation);

/// `s` with & < > " ' as HTML entities, for text and attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace arl::driver
