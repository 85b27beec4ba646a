// The canonical text of a rule file: what `arl fmt` writes.
//
// Two promises make this usable as a formatter: nothing is lost (every
// comment comes back, every word the drafter chose, such as 低于 rather than
// `<`, comes back), and printing is a fixed point — Parse(Print(f)) has the
// same Dump as f, and printing it again gives the same text.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/base/utf8.h"
#include "compiler/syntax/printer.h"

namespace arl::syntax::printing {
namespace {

// Comment text without trailing blanks, which a formatter never keeps.
std::string_view TrimComment(std::string_view c) {
  while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.remove_suffix(1);
  return c;
}

}  // namespace

void Printer::Leading(const Comments& comments, int indent) {
  for (const std::string& c : comments.leading) {
    StartLine(indent);
    Put(TrimComment(c));
    EndLine();
  }
}

void Printer::Trailing(const Comments& comments) {
  if (comments.trailing) {
    Put("  ");
    Put(TrimComment(*comments.trailing));
  }
}

// ---- declarations --------------------------------------------------------------

void Printer::PrintCitation(const syntax::Citation& c) {
  if (!c.clauses.empty()) {
    Word(kw::kCite);
    TextList(c.clauses);
  }
  if (!c.assumptions.empty()) {
    Word(kw::kAssume);
    TextList(c.assumptions);
  }
}

void Printer::PrintType(const TypeRef& t) {
  if (t.base == BaseType::kNamed) {
    Put(t.named.text);
  } else {
    Kw(KeywordOf(t.base));
  }
  if (t.base == BaseType::kEnum) {
    Put(" (");
    NameList(t.members);
    Put(")");
  }
  if (t.optional) Put("?");
}

void Printer::PrintHeader(const syntax::Header& h) {
  Leading(h.comments, 0);
  StartLine(0);
  KwSp(h.library ? kw::kLibrary : kw::kPolicy);
  Put(h.name.text);
  if (h.title) {
    Put(" ");
    Quoted(h.title->value);
  }
  if (h.source) {
    EndLine();
    StartLine(kIndentStep);
    KwSp(kw::kSource);
    Quoted(h.source->value);
  }
  if (h.precision) {
    EndLine();
    StartLine(kIndentStep);
    KwSp(kw::kPrecision);
    Put(*h.precision);
  }
  Trailing(h.comments);
  EndLine();
}

void Printer::PrintColumn(const syntax::Column& c) {
  Leading(c.comments, kIndentStep);
  StartLine(kIndentStep);
  Put(c.name.text);
  Put(": ");
  PrintType(c.type);
  if (c.range_low != nullptr || c.range_high != nullptr) {
    Word(kw::kRange);
    Sub(c.range_low, kPrecArith);
    Put("..");
    Sub(c.range_high, kPrecArith);
  }
  if (c.blank != nullptr) {
    Word(kw::kBlank);
    Sub(c.blank, kPrecArith);
  }
  PrintCitation(c.cite);
  Trailing(c.comments);
  EndLine();
}

// `outer` are the comments of the 计分结构 declaration that holds the root
// section: both stand on the same lines, so they are printed together.
void Printer::PrintSection(const syntax::Section& s, const Comments* outer) {
  const int indent = indent_;
  Put(s.name.text);
  Put(" ");
  Number(s.points);
  PrintCitation(s.cite);
  if (s.has_body || !s.parts.empty()) {
    BlockOpen();
    for (const syntax::Section& part : s.parts) {
      Leading(part.comments, indent + kIndentStep);
      StartLine(indent + kIndentStep);
      PrintSection(part, nullptr);
      EndLine();
    }
    BlockClose(indent);
  }
  if (outer != nullptr) Trailing(*outer);
  Trailing(s.comments);
}

std::string Printer::CellText(const syntax::Cell& cell) const {
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      return "";
    case Cell::Kind::kNumber:
    case Cell::Kind::kName:
      return cell.text;
    case Cell::Kind::kString: {
      std::string quoted;
      AppendQuoted(quoted, cell.text);
      return quoted;
    }
    case Cell::Kind::kBool:
      return std::string((cell.bool_value ? kw::kTrue : kw::kFalse).In(lang_));
  }
  return "";
}

// `| a | b |` with every column as wide as its widest cell, so the pipes
// line up on screen (a CJK character is two columns wide).
void Printer::PrintTestData(const syntax::TestData& data) {
  std::vector<std::vector<std::string>> lines;
  lines.reserve(data.rows.size() + 1);
  auto add = [&](const std::vector<syntax::Cell>& cells) {
    std::vector<std::string>& line = lines.emplace_back();
    line.reserve(cells.size());
    for (const syntax::Cell& cell : cells) line.push_back(CellText(cell));
  };
  if (!data.header.empty() || !data.rows.empty()) add(data.header);
  for (const std::vector<syntax::Cell>& row : data.rows) add(row);

  std::vector<size_t> widths;
  for (const auto& line : lines) {
    if (widths.size() < line.size()) widths.resize(line.size(), 0);
    for (size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], base::DisplayWidth(line[i]));
    }
  }
  const int outer = indent_;
  BlockOpen();
  for (const auto& line : lines) {
    StartLine(outer + kIndentStep);
    Put("|");
    for (size_t i = 0; i < line.size(); ++i) {
      Put(" ");
      Put(base::PadRight(line[i], widths[i]));
      Put(" |");
    }
    EndLine();
  }
  BlockClose(outer);
}

void Printer::PrintSetting(const syntax::TestParam& param) {
  KwSp(kw::kParam);
  Put(param.name.text);
  Put(" = ");
  Sub(param.value, kPrecAny);
}

void Printer::PrintScenarioItem(const syntax::ScenarioItem& item) {
  Leading(item.comments, kIndentStep);
  StartLine(kIndentStep);
  if (const auto* param = std::get_if<TestParam>(&item.node)) {
    PrintSetting(*param);
  } else if (const auto* data = std::get_if<syntax::TestData>(&item.node)) {
    KwSp(kw::kData);
    Put(data->table.text);
    PrintTestData(*data);
  } else if (const auto* edit = std::get_if<ScenarioEdit>(&item.node)) {
    Put(edit->table.text);
    Put("[");
    PrintCell(edit->key);
    Put("].");
    Put(edit->column.text);
    Put(" = ");
    Sub(edit->value, kPrecAny);
  } else if (const auto* remove = std::get_if<ScenarioRemove>(&item.node)) {
    KwSp(kw::kRemove);
    Put(remove->table.text);
    Put("[");
    PrintCell(remove->key);
    Put("]");
  }
  Trailing(item.comments);
  EndLine();
}

void Printer::PrintTestItem(const syntax::TestItem& item) {
  Leading(item.comments, kIndentStep);
  StartLine(kIndentStep);
  if (const auto* param = std::get_if<TestParam>(&item.node)) {
    PrintSetting(*param);
  } else if (const auto* data = std::get_if<syntax::TestData>(&item.node)) {
    KwSp(kw::kData);
    Put(data->table.text);
    PrintTestData(*data);
  } else if (const auto* expect = std::get_if<TestExpect>(&item.node)) {
    KwSp(kw::kExpect);
    if (expect->call != nullptr) {
      Sub(expect->call, kPrecAny);
    } else {
      Put(expect->table.text);
    }
    if (expect->key) {
      Put("[");
      PrintCell(*expect->key);
      Put("]");
    }
    if (expect->field) {
      Put(".");
      Put(expect->field->text);
    }
    if (expect->fails || expect->value == nullptr) {
      SpKw(kw::kFails);
      if (expect->failure_text) {
        Put(" ");
        Quoted(expect->failure_text->value);
      }
    } else {
      Put(" = ");
      Sub(expect->value, kPrecAny);
    }
  }
  Trailing(item.comments);
  EndLine();
}

void Printer::PrintDecl(const syntax::Decl& d) {
  const auto* structure = d.As<StructureDecl>();
  Leading(d.comments, 0);
  if (structure != nullptr) Leading(structure->root.comments, 0);
  StartLine(0);
  if (const auto* import = d.As<ImportDecl>()) {
    KwSp(kw::kImport);
    Quoted(import->path.value);
  } else if (const auto* e = d.As<EnumDecl>()) {
    KwSp(kw::kEnum);
    Put(e->name.text);
    PrintCitation(e->cite);
    Put(" = (");
    NameList(e->members);
    Put(")");
  } else if (const auto* p = d.As<ParamDecl>()) {
    KwSp(kw::kParam);
    Put(p->name.text);
    Put(": ");
    PrintType(p->type);
    PrintCitation(p->cite);
    Put(" = ");
    Sub(p->value, kPrecAny);
  } else if (const auto* t = d.As<TableDecl>()) {
    KwSp(t->entity ? kw::kEntity : kw::kRecords);
    Put(t->name.text);
    if (t->parent) {
      Word(kw::kIn);
      Put(t->parent->text);
    }
    PrintCitation(t->cite);
    BlockOpen();
    for (const syntax::Column& c : t->columns) PrintColumn(c);
    BlockClose(0);
  } else if (const auto* def = d.As<DefDecl>()) {
    KwSp(def->output ? kw::kOutput : kw::kDefine);
    if (def->table) {
      Put(def->table->text);
      Put(".");
    }
    Put(def->name.text);
    if (def->type) {
      Put(": ");
      PrintType(*def->type);
    }
    PrintCitation(def->cite);
    Put(" = ");
    Sub(def->value, kPrecAny);
  } else if (const auto* f = d.As<FuncDecl>()) {
    KwSp(kw::kFunction);
    Put(f->name.text);
    Put("(");
    for (size_t i = 0; i < f->params.size(); ++i) {
      if (i > 0) Put(", ");
      Put(f->params[i].name.text);
      Put(": ");
      PrintType(f->params[i].type);
    }
    Put("): ");
    PrintType(f->result);
    PrintCitation(f->cite);
    Put(" = ");
    Sub(f->body, kPrecAny);
  } else if (const auto* a = d.As<AssumeDecl>()) {
    KwSp(kw::kAssume);
    Quoted(a->id.value);
    Put(" ");
    Quoted(a->text.value);
    Word(kw::kInterprets);
    TextList(a->interprets);
    if (!a->params.empty()) {
      Word(kw::kParam);
      NameList(a->params);
    }
  } else if (structure != nullptr) {
    KwSp(kw::kStructure);
    PrintSection(structure->root, &d.comments);
    EndLine();
    return;
  } else if (const auto* test = d.As<TestDecl>()) {
    KwSp(kw::kTest);
    Quoted(test->name.value);
    BlockOpen();
    for (const syntax::TestItem& item : test->items) PrintTestItem(item);
    BlockClose(0);
  } else if (const auto* scenario = d.As<ScenarioDecl>()) {
    KwSp(kw::kScenario);
    Quoted(scenario->name.value);
    PrintCitation(scenario->cite);
    BlockOpen();
    for (const syntax::ScenarioItem& item : scenario->items) PrintScenarioItem(item);
    BlockClose(0);
  }
  Trailing(d.comments);
  EndLine();
}

// A blank line between top-level declarations; comments after the last one
// form a paragraph of their own.
void Printer::PrintFile(const File& file) {
  bool first = true;
  if (file.header) {
    PrintHeader(*file.header);
    first = false;
  }
  for (const syntax::Decl& d : file.decls) {
    if (!first) EndLine();
    PrintDecl(d);
    first = false;
  }
  if (!file.trailing_comments.empty()) {
    if (!first) EndLine();
    for (const std::string& c : file.trailing_comments) {
      Put(TrimComment(c));
      EndLine();
    }
  }
}

}  // namespace arl::syntax::printing

namespace arl::syntax {

std::string_view UnitSuffix(Unit unit) {
  switch (unit) {
    case Unit::kNone:
      return "";
    case Unit::kPoints:
      return "分";
    case Unit::kYuan:
      return "元";
    case Unit::kWanYuan:
      return "万元";
    case Unit::kPercent:
      return "%";
  }
  return "";
}

std::string Print(const File& file, KeywordLang lang) {
  printing::Printer printer(lang);
  printer.Reserve(64 * (file.decls.size() + 4));
  printer.PrintFile(file);
  return printer.Take();
}

}  // namespace arl::syntax
