// TarEntry and EntryReader: the entries of one layer, forward-only (DESIGN.md 1.3).
//
// How to use:
//   while (reader.Next()) { const TarEntry& e = reader.entry(); ... reader.body() ... }
//   if (!reader.status()) { /* the layer failed: corrupt, truncated, digest mismatch, limit */ }
// body() is valid only until the next Next(); bytes not read are skipped (and still hashed).
// Entries the reader refuses (a path escaping the root, a name over the limit) are not returned;
// each becomes a Diagnostic in diagnostics(). Errors are sticky. Not thread-safe: one reader
// per layer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/byte_io.h"
#include "base/status.h"
#include "model/diagnostic.h"

namespace hullscan::layer {

enum class EntryType { kRegular, kDirectory, kSymlink, kHardlink, kOther };

enum class Whiteout {
  kNone,
  kFile,       ///< ".wh.NAME": `path` is the deleted path (NAME in its directory)
  kOpaqueDir,  ///< ".wh..wh..opq": `path` is the directory whose lower content is hidden
};

struct TarEntry {
  /// Absolute, normalised: "/var/lib/dpkg/status". No "." or ".." components, no trailing "/",
  /// never outside the root. The root itself is "/".
  std::string path;
  EntryType type = EntryType::kRegular;
  uint64_t size_bytes = 0;
  uint32_t mode = 0;
  /// kSymlink: the target exactly as stored (not followed, not normalised).
  /// kHardlink: the normalised absolute path of the earlier entry it links to.
  std::string link_target;
  Whiteout whiteout = Whiteout::kNone;
};

class EntryReader {
 public:
  virtual ~EntryReader() = default;
  /// Advances to the next entry; false at the end or on error (then see status()).
  virtual bool Next() = 0;
  virtual const TarEntry& entry() const = 0;
  /// The current entry's content (regular files only; empty for others).
  virtual ByteSource& body() = 0;
  /// OK after a clean end; the first error otherwise.
  virtual const Status& status() const = 0;
  /// Entries skipped with a reason (path traversal, over-long names, ...).
  virtual const std::vector<model::Diagnostic>& diagnostics() const = 0;
};

/// Normalises a path from a tar header or link: strips "./" and leading "/", resolves "." and
/// ".." lexically. Returns the absolute form ("/a/b"), or an error when ".." would leave the
/// root or the path is empty/contains NUL. `base_dir` (absolute) resolves relative symlink
/// targets; tar member names and hard-link targets are relative to the root.
Result<std::string> NormalizePath(std::string_view raw, std::string_view base_dir = "/");

}  // namespace hullscan::layer
