// `arl runs`: list, show, diff and verify recorded runs.
#include "compiler/driver/runs.h"

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "compiler/driver/ledger.h"
#include "compiler/driver/pipeline.h"

namespace arl::driver {
namespace {

std::optional<std::int64_t> ParseId(const std::string& word) {
  if (word.empty() || word.size() > 18) return std::nullopt;
  for (char c : word) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::strtoll(word.c_str(), nullptr, 10);
}

std::string Sets(const LedgerRun& run) {
  std::string out;
  for (const std::string& s : run.sets) out += " --set " + s;
  return out;
}

/// The files of a run that are not in `other` with the same hash.
std::vector<std::string> Changed(const LedgerRun& run, const LedgerRun& other,
                                 const std::string& kind) {
  std::map<std::string, std::string> theirs;
  for (const LedgerFile& f : other.files) {
    if (f.kind == kind) theirs[f.path] = f.sha256;
  }
  std::vector<std::string> out;
  for (const LedgerFile& f : run.files) {
    if (f.kind != kind) continue;
    const auto it = theirs.find(f.path);
    if (it == theirs.end() || it->second != f.sha256) out.push_back(f.path);
    if (it != theirs.end()) theirs.erase(it);
  }
  for (const auto& [path, sha] : theirs) out.push_back(path);
  return out;
}

class Command {
 public:
  Command(const RunsRequest& request, RunOutcome& outcome)
      : r_(request), out_(outcome), zh_(request.lang == base::Lang::kZh) {}

  void Go() {
    const std::vector<std::string>& w = r_.words;
    const std::string what = w.empty() ? "" : w[0];
    if (what == "list" && w.size() == 1) return List();
    if (what == "show" && w.size() == 2) return WithRun(w[1], [&](LedgerRun& run) { Show(run); });
    if (what == "verify" && w.size() == 2)
      return WithRun(w[1], [&](LedgerRun& run) { Verify(run); });
    if (what == "diff" && w.size() == 3) {
      return WithRun(w[1], [&](LedgerRun& a) { WithRun(w[2], [&](LedgerRun& b) { Diff(a, b); }); });
    }
    Usage("arl runs list | show ID | diff ID1 ID2 | verify ID [--ledger FILE]");
  }

 private:
  void Usage(const std::string& problem) {
    out_.err += "arl: " + problem + "\n";
    out_.exit = kExitUsage;
  }

  template <typename F>
  void WithRun(const std::string& word, F f) {
    const std::optional<std::int64_t> id = ParseId(word);
    if (!id) return Usage(fmt::format(zh_ ? "`{}` 不是运行的编号" : "`{}` is not a run id", word));
    LedgerRun run;
    if (auto error = LoadRun(r_.ledger, *id, run)) return Usage(*error);
    f(run);
  }

  void List() {
    std::vector<LedgerRun> runs;
    if (auto error = ListRuns(r_.ledger, runs)) return Usage(*error);
    for (const LedgerRun& run : runs) {
      out_.out += fmt::format("{}  {}  {} --data {}{}  ({} {})\n", run.id, run.time, run.rules,
                              run.data, Sets(run), zh_ ? "退出码" : "exit", run.exit);
    }
  }

  void Show(const LedgerRun& run) {
    out_.out += fmt::format("{} {}\n", zh_ ? "运行" : "run", run.id);
    out_.out += fmt::format("  {}: {}\n", zh_ ? "时间" : "time", run.time);
    out_.out += fmt::format("  arl: {}\n", run.version);
    out_.out += fmt::format("  {}: arl run {} --data {}{}\n", zh_ ? "命令" : "command", run.rules,
                            run.data, Sets(run));
    out_.out += fmt::format("  {}: {}\n", zh_ ? "退出码" : "exit", run.exit);
    for (const LedgerFile& f : run.files) {
      out_.out += fmt::format(
          "  {} {}  sha256 {}\n",
          f.kind == "rules" ? (zh_ ? "规则" : "rules") : (zh_ ? "数据" : "data"), f.path, f.sha256);
    }
    for (const LedgerValue& p : run.params)
      out_.out += fmt::format("  {} {} = {}\n", zh_ ? "参数" : "parameter", p.name, p.value);
    std::set<std::pair<std::string, std::string>> units;
    for (const LedgerValue& o : run.outputs) units.insert({o.table, o.unit});
    out_.out += fmt::format(zh_ ? "  结果: {} 行, {} 个值\n" : "  results: {} rows, {} values\n",
                            units.size(), run.outputs.size());
    for (const std::string& m : run.messages) out_.out += "  ! " + m + "\n";
  }

  void Diff(const LedgerRun& a, const LedgerRun& b) {
    out_.out += fmt::format("{} {} → {}\n", zh_ ? "运行" : "run", a.id, b.id);
    // Why: what the two runs read differently.
    bool any_reason = false;
    for (const std::string& path : Changed(a, b, "rules")) {
      out_.out += fmt::format("  {}: {}\n", zh_ ? "规则改了" : "rules changed", path);
      any_reason = true;
    }
    for (const std::string& path : Changed(a, b, "data")) {
      out_.out += fmt::format("  {}: {}\n", zh_ ? "数据改了" : "data changed", path);
      any_reason = true;
    }
    std::map<std::string, std::string> before;
    for (const LedgerValue& p : a.params) before[p.name] = p.value;
    for (const LedgerValue& p : b.params) {
      const auto it = before.find(p.name);
      const std::string old = it == before.end() ? "-" : it->second;
      if (old == p.value) continue;
      out_.out += fmt::format("  {}: {} {} → {}\n", zh_ ? "参数改了" : "parameter changed", p.name,
                              old, p.value);
      any_reason = true;
    }
    if (!any_reason)
      out_.out += fmt::format("  {}\n",
                              zh_ ? "规则、数据和参数都没有变" : "same rules, data and parameters");

    out_.out += DiffValues(a.outputs, b.outputs, r_.lang);
  }

  void Verify(const LedgerRun& run) {
    bool same = true;
    for (const LedgerFile& f : run.files) {
      const std::optional<std::string> bytes = ReadFile(f.path);
      if (!bytes || Sha256(*bytes) != f.sha256) {
        out_.out += fmt::format("  {}: {}\n", zh_ ? "文件已改变" : "file changed", f.path);
        same = false;
      }
    }
    // The same command from the same folder, in the same language.
    RunRequest again;
    again.rules = run.rules_arg;
    again.data = run.data_arg;
    again.sets = run.sets;
    again.lang = run.lang == "en" ? base::Lang::kEn : base::Lang::kZh;
    const std::string here = AbsolutePath(".");
    RunOutcome result;
    if (chdir(run.cwd.c_str()) != 0) {
      out_.out += fmt::format(
          zh_ ? "  工作文件夹不在了: {}\n" : "  the working folder is gone: {}\n", run.cwd);
      same = false;
    } else {
      result = Run(again);
      if (chdir(here.c_str()) != 0) result.exit = -1;
    }
    if (same && result.exit != run.exit) {
      out_.out += fmt::format(
          zh_ ? "  退出码不同: 当时 {}, 现在 {}\n" : "  the exit code differs: {} then, {} now\n",
          run.exit, result.exit);
      same = false;
    }
    if (same && result.out != run.results) {
      size_t at = 0;
      while (at < result.out.size() && at < run.results.size() && result.out[at] == run.results[at])
        ++at;
      out_.out += fmt::format(
          zh_ ? "  结果不同, 从第 {} 个字节起\n" : "  the results differ from byte {} on\n", at);
      same = false;
    }
    out_.out += fmt::format(
        "{} {}: {}\n", zh_ ? "运行" : "run", run.id,
        same ? (zh_ ? "重新运行, 结果逐字节相同" : "re-run: the same results, byte for byte")
             : (zh_ ? "重新运行, 结果不同" : "re-run: different results"));
    if (!same) out_.exit = kExitErrors;
  }

  const RunsRequest& r_;
  RunOutcome& out_;
  bool zh_;
};

}  // namespace

std::string DiffValues(const std::vector<LedgerValue>& before,
                       const std::vector<LedgerValue>& after, base::Lang lang) {
  const bool zh = lang == base::Lang::kZh;
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::string> old_values;
  for (const LedgerValue& o : before) old_values[{o.table, o.unit, o.name}] = o.value;
  std::vector<std::pair<std::string, std::string>> order;  // (table, unit)
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> changes;
  auto note = [&](const std::string& table, const std::string& unit, std::string change) {
    auto& list = changes[{table, unit}];
    if (list.empty()) order.push_back({table, unit});
    list.push_back(std::move(change));
  };
  for (const LedgerValue& o : after) {
    const auto it = old_values.find({o.table, o.unit, o.name});
    if (it == old_values.end()) {
      note(o.table, o.unit, fmt::format("{} {}", o.name, zh ? "(新增)" : "(new)"));
      continue;
    }
    if (it->second != o.value)
      note(o.table, o.unit, fmt::format("{} {} → {}", o.name, it->second, o.value));
    old_values.erase(it);
  }
  for (const auto& [key, value] : old_values)
    note(std::get<0>(key), std::get<1>(key),
         fmt::format("{} {}", std::get<2>(key), zh ? "(已无)" : "(gone)"));
  std::string out;
  for (const auto& unit : order)
    out += fmt::format("  {}[{}]: {}\n", unit.first, unit.second, fmt::join(changes[unit], "; "));
  out += fmt::format(zh ? "{} 行的结果不同\n" : "{} rows differ\n", order.size());
  return out;
}

RunOutcome Runs(const RunsRequest& request) {
  RunOutcome outcome;
  Command(request, outcome).Go();
  return outcome;
}

}  // namespace arl::driver
