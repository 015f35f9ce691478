#include "base/limits.h"

namespace hullscan {

Status Limits::Validate() const {
  if (max_layer_bytes == 0 || max_entries == 0 || max_path_bytes < 256 || max_file_bytes == 0 ||
      max_metadata_bytes < 4096 || max_index_depth < 1 || max_compression_ratio < 2) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid limits: every limit must be positive");
  }
  return OkStatus();
}

}  // namespace hullscan
