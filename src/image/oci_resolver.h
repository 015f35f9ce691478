// From an OCI image layout (in a directory or inside a tar, through LayoutFs) to one image:
// index.json -> (nested indexes, by tag, digest or platform) -> manifest -> config, every blob
// read with its size and digest checked, every layer blob checked to exist with its size.
// Used by OciLayoutSource, OciArchiveSource and DockerArchiveSource (Docker >= 25 archives hold
// an OCI layout).
//
// Selection rules (OCI image-spec image-layout.md and image-index.md):
//  - a digest selects the manifest or index with that digest anywhere in the index tree;
//  - a tag selects top-level entries whose "org.opencontainers.image.ref.name" equals it (or
//    whose "io.containerd.image.name" names the same Docker reference);
//  - among several candidates carrying platforms, the one matching SourceOptions::platform is
//    taken; none matching is kInvalidArgument listing the platforms present; a single candidate
//    is taken whatever its platform; candidates without platforms: the first;
//  - attestation manifests (platform "unknown/unknown") are never chosen.
// Thread-safety: plain functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/digest.h"
#include "base/limits.h"
#include "base/status.h"
#include "image/layout_fs.h"
#include "image/oci_manifest.h"
#include "model/image_info.h"

namespace hullscan::image {

struct OciSelector {
  std::string tag;     ///< "" = no tag
  std::string digest;  ///< "sha256:..." or ""
  Platform platform;   ///< wanted platform; empty os = any
};

struct ResolvedImage {
  /// manifest_digest, config_digest, platform, created, history and layers filled; ref,
  /// source_kind and repo_tags are the caller's.
  model::ImageInfo info;
  std::vector<LayerBlob> blobs;  ///< one per layer
};

/// Resolves the layout's index.json to one image. `layout_name` names it in messages.
/// Errors: kNotFound (index.json, a blob, the tag or digest missing), kCorrupt (bad JSON, digest
/// or size mismatch), kUnsupported (unknown media types), kLimitExceeded (metadata over limits,
/// indexes nested deeper than Limits::max_index_depth), kInvalidArgument (platform not present).
/// Chooses the image manifest among the entries of one index: build attestations are skipped;
/// a single candidate is taken whatever its platform, else the one matching `want` (arm64 with
/// no variant counts as v8), else kInvalidArgument listing the platforms present; kNotFound when
/// there is none. `where` names the index in messages.
Result<Descriptor> ChooseManifest(const std::vector<Descriptor>& all, const Platform& want, std::string_view where);

Result<ResolvedImage> ResolveOciImage(const LayoutFs& fs, const OciSelector& selector, const Limits& limits,
                                      std::string_view layout_name);

/// Finds, in the layout's index tree, the manifest whose config has digest `config`.
/// kNotFound when there is none.
Result<ResolvedImage> ResolveOciImageByConfig(const LayoutFs& fs, const Digest& config, const Limits& limits,
                                              std::string_view layout_name);

/// Reads the config of `manifest`, checks its layer blobs and fills a ResolvedImage.
Result<ResolvedImage> BuildResolvedImage(const LayoutFs& fs, const OciManifest& manifest,
                                         const std::string& manifest_digest, const Limits& limits);

}  // namespace hullscan::image
