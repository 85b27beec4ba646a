// Writes large, deterministic data sets in the shapes of the samples
// (/work/shared/spec/samples.md, sections B and E) for the runtime benchmark.
//
//   gen_data yinhai ROWS OUTDIR     OUTDIR/单位.csv with ROWS units
//   gen_data township ROWS OUTDIR   OUTDIR/办.csv, 人员.csv (ROWS people in
//                                   about ROWS/8 offices), 奖励.csv (about
//                                   ROWS/4 award records)
//
// The same arguments always give the same bytes: the generator uses its own
// splitmix64 stream and integer arithmetic only (no <random> distributions,
// whose output differs between standard libraries, and no floating point).
// Scores have at most 2 decimals and a realistic spread; counts, deductions
// and flags are mostly empty or 0, as in real assessment sheets.
#include <sys/stat.h>

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

int Usage() {
  std::fputs("usage: gen_data yinhai|township ROWS OUTDIR\n", stderr);
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
  } else {
    return Usage();
  }
  return 0;
}
