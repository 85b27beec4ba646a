// The shape of an arl rule file. Labelled alternatives (# Name) give the AST
// builder (compiler/syntax/from_parse_tree.cpp) one context class per form.
//
// Expressions come in two layers: `expr` (conditionals, logic, comparisons)
// over `arith` (arithmetic and the postfix words 封顶/保底/扣完为止/若无).
// Range bounds and comparison operands are `arith`, so `超过 1000万元 3000万元
// 以下` cannot be misread as a comparison.
parser grammar ArlParser;

options { tokenVocab = ArlLexer; }

file
    : header? decl* EOF
    ;

header
    : (POLICY | LIBRARY) name STRING? headerItem*
    ;

headerItem
    : TITLE STRING                                     # TitleItem
    | SOURCE STRING                                    # SourceItem
    | PRECISION NUMBER                                 # PrecisionItem
    ;

decl
    : IMPORT STRING                                    # ImportDecl
    | ENUM name citation? EQ enumMembers               # EnumDecl
    | PARAM name COLON type citation? EQ expr          # ParamDecl
    | (ENTITY | RECORDS) name (IN name)? citation?
        LBRACE column* RBRACE                          # TableDecl
    | (DEFINE | OUTPUT) qualifiedName (COLON type)?
        citation? EQ expr                              # DefDecl
    | FUNCTION name LPAREN (funcParam (COMMA funcParam)*)? RPAREN
        COLON type citation? EQ expr                   # FuncDecl
    | ASSUME STRING STRING INTERPRETS strings
        (PARAM name (COMMA name)*)?                    # AssumeDecl
    | STRUCTURE section                                # StructureDecl
    | TEST STRING LBRACE testItem* RBRACE              # TestDecl
    | SCENARIO STRING citation? LBRACE scenarioItem* RBRACE # ScenarioDecl
    ;

// 依据 "第十六条", "第十七条" 假定 "A-1"
citation
    : CITE strings (ASSUME strings)?
    | ASSUME strings
    ;

strings
    : STRING (COMMA STRING)*
    ;

enumMembers
    : LPAREN name (COMMA name)* RPAREN
    ;

qualifiedName
    : name (DOT name)?
    ;

funcParam
    : name COLON type
    ;

column
    : name COLON type (RANGE arith DOTDOT arith)? (BLANK arith)? citation?
    ;

type
    : baseType QUESTION?
    ;

baseType
    : T_NUMBER                                         # NumberType
    | T_INTEGER                                        # IntegerType
    | T_POINTS                                         # PointsType
    | T_YUAN                                           # YuanType
    | T_WANYUAN                                        # WanYuanType
    | T_PERCENT                                        # PercentType
    | T_BOOL                                           # BoolType
    | T_TEXT                                           # TextType
    | ENUM enumMembers                                 # InlineEnumType
    | name                                             # NamedType
    ;

// 计分结构 组织实施 6分 依据 "二(一)1" { 组织领导 2分 措施制定 1分 ... }
section
    : name NUMBER citation? (LBRACE section* RBRACE)?
    ;

testItem
    : PARAM name EQ expr                               # TestParam
    | DATA name LBRACE dataCell* RBRACE                # TestData
    | EXPECT name (LBRACK cell RBRACK)? (DOT name)?
        (EQ expr | FAILS STRING?)                      # TestExpect
    | EXPECT call (EQ expr | FAILS STRING?)            # TestExpectCall
    ;

// What a 情景 (a what-if scenario) changes: a parameter, an input cell, an
// entity row removed (with its records), rows added.
scenarioItem
    : PARAM name EQ expr                               # ScenarioParam
    | DATA name LBRACE dataCell* RBRACE                # ScenarioRows
    | name LBRACK cell RBRACK DOT name EQ expr         # ScenarioEdit
    | REMOVE name LBRACK cell RBRACK                   # ScenarioRemove
    ;

// Rows of a test table are split by line in the AST builder: newlines are
// not tokens, and `| |` is an empty cell.
dataCell
    : PIPE
    | cell
    ;

cell
    : MINUS? NUMBER
    | STRING
    | TRUE
    | FALSE
    | name
    ;

// ---- expressions ---------------------------------------------------------------

// Like `arith`, a flat run: conditions joined by 且 (binding tighter) and 或,
// which the AST builder groups. 不 applies to one condition; the 否则 branch
// of 如果 runs to the end of the expression.
expr
    : condition ((AND | OR) condition)*
    ;

condition
    : NOT condition                                    # NotExpr
    | IF expr THEN expr ELSE expr                      # IfExpr
    | comparison                                       # CompareExpr
    ;

comparison
    : arith comparisonTail??
    ;

// Left-factored, so that which comparison it is is decided by the one token
// after the left operand (`comparison` alternatives that each began with
// `arith` made every prediction read through the whole left operand).
comparisonTail
    : compareOp arith                                  # SymbolComparison
    | AT arith (ABOVE_INCL | BELOW_INCL | WITHIN_INCL) # PostfixWordComparison
    | (ATLEAST | ATMOST | WITHIN | REACHES
      | EXCEEDS | HIGHER | LOWER | UNDER) arith        # InfixWordComparison
    | IN LPAREN expr (COMMA expr)* RPAREN              # InComparison
    ;

compareOp
    : EQ | NE | LT | LE | GT | GE
    ;

// One flat run of operands, each a primary after any number of `-`, and the
// operators between them. The AST builder gives the run its shape by
// precedence (tightest first: negation, × ÷, + -, 封顶 保底, 扣完为止, 若无;
// all left-associative), the precedences the printer uses. A left-recursive
// rule would make ANTLR build one context per operator, nested as deep as
// the expression is long, with a prediction at each.
arith
    : MINUS* primary ((TIMES | DIVIDE | PLUS | MINUS | CAP | FLOOR | IFNONE) MINUS* primary
      | UNTIL_ZERO)*
    ;

// Every alternative starts with a token of its own, so the parser picks one
// by the next token alone, without running its prediction: a name followed
// by a path or by arguments, and 最高/最低 as an aggregate or as the larger
// of several values, are told apart inside their alternative.
primary
    : NUMBER                                           # NumberLit
    | STRING                                           # StringLit
    | TRUE                                             # TrueLit
    | FALSE                                            # FalseLit
    | NONE                                             # NoneLit
    | LPAREN expr RPAREN                               # ParenExpr
    | name ((DOT name)+ | arguments)?                  # NameExpr
    | aggFn LPAREN EVERY? expr aggClause* RPAREN       # AggregateExpr
    | (MAX | MIN) LPAREN
        (EVERY? expr aggClause* | expr (COMMA expr)+) RPAREN   # MaxMinExpr
    | RANK LPAREN arith order? rankClause* RPAREN      # RankExpr
    | BOTTOM LPAREN arith COMMA arith rankClause* RPAREN   # BottomExpr
    | ROUND LPAREN expr COMMA roundMode RPAREN         # RoundExpr
    | KEEPDIGITS LPAREN expr COMMA arith COMMA roundMode RPAREN  # KeepDigitsExpr
    | unitType LPAREN expr RPAREN                      # ConvertExpr
    | LOOKUP arith (COMMA arith)* hitPolicy?
        LBRACE lookupRow* otherwiseRow? RBRACE         # LookupExpr
    | CASES hitPolicy? LBRACE caseArm* otherwiseRow? RBRACE     # CasesExpr
    | TIERS enumMembers LBRACE tierItem* RBRACE        # TiersExpr
    ;

// 完成率(完成值, 任务值): a user or built-in function; also what a test's
// `预期 完成率(80, 100) = 80%` calls.
call
    : name arguments
    ;

arguments
    : LPAREN (expr (COMMA expr)*)? RPAREN
    ;

aggFn
    : SUM | COUNT | AVG | ALL | ANY
    ;

// ,其中 条件   ,按 键, 键   ,同一 键 只取最高
aggClause
    : COMMA WHERE expr                                 # WhereClause
    | COMMA BY arith (COMMA arith)*                    # GroupClause
    | COMMA SAME arith (KEEP_HIGHEST | KEEP_LOWEST)         # DedupClause
    ;

order
    : DESC | ASC
    ;

rankClause
    : COMMA BY arith                                   # RankGroup
    | COMMA ELIGIBLE expr                              # RankEligible
    | COMMA TIES tieRule                               # RankTies
    ;

tieRule
    : SHARE                                            # ShareTie
    | DENSE                                            # DenseTie
    | DROP                                             # DropTie
    | ERROR_TIE                                        # ErrorTie
    | THENBY arith order? (TIES tieRule)?              # ThenByTie
    ;

roundMode
    : HALF_UP | HALF_EVEN | DOWN | UP
    ;

unitType
    : T_POINTS | T_YUAN | T_WANYUAN | T_NUMBER
    ;

hitPolicy
    : HIT (FIRST | UNIQUE | ANY | SUM | MAX | MIN)
    ;

// A row's result is `arith`: a comparison there could run on into the next
// row (`1: 甲 超过 5` then `10 以下: 2`), so it must be in parentheses.
lookupRow
    : matcher (COMMA matcher)* COLON arith
    ;

matcher
    : MINUS                                            # AnyMatcher
    | lowerBound upperBound?                           # RangeMatcher
    | upperBound                                       # UpperMatcher
    | primary                                          # ValueMatcher
    ;

lowerBound
    : primary ABOVE_INCL                               # AtLeastBound
    | (ATLEAST | REACHES) arith                        # AtLeastWordBound
    | (EXCEEDS | HIGHER) arith                         # AboveBound
    ;

upperBound
    : primary (BELOW_INCL | WITHIN_INCL)               # AtMostBound
    | (ATMOST | WITHIN) arith                          # AtMostWordBound
    | (LOWER | UNDER) arith                            # BelowBound
    ;

caseArm
    : WHEN expr COLON expr
    ;

otherwiseRow
    : OTHERWISE COLON expr
    ;

// 分等 (一等奖, 二等奖, 三等奖, 基本奖, 不合格) { ... }
tierItem
    : ORDER arith order? (COMMA BY arith)* (COMMA TIES tieRule)?  # TierOrder
    | name WHEN expr                                   # TierWhen
    | name QUOTA arith (COMMA ELIGIBLE expr)?          # TierQuota
    | name SHARE_OF arith roundMode (COMMA ELIGIBLE expr)?        # TierShare
    | name REST                                        # TierRest
    | DEMOTE WHEN expr                                 # TierDemote
    ;

name
    : NAME
    ;
