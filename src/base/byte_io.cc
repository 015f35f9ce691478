#include "base/byte_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace hullscan {

namespace {
Error IoError(std::string_view what, const std::string& path, int err) {
  return Error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
               std::string(what) + " " + path + ": " + std::strerror(err));
}
}  // namespace

Result<size_t> MemorySource::Read(std::span<std::byte> out) {
  size_t n = std::min(out.size(), data_.size() - pos_);
  if (n == 0) return size_t{0};
  std::memcpy(out.data(), data_.data() + pos_, n);
  pos_ += n;
  return n;
}

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(IoError("open", path, errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return MakeError(IoError("stat", path, e));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kInvalidArgument, "open " + path + ": is a directory");
  }
  return std::unique_ptr<FileSource>(new FileSource(fd, path, 0, static_cast<uint64_t>(st.st_size)));
}

Result<std::unique_ptr<FileSource>> FileSource::OpenRange(const std::string& path, uint64_t offset,
                                                          uint64_t length) {
  HS_ASSIGN_OR_RETURN(auto whole, Open(path));
  if (offset > whole->length_ || length > whole->length_ - offset) {
    return MakeError(ErrorCode::kCorrupt, "range past the end of " + path);
  }
  whole->offset_ = offset;
  whole->length_ = length;
  return whole;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> FileSource::Read(std::span<std::byte> out) {
  uint64_t left = length_ - pos_;
  size_t want = static_cast<size_t>(std::min<uint64_t>(out.size(), left));
  if (want == 0) return 0;
  for (;;) {
    ssize_t n = ::pread(fd_, out.data(), want, static_cast<off_t>(offset_ + pos_));
    if (n < 0) {
      if (errno == EINTR) continue;
      return MakeError(IoError("read", path_, errno));
    }
    if (n == 0) return MakeError(ErrorCode::kCorrupt, "read " + path_ + ": file shorter than expected");
    pos_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }
}

Result<size_t> LimitedSource::Read(std::span<std::byte> out) {
  HS_ASSIGN_OR_RETURN(size_t n, inner_.Read(out));
  seen_ += n;
  if (seen_ > max_bytes_) {
    return MakeError(ErrorCode::kLimitExceeded,
                     what_ + " is larger than the limit of " + std::to_string(max_bytes_) + " bytes");
  }
  return n;
}

Status StringSink::Write(std::span<const std::byte> data) {
  s_.append(reinterpret_cast<const char*>(data.data()), data.size());
  return OkStatus();
}

Result<std::unique_ptr<FileSink>> FileSink::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(IoError("create", path, errno));
  return std::unique_ptr<FileSink>(new FileSink(fd, path));
}

FileSink::~FileSink() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

Status FileSink::Write(std::span<const std::byte> data) {
  const std::byte* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return MakeError(IoError("write", path_.empty() ? std::string("output") : path_, errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return OkStatus();
}

Status FileSink::Close() {
  if (!owned_ || fd_ < 0) return OkStatus();
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return MakeError(IoError("close", path_, errno));
  return OkStatus();
}

Result<std::string> ReadAll(ByteSource& src, uint64_t max_bytes, std::string_view what) {
  std::string out;
  HS_RETURN_IF_ERROR(ReadAllInto(src, max_bytes, out, what));
  return out;
}

Status ReadAllInto(ByteSource& src, uint64_t max_bytes, std::string& out, std::string_view what, uint64_t size_hint) {
  out.clear();
  if (size_hint > 0) out.reserve(static_cast<size_t>(std::min(size_hint, max_bytes)));
  std::byte buf[64 * 1024];
  for (;;) {
    HS_ASSIGN_OR_RETURN(size_t n, src.Read(buf));
    if (n == 0) break;
    if (out.size() + n > max_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, std::string(what) + " is larger than the limit of " +
                                                      std::to_string(max_bytes) + " bytes");
    }
    out.append(reinterpret_cast<const char*>(buf), n);
  }
  return OkStatus();
}

Result<uint64_t> Drain(ByteSource& src) {
  std::vector<std::byte> buf(256 * 1024);
  uint64_t total = 0;
  for (;;) {
    HS_ASSIGN_OR_RETURN(size_t n, src.Read(buf));
    if (n == 0) return total;
    total += n;
  }
}

Result<uint64_t> Copy(ByteSource& src, ByteSink& sink) {
  std::vector<std::byte> buf(256 * 1024);
  uint64_t total = 0;
  for (;;) {
    HS_ASSIGN_OR_RETURN(size_t n, src.Read(buf));
    if (n == 0) return total;
    HS_RETURN_IF_ERROR(sink.Write(std::span<const std::byte>(buf.data(), n)));
    total += n;
  }
}

Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes) {
  HS_ASSIGN_OR_RETURN(auto src, FileSource::Open(path));
  if (src->size_bytes() > max_bytes) {
    return MakeError(ErrorCode::kLimitExceeded,
                     path + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
  }
  return ReadAll(*src, max_bytes, path);
}

}  // namespace hullscan
