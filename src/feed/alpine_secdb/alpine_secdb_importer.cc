#include "feed/alpine_secdb/alpine_secdb_importer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "feed/common/record_text.h"
#include "model/advisory.h"
#include "version/version_scheme.h"

namespace hullscan::feed {

namespace {

constexpr uint64_t kMaxIdBytes = 64;         // longest id token kept
constexpr uint64_t kMaxNameBytes = 256;      // package name
constexpr uint64_t kMaxReleaseBytes = 32;    // distroversion
constexpr size_t kMaxNotes = 5;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

void AddNote(FeedMeta& meta, std::string note) { AppendNote(meta.notes, std::move(note), kMaxNotes); }

void PushUnique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

bool IsOtherId(std::string_view t) {
  if (t.empty() || t.size() > kMaxIdBytes || !std::isalpha(static_cast<unsigned char>(t[0]))) return false;
  bool digit = false;
  for (char c : t) {
    if (!IsAlnum(c) && c != '-') return false;
    digit = digit || IsDigit(c);
  }
  return digit;
}

bool StartsWithCve(std::string_view t) {
  return t.size() >= 3 && std::toupper(static_cast<unsigned char>(t[0])) == 'C' &&
         std::toupper(static_cast<unsigned char>(t[1])) == 'V' &&
         std::toupper(static_cast<unsigned char>(t[2])) == 'E';
}

// Accumulated facts for one (id, package) of a document.
struct PackageFix {
  std::string name;
  std::unique_ptr<version::Version> lowest;  // lowest fixed version, apk ordering
  bool not_affected = false;                 // listed under the "0" key
};

struct IdFacts {
  std::vector<std::string> aliases;
  std::vector<PackageFix> packages;  // in document order
};

class AlpineSecdbImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "alpine-secdb"; }

  bool Detect(const FeedHead& head) const override {
    if (head.is_archive) return false;
    std::string_view h = head.head;
    size_t first = h.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || h[first] != '{') return false;
    return h.find("\"secfixes\"") != std::string_view::npos ||
           (h.find("\"distroversion\"") != std::string_view::npos && h.find("\"apkurl\"") != std::string_view::npos);
  }

  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    return ForEachFeedEntry(path, limits, [&](std::string_view, std::string_view content) -> Status {
      return ImportAlpineSecdbDocument(content, path, sink, meta);
    });
  }
};

}  // namespace

SecfixIds ExtractSecfixIds(std::string_view entry) {
  SecfixIds out;
  size_t pos = 0;
  while (pos < entry.size()) {
    while (pos < entry.size() && std::isspace(static_cast<unsigned char>(entry[pos]))) ++pos;
    size_t end = pos;
    while (end < entry.size() && !std::isspace(static_cast<unsigned char>(entry[end]))) ++end;
    std::string_view tok = entry.substr(pos, end - pos);
    pos = end;
    if (tok.empty()) break;
    if (tok[0] == '(') break;  // free text follows: "(FrameRelay)", "(+ regression fix)"
    if (StartsWithCve(tok)) {
      size_t n = CveIdPrefixLength(tok);
      if (n == 0 || n > kMaxIdBytes) {
        ++out.malformed;
      } else {
        PushUnique(out.cves, std::string(tok.substr(0, n)));
      }
    } else if (IsOtherId(tok)) {
      PushUnique(out.others, std::string(tok));
    }
  }
  return out;
}

Status ImportAlpineSecdbDocument(std::string_view text, std::string_view what, store::AdvisorySink& sink,
                                 FeedMeta& meta, AlpineSecdbStats* stats) {
  const std::string w(what);
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(text, w));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, w + ": not a JSON object");
  HS_ASSIGN_OR_RETURN(std::string release, JsonOptString(doc, "distroversion", w));
  std::string ecosystem;
  if (release.empty()) {
    // Wolfi's generated security.json has the secdb shape without a release.
    HS_ASSIGN_OR_RETURN(std::string prefix, JsonOptString(doc, "urlprefix", w));
    if (prefix.find("packages.wolfi.dev") == std::string::npos) {
      return MakeError(ErrorCode::kCorrupt, w + ": missing field 'distroversion'");
    }
    ecosystem = "Wolfi";
  } else {
    if (release.size() > kMaxReleaseBytes ||
        std::any_of(release.begin(), release.end(), [](char c) { return !IsAlnum(c) && c != '.' && c != '-'; })) {
      return MakeError(ErrorCode::kCorrupt, w + ": field 'distroversion' is not a release name");
    }
    ecosystem = "Alpine:" + release;
  }
  auto pkgs_it = doc.find("packages");
  if (pkgs_it == doc.end() || !pkgs_it->is_array()) {
    return MakeError(ErrorCode::kCorrupt, w + ": field 'packages' is missing or not a list");
  }
  const version::VersionScheme& apk = version::SchemeFor(version::SchemeId::kApk);

  std::map<std::string, IdFacts> ids;  // sorted: advisories come out in id order
  AlpineSecdbStats local;
  uint64_t index = 0;
  for (const Json& entry : *pkgs_it) {
    const std::string where = w + ": packages[" + std::to_string(index++) + "]";
    ++local.packages;
    if (!entry.is_object()) return MakeError(ErrorCode::kCorrupt, where + ": not an object");
    auto pkg_it = entry.find("pkg");
    if (pkg_it == entry.end() || !pkg_it->is_object()) {
      return MakeError(ErrorCode::kCorrupt, where + ": field 'pkg' is missing or not an object");
    }
    HS_ASSIGN_OR_RETURN(std::string raw_name, JsonString(*pkg_it, "name", where + ".pkg"));
    if (raw_name.empty() || raw_name.size() > kMaxNameBytes) {
      return MakeError(ErrorCode::kCorrupt, where + ".pkg: field 'name' is empty or longer than 256 bytes");
    }
    std::string name = model::NormalizePackageName(ecosystem, raw_name);
    auto fixes_it = pkg_it->find("secfixes");
    if (fixes_it == pkg_it->end() || fixes_it->is_null()) continue;
    if (!fixes_it->is_object()) {
      return MakeError(ErrorCode::kCorrupt, where + ".pkg: field 'secfixes' is not an object");
    }
    for (auto it = fixes_it->begin(); it != fixes_it->end(); ++it) {
      const std::string& key = it.key();
      const std::string kwhere = where + ".pkg.secfixes['" + key.substr(0, 64) + "']";
      ++local.fixed_keys;
      if (!it->is_array()) return MakeError(ErrorCode::kCorrupt, kwhere + ": not a list");
      bool not_affected = key == "0";
      std::unique_ptr<version::Version> fixed;
      if (!not_affected) {
        auto parsed = apk.Parse(key);
        if (!parsed) {
          meta.skipped += it->size();
          AddNote(meta, kwhere + ": skipped: " + parsed.error().message());
          local.entries += it->size();
          continue;
        }
        fixed = std::move(*parsed);
      }
      for (const Json& id_entry : *it) {
        ++local.entries;
        if (!id_entry.is_string()) return MakeError(ErrorCode::kCorrupt, kwhere + ": entry is not a string");
        SecfixIds found = ExtractSecfixIds(id_entry.get_ref<const std::string&>());
        meta.skipped += found.malformed;
        std::vector<std::string> advisory_ids = found.cves;
        std::vector<std::string> aliases = found.others;
        if (advisory_ids.empty() && !aliases.empty()) {
          advisory_ids.push_back(aliases.front());
          aliases.erase(aliases.begin());
        }
        if (advisory_ids.empty()) {
          ++meta.skipped;
          AddNote(meta, kwhere + ": no advisory id in '" + id_entry.get<std::string>().substr(0, 64) + "'");
          continue;
        }
        for (const std::string& id : advisory_ids) {
          IdFacts& facts = ids[id];
          for (const std::string& a : aliases) PushUnique(facts.aliases, a);
          auto pf = std::find_if(facts.packages.begin(), facts.packages.end(),
                                 [&](const PackageFix& p) { return p.name == name; });
          if (pf == facts.packages.end()) {
            facts.packages.push_back(PackageFix{name, nullptr, false});
            pf = facts.packages.end() - 1;
          }
          if (not_affected) {
            pf->not_affected = true;
          } else if (!pf->lowest || apk.Compare(*fixed, *pf->lowest) < 0) {
            auto copy = apk.Parse(key);  // parsed above, cannot fail
            if (copy) pf->lowest = std::move(*copy);
          }
        }
      }
    }
  }
  if (stats != nullptr) *stats = local;

  for (auto& [id, facts] : ids) {
    model::Advisory adv;
    adv.id = id;
    std::sort(facts.aliases.begin(), facts.aliases.end());
    for (std::string& a : facts.aliases) {
      if (a != id) adv.aliases.push_back(std::move(a));
    }
    for (PackageFix& p : facts.packages) {
      model::AffectedPackage ap;
      ap.ecosystem = ecosystem;
      ap.name = p.name;
      if (p.lowest) {
        // A package both fixed in V and listed under "0" keeps the fix: the narrower claim.
        ap.state = model::FixState::kFixed;
        model::AffectedRange r;
        r.type = model::AffectedRange::Type::kEcosystem;
        r.events.push_back({model::RangeEvent::Kind::kIntroduced, "0"});
        r.events.push_back({model::RangeEvent::Kind::kFixed, p.lowest->text()});
        ap.ranges.push_back(std::move(r));
      } else if (p.not_affected) {
        ap.state = model::FixState::kNotAffected;
      } else {
        continue;
      }
      adv.affected.push_back(std::move(ap));
    }
    if (adv.affected.empty()) continue;
    HS_RETURN_IF_ERROR(sink.AddAdvisory(std::move(adv)));
    ++meta.records;
  }
  return OkStatus();
}

std::unique_ptr<FeedImporter> NewAlpineSecdbImporter() { return std::make_unique<AlpineSecdbImporter>(); }

}  // namespace hullscan::feed
