// The rule files the whole-file tests run over: every .arl file under
// samples/, stdlib-rules/, docs/ and tests/golden/parse/, relative to the
// source root (the tests' working folder).
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace arl::testing {

inline std::vector<std::string> RepositoryRuleFiles() {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const char* root : {"samples", "stdlib-rules", "docs", "tests/golden/parse"}) {
    if (!fs::is_directory(root)) continue;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".arl") {
        files.push_back(entry.path().generic_u8string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace arl::testing
