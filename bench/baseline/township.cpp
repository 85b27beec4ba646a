// The township policy (samples.md, B) written by hand, as the benchmark's
// yardstick for `arl run samples/township/township.arl`: reads DATA_DIR/办.csv,
// 人员.csv and 奖励.csv, computes the results for 人员 (线上工作, 农村指导员工作,
// 信访稳定, 机关制度, 民主评议, 总分, 末位, 处理, 考核奖, 先进奖) and writes the
// contract's JSON.
//
//   baseline_township DATA_DIR [-o OUT] [--timings] [--policy NAME]
//
// int64 fixed point: inputs in hundredths, results in units of 10^-12 (the
// averages over instructors are rounded half up at 12 decimals, as arl's
// default precision does). One pass per column, std::sort for 末位.
// Parameters are the defaults: 名次分差 1.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bench/baseline/common.h"

namespace {

using baseline::Die;
using baseline::ParseBool;
using baseline::ParseFixed;

constexpr int kInDigits = 2;
constexpr std::int64_t kIn = 100;  // one point in input units
constexpr int kDigits = 12;
constexpr std::int64_t kOne = 1'000'000'000'000;  // one point in result units
constexpr std::int64_t kWiden = kOne / kIn;

struct People {
  std::vector<std::string_view> key;
  std::vector<std::uint32_t> office;
  std::vector<std::uint8_t> instructor, gambling, full_duty, dereliction, poor_files;
  std::vector<std::int64_t> guide_score, petition_score, review;  // hundredths; -1: empty
  std::vector<std::int64_t> unfinished, uncivil;                  // hundredths
  std::vector<std::int32_t> bans, meeting_absent, meeting_leave, study_missed, left_post, late,
      complaints, dawdling, duty_absent, duty_leave, prior_last;
};

struct Awards {
  std::vector<std::int32_t> person;   // -1: collective
  std::vector<std::int32_t> office;   // -1: individual
  std::vector<std::int64_t> amount;   // yuan
  std::vector<std::int32_t> content;  // interned 内容
};

std::int32_t Count(std::string_view s, const char* what) {
  return s.empty() ? 0 : static_cast<std::int32_t>(ParseFixed(s, 0, what));
}

std::int64_t Blank0(std::string_view s, const char* what) {
  return s.empty() ? 0 : ParseFixed(s, kInDigits, what);
}

std::int64_t Optional(std::string_view s, const char* what) {
  return s.empty() ? -1 : ParseFixed(s, kInDigits, what);
}

size_t Lines(std::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// Amount in yuan for a level and kind (samples.md B, 先进奖); 部级先进集体
/// is 3500 whatever the level written, as samples/township/township.arl reads it.
std::int64_t AwardAmount(std::string_view level, std::string_view kind, const std::string& file) {
  int k = -1;
  if (kind == "重点先进集体") k = 0;
  if (kind == "其他先进集体") k = 1;
  if (kind == "先进个人") k = 2;
  if (kind == "部级先进集体") k = 3;
  if (k < 0) Die(file + ": bad 类型 " + std::string(kind));
  static const std::int64_t kDistrict[] = {2000, 1000, 200, 3500};
  static const std::int64_t kCity[] = {2500, 1500, 500, 3500};
  static const std::int64_t kProvince[] = {4000, 2000, 800, 3500};
  static const std::int64_t kNation[] = {6000, 6000, 1000, 3500};
  if (level == "区") return kDistrict[k];
  if (level == "市") return kCity[k];
  if (level == "省") return kProvince[k];
  if (level == "国家") return kNation[k];
  Die(file + ": bad 级别 " + std::string(level));
}

}  // namespace

int main(int argc, char** argv) {
  const baseline::Args args = baseline::ParseArgs(argc, argv, "镇机关岗位目标考核");
  baseline::Clock clock;

  // 办: key → index, and 线上名次.
  const std::string office_file = args.data + "/办.csv";
  const std::string office_text = baseline::ReadFile(office_file);
  std::unordered_map<std::string_view, std::uint32_t> office_index;
  std::vector<std::int64_t> office_rank;
  {
    size_t c_key = 0, c_rank = 0;
    office_index.reserve(Lines(office_text));
    baseline::CsvReader(office_text)
        .Read(
            office_file,
            [&](const std::vector<std::string_view>& h) {
              c_key = baseline::Column(h, "办", office_file);
              c_rank = baseline::Column(h, "线上名次", office_file);
            },
            [&](size_t row, const std::vector<std::string_view>& f) {
              if (f.size() <= std::max(c_key, c_rank)) Die(office_file + ": short row");
              if (!office_index.emplace(f[c_key], static_cast<std::uint32_t>(row)).second)
                Die(office_file + ": repeated 办 " + std::string(f[c_key]));
              office_rank.push_back(ParseFixed(f[c_rank], 0, "线上名次"));
            });
  }

  // 人员.
  const std::string people_file = args.data + "/人员.csv";
  const std::string people_text = baseline::ReadFile(people_file);
  People p;
  std::unordered_map<std::string_view, std::uint32_t> person_index;
  {
    std::vector<size_t> c(23);
    static const char* const kNames[] = {
        "人员",         "办",           "农村指导员",       "指导员得分",
        "信访得分",     "民主评议得分", "违反禁令次数",     "赌博",
        "会议缺席次数", "会议请假次数", "学习活动缺项次数", "擅离岗位次数",
        "迟到早退次数", "首问投诉次数", "拖拉次数",         "未完成任务扣分",
        "不文明扣分",   "值班缺席次数", "值班请假次数",     "值班全勤",
        "值班失职",     "档案管理差",   "此前连续末位次数"};
    const size_t estimate = Lines(people_text);
    person_index.reserve(estimate);
    size_t widest = 0;
    baseline::CsvReader(people_text)
        .Read(
            people_file,
            [&](const std::vector<std::string_view>& h) {
              for (size_t i = 0; i < c.size(); ++i) {
                c[i] = baseline::Column(h, kNames[i], people_file);
                widest = std::max(widest, c[i]);
              }
              p.key.reserve(estimate);
              p.office.reserve(estimate);
            },
            [&](size_t row, const std::vector<std::string_view>& f) {
              if (f.size() <= widest) Die(people_file + ": short row");
              if (!person_index.emplace(f[c[0]], static_cast<std::uint32_t>(row)).second)
                Die(people_file + ": repeated 人员 " + std::string(f[c[0]]));
              p.key.push_back(f[c[0]]);
              auto office = office_index.find(f[c[1]]);
              if (office == office_index.end())
                Die(people_file + ": no 办 " + std::string(f[c[1]]));
              p.office.push_back(office->second);
              p.instructor.push_back(ParseBool(f[c[2]], "农村指导员"));
              p.guide_score.push_back(Optional(f[c[3]], "指导员得分"));
              p.petition_score.push_back(Optional(f[c[4]], "信访得分"));
              p.review.push_back(ParseFixed(f[c[5]], kInDigits, "民主评议得分"));
              p.bans.push_back(Count(f[c[6]], "违反禁令次数"));
              p.gambling.push_back(ParseBool(f[c[7]], "赌博"));
              p.meeting_absent.push_back(Count(f[c[8]], "会议缺席次数"));
              p.meeting_leave.push_back(Count(f[c[9]], "会议请假次数"));
              p.study_missed.push_back(Count(f[c[10]], "学习活动缺项次数"));
              p.left_post.push_back(Count(f[c[11]], "擅离岗位次数"));
              p.late.push_back(Count(f[c[12]], "迟到早退次数"));
              p.complaints.push_back(Count(f[c[13]], "首问投诉次数"));
              p.dawdling.push_back(Count(f[c[14]], "拖拉次数"));
              p.unfinished.push_back(Blank0(f[c[15]], "未完成任务扣分"));
              p.uncivil.push_back(Blank0(f[c[16]], "不文明扣分"));
              p.duty_absent.push_back(Count(f[c[17]], "值班缺席次数"));
              p.duty_leave.push_back(Count(f[c[18]], "值班请假次数"));
              p.full_duty.push_back(ParseBool(f[c[19]], "值班全勤"));
              p.dereliction.push_back(ParseBool(f[c[20]], "值班失职"));
              p.poor_files.push_back(ParseBool(f[c[21]], "档案管理差"));
              p.prior_last.push_back(Count(f[c[22]], "此前连续末位次数"));
            });
  }

  // 奖励.
  const std::string award_file = args.data + "/奖励.csv";
  const std::string award_text = baseline::ReadFile(award_file);
  Awards a;
  std::unordered_map<std::string_view, std::int32_t> content_index;
  {
    size_t c_person = 0, c_office = 0, c_level = 0, c_kind = 0, c_content = 0, widest = 0;
    baseline::CsvReader(award_text)
        .Read(
            award_file,
            [&](const std::vector<std::string_view>& h) {
              c_person = baseline::Column(h, "人员", award_file);
              c_office = baseline::Column(h, "办", award_file);
              c_level = baseline::Column(h, "级别", award_file);
              c_kind = baseline::Column(h, "类型", award_file);
              c_content = baseline::Column(h, "内容", award_file);
              widest = std::max({c_person, c_office, c_level, c_kind, c_content});
            },
            [&](size_t, const std::vector<std::string_view>& f) {
              if (f.size() <= widest) Die(award_file + ": short row");
              std::int32_t person = -1, office = -1;
              if (!f[c_person].empty()) {
                auto it = person_index.find(f[c_person]);
                if (it == person_index.end())
                  Die(award_file + ": no 人员 " + std::string(f[c_person]));
                person = static_cast<std::int32_t>(it->second);
              }
              if (!f[c_office].empty()) {
                auto it = office_index.find(f[c_office]);
                if (it == office_index.end())
                  Die(award_file + ": no 办 " + std::string(f[c_office]));
                office = static_cast<std::int32_t>(it->second);
              }
              a.person.push_back(person);
              a.office.push_back(office);
              a.amount.push_back(AwardAmount(f[c_level], f[c_kind], award_file));
              auto [it, fresh] = content_index.emplace(
                  f[c_content], static_cast<std::int32_t>(content_index.size()));
              (void)fresh;
              a.content.push_back(it->second);
            });
  }
  const size_t n = p.key.size();
  clock.Lap("load");

  // 线上工作 = 25 + (3 − 线上名次) × 名次分差, not below 0.
  std::vector<std::int64_t> online(n);
  for (size_t i = 0; i < n; ++i)
    online[i] = std::max<std::int64_t>(0, (25 + 3 - office_rank[p.office[i]]) * kOne);

  // 农村指导员工作 and 信访稳定: the person's own score for instructors, the
  // average over all instructors for everyone else.
  auto instructor_part = [&](const std::vector<std::int64_t>& score) {
    std::int64_t sum = 0, count = 0;
    for (size_t i = 0; i < n; ++i) {
      if (p.instructor[i] != 0 && score[i] >= 0) {
        sum += score[i];
        ++count;
      }
    }
    // sum / count at 12 decimals, half up: whole hundredths, then the rest.
    std::int64_t average = 0;
    if (count > 0) {
      average = sum / count * kWiden + baseline::DivHalfUp(sum % count * kWiden, count);
    }
    std::vector<std::int64_t> out(n);
    for (size_t i = 0; i < n; ++i)
      out[i] = p.instructor[i] != 0 ? (score[i] >= 0 ? score[i] * kWiden : 0) : average;
    return out;
  };
  const std::vector<std::int64_t> guide = instructor_part(p.guide_score);
  const std::vector<std::int64_t> petition = instructor_part(p.petition_score);

  // 机关制度 = 10 − deductions (+2 for 值班全勤), held within 0..10; in hundredths.
  std::vector<std::int64_t> rules(n, 10 * kIn);
  for (size_t i = 0; i < n; ++i) rules[i] -= 2 * kIn * p.bans[i];
  for (size_t i = 0; i < n; ++i)
    rules[i] -=
        p.meeting_absent[i] >= 3 || p.meeting_leave[i] >= 10 ? 5 * kIn : kIn * p.meeting_absent[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= kIn * p.study_missed[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= kIn * p.left_post[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= kIn * p.late[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= 2 * kIn * p.complaints[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= kIn / 2 * p.dawdling[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= p.unfinished[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= p.uncivil[i];
  for (size_t i = 0; i < n; ++i)
    rules[i] -= p.duty_absent[i] >= 3 || p.duty_leave[i] >= 10 ? 5 * kIn : kIn * p.duty_absent[i];
  for (size_t i = 0; i < n; ++i) rules[i] -= p.dereliction[i] != 0 ? 5 * kIn : 0;
  for (size_t i = 0; i < n; ++i) rules[i] -= p.poor_files[i] != 0 ? 2 * kIn : 0;
  for (size_t i = 0; i < n; ++i) rules[i] += p.full_duty[i] != 0 ? 2 * kIn : 0;
  for (size_t i = 0; i < n; ++i) rules[i] = std::clamp<std::int64_t>(rules[i], 0, 10 * kIn);

  // 总分 = the five parts.
  std::vector<std::int64_t> total(online);
  for (size_t i = 0; i < n; ++i) total[i] += guide[i];
  for (size_t i = 0; i < n; ++i) total[i] += petition[i];
  for (size_t i = 0; i < n; ++i) total[i] += rules[i] * kWiden;
  for (size_t i = 0; i < n; ++i) total[i] += p.review[i] * kWiden;

  // 末位: among the 3 lowest 总分 of all staff, ties at the boundary included,
  // i.e. at most 2 people strictly lower: 总分 ≤ the 3rd lowest.
  std::vector<std::uint8_t> last(n, 0);
  if (n > 0) {
    std::vector<std::int64_t> sorted(total);
    std::sort(sorted.begin(), sorted.end());
    const std::int64_t bound = sorted[std::min<size_t>(2, n - 1)];
    for (size_t i = 0; i < n; ++i) last[i] = total[i] <= bound ? 1 : 0;
  }

  // 处理.
  std::vector<const char*> action(n);
  for (size_t i = 0; i < n; ++i) {
    action[i] = last[i] == 0           ? ""
                : p.prior_last[i] == 1 ? "不合格"
                : p.prior_last[i] >= 2 ? "诫勉六个月"
                                       : "诫勉";
  }

  // 考核奖 = 3000 × 总分 / 100 (exactly 30 × 总分), 0 when 赌博.
  std::vector<std::int64_t> bonus(n);
  for (size_t i = 0; i < n; ++i) bonus[i] = p.gambling[i] != 0 ? 0 : 30 * total[i];

  // 先进奖: the person's own awards and the office's collective awards; one
  // 内容 counts once, at its highest amount. Awards are grouped by person and
  // by office first (counting sort), so this is linear.
  const size_t offices = office_rank.size();
  std::vector<std::uint32_t> own_start(n + 1, 0), office_start(offices + 1, 0);
  for (size_t k = 0; k < a.person.size(); ++k) {
    if (a.person[k] >= 0) ++own_start[static_cast<size_t>(a.person[k]) + 1];
    if (a.office[k] >= 0) ++office_start[static_cast<size_t>(a.office[k]) + 1];
  }
  for (size_t i = 0; i < n; ++i) own_start[i + 1] += own_start[i];
  for (size_t i = 0; i < offices; ++i) office_start[i + 1] += office_start[i];
  std::vector<std::uint32_t> own(own_start[n]), of_office(office_start[offices]);
  {
    std::vector<std::uint32_t> fill_own(own_start.begin(), own_start.end() - 1);
    std::vector<std::uint32_t> fill_office(office_start.begin(), office_start.end() - 1);
    for (size_t k = 0; k < a.person.size(); ++k) {
      if (a.person[k] >= 0)
        own[fill_own[static_cast<size_t>(a.person[k])]++] = static_cast<std::uint32_t>(k);
      if (a.office[k] >= 0)
        of_office[fill_office[static_cast<size_t>(a.office[k])]++] = static_cast<std::uint32_t>(k);
    }
  }
  std::vector<std::int64_t> honours(n, 0);
  {
    std::vector<std::pair<std::int32_t, std::int64_t>> best;  // 内容 → highest amount
    for (size_t i = 0; i < n; ++i) {
      best.clear();
      auto take = [&](std::uint32_t k) {
        for (auto& [content, amount] : best) {
          if (content == a.content[k]) {
            amount = std::max(amount, a.amount[k]);
            return;
          }
        }
        best.emplace_back(a.content[k], a.amount[k]);
      };
      for (std::uint32_t j = own_start[i]; j < own_start[i + 1]; ++j) take(own[j]);
      const std::uint32_t o = p.office[i];
      for (std::uint32_t j = office_start[o]; j < office_start[o + 1]; ++j) take(of_office[j]);
      std::int64_t sum = 0;
      for (const auto& b : best) sum += b.second;
      honours[i] = sum;
    }
  }
  clock.Lap("evaluate");

  {
    baseline::Writer out(args.output);
    out.Raw("{\"policy\": ").Str(args.policy).Raw(", \"results\": {\n  \"人员\": [");
    for (size_t i = 0; i < n; ++i) {
      out.Raw(i == 0 ? "\n    {\"人员\": " : ",\n    {\"人员\": ").Str(p.key[i]);
      out.Raw(", \"线上工作\": ").Fixed(online[i], kDigits);
      out.Raw(", \"农村指导员工作\": ").Fixed(guide[i], kDigits);
      out.Raw(", \"信访稳定\": ").Fixed(petition[i], kDigits);
      out.Raw(", \"机关制度\": ").Fixed(rules[i], kInDigits);
      out.Raw(", \"民主评议\": ").Fixed(p.review[i], kInDigits);
      out.Raw(", \"总分\": ").Fixed(total[i], kDigits);
      out.Raw(", \"末位\": ").Raw(last[i] != 0 ? "true" : "false");
      out.Raw(", \"处理\": ").Str(action[i]);
      out.Raw(", \"考核奖\": ").Fixed(bonus[i], kDigits);
      out.Raw(", \"先进奖\": ").Int(honours[i]).Raw("}");
    }
    out.Raw(n == 0 ? "]" : "\n  ]").Raw("\n}, \"warnings\": []}\n");
  }
  clock.Lap("format");
  if (args.timings) clock.Print();
  return 0;
}
