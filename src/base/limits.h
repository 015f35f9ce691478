// Limits: named bounds on everything read from untrusted input (DESIGN.md 1.8, anti-pattern 8).
//
// Every reader of untrusted bytes takes a Limits (or the part of it it needs). Exceeding one is
// kLimitExceeded: for a whole layer that stops the scan, for one file it becomes a diagnostic.
// Plain value; Validate() rejects nonsense values given on the command line.
#pragma once

#include <cstdint>

#include "base/status.h"

namespace hullscan {

struct Limits {
  static constexpr uint64_t kMiB = 1024 * 1024;
  static constexpr uint64_t kGiB = 1024 * kMiB;

  /// Uncompressed bytes of one layer's tar stream.
  uint64_t max_layer_bytes = 256 * kGiB;
  /// Decompression bomb guard: once a layer has produced `bomb_min_bytes`, the ratio of
  /// uncompressed to compressed bytes may not exceed `max_compression_ratio`. Real layers
  /// compress 2–20×; a stream of zeros compresses about 1000× with gzip.
  uint64_t bomb_min_bytes = 512 * kMiB;
  uint64_t max_compression_ratio = 200;
  /// Entries in one layer.
  uint64_t max_entries = 5'000'000;
  /// Length of one path, and of one symlink or hard-link target.
  uint64_t max_path_bytes = 4096;
  /// A package database or other metadata file read into memory by an extractor.
  uint64_t max_file_bytes = 256 * kMiB;
  /// A file spilled to the temp dir for random access (rpmdb, later jars).
  uint64_t max_spill_bytes = 2 * kGiB;
  /// Image metadata documents (manifest, index, config, manifest.json).
  uint64_t max_metadata_bytes = 32 * kMiB;
  /// Nested OCI indexes followed before giving up.
  int max_index_depth = 8;
  /// Members of an outer archive (docker-archive, oci-archive).
  uint64_t max_archive_members = 1'000'000;

  Status Validate() const;
};

}  // namespace hullscan
