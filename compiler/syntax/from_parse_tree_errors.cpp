// Syntax errors in plain words, Chinese and English (codes E0101–E0110).
//
// ANTLR knows which tokens could have come; users think in kinds of things
// ("an expression", "a declaration"), so the sets are summarised before
// they are shown, and the offending token is quoted as written.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/base/utf8.h"
#include "compiler/syntax/from_parse_tree.h"
#include "compiler/syntax/keywords.h"
#include "compiler/syntax/parse.h"

namespace arl::syntax::fpt {
namespace {

using antlr4::misc::IntervalSet;
using base::Message;

/// Tokens quoted in a message are cut after this many code points.
constexpr size_t kMaxQuoted = 24;
/// Kinds of thing listed in one "expected …" before the rest become "…".
constexpr size_t kMaxExpectedWords = 6;

struct Word {
  std::string zh;
  std::string en;
};

std::string Quote(std::string_view text) {
  std::string out;
  size_t offset = 0;
  size_t count = 0;
  while (offset < text.size() && count < kMaxQuoted) {
    const size_t start = offset;
    base::DecodeAt(text, offset);
    out.append(text.substr(start, offset - start));
    ++count;
  }
  if (offset < text.size()) out += "…";
  return "`" + out + "`";
}

Word KeywordWord(const Keyword& k) {
  const std::string zh = k.zh.empty() ? std::string(k.en) : std::string(k.zh);
  std::string en = "`" + zh + "`";
  if (!k.zh.empty() && !k.en.empty()) en += " (" + std::string(k.en) + ")";
  return {"`" + zh + "`", en};
}

/// The keyword each keyword token spells. The boundary words are a token per
/// spelling, so those have one spelling only.
const std::pair<size_t, Keyword> kKeywordTokens[] = {
    {ArlLexer::POLICY, kw::kPolicy},
    {ArlLexer::LIBRARY, kw::kLibrary},
    {ArlLexer::TITLE, kw::kTitle},
    {ArlLexer::SOURCE, kw::kSource},
    {ArlLexer::PRECISION, kw::kPrecision},
    {ArlLexer::IMPORT, kw::kImport},
    {ArlLexer::ENUM, kw::kEnum},
    {ArlLexer::PARAM, kw::kParam},
    {ArlLexer::ENTITY, kw::kEntity},
    {ArlLexer::RECORDS, kw::kRecords},
    {ArlLexer::RANGE, kw::kRange},
    {ArlLexer::BLANK, kw::kBlank},
    {ArlLexer::CITE, kw::kCite},
    {ArlLexer::ASSUME, kw::kAssume},
    {ArlLexer::INTERPRETS, kw::kInterprets},
    {ArlLexer::DEFINE, kw::kDefine},
    {ArlLexer::OUTPUT, kw::kOutput},
    {ArlLexer::FUNCTION, kw::kFunction},
    {ArlLexer::STRUCTURE, kw::kStructure},
    {ArlLexer::TEST, kw::kTest},
    {ArlLexer::DATA, kw::kData},
    {ArlLexer::EXPECT, kw::kExpect},
    {ArlLexer::FAILS, kw::kFails},
    {ArlLexer::SCENARIO, kw::kScenario},
    {ArlLexer::REMOVE, kw::kRemove},
    {ArlLexer::T_NUMBER, kw::kNumber},
    {ArlLexer::T_INTEGER, kw::kInteger},
    {ArlLexer::T_POINTS, kw::kPoints},
    {ArlLexer::T_YUAN, kw::kYuan},
    {ArlLexer::T_WANYUAN, kw::kWanYuan},
    {ArlLexer::T_PERCENT, kw::kPercent},
    {ArlLexer::T_BOOL, kw::kBool},
    {ArlLexer::T_TEXT, kw::kText},
    {ArlLexer::TRUE, kw::kTrue},
    {ArlLexer::FALSE, kw::kFalse},
    {ArlLexer::NONE, kw::kNone},
    {ArlLexer::AND, kw::kAnd},
    {ArlLexer::OR, kw::kOr},
    {ArlLexer::NOT, kw::kNot},
    {ArlLexer::IF, kw::kIf},
    {ArlLexer::THEN, kw::kThen},
    {ArlLexer::ELSE, kw::kElse},
    {ArlLexer::IN, kw::kIn},
    {ArlLexer::AT, Keyword{kw::kAt.zh, ""}},
    {ArlLexer::ABOVE_INCL, Keyword{kw::kAboveIncl.zh, ""}},
    {ArlLexer::BELOW_INCL, Keyword{kw::kBelowIncl.zh, ""}},
    {ArlLexer::WITHIN_INCL, Keyword{kw::kWithinIncl.zh, ""}},
    {ArlLexer::ATLEAST, Keyword{"", kw::kAboveIncl.en}},
    {ArlLexer::ATMOST, Keyword{"", kw::kBelowIncl.en}},
    {ArlLexer::WITHIN, Keyword{"", kw::kWithinIncl.en}},
    {ArlLexer::REACHES, kw::kReaches},
    {ArlLexer::EXCEEDS, kw::kExceeds},
    {ArlLexer::HIGHER, kw::kHigher},
    {ArlLexer::LOWER, kw::kLower},
    {ArlLexer::UNDER, kw::kUnder},
    {ArlLexer::CAP, kw::kCap},
    {ArlLexer::FLOOR, kw::kFloor},
    {ArlLexer::UNTIL_ZERO, kw::kUntilZero},
    {ArlLexer::IFNONE, kw::kIfNone},
    {ArlLexer::SUM, kw::kSum},
    {ArlLexer::COUNT, kw::kCount},
    {ArlLexer::MAX, kw::kMax},
    {ArlLexer::MIN, kw::kMin},
    {ArlLexer::AVG, kw::kAvg},
    {ArlLexer::ALL, kw::kAll},
    {ArlLexer::ANY, kw::kAny},
    {ArlLexer::EVERY, kw::kEvery},
    {ArlLexer::WHERE, kw::kWhere},
    {ArlLexer::BY, kw::kBy},
    {ArlLexer::SAME, kw::kSame},
    {ArlLexer::KEEP_HIGHEST, kw::kKeepHighest},
    {ArlLexer::KEEP_LOWEST, kw::kKeepLowest},
    {ArlLexer::RANK, kw::kRank},
    {ArlLexer::BOTTOM, kw::kBottom},
    {ArlLexer::DESC, kw::kDesc},
    {ArlLexer::ASC, kw::kAsc},
    {ArlLexer::ELIGIBLE, kw::kEligible},
    {ArlLexer::TIES, kw::kTies},
    {ArlLexer::SHARE, kw::kShare},
    {ArlLexer::DENSE, kw::kDense},
    {ArlLexer::DROP, kw::kDrop},
    {ArlLexer::ERROR_TIE, kw::kErrorTie},
    {ArlLexer::THENBY, kw::kThenBy},
    {ArlLexer::ROUND, kw::kRound},
    {ArlLexer::KEEPDIGITS, kw::kKeepDigits},
    {ArlLexer::HALF_UP, kw::kHalfUp},
    {ArlLexer::HALF_EVEN, kw::kHalfEven},
    {ArlLexer::DOWN, kw::kDown},
    {ArlLexer::UP, kw::kUp},
    {ArlLexer::LOOKUP, kw::kLookup},
    {ArlLexer::CASES, kw::kCases},
    {ArlLexer::HIT, kw::kHit},
    {ArlLexer::FIRST, kw::kFirst},
    {ArlLexer::UNIQUE, kw::kUnique},
    {ArlLexer::WHEN, kw::kWhen},
    {ArlLexer::OTHERWISE, kw::kOtherwise},
    {ArlLexer::TIERS, kw::kTiers},
    {ArlLexer::ORDER, kw::kOrder},
    {ArlLexer::QUOTA, kw::kQuota},
    {ArlLexer::SHARE_OF, kw::kShareOf},
    {ArlLexer::REST, kw::kRest},
    {ArlLexer::DEMOTE, kw::kDemote},
};

std::optional<Keyword> KeywordOf(size_t type) {
  for (const auto& [token, keyword] : kKeywordTokens) {
    if (token == type) return keyword;
  }
  return std::nullopt;
}

/// How punctuation tokens are shown: the ASCII form, or the one a printer writes.
const std::pair<size_t, std::string_view> kPunctuation[] = {
    {ArlLexer::LPAREN, "("},   {ArlLexer::RPAREN, ")"}, {ArlLexer::LBRACE, "{"},
    {ArlLexer::RBRACE, "}"},   {ArlLexer::LBRACK, "["}, {ArlLexer::RBRACK, "]"},
    {ArlLexer::COMMA, ","},    {ArlLexer::COLON, ":"},  {ArlLexer::DOTDOT, ".."},
    {ArlLexer::DOT, "."},      {ArlLexer::PIPE, "|"},   {ArlLexer::PLUS, "+"},
    {ArlLexer::MINUS, "-"},    {ArlLexer::TIMES, "×"},  {ArlLexer::DIVIDE, "÷"},
    {ArlLexer::EQ, "="},       {ArlLexer::NE, "≠"},     {ArlLexer::LE, "≤"},
    {ArlLexer::GE, "≥"},       {ArlLexer::LT, "<"},     {ArlLexer::GT, ">"},
    {ArlLexer::QUESTION, "?"},
};

std::string_view PunctuationOf(size_t type) {
  for (const auto& [token, text] : kPunctuation) {
    if (token == type) return text;
  }
  return "";
}

Word TokenWord(size_t type) {
  switch (type) {
    case antlr4::Token::EOF:
      return {"文件结尾", "end of file"};
    case ArlLexer::NAME:
      return {"名称", "a name"};
    case ArlLexer::NUMBER:
      return {"数", "a number"};
    case ArlLexer::STRING:
      return {"字符串", "a string"};
    default:
      break;
  }
  if (std::optional<Keyword> k = KeywordOf(type)) return KeywordWord(*k);
  const std::string_view p = PunctuationOf(type);
  if (!p.empty()) return {"`" + std::string(p) + "`", "`" + std::string(p) + "`"};
  return {"其他内容", "something else"};
}

// ---- expected sets as kinds of things -------------------------------------------

/// A kind of thing: shown instead of its tokens when the expected set holds
/// all of `signature` (which only this kind starts with).
struct Kind {
  Word word;
  std::vector<size_t> signature;
  std::vector<size_t> members;
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kinds = {
      // Where a lookup row may start: a condition (or `-`), or 其他.
      {{"查表的一行 (`低于 …:`、`其他:` …)", "a lookup row (`低于 …:`, `其他:` …)"},
       {ArlLexer::LOWER, ArlLexer::EXCEEDS, ArlLexer::OTHERWISE, ArlLexer::NUMBER},
       {ArlLexer::ATLEAST,   ArlLexer::REACHES,    ArlLexer::EXCEEDS,  ArlLexer::HIGHER,
        ArlLexer::ATMOST,    ArlLexer::WITHIN,     ArlLexer::LOWER,    ArlLexer::UNDER,
        ArlLexer::OTHERWISE, ArlLexer::NUMBER,     ArlLexer::STRING,   ArlLexer::TRUE,
        ArlLexer::FALSE,     ArlLexer::LPAREN,     ArlLexer::NAME,     ArlLexer::SUM,
        ArlLexer::COUNT,     ArlLexer::MAX,        ArlLexer::MIN,      ArlLexer::AVG,
        ArlLexer::ALL,       ArlLexer::ANY,        ArlLexer::RANK,     ArlLexer::BOTTOM,
        ArlLexer::ROUND,     ArlLexer::KEEPDIGITS, ArlLexer::T_POINTS, ArlLexer::T_YUAN,
        ArlLexer::T_WANYUAN, ArlLexer::T_NUMBER,   ArlLexer::LOOKUP,   ArlLexer::CASES,
        ArlLexer::TIERS,     ArlLexer::MINUS,      ArlLexer::NONE}},
      // A value in a row of a 数据表.
      {{"表格的值", "a cell value"},
       {ArlLexer::NUMBER, ArlLexer::STRING, ArlLexer::TRUE, ArlLexer::FALSE, ArlLexer::NAME,
        ArlLexer::PIPE},
       {ArlLexer::MINUS, ArlLexer::NUMBER, ArlLexer::STRING, ArlLexer::TRUE, ArlLexer::FALSE,
        ArlLexer::NAME}},
      {{"表达式", "an expression"},
       {ArlLexer::NUMBER, ArlLexer::NAME, ArlLexer::LPAREN},
       {ArlLexer::NUMBER,     ArlLexer::STRING,   ArlLexer::TRUE,   ArlLexer::FALSE,
        ArlLexer::LPAREN,     ArlLexer::NAME,     ArlLexer::SUM,    ArlLexer::COUNT,
        ArlLexer::MAX,        ArlLexer::MIN,      ArlLexer::AVG,    ArlLexer::ALL,
        ArlLexer::ANY,        ArlLexer::RANK,     ArlLexer::BOTTOM, ArlLexer::ROUND,
        ArlLexer::KEEPDIGITS, ArlLexer::T_POINTS, ArlLexer::T_YUAN, ArlLexer::T_WANYUAN,
        ArlLexer::T_NUMBER,   ArlLexer::LOOKUP,   ArlLexer::CASES,  ArlLexer::TIERS,
        ArlLexer::MINUS,      ArlLexer::NOT,      ArlLexer::IF,     ArlLexer::NONE}},
      {{"声明 (`定义`、`输出`、`参数`、`实体` …)",
        "a declaration (`定义`, `输出`, `参数`, `实体` …)"},
       {ArlLexer::DEFINE, ArlLexer::OUTPUT, ArlLexer::PARAM},
       {ArlLexer::IMPORT, ArlLexer::ENUM, ArlLexer::PARAM, ArlLexer::ENTITY, ArlLexer::RECORDS,
        ArlLexer::DEFINE, ArlLexer::OUTPUT, ArlLexer::FUNCTION, ArlLexer::ASSUME,
        ArlLexer::STRUCTURE, ArlLexer::TEST, ArlLexer::SCENARIO}},
      {{"类型", "a type"},
       {ArlLexer::T_TEXT, ArlLexer::T_BOOL},
       {ArlLexer::T_NUMBER, ArlLexer::T_INTEGER, ArlLexer::T_POINTS, ArlLexer::T_YUAN,
        ArlLexer::T_WANYUAN, ArlLexer::T_PERCENT, ArlLexer::T_BOOL, ArlLexer::T_TEXT,
        ArlLexer::ENUM, ArlLexer::NAME}},
      {{"运算符", "an operator"},
       {ArlLexer::PLUS, ArlLexer::TIMES},
       {ArlLexer::PLUS,       ArlLexer::MINUS,  ArlLexer::TIMES,      ArlLexer::DIVIDE,
        ArlLexer::CAP,        ArlLexer::FLOOR,  ArlLexer::UNTIL_ZERO, ArlLexer::IFNONE,
        ArlLexer::EQ,         ArlLexer::NE,     ArlLexer::LT,         ArlLexer::LE,
        ArlLexer::GT,         ArlLexer::GE,     ArlLexer::AT,         ArlLexer::ATLEAST,
        ArlLexer::ATMOST,     ArlLexer::WITHIN, ArlLexer::REACHES,    ArlLexer::EXCEEDS,
        ArlLexer::HIGHER,     ArlLexer::LOWER,  ArlLexer::UNDER,      ArlLexer::IN,
        ArlLexer::AND,        ArlLexer::OR,     ArlLexer::ABOVE_INCL, ArlLexer::BELOW_INCL,
        ArlLexer::WITHIN_INCL}},
  };
  return kinds;
}

/// The kinds of thing in `expected`, then its other tokens; at most
/// kMaxExpectedWords, end of file last. `cut` tells whether some were left out.
std::vector<Word> Summarise(IntervalSet expected, bool& cut) {
  std::vector<Word> words;
  for (const Kind& kind : Kinds()) {
    const bool all = std::all_of(kind.signature.begin(), kind.signature.end(),
                                 [&](size_t t) { return expected.contains(t); });
    if (!all) continue;
    words.push_back(kind.word);
    for (size_t t : kind.members) expected.remove(t);
  }
  const bool end_of_file = expected.contains(static_cast<size_t>(antlr4::Token::EOF));
  expected.remove(static_cast<size_t>(antlr4::Token::EOF));
  for (ssize_t t : expected.toList()) {
    if (t > 0) words.push_back(TokenWord(static_cast<size_t>(t)));
  }
  if (end_of_file) words.push_back(TokenWord(antlr4::Token::EOF));
  cut = words.size() > kMaxExpectedWords;
  if (cut) words.resize(kMaxExpectedWords);
  return words;
}

/// "A、B 或 C" and "A, B or C"; when some were left out, "A、B、C 等" and
/// "A, B, C, …".
Word Join(const std::vector<Word>& words, bool cut) {
  Word out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      const bool last = i + 1 == words.size() && !cut;
      out.zh += last ? " 或 " : "、";
      out.en += last ? " or " : ", ";
    }
    out.zh += words[i].zh;
    out.en += words[i].en;
  }
  if (cut) {
    out.zh += " 等";
    out.en += ", …";
  }
  return out;
}

// ---- names with a keyword glued on -----------------------------------------------

/// Keywords a drafter is likely to write against a name (`总分低于`): the
/// comparison, logic and postfix words. Declaration and type words are left
/// out because names legitimately start or end with them (完成百分比,
/// 考核依据, 资金来源); 在 only as a suffix (在岗月数 is a fine name).
struct Glue {
  std::string_view word;
  bool as_prefix;
};
constexpr Glue kGlueWords[] = {
    {"扣完为止", true}, {"从高到低", true}, {"从低到高", true}, {"以上", true}, {"以下", true},
    {"以内", true},     {"届满", true},     {"超过", true},     {"高于", true}, {"低于", true},
    {"不满", true},     {"如果", true},     {"否则", true},     {"属于", true}, {"封顶", true},
    {"保底", true},     {"若无", true},     {"其中", true},     {"且", true},   {"或", true},
    {"在", false},
};

struct Split {
  std::string keyword;
  std::string fixed;  // the name and the keyword, apart
  bool suffix;
};

std::optional<Split> SplitGlued(std::string_view name) {
  for (const Glue& g : kGlueWords) {
    if (name.size() <= g.word.size()) continue;
    if (name.substr(name.size() - g.word.size()) == g.word) {
      const std::string_view rest = name.substr(0, name.size() - g.word.size());
      return Split{std::string(g.word), std::string(rest) + " " + std::string(g.word), true};
    }
    if (g.as_prefix && name.substr(0, g.word.size()) == g.word) {
      const std::string_view rest = name.substr(g.word.size());
      return Split{std::string(g.word), std::string(g.word) + " " + std::string(rest), false};
    }
  }
  return std::nullopt;
}

// ---- stray characters ----------------------------------------------------------------

std::string CodeOf(char32_t c) {
  return fmt::format("U+{:04X}", static_cast<uint32_t>(c));
}

std::string Utf8(char32_t c) {
  std::string out;
  base::AppendUtf8(out, c);
  return out;
}

bool Invisible(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0xA0) || (c >= 0x200B && c <= 0x200F) || c == 0x2028 ||
         c == 0x2029 || c == 0x2060 || c == 0xFEFF;
}

/// The ASCII character an IME-typed or look-alike character stands for,
/// where arl uses that ASCII character.
std::optional<std::string_view> AsciiFor(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) {
    static constexpr std::string_view kUsed = "#\"+-*/<=>[]{}._0123456789";
    const char ascii = static_cast<char>(c - 0xFEE0);
    const size_t at = kUsed.find(ascii);
    if (at != std::string_view::npos) return kUsed.substr(at, 1);
    return std::nullopt;
  }
  switch (c) {
    case 0x3002:
      return ".";  // 。
    case 0x2018:
    case 0x2019:  // ‘ ’
    case 0x300C:
    case 0x300D:
      return "\"";  // 「 」
    case 0x2013:
    case 0x2014:
      return "-";  // – —
    case 0x2026:
      return "..";  // …
    case 0x00A0:
      return " ";  // no-break space
    default:
      return std::nullopt;
  }
}

/// arl has no arrow (`->`, `→`): a row of 查表 or 按情况 is what one would
/// draw it for (`1000万元 以上 → 2分`).
Message ArrowHelp(std::string_view arrow) {
  return {fmt::format("arl 不用箭头 `{}`: 查表、按情况的一行里, 条件与结果之间写 `:`", arrow),
          fmt::format("arl has no arrow `{}`: in a row of 查表 or 按情况, write `:` between the "
                      "condition and the result",
                      arrow)};
}

Message StrayHelp(char32_t c) {
  if (c == '\r') {
    return {"行尾只能是 \\n 或 \\r\\n: 请用这两种换行方式保存文件",
            "a line must end with \\n or \\r\\n: save the file with one of those"};
  }
  if (std::optional<std::string_view> ascii = AsciiFor(c)) {
    const std::string shown = *ascii == " " ? "空格" : "`" + std::string(*ascii) + "`";
    const std::string shown_en =
        *ascii == " " ? "an ordinary space" : "`" + std::string(*ascii) + "`";
    return {"请改用半角 " + shown, "write " + shown_en + " instead"};
  }
  if (Invisible(c)) return {"这是一个看不见的字符: 请删除它", "it is invisible: delete it"};
  switch (c) {
    case ';':
      return {"arl 的语句不以 `;` 结尾: 请删除它", "arl statements need no `;`: delete it"};
    case 0xFF1B:
      return {"arl 的语句不以 `；` 结尾: 请删除它", "arl statements need no `；`: delete it"};
    case '\'':
      return {"字符串用双引号 `\"`", "strings are written in double quotes `\"`"};
    case '!':
      return {"不等于写作 `!=` 或 `≠`; 取反写作 `不`",
              "write `!=` or `≠` for “not equal”, `不` for “not”"};
    case '&':
      return {"“并且”写作 `且`", "write `且` (and) for “and”"};
    case '%':
      return {"百分号紧跟在数后面: `50%`", "write the percent sign right after the number: `50%`"};
    case 0x2192:  // →
      return ArrowHelp("→");
    default:
      return {};
  }
}

}  // namespace

// ---- SyntaxErrors ------------------------------------------------------------------------

bool SyntaxErrors::Admit(Span at) {
  ++seen_;
  if (stopped_) return false;
  if (reported_ >= kMaxSyntaxErrors) {
    stopped_ = true;
    diags_.Error("E0106", at,
                 {fmt::format("语法错误太多 (已报告 {} 个), 从这里起不再检查", kMaxSyntaxErrors),
                  fmt::format("too many syntax errors ({} reported); the rest of the file is "
                              "not checked",
                              kMaxSyntaxErrors)});
    return false;
  }
  ++reported_;
  return true;
}

base::Diagnostic& SyntaxErrors::Error(std::string code, Span at, Message message) {
  ++seen_;
  return diags_.Error(std::move(code), at, std::move(message));
}

bool SyntaxErrors::StrayCharacter(const antlr4::Token* token) {
  const Span at = source_.TokenSpan(token);
  if (!Admit(at)) return false;
  const std::string_view text = source_.SpanText(at);
  size_t offset = 0;
  const char32_t c = base::DecodeAt(text, offset);
  const std::string code = CodeOf(c);
  Message message;
  if (c == '\r') {
    message = {"行尾有一个单独的回车符 (U+000D)", "a carriage return (U+000D) without a line feed"};
  } else if (Invisible(c)) {
    message = {fmt::format("这里有一个看不见的字符 ({})", code),
               fmt::format("an invisible character ({}) here", code)};
  } else {
    message = {fmt::format("无法识别的字符 `{}` ({})", Utf8(c), code),
               fmt::format("unexpected character `{}` ({})", Utf8(c), code)};
  }
  base::Diagnostic& d = diags_.Error("E0103", at, std::move(message));
  d.primary_label = {"arl 不使用这个字符", "arl does not use this character"};
  Message help = StrayHelp(c);
  if (!help.Empty()) d.help = std::move(help);
  return true;
}

bool SyntaxErrors::UnterminatedString(const antlr4::Token* token) {
  const Span at = source_.TokenSpan(token);
  if (!Admit(at)) return false;
  const bool curly = source_.SpanText(at).substr(0, 1) != "\"";
  const std::string close = curly ? "`”`" : "`\"`";
  base::Diagnostic& d =
      diags_.Error("E0102", at,
                   {"字符串没有结束: 这一行里缺少结尾的 " + close,
                    "unterminated string: no closing " + close + " on this line"});
  d.primary_label = {"字符串从这里开始", "the string starts here"};
  d.help = Message{"字符串不能跨行; 请在同一行内用 " + close + " 结束它",
                   "a string cannot span lines: close it with " + close + " on the same line"};
  return true;
}

void SyntaxErrors::TooDeep(const antlr4::Token* at) {
  if (too_deep_ || stopped_) return;
  too_deep_ = true;
  ++seen_;
  base::Diagnostic& d =
      diags_.Error("E0105", source_.TokenSpan(at),
                   {"嵌套太深: 括号、运算符或 `如果` 套了太多层",
                    "nested too deeply: too many levels of brackets, operators or `如果`"});
  d.primary_label = {"从这里起超过了嵌套上限", "the nesting limit is passed here"};
  d.help = Message{"请把表达式拆成几个 `定义`", "split the expression into several `定义`"};
}

void SyntaxErrors::GaveUp(const antlr4::Token* at) {
  if (stopped_) return;
  stopped_ = true;
  ++seen_;
  diags_.Error("E0106", source_.TokenSpan(at),
               {"第一个语法错误之后有太多无法识别的内容, 从这里起不再检查",
                "too much unreadable text after the first syntax error; the rest of the file "
                "is not checked"});
}

bool SyntaxErrors::Unexpected(ArlParser* parser, antlr4::Token* offending,
                              const IntervalSet& expected) {
  const size_t type = offending->getType();
  if (type == ArlLexer::STRAY || type == ArlLexer::UNTERMINATED_STRING) {
    ++seen_;  // already reported by the lexer, where it was made
    return !stopped_;
  }
  if (cut_index_ && offending->getTokenIndex() >= *cut_index_) {
    ++seen_;  // the input was cut short here; the cut was reported
    return false;
  }
  const bool at_end = type == antlr4::Token::EOF;
  const Span at = at_end ? source_.EndOfText() : source_.TokenSpan(offending);
  if (!Admit(at)) return false;
  bool cut = false;
  const std::vector<Word> words = Summarise(expected, cut);
  const Word wanted = Join(words, cut);
  const bool known = !wanted.en.empty();
  base::Diagnostic* d = nullptr;
  if (at_end) {
    d = &diags_.Error("E0104", at,
                      known ? Message{"文件意外结束: 此处应为" + wanted.zh,
                                      "unexpected end of file: expected " + wanted.en}
                            : Message{"文件意外结束", "unexpected end of file"});
    d->primary_label = {"文件在这里结束", "the file ends here"};
    return true;
  }
  const std::string found = Quote(source_.TokenText(offending));
  d = &diags_.Error("E0101", at,
                    known ? Message{"此处应为" + wanted.zh + ", 却是 " + found,
                                    "expected " + wanted.en + ", found " + found}
                          : Message{"此处不应出现 " + found, "unexpected " + found});
  d->primary_label = {"此处不应出现 " + found, found + " is not expected here"};
  // A keyword where a name could stand was probably meant as a name, unless
  // it starts a declaration: then the line before it is unfinished.
  if (KeywordOf(type) && !StartsDeclaration(type) &&
      expected.contains(static_cast<size_t>(ArlLexer::NAME))) {
    d->help =
        Message{found + " 是关键字, 不能用作名称", found + " is a keyword and cannot be a name"};
  }
  // `->`: a minus and a greater-than written together.
  antlr4::TokenStream* tokens = parser->getTokenStream();
  const size_t index = offending->getTokenIndex();
  auto adjacent = [](const antlr4::Token* a, const antlr4::Token* b) {
    return a->getType() == ArlLexer::MINUS && b->getType() == ArlLexer::GT &&
           a->getStopIndex() + 1 == b->getStartIndex();
  };
  if ((index + 1 < tokens->size() && adjacent(offending, tokens->get(index + 1))) ||
      (index > 0 && adjacent(tokens->get(index - 1), offending))) {
    d->help = ArrowHelp("->");
  }
  Glued(parser, offending, *d);
  return true;
}

/// Adds help when the offending token, or the name just before it, is a
/// name with a keyword written against it (`得分低于 90分`).
void SyntaxErrors::Glued(ArlParser* parser, antlr4::Token* offending, base::Diagnostic& d) const {
  std::vector<antlr4::Token*> candidates{offending};
  antlr4::TokenStream* tokens = parser->getTokenStream();
  for (size_t i = std::min(offending->getTokenIndex(), tokens->size()); i-- > 0;) {
    antlr4::Token* t = tokens->get(i);
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    candidates.push_back(t);
    break;
  }
  for (antlr4::Token* t : candidates) {
    if (t->getType() != ArlLexer::NAME) continue;
    const std::string_view name = source_.TokenText(t);
    std::optional<Split> split = SplitGlued(name);
    if (!split) continue;
    d.help = Message{"关键字要与名称分开写: 写作 `" + split->fixed + "`",
                     "keywords must stand apart from names: write `" + split->fixed + "`"};
    const std::string where_zh = split->suffix ? "结尾" : "开头";
    const std::string where_en = split->suffix ? "ends" : "starts";
    d.secondary.push_back(base::Label{
        source_.TokenSpan(t),
        {fmt::format("名称 `{}` 的{}是关键字 `{}`", name, where_zh, split->keyword),
         fmt::format("the name `{}` {} with the keyword `{}`", name, where_en, split->keyword)}});
    return;
  }
}

}  // namespace arl::syntax::fpt
