#include "image/layout_fs.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace hullscan::image {

Result<std::string> LayoutFs::ReadSmall(std::string_view rel, uint64_t max_bytes) const {
  HS_ASSIGN_OR_RETURN(uint64_t size, Stat(rel));
  if (size > max_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, Describe(rel) + " is larger than the limit of " +
                                                    std::to_string(max_bytes) + " bytes");
  }
  HS_ASSIGN_OR_RETURN(auto src, Open(rel));
  return ReadAll(*src, max_bytes, Describe(rel));
}

Result<uint64_t> DirLayoutFs::Stat(std::string_view rel) const {
  std::string path = Describe(rel);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    int e = errno;
    return MakeError(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "stat " + path + ": " + std::strerror(e));
  }
  if (!S_ISREG(st.st_mode)) return MakeError(ErrorCode::kCorrupt, path + ": not a regular file");
  return static_cast<uint64_t>(st.st_size);
}

Result<std::unique_ptr<ByteSource>> DirLayoutFs::Open(std::string_view rel) const {
  HS_RETURN_IF_ERROR(Stat(rel));
  HS_ASSIGN_OR_RETURN(auto src, FileSource::Open(Describe(rel)));
  return std::unique_ptr<ByteSource>(std::move(src));
}

std::string DirLayoutFs::Describe(std::string_view rel) const { return root_ + "/" + std::string(rel); }

Result<std::unique_ptr<TarLayoutFs>> TarLayoutFs::Open(const std::string& archive_path, const Limits& limits) {
  HS_ASSIGN_OR_RETURN(auto reader, FileReaderAt::Open(archive_path));
  HS_ASSIGN_OR_RETURN(TarIndex index, TarIndex::Build(*reader, limits, archive_path));
  return std::unique_ptr<TarLayoutFs>(new TarLayoutFs(archive_path, std::move(index)));
}

Result<uint64_t> TarLayoutFs::Stat(std::string_view rel) const {
  HS_ASSIGN_OR_RETURN(const TarMember* m, index_.Resolve(rel));
  if (m->type != TarMemberType::kRegular) {
    return MakeError(ErrorCode::kCorrupt, Describe(rel) + ": not a regular file");
  }
  return m->size_bytes;
}

Result<std::unique_ptr<ByteSource>> TarLayoutFs::Open(std::string_view rel) const {
  HS_ASSIGN_OR_RETURN(const TarMember* m, index_.Resolve(rel));
  if (m->type != TarMemberType::kRegular) {
    return MakeError(ErrorCode::kCorrupt, Describe(rel) + ": not a regular file");
  }
  HS_ASSIGN_OR_RETURN(auto src, FileSource::OpenRange(path_, m->data_offset, m->size_bytes));
  return std::unique_ptr<ByteSource>(std::move(src));
}

std::string TarLayoutFs::Describe(std::string_view rel) const { return path_ + ":" + std::string(rel); }

std::string BlobPath(const Digest& digest) { return "blobs/" + digest.algorithm + "/" + digest.hex; }

Result<std::string> ReadVerified(const LayoutFs& fs, std::string_view rel, const std::string& expected,
                                 int64_t expected_size, uint64_t max_bytes, std::string_view what) {
  auto size = fs.Stat(rel);
  if (!size) {
    if (size.error().code() == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, std::string(what) + " not found: " + fs.Describe(rel));
    }
    return MakeError(size.error());
  }
  if (expected_size >= 0 && *size != static_cast<uint64_t>(expected_size)) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": size " + std::to_string(*size) +
                                              " differs from the descriptor's " + std::to_string(expected_size));
  }
  HS_ASSIGN_OR_RETURN(std::string data, fs.ReadSmall(rel, max_bytes));
  if (!expected.empty()) {
    Hasher h(expected.rfind("sha512:", 0) == 0 ? "sha512" : "sha256");
    h.Update(data.data(), data.size());
    std::string got = h.Finish();
    if (got != expected) {
      return MakeError(ErrorCode::kCorrupt,
                       "digest mismatch for " + std::string(what) + ": expected " + expected + ", got " + got);
    }
  }
  return data;
}

}  // namespace hullscan::image
