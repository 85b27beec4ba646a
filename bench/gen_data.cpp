// Writes large, deterministic data sets in the shapes of the samples
// (/work/shared/spec/samples.md, sections A, B and E) for the runtime
// benchmark.
//
//   gen_data yinhai ROWS OUTDIR     OUTDIR/单位.csv with ROWS units
//   gen_data township ROWS OUTDIR   OUTDIR/办.csv, 人员.csv (ROWS people in
//                                   about ROWS/8 offices), 奖励.csv (about
//                                   ROWS/4 award records)
//   gen_data zhongshan ROWS OUTDIR  OUTDIR/单位.csv with ROWS units (76%
//                                   区直部门, 13% 镇乡, 11% 街道), 目标.csv
//                                   (5-10 targets a unit, 7.5 on average),
//                                   表彰.csv (about 0.3 rows a unit), 企业.csv
//                                   (about 0.5), 否决.csv (about 1 in 100)
//                                   and 人员.csv (1-4 staff a unit, 2.9 on
//                                   average)
//
// The same arguments always give the same bytes: the generator uses its own
// splitmix64 stream and integer arithmetic only (no <random> distributions,
// whose output differs between standard libraries, and no floating point).
// Scores have at most 2 decimals and a realistic spread; counts, deductions
// and flags are mostly empty or 0, as in real assessment sheets.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

/// `__extension__` keeps -Wpedantic quiet about the GCC/Clang 128-bit type.
__extension__ typedef unsigned __int128 UInt128;

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) (multiply-shift; the tiny bias is irrelevant here).
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<UInt128>(Next()) * n) >> 64);
  }
  /// True with probability per_mille / 1000.
  bool Chance(std::uint64_t per_mille) { return Below(1000) < per_mille; }
  /// Roughly normal (Irwin-Hall of 4 uniforms) with the given mean and
  /// standard deviation, in hundredths, clamped to [lo, hi] hundredths.
  std::int64_t Normal(std::int64_t mean, std::int64_t sd, std::int64_t lo, std::int64_t hi) {
    // Sum of 4 uniforms on [0, 1) has mean 2 and variance 4/12 = 1/3, so
    // (sum - 2) * sqrt(3) has unit variance. In units of 1/65536: sum in
    // [0, 4 * 65536); sqrt(3) ≈ 17321 / 10000.
    std::int64_t sum = 0;
    for (int i = 0; i < 4; ++i) sum += static_cast<std::int64_t>(Below(65536));
    const std::int64_t centred = sum - 2 * 65536;
    std::int64_t v = mean + centred * 17321 / 10000 * sd / 65536;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    return v;
  }

 private:
  std::uint64_t state_;
};

/// A buffered file written with stdio; exits on any error.
class Out {
 public:
  explicit Out(const std::string& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {
    if (f_ == nullptr) Die("cannot write " + path_);
    buf_.reserve(kFlushAt + 4096);
  }
  ~Out() {
    Flush();
    if (std::fclose(f_) != 0) Die("cannot write " + path_);
  }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;

  Out& Put(const char* s) {
    buf_ += s;
    return *this;
  }
  Out& Put(const std::string& s) {
    buf_ += s;
    return *this;
  }
  Out& Comma() {
    buf_ += ',';
    return *this;
  }
  void EndRow() {
    buf_ += '\n';
    if (buf_.size() >= kFlushAt) Flush();
  }
  /// An integer.
  Out& Int(std::int64_t v) {
    char tmp[24];
    std::snprintf(tmp, sizeof tmp, "%lld", static_cast<long long>(v));
    buf_ += tmp;
    return *this;
  }
  /// A value in hundredths, written with as few decimals as it needs
  /// (12345 → "123.45", 12340 → "123.4", 12300 → "123").
  Out& Hundredths(std::int64_t v) {
    if (v < 0) {
      buf_ += '-';
      v = -v;
    }
    Int(v / 100);
    const std::int64_t frac = v % 100;
    if (frac != 0) {
      buf_ += '.';
      buf_ += static_cast<char>('0' + frac / 10);
      if (frac % 10 != 0) buf_ += static_cast<char>('0' + frac % 10);
    }
    return *this;
  }

  [[noreturn]] static void Die(const std::string& why) {
    std::fprintf(stderr, "gen_data: %s: %s\n", why.c_str(), std::strerror(errno));
    std::exit(1);
  }

 private:
  static constexpr size_t kFlushAt = size_t{1} << 20;
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      Die("cannot write " + path_);
    buf_.clear();
  }
  std::string path_;
  std::FILE* f_;
  std::string buf_;
};

/// A zero-padded sequence number, so keys are unique and sort like the rows.
std::string Seq(std::uint64_t i, int width) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + i % 10));
    i /= 10;
  } while (i > 0);
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  return digits;
}

int Width(std::uint64_t n) {
  int w = 1;
  for (std::uint64_t v = n; v >= 10; v /= 10) ++w;
  return w;
}

/// A count that is mostly empty: empty, "0", or 1.. with falling odds.
/// `none` and `zero` are per mille; the rest is split by `weights` for 1, 2, ...
void Count(Out& o, Rng& rng, std::uint64_t none, std::uint64_t zero,
           const std::vector<std::uint64_t>& weights) {
  std::uint64_t x = rng.Below(1000);
  if (x < none) return;
  x -= none;
  if (x < zero) {
    o.Put("0");
    return;
  }
  x -= zero;
  std::uint64_t total = 0;
  for (std::uint64_t w : weights) total += w;
  std::uint64_t pick = total == 0 ? 0 : x * total / (1000 - none - zero);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (pick < weights[i]) {
      o.Int(static_cast<std::int64_t>(i + 1));
      return;
    }
    pick -= weights[i];
  }
  o.Int(static_cast<std::int64_t>(weights.size()));
}

/// A yes/no flag: mostly empty or 否, 是 with probability yes per mille.
void Flag(Out& o, Rng& rng, std::uint64_t yes) {
  if (rng.Chance(yes)) {
    o.Put("是");
  } else if (rng.Chance(300)) {
    o.Put("否");
  }
}

/// A score in hundredths rounded to 2, 1 or 0 decimals (whole and half
/// points are common in hand-entered sheets, and make ties).
std::int64_t Coarsen(Rng& rng, std::int64_t hundredths) {
  const std::uint64_t k = rng.Below(10);
  if (k < 3) return (hundredths + 50) / 100 * 100;  // whole points
  if (k < 5) return (hundredths + 25) / 50 * 50;    // half points
  if (k < 7) return (hundredths + 5) / 10 * 10;     // one decimal
  return hundredths;
}

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                 "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强",   "磊", "军", "洋",
                              "勇", "艳", "杰", "涛", "明", "超", "秀英", "华", "平", "刚"};

void Yinhai(std::uint64_t rows, const std::string& dir) {
  static const char* const kBureaus[] = {"发改局", "财政局", "统计局", "商务局", "住建局",
                                         "教育局", "卫健局", "民政局", "司法局", "文旅局",
                                         "妇联",   "团委",   "工会",   "科协",   "侨联"};
  // The category each bureau name belongs to (3 经济管理类, 公共事务类, 党群类).
  static const int kCategoryOf[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
  static const char* const kCategories[] = {"经济管理类", "公共事务类", "党群类"};
  static const std::int64_t kMultipliers[] = {100, 120, 150, 180, 200};
  Rng rng(0x79696E686169ULL ^ rows);  // "yinhai"
  Out o(dir + "/单位.csv");
  o.Put(
      "单位,类别,职能指标得分,共性指标得分,公众评议得分,领导评价得分,察访核验扣分,市级加分,"
      "加分倍数,通报批评次数,重大负面次数,一票否决");
  o.EndRow();
  const int width = Width(rows);
  for (std::uint64_t i = 1; i <= rows; ++i) {
    // Categories 2 : 2 : 1, as in a district's bureaus.
    const std::uint64_t c = rng.Below(5);
    const int category = c < 2 ? 0 : (c < 4 ? 1 : 2);
    std::uint64_t b;
    do {
      b = rng.Below(15);
    } while (kCategoryOf[b] != category);
    o.Put("区").Put(kBureaus[b]).Put(Seq(i, width)).Comma().Put(kCategories[category]).Comma();
    // Means total about 929 with a spread of about 22: some 10% under 900.
    o.Hundredths(Coarsen(rng, rng.Normal(56500, 2000, 0, 60000))).Comma();
    o.Hundredths(Coarsen(rng, rng.Normal(9200, 400, 0, 10000))).Comma();
    o.Hundredths(Coarsen(rng, rng.Normal(18000, 800, 0, 20000))).Comma();
    o.Hundredths(Coarsen(rng, rng.Normal(9200, 400, 0, 10000))).Comma();
    // 察访核验扣分: mostly none; 0.5 .. 5 points in half points.
    if (rng.Chance(150)) {
      o.Hundredths(static_cast<std::int64_t>(1 + rng.Below(10)) * 50);
    } else if (rng.Chance(200)) {
      o.Put("0");
    }
    o.Comma();
    // 市级加分: about a third of units have approved bonus points. Not a
    // count or a deduction, so an empty cell would be "no value": always 0.
    if (rng.Chance(330)) {
      o.Hundredths(static_cast<std::int64_t>(1 + rng.Below(12)) * 50);
    } else {
      o.Put("0");
    }
    o.Comma();
    // 加分倍数: 1..2, empty for a quarter (the default applies).
    if (!rng.Chance(250)) o.Hundredths(kMultipliers[rng.Below(5)]);
    o.Comma();
    Count(o, rng, 750, 150, {80, 15, 5});  // 通报批评次数
    o.Comma();
    Count(o, rng, 800, 180, {20});  // 重大负面次数
    o.Comma();
    o.Put(rng.Chance(5) ? "是" : "否");  // 一票否决
    o.EndRow();
  }
}

void Township(std::uint64_t rows, const std::string& dir) {
  static const char* const kOfficeKinds[] = {"党政办", "经发办", "社事办", "综治办", "城建办",
                                             "农业办", "财政所", "计生办", "安监办", "信访办"};
  static const char* const kLevels[] = {"区", "市", "省", "国家"};
  static const char* const kTopics[] = {"防汛抗旱", "脱贫攻坚", "安全生产", "综治维稳",
                                        "招商引资", "文明创建", "计划生育", "信访维稳",
                                        "党建工作", "环境整治", "人口普查", "疫情防控"};
  static const char* const kYears[] = {"2022年度", "2023年度"};
  Rng rng(0x746F776E73686970ULL ^ rows);  // "township"
  const std::uint64_t offices = rows / 8 > 0 ? rows / 8 : 1;
  const int town_width = Width(offices / 10 + 1);
  const int person_width = Width(rows);
  auto office_name = [&](std::uint64_t i) {
    return std::string("第") + Seq(i / 10 + 1, town_width) + "镇" + kOfficeKinds[i % 10];
  };
  {
    Out o(dir + "/办.csv");
    o.Put("办,线上名次");
    o.EndRow();
    for (std::uint64_t i = 0; i < offices; ++i) {
      o.Put(office_name(i)).Comma();
      // Rank among similar townships: 1..10, the middle ranks most common.
      o.Int(static_cast<std::int64_t>(1 + (rng.Below(10) + rng.Below(10) + 1) / 2));
      o.EndRow();
    }
  }
  std::vector<std::string> people;
  people.reserve(rows);
  std::vector<std::uint32_t> office_of;
  office_of.reserve(rows);
  {
    Out o(dir + "/人员.csv");
    o.Put(
        "人员,办,农村指导员,指导员得分,信访得分,民主评议得分,违反禁令次数,赌博,会议缺席次数,"
        "会议请假次数,学习活动缺项次数,擅离岗位次数,迟到早退次数,首问投诉次数,拖拉次数,"
        "未完成任务扣分,不文明扣分,值班缺席次数,值班请假次数,值班全勤,值班失职,档案管理差,"
        "此前连续末位次数");
    o.EndRow();
    for (std::uint64_t i = 1; i <= rows; ++i) {
      std::string name =
          std::string(kSurnames[rng.Below(20)]) + kGiven[rng.Below(20)] + Seq(i, person_width);
      const auto office = static_cast<std::uint32_t>(rng.Below(offices));
      o.Put(name).Comma().Put(office_name(office)).Comma();
      people.push_back(std::move(name));
      office_of.push_back(office);
      const bool instructor = rng.Chance(300);
      o.Put(instructor ? "是" : (rng.Chance(500) ? "否" : "")).Comma();
      if (instructor) o.Hundredths(Coarsen(rng, rng.Normal(1250, 150, 0, 1500)));
      o.Comma();
      if (instructor) o.Hundredths(Coarsen(rng, rng.Normal(3400, 300, 0, 4000)));
      o.Comma();
      o.Hundredths(Coarsen(rng, rng.Normal(850, 80, 0, 1000))).Comma();  // 民主评议得分
      Count(o, rng, 980, 10, {8, 2});                                    // 违反禁令次数
      o.Comma();
      Flag(o, rng, 2);  // 赌博
      o.Comma();
      Count(o, rng, 820, 80, {60, 25, 10, 5});  // 会议缺席次数
      o.Comma();
      Count(o, rng, 600, 100, {120, 80, 50, 30, 20, 15, 10, 10, 5, 3, 3, 2, 2});  // 会议请假次数
      o.Comma();
      Count(o, rng, 850, 80, {50, 15, 5});  // 学习活动缺项次数
      o.Comma();
      Count(o, rng, 930, 40, {25, 5});  // 擅离岗位次数
      o.Comma();
      Count(o, rng, 780, 90, {80, 30, 15, 5});  // 迟到早退次数
      o.Comma();
      Count(o, rng, 960, 25, {13, 2});  // 首问投诉次数
      o.Comma();
      Count(o, rng, 900, 50, {35, 10, 5});  // 拖拉次数
      o.Comma();
      // 未完成任务扣分: 1-2 points per case, already judged.
      if (rng.Chance(60)) {
        o.Int(static_cast<std::int64_t>(1 + rng.Below(4)));
      } else if (rng.Chance(50)) {
        o.Put("0");
      }
      o.Comma();
      // 不文明扣分: half or whole points.
      if (rng.Chance(40)) {
        o.Hundredths(static_cast<std::int64_t>(1 + rng.Below(4)) * 50);
      } else if (rng.Chance(50)) {
        o.Put("0");
      }
      o.Comma();
      Count(o, rng, 850, 70, {50, 20, 7, 3});  // 值班缺席次数
      o.Comma();
      Count(o, rng, 700, 100, {80, 50, 30, 15, 10, 5, 3, 2, 2, 1, 1, 1});  // 值班请假次数
      o.Comma();
      Flag(o, rng, 400);  // 值班全勤
      o.Comma();
      Flag(o, rng, 5);  // 值班失职
      o.Comma();
      Flag(o, rng, 20);  // 档案管理差
      o.Comma();
      Count(o, rng, 970, 20, {8, 2});  // 此前连续末位次数
      o.EndRow();
    }
  }
  {
    Out o(dir + "/奖励.csv");
    o.Put("人员,办,级别,类型,内容");
    o.EndRow();
    const std::uint64_t awards = rows / 4;
    for (std::uint64_t i = 0; i < awards; ++i) {
      // Levels 区 60%, 市 25%, 省 10%, 国家 5%.
      const std::uint64_t l = rng.Below(100);
      const int level = l < 60 ? 0 : (l < 85 ? 1 : (l < 95 ? 2 : 3));
      // 内容 names the matter and the year, not the kind of award, so an
      // office's collective award and a member's own award can be the same
      // matter (which counts once).
      const std::string content =
          std::string(kYears[rng.Below(2)]) + kTopics[rng.Below(12)] + "先进";
      if (rng.Chance(700)) {
        const auto p = static_cast<size_t>(rng.Below(rows));
        o.Put(people[p]).Comma().Comma().Put(kLevels[level]).Comma().Put("先进个人");
      } else {
        // Collective: mostly offices of people we have, any office at all.
        const std::uint64_t office =
            rng.Chance(900) ? office_of[static_cast<size_t>(rng.Below(rows))] : rng.Below(offices);
        const char* kind = level == 3 && rng.Chance(300)
                               ? "部级先进集体"
                               : (rng.Chance(400) ? "重点先进集体" : "其他先进集体");
        o.Comma().Put(office_name(office)).Comma().Put(kLevels[level]).Comma().Put(kind);
      }
      o.Comma().Put(content);
      o.EndRow();
    }
  }
}

/// Rounds hundredths to one decimal, as hand-entered 0..5 ratings are.
std::int64_t Tenths(std::int64_t hundredths) {
  return (hundredths + 5) / 10 * 10;
}

void Zhongshan(std::uint64_t rows, const std::string& dir) {
  static const char* const kDepartments[] = {
      "区委办",   "区纪委",       "区委组织部", "区委宣传部", "区委统战部", "区委政法委",
      "区编委办", "区直机关工委", "区委党校",   "区总工会",   "团区委",     "区妇联",
      "区政府办", "区发改局",     "区经贸局",   "区教育局",   "区科技局",   "区民政局",
      "区司法局", "区安监局",     "区财政局",   "区人劳局",   "区建设局",   "区城管局",
      "区交通局", "区农业局",     "区林业局",   "区水利局"};
  static const char* const kTowns[] = {"大湾镇", "汪家寨镇", "大河镇", "老鹰山镇", "月照乡"};
  static const char* const kStreets[] = {"黄土坡街道", "荷城街道", "凤凰街道", "德坞街道"};
  static const char* const kCategories[] = {"区直部门", "镇乡", "街道"};
  // Targets as the sample names them: a department's first two come from the
  // city, a town's first is its 财政总收入 (the same figures as its 单位 row).
  static const char* const kDepartmentTargets[] = {
      "市对区年度工作任务", "市区十件实事分解任务", "年度业务工作(一)", "年度业务工作(二)",
      "年度业务工作(三)",   "年度业务工作(四)",     "年度业务工作(五)", "年度业务工作(六)",
      "年度业务工作(七)",   "年度业务工作(八)"};
  static const char* const kTownTargets[] = {
      "财政总收入",       "招商引资到位资金", "人口和计划生育", "安全生产",     "市区十件实事",
      "社会治安综合治理", "农业农村工作",     "城镇建设管理",   "党风廉政建设", "信访维稳"};
  // The last two only for towns and streets.
  static const char* const kHonours[] = {
      "全国创先争优先进基层党组织", "全省精神文明建设先进单位", "全国义务教育均衡发展先进单位",
      "全国信访工作先进单位",       "全省劳动保障监察先进集体", "全国民族团结进步模范集体",
      "全国环境优美乡镇",           "全省和谐社区建设示范街道"};
  static const char* const kCensures[] = {"煤矿安全生产专项整治", "城市环境卫生整治",
                                          "食品安全专项检查", "森林防火工作"};
  static const char* const kFirmPlaces[] = {"凉都", "钟山",   "水城", "乌蒙山", "荷城",
                                            "大湾", "汪家寨", "月照", "凤凰",   "黄土坡"};
  static const char* const kFirmKinds[] = {"食品厂",     "纸制品公司", "饮品公司", "包装厂",
                                           "新材料公司", "茶业公司",   "酒业公司", "建材厂",
                                           "魔芋加工厂", "养殖公司"};
  static const char* const kFirmTypes[] = {"农业龙头", "轻工业", "高新技术", "名牌产品"};
  static const char* const kVetoes[] = {"整脏治乱工作年度考核被市区否决",
                                        "违反计划生育政策被市计生部门否决",
                                        "辖区内发生重大安全事故被区安监部门否决",
                                        "发生重大群体性事件被否决", "党风廉政建设责任制考核被否决"};
  static const char* const kPosts[] = {"主要领导", "班子成员", "职工"};
  static const std::int64_t kPow10[] = {1, 10, 100, 1000};
  // At most 1 + 1 + 2 staff per unit (see 人员 below).
  constexpr std::uint64_t kMaxStaff = 4;
  Rng rng(0x7A686F6E677368ULL ^ rows);  // "zhongsh"
  const int width = Width(rows);
  const int person_width = Width(rows * kMaxStaff);
  Out units(dir + "/单位.csv");
  Out targets(dir + "/目标.csv");
  Out honours(dir + "/表彰.csv");
  Out firms(dir + "/企业.csv");
  Out vetoes(dir + "/否决.csv");
  Out staff(dir + "/人员.csv");
  units.Put(
      "单位,类别,综合评定分,下评上,全国现场会次数,市级通报次数,迟到早退次数,缺席次数,"
      "区级通报次数,擅自单项考核,未按要求报送,财政收入任务,财政收入完成,国税完成,地税完成");
  units.EndRow();
  targets.Put("单位,目标,标准分,类型,任务值,完成值,完成,效果,状态");
  targets.EndRow();
  honours.Put("单位,奖项,级别,性质");
  honours.EndRow();
  firms.Put("单位,企业,类型,级别,投资额,投产");
  firms.EndRow();
  vetoes.Put("单位,事项");
  vetoes.EndRow();
  staff.Put("人员,单位,岗位,在岗月数,个人否决");
  staff.EndRow();
  std::uint64_t people = 0;
  for (std::uint64_t i = 1; i <= rows; ++i) {
    // Categories about 76 : 13 : 11, as in the sample's 28 : 5 : 4.
    const std::uint64_t c = rng.Below(1000);
    const int category = c < 760 ? 0 : (c < 890 ? 1 : 2);
    const bool department = category == 0;
    std::string unit = department      ? kDepartments[rng.Below(28)]
                       : category == 1 ? kTowns[rng.Below(5)]
                                       : kStreets[rng.Below(4)];
    unit += Seq(i, width);
    // How well the unit worked, as a completion rate in per mille: it moves
    // all its targets and its ratings together, so totals spread out and
    // about 5-15% of each category ends up 不合格 (90 or less).
    const std::int64_t quality = rng.Normal(965, 60, 700, 1150);

    // ---- 单位 ----
    units.Put(unit).Comma().Put(kCategories[category]).Comma();
    units.Hundredths(Tenths(rng.Normal(380 + (quality - 965) / 2, 45, 0, 500))).Comma();
    // 下评上 is the towns' rating of a department: towns have none.
    if (department) units.Hundredths(Tenths(rng.Normal(400 + (quality - 965) / 2, 35, 0, 500)));
    units.Comma();
    Count(units, rng, 950, 20, {25, 5});  // 全国现场会次数
    units.Comma();
    Count(units, rng, 970, 15, {13, 2});  // 市级通报次数
    units.Comma();
    Count(units, rng, 880, 20, {50, 30, 15, 5});  // 迟到早退次数
    units.Comma();
    Count(units, rng, 930, 20, {35, 10, 5});  // 缺席次数
    units.Comma();
    Count(units, rng, 920, 20, {45, 12, 3});  // 区级通报次数
    units.Comma();
    Flag(units, rng, 10);  // 擅自单项考核
    units.Comma();
    Flag(units, rng, 15);  // 未按要求报送
    units.Comma();
    // 财政收入 in 万元 for towns and streets: 500 .. 7000 as a task, done
    // 85% .. 120% of it (about 100% on average), exactly the task now and
    // then; 国税 and 地税 each missed by one in 14.
    std::int64_t revenue_task = 0;
    std::int64_t revenue_done = 0;
    if (!department) {
      revenue_task = static_cast<std::int64_t>(5 + rng.Below(66)) * 100;
      const std::int64_t rate = rng.Normal(quality + 40, 50, 850, 1200);
      revenue_done = rate > 990 && rate < 1010 ? revenue_task : revenue_task * rate / 1000;
      units.Int(revenue_task).Comma().Int(revenue_done).Comma();
      units.Put(rng.Chance(70) ? "否" : "是").Comma().Put(rng.Chance(70) ? "否" : "是");
    } else {
      units.Comma().Comma().Comma();
    }
    units.EndRow();

    // ---- 目标: 5 .. 10, 标准分 in fives summing to 100, largest first ----
    const size_t n = static_cast<size_t>(5 + rng.Below(6));
    std::vector<std::int64_t> points(n, 5);
    for (size_t k = n; k < 20; ++k) points[static_cast<size_t>(rng.Below(n))] += 5;
    std::sort(points.begin(), points.end(), [](std::int64_t a, std::int64_t b) { return a > b; });
    for (size_t t = 0; t < n; ++t) {
      // Data targets: a department's first and about 4 in 10 from its third
      // on; a town's first two and about 4 in 10 from its seventh on.
      const bool data = department ? t == 0 || (t >= 2 && rng.Chance(400))
                                   : t <= 1 || (t >= 6 && rng.Chance(400));
      // 状态: mostly 正常. Never the first target 缺项, so no unit has
      // every target left out (its 基本分 would divide by zero).
      const std::uint64_t s = rng.Below(1000);
      const char* state = "正常";
      if (s < 20 && t > 0) {
        state = "缺项";
      } else if (s >= 20 && s < 35) {
        state = "不可抗力";
      } else if (s >= 35 && s < 38) {
        state = "弄虚作假";
      }
      const bool missing = s < 20 && t > 0;
      const std::int64_t rate = rng.Normal(quality, 60, 500, 1300);
      targets.Put(unit).Comma();
      targets.Put(department ? kDepartmentTargets[t] : kTownTargets[t]).Comma();
      targets.Int(points[t]).Comma().Put(data ? "数据" : "非数据").Comma();
      if (missing) {
        targets.Comma().Comma().Comma();
      } else if (data) {
        std::int64_t task;
        std::int64_t done;  // hundredths
        if (!department && t == 0) {
          task = revenue_task;
          done = revenue_done * 100;
        } else {
          // 10 .. 99000: counts, people, 万元.
          task = static_cast<std::int64_t>(10 + rng.Below(90)) * kPow10[rng.Below(4)];
          done = task * rate / 10;
          done = task >= 100 ? (done + 50) / 100 * 100 : (done + 5) / 10 * 10;
        }
        targets.Int(task).Comma().Hundredths(done).Comma().Comma();
      } else {
        // Done with an effect that follows the rate: 好 at or above 99%,
        // 一般 from 92%, 差 from 75%; below that not done.
        targets.Comma().Comma();
        if (rate >= 990) {
          targets.Put("是").Comma().Put("好");
        } else if (rate >= 920) {
          targets.Put("是").Comma().Put("一般");
        } else if (rate >= 750) {
          targets.Put("是").Comma().Put("差");
        } else {
          targets.Put("否").Comma();
        }
      }
      targets.Comma().Put(state);
      targets.EndRow();
    }

    // ---- 表彰: an honour for one unit in 5, now and then the same one at
    // both levels (it counts once); a censure for one in 16 ----
    if (rng.Chance(200)) {
      const char* honour = kHonours[rng.Below(department ? 6 : 8)];
      const bool national = rng.Chance(350);
      honours.Put(unit).Comma().Put(honour).Comma().Put(national ? "中央国务院" : "部委省级");
      honours.Comma().Put("表彰");
      honours.EndRow();
      if (rng.Chance(150)) {
        honours.Put(unit).Comma().Put(honour).Comma().Put(national ? "部委省级" : "中央国务院");
        honours.Comma().Put("表彰");
        honours.EndRow();
      }
    }
    if (rng.Chance(60)) {
      honours.Put(unit).Comma().Put(kCensures[rng.Below(4)]).Comma();
      honours.Put(rng.Chance(200) ? "中央国务院" : "部委省级").Comma().Put("批评");
      honours.EndRow();
    }

    // ---- 企业: one unit in 4 has 1 .. 3; a firm listed twice now and then
    // (it scores its best row only) ----
    if (rng.Chance(250)) {
      const std::uint64_t count = 1 + rng.Below(3);
      std::string firm;
      for (std::uint64_t k = 0; k < count; ++k) {
        if (k == 0 || !rng.Chance(150)) {
          // Two statements: the operands of `+` may be evaluated in either order.
          firm = kFirmPlaces[rng.Below(10)];
          firm += kFirmKinds[rng.Below(10)];
        }
        // Types 农业龙头 20%, 轻工业 45%, 高新技术 15%, 名牌产品 20%.
        const std::uint64_t y = rng.Below(100);
        const int type = y < 20 ? 0 : (y < 65 ? 1 : (y < 80 ? 2 : 3));
        firms.Put(unit).Comma().Put(firm).Comma().Put(kFirmTypes[type]).Comma();
        if (type == 0 || type == 3) firms.Put(rng.Chance(300) ? "国家" : "省");
        firms.Comma();
        if (type == 1) {
          // 200 .. 5000 万元 in fifties, and the bands' edges one time in 10.
          static const std::int64_t kEdges[] = {500, 1000, 3000};
          firms.Int(rng.Chance(100) ? kEdges[rng.Below(3)]
                                    : static_cast<std::int64_t>(4 + rng.Below(97)) * 50);
          firms.Comma();
          if (rng.Chance(400)) firms.Put("是");
        } else {
          firms.Comma();
        }
        firms.EndRow();
      }
    }

    // ---- 否决: rare, one unit in 125; one in 5 of those has two ----
    if (rng.Chance(8)) {
      const std::uint64_t count = rng.Chance(200) ? 2 : 1;
      for (std::uint64_t k = 0; k < count; ++k) {
        vetoes.Put(unit).Comma().Put(kVetoes[rng.Below(5)]);
        vetoes.EndRow();
      }
    }

    // ---- 人员: a 主要领导 (nine units in 10), a 班子成员 (half), 1 .. 2 职工 ----
    const std::uint64_t posts[] = {rng.Chance(900) ? 1U : 0U, rng.Chance(500) ? 1U : 0U,
                                   1 + rng.Below(2)};
    for (int p = 0; p < 3; ++p) {
      for (std::uint64_t k = 0; k < posts[p]; ++k) {
        ++people;
        staff.Put(kSurnames[rng.Below(20)])
            .Put(kGiven[rng.Below(20)])
            .Put(Seq(people, person_width));
        staff.Comma().Put(unit).Comma().Put(kPosts[p]).Comma();
        staff.Int(rng.Chance(850) ? 12 : static_cast<std::int64_t>(1 + rng.Below(11))).Comma();
        if (rng.Chance(10)) staff.Put("是");
        staff.EndRow();
      }
    }
  }
}

int Usage() {
  std::fputs("usage: gen_data yinhai|township|zhongshan ROWS OUTDIR\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return Usage();
  const std::string policy = argv[1];
  char* end = nullptr;
  errno = 0;
  const unsigned long long rows = std::strtoull(argv[2], &end, 10);
  if (errno != 0 || end == argv[2] || *end != '\0' || rows == 0 || rows > 100'000'000ULL)
    return Usage();
  const std::string dir = argv[3];
  // mkdir -p.
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string part = dir.substr(0, slash);
    if (mkdir(part.c_str(), 0777) != 0 && errno != EEXIST) Out::Die("cannot create " + part);
    if (slash == std::string::npos) break;
  }
  if (policy == "yinhai") {
    Yinhai(rows, dir);
  } else if (policy == "township") {
    Township(rows, dir);
  } else if (policy == "zhongshan") {
    Zhongshan(rows, dir);
  } else {
    return Usage();
  }
  return 0;
}
