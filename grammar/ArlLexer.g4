// The words of arl. Every keyword is Chinese first, with one English
// equivalent; the parser never sees which one was written.
//
// Identifiers are any run of Unicode letters, digits and `_` that starts with
// a letter. Because Chinese is written without spaces, the lexer takes the
// longest match: `总分低于` is one name, so keywords must stand apart
// (`总分 低于 90分`). The checker suggests the split when such a name does not
// resolve. A number may carry its unit directly (`90分`, `20万元`, `50%`), so
// `90分以下` lexes as `90分` `以下`.
lexer grammar ArlLexer;

// ---- declarations ----------------------------------------------------------
POLICY      : '政策' | 'policy';
LIBRARY     : '规则库' | 'library';
TITLE       : '全称' | 'title';
SOURCE      : '来源' | 'source';
PRECISION   : '精度' | 'precision';
IMPORT      : '引用' | 'import';
ENUM        : '枚举' | 'enum';
PARAM       : '参数' | 'param';
ENTITY      : '实体' | 'entity';
RECORDS     : '记录' | 'records';
RANGE       : '范围' | 'range';
BLANK       : '空为' | 'blank';
CITE        : '依据' | 'cites';
ASSUME      : '假定' | 'assume';
INTERPRETS  : '解释' | 'interprets';
DEFINE      : '定义' | 'define';
OUTPUT      : '输出' | 'output';
FUNCTION    : '函数' | 'function';
STRUCTURE   : '计分结构' | 'scoring';
TEST        : '测试' | 'test';
DATA        : '数据表' | 'table';
EXPECT      : '预期' | 'expect';
FAILS       : '出错' | 'fails';
SCENARIO    : '情景' | 'scenario';
REMOVE      : '删除' | 'remove';

// ---- types -----------------------------------------------------------------
T_NUMBER    : '数' | 'number';
T_INTEGER   : '整数' | 'integer';
T_POINTS    : '分' | 'points';
T_YUAN      : '元' | 'yuan';
T_WANYUAN   : '万元' | 'wanyuan';
T_PERCENT   : '百分比' | 'percent';
T_BOOL      : '是否' | 'bool';
T_TEXT      : '文本' | 'text';

// ---- values and logic ------------------------------------------------------
TRUE        : '是' | 'true';
FALSE       : '否' | 'false';
// No value, as a missing cell is. A name that merely contains 无 (`无效次数`)
// is longer, so it stays a NAME; `若无` is its own keyword, also longer.
NONE        : '无' | 'none';
AND         : '且' | 'and';
OR          : '或' | 'or';
NOT         : '不' | 'not';
IF          : '如果' | 'if';
THEN        : '则' | 'then';
ELSE        : '否则' | 'else';
IN          : '属于' | 'in';

// ---- statutory boundary words (Civil Code art. 1259) -------------------------
// Inclusive: 以上 以下 以内 届满. Exclusive: 超过 高于 低于 不满.
// Chinese puts 以上/以下/以内 after the number (`总分 在 90分 以下`); English
// uses a prefix word instead (`总分 atmost 90points`).
AT          : '在';
ABOVE_INCL  : '以上';
BELOW_INCL  : '以下';
WITHIN_INCL : '以内';
ATLEAST     : 'atleast';
ATMOST      : 'atmost';
WITHIN      : 'within';
REACHES     : '届满' | 'reaches';
EXCEEDS     : '超过' | 'exceeds';
HIGHER      : '高于' | 'above';
LOWER       : '低于' | 'below';
UNDER       : '不满' | 'under';

// ---- expressions with a meaning of their own ---------------------------------
CAP         : '封顶' | 'capat';
FLOOR       : '保底' | 'floorat';
UNTIL_ZERO  : '扣完为止' | 'untilzero';
IFNONE      : '若无' | 'ifnone';
SUM         : '合计' | 'sum';
COUNT       : '计数' | 'count';
MAX         : '最大' | 'max';
MIN         : '最小' | 'min';
AVG         : '平均' | 'avg';
ALL         : '全部' | 'all';
ANY         : '任一' | 'any';
EVERY       : '全体' | 'every';
WHERE       : '其中' | 'where';
BY          : '按' | 'by';
SAME        : '同一' | 'same';
KEEP_HIGHEST: '只取最高' | 'keephighest';
KEEP_LOWEST : '只取最低' | 'keeplowest';
RANK        : '排名' | 'rank';
BOTTOM      : '倒数' | 'bottom';
DESC        : '从高到低' | 'desc';
ASC         : '从低到高' | 'asc';
ELIGIBLE    : '限于' | 'only';
TIES        : '并列' | 'ties';
SHARE       : '从优' | 'share';
DENSE       : '连续' | 'dense';
DROP        : '不取' | 'drop';
ERROR_TIE   : '报错' | 'error';
THENBY      : '依' | 'thenby';
ROUND       : '取整' | 'round';
KEEPDIGITS  : '保留' | 'keepdigits';
HALF_UP     : '四舍五入' | 'half_up';
HALF_EVEN   : '四舍六入' | 'half_even';
DOWN        : '向下' | 'down';
UP          : '向上' | 'up';
LOOKUP      : '查表' | 'lookup';
CASES       : '按情况' | 'cases';
HIT         : '命中' | 'hit';
FIRST       : '首个' | 'first';
UNIQUE      : '唯一' | 'unique';
WHEN        : '当' | 'when';
OTHERWISE   : '其他' | 'otherwise';
TIERS       : '分等' | 'tiers';
ORDER       : '排序' | 'order';
QUOTA       : '名额' | 'quota';
SHARE_OF    : '占比' | 'shareof';
REST        : '其余' | 'rest';
DEMOTE      : '降一等' | 'demote';

// ---- punctuation (the full-width forms an IME types are accepted too) ---------
LPAREN      : '(' | '（';
RPAREN      : ')' | '）';
LBRACE      : '{';
RBRACE      : '}';
LBRACK      : '[' | '【';
RBRACK      : ']' | '】';
COMMA       : ',' | '，' | '、';
COLON       : ':' | '：';
DOTDOT      : '..';
DOT         : '.';
PIPE        : '|' | '｜';
PLUS        : '+';
MINUS       : '-' | '−';
TIMES       : '*' | '×';
DIVIDE      : '/' | '÷';
EQ          : '=';
NE          : '!=' | '≠';
LE          : '<=' | '≤';
GE          : '>=' | '≥';
LT          : '<';
GT          : '>';
QUESTION    : '?' | '？';

// A number with an optional unit written against it: 90分, 0.5分, 20万元, 50%.
NUMBER      : DIGIT+ ('.' DIGIT+)? ('分' | '元' | '万元' | '%' | '％')?;

STRING      : '"' (ESC | ~["\\\r\n])* '"'
            | '“' ~[”\r\n]* '”'
            ;
// An opening quote with no closing one on the same line: reported by name
// rather than as a stray character.
UNTERMINATED_STRING
            : '"' (ESC | ~["\\\r\n])*
            | '“' ~[”\r\n]*
            ;

NAME        : LETTER (LETTER | DIGIT | '_')*;

DOC_COMMENT : '##' ~[\r\n]* -> channel(HIDDEN);
COMMENT     : '#' ~[\r\n]* -> channel(HIDDEN);
// Layout is never a token: nothing reads it (test-table rows are split by the
// line numbers of their cells), and a 200,000-term sum would otherwise
// allocate twice as many tokens.
NEWLINE     : ('\r'? '\n')+ -> skip;
WS          : [ \t\u3000]+ -> skip;

// Anything else is one stray character, reported with its position.
STRAY       : .;

fragment ESC    : '\\' ["\\nt];
fragment DIGIT  : [0-9];
fragment LETTER : [\p{L}] | '_';
