// The AST builder for everything but expressions: file, header,
// declarations, types, tables, sections, tests; and the comments, which are
// handed out to line-level items in source order by one cursor.
//
// Items are built in source order (a parent before its children, children
// left to right), so "the comments not yet taken that come before this
// token" is always the right set.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "compiler/syntax/from_parse_tree.h"
#include "compiler/syntax/parse.h"

namespace arl::syntax::fpt {
namespace {

using antlr4::tree::TerminalNode;
using base::Message;

/// `"a\"b"` → `a"b`; `“…”` takes no escapes.
std::string DecodeString(std::string_view quoted) {
  constexpr std::string_view kOpenCurly = "“";
  constexpr std::string_view kCloseCurly = "”";
  if (quoted.substr(0, kOpenCurly.size()) == kOpenCurly) {
    quoted.remove_prefix(kOpenCurly.size());
    if (quoted.size() >= kCloseCurly.size()) quoted.remove_suffix(kCloseCurly.size());
    return std::string(quoted);
  }
  quoted.remove_prefix(1);
  if (!quoted.empty()) quoted.remove_suffix(1);
  std::string out;
  out.reserve(quoted.size());
  for (size_t i = 0; i < quoted.size(); ++i) {
    if (quoted[i] != '\\' || i + 1 == quoted.size()) {
      out += quoted[i];
      continue;
    }
    const char next = quoted[++i];
    out += next == 'n' ? '\n' : next == 't' ? '\t' : next;  // the lexer allows only \" \\ \n \t
  }
  return out;
}

}  // namespace

// ---- comments ------------------------------------------------------------------------

TreeBuilder::TreeBuilder(const SourceText& source, antlr4::BufferedTokenStream& tokens,
                         SyntaxErrors& errors)
    : source_(source), tokens_(tokens), errors_(errors) {
  size_t prev_token = static_cast<size_t>(-1);
  for (antlr4::Token* t : tokens_.getTokens()) {
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      prev_token = t->getTokenIndex();
      continue;
    }
    if (t->getType() != ArlLexer::COMMENT && t->getType() != ArlLexer::DOC_COMMENT) continue;
    const Span span = source_.TokenSpan(t);
    comments_.push_back(
        Comment{std::string(source_.SpanText(span)), span.begin, t->getLine(), prev_token});
  }
}

void TreeBuilder::TakeLeading(Comments& out, const antlr4::Token* first) {
  const uint32_t before = source_.TokenSpan(first).begin;
  while (next_comment_ < comments_.size() && comments_[next_comment_].begin < before) {
    out.leading.push_back(std::move(comments_[next_comment_++].text));
  }
}

void TreeBuilder::TakeInsideAndTrailing(Comments& out, const antlr4::Token* last) {
  const uint32_t end = source_.TokenSpan(last).end;
  while (next_comment_ < comments_.size() && comments_[next_comment_].begin < end) {
    out.leading.push_back(std::move(comments_[next_comment_++].text));
  }
  if (next_comment_ < comments_.size()) {
    Comment& c = comments_[next_comment_];
    if (c.prev_token == last->getTokenIndex() && c.line == last->getLine()) {
      out.trailing = std::move(c.text);
      ++next_comment_;
    }
  }
}

// ---- file and header -------------------------------------------------------------------

File TreeBuilder::BuildFile(ArlParser::FileContext* ctx) {
  File file;
  file.file = source_.File();
  if (ctx->header() != nullptr) file.header = BuildHeader(ctx->header());
  const std::vector<ArlParser::DeclContext*> decls = ctx->decl();
  file.decls.reserve(decls.size());
  for (ArlParser::DeclContext* d : decls) file.decls.push_back(BuildDecl(d));
  for (; next_comment_ < comments_.size(); ++next_comment_) {
    file.trailing_comments.push_back(std::move(comments_[next_comment_].text));
  }
  return file;
}

Header TreeBuilder::BuildHeader(ArlParser::HeaderContext* ctx) {
  Header h;
  TakeLeading(h.comments, ctx->getStart());
  h.library = ctx->LIBRARY() != nullptr;
  h.name = BuildName(ctx->name());
  h.span = source_.Of(ctx);
  if (ctx->STRING() != nullptr) h.title = BuildText(ctx->STRING());
  // Each line may be written once: the AST has room for one.
  auto once = [&](const auto& existing, TerminalNode* keyword, const char* what_zh,
                  const char* what_en) {
    if (!existing) return true;
    base::Diagnostic& d = errors_.Error(
        "E0110", source_.TokenSpan(keyword->getSymbol()),
        {fmt::format("{}写了两次", what_zh), fmt::format("the {} is given twice", what_en)});
    d.secondary.push_back({existing->span, {"第一次在这里", "first given here"}});
    return false;
  };
  for (ArlParser::HeaderItemContext* item : ctx->headerItem()) {
    if (auto* title = dynamic_cast<ArlParser::TitleItemContext*>(item)) {
      if (once(h.title, title->TITLE(), "全称", "title")) h.title = BuildText(title->STRING());
    } else if (auto* src = dynamic_cast<ArlParser::SourceItemContext*>(item)) {
      if (once(h.source, src->SOURCE(), "来源", "source")) h.source = BuildText(src->STRING());
    } else if (auto* prec = dynamic_cast<ArlParser::PrecisionItemContext*>(item)) {
      TerminalNode* number = prec->NUMBER();
      const std::string_view digits = source_.TokenText(number->getSymbol());
      if (h.precision) {
        errors_.Error("E0110", source_.TokenSpan(prec->PRECISION()->getSymbol()),
                      {"精度写了两次", "the precision is given twice"});
      } else if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
        // 精度 counts decimal places: a plain whole number.
        const std::string plain(digits.substr(0, digits.find_first_not_of("0123456789")));
        base::Diagnostic& d =
            errors_.Error("E0108", source_.TokenSpan(number->getSymbol()),
                          {fmt::format("`精度` 后面应是不带单位的整数, 却是 `{}`", digits),
                           fmt::format("`精度` takes a plain whole number, not `{}`", digits)});
        d.primary_label = {"小数位数", "the number of decimal places"};
        d.help =
            Message{fmt::format("写作 `精度 {}`", plain), fmt::format("write `精度 {}`", plain)};
      } else {
        h.precision = std::string(digits);
      }
    }
  }
  TakeInsideAndTrailing(h.comments, ctx->getStop());
  return h;
}

// ---- declarations ------------------------------------------------------------------------

Decl TreeBuilder::BuildDecl(ArlParser::DeclContext* ctx) {
  Decl d;
  TakeLeading(d.comments, ctx->getStart());
  d.span = source_.Of(ctx);
  d.node = BuildDeclNode(ctx);
  TakeInsideAndTrailing(d.comments, ctx->getStop());
  return d;
}

Decl::Node TreeBuilder::BuildDeclNode(ArlParser::DeclContext* ctx) {
  if (auto* c = dynamic_cast<ArlParser::ImportDeclContext*>(ctx)) {
    return ImportDecl{BuildText(c->STRING())};
  }
  if (auto* c = dynamic_cast<ArlParser::EnumDeclContext*>(ctx)) {
    EnumDecl e;
    e.name = BuildName(c->name());
    e.cite = BuildCitation(c->citation());
    e.members = BuildMembers(c->enumMembers());
    return e;
  }
  if (auto* c = dynamic_cast<ArlParser::ParamDeclContext*>(ctx)) {
    ParamDecl p;
    p.name = BuildName(c->name());
    p.type = BuildType(c->type());
    p.cite = BuildCitation(c->citation());
    p.value = BuildExpr(c->expr());
    return p;
  }
  if (auto* c = dynamic_cast<ArlParser::TableDeclContext*>(ctx)) return BuildTable(c);
  if (auto* c = dynamic_cast<ArlParser::DefDeclContext*>(ctx)) return BuildDef(c);
  if (auto* c = dynamic_cast<ArlParser::FuncDeclContext*>(ctx)) return BuildFunc(c);
  if (auto* c = dynamic_cast<ArlParser::AssumeDeclContext*>(ctx)) return BuildAssume(c);
  if (auto* c = dynamic_cast<ArlParser::StructureDeclContext*>(ctx)) {
    return StructureDecl{BuildSection(c->section())};
  }
  if (auto* c = dynamic_cast<ArlParser::TestDeclContext*>(ctx)) return BuildTest(c);
  if (auto* c = dynamic_cast<ArlParser::ScenarioDeclContext*>(ctx)) return BuildScenario(c);
  throw std::logic_error("from_parse_tree: unknown declaration form");
}

TableDecl TreeBuilder::BuildTable(ArlParser::TableDeclContext* ctx) {
  TableDecl t;
  t.entity = ctx->ENTITY() != nullptr;
  t.name = BuildName(ctx->name(0));
  if (ctx->IN() != nullptr) t.parent = BuildName(ctx->name(1));
  t.cite = BuildCitation(ctx->citation());
  for (ArlParser::ColumnContext* column : ctx->column()) t.columns.push_back(BuildColumn(column));
  return t;
}

DefDecl TreeBuilder::BuildDef(ArlParser::DefDeclContext* ctx) {
  DefDecl d;
  d.output = ctx->OUTPUT() != nullptr;
  ArlParser::QualifiedNameContext* qualified = ctx->qualifiedName();
  if (qualified->DOT() != nullptr) {
    d.table = BuildName(qualified->name(0));
    d.name = BuildName(qualified->name(1));
  } else {
    d.name = BuildName(qualified->name(0));
  }
  if (ctx->type() != nullptr) d.type = BuildType(ctx->type());
  d.cite = BuildCitation(ctx->citation());
  d.value = BuildExpr(ctx->expr());
  return d;
}

FuncDecl TreeBuilder::BuildFunc(ArlParser::FuncDeclContext* ctx) {
  FuncDecl f;
  f.name = BuildName(ctx->name());
  for (ArlParser::FuncParamContext* p : ctx->funcParam()) {
    f.params.push_back(FuncParam{BuildName(p->name()), BuildType(p->type())});
  }
  f.result = BuildType(ctx->type());
  f.cite = BuildCitation(ctx->citation());
  f.body = BuildExpr(ctx->expr());
  return f;
}

AssumeDecl TreeBuilder::BuildAssume(ArlParser::AssumeDeclContext* ctx) {
  AssumeDecl a;
  a.id = BuildText(ctx->STRING(0));
  a.text = BuildText(ctx->STRING(1));
  a.interprets = BuildStrings(ctx->strings());
  for (ArlParser::NameContext* n : ctx->name()) a.params.push_back(BuildName(n));
  return a;
}

Column TreeBuilder::BuildColumn(ArlParser::ColumnContext* ctx) {
  Column c;
  TakeLeading(c.comments, ctx->getStart());
  c.span = source_.Of(ctx);
  c.name = BuildName(ctx->name());
  c.type = BuildType(ctx->type());
  size_t next_arith = 0;
  if (ctx->RANGE() != nullptr) {
    c.range_low = BuildArith(ctx->arith(next_arith++));
    c.range_high = BuildArith(ctx->arith(next_arith++));
  }
  if (ctx->BLANK() != nullptr) c.blank = BuildArith(ctx->arith(next_arith));
  c.cite = BuildCitation(ctx->citation());
  TakeInsideAndTrailing(c.comments, ctx->getStop());
  return c;
}

Section TreeBuilder::BuildSection(ArlParser::SectionContext* ctx) {
  DepthScope depth(*this, ctx->getStart());
  Section s;
  TakeLeading(s.comments, ctx->getStart());
  s.span = source_.Of(ctx);
  s.name = BuildName(ctx->name());
  MutExpr points = Number(ctx->NUMBER());
  s.points = std::get<NumberLit>(std::move(points->node));
  s.points_span = points->span;
  s.cite = BuildCitation(ctx->citation());
  s.has_body = ctx->LBRACE() != nullptr;
  for (ArlParser::SectionContext* part : ctx->section()) s.parts.push_back(BuildSection(part));
  TakeInsideAndTrailing(s.comments, ctx->getStop());
  return s;
}

// ---- citations, names, strings, types --------------------------------------------------

Citation TreeBuilder::BuildCitation(ArlParser::CitationContext* ctx) {
  Citation c;
  if (ctx == nullptr) return c;
  c.span = source_.Of(ctx);
  size_t next = 0;
  if (ctx->CITE() != nullptr) c.clauses = BuildStrings(ctx->strings(next++));
  if (ctx->ASSUME() != nullptr) c.assumptions = BuildStrings(ctx->strings(next));
  return c;
}

std::vector<Text> TreeBuilder::BuildStrings(ArlParser::StringsContext* ctx) {
  std::vector<Text> out;
  for (TerminalNode* s : ctx->STRING()) out.push_back(BuildText(s));
  return out;
}

std::vector<Name> TreeBuilder::BuildMembers(ArlParser::EnumMembersContext* ctx) {
  std::vector<Name> out;
  for (ArlParser::NameContext* n : ctx->name()) out.push_back(BuildName(n));
  return out;
}

Name TreeBuilder::BuildName(ArlParser::NameContext* ctx) {
  return NameOf(ctx->NAME());
}

Name TreeBuilder::NameOf(TerminalNode* node) {
  const Span span = source_.TokenSpan(node->getSymbol());
  return Name{std::string(source_.SpanText(span)), span};
}

Text TreeBuilder::BuildText(TerminalNode* string) {
  const Span span = source_.TokenSpan(string->getSymbol());
  return Text{DecodeString(source_.SpanText(span)), span};
}

TypeRef TreeBuilder::BuildType(ArlParser::TypeContext* ctx) {
  TypeRef t;
  t.span = source_.Of(ctx);
  t.optional = ctx->QUESTION() != nullptr;
  ArlParser::BaseTypeContext* base = ctx->baseType();
  if (dynamic_cast<ArlParser::NumberTypeContext*>(base)) {
    t.base = BaseType::kNumber;
  } else if (dynamic_cast<ArlParser::IntegerTypeContext*>(base)) {
    t.base = BaseType::kInteger;
  } else if (dynamic_cast<ArlParser::PointsTypeContext*>(base)) {
    t.base = BaseType::kPoints;
  } else if (dynamic_cast<ArlParser::YuanTypeContext*>(base)) {
    t.base = BaseType::kYuan;
  } else if (dynamic_cast<ArlParser::WanYuanTypeContext*>(base)) {
    t.base = BaseType::kWanYuan;
  } else if (dynamic_cast<ArlParser::PercentTypeContext*>(base)) {
    t.base = BaseType::kPercent;
  } else if (dynamic_cast<ArlParser::BoolTypeContext*>(base)) {
    t.base = BaseType::kBool;
  } else if (dynamic_cast<ArlParser::TextTypeContext*>(base)) {
    t.base = BaseType::kText;
  } else if (auto* e = dynamic_cast<ArlParser::InlineEnumTypeContext*>(base)) {
    t.base = BaseType::kEnum;
    t.members = BuildMembers(e->enumMembers());
  } else if (auto* n = dynamic_cast<ArlParser::NamedTypeContext*>(base)) {
    t.base = BaseType::kNamed;
    t.named = BuildName(n->name());
  } else {
    throw std::logic_error("from_parse_tree: unknown type form");
  }
  return t;
}

// ---- tests ------------------------------------------------------------------------------

TestDecl TreeBuilder::BuildTest(ArlParser::TestDeclContext* ctx) {
  TestDecl t;
  t.name = BuildText(ctx->STRING());
  for (ArlParser::TestItemContext* item : ctx->testItem()) t.items.push_back(BuildTestItem(item));
  return t;
}

TestItem TreeBuilder::BuildTestItem(ArlParser::TestItemContext* ctx) {
  TestItem item;
  TakeLeading(item.comments, ctx->getStart());
  item.span = source_.Of(ctx);
  if (auto* p = dynamic_cast<ArlParser::TestParamContext*>(ctx)) {
    item.node = TestParam{BuildName(p->name()), BuildExpr(p->expr())};
  } else if (auto* data = dynamic_cast<ArlParser::TestDataContext*>(ctx)) {
    item.node = BuildTestData(data->name(), data->dataCell());
  } else if (auto* expect = dynamic_cast<ArlParser::TestExpectContext*>(ctx)) {
    item.node = BuildExpect(expect);
  } else if (auto* call = dynamic_cast<ArlParser::TestExpectCallContext*>(ctx)) {
    item.node = BuildExpectCall(call);
  } else {
    throw std::logic_error("from_parse_tree: unknown test item");
  }
  TakeInsideAndTrailing(item.comments, ctx->getStop());
  return item;
}

// ---- scenarios ----------------------------------------------------------------------

ScenarioDecl TreeBuilder::BuildScenario(ArlParser::ScenarioDeclContext* ctx) {
  ScenarioDecl s;
  s.name = BuildText(ctx->STRING());
  s.cite = BuildCitation(ctx->citation());
  for (ArlParser::ScenarioItemContext* item : ctx->scenarioItem())
    s.items.push_back(BuildScenarioItem(item));
  return s;
}

ScenarioItem TreeBuilder::BuildScenarioItem(ArlParser::ScenarioItemContext* ctx) {
  ScenarioItem item;
  TakeLeading(item.comments, ctx->getStart());
  item.span = source_.Of(ctx);
  if (auto* p = dynamic_cast<ArlParser::ScenarioParamContext*>(ctx)) {
    item.node = TestParam{BuildName(p->name()), BuildExpr(p->expr())};
  } else if (auto* rows = dynamic_cast<ArlParser::ScenarioRowsContext*>(ctx)) {
    item.node = BuildTestData(rows->name(), rows->dataCell());
  } else if (auto* edit = dynamic_cast<ArlParser::ScenarioEditContext*>(ctx)) {
    item.node = ScenarioEdit{BuildName(edit->name(0)), BuildCell(edit->cell()),
                             BuildName(edit->name(1)), BuildExpr(edit->expr())};
  } else if (auto* remove = dynamic_cast<ArlParser::ScenarioRemoveContext*>(ctx)) {
    item.node = ScenarioRemove{BuildName(remove->name()), BuildCell(remove->cell())};
  } else {
    throw std::logic_error("from_parse_tree: unknown scenario item");
  }
  TakeInsideAndTrailing(item.comments, ctx->getStop());
  return item;
}

TestExpect TreeBuilder::BuildExpect(ArlParser::TestExpectContext* ctx) {
  TestExpect e;
  e.table = BuildName(ctx->name(0));
  if (ctx->cell() != nullptr) e.key = BuildCell(ctx->cell());
  if (ctx->DOT() != nullptr) e.field = BuildName(ctx->name(1));
  BuildOutcome(e, ctx->FAILS(), ctx->STRING(), ctx->expr());
  return e;
}

TestExpect TreeBuilder::BuildExpectCall(ArlParser::TestExpectCallContext* ctx) {
  TestExpect e;
  e.call = BuildCall(ctx->call(), ctx->call()->name(), ctx->call()->arguments());
  BuildOutcome(e, ctx->FAILS(), ctx->STRING(), ctx->expr());
  return e;
}

/// `= 值` or `出错 ["文字"]` at the end of a 预期 line.
void TreeBuilder::BuildOutcome(TestExpect& e, antlr4::tree::TerminalNode* fails,
                               antlr4::tree::TerminalNode* text, ArlParser::ExprContext* value) {
  if (fails != nullptr) {
    e.fails = true;
    if (text != nullptr) e.failure_text = BuildText(text);
  } else {
    e.value = BuildExpr(value);
  }
}

/// The grammar sees a table as a flat run of `|` and cells; rows are lines.
/// Each line must open and close with `|`, with at most one value between
/// two pipes (`| |` is an empty cell). The first line is the header.
TestData TreeBuilder::BuildTestData(ArlParser::NameContext* table,
                                    const std::vector<ArlParser::DataCellContext*>& data_cells) {
  TestData data;
  data.table = BuildName(table);
  std::vector<std::vector<ArlParser::DataCellContext*>> lines;
  size_t line = 0;
  for (ArlParser::DataCellContext* c : data_cells) {
    if (lines.empty() || c->getStart()->getLine() != line) lines.emplace_back();
    line = c->getStart()->getLine();
    lines.back().push_back(c);
  }
  bool header = true;
  for (const std::vector<ArlParser::DataCellContext*>& row : lines) {
    std::vector<Cell> cells;
    if (row.front()->PIPE() == nullptr || row.back()->PIPE() == nullptr) {
      const bool opens = row.front()->PIPE() != nullptr;
      ArlParser::DataCellContext* where = opens ? row.back() : row.front();
      base::Diagnostic& d = errors_.Error(
          "E0109", source_.Of(where),
          opens ? Message{"表格的这一行没有以 `|` 结束", "this table row does not end with `|`"}
                : Message{"表格的这一行没有以 `|` 开始", "this table row does not start with `|`"});
      d.help = Message{"每一行写作 `| 值 | 值 |`", "write each row as `| value | value |`"};
    }
    const antlr4::Token* last_pipe = nullptr;
    bool filled = false;  // a value since the last pipe
    for (ArlParser::DataCellContext* c : row) {
      if (c->PIPE() == nullptr) {
        if (filled) {
          errors_.Error("E0109", source_.Of(c),
                        {"两个值之间缺少 `|`", "two values in one cell: separate them with `|`"});
        }
        cells.push_back(BuildCell(c->cell()));
        filled = true;
        continue;
      }
      const antlr4::Token* pipe = c->PIPE()->getSymbol();
      if (last_pipe != nullptr && !filled) {
        // `| |`: an empty cell, spanning the blank between the pipes.
        Cell empty;
        empty.span =
            Span{source_.File(), source_.TokenSpan(last_pipe).end, source_.TokenSpan(pipe).begin};
        cells.push_back(std::move(empty));
      }
      last_pipe = pipe;
      filled = false;
    }
    if (header) {
      data.header = std::move(cells);
      header = false;
    } else {
      data.rows.push_back(std::move(cells));
    }
  }
  return data;
}

Cell TreeBuilder::BuildCell(ArlParser::CellContext* ctx) {
  Cell c;
  c.span = source_.Of(ctx);
  if (ctx->NUMBER() != nullptr) {
    c.kind = Cell::Kind::kNumber;
    c.text = (ctx->MINUS() != nullptr ? "-" : "") +
             std::string(source_.TokenText(ctx->NUMBER()->getSymbol()));
  } else if (ctx->STRING() != nullptr) {
    c.kind = Cell::Kind::kString;
    c.text = BuildText(ctx->STRING()).value;
  } else if (ctx->TRUE() != nullptr || ctx->FALSE() != nullptr) {
    c.kind = Cell::Kind::kBool;
    c.bool_value = ctx->TRUE() != nullptr;
  } else {
    c.kind = Cell::Kind::kName;
    c.text = BuildName(ctx->name()).text;
  }
  return c;
}

// ---- depth --------------------------------------------------------------------------------

TreeBuilder::DepthScope::DepthScope(TreeBuilder& builder, const antlr4::Token* at, int levels)
    : builder_(builder), levels_(levels) {
  builder_.depth_ += levels_;
  if (builder_.depth_ > kMaxRuleDepth) {
    builder_.errors_.TooDeep(at);
    throw ParseCancelled{};
  }
}

TreeBuilder::DepthScope::~DepthScope() {
  builder_.depth_ -= levels_;
}

}  // namespace arl::syntax::fpt
