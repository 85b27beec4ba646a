#include "compiler/driver/huge_pages.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace arl::driver {
namespace {

constexpr std::string_view kTunable = "glibc.malloc.hugetlb";

}  // namespace

bool HugePagesOnRequest() {
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  return std::getline(mode, line) && line.find("[madvise]") != std::string::npos;
}

bool HugePagesRequested() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables != nullptr &&
         std::string_view(tunables).find(std::string(kTunable) + "=1") != std::string_view::npos;
}

void StartOverWithHugePages(int argc, char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (argc < 2) return;
  const std::string_view command = argv[1];
  if (command != "run" && command != "explain" && command != "report" && command != "whatif")
    return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  const std::string before = tunables != nullptr ? tunables : "";
  if (before.find(kTunable) != std::string::npos) return;  // set already, by us or the user
  if (!HugePagesOnRequest()) return;
  const std::string after = (before.empty() ? "" : before + ":") + std::string(kTunable) + "=1";
  if (setenv("GLIBC_TUNABLES", after.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the program could not be started over. Carry on as before.
  if (tunables != nullptr) {
    setenv("GLIBC_TUNABLES", before.c_str(), 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
#else
  (void)argc;
  (void)argv;
#endif
}

}  // namespace arl::driver
