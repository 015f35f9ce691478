#include "extract/lang/npm/npm_lockfiles.h"

#include <utility>

#include <yaml-cpp/yaml.h>

#include "base/json.h"
#include "extract/common/messages.h"
#include "extract/common/text_lines.h"

namespace hullscan::extract::npm {

namespace {

using common::LineError;
using common::Quote;

constexpr std::string_view kNodeModules = "node_modules";

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Splits off the last path component: "a/b/c" -> ("a/b", "c").
std::pair<std::string_view, std::string_view> SplitLast(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view(), path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

bool UnderNodeModules(std::string_view path) {
  return path.find("/node_modules/") != std::string_view::npos;
}

// "name@range" -> (name, range); a leading '@' belongs to the scope, and a name has no other
// '@' (https://github.com/npm/validate-npm-package-name), so the range is after the first one.
std::pair<std::string_view, std::string_view> SplitNameAt(std::string_view spec) {
  size_t at = spec.empty() ? std::string_view::npos : spec.find('@', 1);
  if (at == std::string_view::npos) return {spec, std::string_view()};
  return {spec.substr(0, at), spec.substr(at + 1)};
}

// Versions a registry serves start with a digit (npm normalises a leading 'v' away); "file:",
// "link:", "git+...", tarball URLs and the like do not.
bool IsRegistryVersion(std::string_view v) { return !v.empty() && v[0] >= '0' && v[0] <= '9'; }

// Packages once per (name, version), in first-seen order; at most 1000 warnings.
using Collector = common::PackageCollector;

bool JsonTrue(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

std::string JsonStr(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// v1 "dependencies": {name: {version, dev, dependencies: {...}}}, nested for packages that
// could not be hoisted. The JSON parser already bounds the nesting depth.
void WalkV1(const Json& deps, Collector& c) {
  for (auto it = deps.begin(); it != deps.end(); ++it) {
    if (!it->is_object()) {
      c.Warn(Error(ErrorCode::kCorrupt, "dependency " + Quote(it.key()) + " is not an object; skipped"));
      continue;
    }
    std::string name = it.key();
    std::string version = JsonStr(*it, "version");
    // An alias "npm:real-name@1.2.3" (npm 6.9+) installs real-name under another name.
    if (version.rfind("npm:", 0) == 0) {
      auto [real, v] = SplitNameAt(std::string_view(version).substr(4));
      if (!real.empty()) name = std::string(real);
      version = std::string(v);
    }
    if (IsRegistryVersion(version)) {
      c.Add(std::move(name), std::move(version), JsonTrue(*it, "dev"));
    }
    auto nested = it->find("dependencies");
    if (nested != it->end() && nested->is_object()) WalkV1(*nested, c);
  }
}

}  // namespace

FileKind ClassifyPath(std::string_view path) {
  std::string_view base = Basename(path);
  if (base == "package.json") {
    if (path.size() == base.size() + 1) return FileKind::kProjectPackageJson;  // "/package.json"
    auto [dir, name] = SplitLast(path.substr(0, path.size() - base.size() - 1));
    // ".bin", ".cache"; "@scope" is a directory of packages, not one.
    if (name.empty() || name[0] == '.' || name[0] == '@') return FileKind::kNone;
    auto [parent_dir, parent] = SplitLast(dir);
    if (parent == kNodeModules) return FileKind::kInstalledPackageJson;
    if (parent.size() > 1 && parent[0] == '@' && SplitLast(parent_dir).second == kNodeModules) {
      return FileKind::kInstalledPackageJson;
    }
    return UnderNodeModules(path) ? FileKind::kNone : FileKind::kProjectPackageJson;
  }
  FileKind kind = FileKind::kNone;
  if (base == "package-lock.json" || base == "npm-shrinkwrap.json") {
    kind = FileKind::kPackageLock;
  } else if (base == "yarn.lock") {
    kind = FileKind::kYarnLock;
  } else if (base == "pnpm-lock.yaml") {
    kind = FileKind::kPnpmLock;
  }
  if (kind != FileKind::kNone && UnderNodeModules(path)) return FileKind::kNone;
  return kind;
}

Result<ParseOutput> ParsePackageLock(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(text, "package-lock.json"));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, "package-lock.json: not a JSON object");
  Collector c;
  auto packages = doc.find("packages");
  auto deps = doc.find("dependencies");
  if (packages != doc.end() && packages->is_object()) {
    // v2 keeps "dependencies" beside "packages" for npm 6; "packages" is authoritative.
    for (auto it = packages->begin(); it != packages->end(); ++it) {
      const std::string& key = it.key();
      // "" is the project itself; keys without node_modules/ are workspace members (local
      // sources, not registry packages; their node_modules/<name> entry is a link).
      size_t last = key.rfind("node_modules/");
      if (last == std::string::npos) continue;
      if (!it->is_object()) {
        c.Warn(Error(ErrorCode::kCorrupt, "packages entry " + Quote(key) + " is not an object; skipped"));
        continue;
      }
      if (JsonTrue(*it, "link")) continue;  // a symlink to a workspace or file: dependency
      std::string name = JsonStr(*it, "name");  // present for aliases
      if (name.empty()) name = key.substr(last + kNodeModules.size() + 1);
      std::string version = JsonStr(*it, "version");
      if (name.empty() || !IsRegistryVersion(version)) continue;
      c.Add(std::move(name), std::move(version), JsonTrue(*it, "dev"));
    }
    return c.Take();
  }
  if (deps != doc.end() && deps->is_object()) {
    WalkV1(*deps, c);
    return c.Take();
  }
  if (packages == doc.end() && deps == doc.end() && doc.contains("lockfileVersion")) {
    return c.Take();  // a project without dependencies
  }
  return MakeError(ErrorCode::kCorrupt, "package-lock.json: no \"packages\" or \"dependencies\" object");
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

// The protocol of a yarn range or resolution: "npm:^1.0" -> "npm", "^1.0" -> "" (registry).
std::string_view ProtocolOf(std::string_view range) {
  size_t colon = range.find(':');
  if (colon == std::string_view::npos) return {};
  std::string_view p = range.substr(0, colon);
  for (char ch : p) {
    if (!((ch >= 'a' && ch <= 'z') || ch == '+' || ch == '-')) return {};
  }
  return p;
}

// Sources that are not a registry package (as Trivy's yarn parser): https://yarnpkg.com/protocols
// "patch:" is kept: it is a registry package with a patch applied, at the entry's version.
bool IsLocalOrVcsProtocol(std::string_view p) {
  return p == "workspace" || p == "file" || p == "link" || p == "portal" || p == "exec" ||
         p == "git" || p == "github" || p.rfind("git+", 0) == 0;
}

struct YarnEntry {
  uint64_t line = 0;  ///< 0 when no entry is open
  std::string header;
  std::string version;
  std::string resolution;
};

void FlushYarn(YarnEntry& e, Collector& c, bool& saw_entry) {
  if (e.line == 0) return;
  YarnEntry entry = std::move(e);
  e = YarnEntry{};
  std::string_view header = entry.header;
  if (header == "__metadata") return;  // berry's own header
  saw_entry = true;
  // "a@^1, a@^1.1" or "\"a@npm:^1\", \"a@npm:^1.1\"": the first descriptor names it.
  std::string_view first = Unquote(header.substr(0, header.find(',')));
  // berry: the resolution ("name@npm:1.2.3") is what was installed, aliases resolved.
  std::string_view spec = entry.resolution.empty() ? first : std::string_view(entry.resolution);
  auto [name, range] = SplitNameAt(spec);
  std::string_view protocol = ProtocolOf(range);
  if (IsLocalOrVcsProtocol(protocol)) return;
  if (protocol == "npm") {
    // An alias "alias@npm:real@^1.0" (classic) names the real package after "npm:".
    auto [real, real_range] = SplitNameAt(range.substr(4));
    if (!real_range.empty() && !real.empty()) name = real;
  }
  if (name.empty() || entry.version.empty()) {
    c.Warn(LineError(entry.line, "entry " + Quote(first) + " has no name or version; skipped"));
    return;
  }
  if (!IsRegistryVersion(entry.version)) return;
  c.Add(std::string(name), std::move(entry.version), false);
}

}  // namespace

Result<ParseOutput> ParseYarnLock(std::string_view text) {
  Collector c;
  YarnEntry cur;
  bool saw_entry = false;
  bool saw_line = false;
  common::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    const uint64_t line_no = lines.line_no();
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    saw_line = true;
    size_t indent = line.find_first_not_of(' ');
    if (indent == 0) {
      FlushYarn(cur, c, saw_entry);
      if (trimmed.back() != ':') {
        c.Warn(LineError(line_no, "not an entry header: " + Quote(trimmed)));
        continue;
      }
      cur.line = line_no;
      cur.header = std::string(trimmed.substr(0, trimmed.size() - 1));
      continue;
    }
    if (cur.line == 0 || indent != 2) continue;  // nested maps (dependencies) are not needed
    // classic: `version "1.2.3"`; berry: `version: 1.2.3`.
    auto field = [&](std::string_view key, std::string& into) {
      if (trimmed.size() <= key.size() || trimmed.substr(0, key.size()) != key) return;
      char sep = trimmed[key.size()];
      if (sep != ' ' && sep != ':') return;
      std::string_view value = trimmed.substr(key.size() + 1);
      into = std::string(Unquote(value));
    };
    field("version", cur.version);
    field("resolution", cur.resolution);
  }
  FlushYarn(cur, c, saw_entry);
  if (saw_line && !saw_entry && c.size() == 0) {
    ParseOutput out = c.Take();
    if (!out.warnings.empty()) {
      return MakeError(out.warnings.front().WithContext("yarn.lock: no entry could be read"));
    }
  }
  return c.Take();
}

namespace {

// yaml-cpp recurses once per nesting level (its DepthGuard stops only at 2000); lock files
// nest a few levels. Reject deep documents before parsing (DESIGN.md anti-pattern 8).
constexpr uint64_t kMaxYamlIndent = 256;
constexpr uint64_t kMaxYamlFlowDepth = 64;
constexpr uint64_t kMaxYamlDashesPerLine = 16;

Status CheckYamlShape(std::string_view text) {
  uint64_t flow = 0;
  uint64_t line_no = 1;
  size_t line_start = 0;
  bool in_indent = true;
  uint64_t dashes = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '\n') {
      ++line_no;
      line_start = i + 1;
      in_indent = true;
      dashes = 0;
      continue;
    }
    if (in_indent) {
      if (ch == ' ' || ch == '\t') {
        if (i - line_start >= kMaxYamlIndent) {
          return MakeError(ErrorCode::kLimitExceeded,
                           "pnpm-lock.yaml: line " + std::to_string(line_no) + ": indented more than " +
                               std::to_string(kMaxYamlIndent) + " columns");
        }
        continue;
      }
      if (ch == '-' || ch == '?' || ch == ':') {
        if (++dashes > kMaxYamlDashesPerLine) {
          return MakeError(ErrorCode::kLimitExceeded,
                           "pnpm-lock.yaml: line " + std::to_string(line_no) + ": too many nested block entries");
        }
        continue;
      }
      in_indent = false;
    }
    if (ch == '[' || ch == '{') {
      if (++flow > kMaxYamlFlowDepth) {
        return MakeError(ErrorCode::kLimitExceeded, "pnpm-lock.yaml: line " + std::to_string(line_no) +
                                                        ": flow collections nested deeper than " +
                                                        std::to_string(kMaxYamlFlowDepth));
      }
    } else if ((ch == ']' || ch == '}') && flow > 0) {
      --flow;
    }
  }
  return OkStatus();
}

std::string ScalarOf(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

// "5.3", "'6.0'", "9.0" -> 5, 6, 9; 0 when absent or not a number.
int64_t MajorVersion(const std::string& v) {
  int64_t major = 0;
  for (char ch : v) {
    if (ch < '0' || ch > '9') break;
    major = major * 10 + (ch - '0');
    if (major > 1000) break;
  }
  return major;
}

Result<ParseOutput> ParsePnpmDoc(const YAML::Node& doc) {
  if (!doc.IsMap()) return MakeError(ErrorCode::kCorrupt, "pnpm-lock.yaml: not a YAML mapping");
  Collector c;
  int64_t major = MajorVersion(ScalarOf(doc, "lockfileVersion"));
  YAML::Node packages = doc["packages"];
  if (!packages || packages.IsNull()) return c.Take();
  if (!packages.IsMap()) return MakeError(ErrorCode::kCorrupt, "pnpm-lock.yaml: \"packages\" is not a mapping");
  for (auto it = packages.begin(); it != packages.end(); ++it) {
    // Copies: yaml-cpp's iterator hands out a temporary pair, so references into it dangle.
    const YAML::Node key_node = it->first;
    const YAML::Node entry = it->second;
    if (!key_node.IsScalar()) {
      c.Warn(Error(ErrorCode::kCorrupt, "pnpm-lock.yaml: a \"packages\" key is not a string; skipped"));
      continue;
    }
    std::string key = key_node.Scalar();
    std::string name, version;
    bool dev = false;
    if (entry.IsMap()) {
      name = ScalarOf(entry, "name");
      version = ScalarOf(entry, "version");
      dev = ScalarOf(entry, "dev") == "true";
    }
    if (name.empty() || version.empty()) {
      std::string_view k = key;
      if (!k.empty() && k.front() == '/') k.remove_prefix(1);
      std::string_view key_name, key_version;
      if (major != 0 && major < 6) {
        // v5: "/name/1.0.0" or "/@scope/name/1.0.0_peer@2.0.0+other@3.0.0".
        size_t slash = k.rfind('/');
        if (slash != std::string_view::npos) {
          key_name = k.substr(0, slash);
          key_version = k.substr(slash + 1);
          key_version = key_version.substr(0, key_version.find('_'));
        }
      } else {
        // v6: "/name@1.0.0(peer@2.0.0)"; v9: "name@1.0.0" (peers only in "snapshots").
        k = k.substr(0, k.find('('));
        auto [n, v] = SplitNameAt(k);
        if (!v.empty()) {
          key_name = n;
          key_version = v;
        }
      }
      if (name.empty()) name = std::string(key_name);
      if (version.empty()) version = std::string(key_version);
    }
    if (name.empty() || !IsRegistryVersion(version)) continue;  // file:, link:, URLs
    c.Add(std::move(name), std::move(version), dev);
  }
  return c.Take();
}

}  // namespace

Result<ParseOutput> ParsePnpmLock(std::string_view text) {
  HS_RETURN_IF_ERROR(CheckYamlShape(text));
  // yaml-cpp throws on bad YAML; nothing may escape this module (DESIGN.md 1.4).
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    if (!doc || doc.IsNull()) return ParseOutput{};
    return ParsePnpmDoc(doc);
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kCorrupt, "pnpm-lock.yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCorrupt, std::string("pnpm-lock.yaml: ") + e.what());
  }
}

Result<Found> ParseInstalledPackageJson(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(text, "package.json"));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, "package.json: not a JSON object");
  return Found{JsonStr(doc, "name"), JsonStr(doc, "version"), false};
}

}  // namespace hullscan::extract::npm
