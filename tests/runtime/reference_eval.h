// A deliberately simple evaluator of the IR, for tests only: one row at a
// time, by recursion over the expression tree, with every rank, quota and
// aggregate recomputed from scratch by counting. It shares nothing with the
// columnar engine in runtime/exec but the IR and the Decimal type, so the two
// agreeing on the same program and data is evidence that the columnar
// engine's selections, buckets, pairs and sorted groups compute what the
// language means.
//
// It computes values and states (value, no value, error) only; it does not
// report messages. It is quadratic or worse in the rows: use it on small data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/column/column.h"
#include "runtime/exec/exec.h"

namespace arl::reference {

/// One value.
struct Value {
  column::State state = column::State::kNone;
  value::Decimal number;
  std::int32_t code = 0;
  std::string text;
};

/// What the reference computed, laid out like exec::Results.
struct Results {
  std::vector<std::vector<std::vector<Value>>> tables;  // table → definition slot → row
  std::vector<Value> globals;                           // by slot
  std::vector<Value> params;
};

Results Evaluate(const ir::Program& program, const column::Dataset& data,
                 const std::vector<exec::Override>& overrides = {});

/// Differences between the two, one line each ("单位[甲].总分 row 3: columnar 5, reference
/// (error)"); empty when they agree on every value and state.
std::vector<std::string> Compare(const ir::Program& program, const column::Dataset& data,
                                 const exec::Results& columnar, const Results& reference);

}  // namespace arl::reference
