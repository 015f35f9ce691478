// Test-only helpers: a small tar writer (ustar headers, GNU long names, pax records, and raw
// headers for malformed cases) and builders of tiny but complete images (OCI layout, oci-archive,
// classic and Docker >= 25 docker-archive) for the image module's tests. Not part of the
// library; compiled into the test binary only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hullscan::image::testutil {

/// Writes a tar archive into a string (POSIX ustar; see tar_index.h for the spec links).
class TarWriter {
 public:
  /// A 512-byte ustar header with a valid checksum. `type` is the typeflag character.
  static std::string Header(const std::string& name, uint64_t size, char type, const std::string& link = "");
  /// Recomputes the checksum field of a header block.
  static void FixChecksum(std::string* block);

  void AddFile(const std::string& name, const std::string& content);
  void AddDir(const std::string& name);
  void AddSymlink(const std::string& name, const std::string& target);
  void AddHardlink(const std::string& name, const std::string& target);
  /// A GNU 'L' (and 'K' when `link` is set) long-name member followed by the real header.
  void AddGnuLong(const std::string& name, const std::string& content, char type = '0', const std::string& link = "");
  /// A pax 'x' header with the given records, then a member whose ustar name is `short_name`.
  void AddPax(const std::map<std::string, std::string>& records, const std::string& short_name,
              const std::string& content, char type = '0');
  /// Appends bytes as they are (a hand-made header, say).
  void AddRaw(const std::string& bytes) { out_ += bytes; }
  /// Appends `content` padded to a block.
  void AddData(const std::string& content);
  /// The archive with its two end-of-archive blocks.
  std::string Finish() const { return out_ + std::string(1024, '\0'); }
  /// The archive without end-of-archive blocks.
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

/// "sha256:<hex>" of the bytes.
std::string DigestOf(const std::string& bytes);
std::string HexOf(const std::string& digest);  ///< the part after "sha256:"

struct HistorySpec {
  std::string created_by;
  bool empty_layer = false;
};

/// One image: uncompressed tar layers, an OCI config and manifest (or Docker schema 2 ones).
struct TestImage {
  std::vector<std::string> layers;  ///< layer tar bytes
  std::string config;
  std::string manifest;
  std::string config_digest;
  std::string manifest_digest;
  std::vector<std::string> layer_digests;
};

struct ImageSpec {
  std::string os = "linux";
  std::string arch = "amd64";
  std::string variant;
  std::vector<std::string> layer_files;  ///< one layer per string: a tar holding /file-<i> with this content
  std::vector<HistorySpec> history;      ///< empty: one non-empty entry per layer, "layer <i>"
  bool docker_media_types = false;
};

TestImage BuildImage(const ImageSpec& spec);

/// Replaces the config bytes (and so the manifest, its config descriptor and digests).
void ReplaceConfig(TestImage* img, const std::string& config);
/// Rewrites the manifest JSON through `edit` and recomputes its digest.
void EditManifest(TestImage* img, const std::function<void(nlohmann::ordered_json&)>& edit);

/// An index (or, with docker = true, a manifest list) JSON over the given descriptors.
struct IndexEntry {
  std::string media_type;
  std::string digest;
  uint64_t size = 0;
  std::string ref_name;   ///< annotation, "" = none
  std::string platform;   ///< "os/arch[/variant]", "" = none
};
std::string IndexJson(const std::vector<IndexEntry>& entries, bool docker = false);
IndexEntry ManifestEntry(const TestImage& img, const std::string& ref_name = "", const std::string& platform = "");

/// Blob store: digest -> bytes.
using Blobs = std::map<std::string, std::string>;
void AddImageBlobs(const TestImage& img, Blobs* blobs);

/// Writes an OCI layout directory (oci-layout, index.json, blobs/sha256/...).
void WriteOciDir(const std::string& dir, const Blobs& blobs, const std::string& index_json);
/// The same layout as tar bytes.
std::string OciArchive(const Blobs& blobs, const std::string& index_json);

/// A classic docker-archive ("<hex>.json", "<diffid>.tar"); when `legacy_links` is set, the
/// manifest names "<id>/layer.tar" members that are symlinks to the top-level tars (skopeo).
std::string DockerClassicArchive(const std::vector<std::pair<TestImage, std::vector<std::string>>>& images,
                                 bool legacy_links);
/// A Docker >= 25 archive: OCI layout plus manifest.json with blobs/sha256/<hex> names.
std::string Docker25Archive(const TestImage& img, const std::vector<std::string>& repo_tags);

/// Writes bytes to a file (test fails on error).
void WriteFile(const std::string& path, const std::string& bytes);

}  // namespace hullscan::image::testutil
