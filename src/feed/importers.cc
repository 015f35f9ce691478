// The importer registry: every feed format hullscan reads, in detection order (specific formats
// first, OSV — any JSON/YAML record with an "id" — last).
#include <filesystem>

#include "feed/alpine_secdb/alpine_secdb_importer.h"
#include "feed/debian/debian_importer.h"
#include "feed/epss/epss_importer.h"
#include "feed/feed_importer.h"
#include "feed/friendsofphp/friendsofphp_importer.h"
#include "feed/kev/kev_importer.h"
#include "feed/nvd/nvd_importer.h"
#include "feed/osv/osv_importer.h"
#include "feed/rubysec/rubysec_importer.h"
#include "feed/wolfi/wolfi_importer.h"

namespace hullscan::feed {

std::vector<std::unique_ptr<FeedImporter>> DefaultImporters() {
  std::vector<std::unique_ptr<FeedImporter>> out;
  out.push_back(NewKevImporter());
  out.push_back(NewEpssImporter());
  out.push_back(NewNvdImporter());
  out.push_back(NewAlpineSecdbImporter());
  out.push_back(NewDebianDsaListImporter());
  out.push_back(NewDebianDlaListImporter());
  out.push_back(NewDebianTrackerJsonImporter());
  out.push_back(NewWolfiImporter());
  out.push_back(NewRubysecImporter());
  out.push_back(NewFriendsOfPhpImporter());
  out.push_back(NewOsvImporter());
  return out;
}

Result<const FeedImporter*> DetectImporter(const std::vector<std::unique_ptr<FeedImporter>>& importers,
                                           const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return MakeError(ErrorCode::kNotFound, path + ": no such file or directory");
  HS_ASSIGN_OR_RETURN(FeedHead head, ReadFeedHead(path));
  for (const auto& imp : importers) {
    if (imp->Detect(head)) return imp.get();
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   path + ": not a feed hullscan reads (expected OSV JSON/YAML records, a zip or directory of them, "
                          "Alpine secdb JSON, Debian DSA/DLA list or tracker JSON, Wolfi, RubySec or FriendsOfPHP "
                          "advisories, CISA KEV JSON, FIRST EPSS CSV, or NVD API 2.0 JSON)");
}

}  // namespace hullscan::feed
