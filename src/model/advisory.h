// AffectedRange: plain data for one OSV `affected[].ranges[]` entry (https://ossf.github.io/osv-schema/#affectedranges-field)
// and the distro "fixed in" form, which is the range {introduced: 0, fixed: V}. Evaluated by
// version::RangeContains under the ecosystem's scheme. Plain values; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace hullscan::model {

struct RangeEvent {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;  ///< "0" for kIntroduced means "from the beginning"
  bool operator==(const RangeEvent&) const = default;
};

struct AffectedRange {
  enum class Type { kEcosystem, kSemver };
  Type type = Type::kEcosystem;
  std::vector<RangeEvent> events;
  bool operator==(const AffectedRange&) const = default;
};

}  // namespace hullscan::model
