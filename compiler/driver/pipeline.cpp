#include "compiler/driver/pipeline.h"

#include "compiler/ir/from_checked.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "compiler/base/render.h"
#include "compiler/checked/from_syntax.h"
#include "compiler/driver/scenario.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/print.h"

namespace arl::driver {

namespace fs = std::filesystem;

namespace {

base::Message Msg(std::string zh, std::string en) {
  return {std::move(zh), std::move(en)};
}

// The directory a rule file's relative imports start from.
fs::path FolderOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Finds the file an import names: first beside the importing file, then under
// the standard library root.
std::optional<fs::path> FindImport(const std::string& importer, const std::string& name) {
  for (const fs::path& base : {FolderOf(importer), fs::path(StdlibRoot())}) {
    fs::path candidate = base / fs::u8path(name);
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

// Whether bytes that are not UTF-8 read as GBK double-byte Chinese: most
// non-ASCII bytes pair up as a lead byte 0x81-0xFE and a trail 0x40-0xFE.
bool LooksLikeGbk(const std::string& bytes) {
  size_t pairs = 0;
  size_t strays = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) continue;
    const auto trail = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
    if (lead >= 0x81 && lead <= 0xFE && trail >= 0x40 && trail <= 0xFE && trail != 0x7F) {
      ++pairs;
      ++i;
    } else {
      ++strays;
    }
  }
  return pairs > 0 && strays == 0;
}

// Reports bytes that are not UTF-8 at their line and column: the valid part
// before them is registered as the file's text, so the message can show it.
void ReportInvalidUtf8(const std::string& raw, const base::LoadResult& loaded, Compilation& out,
                       base::Diagnostics& diags) {
  const size_t bom = loaded.had_bom ? 3 : 0;
  std::string valid = raw.substr(bom, loaded.bad_offset - bom);
  const auto offset = static_cast<uint32_t>(valid.size());
  base::FileId id = out.sources.Add(loaded.path, std::move(valid));
  // A multi-byte character cut off by the end of the file is a truncated
  // file, not a file in another encoding.
  const bool cut_at_end = raw.size() - loaded.bad_offset < 4;
  base::Diagnostic& d = diags.Error(
      "E0003", base::Span{id, offset, offset},
      cut_at_end ? Msg("文件在一个字符的中间结束了", "the file ends in the middle of a character")
                 : Msg(fmt::format("这里的字节 0x{:02X} 不是有效的 UTF-8", loaded.bad_byte),
                       fmt::format("byte 0x{:02X} here is not valid UTF-8", loaded.bad_byte)));
  if (!cut_at_end && LooksLikeGbk(raw.substr(loaded.bad_offset, 64))) {
    d.help = Msg("文件看起来是 GBK 编码: 请另存为 UTF-8",
                 "the file looks GBK-encoded: save it as UTF-8");
  } else {
    d.help = Msg("规则文件须以 UTF-8 编码保存", "rule files must be saved as UTF-8");
  }
}

// Reads, decodes and parses one file; reports problems at `at` (the import
// declaration, or no span for the file named on the command line).
syntax::File* ParseOne(const std::string& path, base::Span at, Compilation& out,
                       base::Diagnostics& diags, std::optional<std::string> text = std::nullopt) {
  std::optional<std::string> bytes = text ? std::move(text) : ReadFile(path);
  if (!bytes) {
    diags.Error(
        "E0001", at,
        Msg(fmt::format("无法读取文件 `{}`", path), fmt::format("cannot read file `{}`", path)));
    return nullptr;
  }
  const std::string raw = *bytes;
  base::LoadResult loaded = base::LoadSourceText(path, std::move(*bytes));
  if (loaded.problem == base::LoadProblem::kTooLarge) {
    diags.Error(
        "E0005", at,
        Msg(fmt::format("文件 `{}` 太大", path), fmt::format("file `{}` is too large", path)));
    return nullptr;
  }
  if (!loaded.Ok()) {
    ReportInvalidUtf8(raw, loaded, out, diags);
    return nullptr;
  }
  base::FileId id = out.sources.Add(path, std::move(loaded.text));
  std::optional<syntax::File> file = syntax::Parse(out.sources, id, diags);
  if (!file) return nullptr;
  out.files.push_back(std::make_unique<syntax::File>(std::move(*file)));
  return out.files.back().get();
}

}  // namespace

std::string StdlibRoot() {
  if (const char* env = std::getenv("ARL_STDLIB_ROOT"); env != nullptr && *env != '\0') return env;
  return ARL_SOURCE_ROOT;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(fs::u8path(path), ec)) return std::nullopt;
  std::ifstream in(fs::u8path(path), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(buffer).str();
}

bool LoadAndParse(const std::string& path, Compilation& out, base::Diagnostics& diags,
                  std::optional<std::string> text) {
  syntax::File* main = ParseOne(path, base::Span{}, out, diags, std::move(text));
  if (main == nullptr) return false;
  if (!main->header && main->decls.empty()) {
    diags
        .Error("E0004", base::Span{main->file, 0, 0},
               Msg("文件是空的: 没有任何声明", "the file is empty: it declares nothing"))
        .help = Msg("规则文件以 `政策 名称 \"全称\"` 或 `规则库 名称` 开头",
                    "a rule file starts with `政策 name \"title\"` or `规则库 name`");
    return false;
  }

  // Follow imports breadth first; each file is read once however often it is
  // imported, so an import cycle simply ends.
  std::set<std::string> seen{fs::weakly_canonical(fs::u8path(path)).u8string()};
  bool ok = true;
  for (size_t i = 0; i < out.files.size(); ++i) {
    const syntax::File& file = *out.files[i];
    const std::string importer = out.sources.Get(file.file).Path();
    for (const syntax::Decl& decl : file.decls) {
      const auto* import = decl.As<syntax::ImportDecl>();
      if (import == nullptr) continue;
      std::optional<fs::path> found = FindImport(importer, import->path.value);
      if (!found) {
        diags
            .Error("E0002", import->path.span,
                   Msg(fmt::format("找不到引用的文件 `{}`", import->path.value),
                       fmt::format("cannot find imported file `{}`", import->path.value)))
            .help = Msg("引用的路径相对于本文件所在目录, 或相对于存放 stdlib-rules/ 的目录",
                        "import paths are relative to this file's folder or to the folder "
                        "that holds stdlib-rules/");
        ok = false;
        continue;
      }
      std::string key = fs::weakly_canonical(*found).u8string();
      if (!seen.insert(key).second) continue;
      if (ParseOne(found->u8string(), import->path.span, out, diags) == nullptr) ok = false;
    }
  }
  return ok;
}

bool LoadAndCheck(const std::string& path, Compilation& out, base::Diagnostics& diags,
                  std::optional<std::string> text) {
  if (!LoadAndParse(path, out, diags, std::move(text))) return false;
  std::vector<const syntax::File*> files;
  files.reserve(out.files.size());
  for (const auto& file : out.files) files.push_back(file.get());
  out.program = std::make_unique<checked::Program>(checked::FromSyntax(files, out.sources, diags));
  return !diags.HasErrors();
}

CheckOutcome CheckOne(const std::string& path, base::Lang lang, bool color, const std::string& dump,
                      std::optional<std::string> text) {
  Compilation compilation;
  base::Diagnostics diags;
  CheckOutcome outcome;
  outcome.ok = LoadAndCheck(path, compilation, diags, std::move(text));
  // Lowering finds what the runtime cannot evaluate; a drafter should hear
  // about it from `arl check`, not first from `arl run`.
  if (outcome.ok) {
    ir::Program lowered = ir::FromChecked(*compilation.program, diags);
    // The rule file's own 情景 (for `arl whatif --scenario NAME`): their
    // names and values, checked now rather than when an analyst runs one. A
    // file of nothing but 情景 is a scenario file: its names are those of a
    // rule file, checked when `arl whatif` reads the two together.
    const syntax::File& file = *compilation.files[0];
    const bool rule_file =
        std::any_of(file.decls.begin(), file.decls.end(),
                    [](const syntax::Decl& d) { return d.As<syntax::ScenarioDecl>() == nullptr; });
    if (rule_file && !diags.HasErrors()) ReadScenarios(file, compilation.sources, lowered, diags);
    outcome.ok = !diags.HasErrors();
    if (dump == "ir") outcome.dump = ir::Dump(lowered);
  }
  if (dump == "ast" && !compilation.files.empty()) {
    outcome.dump = syntax::Dump(*compilation.files[0]);
  } else if (dump == "checked" && compilation.program != nullptr) {
    outcome.dump = checked::Dump(*compilation.program);
  }
  outcome.diagnostics = base::RenderAll(diags, compilation.sources, lang, color);
  return outcome;
}

}  // namespace arl::driver
