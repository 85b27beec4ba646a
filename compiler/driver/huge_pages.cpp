#include "compiler/driver/huge_pages.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace arl::driver {
namespace {

constexpr std::string_view kTunable = "glibc.malloc.hugetlb";

/// The commands that load data.
bool LoadsData(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string_view command = argv[1];
  return command == "run" || command == "explain" || command == "report" || command == "whatif";
}

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
  if (!LoadsData(argc, argv)) return;
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

void KeepFreedMemory(int argc, char** argv) {
#if defined(__GLIBC__)
  if (!LoadsData(argc, argv)) return;
  // Blocks up to the largest threshold glibc allows come from the heap, not
  // from a mapping of their own that free() would unmap; the heap is not
  // trimmed below 1 GiB of free memory at its top; and it grows 64 MiB at
  // a time (address space: only what is touched is memory).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
#else
  (void)argc;
  (void)argv;
#endif
}

}  // namespace arl::driver
