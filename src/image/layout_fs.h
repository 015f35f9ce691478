// LayoutFs: the files of an image on disk, whether they sit in a directory (an OCI layout) or
// inside an outer tar archive (docker-archive, oci-archive, read through a TarIndex). Image
// sources ask it for small metadata files and for blob streams by relative name; blob names are
// built only from validated digests (BlobPath), so "../../etc/passwd" can never become a path.
// Also here: reading a blob whole with its digest checked, and a DigestingSource that owns the
// stream it verifies.
//
// Thread-safety: after construction a LayoutFs is immutable; Open() and Stat() may be called
// from several threads (each Open returns its own stream on its own file descriptor).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/byte_io.h"
#include "base/digest.h"
#include "base/limits.h"
#include "base/status.h"
#include "image/tar_index.h"

namespace hullscan::image {

class LayoutFs {
 public:
  virtual ~LayoutFs() = default;
  /// Size of the regular file `rel` (links inside an archive followed). kNotFound when absent,
  /// kCorrupt when it is not a regular file or (in an archive) lies outside the archive root.
  virtual Result<uint64_t> Stat(std::string_view rel) const = 0;
  /// A stream over the whole of `rel`. Same errors as Stat().
  virtual Result<std::unique_ptr<ByteSource>> Open(std::string_view rel) const = 0;
  /// "ARCHIVE:rel" or "DIR/rel", for messages.
  virtual std::string Describe(std::string_view rel) const = 0;

  /// Reads `rel` whole; kLimitExceeded over max_bytes.
  Result<std::string> ReadSmall(std::string_view rel, uint64_t max_bytes) const;
  bool Exists(std::string_view rel) const { return Stat(rel).has_value(); }
};

/// Files under a directory.
class DirLayoutFs final : public LayoutFs {
 public:
  explicit DirLayoutFs(std::string root) : root_(std::move(root)) {}
  Result<uint64_t> Stat(std::string_view rel) const override;
  Result<std::unique_ptr<ByteSource>> Open(std::string_view rel) const override;
  std::string Describe(std::string_view rel) const override;

 private:
  std::string root_;
};

/// Members of an uncompressed tar archive, read as byte ranges of the archive file.
class TarLayoutFs final : public LayoutFs {
 public:
  /// Indexes the archive's headers. Errors as TarIndex::Build.
  static Result<std::unique_ptr<TarLayoutFs>> Open(const std::string& archive_path, const Limits& limits);
  Result<uint64_t> Stat(std::string_view rel) const override;
  Result<std::unique_ptr<ByteSource>> Open(std::string_view rel) const override;
  std::string Describe(std::string_view rel) const override;
  const TarIndex& index() const { return index_; }

 private:
  TarLayoutFs(std::string path, TarIndex index) : path_(std::move(path)), index_(std::move(index)) {}
  std::string path_;
  TarIndex index_;
};

/// Where a layer's blob is and what it must hash to.
struct LayerBlob {
  std::string rel;       ///< name inside the LayoutFs
  std::string expected;  ///< "sha256:<hex>" the stream must hash to
};

/// "blobs/<algorithm>/<hex>" for a validated digest.
std::string BlobPath(const Digest& digest);

/// Reads the blob `rel` whole (at most max_bytes), checks its size against `expected_size`
/// (when >= 0) and its digest against `expected` (when not empty).
/// Errors: kNotFound, kLimitExceeded, kCorrupt ("digest mismatch for WHAT ...").
Result<std::string> ReadVerified(const LayoutFs& fs, std::string_view rel, const std::string& expected,
                                 int64_t expected_size, uint64_t max_bytes, std::string_view what);

/// A DigestingSource that owns its inner stream: reading to the end verifies `expected`
/// (kCorrupt at end of stream on mismatch).
class VerifiedSource final : public ByteSource {
 public:
  VerifiedSource(std::unique_ptr<ByteSource> inner, std::string expected, std::string what)
      : inner_(std::move(inner)), digesting_(*inner_, std::move(expected), std::move(what)) {}
  Result<size_t> Read(std::span<std::byte> out) override { return digesting_.Read(out); }

 private:
  std::unique_ptr<ByteSource> inner_;
  DigestingSource digesting_;
};

}  // namespace hullscan::image
