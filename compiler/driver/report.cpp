// `arl report`: the HTML page. Everything is built here as one string; the
// page's script and style are constants below, inline, so the file opens
// offline and fetches nothing.
#include "compiler/driver/report.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "compiler/base/utf8.h"
#include "compiler/checked/program.h"
#include "compiler/driver/explain.h"
#include "runtime/exec/explain.h"
#include "runtime/io/output.h"

namespace arl::driver {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

/// Units per table whose explanation is embedded: each costs a pass over
/// its table's ranks and tiers (about 15 ms at 100,000 rows) and a few KB of
/// page; `arl explain` gives any unit.
constexpr size_t kMaxExplained = 500;

// ---- headings ------------------------------------------------------------------------

bool IsChineseNumeral(char32_t c) {
  return std::u32string_view(U"一二三四五六七八九十百零〇两").find(c) != std::u32string_view::npos;
}

bool IsDigit(char32_t c) {
  return c >= U'0' && c <= U'9';
}

/// Code points of `text` from `at`.
std::u32string Decode(std::string_view text, size_t at = 0) {
  std::u32string out;
  while (at < text.size()) out += base::DecodeAt(text, at);
  return out;
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) base::AppendUtf8(out, c);
  return out;
}

/// The marker a line or a citation part starts with, normalized, and its
/// kind (章 0, 节 1, 条 2, 一、 3, (一) 4, 1、 5, (1) 6); the code points it
/// took in `*used`.
std::optional<std::pair<std::string, int>> Marker(std::u32string_view s, size_t* used,
                                                  bool citation) {
  size_t i = 0;
  auto run = [&](auto pred) {
    const size_t start = i;
    while (i < s.size() && pred(s[i])) ++i;
    return s.substr(start, i - start);
  };
  if (!s.empty() && s[0] == U'第') {
    i = 1;
    const std::u32string_view n = run(IsChineseNumeral);
    if (!n.empty() && i < s.size() && (s[i] == U'章' || s[i] == U'节' || s[i] == U'条')) {
      const int kind = s[i] == U'章' ? 0 : s[i] == U'节' ? 1 : 2;
      ++i;
      *used = i;
      return std::make_pair(Encode(s.substr(0, i)), kind);
    }
    return std::nullopt;
  }
  if (!s.empty() && (s[0] == U'(' || s[0] == U'（')) {
    i = 1;
    std::u32string_view n = run(IsChineseNumeral);
    int kind = 4;
    if (n.empty()) {
      n = run(IsDigit);
      kind = 6;
    }
    if (!n.empty() && i < s.size() && (s[i] == U')' || s[i] == U'）')) {
      *used = i + 1;
      return std::make_pair("(" + Encode(n) + ")", kind);
    }
    return std::nullopt;
  }
  if (!citation && s.size() >= 2 && s[0] == U'—' && s[1] == U'、') {
    *used = 2;
    return std::make_pair(std::string("一、"), 3);  // a misread 一、
  }
  std::u32string_view n = run(IsChineseNumeral);
  if (!n.empty()) {
    const bool mark = i < s.size() && (s[i] == U'、' || s[i] == U'.' || s[i] == U'．');
    if (!mark && !citation) return std::nullopt;
    *used = i + (mark ? 1 : 0);
    return std::make_pair(Encode(n) + "、", 3);
  }
  n = run(IsDigit);
  if (!n.empty() && (citation || n.size() <= 2)) {
    const bool mark = i < s.size() && (s[i] == U'、' || s[i] == U'．' ||
                                       (s[i] == U'.' && (i + 1 >= s.size() || !IsDigit(s[i + 1]))));
    if (!mark && !citation) return std::nullopt;
    *used = i + (mark ? 1 : 0);
    return std::make_pair(Encode(n), 5);
  }
  return std::nullopt;
}

/// The parts of a citation: markers, or a leading word (附件) kept as text.
std::vector<std::pair<std::string, int>> CitationParts(const std::string& citation) {
  std::vector<std::pair<std::string, int>> parts;
  std::u32string s = Decode(citation);
  size_t at = 0;
  while (at < s.size()) {
    size_t used = 0;
    if (auto m = Marker(std::u32string_view(s).substr(at), &used, true)) {
      parts.push_back(*m);
      at += used;
      continue;
    }
    // A word up to the next marker: matched as a line's start.
    size_t end = at + 1;
    while (end < s.size()) {
      size_t u = 0;
      if (Marker(std::u32string_view(s).substr(end), &u, true)) break;
      ++end;
    }
    const std::string word = Encode(std::u32string_view(s).substr(at, end - at));
    if (word.find_first_not_of(" ,，、") != std::string::npos) parts.push_back({word, -1});
    at = end;
  }
  return parts;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::vector<SourceHeading> FindHeadings(const std::string& text) {
  std::vector<SourceHeading> out;
  const std::vector<std::string> lines = SplitLines(text);
  for (size_t l = 0; l < lines.size(); ++l) {
    // Code points and the byte each starts at (a bad byte decodes to U+FFFD
    // but stays one byte).
    std::u32string s;
    std::vector<size_t> at;
    for (size_t b = 0; b < lines[l].size();) {
      at.push_back(b);
      s += base::DecodeAt(lines[l], b);
    }
    at.push_back(lines[l].size());
    size_t start = 0;
    while (start < s.size() && (s[start] == U' ' || s[start] == U'\t' || s[start] == U'\u3000'))
      ++start;
    for (size_t i = start; i < s.size();) {
      size_t used = 0;
      const std::optional<std::pair<std::string, int>> m =
          Marker(std::u32string_view(s).substr(i), &used, false);
      bool counts = m.has_value();
      if (counts && i > start) {
        const char32_t before = s[i - 1];
        const bool sentence =
            std::u32string_view(U"。；;：:！!？?）)").find(before) != std::u32string_view::npos;
        switch (m->second) {
          case 4:
          case 6:
            counts = before != U'条';
            break;
          case 3:
          case 5:
            counts = sentence || (m->second == 5 && !IsDigit(before) && before != U'.');
            break;
          default:
            counts = false;  // 第…条 only starts a line
        }
      }
      if (counts) {
        out.push_back(SourceHeading{l, at[i], m->first, m->second});
        i += used;
        continue;
      }
      ++i;
    }
  }
  return out;
}

size_t ResolveCitation(const std::vector<SourceHeading>& headings, const std::string& citation) {
  const auto parts = CitationParts(citation);
  size_t found = std::string::npos;
  size_t from = 0;
  size_t until = headings.size();
  int parent_kind = -2;
  for (const auto& [marker, kind] : parts) {
    if (kind < 0) continue;  // a word (附件): not a heading; the markers after it decide
    size_t hit = until;
    for (size_t h = from; h < until; ++h) {
      if (headings[h].marker == marker) {
        hit = h;
        break;
      }
    }
    if (hit == until) break;
    found = hit;
    // The next part lies inside this one: before its next sibling (or the
    // parent's next sibling).
    const int own = headings[hit].kind;
    size_t end = hit + 1;
    while (end < until && headings[end].kind != own && headings[end].kind != parent_kind) ++end;
    parent_kind = own;
    from = hit + 1;
    until = end;
  }
  return found;
}

namespace {

// ---- the page ------------------------------------------------------------------------

constexpr const char* kStyle = R"css(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{padding:12px 20px;background:#1f3a5f;color:#fff}header h1{margin:0;font-size:20px}
nav a{color:#cde;margin-right:16px}section{padding:12px 20px;border-bottom:1px solid #ddd}
.side{display:flex;gap:12px}.side>div{flex:1;height:70vh;overflow:auto;border:1px solid #ccc;padding:6px}
.line{white-space:pre-wrap;font-size:13px;line-height:1.5;padding:0 4px}
.rules .line{font-family:monospace}.clause.cited{border-left:3px solid #f9a825}
.clause:target,.line:target{background:#ffd54f}
.cites a,.backs a{font-size:11px;margin-left:6px;color:#1565c0}.uncited{color:#b71c1c}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{cursor:pointer;background:#eef}tr.unit:hover{background:#e3f2fd;cursor:pointer}tr.unit.open{background:#bbdefb}
pre.explain{white-space:pre-wrap;background:#fafafa;border:1px solid #ccc;padding:8px;font-size:12px}
svg text{font-size:11px}
)css";

constexpr const char* kScript = R"js(
document.querySelectorAll('table.sortable th').forEach(function(th){
  th.addEventListener('click', function(){
    var i = th.cellIndex;
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var asc = th.dataset.order !== 'asc';
    th.dataset.order = asc ? 'asc' : 'desc';
    rows.sort(function(a, b){
      var x = a.cells[i].textContent, y = b.cells[i].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
      return asc ? c : -c;
    });
    rows.forEach(function(r){ body.appendChild(r); });
  });
});
document.querySelectorAll('tr.unit').forEach(function(tr){
  tr.addEventListener('click', function(){
    var panel = document.getElementById('explain-' + tr.dataset.table);
    var source = document.getElementById(tr.dataset.x);
    document.querySelectorAll('tr.unit.open').forEach(function(o){ o.classList.remove('open'); });
    tr.classList.add('open');
    panel.textContent = source ? source.content.textContent : '';
    panel.hidden = false;
  });
});
)js";

struct Chart {
  std::string group;
  std::vector<std::pair<double, std::string>> units;  // (score, tier label)
};

class Page {
 public:
  Page(const Prepared& prepared, exec::Explainer& explainer, base::Lang lang)
      : prepared_(prepared),
        p_(prepared.program),
        data_(prepared.loaded.data),
        ex_(explainer),
        lang_(lang),
        zh_(lang == base::Lang::kZh) {}

  std::string Build() {
    LoadSource();
    out_ += "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">";
    out_ +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";
    out_ += fmt::format("<title>{}</title><style>{}</style></head><body>", HtmlEscape(p_.policy),
                        kStyle);
    const syntax::File& main = *prepared_.compilation.files[0];
    std::string title = p_.policy;
    if (main.header && main.header->title) title = main.header->title->value;
    out_ += fmt::format(
        "<header><h1 id=\"title\">{}</h1><nav><a href=\"#side\">{}</a><a href=\"#coverage\">{}</a>"
        "<a href=\"#assumptions\">{}</a><a href=\"#results\">{}</a><a href=\"#charts\">{}</a>"
        "</nav></header>",
        HtmlEscape(title), zh_ ? "原文与规则" : "source and rules", zh_ ? "条款覆盖" : "coverage",
        zh_ ? "假定" : "assumptions", zh_ ? "结果" : "results", zh_ ? "图表" : "charts");
    SideBySide();
    Coverage();
    Assumptions();
    Results();
    Charts();
    out_ += fmt::format("<script>{}</script></body></html>\n", kScript);
    return std::move(out_);
  }

 private:
  void LoadSource() {
    const syntax::File& main = *prepared_.compilation.files[0];
    const base::SourceFile& rules = prepared_.compilation.sources.Get(main.file);
    if (main.header && main.header->source) {
      std::string path = main.header->source->value;
      const size_t slash = rules.Path().rfind('/');
      if (!path.empty() && path[0] != '/' && slash != std::string::npos)
        path = rules.Path().substr(0, slash + 1) + path;
      if (auto text = ReadFile(path)) {
        source_ = SplitLines(*text);
        headings_ = FindHeadings(*text);
        source_path_ = path;
      }
    }
    // Each citation of a definition or parameter, resolved to a line.
    for (size_t d = 0; d < p_.definitions.size(); ++d) {
      const ir::Definition& def = p_.definitions[d];
      if (def.span.file != main.file) continue;
      AddCiter(def.span, def.name, def.clauses);
    }
    for (const ir::Param& param : p_.params) {
      if (param.span.file != main.file) continue;
      AddCiter(param.span, param.name, param.clauses);
    }
    const checked::Program& checked = *prepared_.compilation.program;
    for (const auto& table : checked.tables) {
      if (table->decl == nullptr || table->span.file != main.file) continue;
      AddCiter(table->span, table->name, Texts(table->decl->cite.clauses));
    }
    for (const auto& a : checked.assumptions) {
      if (a->decl == nullptr || a->decl->id.span.file != main.file) continue;
      AddCiter(a->decl->id.span, a->id, Texts(a->decl->interprets));
    }
  }

  static std::vector<std::string> Texts(const std::vector<syntax::Text>& texts) {
    std::vector<std::string> out;
    for (const syntax::Text& t : texts) out.push_back(t.value);
    return out;
  }

  void AddCiter(base::Span span, const std::string& name, const std::vector<std::string>& clauses) {
    const base::SourceFile& file = prepared_.compilation.sources.Get(span.file);
    const size_t line = file.Locate(span.begin).line - 1;
    for (const std::string& clause : clauses) {
      const size_t at = ResolveCitation(headings_, clause);
      cites_[line].push_back({clause, at});
      if (at != std::string::npos) backs_[at].push_back({name, line});
    }
  }

  void SideBySide() {
    out_ +=
        fmt::format("<section id=\"side\"><h2>{}</h2><div class=\"side\"><div class=\"source\">",
                    zh_ ? "原文与规则" : "The source and the rules");
    if (source_.empty()) {
      out_ += fmt::format("<p>{}</p>",
                          zh_ ? "规则文件的开头没有写 来源, 或者找不到那个文件。"
                              : "The rule file names no 来源 (source), or it cannot be read.");
    }
    size_t h = 0;  // the next heading
    for (size_t l = 0; l < source_.size(); ++l) {
      out_ += fmt::format("<div class=\"line\" id=\"s{}\">", l + 1);
      size_t done = 0;
      for (; h < headings_.size() && headings_[h].line == l; ++h) {
        out_ += HtmlEscape(std::string_view(source_[l]).substr(done, headings_[h].offset - done));
        done = headings_[h].offset;
        const auto back = backs_.find(h);
        out_ += fmt::format("<span class=\"clause{}\" id=\"h{}\">",
                            back != backs_.end() ? " cited" : "", h);
        if (back != backs_.end()) {
          out_ += "<span class=\"backs\">";
          for (const auto& [name, line] : back->second)
            out_ +=
                fmt::format("<a class=\"back\" href=\"#r{}\">{}</a>", line + 1, HtmlEscape(name));
          out_ += "</span>";
        }
        out_ += "</span>";
      }
      out_ += HtmlEscape(std::string_view(source_[l]).substr(done)) + "</div>\n";
    }
    out_ += "</div><div class=\"rules\">";
    const syntax::File& main = *prepared_.compilation.files[0];
    const std::vector<std::string> rules =
        SplitLines(prepared_.compilation.sources.Get(main.file).Text());
    for (size_t l = 0; l < rules.size(); ++l) {
      out_ += fmt::format("<div class=\"line\" id=\"r{}\">{}", l + 1, HtmlEscape(rules[l]));
      const auto cite = cites_.find(l);
      if (cite != cites_.end()) {
        out_ += "<span class=\"cites\">";
        for (const auto& [clause, at] : cite->second) {
          if (at == std::string::npos) {
            out_ += fmt::format("<span class=\"uncited\">{}</span>", HtmlEscape(clause));
          } else {
            out_ += fmt::format("<a class=\"cite\" href=\"#h{}\">{}</a>", at, HtmlEscape(clause));
          }
        }
        out_ += "</span>";
      }
      out_ += "</div>\n";
    }
    out_ += "</div></div></section>\n";
  }

  void Coverage() {
    out_ += fmt::format("<section id=\"coverage\"><h2>{}</h2>",
                        zh_ ? "没有规则引用的条款" : "Clauses no rule cites");
    std::string list;
    size_t uncovered = 0;
    for (size_t h = 0; h < headings_.size(); ++h) {
      // A heading is covered when a citation lands on it or on a heading
      // inside it, before its next sibling (or its parent's).
      size_t end = headings_.size();
      for (size_t k = h + 1; k < headings_.size(); ++k) {
        if (headings_[k].kind <= headings_[h].kind) {
          end = k;
          break;
        }
      }
      bool covered = false;
      for (size_t k = h; k < end && !covered; ++k) covered = backs_.count(k) > 0;
      if (covered) continue;
      ++uncovered;
      list += fmt::format("<li><a href=\"#h{}\">{}</a></li>", h, HtmlEscape(Excerpt(headings_[h])));
    }
    out_ += fmt::format(
        zh_ ? "<p>原文有 {} 处条款标题, 其中 {} 处没有任何规则引用 (它们和它们的下级都没有)。</p>"
            : "<p>{} clause headings in the source, {} of which no rule cites (nor any of their "
              "parts).</p>",
        headings_.size(), uncovered);
    out_ += "<ul class=\"uncovered\">" + list + "</ul></section>";
  }

  /// A heading and what follows it on its line, up to 60 characters.
  std::string Excerpt(const SourceHeading& heading) const {
    const std::u32string rest = Decode(source_[heading.line], heading.offset);
    return Encode(std::u32string_view(rest).substr(0, 60)) + (rest.size() > 60 ? "…" : "");
  }

  void Assumptions() {
    out_ += fmt::format(
        "<section "
        "id=\"assumptions\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</"
        "th></tr></thead><tbody>",
        zh_ ? "假定登记" : "Assumption register", zh_ ? "编号" : "id", zh_ ? "解读" : "reading",
        zh_ ? "条款" : "clause", zh_ ? "参数 (本次取值)" : "parameters (value in this run)");
    const exec::Results& results = ex_.results();
    for (const auto& a : prepared_.compilation.program->assumptions) {
      std::string clauses, params;
      if (a->decl != nullptr) {
        for (const syntax::Text& t : a->decl->interprets) {
          const size_t at = ResolveCitation(headings_, t.value);
          clauses +=
              at == std::string::npos
                  ? HtmlEscape(t.value) + " "
                  : fmt::format("<a class=\"cite\" href=\"#h{}\">{}</a> ", at, HtmlEscape(t.value));
        }
      }
      for (const checked::Param* param : a->params) {
        const std::int32_t i = p_.FindParam(param->name);
        if (i < 0) continue;
        params += fmt::format(
            "{} = {} ", HtmlEscape(param->name),
            HtmlEscape(io::WrittenValue(p_, data_, p_.params[static_cast<size_t>(i)].display,
                                        results.params[static_cast<size_t>(i)], 0)));
      }
      out_ +=
          fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", HtmlEscape(a->id),
                      HtmlEscape(a->decl != nullptr ? a->decl->text.value : ""), clauses, params);
    }
    out_ += "</tbody></table></section>";
  }

  /// A column rows are grouped by, with how its values are written.
  struct Group {
    const column::Column* column;
    const ir::Display* display;
  };

  /// The first 按 key of `sort` over `table`, when it is an input column or
  /// a definition.
  std::optional<Group> SortGroup(std::int32_t table, const ir::Sort& sort) const {
    if (sort.group_by.empty()) return std::nullopt;
    const ir::Table& t = p_.tables[static_cast<size_t>(table)];
    const ir::Node& g = p_.At(sort.group_by[0]);
    if (g.op == ir::Op::kInput) {
      return Group{&data_.tables[static_cast<size_t>(table)].columns[static_cast<size_t>(g.slot)],
                   &t.columns[static_cast<size_t>(g.slot)].display};
    }
    if (g.op == ir::Op::kDef) {
      const ir::Definition& d =
          p_.definitions[static_cast<size_t>(t.definitions[static_cast<size_t>(g.slot)])];
      return Group{&ex_.results().tables[static_cast<size_t>(table)][static_cast<size_t>(d.slot)],
                   &d.display};
    }
    return std::nullopt;
  }

  /// The groups of a result table: those of its first output made by 分等.
  std::optional<Group> GroupOf(std::int32_t table) const {
    for (std::int32_t d : p_.tables[static_cast<size_t>(table)].definitions) {
      const ir::Definition& def = p_.definitions[static_cast<size_t>(d)];
      if (!def.output || def.root == ir::kNoNode || p_.At(def.root).op != ir::Op::kTiers) continue;
      const ir::Tiers& tiers = p_.tiers[static_cast<size_t>(p_.At(def.root).slot)];
      if (tiers.sort) return SortGroup(table, *tiers.sort);
    }
    return std::nullopt;
  }

  void Results() {
    out_ += fmt::format(
        "<section id=\"results\"><h2>{}</h2><p>{}</p>", zh_ ? "结果" : "Results",
        fmt::format(zh_ ? "点表头排序; 点一行看这个单位的结果是怎么来的 (与 arl explain 相同; "
                          "每张表的前 {} 行)。"
                        : "Click a heading to sort; click a row to see how its results were "
                          "reached (as arl explain shows it; the first {} rows of each table).",
                    kMaxExplained));
    const exec::Results& results = ex_.results();
    for (std::int32_t t : io::ResultTables(p_)) {
      const ir::Table& table = p_.tables[static_cast<size_t>(t)];
      const column::TableData& td = data_.tables[static_cast<size_t>(t)];
      std::vector<std::int32_t> outputs;
      for (std::int32_t d : table.definitions) {
        if (p_.definitions[static_cast<size_t>(d)].output) outputs.push_back(d);
      }
      // One table per group of the first 分等's 按 (类别, …), else one.
      std::map<std::string, std::vector<size_t>> groups;
      const std::optional<Group> group = GroupOf(t);
      for (size_t r = 0; r < td.rows; ++r) {
        groups[group ? io::WrittenValue(p_, data_, *group->display, *group->column, r) : ""]
            .push_back(r);
      }
      std::string explained;
      for (const auto& [group_name, rows] : groups) {
        out_ += fmt::format("<h3>{}{}</h3><table class=\"sortable\"><thead><tr><th>{}</th>",
                            HtmlEscape(table.name),
                            group_name.empty() ? "" : " · " + HtmlEscape(group_name),
                            HtmlEscape(table.columns.empty() ? table.name : table.columns[0].name));
        for (std::int32_t d : outputs)
          out_ +=
              fmt::format("<th>{}</th>", HtmlEscape(p_.definitions[static_cast<size_t>(d)].name));
        out_ += "</tr></thead><tbody>";
        for (size_t r : rows) {
          std::string key;
          if (r < td.keys.size()) {
            key = std::string(td.keys[r]);
          } else if (!table.columns.empty()) {
            key = io::WrittenValue(p_, data_, table.columns[0].display, td.columns[0], r);
          }
          const std::string id = fmt::format("x-{}-{}", t, r);
          out_ += fmt::format("<tr class=\"unit\" data-table=\"{}\" data-x=\"{}\"><td>{}</td>", t,
                              id, HtmlEscape(key));
          for (std::int32_t d : outputs) {
            const ir::Definition& def = p_.definitions[static_cast<size_t>(d)];
            const column::Column& c =
                results.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)];
            out_ += fmt::format("<td>{}</td>",
                                HtmlEscape(c.state[r] == column::State::kError
                                               ? (zh_ ? "错误" : "error")
                                               : io::WrittenValue(p_, data_, def.display, c, r)));
          }
          out_ += "</tr>\n";
          if (r < kMaxExplained) {
            explained +=
                fmt::format("<template id=\"{}\">{}</template>\n", id,
                            HtmlEscape(ExplainText(prepared_, ex_, t, static_cast<std::uint32_t>(r),
                                                   outputs, lang_)));
          }
        }
        out_ += "</tbody></table>";
      }
      out_ += fmt::format("<pre class=\"explain\" id=\"explain-{}\" hidden></pre>{}", t, explained);
    }
    out_ += "</section>";
  }

  void Charts() {
    out_ += fmt::format("<section id=\"charts\"><h2>{}</h2>", zh_ ? "图表" : "Charts");
    const exec::Results& results = ex_.results();
    size_t charted = 0;
    for (const ir::Definition& def : p_.definitions) {
      if (!def.output || def.table < 0 || def.root == ir::kNoNode) continue;
      const ir::Node& root = p_.At(def.root);
      if (root.op != ir::Op::kTiers) continue;
      const ir::Tiers& tiers = p_.tiers[static_cast<size_t>(root.slot)];
      if (!tiers.sort || tiers.sort->keys.empty()) continue;
      // The score: the first 排序 key, when it is a column or a definition.
      const ir::Node& key = p_.At(tiers.sort->keys[0].value);
      const ir::Table& table = p_.tables[static_cast<size_t>(def.table)];
      const column::Column* scores = nullptr;
      std::string score_name;
      if (key.op == ir::Op::kInput) {
        scores =
            &data_.tables[static_cast<size_t>(def.table)].columns[static_cast<size_t>(key.slot)];
        score_name = table.columns[static_cast<size_t>(key.slot)].name;
      } else if (key.op == ir::Op::kDef) {
        const ir::Definition& score =
            p_.definitions[static_cast<size_t>(table.definitions[static_cast<size_t>(key.slot)])];
        scores = &results.tables[static_cast<size_t>(def.table)][static_cast<size_t>(score.slot)];
        score_name = score.name;
      }
      if (scores == nullptr || scores->kind != ir::ValueKind::kNumber) continue;
      const column::Column& labels =
          results.tables[static_cast<size_t>(def.table)][static_cast<size_t>(def.slot)];
      const std::optional<Group> group = SortGroup(def.table, *tiers.sort);
      std::map<std::string, Chart> charts;
      for (size_t r = 0; r < scores->Size(); ++r) {
        if (!scores->Has(r) || !labels.Has(r)) continue;
        const std::string g =
            group ? io::WrittenValue(p_, data_, *group->display, *group->column, r) : "";
        Chart& chart = charts[g];
        chart.group = g;
        chart.units.push_back({std::stod(scores->Number(r).ToString()),
                               tiers.labels[static_cast<size_t>(labels.codes[r])]});
      }
      out_ += fmt::format("<h3>{} · {}</h3>", HtmlEscape(def.name), HtmlEscape(score_name));
      for (const auto& [name, chart] : charts) Svg(def, tiers, chart);
      ++charted;
    }
    if (charted == 0) {
      out_ += fmt::format("<p class=\"nochart\">{}</p>",
                          zh_ ? "没有以 分等 直接定出、按一个分数排序的输出, 所以没有图。"
                              : "No output is a 分等 sorted by one score, so there is no chart.");
    }
    out_ += "</section>";
  }

  /// A histogram of the scores (20 bins) with a line at the lowest score of
  /// each tier but the last, and a bar per tier with its count. Display
  /// only: a score drawn as a double changes no result.
  void Svg(const ir::Definition& def, const ir::Tiers& tiers, const Chart& chart) {
    double lo = chart.units[0].first, hi = lo;
    for (const auto& u : chart.units) {
      lo = std::min(lo, u.first);
      hi = std::max(hi, u.first);
    }
    if (hi == lo) hi = lo + 1;
    constexpr int kBins = 20, kW = 480, kH = 160;
    std::vector<int> bins(kBins, 0);
    for (const auto& u : chart.units)
      ++bins[static_cast<size_t>(
          std::min(kBins - 1, static_cast<int>((u.first - lo) / (hi - lo) * kBins)))];
    const int top = *std::max_element(bins.begin(), bins.end());
    out_ += fmt::format(
        "<figure class=\"chart\"><figcaption>{}{}</figcaption><svg "
        "xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">",
        HtmlEscape(chart.group), chart.group.empty() ? "" : " ", kW + 180, kH + 30);
    for (int b = 0; b < kBins; ++b) {
      const int h = top == 0 ? 0 : bins[static_cast<size_t>(b)] * kH / top;
      out_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#90caf9\"/>",
                          b * kW / kBins, kH - h, kW / kBins - 1, h);
    }
    std::map<std::string, size_t> counts;
    std::map<std::string, double> lowest;
    for (const auto& u : chart.units) {
      ++counts[u.second];
      auto it = lowest.find(u.second);
      if (it == lowest.end() || u.first < it->second) lowest[u.second] = u.first;
    }
    for (size_t t = 0; t + 1 < tiers.labels.size(); ++t) {
      const auto it = lowest.find(tiers.labels[t]);
      if (it == lowest.end()) continue;
      const int x = static_cast<int>((it->second - lo) / (hi - lo) * kW);
      out_ += fmt::format(
          "<line class=\"cut\" x1=\"{0}\" x2=\"{0}\" y1=\"0\" y2=\"{1}\" stroke=\"#c62828\"/>"
          "<text x=\"{0}\" y=\"{2}\" fill=\"#c62828\">{3}</text>",
          x, kH, kH + 12, HtmlEscape(tiers.labels[t]));
    }
    out_ += fmt::format(
        "<text x=\"0\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        kH + 26, HtmlEscape(fmt::format("{:g}", lo)), kW, kH + 26,
        HtmlEscape(fmt::format("{:g}", hi)));
    int y = 4;
    for (const std::string& label : tiers.labels) {
      const size_t n = counts[label];
      out_ += fmt::format(
          "<text x=\"{}\" y=\"{}\">{}</text><rect class=\"tier\" x=\"{}\" y=\"{}\" width=\"{}\" "
          "height=\"12\" fill=\"#a5d6a7\"/><text x=\"{}\" y=\"{}\">{}</text>",
          kW + 10, y + 10, HtmlEscape(label), kW + 70, y, n * 80 / chart.units.size() + 1, kW + 155,
          y + 10, n);
      y += 16;
    }
    (void)def;
    out_ += "</svg></figure>";
  }

  const Prepared& prepared_;
  const ir::Program& p_;
  const column::Dataset& data_;
  exec::Explainer& ex_;
  base::Lang lang_;
  bool zh_;
  std::string out_;
  std::vector<std::string> source_;
  std::string source_path_;
  std::vector<SourceHeading> headings_;
  /// Rule file line → its citations and the source heading each resolved to.
  std::map<size_t, std::vector<std::pair<std::string, size_t>>> cites_;
  /// Source heading → the definitions citing it and their rule file lines.
  std::map<size_t, std::vector<std::pair<std::string, size_t>>> backs_;
};

}  // namespace

RunOutcome Report(const ReportRequest& request) {
  RunOutcome outcome;
  std::unique_ptr<Prepared> prepared = Prepare(request.run, outcome, [](const char*) {});
  if (prepared == nullptr) return outcome;
  exec::Explainer explainer(prepared->program, prepared->loaded.data, prepared->overrides);
  outcome.files[request.output] = Page(*prepared, explainer, request.run.lang).Build();
  outcome.exit = prepared->loaded.HasErrors() || explainer.RunHadErrors() ? kExitErrors : 0;
  return outcome;
}

}  // namespace arl::driver
