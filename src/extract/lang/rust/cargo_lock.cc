// ParseCargoLock (rust_parsers.h). The only translation unit that includes toml++: the
// header is heavy, so it stays out of every other file of the module.
#include <exception>
#include <string>
#include <utility>

#include <toml++/toml.h>

#include "extract/lang/rust/rust_parsers.h"

namespace hullscan::extract::rust {

namespace {

tl::unexpected<Error> Corrupt(std::string why, uint64_t line) {
  return MakeError(ErrorCode::kCorrupt, "parse Cargo.lock: " + std::move(why) + " (line " + std::to_string(line) + ")");
}

Error Warning(uint64_t index, std::string why, uint64_t line) {
  return Error(ErrorCode::kCorrupt, "parse Cargo.lock: package " + std::to_string(index) + ": " + std::move(why) +
                                        " (line " + std::to_string(line) + ")");
}

// The string value of `key` in `pkg`: nullopt when absent; an error text when not a string.
struct Field {
  std::optional<std::string> value;
  bool wrong_type = false;
};

Field StringField(const toml::table& pkg, std::string_view key) {
  const toml::node* n = pkg.get(key);
  if (n == nullptr) return {};
  if (const toml::value<std::string>* s = n->as_string()) return {s->get(), false};
  return {std::nullopt, true};
}

}  // namespace

Result<ParseOutput> ParseCargoLock(std::string_view text) {
  toml::table doc;
  try {
    doc = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return Corrupt(std::string(e.description()), e.source().begin.line);
  } catch (const std::exception& e) {
    return Corrupt(e.what(), 0);
  }

  common::PackageCollector out(kMaxPackages, common::PackageCollector::kUnlimited);
  const toml::node* packages = doc.get("package");
  if (packages == nullptr) return out.Take();  // a workspace with no crates locked yet
  const toml::array* list = packages->as_array();
  if (list == nullptr) return Corrupt("'package' is not an array of tables", packages->source().begin.line);

  uint64_t index = 0;
  for (const toml::node& entry : *list) {
    ++index;
    const uint64_t line = entry.source().begin.line;
    const toml::table* pkg = entry.as_table();
    if (pkg == nullptr) return Corrupt("'package' is not an array of tables", line);
    Field name = StringField(*pkg, "name");
    Field version = StringField(*pkg, "version");
    Field source = StringField(*pkg, "source");
    if (!name.value || name.value->empty()) {
      out.Warn(Warning(index, "no string 'name'", line));
      continue;
    }
    if (!version.value || version.value->empty()) {
      out.Warn(Warning(index, "'" + *name.value + "' has no string 'version'", line));
      continue;
    }
    if (source.wrong_type) {
      out.Warn(Warning(index, "'" + *name.value + "': 'source' is not a string", line));
      continue;
    }
    // No source: a crate of the workspace itself (the root or a path dependency); see the header.
    if (!source.value) continue;
    if (!out.Add(std::move(*name.value), std::move(*version.value))) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "parse Cargo.lock: more than " + std::to_string(kMaxPackages) + " packages");
    }
  }
  return out.Take();
}

}  // namespace hullscan::extract::rust
