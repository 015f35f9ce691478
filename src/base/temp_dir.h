// TempDir and TempFile: our own scratch space. Nothing in hullscan writes outside the cache dir,
// a TempDir, or the output file the user named.
//
// A TempDir is created under $TMPDIR (default /tmp) as "hullscan-XXXXXX" and removed
// recursively on destruction. A TempFile is one file inside a TempDir (or its own), removed when
// it is destroyed. Thread-safety: a TempDir may hand out files to several threads
// (NewFile is thread-safe); each TempFile belongs to one thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "base/byte_io.h"
#include "base/status.h"

namespace hullscan {

class TempDir {
 public:
  /// Creates a new directory under `parent` (empty: $TMPDIR or /tmp).
  static Result<std::unique_ptr<TempDir>> Create(const std::string& parent = "");
  ~TempDir();
  const std::string& path() const { return path_; }
  /// A fresh, unique path inside this directory (the file is not created).
  std::string NewPath(std::string_view suffix = "");

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::atomic<uint64_t> counter_{0};
};

/// A file that is deleted when this object is destroyed.
class TempFile {
 public:
  TempFile() = default;
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(TempFile&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  TempFile& operator=(TempFile&& o) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();
  const std::string& path() const { return path_; }

  /// Writes the whole source to a new file at `path` (at most max_bytes).
  static Result<TempFile> FromSource(std::string path, ByteSource& src, uint64_t max_bytes,
                                     std::string_view what);

 private:
  std::string path_;
};

}  // namespace hullscan
