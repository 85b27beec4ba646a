// Which input values each row of a 查表 matches, from the constants the
// rows are written with (literals, and parameters at their defaults).
//
// Each input's values are cut into elementary pieces at every bound any row
// mentions: for `低于 500万元 | 500万元 以上 1000万元 以下 | 超过 1000万元` the
// pieces are (−∞,500) [500] (500,1000) [1000] (1000,+∞). An enum input's
// pieces are its members, a 是否 input's 是 and 否, a text input's strings
// plus "any other text". A row matches a whole piece or none of it, so rows
// become sets of cells of the product of pieces, and overlaps (two rows share
// a cell), gaps (a cell no row has) and dead rows (every cell taken by
// earlier rows) are set operations. A row with a non-constant matcher is
// left out of every conclusion.
//
// An 整数 input is a count or a position, never negative, so rows need not
// cover values below 0, nor the fractions between two whole numbers.

#include <algorithm>

#include <fmt/format.h>

#include "compiler/checked/checker.h"
#include "compiler/syntax/print.h"

namespace arl::checked::detail {
namespace {

// One elementary piece of an input's values.
struct Piece {
  enum class Kind { kAll, kBelow, kPoint, kBetween, kAbove, kMember, kOtherText };
  Kind kind = Kind::kPoint;
  Decimal low, high;  // kPoint: low; kBetween: (low, high); kBelow: (−∞, high); kAbove: (low, +∞)
  std::string label;  // kMember: the member or text
};

struct Input {
  std::string name;  // as written, for messages
  Type type;
  std::vector<Piece> pieces;
  bool numeric = false;
};

// A row's matched pieces per input; `known` false if some matcher is not constant.
struct RowSet {
  bool known = true;
  std::vector<std::vector<bool>> pieces;  // [input][piece]
};

// A result written as a literal, as text equal for equal values: `2分` and
// `2.0分` give "2", `优秀` gives "优秀". Parameters are not literals: `--set`
// may make two of them equal, so their results are left to the run.
std::optional<std::string> LiteralResult(const Program& p, const syntax::Expr& expr) {
  const syntax::Expr* e = &expr;
  bool negative = false;
  while (const auto* u = e->As<syntax::Unary>()) {
    if (u->op != syntax::UnaryOp::kNeg) return std::nullopt;
    negative = !negative;
    e = u->operand.get();
  }
  if (const auto* lit = e->As<syntax::NumberLit>()) {
    std::optional<Decimal> d = Decimal::Parse(lit->digits);
    if (!d) return std::nullopt;
    if (lit->unit == syntax::Unit::kPercent) d = d->Shift(-2);
    return (negative ? -*d : *d).ToString();
  }
  if (negative) return std::nullopt;
  if (const auto* b = e->As<syntax::BoolLit>()) return std::string(b->value ? "是" : "否");
  if (const auto* s = e->As<syntax::StringLit>()) return "\"" + s->value + "\"";
  if (const Ref* ref = p.RefOf(*e); ref != nullptr && e->As<syntax::PathRef>() != nullptr &&
                                    ref->steps.size() == 1 &&
                                    ref->steps[0].kind == RefKind::kEnumMember) {
    return ref->steps[0].enum_type->members[ref->steps[0].member];
  }
  return std::nullopt;
}

std::string Number(const Decimal& d, const Type& t) {
  if (t.percent) return d.Shift(2).ToString() + "%";
  return d.ToString() + UnitSuffix(t.dim, false);
}

// `投资额 = 1000万元`, `投资额 between 900万元 and 1000万元`.
Message DescribePiece(const Input& in, const Piece& p) {
  switch (p.kind) {
    case Piece::Kind::kPoint: {
      std::string v = Number(p.low, in.type);
      return Msg(fmt::format("{} = {}", in.name, v), fmt::format("{} = {}", in.name, v));
    }
    case Piece::Kind::kBelow: {
      std::string v = Number(p.high, in.type);
      return Msg(fmt::format("{} 低于 {}", in.name, v), fmt::format("{} below {}", in.name, v));
    }
    case Piece::Kind::kAbove: {
      std::string v = Number(p.low, in.type);
      return Msg(fmt::format("{} 超过 {}", in.name, v), fmt::format("{} above {}", in.name, v));
    }
    case Piece::Kind::kBetween: {
      std::string a = Number(p.low, in.type), b = Number(p.high, in.type);
      return Msg(fmt::format("{} 超过 {} 且低于 {}", in.name, a, b),
                 fmt::format("{} above {} and below {}", in.name, a, b));
    }
    case Piece::Kind::kMember:
      return Msg(fmt::format("{} = {}", in.name, p.label),
                 fmt::format("{} = {}", in.name, p.label));
    case Piece::Kind::kOtherText:
      return Msg(fmt::format("{} 为其他文本", in.name),
                 fmt::format("{} is some other text", in.name));
    case Piece::Kind::kAll:
      return Msg(fmt::format("{} 为任意值", in.name), fmt::format("{} is any value", in.name));
  }
  return Msg("", "");
}

// Pieces [first, last] of one numeric input, merged, as the subject of
// "… match no row": "values from 500万元 up to but not including 600万元".
Message DescribeRange(const Input& in, size_t first, size_t last) {
  const Piece& a = in.pieces[first];
  const Piece& b = in.pieces[last];
  if (a.kind == Piece::Kind::kAll) return Msg("所有值", "all values");
  if (first == last && a.kind == Piece::Kind::kPoint) {
    std::string v = Number(a.low, in.type);
    return Msg(fmt::format("值 {} ", v), fmt::format("the value {}", v));
  }
  std::string zh, en;
  if (a.kind == Piece::Kind::kBelow) {
    en = "values";
  } else if (a.kind == Piece::Kind::kPoint) {
    zh = fmt::format("从 {} (含)", Number(a.low, in.type));
    en = fmt::format("values from {}", Number(a.low, in.type));
  } else {
    zh = fmt::format("超过 {}", Number(a.low, in.type));
    en = fmt::format("values above {}", Number(a.low, in.type));
  }
  if (b.kind == Piece::Kind::kAbove) {
    zh = zh.empty() ? "所有值" : zh + " 起的所有值";
    if (a.kind == Piece::Kind::kBelow) en = "all values";
    if (a.kind == Piece::Kind::kPoint) en += " up";
  } else if (b.kind == Piece::Kind::kPoint) {
    std::string v = Number(b.low, in.type);
    zh = (zh.empty() ? "" : zh + " ") + fmt::format("到 {} (含) 的值", v);
    en += fmt::format(" up to and including {}", v);
  } else {
    std::string v = Number(b.high, in.type);
    zh = zh.empty() ? fmt::format("低于 {} 的值", v) : zh + fmt::format(" 到 {} (不含) 的值", v);
    en += a.kind == Piece::Kind::kBelow ? fmt::format(" below {}", v)
                                        : fmt::format(" up to but not including {}", v);
  }
  return Msg(zh, en);
}

// Whether value `v` satisfies a bound.
bool Satisfies(const Decimal& v, const syntax::RangeBound& bound, const Decimal& b) {
  switch (bound.word) {
    case syntax::BoundWord::kAboveIncl:
    case syntax::BoundWord::kReaches:
      return v >= b;
    case syntax::BoundWord::kExceeds:
    case syntax::BoundWord::kHigher:
      return v > b;
    case syntax::BoundWord::kBelowIncl:
    case syntax::BoundWord::kWithinIncl:
      return v <= b;
    case syntax::BoundWord::kLower:
    case syntax::BoundWord::kUnder:
      return v < b;
  }
  return false;
}

// Whether every value of piece `p` satisfies a bound (pieces never straddle one).
bool PieceSatisfies(const Piece& p, const syntax::RangeBound& bound, const Decimal& b) {
  const bool lower =
      bound.word == syntax::BoundWord::kAboveIncl || bound.word == syntax::BoundWord::kReaches ||
      bound.word == syntax::BoundWord::kExceeds || bound.word == syntax::BoundWord::kHigher;
  switch (p.kind) {
    case Piece::Kind::kPoint:
      return Satisfies(p.low, bound, b);
    case Piece::Kind::kBelow:
      return !lower && p.high <= b;
    case Piece::Kind::kAbove:
      return lower && p.low >= b;
    case Piece::Kind::kBetween:
      return lower ? p.low >= b : p.high <= b;
    default:
      return false;
  }
}

std::string RowText(const base::SourceManager& sources, const syntax::LookupRow& row) {
  if (row.matchers.empty()) return "";
  Span s = base::Join(row.matchers.front().span, row.matchers.back().span);
  const std::string& text = sources.Get(s.file).Text();
  if (s.end > text.size() || s.begin > s.end) return "";
  return text.substr(s.begin, s.end - s.begin);
}

}  // namespace

bool Checker::CheckLookupCoverage(const syntax::Lookup& lookup, const std::vector<Type>& types) {
  const size_t n = types.size();
  std::vector<Input> inputs(n);
  std::vector<std::vector<Decimal>> points(n);
  std::vector<std::vector<std::string>> texts(n);
  // Pass 1: the cut points and text values every row mentions.
  for (const syntax::LookupRow& row : lookup.rows) {
    for (size_t i = 0; i < n && i < row.matchers.size(); ++i) {
      const syntax::Matcher& m = row.matchers[i];
      if (m.kind == syntax::MatcherKind::kValue) {
        if (auto v = ConstantNumber(*m.value)) points[i].push_back(*v);
        if (const auto* s = m.value->As<syntax::StringLit>()) texts[i].push_back(s->value);
      } else if (m.kind == syntax::MatcherKind::kRange) {
        for (const auto* bound : {&m.lower, &m.upper}) {
          if (*bound) {
            if (auto v = ConstantNumber(*(*bound)->value)) points[i].push_back(*v);
          }
        }
      }
    }
  }
  size_t cells = 1;
  for (size_t i = 0; i < n; ++i) {
    Input& in = inputs[i];
    in.type = types[i];
    in.name = syntax::PrintExpr(*lookup.inputs[i]);
    if (types[i].IsNumeric()) {
      in.numeric = true;
      std::vector<Decimal>& ps = points[i];
      std::sort(ps.begin(), ps.end());
      ps.erase(std::unique(ps.begin(), ps.end()), ps.end());
      // Counts and positions (整数) are never negative: values below 0 need no row.
      const bool counts = types[i].kind == Kind::kInteger;
      const Decimal zero;
      if (ps.empty()) {
        in.pieces.push_back({Piece::Kind::kAll, {}, {}, ""});  // only `-` matches every value
      } else {
        if (!(counts && ps.front() <= zero))
          in.pieces.push_back({Piece::Kind::kBelow, {}, ps.front(), ""});
        for (size_t k = 0; k < ps.size(); ++k) {
          if (!(counts && (ps[k].IsNegative() || !ps[k].IsInteger()))) {
            in.pieces.push_back({Piece::Kind::kPoint, ps[k], {}, ""});
          }
          if (k + 1 < ps.size()) {
            // Between two whole numbers at most 1 apart there is no count.
            const bool empty_for_counts =
                counts && (ps[k + 1] <= zero || (ps[k].IsInteger() && ps[k + 1].IsInteger() &&
                                                 ps[k + 1] - ps[k] <= Decimal::FromInt(1)));
            if (!empty_for_counts)
              in.pieces.push_back({Piece::Kind::kBetween, ps[k], ps[k + 1], ""});
          }
        }
        in.pieces.push_back({Piece::Kind::kAbove, ps.back(), {}, ""});
      }
    } else if (types[i].kind == Kind::kEnum && types[i].enum_type != nullptr) {
      for (const std::string& member : types[i].enum_type->members) {
        in.pieces.push_back({Piece::Kind::kMember, {}, {}, member});
      }
    } else if (types[i].kind == Kind::kBool) {
      in.pieces.push_back({Piece::Kind::kMember, {}, {}, "是"});
      in.pieces.push_back({Piece::Kind::kMember, {}, {}, "否"});
    } else {
      std::vector<std::string>& ts = texts[i];
      std::vector<std::string> unique;
      for (const std::string& t : ts) {
        if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
      }
      for (const std::string& t : unique)
        in.pieces.push_back({Piece::Kind::kMember, {}, {}, "\"" + t + "\""});
      in.pieces.push_back({Piece::Kind::kOtherText, {}, {}, ""});
    }
    if (in.pieces.empty()) return false;
    cells = cells > kMaxCoverageCells / in.pieces.size() ? kMaxCoverageCells + 1
                                                         : cells * in.pieces.size();
  }

  // Pass 2: each row's pieces. A generated lookup of thousands of rows is
  // left unchecked rather than slow.
  size_t all_pieces = 0;
  for (const Input& in : inputs) all_pieces += in.pieces.size();
  if (all_pieces != 0 && lookup.rows.size() > kMaxCoverageWork / 4 / all_pieces) return false;
  std::vector<RowSet> rows(lookup.rows.size());
  for (size_t r = 0; r < lookup.rows.size(); ++r) {
    const syntax::LookupRow& row = lookup.rows[r];
    RowSet& set = rows[r];
    set.pieces.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Input& in = inputs[i];
      std::vector<bool>& hit = set.pieces[i];
      hit.assign(in.pieces.size(), false);
      const syntax::Matcher& m = row.matchers[i];
      if (m.kind == syntax::MatcherKind::kAny) {
        hit.assign(in.pieces.size(), true);
        continue;
      }
      if (m.kind == syntax::MatcherKind::kRange) {
        std::optional<Decimal> lo, hi;
        if (m.lower) lo = ConstantNumber(*m.lower->value);
        if (m.upper) hi = ConstantNumber(*m.upper->value);
        if ((m.lower && !lo) || (m.upper && !hi)) {
          set.known = false;
          break;
        }
        for (size_t k = 0; k < in.pieces.size(); ++k) {
          const Piece& p = in.pieces[k];
          hit[k] = p.kind != Piece::Kind::kOtherText &&
                   (!m.lower || PieceSatisfies(p, *m.lower, *lo)) &&
                   (!m.upper || PieceSatisfies(p, *m.upper, *hi));
        }
        continue;
      }
      // A value matcher.
      bool found = false;
      if (in.numeric) {
        if (auto v = ConstantNumber(*m.value)) {
          for (size_t k = 0; k < in.pieces.size(); ++k) {
            if (in.pieces[k].kind == Piece::Kind::kPoint && in.pieces[k].low == *v)
              hit[k] = found = true;
          }
          if (!found) found = true;  // a value no count can take (−1, 2.5): matches nothing
        }
      } else if (const Ref* ref = p_.RefOf(*m.value); ref != nullptr && ref->steps.size() == 1 &&
                                                      ref->steps[0].kind == RefKind::kEnumMember) {
        const std::string& member = ref->steps[0].enum_type->members[ref->steps[0].member];
        for (size_t k = 0; k < in.pieces.size(); ++k) {
          if (in.pieces[k].label == member) hit[k] = found = true;
        }
      } else if (const auto* b = m.value->As<syntax::BoolLit>();
                 b != nullptr && in.type.kind == Kind::kBool) {
        hit[b->value ? 0 : 1] = found = true;
      } else if (const auto* s = m.value->As<syntax::StringLit>()) {
        for (size_t k = 0; k < in.pieces.size(); ++k) {
          if (in.pieces[k].label == "\"" + s->value + "\"") hit[k] = found = true;
        }
      }
      if (!found) {
        set.known = false;
        break;
      }
    }
  }
  bool all_known = std::all_of(rows.begin(), rows.end(), [](const RowSet& s) { return s.known; });

  auto matches = [&](const RowSet& set, const std::vector<size_t>& cell) {
    for (size_t i = 0; i < n; ++i) {
      if (!set.pieces[i][cell[i]]) return false;
    }
    return true;
  };
  // Calls `f` on every cell of the rows' product space until it returns false.
  auto for_each_cell = [&](const std::function<bool(const std::vector<size_t>&)>& f) {
    std::vector<size_t> cell(n, 0);
    while (true) {
      if (!f(cell)) return;
      size_t i = n;
      while (i > 0) {
        --i;
        if (++cell[i] < inputs[i].pieces.size()) break;
        cell[i] = 0;
        if (i == 0) return;
      }
      if (n == 0) return;
    }
  };
  auto describe_cell = [&](const std::vector<size_t>& cell) {
    Message out;
    for (size_t i = 0; i < n; ++i) {
      Message part = DescribePiece(inputs[i], inputs[i].pieces[cell[i]]);
      out.zh += (i > 0 ? ", " : "") + part.zh;
      out.en += (i > 0 ? ", " : "") + part.en;
    }
    return out;
  };

  const size_t pieces = all_pieces;
  const size_t row_count = rows.size();
  // Bounds on the work of each question below, as products that cannot overflow.
  auto within = [](size_t a, size_t b, size_t c) {
    if (a == 0 || b == 0 || c == 0) return true;
    return a <= kMaxCoverageWork / b && a * b <= kMaxCoverageWork / c;
  };
  const bool unique = lookup.hit == syntax::HitPolicy::kUnique;
  const bool first = lookup.hit == syntax::HitPolicy::kFirst;
  const bool any = lookup.hit == syntax::HitPolicy::kAny;

  // Overlaps under 唯一, and under 任一 those of rows with different literal
  // results (overlapping rows that agree are what 任一 allows): one report
  // per row, against the first earlier row it shares values with.
  if ((unique || any) && within(row_count, row_count, pieces)) {
    std::vector<std::optional<std::string>> results(rows.size());
    if (any) {
      for (size_t r = 0; r < rows.size(); ++r)
        results[r] = LiteralResult(p_, *lookup.rows[r].result);
    }
    for (size_t r = 1; r < rows.size(); ++r) {
      if (!rows[r].known || (any && !results[r])) continue;
      for (size_t q = 0; q < r; ++q) {
        if (!rows[q].known || (any && (!results[q] || *results[q] == *results[r]))) continue;
        std::vector<size_t> witness;
        bool overlap = true;
        for (size_t i = 0; i < n && overlap; ++i) {
          overlap = false;
          for (size_t k = 0; k < inputs[i].pieces.size(); ++k) {
            if (rows[r].pieces[i][k] && rows[q].pieces[i][k]) {
              witness.push_back(k);
              overlap = true;
              break;
            }
          }
        }
        if (!overlap) continue;
        Message where = describe_cell(witness);
        const std::string a = RowText(sources_, lookup.rows[q]),
                          b = RowText(sources_, lookup.rows[r]);
        if (any) {
          base::Diagnostic& d = diags_.Error(
              "E0411", lookup.rows[r].span,
              Msg(fmt::format("`{}` 与 `{}` 两行重叠而结果不同: {} 时两行都匹配", a, b, where.zh),
                  fmt::format("rows `{}` and `{}` overlap with different results: {} matches both",
                              a, b, where.en)));
          d.primary_label =
              Msg("结果与前面重叠的行不同", "differs from an overlapping earlier row");
          d.secondary.push_back(
              base::Label{lookup.rows[q].span, Msg("与这一行重叠", "overlaps this row")});
          d.help =
              Msg("命中 任一 允许几行同时匹配, 但结果必须相同: 调整界限或结果, 或写 命中 首个 "
                  "取第一个匹配的行",
                  "命中 任一 lets several rows match only if they give the same result: fix the "
                  "bounds or the results, or write 命中 首个 to take the first matching row");
          break;
        }
        base::Diagnostic& d = diags_.Error(
            "E0403", lookup.rows[r].span,
            Msg(fmt::format("`{}` 与 `{}` 两行重叠: {} 时两行都匹配", a, b, where.zh),
                fmt::format("rows `{}` and `{}` overlap: {} matches both", a, b, where.en)));
        d.primary_label = Msg("与前面的行重叠", "overlaps an earlier row");
        d.secondary.push_back(
            base::Label{lookup.rows[q].span, Msg("与这一行重叠", "overlaps this row")});
        d.help =
            Msg("命中 唯一 (默认) 要求每个值只匹配一行: 调整界限, 或写 命中 首个 取第一个匹配的行",
                "under 命中 唯一 (the default) each value must match exactly one row: fix the "
                "bounds, or "
                "write 命中 首个 to take the first matching row");
        break;
      }
    }
  }

  // Rows that can never match under 首个.
  if (first && cells <= kMaxCoverageCells && within(cells, row_count, row_count * n + 1)) {
    for (size_t r = 1; r < rows.size(); ++r) {
      if (!rows[r].known) continue;
      bool reachable = false, any_cell = false;
      for_each_cell([&](const std::vector<size_t>& cell) {
        if (!matches(rows[r], cell)) return true;
        any_cell = true;
        for (size_t q = 0; q < r; ++q) {
          if (rows[q].known && matches(rows[q], cell)) return true;
        }
        reachable = true;
        return false;
      });
      if (reachable || !any_cell) continue;
      base::Diagnostic& d = diags_.Error(
          "E0408", lookup.rows[r].span,
          Msg("这一行永远不会匹配: 它的所有值都已被前面的行取走 (命中 首个 取第一个匹配的行)",
              "this row never matches: earlier rows already take all of its values (命中 首个 "
              "takes the first match)"));
      d.primary_label = Msg("永远不会匹配", "unreachable");
    }
  }

  // Gaps: values no row matches, when there is no 其他.
  if (!all_known || cells > kMaxCoverageCells || !within(cells, row_count, n + 1)) return false;
  std::vector<std::vector<size_t>> uncovered;
  for_each_cell([&](const std::vector<size_t>& cell) {
    for (const RowSet& set : rows) {
      if (matches(set, cell)) return true;
    }
    uncovered.push_back(cell);
    return true;
  });
  if (uncovered.empty()) return true;
  const bool checks_gaps = unique || first || lookup.hit == syntax::HitPolicy::kAny;
  if (lookup.otherwise != nullptr || !checks_gaps) return false;
  Message what;
  if (n == 1 && inputs[0].numeric) {
    // Merge the first run of consecutive uncovered pieces.
    size_t from = uncovered[0][0], to = from;
    for (size_t u = 1; u < uncovered.size() && uncovered[u][0] == to + 1; ++u) to = uncovered[u][0];
    Message range = DescribeRange(inputs[0], from, to);
    const bool single = from == to && inputs[0].pieces[from].kind == Piece::Kind::kPoint;
    what = Msg(
        fmt::format("{}: {}没有匹配的行", inputs[0].name, range.zh),
        fmt::format("{}: {} {} no row", inputs[0].name, range.en, single ? "matches" : "match"));
  } else {
    Message cell = describe_cell(uncovered[0]);
    std::string more_zh, more_en;
    if (uncovered.size() > 1) {
      more_zh = fmt::format(" (另有 {} 种情况)", uncovered.size() - 1);
      more_en = fmt::format(" (and {} more)", uncovered.size() - 1);
    }
    what = Msg(fmt::format("没有哪一行匹配 {}{}", cell.zh, more_zh),
               fmt::format("no row matches {}{}", cell.en, more_en));
  }
  Span inputs_span = base::Join(lookup.inputs.front()->span, lookup.inputs.back()->span);
  base::Diagnostic& d = diags_.Error("E0404", inputs_span, what);
  d.primary_label = Msg("查表有遗漏", "the rows leave a gap");
  d.help =
      Msg("补上这些值的行, 或加一行 `其他: …`", "add a row for these values, or a `其他: …` row");
  return false;
}

}  // namespace arl::checked::detail
