// Transparent huge pages, and freed memory kept for reuse, for the commands
// that load data.
//
// A run over a million rows fills a few hundred megabytes of fresh memory:
// columns, row lists, sort buffers. Each 4 KiB page costs a page fault
// on first touch, and on the virtual machines we measure on page faults
// were a third of `arl run`'s time (bench/README.md, "Runtime"). Linux can
// back memory with 2 MiB pages instead, one fault for 512, but where it is
// set to do so only on request (`madvise`, the usual setting), glibc's
// malloc makes that request only if the tunable `glibc.malloc.hugetlb=1` is
// in the environment when the process starts; there is no call to set it
// later. So the data commands start over once, the same program with the
// same arguments, with the tunable added to GLIBC_TUNABLES.
//
// Guarantees: results are the same bytes either way (only where memory
// comes from changes). Nothing happens when the kernel has no huge pages or
// gives them always, off glibc and Linux, or when GLIBC_TUNABLES already
// names glibc.malloc.hugetlb: `GLIBC_TUNABLES=glibc.malloc.hugetlb=0`
// turns it off. The process starts over at most once, and if it cannot
// (no /proc, say) it carries on as it is.
#pragma once

namespace arl::driver {

/// For `arl run`, `explain`, `report` and `whatif` (argv[1]): starts this
/// program over with glibc's huge-page tunable, when that would change
/// anything; returns only if it does not. Call it first thing in main.
void StartOverWithHugePages(int argc, char** argv);

/// For the same commands: tells malloc to keep the memory a run frees for
/// the allocations that follow, instead of giving it back to the kernel
/// and taking fresh memory (zeroed, page by page) for the next. A run
/// frees and allocates column-sized blocks at every step (at a million
/// rows, township's run went 0.1-0.2 s faster); peak memory grows by what
/// is kept between steps (about 27 MiB on yinhai). Results are the same
/// bytes. Call it after StartOverWithHugePages.
void KeepFreedMemory(int argc, char** argv);

/// True when the kernel gives huge pages only to memory that asks for them
/// ("always [madvise] never"): only then does the tunable change anything.
bool HugePagesOnRequest();

/// Whether this process's malloc was asked for huge pages (for --timings).
bool HugePagesRequested();

}  // namespace arl::driver
