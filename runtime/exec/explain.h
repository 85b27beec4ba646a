// arl::exec — how one row's values were reached (`arl explain`).
//
// Guarantees: an explanation is computed from a full evaluation (every
// definition kept) and from the IR alone, after the fact: `arl run` records
// nothing and pays nothing for it. The values it names are those of that
// evaluation, so they are the values `arl run` prints for the same inputs.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"
#include "runtime/column/column.h"
#include "runtime/exec/exec.h"

namespace arl::exec {

namespace detail {
class Evaluator;
}

/// One value a rule read: an input cell, a key, a parameter, or another
/// definition (which has a derivation of its own).
struct Read {
  enum class Kind : std::uint8_t { kInput, kKey, kParam, kDefinition };
  Kind kind = Kind::kInput;
  std::int32_t table = -1;  // the row's table; -1 for parameters and global definitions
  std::uint32_t row = 0;
  std::int32_t index = -1;  // input column, parameter, or Program::definitions index
};

/// How a construct decided for this row: which branch, lookup row, tier
/// item or quota, which peers a rank or an aggregate looked at. `span` is
/// the part of the rule it is about (empty when the message says it all).
struct Note {
  base::Span span;
  base::Message message;
};

/// One definition at one row: what it read and how it decided.
struct Step {
  std::int32_t definition = -1;  // Program::definitions
  std::int32_t table = -1;
  std::uint32_t row = 0;
  std::vector<Read> reads;  // in the order the rule reads them, each once
  std::vector<Note> notes;
};

class Explainer {
 public:
  /// Evaluates `program` over `data` with every definition kept.
  Explainer(const ir::Program& program, const column::Dataset& data,
            const std::vector<Override>& overrides);
  ~Explainer();
  Explainer(const Explainer&) = delete;
  Explainer& operator=(const Explainer&) = delete;

  /// The evaluation's results. Explaining re-evaluates parts of it, which
  /// may add errors to `errors` (a lookup tried where the run did not).
  const Results& results() const;
  /// Whether the evaluation itself, before any explanation, had errors.
  bool RunHadErrors() const;
  /// The value of what `read` names, as a one-slot column at slot 0's place:
  /// the column and the slot to read it at.
  std::pair<const column::Column*, size_t> Value(const Read& read) const;
  /// Definition `definition` at `row` of its table (0 for a global one).
  Step Explain(std::int32_t definition, std::uint32_t row);

 private:
  const ir::Program& program_;
  const column::Dataset& data_;
  std::unique_ptr<detail::Evaluator> eval_;
  size_t run_errors_ = 0;
};

}  // namespace arl::exec
