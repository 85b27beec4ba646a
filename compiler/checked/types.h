// Types and units of measure of checked expressions.
//
// A number carries a dimension: exponents of the two base units 分 (points)
// and 元 (yuan), and a power-of-ten scale (万元 is 元 scaled by 10^4). So
// `3000元 × 总分 ÷ 100分` is 元, `分 × 分` is 分², and 分 + 元 is caught
// before anything runs. 百分比 is dimensionless; it only remembers to be
// shown as a percentage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace arl::checked {

struct Table;

/// Exponents of 分 and 元 and a power-of-ten scale; all zero is a plain number.
struct Dim {
  int points = 0;
  int yuan = 0;
  int scale = 0;  // a value of 1 in this dim is 10^scale in base units

  /// No 分 and no 元 (the scale may still be set: 万元 ÷ 元).
  bool Dimensionless() const { return points == 0 && yuan == 0; }
  /// Same exponents, whatever the scale.
  bool SameUnits(const Dim& other) const { return points == other.points && yuan == other.yuan; }
};
bool operator==(const Dim& a, const Dim& b);
bool operator!=(const Dim& a, const Dim& b);

/// Product and quotient of dimensions: exponents and scales add / subtract.
Dim Multiply(const Dim& a, const Dim& b);
Dim Divide(const Dim& a, const Dim& b);

/// The unit as a drafter writes it: "分", "元", "万元", "分²", "元/分", or "数"
/// for a plain number.
std::string DimName(const Dim& dim);

/// An enumeration: declared (`枚举 岗位 = (…)`), written inline in a column
/// type, or made by a `分等 (…)` expression from its labels.
struct EnumType {
  std::string name;  // the declared name; empty for inline and 分等 enums
  std::vector<std::string> members;
  std::vector<base::Span> member_spans;
  base::Span span;

  /// Index of `member`, if it is one.
  std::optional<size_t> Find(std::string_view member) const;
  /// "岗位" when declared, else "(好, 一般, 差)".
  std::string Display() const;
};

/// Two enums are the same type when they are one declaration or list the
/// same members in the same order (two columns written `枚举 (是, 否)`).
bool SameEnum(const EnumType* a, const EnumType* b);

/// The kinds of value. kError is the type of an expression that already has
/// a reported error: every check accepts it silently, so one mistake gives
/// one diagnostic.
enum class Kind { kError, kNumber, kInteger, kBool, kText, kEnum, kRef };

/// The type of a value.
struct Type {
  Kind kind = Kind::kError;
  Dim dim;                              // kNumber (kInteger is always plain)
  bool percent = false;                 // kNumber, plain: shown as a percentage
  const EnumType* enum_type = nullptr;  // kEnum
  const Table* table = nullptr;         // kRef: a row of this table (its key)
  bool optional = false;                // may have no value

  static Type Error() { return Type{}; }
  static Type Number(Dim dim = {});
  static Type Integer();
  static Type Points();
  static Type Yuan();
  static Type WanYuan();
  static Type Percent();
  static Type Bool();
  static Type Text();
  static Type Enum(const EnumType* e);
  static Type Ref(const Table* t);

  bool IsError() const { return kind == Kind::kError; }
  /// 数, 整数 and every unit.
  bool IsNumeric() const { return kind == Kind::kNumber || kind == Kind::kInteger; }
  /// A number with neither 分 nor 元.
  bool IsPlainNumber() const { return IsNumeric() && dim.Dimensionless() && dim.scale == 0; }
  /// The same type with the optional flag set to `value`.
  Type WithOptional(bool value) const;
};

/// How a type is written in rule files: "分", "整数", "是否", "枚举 岗位",
/// "单位" (a reference), with "?" when optional and `with_optional` is set.
std::string TypeName(const Type& type, bool with_optional = false);

/// Types equal in kind, dimension, enum and table (the optional flag and the
/// percent display flag are ignored).
bool SameType(const Type& a, const Type& b);

}  // namespace arl::checked
