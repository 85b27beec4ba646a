// Dump: the tree as an S-expression, for `arl check --dump=ast` and for
// comparing trees (`parse(print(ast))` against `ast`).
//
// Every field with a meaning is shown, spans and comments never are. Each
// node opens on its own line, indented two spaces per level; its own atoms
// (names, words, flags) follow its head on that line:
//
//   (add
//     (path 基本分)
//     (+
//       (path 附加分))
//     (-
//       (num 0.1 points)))
//
// Names are written bare (they never contain blanks or parentheses), strings
// quoted with the same escapes as rule text. Words are English, in ASCII.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/syntax/print.h"

namespace arl::syntax {
namespace {

// The name of each value of an AST enum. Read as tables, one row a line.
// clang-format off
std::string_view NameOf(Unit unit) {
  switch (unit) {
    case Unit::kNone:    return "none";
    case Unit::kPoints:  return "points";
    case Unit::kYuan:    return "yuan";
    case Unit::kWanYuan: return "wanyuan";
    case Unit::kPercent: return "percent";
  }
  return "?";
}
std::string_view NameOf(Order order) { return order == Order::kDesc ? "desc" : "asc"; }
std::string_view NameOf(RoundMode mode) {
  switch (mode) {
    case RoundMode::kHalfUp:   return "half_up";
    case RoundMode::kHalfEven: return "half_even";
    case RoundMode::kDown:     return "down";
    case RoundMode::kUp:       return "up";
  }
  return "?";
}
std::string_view NameOf(HitPolicy hit) {
  switch (hit) {
    case HitPolicy::kUnique: return "unique";
    case HitPolicy::kFirst:  return "first";
    case HitPolicy::kAny:    return "any";
    case HitPolicy::kSum:    return "sum";
    case HitPolicy::kMax:    return "max";
    case HitPolicy::kMin:    return "min";
  }
  return "?";
}
std::string_view NameOf(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}
std::string_view NameOf(CompareWord word) {
  switch (word) {
    case CompareWord::kSymbol:     return "symbol";
    case CompareWord::kAboveIncl:  return "above_incl";
    case CompareWord::kBelowIncl:  return "below_incl";
    case CompareWord::kWithinIncl: return "within_incl";
    case CompareWord::kReaches:    return "reaches";
    case CompareWord::kExceeds:    return "exceeds";
    case CompareWord::kHigher:     return "higher";
    case CompareWord::kLower:      return "lower";
    case CompareWord::kUnder:      return "under";
  }
  return "?";
}
std::string_view NameOf(BoundWord word) {
  switch (word) {
    case BoundWord::kAboveIncl:  return "above_incl";
    case BoundWord::kReaches:    return "reaches";
    case BoundWord::kExceeds:    return "exceeds";
    case BoundWord::kHigher:     return "higher";
    case BoundWord::kBelowIncl:  return "below_incl";
    case BoundWord::kWithinIncl: return "within_incl";
    case BoundWord::kLower:      return "lower";
    case BoundWord::kUnder:      return "under";
  }
  return "?";
}
std::string_view NameOf(BaseType base) {
  switch (base) {
    case BaseType::kNumber:  return "number";
    case BaseType::kInteger: return "integer";
    case BaseType::kPoints:  return "points";
    case BaseType::kYuan:    return "yuan";
    case BaseType::kWanYuan: return "wanyuan";
    case BaseType::kPercent: return "percent";
    case BaseType::kBool:    return "bool";
    case BaseType::kText:    return "text";
    case BaseType::kEnum:    return "enum";
    case BaseType::kNamed:   return "named";
  }
  return "?";
}
std::string_view NameOf(ChainKind kind) {
  switch (kind) {
    case ChainKind::kAdd: return "add";
    case ChainKind::kMul: return "mul";
    case ChainKind::kAnd: return "and";
    case ChainKind::kOr:  return "or";
  }
  return "?";
}
std::string_view NameOf(ChainOp op) {
  switch (op) {
    case ChainOp::kAdd: return "+";
    case ChainOp::kSub: return "-";
    case ChainOp::kMul: return "*";
    case ChainOp::kDiv: return "/";
    case ChainOp::kAnd: return "and";
    case ChainOp::kOr:  return "or";
  }
  return "?";
}
std::string_view NameOf(BoundKind kind) {
  switch (kind) {
    case BoundKind::kCap:       return "cap";
    case BoundKind::kFloor:     return "floor";
    case BoundKind::kUntilZero: return "untilzero";
    case BoundKind::kIfNone:    return "ifnone";
  }
  return "?";
}
// Aggregates of max/min are aggmax/aggmin, apart from 最大(a, b) (max).
std::string_view NameOf(AggFn fn) {
  switch (fn) {
    case AggFn::kSum:   return "sum";
    case AggFn::kCount: return "count";
    case AggFn::kMax:   return "aggmax";
    case AggFn::kMin:   return "aggmin";
    case AggFn::kAvg:   return "avg";
    case AggFn::kAll:   return "all";
    case AggFn::kAny:   return "any";
  }
  return "?";
}
std::string_view NameOf(TieKind kind) {
  switch (kind) {
    case TieKind::kNone:   return "none";
    case TieKind::kShare:  return "share";
    case TieKind::kDense:  return "dense";
    case TieKind::kDrop:   return "drop";
    case TieKind::kError:  return "error";
    case TieKind::kThenBy: return "thenby";
  }
  return "?";
}
// clang-format on

class Dumper {
 public:
  Dumper() { out_.reserve(4096); }
  std::string Take() {
    out_ += '\n';
    return std::move(out_);
  }

  void DumpFile(const File& file);

 private:
  // ---- output primitives
  void Open(std::string_view head) {
    if (!out_.empty()) out_ += '\n';
    out_.append(2 * depth_, ' ');
    out_ += '(';
    out_ += head;
    ++depth_;
  }
  void Close() {
    out_ += ')';
    --depth_;
  }
  void Atom(std::string_view atom) {
    out_ += ' ';
    out_ += atom;
  }
  void Quoted(std::string_view s);
  // A node with atoms only: (head a b c).
  void Leaf(std::string_view head) {
    Open(head);
    Close();
  }

  // ---- expressions
  void Sub(const ExprPtr& e) {
    if (e == nullptr) {
      Leaf("null");
    } else {
      DumpExpr(*e);
    }
  }
  // (head child…) or nothing when e is null: optional clauses.
  void Optional(std::string_view head, const ExprPtr& e) {
    if (e == nullptr) return;
    Open(head);
    DumpExpr(*e);
    Close();
  }
  void List(std::string_view head, const std::vector<ExprPtr>& list) {
    if (list.empty()) return;
    Open(head);
    for (const ExprPtr& e : list) Sub(e);
    Close();
  }
  void DumpExpr(const Expr& e) {
    std::visit([this](const auto& node) { Node(node); }, e.node);
  }
  void Node(const NumberLit& n) {
    Open("num");
    Number(n);
    Close();
  }
  void Node(const StringLit& s) {
    Open("str");
    Quoted(s.value);
    Close();
  }
  void Node(const BoolLit& b) {
    Open("bool");
    Atom(b.value ? "true" : "false");
    Close();
  }
  void Node(const NoneLit&) {
    Open("none");
    Close();
  }
  void Node(const PathRef& p) {
    Open("path");
    for (const Name& part : p.parts) Atom(part.text);
    Close();
  }
  void Node(const Call& c) {
    Open("call");
    Atom(c.callee.text);
    for (const ExprPtr& arg : c.args) Sub(arg);
    Close();
  }
  void Node(const Unary& u) {
    Open(u.op == UnaryOp::kNeg ? "neg" : "not");
    Sub(u.operand);
    Close();
  }
  void Node(const Chain& c);
  void Node(const Compare& c);
  void Node(const InSet& s) {
    Open("in");
    Sub(s.value);
    List("members", s.members);
    Close();
  }
  void Node(const If& i) {
    Open("if");
    Sub(i.cond);
    Sub(i.then_value);
    Sub(i.else_value);
    Close();
  }
  void Node(const Bound& b);
  void Node(const Aggregate& a);
  void Node(const Extremum& x) {
    Open(x.is_max ? "max" : "min");
    for (const ExprPtr& arg : x.args) Sub(arg);
    Close();
  }
  void Node(const Rank& r);
  void Node(const Bottom& b);
  void Node(const Round& r) {
    Open(r.digits == nullptr ? "round" : "keepdigits");
    Atom(NameOf(r.mode));
    Sub(r.value);
    if (r.digits != nullptr) Sub(r.digits);
    Close();
  }
  void Node(const Convert& c) {
    Open("convert");
    Atom(NameOf(c.to));
    Sub(c.value);
    Close();
  }
  void Node(const Lookup& l);
  void Node(const Cases& c);
  void Node(const Tiers& t);

  void Number(const NumberLit& n) {
    Atom(n.digits);
    if (n.unit != Unit::kNone) Atom(NameOf(n.unit));
  }
  void Ties(const TieRule& rule);
  void Matcher(const syntax::Matcher& m);
  void TierItem(const syntax::TierItem& item);

  // ---- declarations
  void Decl(const syntax::Decl& d);
  void Cite(const Citation& c);
  void Type(const TypeRef& t);
  void Names(std::string_view head, const std::vector<Name>& names) {
    Open(head);
    for (const Name& n : names) Atom(n.text);
    Close();
  }
  void Section(const syntax::Section& s);
  void Item(const TestParam& param);
  void Item(const TestData& data);
  void Item(const TestExpect& expect);
  void Item(const ScenarioEdit& edit);
  void Item(const ScenarioRemove& remove);
  void CellAtoms(const Cell& cell);
  void Cells(std::string_view head, const std::vector<Cell>& cells) {
    Open(head);
    for (const Cell& cell : cells) {
      out_ += " (";
      const size_t mark = out_.size();
      CellAtoms(cell);
      out_.erase(mark, 1);  // the blank Atom put before the first word
      out_ += ')';
    }
    Close();
  }

  std::string out_;
  size_t depth_ = 0;
};

void Dumper::Quoted(std::string_view s) {
  out_ += " \"";
  for (char c : s) {
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\r':
        out_ += "\\r";
        break;
      default:
        out_ += c;
    }
  }
  out_ += '"';
}

// ---- expressions ---------------------------------------------------------------

// Iterates over the operands: a chain may hold 200,000 of them.
void Dumper::Node(const Chain& c) {
  Open(NameOf(c.kind));
  Sub(c.first);
  for (const ChainLink& link : c.rest) {
    Open(NameOf(link.op));
    Sub(link.operand);
    Close();
  }
  Close();
}

void Dumper::Node(const Compare& c) {
  Open("compare");
  Atom(NameOf(c.op));
  Atom(NameOf(c.word));
  Sub(c.lhs);
  Sub(c.rhs);
  Close();
}

void Dumper::Node(const Bound& b) {
  Open(NameOf(b.kind));
  Sub(b.value);
  if (b.kind != BoundKind::kUntilZero || b.bound != nullptr) Sub(b.bound);
  Close();
}

void Dumper::Node(const Aggregate& a) {
  Open(NameOf(a.fn));
  if (a.every) Atom("every");
  Sub(a.arg);
  Optional("where", a.where);
  List("by", a.group_by);
  if (a.dedup_key != nullptr) {
    Open("same");
    Atom(a.dedup_keep_highest ? "keephighest" : "keeplowest");
    Sub(a.dedup_key);
    Close();
  }
  Close();
}

void Dumper::Ties(const TieRule& rule) {
  Open("ties");
  Atom(NameOf(rule.kind));
  if (rule.kind == TieKind::kThenBy) {
    Atom(NameOf(rule.then_order));
    if (rule.then_order_written) Atom("written");
    Sub(rule.then_by);
    // An absent rule and an explicit kNone both mean none was written.
    if (rule.then_rule != nullptr && rule.then_rule->kind != TieKind::kNone) {
      Ties(*rule.then_rule);
    }
  }
  Close();
}

void Dumper::Node(const Rank& r) {
  Open("rank");
  Atom(NameOf(r.order));
  if (r.order_written) Atom("written");
  Sub(r.key);
  List("by", r.group_by);
  Optional("only", r.eligible);
  Ties(r.ties);
  Close();
}

void Dumper::Node(const Bottom& b) {
  Open("bottom");
  Sub(b.key);
  Sub(b.count);
  List("by", b.group_by);
  Optional("only", b.eligible);
  Ties(b.ties);
  Close();
}

void Dumper::Matcher(const syntax::Matcher& m) {
  switch (m.kind) {
    case MatcherKind::kAny:
      Leaf("any");
      return;
    case MatcherKind::kValue:
      Open("value");
      Sub(m.value);
      Close();
      return;
    case MatcherKind::kRange:
      Open("range");
      if (m.lower) {
        Open("lower");
        Atom(NameOf(m.lower->word));
        Sub(m.lower->value);
        Close();
      }
      if (m.upper) {
        Open("upper");
        Atom(NameOf(m.upper->word));
        Sub(m.upper->value);
        Close();
      }
      Close();
      return;
  }
}

void Dumper::Node(const Lookup& l) {
  Open("lookup");
  Atom(NameOf(l.hit));
  if (l.hit_written) Atom("written");
  List("inputs", l.inputs);
  for (const LookupRow& row : l.rows) {
    Open("row");
    for (const syntax::Matcher& m : row.matchers) Matcher(m);
    Open("=>");
    Sub(row.result);
    Close();
    Close();
  }
  Optional("otherwise", l.otherwise);
  Close();
}

void Dumper::Node(const Cases& c) {
  Open("cases");
  Atom(NameOf(c.hit));
  if (c.hit_written) Atom("written");
  for (const CaseArm& arm : c.arms) {
    Open("when");
    Sub(arm.when);
    Sub(arm.result);
    Close();
  }
  Optional("otherwise", c.otherwise);
  Close();
}

void Dumper::TierItem(const syntax::TierItem& item) {
  switch (item.kind) {
    case TierItemKind::kOrder:
      Open("order");
      Atom(NameOf(item.order));
      if (item.order_written) Atom("written");
      Sub(item.value);
      List("by", item.group_by);
      Ties(item.ties);
      Close();
      return;
    case TierItemKind::kWhen:
      Open("when");
      Atom(item.tier.text);
      Sub(item.value);
      Close();
      return;
    case TierItemKind::kQuota:
      Open("quota");
      Atom(item.tier.text);
      Sub(item.value);
      Optional("only", item.eligible);
      Close();
      return;
    case TierItemKind::kShare:
      Open("share");
      Atom(item.tier.text);
      Atom(NameOf(item.round));
      Sub(item.value);
      Optional("only", item.eligible);
      Close();
      return;
    case TierItemKind::kRest:
      Open("rest");
      Atom(item.tier.text);
      Close();
      return;
    case TierItemKind::kDemote:
      Open("demote");
      Sub(item.value);
      Close();
      return;
  }
}

void Dumper::Node(const Tiers& t) {
  Open("tiers");
  for (const Name& label : t.labels) Atom(label.text);
  for (const syntax::TierItem& item : t.items) TierItem(item);
  Close();
}

// ---- declarations --------------------------------------------------------------

// (cite "第十六条" "第十七条" assume "A-1"); nothing when empty.
void Dumper::Cite(const Citation& c) {
  if (c.clauses.empty() && c.assumptions.empty()) return;
  Open("cite");
  for (const syntax::Text& t : c.clauses) Quoted(t.value);
  if (!c.assumptions.empty()) {
    Atom("assume");
    for (const syntax::Text& t : c.assumptions) Quoted(t.value);
  }
  Close();
}

void Dumper::Type(const TypeRef& t) {
  Open("type");
  Atom(NameOf(t.base));
  if (t.base == BaseType::kNamed) Atom(t.named.text);
  if (t.base == BaseType::kEnum) {
    for (const Name& m : t.members) Atom(m.text);
  }
  if (t.optional) Atom("optional");
  Close();
}

void Dumper::Section(const syntax::Section& s) {
  Open("section");
  Atom(s.name.text);
  Number(s.points);
  if (s.has_body) Atom("braces");
  Cite(s.cite);
  for (const syntax::Section& part : s.parts) Section(part);
  Close();
}

void Dumper::CellAtoms(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      Atom("empty");
      return;
    case Cell::Kind::kNumber:
      Atom("number");
      Atom(cell.text);
      return;
    case Cell::Kind::kString:
      Atom("string");
      Quoted(cell.text);
      return;
    case Cell::Kind::kBool:
      Atom("bool");
      Atom(cell.bool_value ? "true" : "false");
      return;
    case Cell::Kind::kName:
      Atom("name");
      Atom(cell.text);
      return;
  }
}

void Dumper::Item(const TestParam& param) {
  Open("param");
  Atom(param.name.text);
  Sub(param.value);
  Close();
}

void Dumper::Item(const TestData& data) {
  Open("table");
  Atom(data.table.text);
  Cells("header", data.header);
  for (const std::vector<Cell>& row : data.rows) Cells("row", row);
  Close();
}

void Dumper::Item(const TestExpect& expect) {
  Open("expect");
  if (expect.call != nullptr) {
    Sub(expect.call);
  } else {
    Atom(expect.table.text);
  }
  if (expect.key) {
    Open("key");
    CellAtoms(*expect.key);
    Close();
  }
  if (expect.field) {
    Open("field");
    Atom(expect.field->text);
    Close();
  }
  if (expect.fails) {
    Open("fails");
    if (expect.failure_text) Quoted(expect.failure_text->value);
    Close();
  }
  if (expect.value != nullptr) Sub(expect.value);
  Close();
}

void Dumper::Item(const ScenarioEdit& edit) {
  Open("edit");
  Atom(edit.table.text);
  Open("key");
  CellAtoms(edit.key);
  Close();
  Open("field");
  Atom(edit.column.text);
  Close();
  Sub(edit.value);
  Close();
}

void Dumper::Item(const ScenarioRemove& remove) {
  Open("remove");
  Atom(remove.table.text);
  Open("key");
  CellAtoms(remove.key);
  Close();
  Close();
}

void Dumper::Decl(const syntax::Decl& d) {
  if (const auto* import = d.As<ImportDecl>()) {
    Open("import");
    Quoted(import->path.value);
    Close();
  } else if (const auto* e = d.As<EnumDecl>()) {
    Open("enum");
    Atom(e->name.text);
    Cite(e->cite);
    Names("members", e->members);
    Close();
  } else if (const auto* p = d.As<ParamDecl>()) {
    Open("param");
    Atom(p->name.text);
    Type(p->type);
    Cite(p->cite);
    Sub(p->value);
    Close();
  } else if (const auto* t = d.As<TableDecl>()) {
    Open(t->entity ? "entity" : "records");
    Atom(t->name.text);
    if (t->parent) {
      Atom("in");
      Atom(t->parent->text);
    }
    Cite(t->cite);
    for (const Column& c : t->columns) {
      Open("column");
      Atom(c.name.text);
      Type(c.type);
      if (c.range_low != nullptr || c.range_high != nullptr) {
        Open("range");
        Sub(c.range_low);
        Sub(c.range_high);
        Close();
      }
      Optional("blank", c.blank);
      Cite(c.cite);
      Close();
    }
    Close();
  } else if (const auto* def = d.As<DefDecl>()) {
    Open(def->output ? "output" : "define");
    Atom(def->table ? def->table->text + "." + def->name.text : def->name.text);
    if (def->type) Type(*def->type);
    Cite(def->cite);
    Sub(def->value);
    Close();
  } else if (const auto* f = d.As<FuncDecl>()) {
    Open("function");
    Atom(f->name.text);
    for (const FuncParam& param : f->params) {
      Open("param");
      Atom(param.name.text);
      Type(param.type);
      Close();
    }
    Open("result");
    Type(f->result);
    Close();
    Cite(f->cite);
    Sub(f->body);
    Close();
  } else if (const auto* a = d.As<AssumeDecl>()) {
    Open("assume");
    Quoted(a->id.value);
    Quoted(a->text.value);
    Open("interprets");
    for (const syntax::Text& clause : a->interprets) Quoted(clause.value);
    Close();
    if (!a->params.empty()) Names("params", a->params);
    Close();
  } else if (const auto* s = d.As<StructureDecl>()) {
    Open("structure");
    Section(s->root);
    Close();
  } else if (const auto* test = d.As<TestDecl>()) {
    Open("test");
    Quoted(test->name.value);
    for (const syntax::TestItem& item : test->items) {
      std::visit([&](const auto& node) { Item(node); }, item.node);
    }
    Close();
  } else if (const auto* scenario = d.As<ScenarioDecl>()) {
    Open("scenario");
    Quoted(scenario->name.value);
    Cite(scenario->cite);
    for (const syntax::ScenarioItem& item : scenario->items) {
      std::visit([&](const auto& node) { Item(node); }, item.node);
    }
    Close();
  }
}

void Dumper::DumpFile(const File& file) {
  Open("file");
  if (file.header) {
    const Header& h = *file.header;
    Open(h.library ? "library" : "policy");
    Atom(h.name.text);
    if (h.title) {
      Open("title");
      Quoted(h.title->value);
      Close();
    }
    if (h.source) {
      Open("source");
      Quoted(h.source->value);
      Close();
    }
    if (h.precision) {
      Open("precision");
      Atom(*h.precision);
      Close();
    }
    Close();
  }
  for (const syntax::Decl& d : file.decls) Decl(d);
  Close();
}

}  // namespace

std::string Dump(const File& file) {
  Dumper dumper;
  dumper.DumpFile(file);
  return dumper.Take();
}

}  // namespace arl::syntax
