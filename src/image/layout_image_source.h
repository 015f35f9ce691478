// LayoutImageSource: the part shared by the image sources whose layers are blobs in a LayoutFs
// (docker-archive, oci, oci-archive): it holds the resolved ImageInfo and, per layer, the blob
// name and the digest its stream must hash to. The concrete sources only differ in how they
// find the image (their static Open functions).
// Thread-safety: immutable after construction; OpenLayer() may be called concurrently.
#pragma once

#include <memory>
#include <vector>

#include "image/image_source.h"
#include "image/layout_fs.h"

namespace hullscan::image {

class LayoutImageSource : public ImageSource {
 public:
  LayoutImageSource(std::unique_ptr<LayoutFs> fs, model::ImageInfo info, std::vector<LayerBlob> blobs)
      : fs_(std::move(fs)), info_(std::move(info)), blobs_(std::move(blobs)) {}

  const model::ImageInfo& info() const override { return info_; }

  /// The blob as stored, verified at its end (kCorrupt "digest mismatch for layer i/n ...").
  /// kInvalidArgument when `index` is out of range.
  Result<std::unique_ptr<ByteSource>> OpenLayer(size_t index) override;

 private:
  std::unique_ptr<LayoutFs> fs_;
  model::ImageInfo info_;
  std::vector<LayerBlob> blobs_;
};

}  // namespace hullscan::image
