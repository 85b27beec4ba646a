// The two spellings of every keyword the printer writes, exactly as in
// grammar/ArlLexer.g4 (tests/syntax/print_test.cpp checks them against it).
// Internal to arl_syntax.
#pragma once

#include <string_view>

#include "compiler/syntax/ast.h"
#include "compiler/syntax/print.h"

namespace arl::syntax {

/// One keyword: its Chinese and its English spelling.
struct Keyword {
  std::string_view zh;
  std::string_view en;

  std::string_view In(KeywordLang lang) const { return lang == KeywordLang::kZh ? zh : en; }
};

namespace kw {
// declarations
inline constexpr Keyword kPolicy{"政策", "policy"};
inline constexpr Keyword kLibrary{"规则库", "library"};
inline constexpr Keyword kTitle{"全称", "title"};
inline constexpr Keyword kSource{"来源", "source"};
inline constexpr Keyword kPrecision{"精度", "precision"};
inline constexpr Keyword kImport{"引用", "import"};
inline constexpr Keyword kEnum{"枚举", "enum"};
inline constexpr Keyword kParam{"参数", "param"};
inline constexpr Keyword kEntity{"实体", "entity"};
inline constexpr Keyword kRecords{"记录", "records"};
inline constexpr Keyword kRange{"范围", "range"};
inline constexpr Keyword kBlank{"空为", "blank"};
inline constexpr Keyword kCite{"依据", "cites"};
inline constexpr Keyword kAssume{"假定", "assume"};
inline constexpr Keyword kInterprets{"解释", "interprets"};
inline constexpr Keyword kDefine{"定义", "define"};
inline constexpr Keyword kOutput{"输出", "output"};
inline constexpr Keyword kFunction{"函数", "function"};
inline constexpr Keyword kStructure{"计分结构", "scoring"};
inline constexpr Keyword kTest{"测试", "test"};
inline constexpr Keyword kScenario{"情景", "scenario"};
inline constexpr Keyword kRemove{"删除", "remove"};
inline constexpr Keyword kData{"数据表", "table"};
inline constexpr Keyword kExpect{"预期", "expect"};
inline constexpr Keyword kFails{"出错", "fails"};
// types
inline constexpr Keyword kNumber{"数", "number"};
inline constexpr Keyword kInteger{"整数", "integer"};
inline constexpr Keyword kPoints{"分", "points"};
inline constexpr Keyword kYuan{"元", "yuan"};
inline constexpr Keyword kWanYuan{"万元", "wanyuan"};
inline constexpr Keyword kPercent{"百分比", "percent"};
inline constexpr Keyword kBool{"是否", "bool"};
inline constexpr Keyword kText{"文本", "text"};
// values and logic
inline constexpr Keyword kTrue{"是", "true"};
inline constexpr Keyword kFalse{"否", "false"};
inline constexpr Keyword kNone{"无", "none"};
inline constexpr Keyword kAnd{"且", "and"};
inline constexpr Keyword kOr{"或", "or"};
inline constexpr Keyword kNot{"不", "not"};
inline constexpr Keyword kIf{"如果", "if"};
inline constexpr Keyword kThen{"则", "then"};
inline constexpr Keyword kElse{"否则", "else"};
inline constexpr Keyword kIn{"属于", "in"};
// boundary words. Chinese writes 以上/以下/以内 after the number with 在
// before it in a comparison; English has one prefix word for each.
inline constexpr Keyword kAt{"在", ""};
inline constexpr Keyword kAboveIncl{"以上", "atleast"};
inline constexpr Keyword kBelowIncl{"以下", "atmost"};
inline constexpr Keyword kWithinIncl{"以内", "within"};
inline constexpr Keyword kReaches{"届满", "reaches"};
inline constexpr Keyword kExceeds{"超过", "exceeds"};
inline constexpr Keyword kHigher{"高于", "above"};
inline constexpr Keyword kLower{"低于", "below"};
inline constexpr Keyword kUnder{"不满", "under"};
// expressions with a meaning of their own
inline constexpr Keyword kCap{"封顶", "capat"};
inline constexpr Keyword kFloor{"保底", "floorat"};
inline constexpr Keyword kUntilZero{"扣完为止", "untilzero"};
inline constexpr Keyword kIfNone{"若无", "ifnone"};
inline constexpr Keyword kSum{"合计", "sum"};
inline constexpr Keyword kCount{"计数", "count"};
inline constexpr Keyword kMax{"最大", "max"};
inline constexpr Keyword kMin{"最小", "min"};
inline constexpr Keyword kAvg{"平均", "avg"};
inline constexpr Keyword kAll{"全部", "all"};
inline constexpr Keyword kAny{"任一", "any"};
inline constexpr Keyword kEvery{"全体", "every"};
inline constexpr Keyword kWhere{"其中", "where"};
inline constexpr Keyword kBy{"按", "by"};
inline constexpr Keyword kSame{"同一", "same"};
inline constexpr Keyword kKeepHighest{"只取最高", "keephighest"};
inline constexpr Keyword kKeepLowest{"只取最低", "keeplowest"};
inline constexpr Keyword kRank{"排名", "rank"};
inline constexpr Keyword kBottom{"倒数", "bottom"};
inline constexpr Keyword kDesc{"从高到低", "desc"};
inline constexpr Keyword kAsc{"从低到高", "asc"};
inline constexpr Keyword kEligible{"限于", "only"};
inline constexpr Keyword kTies{"并列", "ties"};
inline constexpr Keyword kShare{"从优", "share"};
inline constexpr Keyword kDense{"连续", "dense"};
inline constexpr Keyword kDrop{"不取", "drop"};
inline constexpr Keyword kErrorTie{"报错", "error"};
inline constexpr Keyword kThenBy{"依", "thenby"};
inline constexpr Keyword kRound{"取整", "round"};
inline constexpr Keyword kKeepDigits{"保留", "keepdigits"};
inline constexpr Keyword kHalfUp{"四舍五入", "half_up"};
inline constexpr Keyword kHalfEven{"四舍六入", "half_even"};
inline constexpr Keyword kDown{"向下", "down"};
inline constexpr Keyword kUp{"向上", "up"};
inline constexpr Keyword kLookup{"查表", "lookup"};
inline constexpr Keyword kCases{"按情况", "cases"};
inline constexpr Keyword kHit{"命中", "hit"};
inline constexpr Keyword kFirst{"首个", "first"};
inline constexpr Keyword kUnique{"唯一", "unique"};
inline constexpr Keyword kWhen{"当", "when"};
inline constexpr Keyword kOtherwise{"其他", "otherwise"};
inline constexpr Keyword kTiers{"分等", "tiers"};
inline constexpr Keyword kOrder{"排序", "order"};
inline constexpr Keyword kQuota{"名额", "quota"};
inline constexpr Keyword kShareOf{"占比", "shareof"};
inline constexpr Keyword kRest{"其余", "rest"};
inline constexpr Keyword kDemote{"降一等", "demote"};
}  // namespace kw

/// Every keyword above, for the test that compares them with the lexer.
inline constexpr Keyword kAllKeywords[] = {
    kw::kPolicy,      kw::kLibrary,    kw::kTitle,     kw::kSource,    kw::kPrecision,
    kw::kImport,      kw::kEnum,       kw::kParam,     kw::kEntity,    kw::kRecords,
    kw::kRange,       kw::kBlank,      kw::kCite,      kw::kAssume,    kw::kInterprets,
    kw::kDefine,      kw::kOutput,     kw::kFunction,  kw::kStructure, kw::kTest,
    kw::kData,        kw::kExpect,     kw::kFails,     kw::kNumber,    kw::kInteger,
    kw::kPoints,      kw::kYuan,       kw::kWanYuan,   kw::kPercent,   kw::kBool,
    kw::kText,        kw::kTrue,       kw::kFalse,     kw::kNone,      kw::kAnd,
    kw::kOr,          kw::kNot,        kw::kIf,        kw::kThen,      kw::kElse,
    kw::kIn,          kw::kAt,         kw::kAboveIncl, kw::kBelowIncl, kw::kWithinIncl,
    kw::kReaches,     kw::kExceeds,    kw::kHigher,    kw::kLower,     kw::kUnder,
    kw::kCap,         kw::kFloor,      kw::kUntilZero, kw::kIfNone,    kw::kSum,
    kw::kCount,       kw::kMax,        kw::kMin,       kw::kAvg,       kw::kAll,
    kw::kAny,         kw::kEvery,      kw::kWhere,     kw::kBy,        kw::kSame,
    kw::kKeepHighest, kw::kKeepLowest, kw::kRank,      kw::kBottom,    kw::kDesc,
    kw::kAsc,         kw::kEligible,   kw::kTies,      kw::kShare,     kw::kDense,
    kw::kDrop,        kw::kErrorTie,   kw::kThenBy,    kw::kRound,     kw::kKeepDigits,
    kw::kHalfUp,      kw::kHalfEven,   kw::kDown,      kw::kUp,        kw::kLookup,
    kw::kCases,       kw::kHit,        kw::kFirst,     kw::kUnique,    kw::kWhen,
    kw::kOtherwise,   kw::kTiers,      kw::kOrder,     kw::kQuota,     kw::kShareOf,
    kw::kRest,        kw::kDemote,     kw::kScenario,  kw::kRemove,
};

// The keyword for each value of an AST enum. Read as tables, one row a line.
// clang-format off
inline const Keyword& KeywordOf(AggFn fn) {
  switch (fn) {
    case AggFn::kSum:   return kw::kSum;
    case AggFn::kCount: return kw::kCount;
    case AggFn::kMax:   return kw::kMax;
    case AggFn::kMin:   return kw::kMin;
    case AggFn::kAvg:   return kw::kAvg;
    case AggFn::kAll:   return kw::kAll;
    case AggFn::kAny:   return kw::kAny;
  }
  return kw::kSum;
}
inline const Keyword& KeywordOf(HitPolicy hit) {
  switch (hit) {
    case HitPolicy::kUnique: return kw::kUnique;
    case HitPolicy::kFirst:  return kw::kFirst;
    case HitPolicy::kAny:    return kw::kAny;
    case HitPolicy::kSum:    return kw::kSum;
    case HitPolicy::kMax:    return kw::kMax;
    case HitPolicy::kMin:    return kw::kMin;
  }
  return kw::kUnique;
}
inline const Keyword& KeywordOf(RoundMode mode) {
  switch (mode) {
    case RoundMode::kHalfUp:   return kw::kHalfUp;
    case RoundMode::kHalfEven: return kw::kHalfEven;
    case RoundMode::kDown:     return kw::kDown;
    case RoundMode::kUp:       return kw::kUp;
  }
  return kw::kHalfUp;
}
inline const Keyword& KeywordOf(Order order) {
  return order == Order::kDesc ? kw::kDesc : kw::kAsc;
}
/// The conversion `元(x)`; kNone is 数(x). (百分比 is no conversion in the
/// grammar; it is here only so that every value has a word.)
inline const Keyword& KeywordOf(Unit unit) {
  switch (unit) {
    case Unit::kNone:    return kw::kNumber;
    case Unit::kPoints:  return kw::kPoints;
    case Unit::kYuan:    return kw::kYuan;
    case Unit::kWanYuan: return kw::kWanYuan;
    case Unit::kPercent: return kw::kPercent;
  }
  return kw::kNumber;
}
/// The type words; kEnum is 枚举, kNamed has none (the name is written).
inline const Keyword& KeywordOf(BaseType type) {
  switch (type) {
    case BaseType::kNumber:  return kw::kNumber;
    case BaseType::kInteger: return kw::kInteger;
    case BaseType::kPoints:  return kw::kPoints;
    case BaseType::kYuan:    return kw::kYuan;
    case BaseType::kWanYuan: return kw::kWanYuan;
    case BaseType::kPercent: return kw::kPercent;
    case BaseType::kBool:    return kw::kBool;
    case BaseType::kText:    return kw::kText;
    case BaseType::kEnum:    return kw::kEnum;
    case BaseType::kNamed:   return kw::kEnum;
  }
  return kw::kNumber;
}
inline const Keyword& KeywordOf(BoundWord word) {
  switch (word) {
    case BoundWord::kAboveIncl:  return kw::kAboveIncl;
    case BoundWord::kReaches:    return kw::kReaches;
    case BoundWord::kExceeds:    return kw::kExceeds;
    case BoundWord::kHigher:     return kw::kHigher;
    case BoundWord::kBelowIncl:  return kw::kBelowIncl;
    case BoundWord::kWithinIncl: return kw::kWithinIncl;
    case BoundWord::kLower:      return kw::kLower;
    case BoundWord::kUnder:      return kw::kUnder;
  }
  return kw::kAboveIncl;
}
/// The boundary word of a comparison; null for kSymbol (= ≠ < ≤ > ≥).
inline const Keyword* KeywordOf(CompareWord word) {
  switch (word) {
    case CompareWord::kSymbol:     return nullptr;
    case CompareWord::kAboveIncl:  return &kw::kAboveIncl;
    case CompareWord::kBelowIncl:  return &kw::kBelowIncl;
    case CompareWord::kWithinIncl: return &kw::kWithinIncl;
    case CompareWord::kReaches:    return &kw::kReaches;
    case CompareWord::kExceeds:    return &kw::kExceeds;
    case CompareWord::kHigher:     return &kw::kHigher;
    case CompareWord::kLower:      return &kw::kLower;
    case CompareWord::kUnder:      return &kw::kUnder;
  }
  return nullptr;
}
// clang-format on

}  // namespace arl::syntax
