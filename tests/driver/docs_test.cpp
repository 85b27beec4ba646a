// Every ```arl block in README.md and docs/*.md is tested: a block that
// starts with 政策/规则库 (policy/library) is a whole file and must pass
// `arl check`; any other block is a fragment of declarations and must parse.
// The clause examples in docs/examples/ must pass `arl check` too.
#include <catch2/catch.hpp>

#include <filesystem>

#include "compiler/driver/pipeline.h"
#include "tests/driver/rule_files.h"

namespace arl {
namespace {

namespace fs = std::filesystem;

struct Snippet {
  std::string file;
  int line = 0;  // of the opening fence
  std::string text;
};

std::vector<Snippet> ArlBlocks(const std::string& path, const std::string& markdown) {
  std::vector<Snippet> blocks;
  std::optional<Snippet> open;
  int line_number = 0;
  size_t start = 0;
  while (start <= markdown.size()) {
    size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string line = markdown.substr(start, end - start);
    ++line_number;
    if (open) {
      if (line.rfind("```", 0) == 0) {
        blocks.push_back(*open);
        open.reset();
      } else {
        open->text += line + "\n";
      }
    } else if (line == "```arl") {
      open = Snippet{path, line_number, ""};
    }
    start = end + 1;
  }
  return blocks;
}

bool IsWholeFile(const std::string& text) {
  size_t at = 0;
  // Skip comment lines and blank lines.
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (!line.empty() && line[0] != '#') {
      return line.rfind("政策", 0) == 0 || line.rfind("规则库", 0) == 0 ||
             line.rfind("policy", 0) == 0 || line.rfind("library", 0) == 0;
    }
    if (end == std::string::npos) break;
    at = end + 1;
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

TEST_CASE("every arl snippet in the documentation checks or parses", "[docs]") {
  size_t snippets = 0;
  for (const std::string& path : MarkdownFiles()) {
    std::optional<std::string> markdown = driver::ReadFile(path);
    REQUIRE(markdown.has_value());
    for (const Snippet& snippet : ArlBlocks(path, *markdown)) {
      ++snippets;
      // Named after the markdown file so relative imports resolve from docs/.
      const std::string as_path = path + ".arl";
      INFO(snippet.file << " line " << snippet.line << ":\n" << snippet.text);
      if (IsWholeFile(snippet.text)) {
        driver::CheckOutcome outcome =
            driver::CheckOne(as_path, base::Lang::kEn, false, "", snippet.text);
        INFO(outcome.diagnostics);
        CHECK(outcome.ok);
      } else {
        driver::Compilation compilation;
        base::Diagnostics diags;
        const std::string file = "政策 片段 \"文档片段\"\n" + snippet.text;
        CHECK(driver::LoadAndParse(as_path, compilation, diags, file));
      }
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

}  // namespace
}  // namespace arl
