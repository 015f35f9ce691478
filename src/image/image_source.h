// ImageRef and ImageSource: from what the user typed to an image's layers (DESIGN.md 1.3).
//
// ParseImageRef() turns "docker-archive:PATH", "oci:PATH[:TAG|@DIGEST]", "oci-archive:PATH[:TAG]",
// "dir:PATH", a bare existing path (detected by content) or anything else (a registry reference)
// into an ImageRef. ImageSource::Open() reads the image's metadata (manifest, config, history),
// verifying every digest it follows, and presents the layers.
// Thread-safety: after Open(), info() is immutable and OpenLayer()/OpenLayerEntries() may be
// called concurrently for different indices (each returns its own stream).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/byte_io.h"
#include "base/limits.h"
#include "base/status.h"
#include "layer/entry.h"
#include "model/image_info.h"
#include "registry/client.h"

namespace hullscan::image {

struct ImageRef {
  enum class Kind { kDockerArchive, kOciLayout, kOciArchive, kDir, kFs, kRegistry };
  Kind kind = Kind::kDockerArchive;
  std::string path;      ///< file or directory for local kinds; the reference for kRegistry
  /// oci/oci-archive: ref.name to select ("" = the only/first manifest);
  /// docker-archive: a RepoTags entry to select ("" = the only image).
  std::string tag;
  std::string digest;    ///< oci: "@sha256:..." manifest digest to select
  std::string original;  ///< as typed
};

/// Stable name of a kind: "docker-archive", "oci", "oci-archive", "dir", "fs", "registry".
/// "fs:PATH" is a project directory or a single file (a lock file) scanned before it becomes an
/// image: a directory is read like "dir:", a file as the only entry "/<its name>".
std::string_view ImageRefKindName(ImageRef::Kind kind);

/// Parses a reference. A bare argument that names an existing path is detected by content
/// (a directory with index.json/oci-layout is OCI, other directories are root filesystems; a tar
/// holding manifest.json is a docker-archive, one holding only index.json an oci-archive;
/// anything else is kInvalidArgument "not a container image: ..."). A bare "PATH:TAG" or
/// "PATH@DIGEST" whose PATH is an image is accepted too. Suffixes are split off only when what
/// precedes them exists: oci: at the last '@' or ':', oci-archive: at the last ':',
/// docker-archive: at the first ':' ("docker-archive:a.tar:docker.io/x/y:1").
/// Other bare arguments are registry references, except those that look like paths (starting
/// with '/', '.' or '~', ending in ".tar" or ".oci"), which are kNotFound.
/// Errors: kInvalidArgument (malformed), kNotFound (a path that does not exist).
Result<ImageRef> ParseImageRef(std::string_view text);

struct SourceOptions {
  /// "os/arch[/variant]" to pick from a multi-platform index.
  std::string platform = "linux/amd64";
  Limits limits;
  /// Registry references only: credentials, CA, insecure hosts, timeouts and the metadata
  /// cache dir (registry/client.h). Defaults: anonymous, verified TLS, no cache.
  registry::ClientOptions registry;
};

class ImageSource {
 public:
  virtual ~ImageSource() = default;

  /// Opens the image. Errors: kNotFound (file, blob or tag missing), kCorrupt (bad JSON,
  /// digest mismatch, member outside the archive), kUnsupported (unknown media
  /// types), kLimitExceeded (metadata over Limits), kInvalidArgument (platform not present:
  /// the message lists the platforms that are).
  static Result<std::unique_ptr<ImageSource>> Open(const ImageRef& ref, const SourceOptions& opts);

  /// Config, history and layer descriptors (digest, diff_id, media_type, compressed size,
  /// created_by and history_index filled; content sizes are filled later by the scan).
  virtual const model::ImageInfo& info() const = 0;

  /// The layer's blob as stored (compressed or not). The stream verifies the blob digest and
  /// fails with kCorrupt at its end on mismatch. Callers choose the decompressor by magic bytes.
  virtual Result<std::unique_ptr<ByteSource>> OpenLayer(size_t index) = 0;

  /// For sources that are not tar streams (a root filesystem): the entries directly.
  /// Returns nullptr for tar-based sources; use OpenLayer() then.
  virtual Result<std::unique_ptr<layer::EntryReader>> OpenLayerEntries(size_t index) {
    return std::unique_ptr<layer::EntryReader>();
  }
};

}  // namespace hullscan::image
