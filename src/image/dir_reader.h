// DirReader: the entries of a root filesystem directory, presented as one layer's EntryReader
// (the "dir:PATH" source). It walks depth-first in byte-wise sorted name order with lstat and
// never follows a symlink: symlinks are reported with their target, directories are opened
// with O_NOFOLLOW relative to their parent's descriptor, and file bodies are opened with
// O_NOFOLLOW and checked to be the file that was listed. Hard links are reported as regular
// files (each name with its own body). Paths are normalised to "/a/b"; the root itself is not
// reported. Entries that cannot be read (permission denied, vanished, name over the limit)
// become diagnostics; more entries than Limits::max_entries stop the walk with kLimitExceeded.
// Thread-safety: one reader per thread (as EntryReader).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/byte_io.h"
#include "base/limits.h"
#include "base/status.h"
#include "layer/entry.h"
#include "model/diagnostic.h"

namespace hullscan::image {

class DirReader final : public layer::EntryReader {
 public:
  /// Opens the directory `root`. kNotFound when absent, kInvalidArgument when not a directory.
  /// A non-empty `only` keeps just that name of the top level (a single file to scan).
  static Result<std::unique_ptr<DirReader>> Open(const std::string& root, const Limits& limits,
                                                 const std::string& only = "");
  ~DirReader() override;
  DirReader(const DirReader&) = delete;
  DirReader& operator=(const DirReader&) = delete;

  bool Next() override;
  const layer::TarEntry& entry() const override { return entry_; }
  /// The current regular file's content (opened on first read); empty for other entries.
  ByteSource& body() override;
  const Status& status() const override { return status_; }
  const std::vector<model::Diagnostic>& diagnostics() const override { return diagnostics_; }

 private:
  struct Level {
    int fd = -1;
    std::string path;  ///< "" for the root, else "/a/b"
    std::vector<std::string> names;
    size_t next = 0;
  };
  class Body;

  DirReader(std::string root, const Limits& limits);
  void Diagnose(const std::string& path, ErrorCode code, const std::string& message);
  /// Lists an opened directory and pushes it; closes `fd` on failure.
  void PushLevel(int fd, std::string path);

  std::string root_;
  Limits limits_;
  std::vector<Level> stack_;
  layer::TarEntry entry_;
  std::string pending_dir_;  ///< name (in the top level) of the directory to descend into next
  bool has_pending_dir_ = false;
  std::unique_ptr<ByteSource> body_;
  uint64_t entries_ = 0;
  Status status_;
  std::vector<model::Diagnostic> diagnostics_;
};

}  // namespace hullscan::image
