// What both hand-written baselines share: reading a CSV file into typed
// columns, int64 fixed point, and writing JSON the way `arl run --format json`
// does. Deliberately plain C++17: whole file in memory, one field at a time,
// no quoting beyond what the generated data uses (a quoted field is rejected).
#pragma once

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace baseline {

[[noreturn]] inline void Die(const std::string& why) {
  std::fprintf(stderr, "baseline: %s\n", why.c_str());
  std::exit(1);
}

inline std::string ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) Die("cannot read " + path);
  std::string text;
  if (std::fseek(f, 0, SEEK_END) != 0) Die("cannot read " + path);
  const long size = std::ftell(f);
  if (size < 0 || std::fseek(f, 0, SEEK_SET) != 0) Die("cannot read " + path);
  text.resize(static_cast<size_t>(size));
  if (size > 0 && std::fread(text.data(), 1, text.size(), f) != text.size())
    Die("cannot read " + path);
  std::fclose(f);
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return text;
}

/// Splits `text` into lines and fields; calls on_header(fields) once, then
/// on_row(row_index, fields) for every non-empty line. Fields are views into
/// `text`, valid as long as it lives.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  template <typename OnHeader, typename OnRow>
  void Read(const std::string& file, OnHeader on_header, OnRow on_row) {
    size_t pos = 0;
    size_t row = 0;
    bool header = true;
    std::vector<std::string_view> fields;
    while (pos < text_.size()) {
      size_t end = text_.find('\n', pos);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos, end - pos);
      pos = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      fields.clear();
      size_t start = 0;
      while (true) {
        const size_t comma = line.find(',', start);
        fields.push_back(line.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      for (std::string_view f : fields) {
        if (!f.empty() && f.front() == '"') Die(file + ": quoted fields are not supported");
      }
      if (header) {
        on_header(fields);
        header = false;
      } else {
        on_row(row++, fields);
      }
    }
  }

 private:
  std::string_view text_;
};

/// Index of `name` in the header, or exit.
inline size_t Column(const std::vector<std::string_view>& header, std::string_view name,
                     const std::string& file) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  Die(file + ": no column " + std::string(name));
}

inline std::int64_t Pow10(int n) {
  std::int64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

/// A decimal number as an integer count of 10^-digits; exits on anything
/// else, on more decimals than that and on overflow.
inline std::int64_t ParseFixed(std::string_view s, int digits, const char* what) {
  bool negative = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::int64_t whole = 0;
  bool any = false;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    whole = whole * 10 + (s[i] - '0');
    any = true;
    if (whole > 1'000'000'000'000LL) Die(std::string("number too large in ") + what);
  }
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (frac_digits == digits) {
        if (s[i] != '0') Die(std::string("too many decimals in ") + what);
        continue;
      }
      frac = frac * 10 + (s[i] - '0');
      ++frac_digits;
      any = true;
    }
  }
  if (!any || i != s.size()) Die(std::string("not a number in ") + what + ": " + std::string(s));
  const std::int64_t v = whole * Pow10(digits) + frac * Pow10(digits - frac_digits);
  return negative ? -v : v;
}

/// 是/否 and the other spellings arl accepts; empty is 否 (the samples' rule
/// for yes/no columns).
inline bool ParseBool(std::string_view s, const char* what) {
  if (s.empty() || s == "否" || s == "false" || s == "FALSE" || s == "False" || s == "0")
    return false;
  if (s == "是" || s == "true" || s == "TRUE" || s == "True" || s == "1") return true;
  Die(std::string("not yes/no in ") + what + ": " + std::string(s));
}

/// a / b rounded half up (away from zero), for b > 0.
inline std::int64_t DivHalfUp(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  const std::int64_t r = a % b;
  if (2 * (r < 0 ? -r : r) >= b) return a < 0 ? q - 1 : q + 1;
  return q;
}

/// Buffered output to a file or stdout.
class Writer {
 public:
  explicit Writer(const std::string& path)
      : f_(path.empty() || path == "-" ? stdout : std::fopen(path.c_str(), "wb")) {
    if (f_ == nullptr) Die("cannot write " + path);
    buf_.reserve(kFlushAt + 4096);
  }
  ~Writer() {
    Flush();
    if (f_ != stdout) std::fclose(f_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& Raw(std::string_view s) {
    buf_.append(s.data(), s.size());
    if (buf_.size() >= kFlushAt) Flush();
    return *this;
  }
  /// A JSON string.
  Writer& Str(std::string_view s) {
    buf_ += '"';
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        buf_ += '\\';
        buf_ += ch;
      } else if (c < 0x20) {
        char tmp[8];
        std::snprintf(tmp, sizeof tmp, "\\u%04x", c);
        buf_ += tmp;
      } else {
        buf_ += ch;
      }
    }
    buf_ += '"';
    return *this;
  }
  Writer& Int(std::int64_t v) {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
    return *this;
  }
  /// A fixed-point value with `digits` decimals, trailing zeros dropped,
  /// as arl's Decimal::ToString writes it (930.5, 26, -1.25).
  Writer& Fixed(std::int64_t v, int digits) {
    if (v < 0) {
      buf_ += '-';
      v = -v;
    }
    const std::int64_t scale = Pow10(digits);
    Int(v / scale);
    std::int64_t frac = v % scale;
    if (frac != 0) {
      int n = digits;
      while (frac % 10 == 0) {
        frac /= 10;
        --n;
      }
      char tmp[24];
      const auto r = std::to_chars(tmp, tmp + sizeof tmp, frac);
      buf_ += '.';
      buf_.append(static_cast<size_t>(n - (r.ptr - tmp)), '0');
      buf_.append(tmp, r.ptr);
    }
    return *this;
  }
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      Die("write failed");
    buf_.clear();
  }

 private:
  static constexpr size_t kFlushAt = size_t{1} << 20;
  std::FILE* f_;
  std::string buf_;
};

/// Wall time of the phases, printed like `arl run --timings`.
class Clock {
 public:
  void Lap(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    line_ += line_.empty() ? "timings: " : ", ";
    line_ += phase;
    line_ += ' ';
    line_ +=
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count());
    line_ += " ms";
    last_ = now;
  }
  void Print() const { std::fprintf(stderr, "%s\n", line_.c_str()); }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::string line_;
};

/// The command line shared by both baselines: DATA_DIR [-o OUT] [--timings]
/// [--policy NAME].
struct Args {
  std::string data;
  std::string output;
  std::string policy;
  bool timings = false;
};

inline Args ParseArgs(int argc, char** argv, const char* default_policy) {
  Args a;
  a.policy = default_policy;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "-o" || arg == "--policy") && i + 1 < argc) {
      (arg == "-o" ? a.output : a.policy) = argv[++i];
    } else if (arg == "--timings") {
      a.timings = true;
    } else if (a.data.empty() && !arg.empty() && arg[0] != '-') {
      a.data = arg;
    } else {
      Die("usage: " + std::string(argv[0]) + " DATA_DIR [-o OUT] [--timings] [--policy NAME]");
    }
  }
  if (a.data.empty())
    Die("usage: " + std::string(argv[0]) + " DATA_DIR [-o OUT] [--timings] [--policy NAME]");
  return a;
}

}  // namespace baseline
