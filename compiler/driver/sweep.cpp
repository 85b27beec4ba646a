// Sweeps: a baseline kept whole, and each setting re-evaluated from it,
// computing only the definitions the swept parameters reach; per setting,
// the tier counts per group and the units not in their baseline tier.
#include "compiler/driver/sweep.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/base/suggest.h"
#include "compiler/driver/report.h"
#include "runtime/exec/incremental.h"
#include "runtime/io/output.h"

namespace arl::driver {
namespace {

using value::Decimal;

/// Settings in all beyond which a sweep is refused (a typing slip in STEP
/// should not start an hour of work).
constexpr size_t kMaxSettings = 1000000;

/// One swept parameter: its values, as numbers and as written.
struct Axis {
  std::int32_t param = -1;
  std::string name;
  std::vector<Decimal> values;
  std::vector<std::string> written;
};

/// `NAME=FROM..TO:STEP` read against the parameter's type; "" when fine.
std::string ReadAxis(const ir::Program& program, const column::Dataset& data,
                     const std::string& text, bool zh, Axis& axis) {
  const size_t eq = text.find('=');
  const size_t dots = text.find("..", eq == std::string::npos ? 0 : eq);
  const size_t colon = text.rfind(':');
  if (eq == std::string::npos || dots == std::string::npos || colon == std::string::npos ||
      colon < dots)
    return fmt::format(zh ? "--sweep 的写法是 名称=起..止:步长, 不是 `{}`"
                          : "--sweep takes NAME=FROM..TO:STEP, not `{}`",
                       text);
  axis.name = text.substr(0, eq);
  const Setting known = ReadSetting(program, axis.name, std::nullopt);
  if (known.unknown) return "--sweep: " + (zh ? known.problem.zh : known.problem.en);
  axis.param = known.value->param;
  const ir::Param& param = program.params[static_cast<size_t>(axis.param)];
  if (param.display.kind != ir::ValueKind::kNumber)
    return fmt::format(
        zh ? "--sweep: 参数 {} 不是数, 不能扫描" : "--sweep: parameter {} is not a number",
        axis.name);
  Decimal bounds[3];
  const std::string parts[3] = {text.substr(eq + 1, dots - eq - 1),
                                text.substr(dots + 2, colon - dots - 2), text.substr(colon + 1)};
  for (int i = 0; i < 3; ++i) {
    column::Column c(param.display.kind, 1);
    if (auto bad = io::ReadParamValue(program, param, parts[i], c))
      return fmt::format("--sweep {}: {}", text, zh ? bad->zh : bad->en);
    bounds[i] = c.Number(0);
  }
  if (bounds[2].Compare(Decimal()) <= 0)
    return fmt::format(zh ? "--sweep {}: 步长要大于 0" : "--sweep {}: the step must be above 0",
                       text);
  if (bounds[1].Compare(bounds[0]) < 0)
    return fmt::format(zh ? "--sweep {}: 止不能小于起" : "--sweep {}: TO is below FROM", text);
  for (Decimal v = bounds[0]; v.Compare(bounds[1]) <= 0;) {
    if (axis.values.size() >= kMaxSettings)
      return fmt::format(zh ? "--sweep {}: 超过 {} 个取值" : "--sweep {}: more than {} values",
                         text, kMaxSettings);
    axis.values.push_back(v);
    column::Column c(param.display.kind, 1);
    c.SetNumber(0, v);
    axis.written.push_back(io::WrittenValue(program, data, param.display, c, 0));
    if (!v.Add(bounds[2], &v)) break;
  }
  return "";
}

/// A tier output of a result table (an enumeration, or a 是否 such as 末位
/// or 综合先进), and its units' groups.
struct TierOutput {
  std::int32_t table = -1;
  const ir::Definition* def = nullptr;
  std::vector<std::string> labels;   // by code: the members, or 否 and 是
  std::vector<std::string> groups;   // in order of first appearance
  std::vector<std::uint32_t> group;  // per row
  std::vector<std::int32_t> base;    // per row: the baseline's code, -1 for no value or an error
};

/// One setting's tier counts for one output: [group][label], the last label
/// counting rows with no tier (an error or no value).
using Counts = std::vector<std::vector<size_t>>;

/// The code of `row` in `c`, or -1.
std::int32_t CodeOf(const column::Column& c, size_t row) {
  return c.Has(row) ? c.codes[row] : -1;
}

/// The label of a code, or (无等次).
std::string LabelOf(const TierOutput& t, std::int32_t code, bool zh) {
  if (code < 0) return zh ? "(无等次)" : "(no tier)";
  return t.labels[static_cast<size_t>(code)];
}

/// A unit not in its baseline tier under a setting.
struct Moved {
  std::uint32_t row;
  std::int32_t now;
};

/// Writes the settings as they are computed, in one of three formats.
class Writer {
 public:
  Writer(const ir::Program& program, const column::Dataset& data, const std::vector<Axis>& axes,
         const std::vector<TierOutput>& outputs, const std::string& format, bool zh)
      : p_(program), data_(data), axes_(axes), outputs_(outputs), format_(format), zh_(zh) {
    if (format_ == "csv") {
      for (const Axis& a : axes_) {
        io::CsvField(out_, a.name);
        out_ += ',';
      }
      out_ += zh_ ? "表,输出,分组,等次,个数,不在基准等次的单位\n"
                  : "table,output,group,tier,count,units not in their baseline tier\n";
      // What every setting repeats, written once: per output, group and
      // tier the fields `表,输出,分组,等次,`; per row, whether its key needs
      // quoting.
      for (const TierOutput& t : outputs_) {
        const size_t labels = t.labels.size();
        std::vector<std::string> cells(t.groups.size() * (labels + 1));
        for (size_t g = 0; g < t.groups.size(); ++g) {
          for (size_t l = 0; l <= labels; ++l) {
            std::string& cell = cells[g * (labels + 1) + l];
            io::CsvField(cell, p_.tables[static_cast<size_t>(t.table)].name);
            cell += ',';
            io::CsvField(cell, t.def->name);
            cell += ',';
            io::CsvField(cell, t.groups[g]);
            cell += ',';
            io::CsvField(cell, LabelOf(t, l < labels ? static_cast<std::int32_t>(l) : -1, zh_));
            cell += ',';
          }
        }
        csv_cells_.push_back(std::move(cells));
        const column::TableData& td = data_.tables[static_cast<size_t>(t.table)];
        std::vector<bool> quoted(t.group.size(), false);
        for (size_t r = 0; r < quoted.size() && r < td.keys.size(); ++r) {
          std::string field;
          io::CsvField(field, td.keys[r]);
          quoted[r] = field.size() != td.keys[r].size();
        }
        csv_quoted_.push_back(std::move(quoted));
      }
    } else if (format_ == "json") {
      out_ += "{\"axes\": [";
      for (size_t a = 0; a < axes_.size(); ++a) {
        out_ += a > 0 ? ", {\"name\": " : "{\"name\": ";
        io::JsonString(out_, axes_[a].name);
        out_ += ", \"values\": [";
        for (size_t v = 0; v < axes_[a].written.size(); ++v) {
          if (v > 0) out_ += ", ";
          io::JsonString(out_, axes_[a].written[v]);
        }
        out_ += "]}";
      }
      out_ += "],\n \"outputs\": [";
      for (size_t o = 0; o < outputs_.size(); ++o) {
        const TierOutput& t = outputs_[o];
        out_ += o > 0 ? ", {\"table\": " : "{\"table\": ";
        io::JsonString(out_, p_.tables[static_cast<size_t>(t.table)].name);
        out_ += ", \"output\": ";
        io::JsonString(out_, t.def->name);
        out_ += ", \"tiers\": [";
        for (size_t l = 0; l <= t.labels.size(); ++l) {
          if (l > 0) out_ += ", ";
          io::JsonString(out_,
                         LabelOf(t, l < t.labels.size() ? static_cast<std::int32_t>(l) : -1, zh_));
        }
        out_ += "], \"groups\": [";
        for (size_t g = 0; g < t.groups.size(); ++g) {
          if (g > 0) out_ += ", ";
          io::JsonString(out_, t.groups[g]);
        }
        out_ += "]}";
      }
      out_ += "],\n \"settings\": [";
    } else {
      for (const TierOutput& t : outputs_) {
        out_ += fmt::format(zh_ ? "{}.{} 各组的 {}" : "{}.{}: per group, {}",
                            p_.tables[static_cast<size_t>(t.table)].name, t.def->name,
                            fmt::join(t.labels, "/"));
        out_ += zh_ ? "; 最后是不在基准等次的单位数\n"
                    : "; then the units not in their baseline tier\n";
      }
    }
  }

  /// Hands the text over to `sink` in pieces of about kPiece bytes as it is
  /// written, rather than keeping it whole.
  void StreamTo(const std::function<void(std::string_view)>* sink) {
    sink_ = sink;
    out_.reserve(kPiece * 2);
  }

  void Setting(const std::vector<size_t>& index, const std::vector<Counts>& counts,
               const std::vector<std::vector<Moved>>& moved, size_t total) {
    const size_t before = out_.size();
    Write(index, counts, moved);
    if (sink_ != nullptr) {
      // One buffer, reused: a sweep's 100 MB are never in memory at once,
      // nor faulted in page by page and copied as a string grows.
      if (out_.size() >= kPiece) {
        (*sink_)(out_);
        out_.clear();
      }
      return;
    }
    // Room for every setting like the first (capped): the text is not
    // copied again and again as it grows.
    if (settings_written_++ == 0)
      out_.reserve(std::min<size_t>(out_.size() + (out_.size() - before) * total * 11 / 10,
                                    size_t{1} << 30));
  }

  /// The rest of the text (all of it, unless streamed).
  std::string Finish() {
    if (format_ == "json") out_ += "\n]}\n";
    if (sink_ != nullptr) {
      (*sink_)(out_);
      out_.clear();
    }
    return std::move(out_);
  }

 private:
  void Write(const std::vector<size_t>& index, const std::vector<Counts>& counts,
             const std::vector<std::vector<Moved>>& moved) {
    std::vector<std::string> values;
    for (size_t a = 0; a < axes_.size(); ++a) values.push_back(axes_[a].written[index[a]]);
    if (format_ == "csv") {
      std::string setting;
      for (const std::string& v : values) {
        io::CsvField(setting, v);
        setting += ',';
      }
      for (size_t o = 0; o < outputs_.size(); ++o) Csv(setting, o, counts[o], moved[o]);
    } else if (format_ == "json") {
      out_ += settings_++ > 0 ? ",\n  {\"values\": [" : "\n  {\"values\": [";
      for (size_t v = 0; v < values.size(); ++v) {
        if (v > 0) out_ += ", ";
        io::JsonString(out_, values[v]);
      }
      out_ += "], \"counts\": [";
      for (size_t o = 0; o < outputs_.size(); ++o) {
        out_ += o > 0 ? ", [" : "[";
        for (size_t g = 0; g < counts[o].size(); ++g)
          out_ += fmt::format("{}[{}]", g > 0 ? ", " : "", fmt::join(counts[o][g], ", "));
        out_ += "]";
      }
      out_ += "], \"moved\": [";
      for (size_t o = 0; o < outputs_.size(); ++o) {
        out_ += o > 0 ? ", [" : "[";
        const column::TableData& td = data_.tables[static_cast<size_t>(outputs_[o].table)];
        for (size_t m = 0; m < moved[o].size(); ++m) {
          const Moved& x = moved[o][m];
          out_ += m > 0 ? ", {\"unit\": " : "{\"unit\": ";
          io::JsonString(out_, Key(td, x.row));
          out_ += ", \"from\": ";
          io::JsonString(out_, LabelOf(outputs_[o], outputs_[o].base[x.row], zh_));
          out_ += ", \"to\": ";
          io::JsonString(out_, LabelOf(outputs_[o], x.now, zh_));
          out_ += "}";
        }
        out_ += "]";
      }
      out_ += "]}";
    } else {
      std::vector<std::string> names;
      for (size_t a = 0; a < axes_.size(); ++a)
        names.push_back(fmt::format("{}={}", axes_[a].name, values[a]));
      out_ += fmt::format("{}:", fmt::join(names, " "));
      for (size_t o = 0; o < outputs_.size(); ++o) {
        const TierOutput& t = outputs_[o];
        std::vector<std::string> groups;
        for (size_t g = 0; g < t.groups.size(); ++g) {
          std::vector<size_t> shown(counts[o][g].begin(), counts[o][g].end() - 1);
          std::string part = fmt::format("{}{}", t.groups[g].empty() ? "" : t.groups[g] + " ",
                                         fmt::join(shown, "/"));
          if (counts[o][g].back() > 0)
            part += fmt::format(zh_ ? " (无等次 {})" : " (no tier {})", counts[o][g].back());
          groups.push_back(std::move(part));
        }
        out_ += fmt::format(" {}; {}", fmt::join(groups, ", "), moved[o].size());
      }
      out_ += "\n";
    }
  }

  static std::string Key(const column::TableData& td, std::uint32_t r) {
    return r < td.keys.size() ? std::string(td.keys[r]) : std::to_string(r + 1);
  }

  /// Appends the key of row `r` of `td` (or its number, for a table
  /// without keys).
  static void AppendKey(std::string& out, const column::TableData& td, std::uint32_t r) {
    if (r < td.keys.size()) {
      out += td.keys[r];
    } else {
      out += std::to_string(r + 1);
    }
  }

  void Csv(const std::string& setting, size_t o, const Counts& counts,
           const std::vector<Moved>& moved) {
    const TierOutput& t = outputs_[o];
    const size_t labels = t.labels.size();
    const column::TableData& td = data_.tables[static_cast<size_t>(t.table)];
    // The moved units by group and tier (the last tier: none), in one pass.
    units_.resize(std::max(units_.size(), t.groups.size() * (labels + 1)));
    for (auto& rows : units_) rows.clear();
    for (const Moved& m : moved) {
      units_[t.group[m.row] * (labels + 1) + (m.now < 0 ? labels : static_cast<size_t>(m.now))]
          .push_back(m.row);
    }
    for (size_t g = 0; g < t.groups.size(); ++g) {
      for (size_t l = 0; l <= labels; ++l) {
        if (l == labels && counts[g][l] == 0) continue;  // every row has a tier
        const size_t cell = g * (labels + 1) + l;
        out_ += setting;
        out_ += csv_cells_[o][cell];
        const fmt::format_int count(counts[g][l]);
        out_.append(count.data(), count.size());
        out_ += ',';
        // The keys joined by spaces: straight into the output unless one
        // needs quoting, which quotes the whole field.
        const std::vector<std::uint32_t>& rows = units_[cell];
        const bool plain = std::none_of(rows.begin(), rows.end(), [&](std::uint32_t r) {
          return r < csv_quoted_[o].size() && csv_quoted_[o][r];
        });
        std::string& list = plain ? out_ : field_;
        field_.clear();
        for (size_t i = 0; i < rows.size(); ++i) {
          if (i > 0) list += ' ';
          AppendKey(list, td, rows[i]);
        }
        if (!plain) io::CsvField(out_, field_);
        out_ += '\n';
      }
    }
  }

  const ir::Program& p_;
  const column::Dataset& data_;
  const std::vector<Axis>& axes_;
  const std::vector<TierOutput>& outputs_;
  const std::string& format_;
  bool zh_;
  static constexpr size_t kPiece = size_t{1} << 20;
  const std::function<void(std::string_view)>* sink_ = nullptr;
  std::string out_;
  /// CSV: per output, the fields each (group, tier) row starts with, and
  /// per row whether its key needs quoting.
  std::vector<std::vector<std::string>> csv_cells_;
  std::vector<std::vector<bool>> csv_quoted_;
  std::vector<std::vector<std::uint32_t>> units_;  // scratch: moved rows per (group, tier)
  std::string field_;                              // scratch: a field to quote
  size_t settings_ = 0;
  size_t settings_written_ = 0;
};

// ---- the chart ------------------------------------------------------------------------

constexpr const char* kColors[] = {"#1b6ca8", "#2e9e5b", "#e0a100", "#8a5cc2",
                                   "#c0392b", "#5d6d7e", "#16a085", "#d35400"};

/// An HTML page of SVG charts: for one swept parameter, per tier output and
/// group, the units in each tier along the sweep; for two, per output and
/// group, a grid shaded by how many units are not in their baseline tier.
std::string Chart(const ir::Program& program, const std::vector<Axis>& axes,
                  const std::vector<TierOutput>& outputs,
                  const std::vector<std::vector<Counts>>& all,
                  const std::vector<std::vector<size_t>>& moved, bool zh) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">";
  out += fmt::format(
      "<title>{}</title><style>body{{font-family:sans-serif;margin:1em}}figure{{display:inline-"
      "block;margin:0 1em 1em 0}}svg text{{font-size:11px}}</style></head><body><h1>{}</h1>",
      HtmlEscape(program.policy), HtmlEscape(program.policy));
  std::vector<std::string> names;
  for (const Axis& a : axes) names.push_back(a.name);
  out += fmt::format(zh ? "<p>扫描 {}</p>" : "<p>sweep of {}</p>",
                     HtmlEscape(fmt::format("{}", fmt::join(names, " × "))));
  const int w = 480, h = 260, left = 50, right = 110, top = 20, bottom = 40;
  const int pw = w - left - right, ph = h - top - bottom;
  for (size_t o = 0; o < outputs.size(); ++o) {
    const TierOutput& t = outputs[o];
    const auto& labels = t.labels;
    for (size_t g = 0; g < t.groups.size(); ++g) {
      out += fmt::format("<figure><figcaption>{}.{} {}</figcaption>",
                         HtmlEscape(program.tables[static_cast<size_t>(t.table)].name),
                         HtmlEscape(t.def->name), HtmlEscape(t.groups[g]));
      out += fmt::format(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">", w,
          h);
      const size_t nx = axes[0].values.size();
      if (axes.size() == 1) {
        size_t most = 1;
        for (const auto& s : all) {
          for (size_t l = 0; l < labels.size(); ++l) most = std::max(most, s[o][g][l]);
        }
        auto x = [&](size_t i) {
          return left +
                 (nx > 1 ? static_cast<double>(i) * pw / static_cast<double>(nx - 1) : pw / 2.0);
        };
        auto y = [&](size_t c) {
          return top + ph - static_cast<double>(c) * ph / static_cast<double>(most);
        };
        out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>", left,
                           top + ph, left + pw, top + ph);
        out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>", left,
                           top, left, top + ph);
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", left - 4,
                           top + 4, most);
        out +=
            fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>", left - 4, top + ph);
        out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", left, h - 8,
                           HtmlEscape(axes[0].written.front()));
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", left + pw,
                           h - 8, HtmlEscape(axes[0].written.back()));
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                           left + pw / 2, h - 8, HtmlEscape(axes[0].name));
        for (size_t l = 0; l < labels.size(); ++l) {
          std::string points;
          for (size_t i = 0; i < nx; ++i)
            points += fmt::format("{}{:.1f},{:.1f}", i > 0 ? " " : "", x(i), y(all[i][o][g][l]));
          const char* color = kColors[l % (sizeof kColors / sizeof kColors[0])];
          out += fmt::format(
              "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>", color,
              points);
          out += fmt::format(
              "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
              "<text x=\"{}\" y=\"{}\">{}</text>",
              left + pw + 10, top + 14 * static_cast<int>(l), color, left + pw + 24,
              top + 9 + 14 * static_cast<int>(l), HtmlEscape(labels[l]));
        }
      } else {
        const size_t ny = axes[1].values.size();
        size_t most = 1;
        for (const auto& s : moved) most = std::max(most, s[o * t.groups.size() + g]);
        const double cw = static_cast<double>(pw) / static_cast<double>(nx),
                     ch = static_cast<double>(ph) / static_cast<double>(ny);
        for (size_t i = 0; i < nx; ++i) {
          for (size_t j = 0; j < ny; ++j) {
            const size_t n = moved[i * ny + j][o * t.groups.size() + g];
            const int shade = 255 - static_cast<int>(200 * n / most);
            out += fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                "fill=\"rgb(255,{},{})\"><title>{}={} {}={}: {}</title></rect>",
                left + static_cast<double>(i) * cw, top + ph - static_cast<double>(j + 1) * ch,
                cw + 0.5, ch + 0.5, shade, shade, HtmlEscape(axes[0].name),
                HtmlEscape(axes[0].written[i]), HtmlEscape(axes[1].name),
                HtmlEscape(axes[1].written[j]), n);
          }
        }
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} ({} … {})</text>",
                           left + pw / 2, h - 8, HtmlEscape(axes[0].name),
                           HtmlEscape(axes[0].written.front()), HtmlEscape(axes[0].written.back()));
        out +=
            fmt::format("<text x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\">{} … {}</text>",
                        left + pw + 6, top + 10, HtmlEscape(axes[1].name), left + pw + 6, top + 26,
                        HtmlEscape(axes[1].written.front()), HtmlEscape(axes[1].written.back()));
        out += fmt::format(
            zh ? "<text x=\"{}\" y=\"{}\">最深: {} 个单位不在基准等次</text>"
               : "<text x=\"{}\" y=\"{}\">darkest: {} units not in their baseline tier</text>",
            left, top - 6, most);
      }
      out += "</svg></figure>";
    }
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace

void Sweep(const WhatIfRequest& request, const Prepared& prepared, const Scenario& fixed,
           RunOutcome& outcome) {
  const bool zh = request.run.lang == base::Lang::kZh;
  const ir::Program& program = prepared.program;
  const column::Dataset& data = prepared.loaded.data;
  auto usage = [&](const std::string& problem) {
    outcome.err += "arl: " + problem + "\n";
    outcome.exit = kExitUsage;
  };
  if (fixed.ChangesRows())
    return usage(zh ? "--sweep 不能和删除或新增行的情景一起用"
                    : "--sweep cannot be combined with rows removed or added");
  std::vector<Axis> axes(request.sweeps.size());
  size_t total = 1;
  for (size_t a = 0; a < axes.size(); ++a) {
    const std::string problem = ReadAxis(program, data, request.sweeps[a], zh, axes[a]);
    if (!problem.empty()) return usage(problem);
    for (size_t b = 0; b < a; ++b) {
      if (axes[b].param == axes[a].param)
        return usage(fmt::format(zh ? "--sweep: {} 扫描了两次" : "--sweep: {} is swept twice",
                                 axes[a].name));
    }
    total *= axes[a].values.size();
    if (total > kMaxSettings)
      return usage(fmt::format(zh ? "--sweep: 组合超过 {} 个" : "--sweep: more than {} settings",
                               kMaxSettings));
  }
  if (!request.chart.empty() && axes.size() > 2)
    return usage(zh ? "--chart 只画一个或两个扫描参数"
                    : "--chart draws one or two swept parameters");

  // The baseline (the rules as written) and the fixed part of every setting.
  const exec::Baseline baseline(program, data);
  // (Without edits every setting reads the baseline's own data, which a
  // rerun then need not compare row by row.)
  std::optional<column::Dataset> copy;
  if (!fixed.edits.empty()) copy = data;
  const column::Dataset& edited = copy ? *copy : data;
  std::vector<std::string> problems;
  if (copy) ApplyEdits(program, fixed, *copy, request.run.lang, problems);
  if (!problems.empty()) {
    for (const std::string& p : problems) usage(p);
    return;
  }
  std::vector<exec::ColumnId> edited_columns;
  for (const Scenario::Edit& e : fixed.edits) edited_columns.push_back({e.table, e.column});
  std::vector<exec::Override> overrides;
  for (const exec::Override& o : fixed.overrides) {
    if (std::none_of(axes.begin(), axes.end(), [&](const Axis& a) { return a.param == o.param; }))
      overrides.push_back(o);
  }
  const size_t first_axis = overrides.size();
  for (const Axis& a : axes) {
    overrides.push_back(exec::Override{a.param, column::Column(ir::ValueKind::kNumber, 1)});
  }

  // The tier outputs, their groups and baseline tiers.
  std::vector<TierOutput> outputs;
  const exec::Results& base = baseline.results();
  for (std::int32_t t : io::ResultTables(program)) {
    const ir::Table& table = program.tables[static_cast<size_t>(t)];
    for (std::int32_t d : table.definitions) {
      const ir::Definition& def = program.definitions[static_cast<size_t>(d)];
      if (!def.output ||
          (def.display.kind != ir::ValueKind::kEnum && def.display.kind != ir::ValueKind::kBool))
        continue;
      TierOutput out;
      out.table = t;
      out.def = &def;
      out.labels = def.display.kind == ir::ValueKind::kEnum ? def.display.members
                                                            : std::vector<std::string>{"否", "是"};
      const size_t rows = data.tables[static_cast<size_t>(t)].rows;
      const std::vector<std::int32_t> columns = GroupColumns(program, t);
      std::map<std::string, std::uint32_t> numbers;
      for (size_t r = 0; r < rows; ++r) {
        const std::string name = GroupName(program, data, t, columns, r);
        auto [it, fresh] = numbers.try_emplace(name, static_cast<std::uint32_t>(out.groups.size()));
        if (fresh) out.groups.push_back(name);
        out.group.push_back(it->second);
        out.base.push_back(
            CodeOf(base.tables[static_cast<size_t>(t)][static_cast<size_t>(def.slot)], r));
      }
      outputs.push_back(std::move(out));
    }
  }
  if (outputs.empty())
    return usage(zh ? "--sweep: 规则没有等次输出 (枚举或是否) 可数"
                    : "--sweep: the rules have no tier output (an enumeration or 是否) to count");

  Writer writer(program, data, axes, outputs, request.format, zh);
  const bool streamed = request.sweep_output && !request.run.output.empty();
  if (streamed) writer.StreamTo(&request.sweep_output);
  std::vector<std::vector<Counts>> all;  // for the chart
  std::vector<std::vector<size_t>> moved_counts;
  exec::ScenarioResults results;
  std::vector<size_t> index(axes.size(), 0);
  size_t errors = 0;
  for (size_t s = 0; s < total; ++s) {
    size_t rest = s;
    for (size_t a = axes.size(); a-- > 0;) {
      index[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
      overrides[first_axis + a].value.SetNumber(0, axes[a].values[index[a]]);
    }
    baseline.Rerun(edited, overrides, edited_columns, results);
    const exec::Results& now = results.results();
    if (!now.errors.empty()) ++errors;
    std::vector<Counts> counts(outputs.size());
    std::vector<std::vector<Moved>> moved(outputs.size());
    std::vector<size_t> moved_by_group;
    for (size_t o = 0; o < outputs.size(); ++o) {
      const TierOutput& t = outputs[o];
      const column::Column& c =
          now.tables[static_cast<size_t>(t.table)][static_cast<size_t>(t.def->slot)];
      const size_t labels = t.labels.size();
      counts[o].assign(t.groups.size(), std::vector<size_t>(labels + 1, 0));
      std::vector<size_t> by_group(t.groups.size(), 0);
      for (size_t r = 0; r < t.group.size(); ++r) {
        const std::int32_t code = CodeOf(c, r);
        ++counts[o][t.group[r]][code < 0 ? labels : static_cast<size_t>(code)];
        if (code != t.base[r]) {
          moved[o].push_back(Moved{static_cast<std::uint32_t>(r), code});
          ++by_group[t.group[r]];
        }
      }
      moved_by_group.insert(moved_by_group.end(), by_group.begin(), by_group.end());
    }
    writer.Setting(index, counts, moved, total);
    if (!request.chart.empty()) {
      all.push_back(std::move(counts));
      moved_counts.push_back(std::move(moved_by_group));
    }
    if (request.progress) request.progress(s + 1, total);
  }
  std::string out = writer.Finish();
  if (request.run.output.empty()) {
    outcome.out = std::move(out);
  } else if (!streamed) {
    outcome.files[request.run.output] = std::move(out);
  }
  if (!request.chart.empty())
    outcome.files[request.chart] = Chart(program, axes, outputs, all, moved_counts, zh);
  if (errors > 0) {
    outcome.err +=
        fmt::format(zh ? "arl: {} 个设置下有计算错误 (用 arl run --set 查看)\n"
                       : "arl: {} settings had evaluation errors (see them with arl run --set)\n",
                    errors);
  }
  outcome.exit =
      prepared.loaded.HasErrors() || errors > 0 || !base.errors.empty() ? kExitErrors : kExitOk;
}

}  // namespace arl::driver
