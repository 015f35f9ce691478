#include "extract/lang/java/java_extractor.h"

#include <string>

namespace hullscan::extract::java {

bool JavaExtractor::Wants(const FileInfo& info) const {
  return info.type == layer::EntryType::kRegular && info.size_bytes <= kMaxArchiveBytes &&
         IsJavaArchiveName(info.path);
}

Status JavaExtractor::Extract(FileInput& in, ExtractSink& out) {
  HS_ASSIGN_OR_RETURN(const TempFile spilled, in.Materialize());
  const std::string path(in.path());
  HS_ASSIGN_OR_RETURN(JarContents contents, ReadJarFile(spilled.path(), path));
  for (const Error& e : contents.problems) out.Warn(path, e);
  for (model::Package& p : contents.packages) out.AddPackage(std::move(p));
  return OkStatus();
}

std::unique_ptr<PackageExtractor> NewJavaExtractor() { return std::make_unique<JavaExtractor>(); }

}  // namespace hullscan::extract::java
