#include "compiler/checked/types.h"

#include "compiler/checked/program.h"

namespace arl::checked {

bool operator==(const Dim& a, const Dim& b) {
  return a.points == b.points && a.yuan == b.yuan && a.scale == b.scale;
}
bool operator!=(const Dim& a, const Dim& b) {
  return !(a == b);
}

Dim Multiply(const Dim& a, const Dim& b) {
  return Dim{a.points + b.points, a.yuan + b.yuan, a.scale + b.scale};
}

Dim Divide(const Dim& a, const Dim& b) {
  return Dim{a.points - b.points, a.yuan - b.yuan, a.scale - b.scale};
}

namespace {

// "分", "分²", "分³"; exponent 0 gives "".
std::string Power(const char* unit, int exponent) {
  static const char* const kSuperscripts[] = {"", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  if (exponent == 0) return "";
  std::string out = unit;
  if (exponent >= 2 && exponent <= 9) {
    out += kSuperscripts[exponent];
  } else if (exponent > 9) {
    out += "^" + std::to_string(exponent);
  }
  return out;
}

// One side of a unit fraction: "元", "分·元", "万元".
std::string UnitProduct(int points, int yuan, int scale) {
  std::string out;
  if (scale == 4 && yuan == 1) {
    out = "万元";
    scale = 0;
  } else if (yuan != 0) {
    out = Power("元", yuan);
  }
  if (points != 0) out = out.empty() ? Power("分", points) : Power("分", points) + "·" + out;
  if (scale != 0) out = (out.empty() ? "" : out + "×") + "10^" + std::to_string(scale);
  return out;
}

}  // namespace

std::string DimName(const Dim& dim) {
  if (dim == Dim{}) return "数";
  // Scale travels with 元 when there is one (万元 ÷ 分 is 万元/分), else it
  // stands on its own (万元 ÷ 元 is 10^4).
  const bool scale_on_top = dim.yuan > 0 || (dim.yuan == 0 && dim.scale > 0);
  std::string top = UnitProduct(dim.points > 0 ? dim.points : 0, dim.yuan > 0 ? dim.yuan : 0,
                                scale_on_top ? dim.scale : 0);
  std::string bottom = UnitProduct(dim.points < 0 ? -dim.points : 0, dim.yuan < 0 ? -dim.yuan : 0,
                                   scale_on_top ? 0 : -dim.scale);
  if (bottom.empty()) return top;
  return (top.empty() ? "1" : top) + "/" + bottom;
}

std::optional<size_t> EnumType::Find(std::string_view member) const {
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i] == member) return i;
  }
  return std::nullopt;
}

std::string EnumType::Display() const {
  if (!name.empty()) return name;
  std::string out = "(";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ", ";
    out += members[i];
  }
  return out + ")";
}

bool SameEnum(const EnumType* a, const EnumType* b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr) return false;
  return a->members == b->members;
}

Type Type::Number(Dim dim) {
  Type t;
  t.kind = Kind::kNumber;
  t.dim = dim;
  return t;
}
Type Type::Integer() {
  Type t;
  t.kind = Kind::kInteger;
  return t;
}
Type Type::Points() {
  return Number(Dim{1, 0, 0});
}
Type Type::Yuan() {
  return Number(Dim{0, 1, 0});
}
Type Type::WanYuan() {
  return Number(Dim{0, 1, 4});
}
Type Type::Percent() {
  Type t = Number();
  t.percent = true;
  return t;
}
Type Type::Bool() {
  Type t;
  t.kind = Kind::kBool;
  return t;
}
Type Type::Text() {
  Type t;
  t.kind = Kind::kText;
  return t;
}
Type Type::Enum(const EnumType* e) {
  Type t;
  t.kind = Kind::kEnum;
  t.enum_type = e;
  return t;
}
Type Type::Ref(const Table* table) {
  Type t;
  t.kind = Kind::kRef;
  t.table = table;
  return t;
}

Type Type::WithOptional(bool value) const {
  Type t = *this;
  t.optional = value;
  return t;
}

std::string TypeName(const Type& type, bool with_optional) {
  std::string out;
  switch (type.kind) {
    case Kind::kError:
      out = "?";
      break;
    case Kind::kNumber:
      out = type.percent && type.dim == Dim{} ? "百分比" : DimName(type.dim);
      break;
    case Kind::kInteger:
      out = "整数";
      break;
    case Kind::kBool:
      out = "是否";
      break;
    case Kind::kText:
      out = "文本";
      break;
    case Kind::kEnum:
      out = "枚举 " + (type.enum_type ? type.enum_type->Display() : std::string());
      break;
    case Kind::kRef:
      out = type.table ? type.table->name : std::string("?");
      break;
  }
  if (with_optional && type.optional && type.kind != Kind::kError) out += "?";
  return out;
}

bool SameType(const Type& a, const Type& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kNumber:
      return a.dim == b.dim;
    case Kind::kEnum:
      return SameEnum(a.enum_type, b.enum_type);
    case Kind::kRef:
      return a.table == b.table;
    default:
      return true;
  }
}

}  // namespace arl::checked
