// Inputs built to break a parser: each must get a clean, positioned message
// (or be accepted), never a crash or a hang. Speed is measured in bench/,
// not asserted here.
#include <catch2/catch.hpp>

#include <string>

#include "compiler/driver/pipeline.h"

namespace arl {
namespace {

driver::CheckOutcome Check(const std::string& text) {
  return driver::CheckOne("hostile.arl", base::Lang::kEn, false, "", text);
}

bool Mentions(const driver::CheckOutcome& outcome, const std::string& what) {
  return outcome.diagnostics.find(what) != std::string::npos;
}

const char* const kHeader = "政策 示例 \"示例\"\n";

TEST_CASE("invalid UTF-8 is reported with its position", "[robustness]") {
  driver::CheckOutcome outcome = Check(std::string(kHeader) + "参数 甲: 分 = 1分\xff\xfe\n");
  CHECK_FALSE(outcome.ok);
  CHECK(Mentions(outcome, "error[E0003]"));
  CHECK(Mentions(outcome, "hostile.arl:2:"));
}

TEST_CASE("a byte order mark and CRLF line ends are accepted", "[robustness]") {
  std::string text =
      "\xEF\xBB\xBF政策 示例 \"示例\"\r\n参数 甲: 分 依据 \"一\" = 1分\r\n"
      "参数 乙: 分 依据 \"一\" = 甲 + 元(1)\r\n";
  driver::CheckOutcome outcome = Check(text);
  CHECK_FALSE(outcome.ok);  // 分 + 元: the error proves positions are right
  CHECK(Mentions(outcome, "hostile.arl:3:"));
}

TEST_CASE("an empty file is an error, not a crash", "[robustness]") {
  for (const char* text : {"", "   \n\n", "# 只有注释\n"}) {
    driver::CheckOutcome outcome = Check(text);
    CHECK_FALSE(outcome.ok);
    CHECK(Mentions(outcome, "error[E0004]"));
  }
}

TEST_CASE("100,000 nested parentheses stop at the nesting limit", "[robustness]") {
  std::string text = std::string(kHeader) +
                     "参数 甲: 数 依据 \"一\" = " + std::string(100000, '(') + "1" +
                     std::string(100000, ')') + "\n";
  driver::CheckOutcome outcome = Check(text);
  CHECK_FALSE(outcome.ok);
  CHECK(Mentions(outcome, "error[E0105]"));
}

TEST_CASE("100,000 unary minus signs stop at the nesting limit", "[robustness]") {
  std::string text =
      std::string(kHeader) + "参数 甲: 数 依据 \"一\" = " + std::string(100000, '-') + "1\n";
  driver::CheckOutcome outcome = Check(text);
  CHECK_FALSE(outcome.ok);
  CHECK(Mentions(outcome, "error[E0105]"));
}

TEST_CASE("thousands of unclosed brackets give a bounded list of errors", "[robustness]") {
  for (char open : {'(', '{', '['}) {
    std::string text =
        std::string(kHeader) + "参数 甲: 数 依据 \"一\" = " + std::string(5000, open) + "\n";
    driver::CheckOutcome outcome = Check(text);
    CHECK_FALSE(outcome.ok);
    CHECK(Mentions(outcome, "hostile.arl:2:"));
  }
  std::string braces = std::string(kHeader);
  for (int i = 0; i < 3000; ++i) braces += "实体 甲 {\n";
  driver::CheckOutcome outcome = Check(braces);
  CHECK_FALSE(outcome.ok);
  CHECK(Mentions(outcome, "error[E0"));
}

TEST_CASE("a 200,000-term sum is checked without recursion", "[robustness]") {
  std::string text = std::string(kHeader) + "定义 甲: 数 依据 \"一\" = 1";
  text.reserve(text.size() + 200000 * 4);
  for (int i = 1; i < 200000; ++i) text += " + 1";
  text += "\n";
  driver::CheckOutcome outcome = Check(text);
  INFO(outcome.diagnostics);
  CHECK(outcome.ok);
}

TEST_CASE("a file of garbage bytes that are valid UTF-8 is rejected cleanly", "[robustness]") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "}{)(,:=?\"";
  driver::CheckOutcome outcome = Check(text);
  CHECK_FALSE(outcome.ok);
  CHECK(Mentions(outcome, "hostile.arl:1:"));
}

}  // namespace
}  // namespace arl
