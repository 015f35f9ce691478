#include "cli/policy_flags.h"

#include <cstdio>

#include "base/byte_io.h"
#include "cli/cli_util.h"

namespace hullscan::cli {

void AddPolicyFlags(CLI::App* cmd, PolicyFlags& f) {
  cmd->add_option("--severity", f.severity, "keep only these severities, e.g. CRITICAL,HIGH");
  cmd->add_flag("--ignore-unfixed", f.ignore_unfixed, "drop findings that have no fixed version");
  cmd->add_option("--exit-code", f.exit_code, "exit with N when findings remain after the filters");
  cmd->add_option("--ignorefile", f.ignorefile, "ignore rules (ids, purls, exp:DATE; text or YAML)");
}

Result<policy::PolicyOptions> PolicyOptionsFrom(const PolicyFlags& f, const std::string& today) {
  policy::PolicyOptions o;
  if (!f.severity.empty()) {
    HS_ASSIGN_OR_RETURN(o.severities, policy::ParseSeverities(f.severity));
  }
  o.ignore_unfixed = f.ignore_unfixed;
  o.today = today;
  if (!f.ignorefile.empty()) {
    HS_ASSIGN_OR_RETURN(std::string text, ReadFile(f.ignorefile, 16 << 20));
    HS_ASSIGN_OR_RETURN(o.ignore, policy::ParseIgnoreFile(text, f.ignorefile));
  }
  return o;
}

void WarnExpiredRules(const PolicyFlags& f, const policy::PolicyStats& stats, const std::string& context) {
  for (const auto* rule : stats.expired) {
    std::string what = rule->id.empty() ? (rule->purls.empty() ? std::string("paths") : rule->purls[0]) : rule->id;
    std::fprintf(stderr, "hullscan: warning: %s%s%s: line %llu: ignore rule for %s expired on %s\n",
                 context.empty() ? "" : Printable(context).c_str(), context.empty() ? "" : ": ",
                 Printable(f.ignorefile).c_str(), static_cast<unsigned long long>(rule->line),
                 Printable(what).c_str(), rule->expires.c_str());
  }
}

}  // namespace hullscan::cli
