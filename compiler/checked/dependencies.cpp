// The dependency graph: cycles among definitions, among parameter defaults
// and among functions are E0401 (the language has no recursion, so every
// evaluation ends); everything else gets a topological order, ties broken by
// source order so the order is the same on every machine.

#include <algorithm>
#include <queue>

#include <fmt/format.h>

#include "compiler/checked/checker.h"

namespace arl::checked::detail {
namespace {

struct Edge {
  size_t to;
  Span span;  // where the source node reads `to`
};
using Graph = std::vector<std::vector<Edge>>;

// Strongly connected components (Tarjan's algorithm, iteratively).
std::vector<size_t> Components(const Graph& graph) {
  const size_t n = graph.size();
  constexpr size_t kUnset = static_cast<size_t>(-1);
  std::vector<size_t> index(n, kUnset), low(n, 0), component(n, kUnset);
  std::vector<char> on_stack(n, 0);
  std::vector<size_t> stack;
  size_t counter = 0, components = 0;
  for (size_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    std::vector<std::pair<size_t, size_t>> work{{root, 0}};
    while (!work.empty()) {
      auto [v, i] = work.back();
      if (i == 0) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = 1;
      }
      bool descended = false;
      for (; i < graph[v].size(); ++i) {
        size_t w = graph[v][i].to;
        if (index[w] == kUnset) {
          work.back().second = i + 1;
          work.emplace_back(w, 0);
          descended = true;
          break;
        }
        if (on_stack[w]) low[v] = std::min(low[v], index[w]);
      }
      if (descended) continue;
      if (low[v] == index[v]) {
        while (true) {
          size_t w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          component[w] = components;
          if (w == v) break;
        }
        ++components;
      }
      work.pop_back();
      if (!work.empty()) {
        size_t parent = work.back().first;
        low[parent] = std::min(low[parent], low[v]);
      }
    }
  }
  return component;
}

// Each cycle as a path start → … → start (start = its lowest node), with the
// span of each step; one per strongly connected component with a cycle.
std::vector<std::vector<Edge>> Cycles(const Graph& graph, std::vector<size_t>& starts) {
  std::vector<size_t> component = Components(graph);
  const size_t n = graph.size();
  std::vector<size_t> size(n, 0);
  for (size_t c : component) ++size[c];
  std::vector<char> reported(n, 0);
  std::vector<std::vector<Edge>> cycles;
  for (size_t start = 0; start < n; ++start) {
    const size_t c = component[start];
    if (reported[c]) continue;
    const bool self_loop = std::any_of(graph[start].begin(), graph[start].end(),
                                       [&](const Edge& e) { return e.to == start; });
    if (size[c] < 2 && !self_loop) continue;
    reported[c] = 1;
    // Shortest way back to `start` within the component (breadth first).
    constexpr size_t kUnset = static_cast<size_t>(-1);
    std::vector<size_t> prev(n, kUnset);
    std::vector<Span> prev_span(n);
    std::queue<size_t> queue;
    queue.push(start);
    size_t last = kUnset;
    Span closing;
    while (!queue.empty() && last == kUnset) {
      size_t v = queue.front();
      queue.pop();
      for (const Edge& e : graph[v]) {
        if (component[e.to] != c) continue;
        if (e.to == start) {
          last = v;
          closing = e.span;
          break;
        }
        if (prev[e.to] == kUnset) {
          prev[e.to] = v;
          prev_span[e.to] = e.span;
          queue.push(e.to);
        }
      }
    }
    std::vector<Edge> path;  // path[i].to is the i-th node after start
    path.push_back({start, closing});
    for (size_t v = last; v != start; v = prev[v]) path.push_back({v, prev_span[v]});
    // path is now [start(closing), last, ..., first-after-start] reversed; put it in order.
    std::reverse(path.begin() + 1, path.end());
    // Rotate so each entry holds the span where the previous node reads it.
    std::vector<Edge> ordered;
    for (size_t i = 1; i < path.size(); ++i) ordered.push_back(path[i]);
    ordered.push_back(path[0]);
    cycles.push_back(ordered);
    starts.push_back(start);
  }
  return cycles;
}

// Kahn's algorithm, smallest index first; nodes on cycles go last.
std::vector<size_t> TopologicalOrder(const Graph& graph) {
  const size_t n = graph.size();
  std::vector<size_t> indegree(n, 0);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t v = 0; v < n; ++v) {
    for (const Edge& e : graph[v]) {
      ++indegree[v];
      dependents[e.to].push_back(v);
    }
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t v = 0; v < n; ++v) {
    if (indegree[v] == 0) ready.push(v);
  }
  std::vector<size_t> order;
  std::vector<char> placed(n, 0);
  while (!ready.empty()) {
    size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    placed[v] = 1;
    for (size_t d : dependents[v]) {
      if (--indegree[d] == 0) ready.push(d);
    }
  }
  for (size_t v = 0; v < n; ++v) {
    if (!placed[v]) order.push_back(v);
  }
  return order;
}

}  // namespace

void Checker::BuildOrder() {
  // Definitions.
  const size_t n = p_.definitions.size();
  Graph graph(n);
  for (size_t i = 0; i < n; ++i) {
    for (const Dependency& dep : p_.definitions[i]->reads) {
      if (dep.kind == Dependency::Kind::kDefinition)
        graph[i].push_back({dep.definition->index, dep.span});
    }
  }
  std::vector<size_t> starts;
  std::vector<std::vector<Edge>> cycles = Cycles(graph, starts);
  for (size_t k = 0; k < cycles.size(); ++k) {
    const Definition& start = *p_.definitions[starts[k]];
    bool one_table = true;
    for (const Edge& e : cycles[k])
      one_table = one_table && p_.definitions[e.to]->table == start.table;
    auto name = [&](const Definition& d) { return one_table ? d.name : d.QualifiedName(); };
    std::string chain = name(start);
    for (const Edge& e : cycles[k]) chain += " → " + name(*p_.definitions[e.to]);
    const bool self = cycles[k].size() == 1;
    base::Diagnostic& d = diags_.Error(
        "E0401", start.span,
        self ? Msg(fmt::format("`{}` 读取了它自己", name(start)),
                   fmt::format("`{}` reads itself", name(start)))
             : Msg(fmt::format("定义之间循环依赖: {}", chain),
                   fmt::format("definitions depend on each other in a cycle: {}", chain)));
    d.primary_label = Msg("循环从这里开始", "the cycle starts here");
    for (const Edge& e : cycles[k]) {
      const std::string target = name(*p_.definitions[e.to]);
      d.secondary.push_back(base::Label{
          e.span, Msg(fmt::format("这里读取 {}", target), fmt::format("reads {} here", target))});
    }
    d.help = Msg("规则不能直接或间接地依赖自己; 检查这条链上哪一步读错了名称",
                 "a rule cannot depend on itself, directly or not; check which step of the chain "
                 "reads the wrong name");
  }
  for (size_t i : TopologicalOrder(graph)) p_.order.push_back(p_.definitions[i].get());

  // Parameters whose defaults read other parameters.
  const size_t m = p_.params.size();
  Graph param_graph(m);
  for (size_t i = 0; i < m; ++i) {
    for (const Dependency& dep : p_.params[i]->reads)
      param_graph[i].push_back({dep.param->index, dep.span});
  }
  std::vector<size_t> param_starts;
  std::vector<std::vector<Edge>> param_cycles = Cycles(param_graph, param_starts);
  for (size_t k = 0; k < param_cycles.size(); ++k) {
    const Param& start = *p_.params[param_starts[k]];
    std::string chain = start.name;
    for (const Edge& e : param_cycles[k]) chain += " → " + p_.params[e.to]->name;
    base::Diagnostic& d = diags_.Error(
        "E0401", start.span,
        Msg(fmt::format("参数的默认值循环依赖: {}", chain),
            fmt::format("parameter defaults depend on each other in a cycle: {}", chain)));
    d.primary_label = Msg("循环从这里开始", "the cycle starts here");
    for (const Edge& e : param_cycles[k]) {
      d.secondary.push_back(
          base::Label{e.span, Msg(fmt::format("这里读取 {}", p_.params[e.to]->name),
                                  fmt::format("reads {} here", p_.params[e.to]->name))});
    }
  }
  for (size_t i : TopologicalOrder(param_graph)) p_.param_order.push_back(p_.params[i].get());
}

void Checker::CheckFunctionCycles() {
  const size_t n = p_.functions.size();
  std::unordered_map<const Function*, size_t> index;
  for (size_t i = 0; i < n; ++i) index[p_.functions[i].get()] = i;
  Graph graph(n);
  for (size_t i = 0; i < n; ++i) {
    auto it = calls_.find(p_.functions[i].get());
    if (it == calls_.end()) continue;
    for (const auto& [callee, span] : it->second) graph[i].push_back({index[callee], span});
  }
  std::vector<size_t> starts;
  std::vector<std::vector<Edge>> cycles = Cycles(graph, starts);
  for (size_t k = 0; k < cycles.size(); ++k) {
    const Function& start = *p_.functions[starts[k]];
    std::string chain = start.name;
    for (const Edge& e : cycles[k]) chain += " → " + p_.functions[e.to]->name;
    const bool self = cycles[k].size() == 1;
    base::Diagnostic& d =
        diags_.Error("E0401", start.span,
                     self ? Msg(fmt::format("函数 `{}` 调用了自己", start.name),
                                fmt::format("function `{}` calls itself", start.name))
                          : Msg(fmt::format("函数递归调用: {}", chain),
                                fmt::format("functions call each other in a cycle: {}", chain)));
    d.primary_label = Msg("递归从这里开始", "the recursion starts here");
    for (const Edge& e : cycles[k]) {
      d.secondary.push_back(
          base::Label{e.span, Msg(fmt::format("这里调用 {}", p_.functions[e.to]->name),
                                  fmt::format("calls {} here", p_.functions[e.to]->name))});
    }
    d.help = Msg("规则语言没有递归, 这样计算总能结束; 把递归展开成有限的几步",
                 "the rule language has no recursion, so that evaluation always ends; unroll it "
                 "into a fixed number of steps");
  }
}

}  // namespace arl::checked::detail
