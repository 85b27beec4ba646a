// 计分结构: the points a scheme declares for each section must be the sum of
// its parts' points. Sums are exact (Decimal on the digits as written), so
// 2 + 1 + 0.5 + 3.5 is 7 and never 6.999…. Where the source itself does not
// add up and an assumption (假定) says how it is read, the mismatch is a
// warning (W0402) that still names both clauses; otherwise an error (E0402).

#include <fmt/format.h>

#include "compiler/checked/checker.h"
#include "compiler/syntax/print.h"

namespace arl::checked::detail {
namespace {

std::string Clauses(const syntax::Citation& cite) {
  std::string out;
  for (const syntax::Text& clause : cite.clauses) out += (out.empty() ? "" : "、") + clause.value;
  return out;
}

void CheckSection(Checker& checker, const syntax::Section& section,
                  std::vector<std::string> assumptions) {
  for (const syntax::Text& id : section.cite.assumptions) assumptions.push_back(id.value);
  if (!section.parts.empty()) {
    // A part written without a unit counts in its section's unit.
    syntax::Unit unit = section.points.unit;
    std::optional<Decimal> declared = Decimal::Parse(section.points.digits);
    Decimal sum;
    bool ok = declared.has_value();
    std::string parts;
    for (const syntax::Section& part : section.parts) {
      std::optional<Decimal> points = Decimal::Parse(part.points.digits);
      if (!points) {
        ok = false;
        break;
      }
      if (part.points.unit != syntax::Unit::kNone && unit != syntax::Unit::kNone &&
          part.points.unit != unit) {
        base::Diagnostic& d = checker.diags_.Error(
            "E0301", part.points_span,
            Msg(fmt::format("`{}` 以 {} 计, 它的一部分 `{}` 却以 {} 计", section.name.text,
                            syntax::UnitSuffix(unit), part.name.text,
                            syntax::UnitSuffix(part.points.unit)),
                fmt::format("`{}` counts in {} but its part `{}` counts in {}", section.name.text,
                            syntax::UnitSuffix(unit), part.name.text,
                            syntax::UnitSuffix(part.points.unit))));
        d.primary_label = Msg("单位不同", "a different unit");
        ok = false;
        break;
      }
      sum = sum + *points;
      std::string clause = Clauses(part.cite);
      parts +=
          fmt::format("{}{} {}{}{}", parts.empty() ? "" : " + ", part.name.text, points->ToString(),
                      syntax::UnitSuffix(unit), clause.empty() ? "" : " (" + clause + ")");
    }
    if (ok && sum != *declared) {
      const std::string u(syntax::UnitSuffix(unit));
      const std::string own = Clauses(section.cite);
      const std::string own_zh = own.empty() ? "" : " (" + own + ")";
      Message message =
          Msg(fmt::format("{} 规定为 {}{}{}, 但各部分合计 {}{} ({})", section.name.text,
                          declared->ToString(), u, own_zh, sum.ToString(), u, parts),
              fmt::format("{} declares {}{}{} but its parts add up to {}{} ({})", section.name.text,
                          declared->ToString(), u, own_zh, sum.ToString(), u, parts));
      std::string ids;
      for (const std::string& id : assumptions) ids += (ids.empty() ? "" : "、") + id;
      base::Diagnostic& d = assumptions.empty()
                                ? checker.diags_.Error("E0402", section.points_span, message)
                                : checker.diags_.Warning("W0402", section.points_span, message);
      d.primary_label = Msg(fmt::format("各部分合计 {}{}", sum.ToString(), u),
                            fmt::format("the parts add up to {}{}", sum.ToString(), u));
      if (assumptions.empty()) {
        d.help = Msg("改正数字; 如果原文本身就不一致, 用 假定 写明如何理解, 并在这里引用它",
                     "correct the numbers; if the source itself does not add up, declare how it is "
                     "read with "
                     "假定 and cite that assumption here");
      } else {
        d.help =
            Msg(fmt::format("原文本身不一致, 按假定 {} 处理", ids),
                fmt::format("the source itself does not add up; read as assumption {} says", ids));
      }
    }
  }
  for (const syntax::Section& part : section.parts) CheckSection(checker, part, assumptions);
}

}  // namespace

void Checker::CheckStructures() {
  for (const syntax::StructureDecl* structure : p_.structures)
    CheckSection(*this, structure->root, {});
}

}  // namespace arl::checked::detail
