// The yinhai policy (samples.md, E) written by hand, as the benchmark's
// yardstick for `arl run samples/yinhai/yinhai.arl`: reads DATA_DIR/单位.csv,
// computes 创新争优加分, 总分, 名次 and 等次, writes the contract's JSON.
//
//   baseline_yinhai DATA_DIR [-o OUT] [--timings] [--policy NAME]
//
// int64 fixed point with 4 decimals (inputs have at most 2, the one product
// at most 4, so everything is exact), one pass per column, std::sort for the
// ranks. Parameters are the policy's defaults: 默认加分倍数 2, 不合格线 900,
// 一等比例 40%, 二等比例 50% (each rounded half up).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/baseline/common.h"

namespace {

using baseline::DivHalfUp;
using baseline::ParseBool;
using baseline::ParseFixed;

constexpr int kDigits = 4;
constexpr std::int64_t kOne = 10'000;

const char* const kCategories[] = {"经济管理类", "公共事务类", "党群类"};
const char* const kTiers[] = {"一等", "二等", "三等", "不合格"};

struct Units {
  std::vector<std::string_view> key;
  std::vector<std::uint8_t> category;
  std::vector<std::int64_t> functional, common, public_review, leaders, deduction, city_bonus,
      multiplier;
  std::vector<std::int32_t> criticisms, negatives;
  std::vector<std::uint8_t> veto;
};

std::int64_t Blank0(std::string_view s, const char* what) {
  return s.empty() ? 0 : ParseFixed(s, kDigits, what);
}

std::int32_t Count(std::string_view s, const char* what) {
  return s.empty() ? 0 : static_cast<std::int32_t>(ParseFixed(s, 0, what));
}

Units Load(const std::string& file, std::string_view text) {
  Units u;
  size_t c_key = 0, c_cat = 0, c_fn = 0, c_co = 0, c_pub = 0, c_lead = 0, c_ded = 0, c_city = 0,
         c_mul = 0, c_crit = 0, c_neg = 0, c_veto = 0;
  const size_t estimate = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  baseline::CsvReader(text).Read(
      file,
      [&](const std::vector<std::string_view>& h) {
        c_key = baseline::Column(h, "单位", file);
        c_cat = baseline::Column(h, "类别", file);
        c_fn = baseline::Column(h, "职能指标得分", file);
        c_co = baseline::Column(h, "共性指标得分", file);
        c_pub = baseline::Column(h, "公众评议得分", file);
        c_lead = baseline::Column(h, "领导评价得分", file);
        c_ded = baseline::Column(h, "察访核验扣分", file);
        c_city = baseline::Column(h, "市级加分", file);
        c_mul = baseline::Column(h, "加分倍数", file);
        c_crit = baseline::Column(h, "通报批评次数", file);
        c_neg = baseline::Column(h, "重大负面次数", file);
        c_veto = baseline::Column(h, "一票否决", file);
        for (auto* v : {&u.functional, &u.common, &u.public_review, &u.leaders, &u.deduction,
                        &u.city_bonus, &u.multiplier})
          v->reserve(estimate);
        u.key.reserve(estimate);
      },
      [&](size_t, const std::vector<std::string_view>& f) {
        if (f.size() <= c_veto || f.size() <= c_mul) baseline::Die(file + ": short row");
        u.key.push_back(f[c_key]);
        const std::string_view cat = f[c_cat];
        std::uint8_t code = 3;
        for (std::uint8_t i = 0; i < 3; ++i) {
          if (cat == kCategories[i]) code = i;
        }
        if (code == 3) baseline::Die(file + ": bad 类别 " + std::string(cat));
        u.category.push_back(code);
        u.functional.push_back(ParseFixed(f[c_fn], kDigits, "职能指标得分"));
        u.common.push_back(ParseFixed(f[c_co], kDigits, "共性指标得分"));
        u.public_review.push_back(ParseFixed(f[c_pub], kDigits, "公众评议得分"));
        u.leaders.push_back(ParseFixed(f[c_lead], kDigits, "领导评价得分"));
        u.deduction.push_back(Blank0(f[c_ded], "察访核验扣分"));
        u.city_bonus.push_back(Blank0(f[c_city], "市级加分"));
        // 加分倍数: empty means 默认加分倍数 (2).
        u.multiplier.push_back(f[c_mul].empty() ? 2 * kOne
                                                : ParseFixed(f[c_mul], kDigits, "加分倍数"));
        u.criticisms.push_back(Count(f[c_crit], "通报批评次数"));
        u.negatives.push_back(Count(f[c_neg], "重大负面次数"));
        u.veto.push_back(ParseBool(f[c_veto], "一票否决") ? 1 : 0);
      });
  return u;
}

}  // namespace

int main(int argc, char** argv) {
  const baseline::Args args = baseline::ParseArgs(argc, argv, "银海区绩效考评");
  baseline::Clock clock;
  const std::string file = args.data + "/单位.csv";
  const std::string text = baseline::ReadFile(file);
  Units u = Load(file, text);
  const size_t n = u.key.size();
  clock.Lap("load");

  // 创新争优加分 = min(10, 市级加分 × 加分倍数).
  std::vector<std::int64_t> bonus(n);
  for (size_t i = 0; i < n; ++i)
    bonus[i] = std::min<std::int64_t>(10 * kOne, u.city_bonus[i] * u.multiplier[i] / kOne);

  // 总分, one column at a time.
  std::vector<std::int64_t> total(u.functional);
  for (size_t i = 0; i < n; ++i) total[i] += u.common[i];
  for (size_t i = 0; i < n; ++i) total[i] += bonus[i];
  for (size_t i = 0; i < n; ++i) total[i] += u.public_review[i];
  for (size_t i = 0; i < n; ++i) total[i] += u.leaders[i];
  for (size_t i = 0; i < n; ++i) total[i] -= u.deduction[i];
  for (size_t i = 0; i < n; ++i)
    total[i] -= 2 * kOne * (static_cast<std::int64_t>(u.criticisms[i]) + u.negatives[i]);

  // 名次 within 类别: sort by (类别, 总分 descending); equal scores share the
  // better position (1 + the number of strictly better units).
  // The sort key puts the category in the top bits and the score, negated,
  // below it (scores are far below 2^56 units).
  struct Entry {
    std::int64_t key;
    std::uint32_t row;
  };
  std::vector<Entry> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = Entry{(static_cast<std::int64_t>(u.category[i]) << 56) - total[i],
                     static_cast<std::uint32_t>(i)};
  std::sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.row < b.row;
  });
  std::vector<std::int64_t> rank(n);
  std::int64_t group_size[3] = {0, 0, 0};
  for (size_t i = 0; i < n; ++i) ++group_size[u.category[i]];
  size_t group_start = 0;
  for (size_t j = 0; j < n; ++j) {
    const std::uint32_t r = order[j].row;
    if (j > 0 && u.category[order[j - 1].row] != u.category[r]) group_start = j;
    if (j > 0 && order[j - 1].key == order[j].key) {
      rank[r] = rank[order[j - 1].row];
    } else {
      rank[r] = static_cast<std::int64_t>(j - group_start) + 1;
    }
  }

  // 等次: 一等 for 名次 ≤ round(40% n), 二等 up to round(40% n) + round(50% n),
  // else 三等; below 900 不合格; then 一票否决 moves one step down.
  std::vector<std::uint8_t> tier(n);
  for (size_t i = 0; i < n; ++i) {
    const std::int64_t g = group_size[u.category[i]];
    const std::int64_t first = DivHalfUp(40 * g, 100);
    const std::int64_t second = first + DivHalfUp(50 * g, 100);
    std::uint8_t t = rank[i] <= first ? 0 : (rank[i] <= second ? 1 : 2);
    if (total[i] < 900 * kOne) t = 3;
    if (u.veto[i] != 0 && t < 3) ++t;
    tier[i] = t;
  }
  clock.Lap("evaluate");

  {
    baseline::Writer out(args.output);
    out.Raw("{\"policy\": ").Str(args.policy).Raw(", \"results\": {\n  \"单位\": [");
    for (size_t i = 0; i < n; ++i) {
      out.Raw(i == 0 ? "\n    {\"单位\": " : ",\n    {\"单位\": ").Str(u.key[i]);
      out.Raw(", \"创新争优加分\": ").Fixed(bonus[i], kDigits);
      out.Raw(", \"总分\": ").Fixed(total[i], kDigits);
      out.Raw(", \"名次\": ").Int(rank[i]);
      out.Raw(", \"等次\": ").Str(kTiers[tier[i]]).Raw("}");
    }
    out.Raw(n == 0 ? "]" : "\n  ]").Raw("\n}, \"warnings\": []}\n");
  }
  clock.Lap("format");
  if (args.timings) clock.Print();
  return 0;
}
