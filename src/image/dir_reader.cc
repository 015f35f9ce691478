#include "image/dir_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hullscan::image {

namespace {

/// Directories deeper than this are reported and skipped: each level holds a descriptor.
constexpr size_t kMaxDirDepth = 256;

std::string Errno(int e) { return std::strerror(e); }

}  // namespace

// A regular file's content, opened on the first Read() relative to its directory's descriptor.
class DirReader::Body final : public ByteSource {
 public:
  Body(int dir_fd, std::string name, std::string path, const struct stat& st)
      : dir_fd_(dir_fd), name_(std::move(name)), path_(std::move(path)), dev_(st.st_dev), ino_(st.st_ino),
        size_(static_cast<uint64_t>(st.st_size)) {}
  ~Body() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Result<size_t> Read(std::span<std::byte> out) override {
    if (fd_ < 0) {
      int fd = ::openat(dir_fd_, name_.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) return MakeError(ErrorCode::kIo, "open " + path_ + ": " + Errno(errno));
      struct stat st;
      if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != dev_ || st.st_ino != ino_) {
        ::close(fd);
        return MakeError(ErrorCode::kIo, "open " + path_ + ": the file changed while the directory was read");
      }
      fd_ = fd;
    }
    // The entry announced size_ bytes; a file growing meanwhile is cut there.
    size_t want = static_cast<size_t>(std::min<uint64_t>(out.size(), size_ - pos_));
    if (want == 0) return 0;
    for (;;) {
      ssize_t n = ::read(fd_, out.data(), want);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": " + Errno(errno));
      if (n == 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": the file shrank while it was read");
      pos_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }

 private:
  int dir_fd_;
  std::string name_;
  std::string path_;
  dev_t dev_;
  ino_t ino_;
  uint64_t size_;
  uint64_t pos_ = 0;
  int fd_ = -1;
};

DirReader::DirReader(std::string root, const Limits& limits) : root_(std::move(root)), limits_(limits) {}

DirReader::~DirReader() {
  body_.reset();
  for (Level& l : stack_) ::close(l.fd);
}

Result<std::unique_ptr<DirReader>> DirReader::Open(const std::string& root, const Limits& limits,
                                                   const std::string& only) {
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) {
    int e = errno;
    return MakeError(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, "stat " + root + ": " + Errno(e));
  }
  if (!S_ISDIR(st.st_mode)) return MakeError(ErrorCode::kInvalidArgument, root + ": not a directory");
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kIo, "open " + root + ": " + Errno(errno));
  std::unique_ptr<DirReader> r(new DirReader(root, limits));
  r->PushLevel(fd, "");
  if (r->stack_.empty()) {
    Error e(ErrorCode::kIo, "cannot list " + root);
    if (!r->diagnostics_.empty()) e = Error(ErrorCode::kIo, r->diagnostics_.front().message);
    return MakeError(std::move(e));
  }
  if (!only.empty()) {
    std::vector<std::string>& names = r->stack_.front().names;
    bool present = std::find(names.begin(), names.end(), only) != names.end();
    names.clear();
    if (present) names.push_back(only);
  }
  return r;
}

void DirReader::Diagnose(const std::string& path, ErrorCode code, const std::string& message) {
  model::Diagnostic d;
  d.stage = "layer";
  d.layer_index = 0;
  d.path = path.empty() ? "/" : path;
  d.code = std::string(ErrorCodeName(code));
  d.message = message;
  diagnostics_.push_back(std::move(d));
}

void DirReader::PushLevel(int fd, std::string path) {
  int dup_fd = ::dup(fd);
  DIR* dir = dup_fd < 0 ? nullptr : ::fdopendir(dup_fd);
  if (dir == nullptr) {
    int e = errno;
    if (dup_fd >= 0) ::close(dup_fd);
    ::close(fd);
    Diagnose(path, ErrorCode::kIo, "list " + root_ + path + ": " + Errno(e));
    return;
  }
  Level level;
  level.fd = fd;
  level.path = std::move(path);
  errno = 0;
  while (struct dirent* de = ::readdir(dir)) {
    std::string_view n = de->d_name;
    if (n == "." || n == "..") continue;
    level.names.emplace_back(n);
    if (level.names.size() > limits_.max_entries) break;
  }
  int e = errno;
  ::closedir(dir);
  if (e != 0) Diagnose(level.path, ErrorCode::kIo, "list " + root_ + level.path + ": " + Errno(e));
  std::sort(level.names.begin(), level.names.end());
  stack_.push_back(std::move(level));
}

ByteSource& DirReader::body() {
  // A view with a non-null pointer: MemorySource memcpy()s from data() even for 0 bytes.
  static constexpr char kEmpty[] = "";
  if (!body_) body_ = std::make_unique<MemorySource>(std::string_view(kEmpty, 0));
  return *body_;
}

bool DirReader::Next() {
  body_.reset();
  if (!status_) return false;
  if (has_pending_dir_) {
    has_pending_dir_ = false;
    Level& top = stack_.back();
    std::string path = top.path + "/" + pending_dir_;
    int fd = ::openat(top.fd, pending_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      Diagnose(path, ErrorCode::kIo, "open " + root_ + path + ": " + Errno(errno));
    } else {
      PushLevel(fd, path);
    }
  }
  while (!stack_.empty()) {
    Level& top = stack_.back();
    if (top.next >= top.names.size()) {
      ::close(top.fd);
      stack_.pop_back();
      continue;
    }
    const std::string& name = top.names[top.next++];
    std::string path = top.path + "/" + name;
    if (path.size() > limits_.max_path_bytes) {
      Diagnose(path.substr(0, 200), ErrorCode::kLimitExceeded, "path longer than " +
                                                                    std::to_string(limits_.max_path_bytes) + " bytes");
      continue;
    }
    struct stat st;
    if (::fstatat(top.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      Diagnose(path, ErrorCode::kIo, "lstat " + root_ + path + ": " + Errno(errno));
      continue;
    }
    if (++entries_ > limits_.max_entries) {
      status_ = MakeError(ErrorCode::kLimitExceeded, root_ + ": more than " + std::to_string(limits_.max_entries) +
                                                         " entries");
      return false;
    }
    layer::TarEntry e;
    e.path = path;
    e.mode = static_cast<uint32_t>(st.st_mode & 07777);
    if (S_ISREG(st.st_mode)) {
      e.type = layer::EntryType::kRegular;
      e.size_bytes = static_cast<uint64_t>(st.st_size);
      body_ = std::make_unique<Body>(top.fd, name, root_ + path, st);
    } else if (S_ISDIR(st.st_mode)) {
      e.type = layer::EntryType::kDirectory;
      if (stack_.size() >= kMaxDirDepth) {
        Diagnose(path, ErrorCode::kLimitExceeded, "directory nested deeper than " + std::to_string(kMaxDirDepth) +
                                                      " levels; its content is skipped");
      } else {
        pending_dir_ = name;
        has_pending_dir_ = true;
      }
    } else if (S_ISLNK(st.st_mode)) {
      e.type = layer::EntryType::kSymlink;
      std::string target(limits_.max_path_bytes + 1, '\0');
      ssize_t n = ::readlinkat(top.fd, name.c_str(), target.data(), target.size());
      if (n < 0) {
        Diagnose(path, ErrorCode::kIo, "readlink " + root_ + path + ": " + Errno(errno));
        continue;
      }
      if (static_cast<size_t>(n) > limits_.max_path_bytes) {
        Diagnose(path, ErrorCode::kLimitExceeded, "symlink target longer than " +
                                                      std::to_string(limits_.max_path_bytes) + " bytes");
        continue;
      }
      target.resize(static_cast<size_t>(n));
      e.link_target = std::move(target);
    } else {
      e.type = layer::EntryType::kOther;
    }
    entry_ = std::move(e);
    return true;
  }
  return false;
}

}  // namespace hullscan::image
