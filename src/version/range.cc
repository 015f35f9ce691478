#include "version/range.h"

#include <memory>

namespace hullscan::version {

Result<bool> RangeContains(const model::AffectedRange& range, const VersionScheme& scheme, const Version& v) {
  // Each bound parsed here, owned until the answer is known.
  std::vector<std::unique_ptr<Version>> owned;
  auto parse = [&](std::string_view text) -> Result<const Version*> {
    auto parsed = scheme.Parse(text);
    if (!parsed) return MakeError(std::move(parsed).error());
    owned.push_back(std::move(*parsed));
    return owned.back().get();
  };
  return detail::Contains(range, scheme, v, parse);
}

}  // namespace hullscan::version
