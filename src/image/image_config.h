// The image configuration (OCI image-spec config.md; Docker's container.image.v1+json is the
// same document) and how it fills model::ImageInfo: platform, creation time, rootfs.diff_ids,
// and history mapped onto layers.
//
// History rule: the history entries without "empty_layer": true correspond, in order, to the
// layers 0..n-1 (config.md, "history": "empty_layer ... is used to mark if the history item
// created a filesystem diff"). When their count differs from the number of layers, no layer
// gets a history entry (created_by "" and history_index -1) rather than a guessed one.
// Thread-safety: plain functions and values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/image_info.h"

namespace hullscan::image {

struct ImageConfig {
  std::string os;
  std::string architecture;
  std::string variant;
  std::string created;
  std::vector<std::string> diff_ids;  ///< validated "sha256:<hex>"
  std::vector<model::HistoryEntry> history;  ///< layer_index not yet filled
};

/// Parses a config blob. Errors: kCorrupt (bad JSON, wrong field types, an invalid diff_id),
/// kUnsupported (a diff_id algorithm we cannot verify), kLimitExceeded (JSON too deep).
Result<ImageConfig> ParseImageConfig(std::string_view json, std::string_view what);

/// Fills info's platform, created and history, and each layer's diff_id, created_by and
/// history_index. REQUIRES: info->layers holds one entry per manifest layer (index, digest,
/// media_type, compressed size). kCorrupt when rootfs.diff_ids has another length.
Status ApplyConfig(const ImageConfig& config, model::ImageInfo* info);

}  // namespace hullscan::image
