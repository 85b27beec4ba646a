// The text as ANTLR reads it and as we report it: byte offsets of code
// points (ANTLR counts code points, spans count bytes), and the lexer's input
// with the characters that only matter by class replaced by ASCII ones.
#include <algorithm>
#include <iterator>
#include <utility>

#include "compiler/base/utf8.h"
#include "compiler/syntax/from_parse_tree.h"
#include "compiler/syntax/keywords.h"

namespace arl::syntax::fpt {
namespace {

/// Sets with more members than this in the lexer's ATN are character classes
/// ([\p{L}]); smaller ones name their members literally.
constexpr size_t kClassSetSize = 1000;

}  // namespace

// ---- SourceText ------------------------------------------------------------------

SourceText::SourceText(base::FileId file, std::string_view text) : file_(file), text_(text) {
  byte_of_.reserve(text.size() + 1);
  size_t offset = 0;
  while (offset < text.size()) {
    byte_of_.push_back(static_cast<uint32_t>(offset));
    base::DecodeAt(text, offset);
  }
  byte_of_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t SourceText::ByteOf(size_t index) const {
  return byte_of_[std::min(index, byte_of_.size() - 1)];
}

Span SourceText::TokenSpan(const antlr4::Token* token) const {
  const size_t start = token->getStartIndex();
  if (token->getType() == antlr4::Token::EOF || start == INVALID_INDEX) {
    const uint32_t at = start == INVALID_INDEX ? ByteOf(CodePointCount()) : ByteOf(start);
    return Span{file_, at, at};
  }
  return Span{file_, ByteOf(start), ByteOf(token->getStopIndex() + 1)};
}

Span SourceText::Between(const antlr4::Token* first, const antlr4::Token* last) const {
  const Span a = TokenSpan(first);
  const Span b = TokenSpan(last);
  return Span{file_, a.begin, std::max(a.begin, b.end)};
}

Span SourceText::Of(antlr4::ParserRuleContext* ctx) const {
  const antlr4::Token* start = ctx->getStart();
  const antlr4::Token* stop = ctx->getStop();
  if (stop == nullptr || stop->getTokenIndex() < start->getTokenIndex()) {
    const Span at = TokenSpan(start);
    return Span{file_, at.begin, at.begin};
  }
  return Between(start, stop);
}

std::string_view SourceText::TokenText(const antlr4::Token* token) const {
  return SpanText(TokenSpan(token));
}

std::string_view SourceText::SpanText(Span span) const {
  return text_.substr(span.begin, span.end - span.begin);
}

Span SourceText::EndOfText() const {
  const uint32_t end = static_cast<uint32_t>(text_.size());
  return Span{file_, end, end};
}

// ---- LexerInput ---------------------------------------------------------------------

namespace {

/// Why the lexer does not read the text as written: ANTLR's lexer caches
/// its DFA only for code points below 128, and tests a character against
/// [\p{L}] by a linear search of its ~600 ranges, so every Chinese character
/// costs ~2 µs (10 MB of Chinese took 8 s). Two rewrites make most of them
/// ASCII without changing a single token boundary or type:
///  - A character that no lexer rule names literally matters only through
///    the classes it belongs to ([\p{L}]; "any character" in strings,
///    comments and STRAY). It becomes an ASCII character that no rule names
///    either and that belongs to exactly the same classes.
///  - In a run of name characters that starts with a letter and is longer
///    than any keyword, the lexer can only be reading one NAME (or the inside
///    of a string or comment) past the first kLongestKeyword characters, so
///    from there on every letter, keyword characters (政, 策, …) included,
///    becomes the ASCII stand-in letter.
/// Token text is always read from the original text (SourceText), never
/// from the lexer's input. The alphabet is derived from the lexer's ATN, so
/// it follows the grammar.
class LexerAlphabet {
 public:
  static const LexerAlphabet& Get() {
    static const LexerAlphabet alphabet;
    return alphabet;
  }

  struct Class {
    char32_t lexed;  // what the lexer reads
    bool letter;     // in [\p{L}], the class names start with
  };

  Class Classify(char32_t c) const {
    if (c < 128) return {c, ascii_letter_[c]};
    const uint32_t signature = Signature(c);
    const bool letter = signature == letter_signature_ && letter_signature_ != 0;
    if (std::binary_search(literals_.begin(), literals_.end(), c)) return {c, letter};
    for (const StandIn& s : stand_ins_) {
      if (s.signature == signature) return {s.c, letter};
    }
    return {c, letter};
  }

  /// The stand-in for letters, or 0 if the grammar left none free.
  char32_t LetterStandIn() const { return letter_stand_in_; }

 private:
  struct Range {
    char32_t first;
    char32_t last;
  };
  struct StandIn {
    char32_t c;
    uint32_t signature;
  };

  LexerAlphabet() {
    antlr4::ANTLRInputStream empty;
    ArlLexer lexer(&empty);
    for (antlr4::atn::ATNState* state : lexer.getATN().states) {
      if (state == nullptr) continue;
      for (antlr4::atn::Transition* t : state->transitions) AddTransition(*t);
    }
    std::sort(literals_.begin(), literals_.end());
    literals_.erase(std::unique(literals_.begin(), literals_.end()), literals_.end());
    // One stand-in per combination of classes, from the printable ASCII
    // characters no rule names (and at most 32 classes, for the bitmask).
    if (classes_.size() > 32) return;
    letter_signature_ = Signature(U'a');
    for (char32_t c = 0; c < 128; ++c) {
      ascii_letter_[c] = letter_signature_ != 0 && Signature(c) == letter_signature_;
    }
    for (char32_t c = 33; c < 127; ++c) {
      if (std::binary_search(literals_.begin(), literals_.end(), c)) continue;
      const uint32_t signature = Signature(c);
      const bool known = std::any_of(stand_ins_.begin(), stand_ins_.end(),
                                     [&](const StandIn& s) { return s.signature == signature; });
      if (known) continue;
      stand_ins_.push_back({c, signature});
      if (signature == letter_signature_) letter_stand_in_ = c;
    }
  }

  void AddTransition(const antlr4::atn::Transition& t) {
    using antlr4::atn::Transition;
    switch (t.getSerializationType()) {
      case Transition::ATOM:
      case Transition::RANGE:
      case Transition::SET:
      case Transition::NOT_SET:
        break;  // NOT_SET's label is the excluded set
      default:
        return;  // epsilon, rule, wildcard: no characters
    }
    const antlr4::misc::IntervalSet label = t.label();
    std::vector<Range> ranges;
    for (const antlr4::misc::Interval& i : label.getIntervals()) {
      if (i.a < 0 || i.b < i.a) continue;
      ranges.push_back({static_cast<char32_t>(i.a), static_cast<char32_t>(i.b)});
    }
    if (label.size() > kClassSetSize && t.getSerializationType() != Transition::NOT_SET) {
      classes_.push_back(std::move(ranges));
      return;
    }
    for (const Range& r : ranges) {
      for (char32_t c = r.first; c <= r.last; ++c) literals_.push_back(c);
    }
  }

  uint32_t Signature(char32_t c) const {
    uint32_t signature = 0;
    for (size_t i = 0; i < classes_.size() && i < 32; ++i) {
      const std::vector<Range>& ranges = classes_[i];
      auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                                 [](char32_t x, const Range& r) { return x < r.first; });
      if (it != ranges.begin() && c <= std::prev(it)->last) signature |= 1u << i;
    }
    return signature;
  }

  std::vector<char32_t> literals_;           // sorted; every character a rule names
  std::vector<std::vector<Range>> classes_;  // each sorted by first
  std::vector<StandIn> stand_ins_;
  uint32_t letter_signature_ = 0;
  char32_t letter_stand_in_ = 0;
  bool ascii_letter_[128] = {};
};

/// Code points in the longest keyword, in either language.
size_t LongestKeyword() {
  size_t longest = 0;
  for (const Keyword& k : kAllKeywords) {
    longest = std::max({longest, base::CodePointCount(k.zh), base::CodePointCount(k.en)});
  }
  return longest;
}

}  // namespace

std::u32string LexerInput(std::string_view text) {
  const LexerAlphabet& alphabet = LexerAlphabet::Get();
  static const size_t kLongestKeyword = LongestKeyword();
  std::u32string out;
  out.reserve(text.size());
  size_t run = 0;          // length of the current run of name characters
  bool run_named = false;  // it started with a letter or `_` (NAME's first character)
  size_t offset = 0;
  while (offset < text.size()) {
    const char32_t c = base::DecodeAt(text, offset);
    const LexerAlphabet::Class cls = alphabet.Classify(c);
    // NAME : LETTER (LETTER | DIGIT | '_')*, LETTER : [\p{L}] | '_'
    if (cls.letter || c == '_' || (c >= '0' && c <= '9')) {
      if (run++ == 0) run_named = cls.letter || c == '_';
    } else {
      run = 0;
    }
    const bool deep_in_name = run_named && run > kLongestKeyword && cls.letter && c >= 128;
    out.push_back(deep_in_name && alphabet.LetterStandIn() != 0 ? alphabet.LetterStandIn()
                                                                : cls.lexed);
  }
  return out;
}

}  // namespace arl::syntax::fpt
