// Results out: the JSON of the samples contract, one CSV per result table,
// and a terminal table aligned for CJK display width.
//
// Guarantees: output is a function of the results alone (no clocks, no
// addresses, no hash order), so the same inputs give the same bytes. Numbers
// are written exactly, in decimal; a value that could not be computed is
// JSON null (CSV: empty) and its error is reported separately.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/column/column.h"
#include "runtime/exec/exec.h"

namespace arl::io {

/// The tables that have outputs, in declaration order.
std::vector<std::int32_t> ResultTables(const ir::Program& program);

/// `{"policy": …, "results": {table: [row…]}, "warnings": […]}`: each row the
/// key (or owner) column and every output, in input order.
std::string WriteJson(const ir::Program& program, const column::Dataset& data,
                      const exec::Results& results, const std::vector<std::string>& warnings);

/// The same document, handed to `emit` in consecutive pieces.
void WriteJson(const ir::Program& program, const column::Dataset& data,
               const exec::Results& results, const std::vector<std::string>& warnings,
               const std::function<void(std::string_view)>& emit);

/// One result table as CSV (UTF-8, header row, LF line ends).
std::string WriteCsv(const ir::Program& program, const column::Dataset& data,
                     const exec::Results& results, std::int32_t table);

/// One result table as aligned text for a terminal.
std::string WriteTextTable(const ir::Program& program, const column::Dataset& data,
                           const exec::Results& results, std::int32_t table);

/// A value as a rule file writes it: `120%` (not 1.2), `5万元`, `是`, `无`;
/// for `arl test` reports and `arl explain`.
std::string WrittenValue(const ir::Program& program, const column::Dataset& data,
                         const ir::Display& display, const column::Column& column, size_t row);

/// `s` as a JSON string, quotes included, appended to `out`.
void JsonString(std::string& out, std::string_view s);

/// `s` as a CSV field (RFC 4180: quoted when it holds a comma, quote or line
/// break), appended to `out`.
void CsvField(std::string& out, std::string_view s);

/// A value as text: numbers exactly, bools 是/否, enum labels, reference keys.
std::string FormatValue(const ir::Program& program, const column::Dataset& data,
                        const ir::Display& display, const column::Column& column, size_t row);

}  // namespace arl::io
