// ByteSource and ByteSink: the only way bytes move between modules (DESIGN.md 1.3).
//
// A ByteSource is a forward-only stream: Read() fills up to out.size() bytes and returns how
// many it wrote; 0 means end of stream. Errors are returned, never thrown, and are sticky in
// the implementations here (a failed source keeps failing). Sources here are not thread-safe:
// one reader at a time. Implementations: MemorySource (a view, or owned string), FileSource
// (a whole file or a byte range of one, read with pread so several ranges of one fd can be
// read by different threads), LimitedSource (caps how many bytes may pass).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to out.size() bytes. Returns 0 only at end of stream.
  virtual Result<size_t> Read(std::span<std::byte> out) = 0;
};

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Write(std::span<const std::byte> data) = 0;
  Status Write(std::string_view s) {
    return Write(std::span<const std::byte>(reinterpret_cast<const std::byte*>(s.data()), s.size()));
  }
};

/// Reads from memory. The view form does not own the bytes: they must outlive the source.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  explicit MemorySource(std::string owned) : owned_(std::move(owned)), data_(owned_) {}
  Result<size_t> Read(std::span<std::byte> out) override;

 private:
  std::string owned_;
  std::string_view data_;
  size_t pos_ = 0;
};

/// Reads a file, or the byte range [offset, offset+length) of it. The fd is shared and
/// never moved (pread), so ranges of one file may be read concurrently.
class FileSource final : public ByteSource {
 public:
  /// Opens `path` read-only. kNotFound when it does not exist, kIo otherwise.
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  /// Opens [offset, offset+length) of `path`.
  static Result<std::unique_ptr<FileSource>> OpenRange(const std::string& path, uint64_t offset,
                                                       uint64_t length);
  ~FileSource() override;
  Result<size_t> Read(std::span<std::byte> out) override;
  uint64_t size_bytes() const { return length_; }

 private:
  FileSource(int fd, std::string path, uint64_t offset, uint64_t length)
      : fd_(fd), path_(std::move(path)), offset_(offset), length_(length) {}
  int fd_;
  std::string path_;
  uint64_t offset_;
  uint64_t length_;
  uint64_t pos_ = 0;
};

/// Passes at most `max_bytes` through; reading more is kLimitExceeded naming `what`.
class LimitedSource final : public ByteSource {
 public:
  LimitedSource(ByteSource& inner, uint64_t max_bytes, std::string what)
      : inner_(inner), max_bytes_(max_bytes), what_(std::move(what)) {}
  Result<size_t> Read(std::span<std::byte> out) override;

 private:
  ByteSource& inner_;
  uint64_t max_bytes_;
  uint64_t seen_ = 0;
  std::string what_;
};

/// Appends everything written to a std::string.
class StringSink final : public ByteSink {
 public:
  using ByteSink::Write;
  Status Write(std::span<const std::byte> data) override;
  const std::string& str() const { return s_; }
  std::string Take() { return std::move(s_); }

 private:
  std::string s_;
};

/// Writes to a file descriptor it does not own (stdout), or to a file it creates.
class FileSink final : public ByteSink {
 public:
  using ByteSink::Write;
  explicit FileSink(int fd) : fd_(fd), owned_(false) {}
  /// Creates or truncates `path`. The file is complete only after Close() succeeds.
  static Result<std::unique_ptr<FileSink>> Create(const std::string& path);
  ~FileSink() override;
  Status Write(std::span<const std::byte> data) override;
  Status Close();

 private:
  FileSink(int fd, std::string path) : fd_(fd), owned_(true), path_(std::move(path)) {}
  int fd_;
  bool owned_;
  std::string path_;
};

/// Reads the whole source into a string. kLimitExceeded when it holds more than max_bytes.
Result<std::string> ReadAll(ByteSource& src, uint64_t max_bytes, std::string_view what = "input");
/// ReadAll into `out`, which is cleared first and keeps its capacity: a caller reading many
/// files reuses one buffer instead of growing (and page-faulting) a new one per file.
/// `size_hint` (the expected size, if known) is reserved up front, capped by `max_bytes`.
Status ReadAllInto(ByteSource& src, uint64_t max_bytes, std::string& out, std::string_view what = "input",
                   uint64_t size_hint = 0);

/// Reads and discards the rest of the source; returns how many bytes were skipped.
Result<uint64_t> Drain(ByteSource& src);

/// Copies the whole source to the sink; returns the number of bytes copied.
Result<uint64_t> Copy(ByteSource& src, ByteSink& sink);

/// Reads a whole file (up to max_bytes).
Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes);

}  // namespace hullscan
