// RootfsSource: a root filesystem directory as a one-layer image ("dir:PATH", "fs:PATH"; for
// "fs:FILE" the layer holds that one file as "/<name>"). The layer has no
// blob and no digest; its entries come from a DirReader (OpenLayerEntries(0)). ImageInfo holds a
// single synthetic layer (digest and diff_id "", created_by "dir:PATH") and no history.
// Thread-safety: as ImageSource; each OpenLayerEntries() call returns its own reader.
#pragma once

#include <memory>
#include <string>

#include "image/image_source.h"

namespace hullscan::image {

class RootfsSource final : public ImageSource {
 public:
  /// kNotFound when PATH does not exist, kInvalidArgument when it is not a directory.
  static Result<std::unique_ptr<ImageSource>> Open(const ImageRef& ref, const SourceOptions& opts);

  const model::ImageInfo& info() const override { return info_; }
  /// Always kUnsupported: a directory is not a tar stream; use OpenLayerEntries(0).
  Result<std::unique_ptr<ByteSource>> OpenLayer(size_t index) override;
  /// A DirReader over the directory; kInvalidArgument for an index other than 0.
  Result<std::unique_ptr<layer::EntryReader>> OpenLayerEntries(size_t index) override;

 private:
  RootfsSource(std::string root, std::string only, model::ImageInfo info, Limits limits)
      : root_(std::move(root)), only_(std::move(only)), info_(std::move(info)), limits_(limits) {}
  std::string root_;
  std::string only_;  ///< fs:FILE: the one name of root_ to show
  model::ImageInfo info_;
  Limits limits_;
};

}  // namespace hullscan::image
