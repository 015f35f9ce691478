#include "extract/runner.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "base/digest.h"

namespace hullscan::extract {

namespace {

// Files several extractors want are shared in memory up to this size, spilled above it.
constexpr uint64_t kSharedInMemoryBytes = 8ull << 20;

// The sink of one extractor for one file: fills paths and the extractor name.
class LayerSink final : public ExtractSink {
 public:
  LayerSink(model::LayerResult& out, int layer_index) : out_(out), layer_index_(layer_index) {}
  void Begin(std::string_view extractor, std::string_view path) {
    extractor_ = extractor;
    path_ = path;
  }
  void AddPackage(model::Package p) override {
    if (p.path.empty()) p.path = path_;
    p.extractor = extractor_;
    out_.packages.push_back(std::move(p));
  }
  void AddDistro(std::string path, model::Distro d) override {
    out_.distro_facts.push_back({std::move(path), std::move(d)});
  }
  void AddOwnedFile(std::string path, std::string owner) override {
    out_.owned_files.push_back({std::move(path), std::move(owner)});
  }
  void Warn(std::string path, const Error& e) override {
    model::Diagnostic d;
    d.stage = "extract";
    d.layer_index = layer_index_;
    d.path = path.empty() ? path_ : std::move(path);
    d.extractor = extractor_;
    d.code = std::string(ErrorCodeName(e.code()));
    d.message = e.message();
    out_.diagnostics.push_back(std::move(d));
  }

 private:
  model::LayerResult& out_;
  int layer_index_;
  std::string extractor_;
  std::string path_;
};

// A FileInput over the live entry body (streamed once), a buffer shared by several extractors,
// or a file the runner spilled once for several extractors (large files).
class EntryInput final : public FileInput {
 public:
  EntryInput(const FileInfo& info, ByteSource& body, const std::string* buffer, const std::string* spill,
             const RunOptions& opts)
      : info_(info), body_(body), buffer_(buffer), spill_(spill), opts_(opts) {
    if (buffer_ != nullptr) mem_.emplace(std::string_view(*buffer_));
  }
  const FileInfo& info() const override { return info_; }
  ByteSource& content() override {
    if (mem_) return *mem_;
    if (spill_ != nullptr) {
      if (!file_) {
        auto f = FileSource::Open(*spill_);
        if (!f) {
          failed_ = std::make_unique<FailingSource>(f.error());
          return *failed_;
        }
        file_ = std::move(*f);
      }
      return *file_;
    }
    return body_;
  }
  Result<std::string> ReadAll() override {
    if (info_.size_bytes > opts_.limits.max_file_bytes) return TooBig(opts_.limits.max_file_bytes);
    if (buffer_ != nullptr) return *buffer_;
    return hullscan::ReadAll(content(), opts_.limits.max_file_bytes, info_.path);
  }
  std::optional<std::string_view> InMemory() const override {
    if (buffer_ == nullptr) return std::nullopt;
    return std::string_view(*buffer_);
  }
  Result<TempFile> Materialize() override {
    if (info_.size_bytes > opts_.limits.max_spill_bytes) return TooBig(opts_.limits.max_spill_bytes);
    if (opts_.temp_dir == nullptr) return MakeError(ErrorCode::kInternal, "no temp dir for spilled files");
    std::string path = opts_.temp_dir->NewPath();
    // The runner's spill, nothing read from it yet: a second name for it, no copy.
    if (spill_ != nullptr && !file_ && ::link(spill_->c_str(), path.c_str()) == 0) return TempFile(std::move(path));
    return TempFile::FromSource(std::move(path), content(), opts_.limits.max_spill_bytes, info_.path);
  }

 private:
  // content() of a spill that cannot be opened: every read reports why.
  class FailingSource final : public ByteSource {
   public:
    explicit FailingSource(Error e) : error_(std::move(e)) {}
    Result<size_t> Read(std::span<std::byte>) override { return MakeError(error_); }

   private:
    Error error_;
  };
  tl::unexpected<Error> TooBig(uint64_t limit) const {
    return MakeError(ErrorCode::kLimitExceeded, std::string(info_.path) + ": file of " +
                                                    std::to_string(info_.size_bytes) +
                                                    " bytes is larger than the limit of " + std::to_string(limit));
  }
  const FileInfo& info_;
  ByteSource& body_;
  const std::string* buffer_;
  const std::string* spill_;
  const RunOptions& opts_;
  std::optional<MemorySource> mem_;
  std::unique_ptr<FileSource> file_;
  std::unique_ptr<FailingSource> failed_;
};

void CopyResultsOfTarget(model::LayerResult& out, const std::string& target, const std::string& link) {
  std::vector<model::Package> copies;
  // Packages found inside an archive carry "TARGET!/inner/path" (jars): copied with the link's name.
  const std::string nested = target + "!/";
  for (const auto& p : out.packages) {
    if (p.path == target) {
      copies.push_back(p);
      copies.back().path = link;
    } else if (p.path.compare(0, nested.size(), nested) == 0) {
      copies.push_back(p);
      copies.back().path = link + p.path.substr(target.size());
    }
  }
  for (auto& p : copies) out.packages.push_back(std::move(p));
  std::vector<model::DistroFact> facts;
  for (const auto& f : out.distro_facts) {
    if (f.path == target) facts.push_back({link, f.distro});
  }
  for (auto& f : facts) out.distro_facts.push_back(std::move(f));
}

}  // namespace

std::string ExtractorSetKey(const ExtractorList& extractors) {
  std::vector<std::string> parts;
  for (const auto& e : extractors) parts.push_back(std::string(e->name()) + "@" + std::to_string(e->version()));
  std::sort(parts.begin(), parts.end());
  std::string joined = "layer-result-format@2\n";
  for (const auto& p : parts) joined += p + "\n";
  return Sha256Of(joined);
}

Result<model::LayerResult> RunExtractors(layer::EntryReader& reader, ExtractorList& extractors,
                                         const RunOptions& opts) {
  model::LayerResult out;
  LayerSink sink(out, opts.layer_index);
  std::vector<PackageExtractor*> wanting;
  std::vector<std::string> evidence;
  std::map<std::string, std::vector<PackageExtractor*>> extracted;  // path -> extractors that read it
  std::string buffer;  // a shared file's bytes; reused, so a layer of many executables allocates once
  while (reader.Next()) {
    const layer::TarEntry& e = reader.entry();
    ++out.entry_count;
    if (e.whiteout == layer::Whiteout::kFile) {
      out.deleted_paths.push_back(e.path);
      continue;
    }
    if (e.whiteout == layer::Whiteout::kOpaqueDir) {
      out.opaque_dirs.push_back(e.path);
      continue;
    }
    if (e.type != layer::EntryType::kRegular && e.type != layer::EntryType::kHardlink) continue;
    if (e.type == layer::EntryType::kRegular) {
      ++out.file_count;
      out.content_bytes += e.size_bytes;
    }
    FileInfo info{e.path, e.size_bytes, e.mode, layer::EntryType::kRegular};
    wanting.clear();
    for (auto& x : extractors) {
      if (x->Wants(info)) wanting.push_back(x.get());
    }
    if (wanting.empty()) continue;
    evidence.push_back(e.path);
    if (e.type == layer::EntryType::kHardlink) {
      auto it = extracted.find(e.link_target);
      if (it != extracted.end()) CopyResultsOfTarget(out, e.link_target, e.path);
      continue;
    }
    // Several extractors want the file: small files are read into memory once, larger ones
    // spilled once, so that memory stays bounded by kSharedInMemoryBytes.
    TempFile spill;
    const bool shared = wanting.size() > 1;
    const bool spilled = shared && e.size_bytes > kSharedInMemoryBytes && opts.temp_dir != nullptr;
    if (spilled) {
      auto file = TempFile::FromSource(opts.temp_dir->NewPath(), reader.body(), opts.limits.max_spill_bytes, e.path);
      if (!file) {
        if (!reader.status()) break;
        sink.Begin("", e.path);
        sink.Warn(e.path, file.error());
        continue;
      }
      spill = std::move(*file);
    } else if (shared) {
      Status all = ReadAllInto(reader.body(), opts.limits.max_file_bytes, buffer, e.path, e.size_bytes);
      if (!all) {
        if (!reader.status()) break;
        sink.Begin("", e.path);
        sink.Warn(e.path, all.error());
        continue;
      }
    }
    for (PackageExtractor* x : wanting) {
      EntryInput input(info, reader.body(), shared && !spilled ? &buffer : nullptr, spilled ? &spill.path() : nullptr,
                       opts);
      sink.Begin(x->name(), e.path);
      Status st = x->Extract(input, sink);
      if (!st) sink.Warn(e.path, st.error());
      extracted[e.path].push_back(x);
    }
  }
  if (!reader.status()) return MakeError(reader.status().error());
  for (auto& x : extractors) {
    sink.Begin(x->name(), "");
    Status st = x->Finish(sink);
    if (!st) sink.Warn("", st.error());
  }
  for (auto d : reader.diagnostics()) {
    d.layer_index = opts.layer_index;
    out.diagnostics.push_back(std::move(d));
  }
  std::sort(evidence.begin(), evidence.end());
  evidence.erase(std::unique(evidence.begin(), evidence.end()), evidence.end());
  out.evidence_paths = std::move(evidence);
  std::sort(out.packages.begin(), out.packages.end(), model::PackageLess);
  std::sort(out.distro_facts.begin(), out.distro_facts.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

}  // namespace hullscan::extract
