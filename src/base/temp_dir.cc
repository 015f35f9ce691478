#include "base/temp_dir.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <vector>

namespace hullscan {

Result<std::unique_ptr<TempDir>> TempDir::Create(const std::string& parent) {
  std::string base = parent;
  if (base.empty()) {
    const char* t = std::getenv("TMPDIR");
    base = (t && *t) ? t : "/tmp";
  }
  std::string tmpl = base + "/hullscan-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    return MakeError(ErrorCode::kIo, "create temp dir in " + base + ": " + std::strerror(errno));
  }
  return std::unique_ptr<TempDir>(new TempDir(buf.data()));
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::NewPath(std::string_view suffix) {
  return path_ + "/f" + std::to_string(counter_.fetch_add(1)) + std::string(suffix);
}

TempFile& TempFile::operator=(TempFile&& o) noexcept {
  if (this != &o) {
    if (!path_.empty()) ::unlink(path_.c_str());
    path_ = std::move(o.path_);
    o.path_.clear();
  }
  return *this;
}

TempFile::~TempFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

Result<TempFile> TempFile::FromSource(std::string path, ByteSource& src, uint64_t max_bytes,
                                      std::string_view what) {
  HS_ASSIGN_OR_RETURN(auto sink, FileSink::Create(path));
  TempFile file(path);
  LimitedSource limited(src, max_bytes, std::string(what));
  HS_RETURN_IF_ERROR(Copy(limited, *sink));
  HS_RETURN_IF_ERROR(sink->Close());
  return file;
}

}  // namespace hullscan
