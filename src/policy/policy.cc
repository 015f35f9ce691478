#include "policy/policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "model/purl.h"

namespace hullscan::policy {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ValidDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  }
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// "pkg:npm/lodash@4.17.20?x=y#sub" -> ("pkg:npm/lodash", "4.17.20")
std::pair<std::string, std::string> SplitPurl(std::string_view purl) {
  size_t cut = purl.find_first_of("?#");
  if (cut != std::string_view::npos) purl = purl.substr(0, cut);
  size_t at = purl.rfind('@');
  if (at == std::string_view::npos || purl.find('/', at) != std::string_view::npos) return {std::string(purl), ""};
  return {std::string(purl.substr(0, at)), std::string(purl.substr(at + 1))};
}

Error LineError(std::string_view what, uint64_t line, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument, std::string(what) + ": line " + std::to_string(line) + ": " + std::string(why));
}

Result<std::vector<IgnoreRule>> ParseText(std::string_view text, std::string_view what) {
  std::vector<IgnoreRule> rules;
  uint64_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    IgnoreRule rule;
    rule.line = line_no;
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) {
      rule.reason = std::string(Trim(line.substr(hash + 1)));
      line = line.substr(0, hash);
    }
    line = Trim(line);
    if (line.empty()) continue;
    while (!line.empty()) {
      size_t sp = line.find_first_of(" \t");
      std::string_view tok = line.substr(0, sp);
      line = sp == std::string_view::npos ? std::string_view() : Trim(line.substr(sp));
      if (tok.rfind("exp:", 0) == 0) {
        std::string_view date = tok.substr(4);
        if (!ValidDate(date)) return MakeError(LineError(what, line_no, "expiry '" + std::string(date) + "' is not YYYY-MM-DD"));
        rule.expires = std::string(date);
      } else if (tok.rfind("pkg:", 0) == 0) {
        rule.purls.emplace_back(tok);
      } else if (rule.id.empty()) {
        rule.id = std::string(tok);
      } else {
        return MakeError(LineError(what, line_no, "unexpected '" + std::string(tok) + "' (want ID, purls, exp:DATE, # reason)"));
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

Result<std::vector<IgnoreRule>> ParseYaml(std::string_view text, std::string_view what) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return MakeError(LineError(what, static_cast<uint64_t>(e.mark.line + 1), e.msg));
  }
  std::vector<IgnoreRule> rules;
  try {
    if (!root.IsMap()) return MakeError(ErrorCode::kInvalidArgument, std::string(what) + ": expected a mapping with 'vulnerabilities'");
    for (const auto& kv : root) {
      std::string key = kv.first.as<std::string>();
      if (key != "vulnerabilities") {
        return MakeError(LineError(what, static_cast<uint64_t>(kv.first.Mark().line + 1), "unknown key '" + key + "'"));
      }
      if (!kv.second.IsSequence()) {
        return MakeError(LineError(what, static_cast<uint64_t>(kv.second.Mark().line + 1), "'vulnerabilities' must be a list"));
      }
      for (const auto& item : kv.second) {
        IgnoreRule rule;
        rule.line = static_cast<uint64_t>(item.Mark().line + 1);
        if (!item.IsMap()) return MakeError(LineError(what, rule.line, "each rule must be a mapping"));
        for (const auto& f : item) {
          std::string k = f.first.as<std::string>();
          auto list = [&](std::vector<std::string>& out) -> Status {
            if (!f.second.IsSequence()) return MakeError(LineError(what, rule.line, "'" + k + "' must be a list"));
            for (const auto& s : f.second) out.push_back(s.as<std::string>());
            return OkStatus();
          };
          if (k == "id") {
            rule.id = f.second.as<std::string>();
          } else if (k == "purls") {
            HS_RETURN_IF_ERROR(list(rule.purls));
          } else if (k == "paths") {
            HS_RETURN_IF_ERROR(list(rule.paths));
          } else if (k == "expired_at") {
            rule.expires = f.second.as<std::string>().substr(0, 10);
            if (!ValidDate(rule.expires)) return MakeError(LineError(what, rule.line, "expired_at is not YYYY-MM-DD"));
          } else if (k == "statement") {
            rule.reason = f.second.as<std::string>();
          } else {
            return MakeError(LineError(what, rule.line, "unknown key '" + k + "'"));
          }
        }
        if (rule.id.empty() && rule.purls.empty() && rule.paths.empty()) {
          return MakeError(LineError(what, rule.line, "a rule needs an id, purls or paths"));
        }
        rules.push_back(std::move(rule));
      }
    }
  } catch (const YAML::Exception& e) {
    return MakeError(LineError(what, static_cast<uint64_t>(e.mark.line + 1), e.msg));
  }
  return rules;
}

bool RuleMatches(const IgnoreRule& rule, const model::Finding& f, const model::Package& p, const std::string& purl) {
  if (!rule.id.empty() && rule.id != f.id &&
      std::find(f.aliases.begin(), f.aliases.end(), rule.id) == f.aliases.end()) {
    return false;
  }
  if (!rule.purls.empty()) {
    auto [base, version] = SplitPurl(purl);
    bool any = false;
    for (const auto& r : rule.purls) {
      auto [rbase, rversion] = SplitPurl(r);
      if (rbase == base && (rversion.empty() || rversion == version)) any = true;
    }
    if (!any) return false;
  }
  if (!rule.paths.empty()) {
    bool any = false;
    for (const auto& r : rule.paths) {
      std::string dir = r;
      if (!dir.empty() && dir[0] != '/') dir = "/" + dir;
      if (p.path == dir || (p.path.rfind(dir.back() == '/' ? dir : dir + "/", 0) == 0)) any = true;
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<IgnoreRule>> ParseIgnoreFile(std::string_view text, std::string_view what) {
  // YAML when the first meaningful line is a mapping key.
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = Trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("vulnerabilities:", 0) == 0 || line.rfind("misconfigurations:", 0) == 0 || line == "---") {
      return ParseYaml(text, what);
    }
    break;
  }
  return ParseText(text, what);
}

Result<std::vector<std::string>> ParseSeverities(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string s = Upper(Trim(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (s.empty()) continue;
    if (s == "MODERATE") s = "MEDIUM";
    if (s != "CRITICAL" && s != "HIGH" && s != "MEDIUM" && s != "LOW" && s != "NONE" && s != "UNKNOWN") {
      return MakeError(ErrorCode::kInvalidArgument,
                       "unknown severity '" + s + "' (want CRITICAL, HIGH, MEDIUM, LOW, NONE or UNKNOWN)");
    }
    out.push_back(s);
  }
  return out;
}

PolicyStats ApplyPolicy(model::ScanReport& report, const PolicyOptions& options) {
  PolicyStats stats;
  std::vector<model::Finding> kept;
  for (auto& f : report.findings) {
    if (!options.severities.empty() &&
        std::find(options.severities.begin(), options.severities.end(), f.severity) == options.severities.end()) {
      ++stats.dropped_by_severity;
      continue;
    }
    if (options.ignore_unfixed && f.fixed_version.empty()) {
      ++stats.dropped_unfixed;
      continue;
    }
    bool ignored = false;
    if (f.package_index < report.packages.size()) {
      const model::Package& p = report.packages[f.package_index];
      std::string purl = model::Purl(p, report.distro);
      for (const auto& rule : options.ignore) {
        if (!RuleMatches(rule, f, p, purl)) continue;
        if (!rule.expires.empty() && !options.today.empty() && rule.expires < options.today) {
          if (std::find(stats.expired.begin(), stats.expired.end(), &rule) == stats.expired.end()) {
            stats.expired.push_back(&rule);
          }
          continue;
        }
        ignored = true;
        break;
      }
    }
    if (ignored) {
      ++stats.ignored;
      continue;
    }
    kept.push_back(std::move(f));
  }
  report.findings = std::move(kept);
  return stats;
}

}  // namespace hullscan::policy
