#include "match/matcher.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <unordered_map>
#include <optional>
#include <tuple>

#include "base/memory.h"
#include "base/thread_pool.h"
#include "version/ecosystem.h"
#include "version/range.h"
#include "version/version_cache.h"
#include "version/version_scheme.h"

namespace hullscan::match {

namespace {

std::string Major(std::string_view version_id) {
  size_t dot = version_id.find('.');
  return std::string(dot == std::string_view::npos ? version_id : version_id.substr(0, dot));
}

std::string DebianMajorFromCodename(std::string_view codename) {
  static const std::map<std::string_view, std::string_view> kCodenames = {
      {"jessie", "8"},    {"stretch", "9"},  {"buster", "10"}, {"bullseye", "11"},
      {"bookworm", "12"}, {"trixie", "13"},  {"forky", "14"},  {"sid", "unstable"}};
  auto it = kCodenames.find(codename);
  return it == kCodenames.end() ? "" : std::string(it->second);
}

// "1:3.0.7-27.el9" -> "3.0.7-27.el9"
std::string_view WithoutEpoch(std::string_view evr) {
  size_t colon = evr.find(':');
  return colon == std::string_view::npos ? evr : evr.substr(colon + 1);
}

class DpkgMatcher final : public Matcher {
 public:
  std::string_view name() const override { return "dpkg"; }
  Result<std::vector<Query>> Queries(const model::Package& p, const model::Distro& d) const override {
    if (p.type != model::PackageType::kDeb) return std::vector<Query>{};
    std::string eco = DistroEcosystem(d);
    if (model::EcosystemBase(eco) != "Debian") return std::vector<Query>{};
    // Debian's data is keyed by source package; fixes are source versions.
    Query q{eco, p.source_name.empty() ? p.name : p.source_name,
            p.source_version.empty() ? p.version : p.source_version, "source-name"};
    return std::vector<Query>{q};
  }
};

class ApkMatcher final : public Matcher {
 public:
  std::string_view name() const override { return "apk"; }
  Result<std::vector<Query>> Queries(const model::Package& p, const model::Distro& d) const override {
    if (p.type != model::PackageType::kApk) return std::vector<Query>{};
    std::string eco = DistroEcosystem(d);
    std::string_view base = model::EcosystemBase(eco);
    if (base != "Alpine" && base != "Wolfi") return std::vector<Query>{};
    // secdb lists origin (source) packages; every subpackage shares its origin's version.
    Query q{eco, p.source_name.empty() ? p.name : p.source_name, p.version, "source-name"};
    return std::vector<Query>{q};
  }
};

class RpmMatcher final : public Matcher {
 public:
  std::string_view name() const override { return "rpm"; }
  Result<std::vector<Query>> Queries(const model::Package& p, const model::Distro& d) const override {
    if (p.type != model::PackageType::kRpm) return std::vector<Query>{};
    std::string eco = DistroEcosystem(d);
    if (eco.empty() || version::SchemeForEcosystem(eco) != version::SchemeId::kRpm) return std::vector<Query>{};
    std::vector<Query> out{{eco, p.name, p.version, "binary-name"}};
    // Advisories may name only the source package. Its fixed versions are the source's, so the
    // source name is asked only for a binary built with the source's own version-release: a
    // subpackage with a version of its own (perl-Errno 1.30-481.el9 from perl-5.32.1-481.el9,
    // epoch 4) is not comparable with perl's fixes and is matched by its binary name alone.
    std::optional<model::SourceRpm> src = model::ParseSourceRpm(p.source_rpm);
    if (src && src->name != p.name && src->version == WithoutEpoch(p.version)) {
      out.push_back({eco, src->name, p.version, "source-name"});
    }
    return out;
  }
};

// Packages matched through another route, or not at all: one an OS package installed (its
// files are in the OS package's file list; distros backport fixes under their own versions,
// so python3-urllib3 1.26.12-1+deb12u1 is not upstream urllib3 1.26.12), a project's own
// manifest, and a lock-file entry that its project did not install.
bool NotMatchedAsLanguage(const model::Package& p) {
  return !p.os_owner.empty() || p.project || p.not_installed;
}
class LanguageMatcher final : public Matcher {
 public:
  std::string_view name() const override { return "language"; }
  Result<std::vector<Query>> Queries(const model::Package& p, const model::Distro& d) const override {
    if (NotMatchedAsLanguage(p)) return std::vector<Query>{};
    std::string eco = LanguageEcosystem(p.type);
    if (eco.empty()) return std::vector<Query>{};
    std::string version = p.version;
    if (p.type == model::PackageType::kGolang) {
      // Go's OSV ranges are bare semver: "v1.2.3" -> "1.2.3", toolchain "go1.21.3" -> "1.21.3".
      if (version.rfind("go", 0) == 0) version = version.substr(2);
      if (!version.empty() && version[0] == 'v') version = version.substr(1);
    }
    return std::vector<Query>{{eco, p.name, version, "package-name"}};
  }
};

}  // namespace

std::string LanguageEcosystem(model::PackageType t) {
  switch (t) {
    case model::PackageType::kDeb:
    case model::PackageType::kApk:
    case model::PackageType::kRpm: return "";
    case model::PackageType::kNpm: return "npm";
    case model::PackageType::kPypi: return "PyPI";
    case model::PackageType::kMaven: return "Maven";
    case model::PackageType::kCargo: return "crates.io";
    case model::PackageType::kGem: return "RubyGems";
    case model::PackageType::kComposer: return "Packagist";
    case model::PackageType::kNuget: return "NuGet";
    case model::PackageType::kGolang: return "Go";
  }
  return "";
}

namespace {

// "introduced 0, fixed 1.2.3", ">= 7.0.0, < 7.4.4", "every version": a range as --explain shows it.
void AppendEventsText(const store::RangeView& r, std::string& out) {
  size_t start = out.size();
  if (r.type == model::AffectedRange::Type::kConstraints) {
    static constexpr std::string_view kOps[] = {"< ", "<= ", "> ", ">= ", "= ", "!= "};
    for (const auto& c : r.all_of) {
      if (out.size() > start) out += ", ";
      out += kOps[static_cast<int>(c.op)];
      out += c.version;
    }
    if (out.size() == start) out += "every version";
    return;
  }
  for (const auto& e : r.events) {
    if (out.size() > start) out += ", ";
    switch (e.kind) {
      case model::RangeEvent::Kind::kIntroduced: out += "introduced "; break;
      case model::RangeEvent::Kind::kFixed: out += "fixed "; break;
      case model::RangeEvent::Kind::kLastAffected: out += "last_affected "; break;
      case model::RangeEvent::Kind::kLimit: out += "limit "; break;
    }
    out += e.version;
  }
}

// How a record holds for an installed version. Views point into the index entry (which lives as
// long as the matcher); the range's text is written only for a finding that shows it (Make).
struct Hit {
  enum class Text : uint8_t {
    kRange,       // the first range that holds: its events ("introduced 0, fixed 1.2.3")
    kListed,      // "listed version V": no range holds, the explicit version list has it
    kNotPatched,  // "not in a patched range": an "every version" range with patched ranges beside it
  };
  uint32_t row = 0;                   // the entry row
  uint32_t range = 0;                 // kRange: index of the range in the row's ranges
  Text text = Text::kRange;
  std::optional<version::SchemeId> scheme;  // of that range; none for kListed
  model::FixState state = model::FixState::kFixed;
  std::string_view fixed_version;     // the lowest fix above the installed version; "" if none
};

// The lowest fixing version offered so far. Candidates come parsed under the scheme of their
// range (null: the text does not parse); one that does not parse never replaces a choice, and the
// first one stands until a candidate compares lower. Texts are views into the row being
// evaluated, versions are the cache's.
class FixChoice {
 public:
  explicit FixChoice(version::VersionCache& cache) : cache_(cache) {}
  void Offer(version::SchemeId sid, std::string_view text, const version::Version* parsed) {
    if (!text_.empty()) {
      if (!parsed) return;
      if (!best_ || sid != sid_) {
        auto again = cache_.Get(sid, text_);
        if (!again) return;
        best_ = *again;
        sid_ = sid;
      }
      if (version::SchemeFor(sid).Compare(*parsed, *best_) >= 0) return;
    }
    text_ = text;
    best_ = parsed;
    sid_ = sid;
  }
  void Offer(version::SchemeId sid, std::string_view text) {
    auto parsed = cache_.Get(sid, text);
    Offer(sid, text, parsed ? *parsed : nullptr);
  }
  std::string_view text() const { return text_; }

 private:
  version::VersionCache& cache_;
  std::string_view text_;
  const version::Version* best_ = nullptr;
  version::SchemeId sid_{};
};

// The installed version of one query, taken from the cache once per scheme it is compared under
// (a package's rows ask for it range after range).
class InstalledVersion {
 public:
  InstalledVersion(const std::string& text, version::VersionCache& cache) : text_(text), cache_(cache) {}
  Result<const version::Version*> Get(version::SchemeId id) {
    auto& parsed = parsed_[static_cast<size_t>(id)];
    if (!parsed) parsed = cache_.Get(id, text_);
    return *parsed;
  }
  const std::string& text() const { return text_; }

 private:
  const std::string& text_;
  version::VersionCache& cache_;
  std::array<std::optional<Result<const version::Version*>>, version::kSchemeCount> parsed_;
};

// The most common range of all (every distro "fixed in V"): introduced 0, fixed V.
bool IsFixedFromZero(const store::RangeView& r) {
  return r.type != model::AffectedRange::Type::kConstraints && r.events.size() == 2 &&
         r.events[0].kind == model::RangeEvent::Kind::kIntroduced && r.events[0].version == "0" &&
         r.events[1].kind == model::RangeEvent::Kind::kFixed;
}

// What AppendEventsText writes as "every version".
bool IsEveryVersion(const store::RangeView& r) {
  return r.type == model::AffectedRange::Type::kConstraints && r.all_of.empty();
}

// Whether a package record (a decoded row of `ecosystem`) holds for the installed version.
// `eco_scheme` is SchemeForEcosystem(ecosystem). Every version (installed and bounds) comes
// parsed from `cache`.
Result<std::optional<Hit>> Evaluate(const store::AffectedView& ap, const std::string& ecosystem,
                                    std::optional<version::SchemeId> eco_scheme, InstalledVersion& installed,
                                    version::VersionCache& cache) {
  if (ap.state == model::FixState::kNotAffected) return std::optional<Hit>();
  // RustSec "informational" advisories (unmaintained, unsound, notice) are not vulnerabilities.
  if (ap.note.starts_with("informational")) return std::optional<Hit>();
  Hit hit;
  hit.state = ap.state;
  FixChoice fix(cache);
  bool affected = false;
  for (size_t i = 0; i < ap.ranges.size(); ++i) {
    const store::RangeView& r = ap.ranges[i];
    auto sid = version::SchemeForRange(eco_scheme, r.type);
    if (!sid || !version::SchemeImplemented(*sid)) {
      return MakeError(ErrorCode::kUnsupported, "no version rules for ecosystem " + ecosystem);
    }
    const version::VersionScheme& scheme = version::SchemeFor(*sid);
    HS_ASSIGN_OR_RETURN(const version::Version* v, installed.Get(*sid));
    if (IsFixedFromZero(r)) {
      // RangeContains' answer for this shape, without its event walk.
      auto fixed = cache.Get(*sid, r.events[1].version);
      if (!fixed || scheme.Compare(*v, **fixed) >= 0) continue;
      if (!affected) {
        hit.range = static_cast<uint32_t>(i);
        hit.scheme = *sid;
      }
      affected = true;
      fix.Offer(*sid, r.events[1].version, *fixed);
      continue;
    }
    auto in = version::RangeContains(r, scheme, *v, cache);
    if (!in) continue;  // a range with a version its scheme rejects is skipped (importers filter these)
    if (!*in) continue;
    if (!affected) {
      hit.range = static_cast<uint32_t>(i);
      hit.scheme = *sid;
    }
    affected = true;
    // The fix: the lowest `fixed` above the installed version (or the upper bound of a constraint).
    for (const auto& e : r.events) {
      if (e.kind != model::RangeEvent::Kind::kFixed) continue;
      auto fv = cache.Get(*sid, e.version);
      if (fv && scheme.Compare(**fv, *v) > 0) fix.Offer(*sid, e.version, *fv);
    }
    for (const auto& c : r.all_of) {
      if (c.op == model::VersionConstraint::Op::kLt) fix.Offer(*sid, c.version);
    }
  }
  if (!affected) {
    HS_ASSIGN_OR_RETURN(affected, store::VersionListHas(ap.versions, installed.text()));
    if (affected) hit.text = Hit::Text::kListed;
  }
  if (!affected) return std::optional<Hit>();
  for (const auto& r : ap.unaffected) {
    auto sid = version::SchemeForRange(eco_scheme, r.type);
    if (!sid || !version::SchemeImplemented(*sid)) {
      return MakeError(ErrorCode::kUnsupported, "no version rules for ecosystem " + ecosystem);
    }
    const version::VersionScheme& scheme = version::SchemeFor(*sid);
    HS_ASSIGN_OR_RETURN(const version::Version* v, installed.Get(*sid));
    auto in = version::RangeContains(r, scheme, *v, cache);
    if (in && *in) return std::optional<Hit>();
    // A patched requirement above the installed version names the fix: its largest lower bound.
    std::string_view lower;
    for (const auto& c : r.all_of) {
      if (c.op != model::VersionConstraint::Op::kGe && c.op != model::VersionConstraint::Op::kGt) continue;
      auto cv = cache.Get(*sid, c.version);
      if (!cv) continue;
      if (lower.empty()) {
        lower = c.version;
      } else {
        auto lv = cache.Get(*sid, lower);
        if (lv && scheme.Compare(**cv, **lv) > 0) lower = c.version;
      }
    }
    if (!lower.empty()) {
      auto lv = cache.Get(*sid, lower);
      if (lv && scheme.Compare(**lv, *v) > 0) fix.Offer(*sid, lower, *lv);
    }
    if (hit.text == Hit::Text::kRange && IsEveryVersion(ap.ranges[hit.range])) hit.text = Hit::Text::kNotPatched;
  }
  hit.fixed_version = fix.text();
  return std::optional<Hit>(hit);
}

// `s` is a model::SeverityScore or a store::SeverityView.
template <typename Severity>
void SetSeverity(model::Finding& f, const Severity& s, std::string_view fallback_source) {
  if (s.score >= 0 && !s.type.empty()) {
    f.severity = model::SeverityLabel(s.score);
  } else if (!s.label.empty()) {
    f.severity = s.label;
  } else {
    f.severity = model::SeverityLabel(s.score);
  }
  f.severity_source = s.source.empty() ? fallback_source : s.source;
  if (!s.vector.empty()) {
    f.cvss_vector = s.vector;
    f.cvss_score = s.score;
  }
}

// Keeps the better of two statements (SeverityRank; the first of equals).
void KeepBetter(std::optional<store::SeverityView>& have, const std::optional<store::SeverityView>& other) {
  auto rank = [](const store::SeverityView& s) { return model::SeverityRank(s.type, s.score, s.label); };
  if (other && (!have || rank(*other) < rank(*have))) have = other;
}

std::string_view StatusOf(std::string_view fixed_version, model::FixState state) {
  if (!fixed_version.empty()) return "fixed";
  return state == model::FixState::kWillNotFix ? "will_not_fix" : "affected";
}

}  // namespace

std::string DistroEcosystem(const model::Distro& d) {
  if (d.id == "debian") {
    std::string major = Major(d.version_id);
    if (major.empty()) major = DebianMajorFromCodename(d.codename);
    return major.empty() ? "" : "Debian:" + major;
  }
  if (d.id == "alpine") {
    if (d.version_id.find("_alpha") != std::string::npos || d.version_id == "edge") return "Alpine:edge";
    size_t first = d.version_id.find('.');
    if (first == std::string::npos) return "";
    size_t second = d.version_id.find('.', first + 1);
    return "Alpine:v" + d.version_id.substr(0, second);
  }
  if (d.id == "wolfi") return "Wolfi";
  if (d.id == "almalinux" && !d.version_id.empty()) return "AlmaLinux:" + Major(d.version_id);
  if (d.id == "rocky" && !d.version_id.empty()) return "Rocky Linux:" + Major(d.version_id);
  if (d.id == "ubuntu" && !d.version_id.empty()) return "Ubuntu:" + d.version_id;
  return "";
}

std::vector<std::unique_ptr<Matcher>> DefaultMatchers() {
  std::vector<std::unique_ptr<Matcher>> out;
  out.push_back(std::make_unique<DpkgMatcher>());
  out.push_back(std::make_unique<ApkMatcher>());
  out.push_back(std::make_unique<RpmMatcher>());
  out.push_back(std::make_unique<LanguageMatcher>());
  return out;
}

namespace {

// The index entry of one (ecosystem, name), read once for the whole inventory: copies of one
// package (a binary at several paths, binaries of one source package) ask the same query. Rows,
// cards and every view taken from them point into `blob`, which lives as long as the matcher.
struct Entry {
  std::string_view blob;              // in the matcher's arena
  std::string name;                   // normalised
  std::vector<store::IndexRow> rows;  // views into blob
};
using Entries = std::unordered_map<std::string, Entry>;  // "ecosystem\0name" -> entry

// "ecosystem\0name": the key of Entries, and the start of an evaluation's key.
std::string EntryKey(const Query& q) {
  std::string key;
  key.reserve(q.ecosystem.size() + 1 + q.name.size() + 1 + q.version.size());
  key += q.ecosystem;
  key += '\0';
  key += q.name;
  return key;
}

// Per-thread scratch for RangeMatcher::Make.
struct MakeScratch {
  store::CardView card;
  store::AffectedView affected;
};

// Matches a contiguous range of an inventory with its own caches; MatchInventory runs one per
// thread, in two passes:
//   1. Resolve, a chunk of packages at a time: the chunk's queries; the index entries it asks
//      for that this matcher has not read yet, read at once (AdvisoryStore::FindEntries: one
//      lock, one read transaction, while the other threads evaluate their own chunks); every
//      query evaluated (the rows that hold, per (ecosystem, name, version), cached). Then the
//      records that hold for a package are resolved into drafts, one per finding, merging the
//      records of one vulnerability. Drafts and hits are views into the index entries: nothing is
//      copied yet.
//   2. Make: once every thread has resolved, MatchInventory orders the drafts of all threads and
//      each draft is made into its Finding in its final place (a Finding is large: moving one
//      is not free, and making it costs its strings).
class RangeMatcher {
 public:
  RangeMatcher(const std::vector<model::Package>& packages, const model::Distro& distro, store::AdvisoryStore& store)
      : packages_(packages), distro_(distro), store_(store), matchers_(DefaultMatchers()) {}

  /// Pass 1 for packages [begin, end): drafts, and `out`'s queries and diagnostics.
  Status Resolve(size_t begin, size_t end, MatchResult& out) {
    uint64_t hits = 0;
    steps_.reserve(end - begin);  // most packages ask one query
    std::vector<Planned> plan;
    for (size_t chunk = begin; chunk < end; chunk += kPackagesPerRead) {
      plan.clear();
      Plan(chunk, std::min(end, chunk + kPackagesPerRead), plan, out);
      HS_RETURN_IF_ERROR(Read(plan));
      for (Planned& p : plan) HS_RETURN_IF_ERROR(Evaluate(p, hits, out));
    }
    drafts_.reserve(hits);
    // Ids and aliases of one package's findings (views into the index entries) -> draft.
    std::unordered_map<std::string_view, size_t> known;
    for (size_t s = 0; s < steps_.size();) {
      size_t i = steps_[s].package;
      // clear() costs as many buckets as the largest package left behind.
      if (known.bucket_count() > 64) {
        known = std::unordered_map<std::string_view, size_t>();
      } else {
        known.clear();
      }
      for (; s < steps_.size() && steps_[s].package == i; ++s) HS_RETURN_IF_ERROR(Merge(s, known));
    }
    return OkStatus();
  }

  size_t drafts() const { return drafts_.size(); }
  size_t package_of(size_t k) const { return drafts_[k].package; }
  std::string_view id_of(size_t k) const { return drafts_[k].id; }

  /// Pass 2: makes draft k into `f`, a default-constructed Finding.
  Status Make(size_t k, model::Finding& f, MakeScratch& scratch) const {
    const Draft& d = drafts_[k];
    const Step& step = steps_[d.step];
    const Query& q = step.query;
    const Hit& hit = *d.hit;
    const Merged* m = d.merged.get();
    const model::Package& p = packages_[d.package];
    store::CardView& card = scratch.card;
    HS_RETURN_IF_ERROR(store::DecodeCardView(d.card, card));
    f.id = card.id;
    if (!m) {
      f.aliases.assign(card.aliases.begin(), card.aliases.end());
    } else {
      // Merged: the union of every record's ids, sorted, without the finding's own id.
      std::vector<std::string_view> ids(card.aliases.begin(), card.aliases.end());
      ids.insert(ids.end(), m->ids.begin(), m->ids.end());
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      f.aliases.reserve(ids.size());
      for (std::string_view id : ids) {
        if (id != card.id) f.aliases.emplace_back(id);
      }
    }
    f.package_index = d.package;
    f.installed_version = p.version;
    std::string_view fixed = hit.fixed_version.empty() && m ? m->fixed_version : hit.fixed_version;
    f.fixed_version = fixed;
    f.status = StatusOf(fixed, hit.state);
    f.layer_index = p.layer_index;
    f.data_source = card.feed_format;
    f.title = card.summary;
    if (card.severity) {
      SetSeverity(f, *card.severity, f.data_source);
    } else {
      // The first record's related statement, unless a merged record brought a better one.
      std::optional<store::SeverityView> related = card.related_severity;
      if (m) KeepBetter(related, m->related);
      if (related) SetSeverity(f, *related, "");
    }
    f.epss_score = card.epss_score;
    f.epss_percentile = card.epss_percentile;
    if (m && m->epss_score > card.epss_score) {
      f.epss_score = m->epss_score;
      f.epss_percentile = m->epss_percentile;
    }
    std::string_view kev = card.kev_date_added.empty() && m ? m->kev_date_added : card.kev_date_added;
    f.kev = !kev.empty();
    f.kev_date_added = kev;
    f.detail.matcher = step.matcher->name();
    f.detail.kind = q.kind;
    f.detail.ecosystem = q.ecosystem;
    f.detail.name = step.entry->name;
    f.detail.version = q.version;
    if (hit.scheme) f.detail.scheme = version::SchemeName(*hit.scheme);
    switch (hit.text) {
      case Hit::Text::kRange:
        HS_RETURN_IF_ERROR(store::DecodeAffectedView(step.entry->rows[hit.row].affected, scratch.affected));
        if (hit.range >= scratch.affected.ranges.size()) {
          return MakeError(ErrorCode::kInternal, "match: a range that held is not in its row");
        }
        AppendEventsText(scratch.affected.ranges[hit.range], f.detail.range);
        break;
      case Hit::Text::kListed:
        f.detail.range = "listed version ";
        f.detail.range += q.version;
        break;
      case Hit::Text::kNotPatched: f.detail.range = "not in a patched range"; break;
    }
    return OkStatus();
  }

 private:
  // One query of one package, or why the matcher could not make the package's queries.
  struct Planned {
    size_t package;
    const Matcher* matcher;
    Query query;
    std::string error;
  };
  struct Evaluation {
    std::vector<Hit> hits;  // the rows that hold
    std::string error;      // the installed version could not be compared
  };
  // One query of one package whose evaluation found rows that hold.
  struct Step {
    size_t package;
    const Matcher* matcher;
    Query query;
    const Entry* entry;
    const Evaluation* evaluation;
  };
  // What the records merged into a finding add (the rules of MatchInventory): their ids, the first
  // fix among them, the best severity statement among theirs (the first of equals), the highest
  // EPSS score (the first of equals), the first KEV date.
  struct Merged {
    std::vector<std::string_view> ids;
    std::string_view fixed_version;
    std::optional<store::SeverityView> related;
    double epss_score = -1;
    double epss_percentile = -1;
    std::string_view kev_date_added;
  };
  // One finding to be: the record that made it, and what the records merged into it add.
  struct Draft {
    uint32_t package = 0;
    uint32_t step = 0;                // into steps_
    const Hit* hit = nullptr;         // of the first record
    std::string_view card;            // of the first record
    std::string_view id;              // its id
    std::unique_ptr<Merged> merged;   // null until a record merges into it
  };

  // The queries of packages [begin, end), in order; `out` counts them.
  void Plan(size_t begin, size_t end, std::vector<Planned>& plan, MatchResult& out) const {
    for (size_t i = begin; i < end; ++i) {
      for (const auto& m : matchers_) {
        auto queries = m->Queries(packages_[i], distro_);
        if (!queries) {
          // Reported where the package is evaluated, in the order of its queries.
          plan.push_back({i, m.get(), {}, queries.error().message()});
          continue;
        }
        for (Query& q : *queries) {
          ++out.queries;
          plan.push_back({i, m.get(), std::move(q), {}});
        }
      }
    }
  }

  // Reads the entries of the plan's queries that this matcher has not read yet.
  Status Read(const std::vector<Planned>& plan) {
    std::vector<Entry*> to_read;
    std::vector<std::pair<std::string_view, std::string_view>> wanted;
    for (const Planned& p : plan) {
      if (!p.error.empty()) continue;
      auto [it, added] = entries_.try_emplace(EntryKey(p.query));
      if (!added) continue;
      to_read.push_back(&it->second);
      wanted.emplace_back(p.query.ecosystem, p.query.name);
      it->second.name = model::NormalizePackageName(p.query.ecosystem, p.query.name);
    }
    if (wanted.empty()) return OkStatus();
    HS_ASSIGN_OR_RETURN(std::vector<std::string_view> read, store_.FindEntries(wanted, blobs_));
    for (size_t j = 0; j < to_read.size(); ++j) {
      Entry& e = *to_read[j];
      e.blob = read[j];
      HS_ASSIGN_OR_RETURN(e.rows, store::DecodeIndexEntry(e.blob, wanted[j].first, e.name));
    }
    return OkStatus();
  }

  Status Evaluate(Planned& planned, uint64_t& hits, MatchResult& out) {
    const model::Package& p = packages_[planned.package];
    auto diag = [&](const std::string& message) {
      out.diagnostics.push_back({"match", p.layer_index, p.path, "", "unsupported",
                                 p.name + " " + p.version + ": " + message});
    };
    if (!planned.error.empty()) {
      diag(planned.error);
      return OkStatus();
    }
    Query& q = planned.query;
    std::string key = EntryKey(q);
    auto found = entries_.find(key);
    if (found == entries_.end()) return MakeError(ErrorCode::kInternal, "match: a planned query was not read");
    const Entry& entry = found->second;
    if (entry.rows.empty()) return OkStatus();
    key += '\0';
    key += q.version;
    auto evaluated = evaluations_.find(key);
    if (evaluated == evaluations_.end()) {
      Evaluation e;
      std::optional<version::SchemeId> eco_scheme = version::SchemeForEcosystem(q.ecosystem);
      InstalledVersion installed(q.version, versions_);
      for (size_t r = 0; r < entry.rows.size(); ++r) {
        HS_RETURN_IF_ERROR(store::DecodeAffectedView(entry.rows[r].affected, affected_));
        auto hit = match::Evaluate(affected_, q.ecosystem, eco_scheme, installed, versions_);
        if (!hit) {
          e.error = hit.error().message();
          break;
        }
        if (*hit) {
          (*hit)->row = static_cast<uint32_t>(r);
          e.hits.push_back(**hit);
        }
      }
      evaluated = evaluations_.emplace(std::move(key), std::move(e)).first;
    }
    if (!evaluated->second.error.empty()) diag(evaluated->second.error);
    if (evaluated->second.hits.empty()) return OkStatus();
    hits += evaluated->second.hits.size();
    steps_.push_back({planned.package, planned.matcher, std::move(q), &entry, &evaluated->second});
    return OkStatus();
  }

  // One finding per vulnerability and package: a record that names one already found (id or
  // alias in common) is merged into it.
  Status Merge(size_t s, std::unordered_map<std::string_view, size_t>& known) {
    const Step& step = steps_[s];
    store::CardView& card = card_;
    for (const Hit& hit : step.evaluation->hits) {
      std::string_view blob = step.entry->rows[hit.row].card;
      // The ids first: most records make a finding of their own, whose card Make decodes.
      HS_RETURN_IF_ERROR(store::DecodeCardIds(blob, card));
      std::optional<size_t> same;
      if (auto it = known.find(card.id); it != known.end()) same = it->second;
      for (std::string_view a : card.aliases) {
        if (same) break;
        if (auto it = known.find(a); it != known.end()) same = it->second;
      }
      if (same) {
        HS_RETURN_IF_ERROR(store::DecodeCardView(blob, card));
        Draft& d = drafts_[*same];
        if (!d.merged) d.merged = std::make_unique<Merged>();
        Merged& m = *d.merged;
        m.ids.push_back(card.id);
        m.ids.insert(m.ids.end(), card.aliases.begin(), card.aliases.end());
        if (m.fixed_version.empty()) m.fixed_version = hit.fixed_version;
        KeepBetter(m.related, card.severity);
        KeepBetter(m.related, card.related_severity);
        if (card.epss_score > m.epss_score) {
          m.epss_score = card.epss_score;
          m.epss_percentile = card.epss_percentile;
        }
        if (m.kev_date_added.empty()) m.kev_date_added = card.kev_date_added;
        // The finding now has these ids too (a key already known keeps its finding).
        known.emplace(card.id, *same);
        for (std::string_view a : card.aliases) known.emplace(a, *same);
        continue;
      }
      size_t k = drafts_.size();
      Draft& d = drafts_.emplace_back();
      d.package = static_cast<uint32_t>(step.package);
      d.step = static_cast<uint32_t>(s);
      d.hit = &hit;
      d.card = blob;
      d.id = card.id;
      known.emplace(card.id, k);
      for (std::string_view a : card.aliases) known.emplace(a, k);
    }
    return OkStatus();
  }

  // Packages whose entries are read at once: few enough that the threads take turns at the store
  // while the others evaluate, enough that a read is worth its transaction.
  static constexpr size_t kPackagesPerRead = 256;

  const std::vector<model::Package>& packages_;
  const model::Distro& distro_;
  store::AdvisoryStore& store_;
  std::vector<std::unique_ptr<Matcher>> matchers_;
  ByteArena blobs_;                 // the entries read
  Entries entries_;                 // views into blobs_
  std::unordered_map<std::string, Evaluation> evaluations_;  // "ecosystem\0name\0version"
  version::VersionCache versions_;  // installed versions and range bounds, each parsed once
  store::AffectedView affected_;    // decoded rows, one at a time (its vectors keep their capacity)
  store::CardView card_;            // decoded cards, one at a time
  std::vector<Step> steps_;         // in package order
  std::vector<Draft> drafts_;       // in package order
};

// Below this many packages a second thread costs more than it saves.
constexpr size_t kPackagesPerThread = 512;

}  // namespace

Result<MatchResult> MatchInventory(const std::vector<model::Package>& packages, const model::Distro& distro,
                                   store::AdvisoryStore& store, std::span<const uint32_t> package_rank) {
  if (!package_rank.empty() && package_rank.size() != packages.size()) {
    return MakeError(ErrorCode::kInternal, "match: package order does not cover the inventory");
  }
  // Contiguous ranges, one per thread, joined in order: the result does not depend on the
  // number of threads.
  size_t threads = std::max<size_t>(1, std::min(DefaultParallelism(), packages.size() / kPackagesPerThread));
  std::vector<std::unique_ptr<RangeMatcher>> matchers;
  for (size_t t = 0; t < threads; ++t) matchers.push_back(std::make_unique<RangeMatcher>(packages, distro, store));
  std::vector<MatchResult> parts(threads);
  std::vector<Status> status(threads, OkStatus());
  ParallelFor(threads, threads, [&](size_t t) {
    status[t] = matchers[t]->Resolve(packages.size() * t / threads, packages.size() * (t + 1) / threads, parts[t]);
  });
  for (const auto& st : status) HS_RETURN_IF_ERROR(st);

  // The order of the findings: by rank (a counting sort: ranks are below packages.size()), then
  // by id and package.
  auto rank = [&](size_t package) { return package_rank.empty() ? package : size_t{package_rank[package]}; };
  struct Ref {
    uint32_t thread;
    uint32_t draft;
  };
  std::vector<size_t> start(packages.size() + 1, 0);
  size_t total = 0;
  for (const auto& m : matchers) {
    for (size_t k = 0; k < m->drafts(); ++k) {
      size_t r = rank(m->package_of(k));
      if (r >= packages.size()) return MakeError(ErrorCode::kInternal, "match: package rank out of range");
      ++start[r + 1];
    }
    total += m->drafts();
  }
  for (size_t r = 1; r < start.size(); ++r) start[r] += start[r - 1];
  std::vector<Ref> order(total);
  {
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (uint32_t t = 0; t < matchers.size(); ++t) {
      for (size_t k = 0; k < matchers[t]->drafts(); ++k) {
        order[next[rank(matchers[t]->package_of(k))]++] = {t, static_cast<uint32_t>(k)};
      }
    }
  }
  auto ref_less = [&](const Ref& a, const Ref& b) {
    std::string_view ia = matchers[a.thread]->id_of(a.draft), ib = matchers[b.thread]->id_of(b.draft);
    if (ia != ib) return ia < ib;
    return matchers[a.thread]->package_of(a.draft) < matchers[b.thread]->package_of(b.draft);
  };
  for (size_t r = 0; r + 1 < start.size(); ++r) {
    if (start[r + 1] - start[r] > 1) std::sort(order.begin() + start[r], order.begin() + start[r + 1], ref_less);
  }

  MatchResult result;
  // Findings are large (about 650 bytes each before their strings): the vector of a big
  // inventory's findings is megabytes of fresh memory, faulted in 2 MiB pages rather than 4 KiB.
  result.findings.reserve(total);
  AdviseHugePages(result.findings.data(), total * sizeof(model::Finding));
  result.findings.resize(total);
  ParallelFor(threads, threads, [&](size_t t) {
    MakeScratch scratch;
    for (size_t i = total * t / threads; i < total * (t + 1) / threads; ++i) {
      Status st = matchers[order[i].thread]->Make(order[i].draft, result.findings[i], scratch);
      if (!st) {
        status[t] = st;
        return;
      }
    }
  });
  for (const auto& st : status) HS_RETURN_IF_ERROR(st);
  for (auto& part : parts) {
    result.queries += part.queries;
    std::move(part.diagnostics.begin(), part.diagnostics.end(), std::back_inserter(result.diagnostics));
  }
  return result;
}

}  // namespace hullscan::match
