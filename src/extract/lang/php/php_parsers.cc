#include "extract/lang/php/php_parsers.h"

#include <set>
#include <utility>

#include "base/json.h"
#include "extract/common/messages.h"

namespace hullscan::extract::php {

namespace {

using common::Quote;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Error Corrupt(std::string_view what, std::string why) {
  return Error(ErrorCode::kCorrupt, "parse " + std::string(what) + ": " + std::move(why));
}

// Collects the packages of Composer's package arrays (each (name, version) once, first-seen
// order) and a bounded list of warnings.
class Collector : public common::PackageCollector {
 public:
  explicit Collector(std::string_view what)
      : common::PackageCollector(kMaxPackagesPerFile, kMaxWarningsPerFile), what_(what) {}

  /// Reads the package objects of `array` (at JSON pointer `pointer`). `is_dev` says whether a
  /// name is a dev package. kLimitExceeded past kMaxPackagesPerFile.
  template <typename IsDev>
  Status AddArray(const Json& array, const std::string& pointer, IsDev is_dev) {
    uint64_t index = 0;
    for (const Json& entry : array) {
      const std::string at = pointer + "/" + std::to_string(index++);
      if (!entry.is_object()) {
        Warn(Corrupt(what_, "package is not an object (at " + at + "); skipped"));
        continue;
      }
      auto name = entry.find("name");
      auto version = entry.find("version");
      if (name == entry.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
        Warn(Corrupt(what_, "package has no \"name\" string (at " + at + "); skipped"));
        continue;
      }
      const std::string& n = name->get_ref<const std::string&>();
      if (version == entry.end() || !version->is_string() || version->get_ref<const std::string&>().empty()) {
        Warn(Corrupt(what_, "package " + Quote(n) + " has no \"version\" string (at " + at + "); skipped"));
        continue;
      }
      const std::string& v = version->get_ref<const std::string&>();
      if (!Add(n, v, is_dev(n))) {
        return MakeError(ErrorCode::kLimitExceeded, "parse " + std::string(what_) + ": more than " +
                                                        std::to_string(kMaxPackagesPerFile) + " packages (at " + at +
                                                        ")");
      }
    }
    return OkStatus();
  }

 private:
  std::string_view what_;
};

Result<Json> Parse(std::string_view text, std::string_view what) {
  Result<Json> doc = ParseJson(text, what);
  // ParseJson says "WHAT: invalid JSON at byte N: ..." (kCorrupt) or that it nests too deep.
  if (!doc) return MakeError(doc.error().code(), "parse " + doc.error().message());
  return doc;
}

}  // namespace

FileKind ClassifyPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  if (base == "composer.lock") return FileKind::kComposerLock;
  if (base == "installed.json" && (dir == "composer" || EndsWith(dir, "/composer"))) return FileKind::kInstalledJson;
  return FileKind::kNone;
}

Result<ParseOutput> ParseComposerLock(std::string_view text) {
  constexpr std::string_view kWhat = "composer.lock";
  HS_ASSIGN_OR_RETURN(Json doc, Parse(text, kWhat));
  if (!doc.is_object()) return MakeError(Corrupt(kWhat, "not a JSON object (at /)"));
  auto packages = doc.find("packages");
  if (packages == doc.end() || !packages->is_array()) {
    return MakeError(Corrupt(kWhat, "\"packages\" is missing or not an array (at /packages)"));
  }
  auto dev = doc.find("packages-dev");
  if (dev != doc.end() && !dev->is_array() && !dev->is_null()) {
    return MakeError(Corrupt(kWhat, "\"packages-dev\" is not an array (at /packages-dev)"));
  }
  Collector c(kWhat);
  HS_RETURN_IF_ERROR(c.AddArray(*packages, "/packages", [](const std::string&) { return false; }));
  if (dev != doc.end() && dev->is_array()) {
    HS_RETURN_IF_ERROR(c.AddArray(*dev, "/packages-dev", [](const std::string&) { return true; }));
  }
  return c.Take();
}

Result<ParseOutput> ParseInstalledJson(std::string_view text) {
  constexpr std::string_view kWhat = "installed.json";
  HS_ASSIGN_OR_RETURN(Json doc, Parse(text, kWhat));
  Collector c(kWhat);
  if (doc.is_array()) {  // Composer 1
    HS_RETURN_IF_ERROR(c.AddArray(doc, "", [](const std::string&) { return false; }));
    return c.Take();
  }
  if (!doc.is_object()) return MakeError(Corrupt(kWhat, "neither a JSON array nor an object (at /)"));
  auto packages = doc.find("packages");
  if (packages == doc.end() || !packages->is_array()) {
    return MakeError(Corrupt(kWhat, "\"packages\" is missing or not an array (at /packages)"));
  }
  std::set<std::string> dev_names;
  auto dev = doc.find("dev-package-names");
  if (dev != doc.end()) {
    if (!dev->is_array()) {
      return MakeError(Corrupt(kWhat, "\"dev-package-names\" is not an array (at /dev-package-names)"));
    }
    for (const Json& n : *dev) {
      if (n.is_string()) dev_names.insert(n.get<std::string>());
    }
  }
  HS_RETURN_IF_ERROR(
      c.AddArray(*packages, "/packages", [&](const std::string& name) { return dev_names.count(name) > 0; }));
  return c.Take();
}

}  // namespace hullscan::extract::php
