#include "image/layout_image_source.h"

namespace hullscan::image {

Result<std::unique_ptr<ByteSource>> LayoutImageSource::OpenLayer(size_t index) {
  if (index >= blobs_.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "layer index " + std::to_string(index) + " out of range (image has " +
                                                      std::to_string(blobs_.size()) + " layers)");
  }
  const LayerBlob& b = blobs_[index];
  std::string what = "layer " + std::to_string(index) + "/" + std::to_string(blobs_.size()) + " " + b.expected;
  auto inner = fs_->Open(b.rel);
  if (!inner) return MakeError(std::move(inner).error().WithContext(what));
  return std::unique_ptr<ByteSource>(std::make_unique<VerifiedSource>(std::move(*inner), b.expected, what));
}

}  // namespace hullscan::image
