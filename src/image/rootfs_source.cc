#include "image/rootfs_source.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "image/dir_reader.h"

namespace hullscan::image {

Result<std::unique_ptr<ImageSource>> RootfsSource::Open(const ImageRef& ref, const SourceOptions& opts) {
  struct stat st;
  if (::stat(ref.path.c_str(), &st) != 0) {
    int e = errno;
    return MakeError(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "stat " + ref.path + ": " + std::strerror(e));
  }
  std::string root = ref.path;
  std::string only;
  if (ref.kind == ImageRef::Kind::kFs && S_ISREG(st.st_mode)) {
    // One file: its directory, showing only that name.
    size_t slash = root.find_last_of('/');
    only = slash == std::string::npos ? root : root.substr(slash + 1);
    root = slash == std::string::npos ? "." : slash == 0 ? "/" : root.substr(0, slash);
  } else if (!S_ISDIR(st.st_mode)) {
    return MakeError(ErrorCode::kInvalidArgument, ref.path + ": not a directory");
  }
  model::ImageInfo info;
  info.ref = ref.original;
  info.source_kind = std::string(ImageRefKindName(ref.kind));
  model::LayerInfo layer;
  layer.index = 0;
  layer.created_by = std::string(ImageRefKindName(ref.kind)) + ":" + ref.path;
  info.layers.push_back(std::move(layer));
  return std::unique_ptr<ImageSource>(new RootfsSource(std::move(root), std::move(only), std::move(info), opts.limits));
}

Result<std::unique_ptr<ByteSource>> RootfsSource::OpenLayer(size_t index) {
  return MakeError(ErrorCode::kUnsupported,
                   "open layer of " + root_ + ": a root filesystem directory has no layer blob; use its entries");
}

Result<std::unique_ptr<layer::EntryReader>> RootfsSource::OpenLayerEntries(size_t index) {
  if (index != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "layer index " + std::to_string(index) +
                                                      " out of range (a directory is one layer)");
  }
  HS_ASSIGN_OR_RETURN(std::unique_ptr<DirReader> r, DirReader::Open(root_, limits_, only_));
  return std::unique_ptr<layer::EntryReader>(std::move(r));
}

}  // namespace hullscan::image
