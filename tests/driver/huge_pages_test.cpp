// The data commands start over once with glibc's huge-page tunable
// (compiler/driver/huge_pages.h): the results are the same bytes, a user's
// own tunables are kept, and `glibc.malloc.hugetlb=0` turns it off. They
// also keep the memory they free for reuse.
#include <catch2/catch.hpp>

#include <malloc.h>

#include <cstdlib>
#include <string>

#include "compiler/driver/huge_pages.h"
#include "tests/driver/process.h"

namespace arl {
namespace {

using driver::HugePagesOnRequest;
using testing::CommandOutput;
using testing::ShellQuote;

/// `arl run` of the yinhai sample with `env` before it (`-u GLIBC_TUNABLES`
/// or `GLIBC_TUNABLES=...`); stdout, or stderr with `--timings`.
std::string RunYinhai(const std::string& env, bool timings) {
  const std::string command = "env " + env + " " + ShellQuote(ARL_BINARY) +
                              " run samples/yinhai/yinhai.arl --data samples/yinhai/data" +
                              (timings ? " --timings 2>&1 >/dev/null" : " 2>/dev/null");
  return CommandOutput(command);
}

TEST_CASE("arl run gives the same bytes with and without huge pages") {
  const std::string with = RunYinhai("-u GLIBC_TUNABLES", false);
  const std::string without = RunYinhai("GLIBC_TUNABLES=glibc.malloc.hugetlb=0", false);
  REQUIRE(with.find("\"名次\"") != std::string::npos);
  CHECK(with == without);
}

TEST_CASE("arl run asks for huge pages where the kernel gives them on request") {
  const std::string asked =
      HugePagesOnRequest() ? "huge pages requested" : "huge pages not requested";
  CHECK_THAT(RunYinhai("-u GLIBC_TUNABLES", true), Catch::Contains(asked));
  // A user's own tunables stay, with the huge pages added.
  CHECK_THAT(RunYinhai("GLIBC_TUNABLES=glibc.malloc.check=0", true), Catch::Contains(asked));
  // Naming the tunable, at any value, is the user's choice: it is left alone.
  CHECK_THAT(RunYinhai("GLIBC_TUNABLES=glibc.malloc.hugetlb=0", true),
             Catch::Contains("huge pages not requested"));
}

TEST_CASE("the data commands keep the memory they free for what they allocate next") {
  char arl[] = "arl";
  char run[] = "run";
  char* argv[] = {arl, run, nullptr};
  driver::KeepFreedMemory(2, argv);
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  // A block the size of a column of a million numbers comes from the heap,
  // not from a mapping of its own, and the heap keeps it once it is freed.
  constexpr size_t kBlock = size_t{8} << 20;
  const size_t mapped_before = mallinfo2().hblkhd;
  char* volatile block = static_cast<char*>(std::malloc(kBlock));
  REQUIRE(block != nullptr);
  block[kBlock - 1] = 1;
  CHECK(mallinfo2().hblkhd == mapped_before);
  const size_t heap = mallinfo2().arena;
  std::free(block);
  CHECK(mallinfo2().arena == heap);
#endif
}

}  // namespace
}  // namespace arl
