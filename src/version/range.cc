#include "version/range.h"

#include <algorithm>

namespace hullscan::version {

Result<bool> RangeContains(const model::AffectedRange& range, const VersionScheme& scheme, const Version& v) {
  using Kind = model::RangeEvent::Kind;
  if (range.type == model::AffectedRange::Type::kConstraints) {
    using Op = model::VersionConstraint::Op;
    for (const model::VersionConstraint& c : range.all_of) {
      auto bound = scheme.Parse(c.version);
      if (!bound) return MakeError(std::move(bound).error().WithContext("range constraint"));
      std::strong_ordering o = scheme.Compare(v, **bound);
      bool holds = false;
      switch (c.op) {
        case Op::kLt: holds = o < 0; break;
        case Op::kLe: holds = o <= 0; break;
        case Op::kGt: holds = o > 0; break;
        case Op::kGe: holds = o >= 0; break;
        case Op::kEq: holds = o == 0; break;
        case Op::kNe: holds = o != 0; break;
      }
      if (!holds) return false;
    }
    return true;
  }
  struct Parsed {
    Kind kind;
    std::unique_ptr<Version> version;  // null for "introduced: 0"
  };
  std::vector<Parsed> events;
  std::vector<std::unique_ptr<Version>> limits;
  for (const model::RangeEvent& e : range.events) {
    if (e.kind == Kind::kIntroduced && e.version == "0") {
      events.push_back({e.kind, nullptr});
      continue;
    }
    auto parsed = scheme.Parse(e.version);
    if (!parsed) return MakeError(std::move(parsed).error().WithContext("range event"));
    if (e.kind == Kind::kLimit) {
      limits.push_back(std::move(*parsed));
    } else {
      events.push_back({e.kind, std::move(*parsed)});
    }
  }
  for (const auto& limit : limits) {
    if (scheme.Compare(v, *limit) >= 0) return false;
  }
  // Sort by version; "0" first; at equal versions the order of the input is kept.
  std::stable_sort(events.begin(), events.end(), [&](const Parsed& a, const Parsed& b) {
    if (!a.version) return b.version != nullptr;
    if (!b.version) return false;
    return scheme.Compare(*a.version, *b.version) < 0;
  });
  bool affected = false;
  for (const Parsed& e : events) {
    switch (e.kind) {
      case Kind::kIntroduced:
        if (!e.version || scheme.Compare(v, *e.version) >= 0) affected = true;
        break;
      case Kind::kFixed:
        if (scheme.Compare(v, *e.version) >= 0) affected = false;
        break;
      case Kind::kLastAffected:
        if (scheme.Compare(v, *e.version) > 0) affected = false;
        break;
      case Kind::kLimit:
        break;
    }
  }
  return affected;
}

}  // namespace hullscan::version
