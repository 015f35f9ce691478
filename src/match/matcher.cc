#include "match/matcher.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_map>
#include <optional>
#include <set>
#include <tuple>

#include "base/thread_pool.h"
#include "version/ecosystem.h"
#include "version/range.h"
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

std::string EventsText(const model::AffectedRange& r) {
  std::string out;
  if (r.type == model::AffectedRange::Type::kConstraints) {
    static const char* kOps[] = {"<", "<=", ">", ">=", "=", "!="};
    for (const auto& c : r.all_of) {
      if (!out.empty()) out += ", ";
      out += kOps[static_cast<int>(c.op)];
      out += " " + c.version;
    }
    return out.empty() ? "every version" : out;
  }
  for (const auto& e : r.events) {
    if (!out.empty()) out += ", ";
    switch (e.kind) {
      case model::RangeEvent::Kind::kIntroduced: out += "introduced "; break;
      case model::RangeEvent::Kind::kFixed: out += "fixed "; break;
      case model::RangeEvent::Kind::kLastAffected: out += "last_affected "; break;
      case model::RangeEvent::Kind::kLimit: out += "limit "; break;
    }
    out += e.version;
  }
  return out;
}

// The installed version parsed once per scheme.
class InstalledVersion {
 public:
  explicit InstalledVersion(std::string text) : text_(std::move(text)) {}
  Result<const version::Version*> Get(version::SchemeId id) {
    auto it = parsed_.find(id);
    if (it == parsed_.end()) {
      auto v = version::SchemeFor(id).Parse(text_);
      if (!v) return MakeError(v.error());
      it = parsed_.emplace(id, std::move(*v)).first;
    }
    return it->second.get();
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::map<version::SchemeId, std::unique_ptr<version::Version>> parsed_;
};

struct Hit {
  std::string range_text;
  std::string fixed_version;
  std::string scheme;
  model::FixState state = model::FixState::kFixed;
};

// The lowest fixing version offered so far. Candidates come parsed under the scheme of their
// range; one that does not parse never replaces a choice, and the first one stands until a
// candidate compares lower.
class FixChoice {
 public:
  void Offer(version::SchemeId sid, const std::string& text, std::unique_ptr<version::Version> parsed) {
    if (!text_.empty()) {
      if (!parsed) return;
      const version::VersionScheme& scheme = version::SchemeFor(sid);
      if (!best_ || sid != sid_) {
        auto again = scheme.Parse(text_);
        if (!again) return;
        best_ = std::move(*again);
        sid_ = sid;
      }
      if (scheme.Compare(*parsed, *best_) >= 0) return;
    }
    text_ = text;
    best_ = std::move(parsed);
    sid_ = sid;
  }
  void Offer(version::SchemeId sid, const std::string& text) {
    auto parsed = version::SchemeFor(sid).Parse(text);
    Offer(sid, text, parsed ? std::move(*parsed) : nullptr);
  }
  std::string& text() { return text_; }

 private:
  std::string text_;
  std::unique_ptr<version::Version> best_;
  version::SchemeId sid_{};
};

// The most common range of all (every distro "fixed in V"): introduced 0, fixed V.
bool IsFixedFromZero(const model::AffectedRange& r) {
  return r.type != model::AffectedRange::Type::kConstraints && r.events.size() == 2 &&
         r.events[0].kind == model::RangeEvent::Kind::kIntroduced && r.events[0].version == "0" &&
         r.events[1].kind == model::RangeEvent::Kind::kFixed;
}

// Whether a package record holds for the installed version. `ap` carries the ecosystem, state,
// note and ranges; `versions` is its encoded explicit-version list.
Result<std::optional<Hit>> Evaluate(const model::AffectedPackage& ap, std::string_view versions,
                                    InstalledVersion& installed) {
  if (ap.state == model::FixState::kNotAffected) return std::optional<Hit>();
  // RustSec "informational" advisories (unmaintained, unsound, notice) are not vulnerabilities.
  if (ap.note.rfind("informational", 0) == 0) return std::optional<Hit>();
  Hit hit;
  hit.state = ap.state;
  FixChoice fix;
  bool affected = false;
  for (const auto& r : ap.ranges) {
    auto sid = version::SchemeForRange(ap.ecosystem, r.type);
    if (!sid || !version::SchemeImplemented(*sid)) {
      return MakeError(ErrorCode::kUnsupported, "no version rules for ecosystem " + ap.ecosystem);
    }
    const version::VersionScheme& scheme = version::SchemeFor(*sid);
    HS_ASSIGN_OR_RETURN(const version::Version* v, installed.Get(*sid));
    if (IsFixedFromZero(r)) {
      // RangeContains' answer for this shape, with the fix parsed once.
      auto fixed = scheme.Parse(r.events[1].version);
      if (!fixed || scheme.Compare(*v, **fixed) >= 0) continue;
      affected = true;
      if (hit.range_text.empty()) {
        hit.range_text = EventsText(r);
        hit.scheme = std::string(version::SchemeName(*sid));
      }
      fix.Offer(*sid, r.events[1].version, std::move(*fixed));
      continue;
    }
    auto in = version::RangeContains(r, scheme, *v);
    if (!in) continue;  // a range with a version its scheme rejects is skipped (importers filter these)
    if (!*in) continue;
    affected = true;
    if (hit.range_text.empty()) {
      hit.range_text = EventsText(r);
      hit.scheme = std::string(version::SchemeName(*sid));
    }
    // The fix: the lowest `fixed` above the installed version (or the upper bound of a constraint).
    for (const auto& e : r.events) {
      if (e.kind != model::RangeEvent::Kind::kFixed) continue;
      auto fv = scheme.Parse(e.version);
      if (fv && scheme.Compare(**fv, *v) > 0) fix.Offer(*sid, e.version, std::move(*fv));
    }
    for (const auto& c : r.all_of) {
      if (c.op == model::VersionConstraint::Op::kLt) fix.Offer(*sid, c.version);
    }
  }
  if (!affected) {
    HS_ASSIGN_OR_RETURN(affected, store::VersionListHas(versions, installed.text()));
    if (affected) hit.range_text = "listed version " + installed.text();
  }
  if (!affected) return std::optional<Hit>();
  for (const auto& r : ap.unaffected) {
    auto sid = version::SchemeForRange(ap.ecosystem, r.type);
    if (!sid || !version::SchemeImplemented(*sid)) {
      return MakeError(ErrorCode::kUnsupported, "no version rules for ecosystem " + ap.ecosystem);
    }
    const version::VersionScheme& scheme = version::SchemeFor(*sid);
    HS_ASSIGN_OR_RETURN(const version::Version* v, installed.Get(*sid));
    auto in = version::RangeContains(r, scheme, *v);
    if (in && *in) return std::optional<Hit>();
    // A patched requirement above the installed version names the fix: its largest lower bound.
    std::string lower;
    for (const auto& c : r.all_of) {
      if (c.op != model::VersionConstraint::Op::kGe && c.op != model::VersionConstraint::Op::kGt) continue;
      auto cv = scheme.Parse(c.version);
      if (!cv) continue;
      if (lower.empty()) {
        lower = c.version;
      } else {
        auto lv = scheme.Parse(lower);
        if (lv && scheme.Compare(**cv, **lv) > 0) lower = c.version;
      }
    }
    if (!lower.empty()) {
      auto lv = scheme.Parse(lower);
      if (lv && scheme.Compare(**lv, *v) > 0) fix.Offer(*sid, lower, std::move(*lv));
    }
    if (!ap.unaffected.empty() && hit.range_text == "every version") hit.range_text = "not in a patched range";
  }
  hit.fixed_version = std::move(fix.text());
  return std::optional<Hit>(std::move(hit));
}

void SetSeverity(model::Finding& f, const model::SeverityScore& s, std::string_view fallback_source) {
  f.severity = !s.label.empty() ? s.label : std::string(model::SeverityLabel(s.score));
  if (s.score >= 0 && s.type != "") f.severity = std::string(model::SeverityLabel(s.score));
  f.severity_source = s.source.empty() ? std::string(fallback_source) : s.source;
  if (!s.vector.empty()) {
    f.cvss_vector = s.vector;
    f.cvss_score = s.score;
  }
}

// What a finding's severity may still come from while its package is being matched.
struct Pending {
  bool own_severity = false;                    // from the advisory itself: kept
  std::optional<model::SeverityScore> related;  // else the best of the related records' statements
};

// Keeps the better of two statements (SeverityRank; the first of equals).
void KeepBetter(std::optional<model::SeverityScore>& have, const std::optional<model::SeverityScore>& other) {
  if (other && (!have || model::SeverityRank(*other) < model::SeverityRank(*have))) have = other;
}

std::string StatusOf(const std::string& fixed_version, model::FixState state) {
  if (!fixed_version.empty()) return "fixed";
  return state == model::FixState::kWillNotFix ? "will_not_fix" : "affected";
}

// A second record of a vulnerability already found for the package: every alias, the fix when
// the first had none, the better related severity (when the first has none of its own), the
// highest EPSS score, the KEV flag.
void MergeInto(model::Finding& first, Pending& aux, const store::AdvisoryCard& card, const Hit& hit) {
  std::set<std::string> ids(first.aliases.begin(), first.aliases.end());
  ids.insert(card.id);
  ids.insert(card.aliases.begin(), card.aliases.end());
  ids.erase(first.id);
  first.aliases.assign(ids.begin(), ids.end());
  if (first.fixed_version.empty() && !hit.fixed_version.empty()) {
    first.fixed_version = hit.fixed_version;
    first.status = "fixed";
  }
  if (!aux.own_severity) {
    KeepBetter(aux.related, card.severity);
    KeepBetter(aux.related, card.related_severity);
  }
  if (card.epss_score > first.epss_score) {
    first.epss_score = card.epss_score;
    first.epss_percentile = card.epss_percentile;
  }
  if (!first.kev && !card.kev_date_added.empty()) {
    first.kev = true;
    first.kev_date_added = card.kev_date_added;
  }
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

// Matches a contiguous range of an inventory with its own caches; MatchInventory runs one per
// thread. Two phases: every query is asked and evaluated (the rows that hold, per (ecosystem,
// name, version), cached), then the findings are made in place in a vector reserved for all of
// them (a Finding is large: moving it is not free).
class RangeMatcher {
 public:
  RangeMatcher(const std::vector<model::Package>& packages, const model::Distro& distro, store::AdvisoryStore& store)
      : packages_(packages), distro_(distro), store_(store), matchers_(DefaultMatchers()) {}

  Status Match(size_t begin, size_t end, MatchResult& out) {
    std::vector<Step> steps;
    uint64_t hits = 0;
    for (size_t i = begin; i < end; ++i) HS_RETURN_IF_ERROR(Evaluate(i, steps, hits, out));
    out.findings.reserve(hits);
    std::vector<Pending> pending;
    pending.reserve(hits);
    std::unordered_map<std::string, size_t> known;  // ids and aliases of one package's findings
    for (size_t s = 0; s < steps.size();) {
      size_t i = steps[s].package;
      size_t first_of_package = out.findings.size();
      if (known.bucket_count() > 1024) {
        known = {};
      } else {
        known.clear();
      }
      for (; s < steps.size() && steps[s].package == i; ++s) {
        HS_RETURN_IF_ERROR(MakeFindings(steps[s], out.findings, pending, known));
      }
      for (size_t k = first_of_package; k < out.findings.size(); ++k) {
        if (!pending[k].own_severity && pending[k].related) SetSeverity(out.findings[k], *pending[k].related, "");
      }
    }
    return OkStatus();
  }

 private:
  // The index entry of one (ecosystem, name): copies of one package (a binary at several
  // paths) ask the same query. Keys are "ecosystem\0name[\0version]".
  struct Entry {
    std::string blob;
    std::string name;                   // normalised
    std::vector<store::IndexRow> rows;  // views into blob
  };
  struct Evaluation {
    std::vector<std::pair<size_t, Hit>> hits;  // row index, how it held
    std::string error;                         // the installed version could not be compared
  };
  // One query of one package whose evaluation found rows that hold.
  struct Step {
    size_t package;
    const Matcher* matcher;
    Query query;
    const Entry* entry;
    const Evaluation* evaluation;
  };

  Status Evaluate(size_t i, std::vector<Step>& steps, uint64_t& hits, MatchResult& out) {
    const model::Package& p = packages_[i];
    auto diag = [&](const std::string& message) {
      out.diagnostics.push_back({"match", p.layer_index, p.path, "", "unsupported",
                                 p.name + " " + p.version + ": " + message});
    };
    for (const auto& m : matchers_) {
      auto queries = m->Queries(p, distro_);
      if (!queries) {
        diag(queries.error().message());
        continue;
      }
      for (Query& q : *queries) {
        ++out.queries;
        std::string key = q.ecosystem;
        key += '\0';
        key += q.name;
        auto cached = entries_.find(key);
        if (cached == entries_.end()) {
          HS_ASSIGN_OR_RETURN(std::string blob, store_.FindEntry(q.ecosystem, q.name));
          cached = entries_.emplace(key, Entry{std::move(blob), model::NormalizePackageName(q.ecosystem, q.name), {}}).first;
          // Views into the blob where it now lives.
          HS_ASSIGN_OR_RETURN(cached->second.rows,
                              store::DecodeIndexEntry(cached->second.blob, q.ecosystem, cached->second.name));
        }
        const Entry& entry = cached->second;
        if (entry.rows.empty()) continue;
        key += '\0';
        key += q.version;
        auto evaluated = evaluations_.find(key);
        if (evaluated == evaluations_.end()) {
          Evaluation e;
          InstalledVersion installed(q.version);
          scratch_.ecosystem = q.ecosystem;
          for (size_t r = 0; r < entry.rows.size(); ++r) {
            HS_ASSIGN_OR_RETURN(std::string_view versions, store::DecodeAffected(entry.rows[r].affected, scratch_));
            auto hit = match::Evaluate(scratch_, versions, installed);
            if (!hit) {
              e.error = hit.error().message();
              break;
            }
            if (*hit) e.hits.emplace_back(r, std::move(**hit));
          }
          evaluated = evaluations_.emplace(std::move(key), std::move(e)).first;
        }
        if (!evaluated->second.error.empty()) diag(evaluated->second.error);
        if (evaluated->second.hits.empty()) continue;
        hits += evaluated->second.hits.size();
        steps.push_back({i, m.get(), std::move(q), &entry, &evaluated->second});
      }
    }
    return OkStatus();
  }

  // One finding per vulnerability and package: a record that names one already found (id or
  // alias in common) is merged into it.
  Status MakeFindings(const Step& step, std::vector<model::Finding>& findings, std::vector<Pending>& pending,
                      std::unordered_map<std::string, size_t>& known) {
    const model::Package& p = packages_[step.package];
    const Query& q = step.query;
    for (const auto& [row_index, hit] : step.evaluation->hits) {
      HS_ASSIGN_OR_RETURN(store::AdvisoryCard card, store::DecodeCard(step.entry->rows[row_index].card));
      std::optional<size_t> same;
      if (auto it = known.find(card.id); it != known.end()) same = it->second;
      for (const auto& a : card.aliases) {
        if (auto it = known.find(a); !same && it != known.end()) same = it->second;
      }
      if (same) {
        MergeInto(findings[*same], pending[*same], card, hit);
        for (const auto& id : findings[*same].aliases) known.emplace(id, *same);
        continue;
      }
      size_t k = findings.size();
      model::Finding& f = findings.emplace_back();
      Pending& aux = pending.emplace_back();
      f.id = std::move(card.id);
      f.aliases = std::move(card.aliases);
      f.package_index = step.package;
      f.installed_version = p.version;
      f.fixed_version = hit.fixed_version;
      f.status = StatusOf(f.fixed_version, hit.state);
      f.layer_index = p.layer_index;
      f.data_source = std::move(card.feed_format);
      f.title = std::move(card.summary);
      if (card.severity) {
        SetSeverity(f, *card.severity, f.data_source);
        aux.own_severity = true;
      }
      aux.related = std::move(card.related_severity);
      f.epss_score = card.epss_score;
      f.epss_percentile = card.epss_percentile;
      f.kev = !card.kev_date_added.empty();
      f.kev_date_added = std::move(card.kev_date_added);
      f.detail = {std::string(step.matcher->name()), q.kind, q.ecosystem, step.entry->name, q.version, hit.scheme,
                  hit.range_text};
      known.emplace(f.id, k);
      for (const auto& a : f.aliases) known.emplace(a, k);
    }
    return OkStatus();
  }

  const std::vector<model::Package>& packages_;
  const model::Distro& distro_;
  store::AdvisoryStore& store_;
  std::vector<std::unique_ptr<Matcher>> matchers_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, Evaluation> evaluations_;
  model::AffectedPackage scratch_;  // decoded rows, one at a time (its vectors keep their capacity)
};

// Below this many packages a second thread costs more than it saves.
constexpr size_t kPackagesPerThread = 512;

}  // namespace

Result<MatchResult> MatchInventory(const std::vector<model::Package>& packages, const model::Distro& distro,
                                   store::AdvisoryStore& store) {
  // Contiguous ranges, one per thread, joined in order: the result does not depend on the
  // number of threads. The store serialises its reads; evaluation runs in parallel.
  size_t threads = std::max<size_t>(1, std::min(DefaultParallelism(), packages.size() / kPackagesPerThread));
  std::vector<MatchResult> parts(threads);
  std::vector<Status> status(threads, OkStatus());
  ParallelFor(threads, threads, [&](size_t t) {
    RangeMatcher m(packages, distro, store);
    status[t] = m.Match(packages.size() * t / threads, packages.size() * (t + 1) / threads, parts[t]);
  });
  for (const auto& st : status) HS_RETURN_IF_ERROR(st);
  if (threads == 1) return std::move(parts[0]);
  MatchResult result;
  size_t total = 0;
  for (const auto& part : parts) total += part.findings.size();
  result.findings.reserve(total);
  for (auto& part : parts) {
    result.queries += part.queries;
    std::move(part.findings.begin(), part.findings.end(), std::back_inserter(result.findings));
    std::move(part.diagnostics.begin(), part.diagnostics.end(), std::back_inserter(result.diagnostics));
  }
  return result;
}

}  // namespace hullscan::match
