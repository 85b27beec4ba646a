// The documentation is tested, so that it cannot drift from the tool.
//
// Fenced blocks in README.md and docs/*.md, by their info string:
//
// - ```arl: a block that starts with 政策/规则库 (policy/library) is a whole
//   file: it must pass `arl check` and its 测试 blocks must pass. Any other
//   block is a fragment of declarations and must parse.
// - ```arl 出错 E0201 E0406: must FAIL `arl check` with (at least) these
//   codes. A fragment is checked under a one-line 政策 header.
// - ```arl 文件 NAME: a step of a walk-through, written to NAME in the
//   document's scratch folder. A whole file replaces NAME; a fragment
//   replaces the declarations of NAME with the same head (`输出 镇乡.等次`,
//   `参数 不合格线`, `测试 "…"`) and adds the others at the end. NAME must
//   then pass `arl check` (its tests may fail: a step may show that), or
//   fail with the codes of a `出错` in the same info string.
// - ```csv 文件 NAME (any language): written to NAME as it is.
// - ```console: each line `$ arl …` is run in the scratch folder with
//   LANG=zh_CN.UTF-8, stdout and stderr together; the lines after it, up to
//   the next `$`, must be its output exactly (trailing spaces aside).
//   ```console 仓库 (or repo) runs in the repository's root instead, so a
//   walk-through can use the samples (samples/zhongshan/…) as they are.
//
// 文件/file and 出错/fails may be written in either language. Each document
// has its own scratch folder, empty at the start. Every file that docs/X.md
// writes must, at the end of the document, equal docs/X/NAME: the real file
// that `arl test` and the other whole-file tests run too.
//
// A last test reads the keywords of grammar/ArlLexer.g4 and requires each
// spelling, Chinese and English, in a code span or block of docs/reference.md.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/driver/pipeline.h"
#include "compiler/driver/test_blocks.h"
#include "compiler/ir/from_checked.h"
#include "tests/driver/process.h"
#include "tests/driver/rule_files.h"

namespace arl {
namespace {

namespace fs = std::filesystem;
using testing::CommandOutput;
using testing::ShellQuote;

struct Block {
  std::string file;
  int line = 0;                    // of the opening fence
  std::string lang;                // the first word of the info string
  std::vector<std::string> words;  // the other words of the info string
  std::string text;
};

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<Block> FencedBlocks(const std::string& path, const std::string& markdown) {
  std::vector<Block> blocks;
  std::optional<Block> open;
  int line_number = 0;
  for (const std::string& line : Lines(markdown)) {
    ++line_number;
    const bool fence = line.rfind("```", 0) == 0;
    if (open && fence) {
      blocks.push_back(*open);
      open.reset();
    } else if (open) {
      open->text += line + "\n";
    } else if (fence) {
      std::vector<std::string> words = Words(line.substr(3));
      open = Block{path, line_number, words.empty() ? "" : words[0], {}, ""};
      if (!words.empty()) open->words.assign(words.begin() + 1, words.end());
    }
  }
  return blocks;
}

bool IsWholeFile(const std::string& text) {
  for (const std::string& line : Lines(text)) {
    if (line.empty() || line[0] == '#') continue;
    return line.rfind("政策", 0) == 0 || line.rfind("规则库", 0) == 0 ||
           line.rfind("policy", 0) == 0 || line.rfind("library", 0) == 0;
  }
  return false;
}

std::vector<std::string> MarkdownFiles() {
  std::vector<std::string> files{"README.md"};
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator("docs")) {
    if (entry.path().extension() == ".md") files.push_back(entry.path().generic_u8string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// What the info string of an ```arl block asks for.
struct ArlInfo {
  std::string file;                 // 文件 NAME
  std::vector<std::string> fails;   // 出错 CODE...
  std::vector<std::string> errors;  // words not understood
};

ArlInfo ParseArlInfo(const std::vector<std::string>& words) {
  ArlInfo info;
  for (size_t i = 0; i < words.size(); ++i) {
    if ((words[i] == "文件" || words[i] == "file") && i + 1 < words.size()) {
      info.file = words[++i];
    } else if (words[i] == "出错" || words[i] == "fails") {
      while (i + 1 < words.size() && std::regex_match(words[i + 1], std::regex("E[0-9]{4}"))) {
        info.fails.push_back(words[++i]);
      }
      if (info.fails.empty()) info.errors.push_back(words[i] + " without a code");
    } else {
      info.errors.push_back(words[i]);
    }
  }
  return info;
}

// ---- the declarations of a rule file, for the step blocks ----

struct Declaration {
  std::string head;  // `输出 镇乡.等次`, `测试 "名字"`
  std::string text;  // with the comment lines just above it, no trailing blank lines
};

// The head of a declaration line: its keyword and the name after it, the
// name cut at `:`, `(` or `{`; a quoted name is taken whole.
std::string HeadOf(const std::string& line) {
  const size_t space = line.find(' ');
  if (space == std::string::npos) return line;
  std::string rest = line.substr(space + 1);
  size_t end = std::string::npos;
  if (rest.rfind("\"", 0) == 0) {
    end = rest.find('"', 1);
    if (end != std::string::npos) ++end;
  } else if (rest.rfind("“", 0) == 0) {
    end = rest.find("”");
    if (end != std::string::npos) end += std::string("”").size();
  } else {
    end = rest.find_first_of(" :({");
    for (const char* wide : {"：", "（"}) end = std::min(end, rest.find(wide));
  }
  return line.substr(0, space) + " " + rest.substr(0, end);
}

// Splits a rule file into declarations: each starts at a line that begins in
// column 0 (not a comment, not a closing brace), with the comment lines right
// above it; the file header is the first one.
std::vector<Declaration> Declarations(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  std::vector<size_t> starts;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '}') {
      continue;
    }
    size_t begin = i;
    while (begin > 0 && !lines[begin - 1].empty() && lines[begin - 1][0] == '#') --begin;
    starts.push_back(begin);
  }
  std::vector<Declaration> declarations;
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t end = k + 1 < starts.size() ? starts[k + 1] : lines.size();
    while (end > starts[k] && lines[end - 1].empty()) --end;
    Declaration d;
    for (size_t i = starts[k]; i < end; ++i) {
      d.text += lines[i] + "\n";
      if (d.head.empty() && lines[i][0] != '#') d.head = HeadOf(lines[i]);
    }
    declarations.push_back(d);
  }
  return declarations;
}

// `file` with the declarations of `fragment` put in: each replaces the one
// with the same head, or goes at the end. Declarations are one blank line
// apart.
std::string PutDeclarations(const std::string& file, const std::string& fragment) {
  std::vector<Declaration> merged = Declarations(file);
  for (const Declaration& d : Declarations(fragment)) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const Declaration& old) { return old.head == d.head; });
    if (same != merged.end()) {
      *same = d;
    } else {
      merged.push_back(d);
    }
  }
  std::string text;
  for (const Declaration& d : merged) text += (text.empty() ? "" : "\n") + d.text;
  return text;
}

// ---- running the real `arl` in a scratch folder ----

// Runs `arl ARGS` in `folder` and returns what it printed, stdout and stderr
// together.
std::string RunArl(const fs::path& folder, const std::vector<std::string>& args) {
  std::string command = "cd " + ShellQuote(folder.u8string()) +
                        " && env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 NO_COLOR=1 " +
                        ShellQuote(ARL_BINARY);
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  return CommandOutput(command + " 2>&1");
}

// Lines without trailing spaces, and no blank lines at the end.
std::string Normalized(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  for (std::string& line : lines) line.erase(line.find_last_not_of(' ') + 1);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

/// A document's scratch folder: the files its step blocks have written.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "arl-docs-XXXXXX").u8string();
    if (mkdtemp(pattern.data()) != nullptr) folder_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    if (!folder_.empty()) fs::remove_all(folder_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const fs::path& Folder() const { return folder_; }
  const std::map<std::string, std::string>& Files() const { return files_; }
  const std::string& Text(const std::string& name) { return files_[name]; }

  void Write(const std::string& name, const std::string& text) {
    files_[name] = text;
    const fs::path path = folder_ / fs::u8path(name);
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }

 private:
  fs::path folder_;
  std::map<std::string, std::string> files_;
};

// The codes of what `arl check` reports for `text` (as the file `path`),
// lowering included, as CheckOne does.
std::set<std::string> CheckCodes(const std::string& path, const std::string& text, bool& ok) {
  driver::Compilation compilation;
  base::Diagnostics diags;
  ok = driver::LoadAndCheck(path, compilation, diags, text);
  if (ok) ir::FromChecked(*compilation.program, diags);
  ok = ok && !diags.HasErrors();
  std::set<std::string> codes;
  for (const base::Diagnostic& d : diags.Sorted()) codes.insert(d.code);
  return codes;
}

void CheckFails(const std::string& path, const std::string& text, const ArlInfo& info) {
  bool ok = false;
  const std::set<std::string> codes = CheckCodes(path, text, ok);
  INFO(driver::CheckOne(path, base::Lang::kEn, false, "", text).diagnostics);
  CHECK_FALSE(ok);
  for (const std::string& code : info.fails) {
    INFO("expected a diagnostic " << code);
    CHECK(codes.count(code) == 1);
  }
}

// Runs the 测试 blocks of a whole-file example: what the reference claims a
// construct does is checked by the 预期 lines beside it.
void CheckTestBlocksPass(const std::string& path, const std::string& text) {
  driver::Compilation compilation;
  base::Diagnostics diags;
  REQUIRE(driver::LoadAndCheck(path, compilation, diags, text));
  const ir::Program program = ir::FromChecked(*compilation.program, diags);
  REQUIRE(!diags.HasErrors());
  for (const driver::TestOutcome& test :
       driver::RunTestBlocks(compilation, program, base::Lang::kEn)) {
    std::string failures;
    for (const driver::Expectation& e : test.expectations) {
      if (!e.passed)
        failures += "\n  expected " + e.what + " = " + e.expected + ", got " + e.actual;
    }
    for (const std::string& problem : test.problems) failures += "\n  " + problem;
    INFO("测试 \"" << test.name << "\"" << failures);
    CHECK(test.Passed());
  }
}

void TestArlBlock(const Block& block, Scratch& scratch) {
  const ArlInfo info = ParseArlInfo(block.words);
  INFO("info string: " << (info.errors.empty() ? "ok" : "not understood: " + info.errors[0]));
  CHECK(info.errors.empty());
  if (!info.file.empty()) {
    const std::string text =
        IsWholeFile(block.text) ? block.text : PutDeclarations(scratch.Text(info.file), block.text);
    scratch.Write(info.file, text);
    const std::string path = (scratch.Folder() / fs::u8path(info.file)).u8string();
    INFO(info.file << " is now:\n" << text);
    if (!info.fails.empty()) {
      CheckFails(path, text, info);
      return;
    }
    driver::CheckOutcome outcome = driver::CheckOne(path, base::Lang::kEn, false, "", text);
    INFO(outcome.diagnostics);
    CHECK(outcome.ok);
    return;
  }
  // Named after the markdown file so relative imports resolve from docs/.
  const std::string as_path = block.file + ".arl";
  const std::string text =
      IsWholeFile(block.text) ? block.text : "政策 片段 \"文档片段\"\n" + block.text;
  if (!info.fails.empty()) {
    CheckFails(as_path, text, info);
    return;
  }
  if (IsWholeFile(block.text)) {
    driver::CheckOutcome outcome = driver::CheckOne(as_path, base::Lang::kEn, false, "", text);
    INFO(outcome.diagnostics);
    CHECK(outcome.ok);
    if (outcome.ok) CheckTestBlocksPass(as_path, text);
  } else {
    driver::Compilation compilation;
    base::Diagnostics diags;
    CHECK(driver::LoadAndParse(as_path, compilation, diags, text));
  }
}

void TestConsoleBlock(const Block& block, Scratch& scratch) {
  const bool in_repo =
      std::find(block.words.begin(), block.words.end(), "仓库") != block.words.end() ||
      std::find(block.words.begin(), block.words.end(), "repo") != block.words.end();
  const fs::path folder = in_repo ? fs::path(ARL_SOURCE_ROOT) : scratch.Folder();
  std::vector<std::string> lines = Lines(block.text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("$ ", 0) != 0) {
      FAIL("a console block must start with a `$ arl …` line, not: " << lines[i]);
    }
    std::vector<std::string> args = Words(lines[i].substr(2));
    std::string expected;
    while (i + 1 < lines.size() && lines[i + 1].rfind("$ ", 0) != 0) expected += lines[++i] + "\n";
    INFO("command: " << lines[i]);
    REQUIRE(!args.empty());
    REQUIRE(args[0] == "arl");
    args.erase(args.begin());
    CHECK(Normalized(RunArl(folder, args)) == Normalized(expected));
  }
}

TEST_CASE(
    "every snippet in the documentation checks, parses, fails or prints "
    "as shown",
    "[docs]") {
  size_t snippets = 0;
  for (const std::string& path : MarkdownFiles()) {
    std::optional<std::string> markdown = driver::ReadFile(path);
    REQUIRE(markdown.has_value());
    Scratch scratch;
    REQUIRE(!scratch.Folder().empty());
    for (const Block& block : FencedBlocks(path, *markdown)) {
      INFO(block.file << " line " << block.line << ":\n" << block.text);
      const ArlInfo info = ParseArlInfo(block.words);
      if (block.lang == "arl") {
        ++snippets;
        TestArlBlock(block, scratch);
      } else if (block.lang == "console") {
        ++snippets;
        TestConsoleBlock(block, scratch);
      } else if (!info.file.empty()) {
        ++snippets;
        scratch.Write(info.file, block.text);
      }
    }
    // docs/X.md's files are the files in docs/X/.
    const fs::path real = fs::path(path).replace_extension();
    for (const auto& [name, text] : scratch.Files()) {
      const fs::path file = real / fs::u8path(name);
      std::optional<std::string> on_disk = driver::ReadFile(file.u8string());
      INFO(path << " writes " << name << "; " << file.u8string() << " must hold the same text");
      REQUIRE(on_disk.has_value());
      CHECK(*on_disk == text);
    }
  }
  CHECK(snippets > 10);
}

TEST_CASE("the clause examples in docs/examples check cleanly", "[docs]") {
  size_t examples = 0;
  for (const std::string& path : testing::RepositoryRuleFiles()) {
    if (path.rfind("docs/examples/", 0) != 0) continue;
    ++examples;
    driver::CheckOutcome outcome = driver::CheckOne(path, base::Lang::kEn, false);
    INFO(path << ":\n" << outcome.diagnostics);
    CHECK(outcome.ok);
  }
  CHECK(examples == 5);
}

// ---- every keyword is in the reference ----

// The words of code in a markdown text: inline `code` and fenced blocks, split
// at spaces and punctuation (ASCII, and the full-width forms arl accepts).
std::set<std::string> CodeWords(const std::string& markdown) {
  std::string code;
  bool fenced = false;
  for (const std::string& line : Lines(markdown)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
    } else if (fenced) {
      code += line + "\n";
    } else {
      for (size_t open = line.find('`'); open != std::string::npos;) {
        const size_t close = line.find('`', open + 1);
        if (close == std::string::npos) break;
        code += line.substr(open + 1, close - open - 1) + "\n";
        open = line.find('`', close + 1);
      }
    }
  }
  for (const char* wide : {"（", "）", "【", "】", "，", "、", "：", "？", "“", "”", "　"}) {
    for (size_t at = code.find(wide); at != std::string::npos; at = code.find(wide, at)) {
      code.replace(at, std::string(wide).size(), " ");
    }
  }
  for (char& c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u) && c != '_') c = ' ';
  }
  std::vector<std::string> words = Words(code);
  return {words.begin(), words.end()};
}

// Keyword rules of the lexer (`NAME : '中文' | 'english' ;`): rules made only
// of quoted words that start with a letter (or a non-ASCII character).
std::map<std::string, std::vector<std::string>> LexerKeywords(const std::string& grammar) {
  std::map<std::string, std::vector<std::string>> keywords;
  const std::regex rule(R"(^([A-Z_]+)\s*:\s*(.*);\s*$)");
  const std::regex literal("'([^']*)'");
  for (const std::string& line : Lines(grammar)) {
    std::smatch m;
    if (!std::regex_match(line, m, rule)) continue;
    const std::string body = m[2];
    if (!std::regex_match(body, std::regex(R"(\s*'[^']+'(\s*\|\s*'[^']+')*\s*)"))) continue;
    std::vector<std::string> words;
    bool all_words = true;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), literal);
         it != std::sregex_iterator(); ++it) {
      const std::string word = (*it)[1];
      const auto first = static_cast<unsigned char>(word[0]);
      all_words = all_words && (first >= 0x80 || std::isalpha(first));
      words.push_back(word);
    }
    if (all_words) keywords[m[1]] = words;
  }
  return keywords;
}

TEST_CASE("docs/reference.md shows every keyword of the lexer in both spellings", "[docs]") {
  std::optional<std::string> grammar = driver::ReadFile("grammar/ArlLexer.g4");
  std::optional<std::string> reference = driver::ReadFile("docs/reference.md");
  REQUIRE(grammar.has_value());
  REQUIRE(reference.has_value());
  const std::map<std::string, std::vector<std::string>> keywords = LexerKeywords(*grammar);
  CHECK(keywords.size() > 90);
  const std::set<std::string> documented = CodeWords(*reference);
  std::string missing;
  for (const auto& [rule, words] : keywords) {
    for (const std::string& word : words) {
      if (documented.count(word) == 0) missing += " " + rule + " `" + word + "`";
    }
  }
  INFO(
      "keywords of grammar/ArlLexer.g4 not in a code span or block of "
      "docs/reference.md:"
      << missing);
  CHECK(missing.empty());
}

}  // namespace
}  // namespace arl
