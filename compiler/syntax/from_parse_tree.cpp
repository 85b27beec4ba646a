// Parse(): from text to AST through ANTLR, with the limits that keep hostile
// input from crashing or stalling it.
//
// Three guards, each for something ANTLR does not bound by itself:
//  - NestingGuard, in the lexer, counts open brackets and prefix words
//    (`(`, `-`, `不`, `如果`, `查表`, `依`). ANTLR predicts which alternative
//    to take by reading ahead, and `comparison`'s alternatives all start with
//    `arith`, so one prediction may read through a whole deeply nested
//    operand before any rule is entered; its lookahead stack grows with the
//    nesting and is freed recursively (100,000 `(` overflow the native stack
//    inside the prediction). Only a check on the tokens themselves is early
//    enough.
//  - DepthGuard, a parse listener, caps real rule nesting at kMaxRuleDepth.
//  - The error budget: at most kMaxSyntaxErrors reports, and at most
//    kMaxTokensAfterError tokens read after the first error, because ANTLR's
//    recovery may skip silently through megabytes of garbage.
// A guard that trips reports once and either cuts the token stream short
// (an EOF token in place of the rest) or cancels the parse.
#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "compiler/syntax/from_parse_tree.h"
#include "compiler/syntax/parse.h"

namespace arl::syntax {
namespace fpt {
namespace {

/// Open brackets plus pending prefix words. The parser spends about four
/// rules per bracket, so this sits just above kMaxRuleDepth; since ANTLR's
/// lookahead reads tokens before the rules that will hold them are entered,
/// this guard usually trips first, and no lookahead explores more than about
/// 1,300 levels. Real clauses nest fewer than ten.
constexpr int kMaxNesting = 256;

/// Tokens read after the first syntax error. Recovery skips tokens until one
/// that can resume the parse; in 10 MB of garbage with no declaration keyword
/// that is the whole file (at up to 5 µs a token for Chinese text). A
/// 2,000-line rule file has about 45,000 tokens.
constexpr size_t kMaxTokensAfterError = 50000;

// ---- the lexer and its guards ---------------------------------------------------------

/// An input stream over code points we decoded ourselves: ANTLR's own UTF-8
/// decoding throws on bad input and strips a byte order mark, which would
/// shift every position.
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string code_points) {
    _data = std::move(code_points);
    p = 0;
  }
};

bool EndsOperand(size_t type) {
  switch (type) {
    case ArlLexer::NUMBER:
    case ArlLexer::STRING:
    case ArlLexer::NAME:
    case ArlLexer::TRUE:
    case ArlLexer::FALSE:
    case ArlLexer::NONE:
    case ArlLexer::RPAREN:
    case ArlLexer::RBRACK:
    case ArlLexer::RBRACE:
    case ArlLexer::UNTIL_ZERO:
      return true;
    default:
      return false;
  }
}

/// Tokens that end the expression being written at this bracket level (an
/// argument, a row, an arm), and with it the 如果 and 依 pending there.
bool EndsExpression(size_t type) {
  switch (type) {
    case ArlLexer::COMMA:
    case ArlLexer::COLON:
    case ArlLexer::PIPE:
    case ArlLexer::WHEN:
    case ArlLexer::OTHERWISE:
    case ArlLexer::ORDER:
    case ArlLexer::DEMOTE:
      return true;
    default:
      return false;
  }
}

/// An estimate, from the tokens alone, of how deeply the parser will nest:
/// open brackets; 如果 and 依, which nest until the expression ends;
/// 查表, which nests until its block closes; and runs of prefix `-` and 不.
/// It may overestimate a little, never by a factor that grows with length.
class NestingGuard {
 public:
  /// Whether `type`, the next default-channel token, takes the estimate past
  /// kMaxNesting.
  bool Observe(size_t type) {
    const size_t prev = prev_;
    prev_ = type;
    const bool prefix = type == ArlLexer::NOT || (type == ArlLexer::MINUS && !EndsOperand(prev));
    if (!prefix) Add(-std::exchange(run_, 0));
    if (prefix) {
      ++run_;
      return Add(1);
    }
    Level& top = levels_.back();
    switch (type) {
      case ArlLexer::LPAREN:
      case ArlLexer::LBRACK:
      case ArlLexer::LBRACE: {
        // A `{` right after 查表's inputs is that lookup's block.
        const bool owns_lookup = type == ArlLexer::LBRACE && top.lookups > 0;
        if (owns_lookup) --top.lookups;
        levels_.push_back(Level{0, 0, owns_lookup});
        return Add(1);
      }
      case ArlLexer::RPAREN:
      case ArlLexer::RBRACK:
      case ArlLexer::RBRACE:
        if (levels_.size() > 1) {
          Add(-(1 + top.pending + top.lookups + (top.owns_lookup ? 1 : 0)));
          levels_.pop_back();
        }
        return false;
      case ArlLexer::IF:
      case ArlLexer::THENBY:
        ++top.pending;
        return Add(1);
      case ArlLexer::LOOKUP:
        ++top.lookups;
        return Add(1);
      default:
        break;
    }
    if (StartsDeclaration(type)) {
      levels_.assign(1, Level{});
      open_ = 0;
    } else if (EndsExpression(type)) {
      Add(-std::exchange(top.pending, 0));
    }
    return false;
  }

 private:
  struct Level {
    int pending = 0;  // 如果 and 依 not yet ended
    int lookups = 0;  // 查表 whose block has not opened
    bool owns_lookup = false;
  };

  bool Add(int n) {
    open_ += n;
    return open_ > kMaxNesting;
  }

  std::vector<Level> levels_{Level{}};
  int open_ = 0;
  int run_ = 0;  // consecutive prefix `-` and 不
  size_t prev_ = 0;
};

/// ANTLR's lexer caches the steps of its automaton only for ASCII characters
/// (MAX_DFA_EDGE = 127) and works out every other one afresh, which made
/// Chinese text, most of a rule file, about ten times slower to lex than
/// ASCII. Its cache is a map, so it can hold any character; this simulator
/// caches every step except at the end of input, under ANTLR's own lock.
class UnicodeCachingSimulator : public antlr4::atn::LexerATNSimulator {
 public:
  using LexerATNSimulator::LexerATNSimulator;

 protected:
  using LexerATNSimulator::addDFAEdge;

  antlr4::dfa::DFAState* getExistingTargetState(antlr4::dfa::DFAState* s, size_t t) override {
    if (t == antlr4::Token::EOF) return LexerATNSimulator::getExistingTargetState(s, t);
    _edgeLock.readLock();
    const auto found = s->edges.find(t);
    antlr4::dfa::DFAState* target = found == s->edges.end() ? nullptr : found->second;
    _edgeLock.readUnlock();
    return target;
  }

  void addDFAEdge(antlr4::dfa::DFAState* p, size_t t, antlr4::dfa::DFAState* q) override {
    if (t == antlr4::Token::EOF) return LexerATNSimulator::addDFAEdge(p, t, q);
    _edgeLock.writeLock();
    p->edges[t] = q;
    _edgeLock.writeUnlock();
  }
};

/// The generated lexer, reporting its error tokens as it makes them (each
/// once, whatever the parser does with them later) and able to stop early:
/// once a guard trips it returns EOF for the rest of the text.
class GuardedLexer : public ArlLexer {
 public:
  GuardedLexer(antlr4::CharStream* input, SyntaxErrors& errors) : ArlLexer(input), errors_(errors) {
    auto* generated = getInterpreter<antlr4::atn::LexerATNSimulator>();
    _interpreter = new UnicodeCachingSimulator(this, getATN(), generated->_decisionToDFA,
                                               generated->getSharedContextCache());
    delete generated;
  }

  std::unique_ptr<antlr4::Token> nextToken() override {
    if (cut_) return EndOfInput();
    SkipBlanks();
    std::unique_ptr<antlr4::Token> next = ArlLexer::nextToken();
    if (next->getChannel() == antlr4::Token::DEFAULT_CHANNEL &&
        next->getType() != antlr4::Token::EOF && !Admit(*next)) {
      Cut(*next);
      return EndOfInput();
    }
    ++emitted_;
    return next;
  }

 private:
  /// Consumes what the grammar's WS and NEWLINE rules would skip, before the
  /// generated lexer starts a token: ANTLR would run its automaton and a
  /// skip action for each run of blanks, a third of its work on plain text.
  void SkipBlanks() {
    auto* atn = getInterpreter<antlr4::atn::LexerATNSimulator>();
    for (;;) {
      const size_t c = _input->LA(1);
      const bool blank =
          c == ' ' || c == '\t' || c == 0x3000 || c == '\n' || (c == '\r' && _input->LA(2) == '\n');
      if (!blank) return;
      atn->consume(_input);
    }
  }

  bool Admit(const antlr4::Token& next) {
    if (errors_.Any() && ++after_error_ > kMaxTokensAfterError) {
      errors_.GaveUp(&next);
      return false;
    }
    switch (next.getType()) {
      case STRAY:
        return errors_.StrayCharacter(&next);
      case UNTERMINATED_STRING:
        return errors_.UnterminatedString(&next);
      default:
        break;
    }
    if (nesting_.Observe(next.getType())) {
      errors_.TooDeep(&next);
      return false;
    }
    return true;
  }

  void Cut(const antlr4::Token& at) {
    cut_ = true;
    cut_start_ = at.getStartIndex();
    cut_line_ = at.getLine();
    cut_column_ = at.getCharPositionInLine();
    errors_.CutAt(emitted_);
  }

  std::unique_ptr<antlr4::Token> EndOfInput() {
    ++emitted_;
    return _factory->create({this, _input}, antlr4::Token::EOF, "", antlr4::Token::DEFAULT_CHANNEL,
                            cut_start_, cut_start_ == 0 ? 0 : cut_start_ - 1, cut_line_,
                            cut_column_);
  }

  SyntaxErrors& errors_;
  NestingGuard nesting_;
  size_t emitted_ = 0;  // tokens handed out: the index the next one gets
  size_t after_error_ = 0;
  bool cut_ = false;
  size_t cut_start_ = 0;
  size_t cut_line_ = 0;
  size_t cut_column_ = 0;
};

/// The lexer cannot fail on this grammar (STRAY takes any character), but
/// if it ever did, the user gets a positioned message rather than stderr.
class LexerErrors : public antlr4::BaseErrorListener {
 public:
  LexerErrors(SyntaxErrors& errors, const SourceText& source) : errors_(errors), source_(source) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token*, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    const auto* lexer = static_cast<antlr4::Lexer*>(recognizer);
    const uint32_t at = source_.ByteOf(lexer->tokenStartCharIndex);
    errors_.Error("E0103", Span{source_.File(), at, at},
                  {"无法识别这里的文字", "cannot read the text here"});
  }

 private:
  SyntaxErrors& errors_;
  const SourceText& source_;
};

// ---- the parser and its guards -------------------------------------------------------

/// Counts real rule nesting and cancels the parse past kMaxRuleDepth.
class DepthGuard : public antlr4::tree::ParseTreeListener {
 public:
  /// `errors` null: cancel silently (the fast first pass reports nothing).
  explicit DepthGuard(SyntaxErrors* errors) : errors_(errors) {}

  void enterEveryRule(antlr4::ParserRuleContext* ctx) override {
    // Each step of a left-recursive loop (`a + b + c`) is announced as a rule
    // entry whose context already holds the previous step as its first
    // child, and gets no matching exit; it costs no native stack either.
    if (!ctx->children.empty()) return;
    if (++depth_ > kMaxRuleDepth) {
      if (errors_ != nullptr) errors_->TooDeep(ctx->getStart());
      throw ParseCancelled{};
    }
  }
  void exitEveryRule(antlr4::ParserRuleContext*) override { --depth_; }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  SyntaxErrors* errors_;
  int depth_ = 0;
};

/// What could have come at the token where prediction failed. ANTLR's own
/// set is the one at the start of the decision, which may be several tokens
/// earlier (`得分低于 90分` fails at `90分`, not at `得分低于`).
antlr4::misc::IntervalSet ExpectedAtFailure(antlr4::Parser* parser,
                                            const antlr4::NoViableAltException& e) {
  const antlr4::atn::ATNConfigSet* configs = e.getDeadEndConfigs();
  if (configs == nullptr || e.getStartToken() == e.getOffendingToken()) {
    return e.getExpectedTokens();
  }
  antlr4::misc::IntervalSet expected;
  bool rule_may_end = false;
  for (const auto& config : configs->configs) {
    antlr4::atn::ATNState* state = config->state;
    if (state->getStateType() == antlr4::atn::ATNState::RULE_STOP) {
      rule_may_end = true;
      continue;
    }
    for (antlr4::atn::Transition* t : state->transitions) {
      if (!t->isEpsilon()) expected.addAll(t->label());
    }
  }
  antlr4::RuleContext* ctx = e.getCtx();
  if (rule_may_end && ctx != nullptr) {
    const antlr4::atn::ATN& atn = parser->getATN();
    const size_t stop = atn.ruleToStopState[ctx->getRuleIndex()]->stateNumber;
    expected.addAll(atn.getExpectedTokens(stop, ctx));
  }
  return expected.isEmpty() ? e.getExpectedTokens() : expected;
}

/// ANTLR's recovery, with every report sent to SyntaxErrors in structured
/// form (offending token, expected set) instead of an English sentence.
class ReportingStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit ReportingStrategy(SyntaxErrors& errors) : errors_(errors) {}

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser,
                                 const antlr4::NoViableAltException& e) override {
    Report(parser, e.getOffendingToken(), ExpectedAtFailure(parser, e));
  }
  void reportInputMismatch(antlr4::Parser* parser,
                           const antlr4::InputMismatchException& e) override {
    Report(parser, e.getOffendingToken(), e.getExpectedTokens());
  }
  void reportFailedPredicate(antlr4::Parser* parser,
                             const antlr4::FailedPredicateException& e) override {
    Report(parser, e.getOffendingToken(), parser->getExpectedTokens());
  }
  void reportUnwantedToken(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) return;
    beginErrorCondition(parser);
    Report(parser, parser->getCurrentToken(), getExpectedTokens(parser));
  }
  void reportMissingToken(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) return;
    beginErrorCondition(parser);
    Report(parser, parser->getCurrentToken(), getExpectedTokens(parser));
  }

  /// ANTLR drops a token it cannot use when the one after it fits; a
  /// declaration keyword is never the one to drop. `参数 甲: 分 =` followed
  /// by `参数 乙: 分 = 1` would otherwise lose `参数` and report `:` as well.
  antlr4::Token* singleTokenDeletion(antlr4::Parser* parser) override {
    if (StartsDeclaration(parser->getInputStream()->LA(1))) return nullptr;
    return antlr4::DefaultErrorStrategy::singleTokenDeletion(parser);
  }

 private:
  void Report(antlr4::Parser* parser, antlr4::Token* offending,
              const antlr4::misc::IntervalSet& expected) {
    if (!errors_.Unexpected(static_cast<ArlParser*>(parser), offending, expected)) {
      throw ParseCancelled{};
    }
  }

  SyntaxErrors& errors_;
};

/// ReportingStrategy sends every report of ANTLR's recovery straight to
/// SyntaxErrors; anything else that reaches the listeners still becomes a
/// positioned error, never a line on stderr.
class ParserErrors : public antlr4::BaseErrorListener {
 public:
  explicit ParserErrors(SyntaxErrors& errors) : errors_(errors) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    auto* parser = static_cast<ArlParser*>(recognizer);
    if (offending == nullptr) offending = parser->getCurrentToken();
    if (!errors_.Unexpected(parser, offending, antlr4::misc::IntervalSet())) throw ParseCancelled{};
  }

 private:
  SyntaxErrors& errors_;
};

/// Everything ANTLR needs alive while the tree is in use, in the order the
/// parts refer to each other.
struct Pipeline {
  Pipeline(const SourceText& source, SyntaxErrors& errors)
      : input(LexerInput(source.Text())),
        lexer(&input, errors),
        lexer_errors(errors, source),
        tokens(&lexer),
        parser(&tokens) {
    lexer.removeErrorListeners();
    lexer.addErrorListener(&lexer_errors);
    parser.removeErrorListeners();
  }

  CodePointStream input;
  GuardedLexer lexer;
  LexerErrors lexer_errors;
  antlr4::CommonTokenStream tokens;
  ArlParser parser;
};

/// First pass: SLL prediction, stopping at the first error. Most files have
/// none, and this is the fast path (antlr-notes: ~15% faster).
ArlParser::FileContext* ParseFast(Pipeline& p) {
  DepthGuard depth(nullptr);
  p.parser.addParseListener(&depth);
  p.parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  p.parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  ArlParser::FileContext* tree = nullptr;
  try {
    tree = p.parser.file();
  } catch (const antlr4::ParseCancellationException&) {
  } catch (const ParseCancelled&) {
  }
  p.parser.removeParseListeners();
  return tree;
}

/// Second pass, only for files the first rejected: full LL prediction (which
/// may yet accept the file) and error recovery, reporting every error.
ArlParser::FileContext* ParseReporting(Pipeline& p, SyntaxErrors& errors) {
  DepthGuard depth(&errors);
  ParserErrors listener(errors);
  p.parser.reset();
  p.parser.addParseListener(&depth);
  p.parser.addErrorListener(&listener);
  p.parser.setErrorHandler(std::make_shared<ReportingStrategy>(errors));
  p.parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  ArlParser::FileContext* tree = nullptr;
  try {
    tree = p.parser.file();
  } catch (const ParseCancelled&) {
  }
  p.parser.removeParseListeners();
  p.parser.removeErrorListeners();
  return errors.Seen() == 0 ? tree : nullptr;
}

ArlParser::FileContext* ParseTree(Pipeline& p, SyntaxErrors& errors) {
  ArlParser::FileContext* tree = ParseFast(p);
  if (tree != nullptr && errors.Seen() == 0) return tree;
  if (errors.Stopped()) return nullptr;
  return ParseReporting(p, errors);
}

}  // namespace

/// Keywords that start a declaration or test item: none can occur inside an
/// expression, so no lookahead reads past one and nesting starts afresh.
bool StartsDeclaration(size_t type) {
  switch (type) {
    case ArlLexer::IMPORT:
    case ArlLexer::ENUM:
    case ArlLexer::PARAM:
    case ArlLexer::ENTITY:
    case ArlLexer::RECORDS:
    case ArlLexer::DEFINE:
    case ArlLexer::OUTPUT:
    case ArlLexer::FUNCTION:
    case ArlLexer::ASSUME:
    case ArlLexer::STRUCTURE:
    case ArlLexer::TEST:
    case ArlLexer::DATA:
    case ArlLexer::EXPECT:
      return true;
    default:
      return false;
  }
}
}  // namespace fpt

std::optional<File> Parse(const base::SourceManager& sources, base::FileId file,
                          base::Diagnostics& diags) {
  const std::string& text = sources.Get(file).Text();
  if (text.size() > kMaxFileBytes) {
    diags
        .Error("E0107", Span{file, 0, 0},
               {fmt::format("文件太大: {} 字节, 上限为 {} 字节", text.size(), kMaxFileBytes),
                fmt::format("the file is too large: {} bytes, the limit is {} bytes", text.size(),
                            kMaxFileBytes)})
        .help = base::Message{"规则文件应当只有几百 KB; 请检查是否选错了文件",
                              "rule files are a few hundred KiB; is this the right file?"};
    return std::nullopt;
  }
  try {
    fpt::SourceText source(file, text);
    fpt::SyntaxErrors errors(source, diags);
    auto pipeline = std::make_unique<fpt::Pipeline>(source, errors);
    fpt::ArlParser::FileContext* tree = fpt::ParseTree(*pipeline, errors);
    if (tree == nullptr) return std::nullopt;
    fpt::TreeBuilder builder(source, pipeline->tokens, errors);
    File result = builder.BuildFile(tree);
    if (errors.Seen() > 0) return std::nullopt;
    result.file = file;
    return result;
  } catch (const fpt::ParseCancelled&) {
    return std::nullopt;  // the AST would be too deep; reported already
  } catch (const std::exception& e) {
    // A bug in arl or in ANTLR, not in the user's file; still never a crash.
    diags.Error("E0101", Span{file, 0, 0},
                {std::string("语法分析器内部出错: ") + e.what(),
                 std::string("internal error in the parser: ") + e.what()});
    return std::nullopt;
  }
}

std::vector<uint32_t> TokenBoundaries(std::string_view text) {
  std::vector<uint32_t> out;
  if (text.size() > kMaxFileBytes) return out;
  const fpt::SourceText source(base::kNoFile, text);
  fpt::CodePointStream input(fpt::LexerInput(text));
  fpt::ArlLexer lexer(&input);
  lexer.removeErrorListeners();
  for (auto token = lexer.nextToken(); token->getType() != antlr4::Token::EOF;
       token = lexer.nextToken()) {
    const Span span = source.TokenSpan(token.get());
    if (out.empty() || out.back() != span.begin) out.push_back(span.begin);
    out.push_back(span.end);
  }
  return out;
}

}  // namespace arl::syntax
