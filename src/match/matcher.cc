#include "match/matcher.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "match/enrich.h"
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

// "openssl-3.0.7-27.el9.src.rpm" -> "openssl"
std::string SourceRpmName(std::string_view file) {
  std::string_view s = file;
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s.remove_suffix(suffix.size());
      break;
    }
  }
  for (int i = 0; i < 2; ++i) {
    size_t dash = s.rfind('-');
    if (dash == std::string_view::npos || dash == 0) return "";
    s = s.substr(0, dash);
  }
  return std::string(s);
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
    std::string src = SourceRpmName(p.source_rpm);
    if (!src.empty() && src != p.name) out.push_back({eco, src, p.version, "source-name"});
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
    std::string eco;
    std::string version = p.version;
    switch (p.type) {
      case model::PackageType::kDeb:
      case model::PackageType::kApk:
      case model::PackageType::kRpm: return std::vector<Query>{};
      case model::PackageType::kNpm: eco = "npm"; break;
      case model::PackageType::kPypi: eco = "PyPI"; break;
      case model::PackageType::kMaven: eco = "Maven"; break;
      case model::PackageType::kCargo: eco = "crates.io"; break;
      case model::PackageType::kGem: eco = "RubyGems"; break;
      case model::PackageType::kComposer: eco = "Packagist"; break;
      case model::PackageType::kNuget: eco = "NuGet"; break;
      case model::PackageType::kGolang:
        eco = "Go";
        // Go's OSV ranges are bare semver: "v1.2.3" -> "1.2.3", toolchain "go1.21.3" -> "1.21.3".
        if (version.rfind("go", 0) == 0) version = version.substr(2);
        if (!version.empty() && version[0] == 'v') version = version.substr(1);
        break;
    }
    return std::vector<Query>{{eco, p.name, version, "package-name"}};
  }
};

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
};

// Smaller of two version strings under a scheme ("" is "none").
std::string MinVersion(const version::VersionScheme& s, const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  auto va = s.Parse(a);
  auto vb = s.Parse(b);
  if (!va || !vb) return a;
  return s.Compare(**va, **vb) <= 0 ? a : b;
}

Result<std::optional<Hit>> Evaluate(const store::AffectedRow& row, InstalledVersion& installed) {
  const model::AffectedPackage& ap = row.affected;
  if (ap.state == model::FixState::kNotAffected) return std::optional<Hit>();
  // RustSec "informational" advisories (unmaintained, unsound, notice) are not vulnerabilities.
  if (ap.note.rfind("informational", 0) == 0) return std::optional<Hit>();
  Hit hit;
  bool affected = false;
  for (const auto& r : ap.ranges) {
    auto sid = version::SchemeForRange(ap.ecosystem, r.type);
    if (!sid || !version::SchemeImplemented(*sid)) {
      return MakeError(ErrorCode::kUnsupported, "no version rules for ecosystem " + ap.ecosystem);
    }
    const version::VersionScheme& scheme = version::SchemeFor(*sid);
    HS_ASSIGN_OR_RETURN(const version::Version* v, installed.Get(*sid));
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
      if (fv && scheme.Compare(**fv, *v) > 0) hit.fixed_version = MinVersion(scheme, hit.fixed_version, e.version);
    }
    for (const auto& c : r.all_of) {
      if (c.op != model::VersionConstraint::Op::kLt) continue;
      hit.fixed_version = MinVersion(scheme, hit.fixed_version, c.version);
    }
  }
  if (!affected && row.ListsVersion(installed.text())) {
    affected = true;
    hit.range_text = "listed version " + installed.text();
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
      if (lv && scheme.Compare(**lv, *v) > 0) hit.fixed_version = MinVersion(scheme, hit.fixed_version, lower);
    }
    if (!ap.unaffected.empty() && hit.range_text == "every version") hit.range_text = "not in a patched range";
  }
  return std::optional<Hit>(std::move(hit));
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

Result<MatchResult> MatchInventory(const std::vector<model::Package>& packages, const model::Distro& distro,
                                   store::AdvisoryStore& store) {
  MatchResult result;
  auto matchers = DefaultMatchers();
  // Rows per (ecosystem, name): copies of one package (a binary at several paths, lockfile and
  // node_modules) ask the same query.
  std::map<std::pair<std::string, std::string>, std::vector<store::AffectedRow>> rows_cache;
  struct Evaluation {
    std::vector<std::pair<size_t, Hit>> hits;  // row index, how it held
    std::string error;                         // the installed version could not be compared
  };
  std::map<std::tuple<std::string, std::string, std::string>, Evaluation> eval_cache;
  for (size_t i = 0; i < packages.size(); ++i) {
    const model::Package& p = packages[i];
    // One finding per vulnerability for this package: ids and aliases of findings made so far.
    std::map<std::string, size_t> known;
    std::vector<model::Finding> found;
    auto diag = [&](const std::string& message) {
      result.diagnostics.push_back({"match", p.layer_index, p.path, "", "unsupported",
                                    p.name + " " + p.version + ": " + message});
    };
    for (const auto& m : matchers) {
      auto queries = m->Queries(p, distro);
      if (!queries) {
        diag(queries.error().message());
        continue;
      }
      for (const Query& q : *queries) {
        ++result.queries;
        auto key = std::make_pair(q.ecosystem, q.name);
        auto cached = rows_cache.find(key);
        if (cached == rows_cache.end()) {
          HS_ASSIGN_OR_RETURN(auto found_rows, store.Find(q.ecosystem, q.name));
          cached = rows_cache.emplace(key, std::move(found_rows)).first;
        }
        const auto& rows = cached->second;
        // The rows that hold for this version, evaluated once per (ecosystem, name, version).
        auto ekey = std::make_tuple(q.ecosystem, q.name, q.version);
        auto evaluated = eval_cache.find(ekey);
        if (evaluated == eval_cache.end()) {
          Evaluation e;
          InstalledVersion installed(q.version);
          for (size_t r = 0; r < rows.size(); ++r) {
            auto hit = Evaluate(rows[r], installed);
            if (!hit) {
              e.error = hit.error().message();
              break;
            }
            if (*hit) e.hits.emplace_back(r, std::move(**hit));
          }
          evaluated = eval_cache.emplace(ekey, std::move(e)).first;
        }
        if (!evaluated->second.error.empty()) diag(evaluated->second.error);
        for (const auto& [row_index, h] : evaluated->second.hits) {
          const store::AffectedRow& row = rows[row_index];
          const Hit* hit = &h;
          HS_ASSIGN_OR_RETURN(model::Advisory adv, store.Get(row.advisory_key));
          model::Finding f;
          f.id = adv.id;
          f.aliases = adv.aliases;
          f.package_index = i;
          f.installed_version = p.version;
          f.fixed_version = hit->fixed_version;
          if (!f.fixed_version.empty()) {
            f.status = "fixed";
          } else if (row.affected.state == model::FixState::kWillNotFix) {
            f.status = "will_not_fix";
          } else {
            f.status = "affected";
          }
          f.layer_index = p.layer_index;
          f.data_source = row.feed_format;
          f.title = adv.summary;
          if (const auto* sev = PickSeverity(adv.severity)) SetSeverity(f, *sev, row.feed_format);
          f.detail = {std::string(m->name()), q.kind, q.ecosystem, row.affected.name, q.version,
                      hit->scheme, hit->range_text};
          // Merge with a finding already made for the same vulnerability (id or alias in common).
          std::optional<size_t> same;
          for (const std::string* id : {&f.id}) {
            if (auto it = known.find(*id); it != known.end()) same = it->second;
          }
          for (const auto& a : f.aliases) {
            if (auto it = known.find(a); !same && it != known.end()) same = it->second;
          }
          if (same) {
            model::Finding& first = found[*same];
            std::set<std::string> ids(first.aliases.begin(), first.aliases.end());
            ids.insert(f.id);
            ids.insert(f.aliases.begin(), f.aliases.end());
            ids.erase(first.id);
            first.aliases.assign(ids.begin(), ids.end());
            if (first.fixed_version.empty() && !f.fixed_version.empty()) {
              first.fixed_version = f.fixed_version;
              first.status = f.status;
            }
            for (const auto& id : first.aliases) known.emplace(id, *same);
            continue;
          }
          known.emplace(f.id, found.size());
          for (const auto& a : f.aliases) known.emplace(a, found.size());
          found.push_back(std::move(f));
        }
      }
    }
    for (auto& f : found) result.findings.push_back(std::move(f));
  }
  return result;
}

}  // namespace hullscan::match
