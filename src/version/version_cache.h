// VersionCache: parsed versions kept by (scheme, text), so that a text met again is parsed once.
// Matching compares one installed version with many range bounds, and the same bounds recur
// across the records of a package and across packages ("fixed 1.0.0", a distro's point
// releases); parsing is most of what a comparison costs, so a scan keeps one cache per thread.
//
// A text the scheme rejects is remembered with its error. Versions live as long as the cache;
// nothing is ever evicted, so a cache is for one bounded job (one scan's matching), not for a
// process. Thread-safety: none; use one cache per thread.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "version/version_scheme.h"

namespace hullscan::version {

class VersionCache {
 public:
  /// `text` parsed by the scheme `id`: the same pointer for every call with the same text,
  /// valid as long as the cache. The error is Parse's (kInvalidArgument) when the scheme
  /// rejects the text.
  Result<const Version*> Get(SchemeId id, std::string_view text);

 private:
  struct Parsed {
    std::unique_ptr<Version> version;  // null when the scheme rejected the text
    std::optional<Error> error;
  };
  // Lookups by string_view, without building a key string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::array<std::unordered_map<std::string, Parsed, Hash, std::equal_to<>>, kSchemeCount> by_scheme_;
};

}  // namespace hullscan::version
