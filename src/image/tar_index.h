// TarIndex: the member table of an outer, uncompressed tar archive (a docker-archive or an
// oci-archive), built by reading only the 512-byte headers, so a multi-GB archive is indexed
// with a few hundred small preads and member contents are later read as byte ranges
// (FileSource::OpenRange) without extracting anything to disk.
//
// Formats followed: POSIX ustar and pax (IEEE Std 1003.1-2017, "pax" utility, "ustar Interchange
// Format" and "pax Extended Header"; https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html),
// GNU tar's 'L'/'K' long-name members and base-256 numbers
// (https://www.gnu.org/software/tar/manual/html_node/Standard.html). Member names are normalised
// ("./a//b/" -> "a/b"); names that are absolute or climb out of the root with ".." are rejected
// (kCorrupt), as are bad header checksums, members running past the end of the file and more
// members than Limits::max_archive_members (kLimitExceeded). A later member with the same name
// replaces an earlier one, as extraction would.
//
// The parser reads through the abstract ReaderAt, so the fuzzer feeds it memory.
// Thread-safety: a built TarIndex is immutable and may be shared by threads; a ReaderAt is used
// by one thread at a time while building.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/limits.h"
#include "base/status.h"

namespace hullscan::image {

/// Random-access reads from a byte container of known size.
class ReaderAt {
 public:
  virtual ~ReaderAt() = default;
  virtual uint64_t size_bytes() const = 0;
  /// Reads up to out.size() bytes at `offset`; fewer only at the end of the data.
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) = 0;
};

/// A ReaderAt over memory the caller keeps alive.
class MemoryReaderAt final : public ReaderAt {
 public:
  explicit MemoryReaderAt(std::string_view data) : data_(data) {}
  uint64_t size_bytes() const override { return data_.size(); }
  Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) override;

 private:
  std::string_view data_;
};

/// A ReaderAt over a file, read with pread.
class FileReaderAt final : public ReaderAt {
 public:
  /// kNotFound when `path` does not exist, kInvalidArgument for a directory, kIo otherwise.
  static Result<std::unique_ptr<FileReaderAt>> Open(const std::string& path);
  ~FileReaderAt() override;
  FileReaderAt(const FileReaderAt&) = delete;
  FileReaderAt& operator=(const FileReaderAt&) = delete;
  uint64_t size_bytes() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) override;

 private:
  FileReaderAt(int fd, std::string path, uint64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
  int fd_;
  std::string path_;
  uint64_t size_;
};

enum class TarMemberType { kRegular, kDirectory, kSymlink, kHardlink, kOther };

struct TarMember {
  std::string name;         ///< normalised: "blobs/sha256/ab..", never "/"-prefixed, no "." or ".."
  TarMemberType type = TarMemberType::kRegular;
  uint64_t data_offset = 0; ///< where the content starts in the archive
  uint64_t size_bytes = 0;  ///< content length (0 for links and directories)
  /// kSymlink: the target as stored; kHardlink: the normalised name of the linked member.
  std::string link_target;
};

class TarIndex {
 public:
  /// Reads every header of the archive. `what` names the archive in error messages.
  /// Errors: kCorrupt (bad checksum, truncated, name escaping the root, malformed pax record),
  /// kLimitExceeded (too many members, a long name over Limits::max_path_bytes), kIo.
  static Result<TarIndex> Build(ReaderAt& reader, const Limits& limits, std::string_view what);

  /// The member stored under `name` (normalised first), links not followed; nullptr if absent.
  const TarMember* Find(std::string_view name) const;

  /// The member that `name` finally denotes: symlinks (relative to the member's directory) and
  /// hard links between members are followed up to 40 steps. Errors: kNotFound (no such member,
  /// or a link to a missing member), kCorrupt (a link leaving the archive root, a link loop).
  Result<const TarMember*> Resolve(std::string_view name) const;

  /// Every member, in archive order (only the last of duplicate names).
  std::vector<const TarMember*> Members() const;
  size_t member_count() const { return members_.size(); }

 private:
  std::vector<TarMember> members_;  // archive order; replaced entries keep their slot
  std::unordered_map<std::string, size_t> by_name_;
  std::string what_;
};

/// Normalises a member name or an archive-internal link: strips "./", "//" and a trailing "/",
/// resolves "." and ".." lexically against `base_dir` ("" = the archive root). Returns "" for the
/// root itself. kCorrupt when the name is absolute, contains NUL, or ".." leaves the root.
Result<std::string> NormalizeMemberName(std::string_view raw, std::string_view base_dir = "");

}  // namespace hullscan::image
