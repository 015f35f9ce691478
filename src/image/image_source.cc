#include "image/image_source.h"

#include <sys/stat.h>

#include <array>
#include <cstring>

#include "base/digest.h"
#include "image/docker_archive_source.h"
#include "image/oci_archive_source.h"
#include "image/oci_layout_source.h"
#include "image/registry_source.h"
#include "image/rootfs_source.h"
#include "image/tar_index.h"

namespace hullscan::image {

namespace {

enum class PathType { kMissing, kFile, kDir, kOther };

PathType TypeOf(const std::string& path) {
  struct stat st;
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return PathType::kMissing;
  if (S_ISREG(st.st_mode)) return PathType::kFile;
  if (S_ISDIR(st.st_mode)) return PathType::kDir;
  return PathType::kOther;
}

bool HasFile(const std::string& dir, const char* name) {
  struct stat st;
  return ::stat((dir + "/" + name).c_str(), &st) == 0;
}

Error NotAnImage(const std::string& path, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument, "not a container image: " + path + ": " + why);
}

// What a tar file holds: manifest.json -> docker-archive; index.json or oci-layout -> oci-archive.
Result<ImageRef::Kind> DetectArchive(const std::string& path) {
  auto reader = FileReaderAt::Open(path);
  if (!reader) return MakeError(reader.error());
  std::array<std::byte, 4> magic{};
  HS_ASSIGN_OR_RETURN(size_t got, (*reader)->ReadAt(0, magic));
  if (got >= 2 && magic[0] == std::byte{0x1f} && magic[1] == std::byte{0x8b}) {
    return MakeError(NotAnImage(path, "a gzip-compressed file; decompress the archive first"));
  }
  if (got >= 4 && magic[0] == std::byte{0x28} && magic[1] == std::byte{0xb5} && magic[2] == std::byte{0x2f} &&
      magic[3] == std::byte{0xfd}) {
    return MakeError(NotAnImage(path, "a zstd-compressed file; decompress the archive first"));
  }
  auto index = TarIndex::Build(**reader, Limits(), "archive");
  if (!index) {
    if (index.error().code() == ErrorCode::kIo) return MakeError(index.error());
    return MakeError(NotAnImage(path, "not a readable tar archive (" + index.error().message() + ")"));
  }
  if (index->Find("manifest.json") != nullptr) return ImageRef::Kind::kDockerArchive;
  if (index->Find("index.json") != nullptr || index->Find("oci-layout") != nullptr) return ImageRef::Kind::kOciArchive;
  return MakeError(NotAnImage(path, "a tar archive without manifest.json, index.json or oci-layout"));
}

Result<ImageRef::Kind> DetectByContent(const std::string& path) {
  switch (TypeOf(path)) {
    case PathType::kDir:
      return HasFile(path, "index.json") || HasFile(path, "oci-layout") ? ImageRef::Kind::kOciLayout
                                                                          : ImageRef::Kind::kDir;
    case PathType::kFile:
      return DetectArchive(path);
    case PathType::kMissing:
      return MakeError(ErrorCode::kNotFound, "no such file or directory: " + path);
    case PathType::kOther:
      break;
  }
  return MakeError(NotAnImage(path, "neither a regular file nor a directory"));
}

std::string_view KindPrefix(ImageRef::Kind kind) {
  switch (kind) {
    case ImageRef::Kind::kDockerArchive: return "docker-archive:";
    case ImageRef::Kind::kOciLayout: return "oci:";
    case ImageRef::Kind::kOciArchive: return "oci-archive:";
    case ImageRef::Kind::kDir: return "dir:";
    case ImageRef::Kind::kFs: return "fs:";
    case ImageRef::Kind::kRegistry: return "registry:";
  }
  return "";
}

Status ValidateDigest(const std::string& d, std::string_view text) {
  auto parsed = Digest::Parse(d);
  if (!parsed) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid digest in '" + std::string(text.substr(0, 300)) +
                                                      "': " + parsed.error().message());
  }
  return OkStatus();
}

// "PATH", "PATH:TAG" or (allow_digest) "PATH@DIGEST" where PATH must have type `want`. The tag
// or digest is split off at the LAST ':' or '@' only when what precedes it exists, so paths
// holding ':' still work.
Status SplitPathSuffix(std::string_view rest, PathType want, bool allow_digest, ImageRef* ref,
                       std::string_view text) {
  std::string whole(rest);
  if (TypeOf(whole) == want) {
    ref->path = whole;
    return OkStatus();
  }
  if (allow_digest) {
    size_t at = rest.rfind('@');
    if (at != std::string_view::npos && TypeOf(std::string(rest.substr(0, at))) == want) {
      ref->path = std::string(rest.substr(0, at));
      ref->digest = std::string(rest.substr(at + 1));
      return ValidateDigest(ref->digest, text);
    }
  }
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && TypeOf(std::string(rest.substr(0, colon))) == want) {
    ref->path = std::string(rest.substr(0, colon));
    ref->tag = std::string(rest.substr(colon + 1));
    if (ref->tag.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "empty tag in '" + std::string(text.substr(0, 300)) + "'");
    }
    return OkStatus();
  }
  return MakeError(ErrorCode::kNotFound, std::string(want == PathType::kDir ? "directory" : "file") +
                                             " not found: " + whole);
}

// docker-archive:PATH[:REPO_TAG]: the reference holds ':' itself, so split at the FIRST ':'
// whose prefix is an existing file (skopeo's docker-archive syntax).
Status SplitDockerArchive(std::string_view rest, ImageRef* ref) {
  std::string whole(rest);
  if (TypeOf(whole) == PathType::kFile) {
    ref->path = whole;
    return OkStatus();
  }
  for (size_t colon = rest.find(':'); colon != std::string_view::npos; colon = rest.find(':', colon + 1)) {
    if (TypeOf(std::string(rest.substr(0, colon))) == PathType::kFile) {
      ref->path = std::string(rest.substr(0, colon));
      ref->tag = std::string(rest.substr(colon + 1));
      if (ref->tag.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty tag in 'docker-archive:" + whole + "'");
      return OkStatus();
    }
  }
  if (TypeOf(whole) == PathType::kDir) {
    return MakeError(ErrorCode::kInvalidArgument, "docker-archive:" + whole + " is a directory, not a tar file");
  }
  return MakeError(ErrorCode::kNotFound, "file not found: " + whole);
}

bool LooksLikePath(std::string_view s) {
  return s.front() == '/' || s.front() == '.' || s.front() == '~' || s.ends_with(".tar") || s.ends_with(".oci");
}

}  // namespace

std::string_view ImageRefKindName(ImageRef::Kind kind) {
  switch (kind) {
    case ImageRef::Kind::kDockerArchive: return "docker-archive";
    case ImageRef::Kind::kOciLayout: return "oci";
    case ImageRef::Kind::kOciArchive: return "oci-archive";
    case ImageRef::Kind::kDir: return "dir";
    case ImageRef::Kind::kFs: return "fs";
    case ImageRef::Kind::kRegistry: return "registry";
  }
  return "registry";
}

Result<ImageRef> ParseImageRef(std::string_view text) {
  ImageRef ref;
  ref.original = std::string(text);
  if (text.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty image reference");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return MakeError(ErrorCode::kInvalidArgument, "image reference contains a control character");
    }
  }

  for (ImageRef::Kind kind : {ImageRef::Kind::kDockerArchive, ImageRef::Kind::kOciArchive, ImageRef::Kind::kOciLayout,
                              ImageRef::Kind::kDir, ImageRef::Kind::kFs, ImageRef::Kind::kRegistry}) {
    std::string_view prefix = KindPrefix(kind);
    if (!text.starts_with(prefix)) continue;
    std::string_view rest = text.substr(prefix.size());
    ref.kind = kind;
    if (rest.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "missing path after '" + std::string(prefix) + "'");
    }
    switch (kind) {
      case ImageRef::Kind::kDockerArchive:
        HS_RETURN_IF_ERROR(SplitDockerArchive(rest, &ref));
        break;
      case ImageRef::Kind::kOciLayout: {
        auto st = SplitPathSuffix(rest, PathType::kDir, true, &ref, text);
        if (!st && st.error().code() == ErrorCode::kNotFound && TypeOf(std::string(rest)) == PathType::kFile) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "oci:" + std::string(rest) + " is a file, not an OCI layout directory (oci-archive:?)");
        }
        HS_RETURN_IF_ERROR(st);
        break;
      }
      case ImageRef::Kind::kOciArchive: {
        auto st = SplitPathSuffix(rest, PathType::kFile, false, &ref, text);
        if (!st && st.error().code() == ErrorCode::kNotFound && TypeOf(std::string(rest)) == PathType::kDir) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "oci-archive:" + std::string(rest) + " is a directory, not a tar file (oci:?)");
        }
        HS_RETURN_IF_ERROR(st);
        break;
      }
      case ImageRef::Kind::kDir: {
        ref.path = std::string(rest);
        PathType t = TypeOf(ref.path);
        if (t == PathType::kMissing) return MakeError(ErrorCode::kNotFound, "directory not found: " + ref.path);
        if (t != PathType::kDir) return MakeError(ErrorCode::kInvalidArgument, "dir:" + ref.path + " is not a directory");
        break;
      }
      case ImageRef::Kind::kFs: {
        ref.path = std::string(rest);
        PathType t = TypeOf(ref.path);
        if (t == PathType::kMissing) return MakeError(ErrorCode::kNotFound, "no such file or directory: " + ref.path);
        if (t == PathType::kOther) {
          return MakeError(ErrorCode::kInvalidArgument, "fs:" + ref.path + " is neither a regular file nor a directory");
        }
        break;
      }
      case ImageRef::Kind::kRegistry:
        // Kept whole: registry::ParseReference tells the source prefix from a host named
        // "registry" with a port ("registry:5000/app").
        ref.path = std::string(text);
        break;
    }
    return ref;
  }

  // A bare argument: an existing path is detected by its content.
  std::string whole(text);
  if (TypeOf(whole) != PathType::kMissing) {
    HS_ASSIGN_OR_RETURN(ref.kind, DetectByContent(whole));
    ref.path = whole;
    return ref;
  }
  // "PATH:TAG" / "PATH@DIGEST" for an existing image path (the first ':' too, for
  // docker-archive tags that hold a ':' themselves).
  for (size_t pos : {text.rfind('@'), text.rfind(':'), text.find(':')}) {
    if (pos == std::string_view::npos || pos == 0 || pos + 1 == text.size()) continue;
    const char sep = text[pos];
    std::string path(text.substr(0, pos));
    if (TypeOf(path) == PathType::kMissing) continue;
    auto kind = DetectByContent(path);
    if (!kind || *kind == ImageRef::Kind::kDir) continue;
    if (sep == '@' && *kind != ImageRef::Kind::kOciLayout) continue;
    if (sep == ':' && pos == text.find(':') && pos != text.rfind(':') && *kind != ImageRef::Kind::kDockerArchive) {
      continue;  // only a docker-archive tag may hold ':'
    }
    ref.kind = *kind;
    ref.path = path;
    if (sep == '@') {
      ref.digest = std::string(text.substr(pos + 1));
      HS_RETURN_IF_ERROR(ValidateDigest(ref.digest, text));
    } else {
      ref.tag = std::string(text.substr(pos + 1));
    }
    return ref;
  }
  if (LooksLikePath(text)) return MakeError(ErrorCode::kNotFound, "no such file or directory: " + whole);
  for (char c : text) {
    if (c == ' ') return MakeError(ErrorCode::kInvalidArgument, "invalid image reference '" + whole + "'");
  }
  ref.kind = ImageRef::Kind::kRegistry;
  ref.path = whole;
  return ref;
}

Result<std::unique_ptr<ImageSource>> ImageSource::Open(const ImageRef& ref, const SourceOptions& opts) {
  HS_RETURN_IF_ERROR(opts.limits.Validate());
  switch (ref.kind) {
    case ImageRef::Kind::kDockerArchive: return DockerArchiveSource::Open(ref, opts);
    case ImageRef::Kind::kOciLayout: return OciLayoutSource::Open(ref, opts);
    case ImageRef::Kind::kOciArchive: return OciArchiveSource::Open(ref, opts);
    case ImageRef::Kind::kDir:
    case ImageRef::Kind::kFs: return RootfsSource::Open(ref, opts);
    case ImageRef::Kind::kRegistry: return RegistrySource::Open(ref, opts);
  }
  return MakeError(ErrorCode::kInternal, "unknown image reference kind");
}

}  // namespace hullscan::image
