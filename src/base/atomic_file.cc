#include "base/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace hullscan {

Status ReplaceFile(const std::string& path, const std::function<Status(ByteSink&)>& write) {
  static std::atomic<uint64_t> counter{0};
  const std::string tmp = path + ".hullscan-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tmp";
  HS_ASSIGN_OR_RETURN(auto sink, FileSink::Create(tmp));
  Status st = write(*sink);
  if (st) st = sink->Close();
  if (!st || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    if (st) return MakeError(ErrorCode::kIo, "write " + path + ": cannot rename into place");
    return st;
  }
  return OkStatus();
}

Status ReplaceFile(const std::string& path, std::string_view content) {
  return ReplaceFile(path, [&](ByteSink& sink) { return sink.Write(content); });
}

}  // namespace hullscan
