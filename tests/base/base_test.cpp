// Unit tests for arl::base: UTF-8, sources, diagnostics, rendering, suggestions.
// main() comes from catch_main.cpp, built once without our strict warnings.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/render.h"
#include "compiler/base/source.h"
#include "compiler/base/suggest.h"
#include "compiler/base/utf8.h"

namespace arl::base {
namespace {

uint32_t OffsetOf(const std::string& text, std::string_view needle) {
  const size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return static_cast<uint32_t>(at);
}

Span SpanOf(FileId file, const std::string& text, std::string_view needle) {
  const uint32_t at = OffsetOf(text, needle);
  return Span{file, at, at + static_cast<uint32_t>(needle.size())};
}

// ---------------------------------------------------------------- utf8

TEST_CASE("FirstInvalidUtf8 accepts well-formed text", "[utf8]") {
  CHECK_FALSE(FirstInvalidUtf8(""));
  CHECK_FALSE(FirstInvalidUtf8("plain ascii"));
  CHECK_FALSE(FirstInvalidUtf8("总分低于 90分"));
  CHECK_FALSE(FirstInvalidUtf8("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));  // U+1F600, U+10FFFF
  CHECK_FALSE(FirstInvalidUtf8("\xED\x9F\xBF\xEE\x80\x80"));           // around the surrogates
}

TEST_CASE("FirstInvalidUtf8 finds the first bad byte", "[utf8]") {
  CHECK(FirstInvalidUtf8("ab\x80") == 2u);            // lone continuation byte
  CHECK(FirstInvalidUtf8("x\xC0\xAF") == 1u);         // overlong '/'
  CHECK(FirstInvalidUtf8("\xE0\x80\xAF") == 0u);      // overlong, three bytes
  CHECK(FirstInvalidUtf8("\xF0\x80\x80\xAF") == 0u);  // overlong, four bytes
  CHECK(FirstInvalidUtf8("ok\xED\xA0\x80") == 2u);    // surrogate U+D800
  CHECK(FirstInvalidUtf8("\xF4\x90\x80\x80") == 0u);  // U+110000
  CHECK(FirstInvalidUtf8("\xF5\x80\x80\x80") == 0u);
  CHECK(FirstInvalidUtf8("总分\xE4\xB8") == 6u);  // truncated at end
  CHECK(FirstInvalidUtf8("\xE4\xB8x") == 0u);     // truncated mid-text
  CHECK(FirstInvalidUtf8("\xFF") == 0u);
}

TEST_CASE("FirstInvalidUtf8 takes every three-byte sequence as the standard does", "[utf8]") {
  // Every lead E0-EF with every two bytes after it, checked against the
  // definition: two continuation bytes encoding U+0800..U+FFFF but for the
  // surrogates. Chinese text is mostly these, read on a fast path.
  size_t valid = 0;
  for (unsigned lead = 0xE0; lead <= 0xEF; ++lead) {
    for (unsigned b1 = 0; b1 < 256; ++b1) {
      for (unsigned b2 = 0; b2 < 256; ++b2) {
        const std::string text = {static_cast<char>(lead), static_cast<char>(b1),
                                  static_cast<char>(b2)};
        const bool continuations = (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80;
        const unsigned c = ((lead & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
        const bool expected = continuations && c >= 0x800 && (c < 0xD800 || c > 0xDFFF);
        if (FirstInvalidUtf8(text).has_value() == expected) {
          FAIL_CHECK("bytes " << lead << " " << b1 << " " << b2);
        }
        if (expected) ++valid;
      }
    }
  }
  CHECK(valid == 0x10000 - 0x800 - 0x800);
}

TEST_CASE("AppendUtf8 encodes what DecodeAt decodes", "[utf8]") {
  std::string text;
  for (char32_t c : {U'a', U'é', U'条', U'\U0001F600'}) AppendUtf8(text, c);
  CHECK(text == "aé条\xF0\x9F\x98\x80");
  size_t at = 0;
  for (char32_t c : {U'a', U'é', U'条', U'\U0001F600'}) CHECK(DecodeAt(text, at) == c);
  CHECK(at == text.size());
}

TEST_CASE("DecodeAt decodes and always advances", "[utf8]") {
  const std::string_view text = "a总\xF0\x9F\x98\x80\x80";
  size_t offset = 0;
  CHECK(DecodeAt(text, offset) == U'a');
  CHECK(DecodeAt(text, offset) == U'总');
  CHECK(offset == 4);
  CHECK(DecodeAt(text, offset) == U'\U0001F600');
  CHECK(DecodeAt(text, offset) == kReplacementChar);
  CHECK(offset == text.size());
  CHECK(DecodeAt(text, offset) == kReplacementChar);
  CHECK(offset == text.size() + 1);
}

TEST_CASE("display width counts CJK as two columns", "[utf8]") {
  CHECK(DisplayWidth("总分ab") == 6);
  CHECK(DisplayWidth("ＡＢ") == 4);      // fullwidth forms
  CHECK(DisplayWidth("，。") == 4);      // U+FF0C, U+3002
  CHECK(DisplayWidth("e\u0301") == 1);   // combining acute
  CHECK(DisplayWidth("a\u200Bb") == 2);  // zero-width space
  CHECK(DisplayWidth("\t") == 1);
  CHECK(DisplayWidth("\U00020000") == 2);  // CJK extension B
  CHECK(DisplayWidth("한") == 2);
  CHECK(CodePointWidth(U'\x1b') == 0);
  CHECK(CodePointWidth(U'〿') == 1);  // U+303F half fill space
  CHECK(CodePointWidth(U'…') == 1);
  CHECK(PadRight("总分", 6) == "总分  ");
  CHECK(PadRight("总分", 3) == "总分");
  CHECK(CodePointCount("总分ab") == 4);
}

// ---------------------------------------------------------------- source

TEST_CASE("LoadSourceText strips a BOM and keeps CRLF", "[source]") {
  const LoadResult with_bom = LoadSourceText("a.arl", "\xEF\xBB\xBF规则\r\n");
  REQUIRE(with_bom.Ok());
  CHECK(with_bom.had_bom);
  CHECK(with_bom.text == "规则\r\n");
  CHECK(with_bom.path == "a.arl");

  const LoadResult plain = LoadSourceText("b.arl", "x");
  REQUIRE(plain.Ok());
  CHECK_FALSE(plain.had_bom);
  CHECK(plain.text == "x");

  CHECK(LoadSourceText("empty.arl", "").Ok());
  CHECK(LoadSourceText("bom-only.arl", "\xEF\xBB\xBF").text.empty());
}

TEST_CASE("LoadSourceText reports where invalid UTF-8 is", "[source]") {
  const LoadResult bad = LoadSourceText("a.arl", "ab\n总\xC0\xAF");
  CHECK(bad.problem == LoadProblem::kInvalidUtf8);
  CHECK(bad.bad_offset == 6);
  CHECK(bad.bad_byte == 0xC0);
  CHECK(bad.bad_at.line == 2);
  CHECK(bad.bad_at.column == 2);
  CHECK(bad.text.empty());

  const LoadResult with_bom = LoadSourceText("a.arl", "\xEF\xBB\xBF\x80");
  CHECK(with_bom.problem == LoadProblem::kInvalidUtf8);
  CHECK(with_bom.bad_offset == 3);  // offsets are into the file as read
  CHECK(with_bom.bad_at.line == 1);
  CHECK(with_bom.bad_at.column == 1);

  CHECK(LoadSourceText("big.arl", std::string(kMaxSourceBytes + 1, 'x')).problem ==
        LoadProblem::kTooLarge);
}

TEST_CASE("lines end at LF or CRLF, not at a lone CR", "[source]") {
  const SourceFile file("a.arl", "a\r\nbc\r\nd\re\n");
  REQUIRE(file.LineCount() == 3);
  CHECK(file.Line(1) == "a");
  CHECK(file.Line(2) == "bc");
  CHECK(file.Line(3) == "d\re");
  CHECK(file.Line(4).empty());
  CHECK(file.Line(0).empty());
  CHECK(file.LineStart(2) == 3);

  CHECK(file.Locate(0).line == 1);
  CHECK(file.Locate(4).line == 2);
  CHECK(file.Locate(4).column == 2);
  CHECK(file.Locate(1).column == 2);  // on the "\r"
  CHECK(file.Locate(2).column == 2);  // on the "\n"
  CHECK(file.Locate(3).line == 2);
  CHECK(file.Locate(3).column == 1);
  CHECK(file.Locate(9).column == 3);  // "e" after a lone CR
  const LineCol eof = file.Locate(static_cast<uint32_t>(file.Text().size()));
  CHECK(eof.line == 3);
  CHECK(eof.column == 4);
  CHECK(file.Locate(999).line == 3);  // clamped

  CHECK(SourceFile("e", "").LineCount() == 1);
  CHECK(SourceFile("e", "a\n\n").LineCount() == 2);
}

TEST_CASE("columns count code points", "[source]") {
  const std::string text = "总分 = 90\n迟到早退次数 低于 3";
  const SourceFile file("a.arl", text);
  CHECK(file.Locate(OffsetOf(text, "90")).column == 6);
  const LineCol low = file.Locate(OffsetOf(text, "低于"));
  CHECK(low.line == 2);
  CHECK(low.column == 8);
  CHECK(file.Locate(OffsetOf(text, "分") + 1).column == 2);  // inside a character
}

TEST_CASE("SourceManager reserves id 0 and keeps references", "[source]") {
  SourceManager sources;
  const FileId first = sources.Add("a.arl", "a");
  const SourceFile& a = sources.Get(first);
  for (int i = 0; i < 100; ++i) sources.Add("more.arl", "x");
  CHECK(first == 1);
  CHECK(&a == &sources.Get(first));
  CHECK(a.Path() == "a.arl");
  CHECK_FALSE(sources.Contains(kNoFile));
  CHECK(sources.Get(kNoFile).Path().empty());
  CHECK(sources.Get(12345).Text().empty());
  CHECK(Join(Span{1, 4, 6}, Span{1, 2, 5}) == Span{1, 2, 6});
  CHECK(Join(Span{1, 4, 6}, Span{2, 0, 9}) == Span{1, 4, 6});
}

// ---------------------------------------------------------------- diagnostics

Message Msg(std::string text) {
  return Message{text, text};
}

TEST_CASE("Sorted orders by position, then severity, code, message", "[diagnostics]") {
  Diagnostics diags;
  diags.Warning("W0301", Span{1, 5, 6}, Msg("w"));
  diags.Error("E0200", Span{2, 0, 1}, Msg("second file"));
  diags.Error("E0102", Span{1, 5, 6}, Msg("b"));
  diags.Error("E0102", Span{1, 5, 6}, Msg("a"));
  diags.Error("E0101", Span{1, 5, 9}, Msg("longer"));
  diags.Error("E0100", Span{1, 0, 3}, Msg("first"));
  diags.Error("E0001", Span{}, Msg("command line"));
  diags.Error("E0102", Span{1, 5, 6}, Msg("a"));  // exact duplicate
  Diagnostic& with_help = diags.Error("E0102", Span{1, 5, 6}, Msg("a"));
  with_help.help = Msg("differs by help, so it is kept");

  std::vector<std::string> order;
  for (const Diagnostic& d : diags.Sorted()) order.push_back(d.code + ":" + d.message.en);
  CHECK(order == std::vector<std::string>{"E0001:command line", "E0100:first", "E0102:a", "E0102:a",
                                          "E0102:b", "W0301:w", "E0101:longer",
                                          "E0200:second file"});
  CHECK(diags.ErrorCount() == 7);
  CHECK(diags.WarningCount() == 1);
  CHECK(diags.HasErrors());
}

TEST_CASE("reports past the cap are counted and summarised", "[diagnostics]") {
  Diagnostics diags;
  for (size_t i = 0; i < kMaxDiagnostics + 10; ++i) {
    diags.Error("E0102", Span{1, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)}, Msg("x"))
        .help = Msg("h");
  }
  const std::vector<Diagnostic> sorted = diags.Sorted();
  REQUIRE(sorted.size() == kMaxDiagnostics + 1);
  CHECK(sorted.back().severity == Severity::kNote);
  CHECK(sorted.back().message.en == "too many diagnostics, 10 more not shown");
  CHECK(sorted.back().message.zh == "诊断过多, 另有 10 条未显示");
  CHECK(diags.ErrorCount() == kMaxDiagnostics + 10);
}

TEST_CASE("Full says when further reports are only counted", "[diagnostics]") {
  Diagnostics diags;
  for (size_t i = 0; i + 1 < kMaxDiagnostics; ++i) diags.Warning("W0001", Span{}, Msg("w"));
  CHECK_FALSE(diags.Full());
  diags.Error("E0001", Span{}, Msg("e"));
  CHECK(diags.Full());
}

TEST_CASE("language comes from --lang or the locale", "[diagnostics]") {
  CHECK(ParseLang("zh") == Lang::kZh);
  CHECK(ParseLang("en") == Lang::kEn);
  CHECK_FALSE(ParseLang("fr"));
  setenv("LC_ALL", "", 1);
  setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
  setenv("LANG", "en_US.UTF-8", 1);
  CHECK(LangFromEnvironment() == Lang::kZh);
  setenv("LC_ALL", "C", 1);
  CHECK(LangFromEnvironment() == Lang::kEn);
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  unsetenv("LANG");
  CHECK(LangFromEnvironment() == Lang::kEn);
  CHECK(Message{"中", ""}.In(Lang::kEn) == "中");
}

// ---------------------------------------------------------------- render

TEST_CASE("render an ASCII span with help in both languages", "[render]") {
  SourceManager sources;
  const std::string text = "let a = 1\nlet b = foo + 2\n";
  const FileId file = sources.Add("x.arl", text);
  Diagnostic d;
  d.code = "E0102";
  d.message = Message{"未知名称 `foo`", "unknown name `foo`"};
  d.primary = SpanOf(file, text, "foo");
  d.primary_label = Message{"未定义", "not defined"};
  d.help = Message{"是否想写 `for`?", "did you mean `for`?"};
  CHECK(Render(d, sources, Lang::kEn, false) ==
        "x.arl:2:9: error[E0102]: unknown name `foo`\n"
        "  |\n"
        "2 | let b = foo + 2\n"
        "  |         ^^^ not defined\n"
        "  = help: did you mean `for`?\n");
  CHECK(Render(d, sources, Lang::kZh, false) ==
        "x.arl:2:9: 错误[E0102]: 未知名称 `foo`\n"
        "  |\n"
        "2 | let b = foo + 2\n"
        "  |         ^^^ 未定义\n"
        "  = 帮助: 是否想写 `for`?\n");
  const std::string colored = Render(d, sources, Lang::kEn, true);
  CHECK(colored.find("\x1b[1;31merror[E0102]\x1b[0m") != std::string::npos);
}

TEST_CASE("render a CJK span with carets by display width", "[render]") {
  SourceManager sources;
  std::string text;
  for (int i = 0; i < 11; ++i) text += "# 注释\n";
  text += "  输出 单位.等次 = 总分低于 90分\n";
  const FileId file = sources.Add("samples/x.arl", text);
  Diagnostic d;
  d.code = "E0102";
  d.message = Message{"未知名称 `总分低于`", "unknown name `总分低于`"};
  d.primary = SpanOf(file, text, "总分低于");
  d.primary_label =
      Message{"不是表、列、参数或定义", "not a table, column, parameter or definition"};
  CHECK(Render(d, sources, Lang::kEn, false) ==
        "samples/x.arl:12:14: error[E0102]: unknown name `总分低于`\n"
        "   |\n"
        "12 |   输出 单位.等次 = 总分低于 90分\n"
        "   | " +
            std::string(19, ' ') + "^^^^^^^^ not a table, column, parameter or definition\n");
}

TEST_CASE("render a zero-length span at end of file", "[render]") {
  SourceManager sources;
  const std::string text = "a = 1\nb = 总分\n";
  const FileId file = sources.Add("x.arl", text);
  Diagnostic d;
  d.code = "E0001";
  d.message = Msg("unexpected end of file");
  const auto size = static_cast<uint32_t>(text.size());
  d.primary = Span{file, size, size};
  CHECK(Render(d, sources, Lang::kEn, false) ==
        "x.arl:2:7: error[E0001]: unexpected end of file\n"
        "  |\n"
        "2 | b = 总分\n"
        "  |         ^\n");
}

TEST_CASE("render a multi-line span on its first line only", "[render]") {
  SourceManager sources;
  const std::string text = "规则 甲 {\r\n  x\r\n}\r\n";
  const FileId file = sources.Add("x.arl", text);
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.code = "W0301";
  d.message = Msg("unused rule");
  d.primary = Span{file, 0, static_cast<uint32_t>(text.size())};
  CHECK(Render(d, sources, Lang::kZh, false) ==
        "x.arl:1:1: 警告[W0301]: unused rule\n"
        "  |\n"
        "1 | 规则 甲 {\n"
        "  | ^^^^^^^^^\n");
}

TEST_CASE("render secondary labels, tabs and fileless notes", "[render]") {
  SourceManager sources;
  const std::string text = "参数 上限 = 3\n\n\n\n\n\n\n\n\n\t总分 = 上限 + 1\n";
  const FileId file = sources.Add("x.arl", text);
  Diagnostic d;
  d.code = "E0301";
  d.message = Msg("type mismatch");
  d.primary = SpanOf(file, text, "上限 + 1");
  d.primary_label = Msg("number");
  d.secondary.push_back(Label{SpanOf(file, text, "上限"), Msg("declared here")});
  d.secondary.push_back(Label{Span{}, Msg("from the command line")});
  d.help = Message{"加上单位", "add a unit"};
  CHECK(Render(d, sources, Lang::kEn, false) ==
        "x.arl:10:7: error[E0301]: type mismatch\n"
        "   |\n"
        "10 |     总分 = 上限 + 1\n"
        "   |            ^^^^^^^^ number\n"
        "   |\n"
        " ::: x.arl:1:4\n"
        "   |\n"
        " 1 | 参数 上限 = 3\n"
        "   |      ^^^^ declared here\n"
        "   = note: from the command line\n"
        "   = help: add a unit\n");
}

TEST_CASE("render without a file, and with nonsense spans", "[render]") {
  SourceManager sources;
  Diagnostic d;
  d.code = "E0002";
  d.message = Message{"未知选项 `--foo`", "unknown option `--foo`"};
  CHECK(Render(d, sources, Lang::kEn, false) == "arl: error[E0002]: unknown option `--foo`\n");
  CHECK(Render(d, sources, Lang::kZh, false) == "arl: 错误[E0002]: 未知选项 `--foo`\n");

  const FileId file = sources.Add("x.arl", "ab\n");
  d.primary = Span{file, 1000, 5};
  CHECK(Render(d, sources, Lang::kEn, false) ==
        "x.arl:1:3: error[E0002]: unknown option `--foo`\n"
        "  |\n"
        "1 | ab\n"
        "  |   ^\n");
  d.primary = Span{77, 0, 1};
  CHECK(Render(d, sources, Lang::kEn, false).rfind("arl: error", 0) == 0);
  const FileId empty = sources.Add("empty.arl", "");
  d.primary = Span{empty, 0, 0};
  CHECK(Render(d, sources, Lang::kEn, false) ==
        "empty.arl:1:1: error[E0002]: unknown option `--foo`\n"
        "  |\n"
        "1 |\n"
        "  | ^\n");
}

TEST_CASE("render cuts long lines around the span", "[render]") {
  SourceManager sources;
  std::string text(300, 'a');
  text[250] = 'X';
  text += "\n";
  const FileId file = sources.Add("x.arl", text);
  Diagnostic d;
  d.code = "E0102";
  d.message = Msg("here");
  d.primary = Span{file, 250, 251};
  const std::string out = Render(d, sources, Lang::kEn, false);
  const size_t line_at = out.find("1 | ");
  REQUIRE(line_at != std::string::npos);
  const std::string shown = out.substr(line_at + 4, out.find('\n', line_at) - line_at - 4);
  CHECK(shown.rfind("…", 0) == 0);
  CHECK(DisplayWidth(shown) <= kMaxShownLineWidth);
  const size_t caret_at = out.find('^');
  const size_t caret_line = out.rfind('\n', caret_at) + 1;
  const size_t x_column = DisplayWidth(shown.substr(0, shown.find('X')));
  CHECK(caret_at - caret_line - 4 == x_column);
}

TEST_CASE("render deep inside a very long line shows only the part around the span", "[render]") {
  // 100,000 CJK characters (300,000 bytes) with the span near the middle:
  // cut on both sides, the column still counted from the line's start.
  SourceManager sources;
  std::string text;
  for (int i = 0; i < 100000; ++i) text += i == 60000 ? "乙" : "甲";
  text += "\n";
  const FileId file = sources.Add("x.arl", text);
  Diagnostic d;
  d.code = "E0102";
  d.message = Msg("here");
  d.primary = Span{file, 60000 * 3, 60001 * 3};
  const std::string out = Render(d, sources, Lang::kEn, false);
  CHECK(out.find("x.arl:1:60001:") != std::string::npos);
  const size_t line_at = out.find("1 | ");
  REQUIRE(line_at != std::string::npos);
  const std::string shown = out.substr(line_at + 4, out.find('\n', line_at) - line_at - 4);
  CHECK(shown.rfind("…", 0) == 0);
  CHECK(shown.substr(shown.size() - std::string("…").size()) == "…");
  CHECK(DisplayWidth(shown) <= kMaxShownLineWidth);
  const size_t caret_at = out.find('^');
  const size_t caret_line = out.rfind('\n', caret_at) + 1;
  CHECK(caret_at - caret_line - 4 == DisplayWidth(shown.substr(0, shown.find("乙"))));
  CHECK(out.substr(caret_at, 3) == "^^\n");  // one wide character, two carets
}

TEST_CASE("RenderAll separates diagnostics and ends with a summary", "[render]") {
  SourceManager sources;
  Diagnostics diags;
  diags.Error("E0002", Span{}, Msg("b"));
  diags.Warning("W0001", Span{}, Msg("c"));
  diags.Error("E0001", Span{}, Msg("a"));
  CHECK(RenderAll(diags, sources, Lang::kEn, false) ==
        "arl: error[E0001]: a\n\narl: error[E0002]: b\n\narl: warning[W0001]: c\n\n"
        "error: 2 errors, 1 warning\n");
  CHECK(RenderAll(diags, sources, Lang::kZh, false).find("错误: 2 个错误, 1 个警告\n") !=
        std::string::npos);

  Diagnostics warnings_only;
  warnings_only.Warning("W0001", Span{}, Msg("c"));
  CHECK(RenderAll(warnings_only, sources, Lang::kEn, false) ==
        "arl: warning[W0001]: c\n\nwarning: 1 warning\n");
  CHECK(RenderAll(Diagnostics{}, sources, Lang::kEn, false).empty());
}

// ---------------------------------------------------------------- suggest

TEST_CASE("ClosestName works on Chinese names", "[suggest]") {
  const std::vector<std::string> names = {"迟到早退次数", "旷工天数", "总分", "等次"};
  CHECK(ClosestName("迟到早退数", names) == "迟到早退次数");
  CHECK(ClosestName("迟到早退次", names) == "迟到早退次数");
  CHECK(ClosestName("旷天工数", names) == "旷工天数");  // transposition is one edit
  CHECK_FALSE(ClosestName("奖金", names));
  CHECK_FALSE(ClosestName("总分", names));  // already exact
  CHECK(EditDistance("迟到早退次数", "迟到早退数") == 1);
}

TEST_CASE("ClosestNames is deterministic and capped", "[suggest]") {
  const std::vector<std::string> names = {"abd", "abc", "abe", "abf", "abc", "zzzz"};
  CHECK(ClosestNames("abx", names) == std::vector<std::string>{"abc", "abd", "abe"});
  CHECK(ClosestName("ab", {"abcd", "b"}) == "b");
}

}  // namespace
}  // namespace arl::base
