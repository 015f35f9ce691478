#include "version/version_cache.h"

namespace hullscan::version {

Result<const Version*> VersionCache::Get(SchemeId id, std::string_view text) {
  auto& parsed = by_scheme_[static_cast<size_t>(id)];
  auto it = parsed.find(text);
  if (it == parsed.end()) {
    Parsed p;
    auto v = SchemeFor(id).Parse(text);
    if (v) {
      p.version = std::move(*v);
    } else {
      p.error = std::move(v).error();
    }
    it = parsed.emplace(std::string(text), std::move(p)).first;
  }
  if (it->second.error) return MakeError(*it->second.error);
  return it->second.version.get();
}

}  // namespace hullscan::version
