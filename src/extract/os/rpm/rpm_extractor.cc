#include "extract/os/rpm/rpm_extractor.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include "extract/os/rpm/bdb_reader.h"
#include "extract/os/rpm/ndb_reader.h"
#include "extract/os/rpm/rpm_header.h"
#include "extract/os/rpm/sqlite_reader.h"

namespace hullscan::extract::rpm {
namespace {

// A read-only mapping of a whole file (our own spilled copy, so nobody truncates it under us).
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return MakeError(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                       "open " + path + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      const int err = errno;
      ::close(fd);
      return MakeError(ErrorCode::kIo, "stat " + path + ": " + std::strerror(err));
    }
    MappedFile m;
    m.size_ = static_cast<size_t>(st.st_size);
    if (m.size_ > 0) {
      void* p = ::mmap(nullptr, m.size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        const int err = errno;
        ::close(fd);
        return MakeError(ErrorCode::kIo, "mmap " + path + ": " + std::strerror(err));
      }
      m.data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
    return m;
  }
  MappedFile(MappedFile&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
  }
  ByteView bytes() const { return ByteView(data_, size_); }

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Turns records into packages and keeps the first kMaxProblems problems.
class Collector {
 public:
  explicit Collector(PackageDb& db) : db_(db) {}
  RecordFn OnRecord() {
    return [this](const HeaderRecord& r) {
      std::vector<std::string> files;
      Result<model::Package> p = PackageFromHeader(r.blob, &files);
      if (p) {
        for (std::string& f : files) db_.owned_files.push_back(model::OwnedFile{std::move(f), p->name});
        db_.packages.push_back(std::move(*p));
      } else {
        // rpm: "rpmdb: damaged header #%u retrieved -- skipping."
        Problem(std::move(p).error().WithContext("instance " + std::to_string(r.instance)));
      }
    };
  }
  ProblemFn OnProblem() {
    return [this](Error e) { Problem(std::move(e)); };
  }
  void Finish() {
    if (suppressed_ > 0) {
      db_.problems.push_back(Error(ErrorCode::kLimitExceeded,
                                   std::to_string(suppressed_) + " more damaged records not listed"));
    }
  }

 private:
  void Problem(Error e) {
    if (db_.problems.size() < kMaxProblems) {
      db_.problems.push_back(std::move(e));
    } else {
      ++suppressed_;
    }
  }
  PackageDb& db_;
  uint64_t suppressed_ = 0;
};

// The rpmdb locations rpm has used: %_dbpath is /var/lib/rpm, and /usr/lib/sysimage/rpm since
// rpm 4.16 on Fedora and earlier on openSUSE (with /var/lib/rpm a symlink to it).
constexpr std::array<std::string_view, 6> kWantedPaths = {
    "/var/lib/rpm/Packages",           "/var/lib/rpm/Packages.db",
    "/var/lib/rpm/rpmdb.sqlite",       "/usr/lib/sysimage/rpm/Packages",
    "/usr/lib/sysimage/rpm/Packages.db", "/usr/lib/sysimage/rpm/rpmdb.sqlite",
};

}  // namespace

std::string_view DbFormatName(DbFormat f) {
  switch (f) {
    case DbFormat::kUnknown: return "unknown";
    case DbFormat::kSqlite: return "sqlite";
    case DbFormat::kBdb: return "bdb";
    case DbFormat::kNdb: return "ndb";
  }
  return "unknown";
}

DbFormat DetectDbFormat(ByteView head) {
  if (IsSqlite(head)) return DbFormat::kSqlite;
  if (IsNdb(head)) return DbFormat::kNdb;
  if (IsBdb(head)) return DbFormat::kBdb;
  return DbFormat::kUnknown;
}

Result<PackageDb> ReadPackageDbBytes(ByteView bytes) {
  PackageDb db;
  if (bytes.empty()) return db;
  db.format = DetectDbFormat(bytes);
  Collector collect(db);
  switch (db.format) {
    case DbFormat::kBdb:
      HS_RETURN_IF_ERROR(ReadBdb(bytes, collect.OnRecord(), collect.OnProblem()));
      break;
    case DbFormat::kNdb:
      HS_RETURN_IF_ERROR(ReadNdb(bytes, collect.OnRecord(), collect.OnProblem()));
      break;
    case DbFormat::kSqlite:
      return MakeError(ErrorCode::kUnsupported, "sqlite rpm database: read from a file, not from memory");
    case DbFormat::kUnknown:
      return MakeError(ErrorCode::kCorrupt,
                       "not an rpm database: no sqlite, berkeley db or ndb magic");
  }
  collect.Finish();
  return db;
}

Result<PackageDb> ReadPackageDb(const std::string& path) {
  HS_ASSIGN_OR_RETURN(const MappedFile file, MappedFile::Open(path));
  if (DetectDbFormat(file.bytes()) != DbFormat::kSqlite) return ReadPackageDbBytes(file.bytes());
  PackageDb db;
  db.format = DbFormat::kSqlite;
  Collector collect(db);
  HS_RETURN_IF_ERROR(ReadSqlite(path, file.bytes().size(), collect.OnRecord(), collect.OnProblem()));
  collect.Finish();
  return db;
}

bool RpmExtractor::Wants(const FileInfo& info) const {
  for (std::string_view p : kWantedPaths) {
    if (info.path == p) return true;
  }
  return false;
}

Status RpmExtractor::Extract(FileInput& in, ExtractSink& out) {
  HS_ASSIGN_OR_RETURN(const TempFile spilled, in.Materialize());
  HS_ASSIGN_OR_RETURN(PackageDb db, ReadPackageDb(spilled.path()));
  const std::string path(in.path());
  for (const Error& e : db.problems) out.Warn(path, e);
  for (model::OwnedFile& f : db.owned_files) out.AddOwnedFile(std::move(f.path), std::move(f.owner));
  for (model::Package& p : db.packages) {
    p.extractor = std::string(name());
    out.AddPackage(std::move(p));
  }
  return OkStatus();
}

std::unique_ptr<PackageExtractor> NewRpmExtractor() { return std::make_unique<RpmExtractor>(); }

}  // namespace hullscan::extract::rpm
