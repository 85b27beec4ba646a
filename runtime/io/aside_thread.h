// A thread that works beside the calling one (parsing the records ahead,
// formatting the next piece of output), handing work over under a mutex.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

namespace arl::io {

/// The thread and what the two sides share to hand work over. However the
/// scope that owns it is left (an exception included), it is stopped and
/// joined: `stop` is set under `mutex`, `changed` notified, and every wait
/// of the thread's must have `stop` among its conditions and return on it.
/// What the thread reads must be declared before this, so as to outlive it.
class AsideThread {
 public:
  std::mutex mutex;
  std::condition_variable changed;
  bool stop = false;  // guarded by mutex

  AsideThread() = default;
  AsideThread(const AsideThread&) = delete;
  AsideThread& operator=(const AsideThread&) = delete;
  ~AsideThread() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    changed.notify_all();
    thread_.join();
  }

  template <typename F>
  void Start(F&& body) {
    thread_ = std::thread(std::forward<F>(body));
  }

 private:
  std::thread thread_;
};

}  // namespace arl::io
