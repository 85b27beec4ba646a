// Typed input: a folder of CSV files (one per table, `<table>.csv`) becomes
// the Dataset the runtime evaluates.
//
// Guarantees: every data row is either loaded or named in a problem; every
// problem names the file, line and column (in characters) of the cell at
// fault. A cell that cannot be read (a number that is not one, a member not
// in the enumeration, a key that names no row, a value out of 范围, an empty
// cell where a value is required) is loaded as an error slot, so the row's
// other results that do not need it are still computed. A row whose key
// repeats an earlier one is not loaded. Unknown columns are warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"
#include "runtime/column/column.h"
#include "runtime/io/csv.h"

namespace arl::io {

/// A problem with the data, positioned in a data file.
struct DataProblem {
  bool warning = false;
  std::string file;
  int line = 0;    // 0: about the whole file
  int column = 0;  // 0: about the whole row or file
  base::Message message;
};

/// The loaded data and what was wrong with it.
struct Loaded {
  column::Dataset data;
  std::vector<DataProblem> problems;
  std::vector<size_t> removed_rows;  // per table: rows RowChanges left out
  bool HasErrors() const;
};

/// What a what-if scenario (`arl whatif`) does to the rows as they load:
/// entity rows left out by key, with the rows that belong to them (属于) in
/// turn; and rows added after a table's own, read from their own header
/// exactly as a file's rows are (a column they leave out is empty).
struct RowChanges {
  struct Removal {
    std::int32_t table = -1;
    std::string key;
    std::string file;  // where the removal is written: a key no row has is
    int line = 0;      // an error there
    int column = 0;
  };
  std::vector<Removal> removed;
  std::vector<const CsvTable*> added;  // per table: the rows to add, or null
};

/// Reads `<dir>/<table>.csv` for every table of `program`, with `changes`
/// when given.
Loaded LoadCsvFolder(const ir::Program& program, const std::string& dir,
                     const RowChanges* changes = nullptr);

/// Builds the dataset from tables already read: `tables[i]` holds the rows
/// of program.tables[i], or is null for a table with no rows. With
/// `absent_columns_empty` (the small tables of a 测试 block) a column the
/// table leaves out is empty in every row instead of an error.
Loaded LoadCsvTables(const ir::Program& program, const std::vector<const CsvTable*>& tables,
                     bool absent_columns_empty, const RowChanges* changes = nullptr);

/// Reads one cell's text as a value of `column` (data cells, and the
/// expected values of tests): sets slot `row` of `out`, or returns the
/// problem's message.
std::optional<base::Message> ReadCell(const ir::Program& program, const ir::Column& column,
                                      std::string_view text, const column::Dataset* data,
                                      column::Column& out, size_t row);

/// Reads a parameter's value as the rules write it, for `--set NAME=VALUE`
/// and a 测试 block's `参数 NAME = VALUE` alike: a number with the
/// parameter's own unit (`85分`, `20万元`, `30%`) or with none (`85`); a
/// number with another unit is a problem naming the unit expected. Sets
/// slot 0 of `out`.
std::optional<base::Message> ReadParamValue(const ir::Program& program, const ir::Param& param,
                                            const std::string& text, column::Column& out);

}  // namespace arl::io
