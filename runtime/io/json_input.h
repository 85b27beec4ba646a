// Typed input from one JSON document instead of a folder of CSV files:
//
//   {"单位": [{"单位": "区财政局", "总分": 955, "一票否决": false}, …], "扣分": […]}
//
// Each member of the top-level object is a table of the rules, by the same
// name as its CSV file; its value is an array of rows; each row an object of
// cells, by the same column names as the CSV header. This is the shape of
// the "results" of `arl run --format json`, so results can be fed back.
//
// The document becomes the CsvTables the CSV reader would make (header = the
// columns of the rules that the row objects name, in first-seen order; one
// Field per cell carrying the position of its JSON value), and LoadCsvTables
// types, keys, resolves references and checks ranges as it does for CSV:
// both inputs mean the same and are checked by the same code. The loader
// places each cell at its field's own position, so a row spanning lines is
// no matter; a cell the reader has already reported (an object as a cell,
// a repeated member, a column no row has) is a Field marked invalid, which
// the loader makes an error slot without a second message.
//
// Cells: a string is the cell's text as written (not trimmed: quoted CSV
// fields are not either); a number keeps its exact text and is never read
// as binary floating point (`0.1` and `12345678901234567890.123456789012`
// arrive as written, then ReadCell reads them exactly); true/false are the
// words `true`/`false`, which a 是否 column reads as 是/否 (so are "是"/"否"
// and 1/0); null, "" and a column a row object leaves out are an empty cell.
// A column that no row has is missing, as in a CSV file without it (one
// error, at the table's name), unless an empty cell is fine for it (`?` or
// `空为`): then it is empty in every row. An empty array is a table with no
// rows.
//
// Guarantees:
// - Every problem names the file and the line and column (1-based, in code
//   points, the BOM not counted, as the CSV reader counts them) of the JSON
//   value or member name at fault, in Chinese and English. Only problems
//   about the whole file (cannot be read, empty, too large) have line 0.
// - Nothing is dropped silently. Errors: JSON syntax (one error at the
//   place; nothing is loaded), bytes that are not UTF-8 (JSON is UTF-8 by
//   definition, RFC 8259; GBK is refused with its position), UTF-16, NUL
//   bytes, a top level that is not an object, a table that is not an array,
//   a row that is not an object, an object or array as a cell, a string with
//   the character U+0000, a member repeated in one row object (the cell is
//   an error slot; for the key, the first is used), a table named twice (the
//   second is skipped), a table of the rules that the document lacks. A cell that is
//   an error here is loaded as an error slot, so results needing it are
//   errors too, never computed from a guess. Warnings: a member naming no
//   table of the rules, a column the table does not have (both skipped, with
//   "did you mean"; a column once, where it first appears).
// - A UTF-8 byte order mark is accepted and skipped (Windows Notepad writes
//   one; RFC 8259 lets a parser ignore it).
// - Any input gives an answer: no crash, no exception for bad data, no
//   recursion on nesting (the parser is iterative), reading in time linear in
//   the size of the file, files up to kMaxJsonBytes. The reader's own
//   problems stop being listed after kMaxCsvProblems (then counted).
//
// Parsing is RapidJSON's SAX reader (header-only, Debian's rapidjson-dev):
// it hands over each number's text unconverted and reports the byte offset
// of a syntax error; the offsets of values come from its input stream.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/io/csv.h"
#include "runtime/io/load.h"

namespace arl::io {

/// Largest document accepted, for the same reason as kMaxCsvBytes: every
/// offset, line and column must fit in an `int`.
inline constexpr size_t kMaxJsonBytes = kMaxCsvBytes;

/// The document as tables, before typing.
struct JsonTables {
  /// One per table of the program; nullopt where the document has no rows
  /// for it (missing, or not readable).
  std::vector<std::optional<CsvTable>> tables;
  std::vector<DataProblem> problems;  // in document order, then tables missing
};

/// Reads a JSON document already in memory into one CsvTable per table of
/// `program`; `file_name` is only used in messages.
JsonTables ParseJsonTables(const ir::Program& program, std::string_view bytes,
                           const std::string& file_name);

/// ParseJsonTables, then LoadCsvTables: the Dataset and every problem, in
/// document order.
Loaded LoadJson(const ir::Program& program, std::string_view bytes, const std::string& file_name,
                const RowChanges* changes = nullptr);

/// Reads the file at `path` and loads it as LoadJson does; a file that cannot
/// be read is a problem, never an exception.
Loaded LoadJsonFile(const ir::Program& program, const std::string& path,
                    const RowChanges* changes = nullptr);

}  // namespace arl::io
