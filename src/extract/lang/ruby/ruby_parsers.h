// Parsers for the files the "lang/ruby" extractor reads: installed gem specifications
// (`specifications/*.gemspec`, Ruby code written by RubyGems) and bundler lock files
// (`Gemfile.lock`, `gems.locked`). Each works on bytes in memory and returns what it found, so
// the extractor, the tests and the fuzz harness share them. They never throw and never run or
// evaluate Ruby: a gemspec is read by a line scanner that only accepts string literals. Pure
// functions; thread-safe.
//
// Names are kept as written; versions as written, except that a lock file's platform suffix
// ("1.13.6-x86_64-linux") is dropped, as bundler itself does. Within one lock file each
// (name, version) is reported once, in first-seen (file) order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/lang_packages.h"

namespace hullscan::extract::ruby {

/// One gem named by a file (`dev` is never set: neither format marks development gems).
using Found = common::FoundPackage;
/// What one file yielded: packages in file order and per-record warnings.
using ParseOutput = common::LangParse;

enum class FileKind { kNone, kGemspec, kGemfileLock };

/// Classifies an absolute path by name only (cheap enough for Wants()):
///   - kGemspec: ".../specifications/X.gemspec" and ".../specifications/default/X.gemspec", the
///     specifications RubyGems writes for installed gems (GEM_HOME, BUNDLE_PATH, vendor/bundle)
///     and for the default gems shipped with Ruby. A project's own source "X.gemspec" elsewhere
///     is not an installed gem and is not read;
///   - kGemfileLock: a file named "Gemfile.lock" or "gems.locked" (bundler's name for the lock
///     of a gems.rb).
FileKind ClassifyPath(std::string_view path);

/// Largest file of each kind that is parsed; bigger files are kLimitExceeded.
inline constexpr uint64_t kMaxGemspecBytes = 8ull << 20;
inline constexpr uint64_t kMaxLockfileBytes = 64ull << 20;
/// At most this many packages per file; more is kLimitExceeded.
inline constexpr uint64_t kMaxPackagesPerFile = 1'000'000;
/// At most this many warnings are kept per file (the extractor caps what reaches the sink).
inline constexpr uint64_t kMaxWarningsPerFile = 1000;

/// An installed gem specification, as written by Gem::Specification#to_ruby
/// (https://github.com/rubygems/rubygems/blob/master/lib/rubygems/specification.rb, to_ruby):
///   Gem::Specification.new do |s|
///     s.name = "bundler".freeze
///     s.version = "2.1.4"
/// Any block variable name (`|spec|`) and the form `spec = Gem::Specification.new` are
/// accepted; values must be one string literal ("..", '..', %q{..}), optionally `.freeze`.
/// Comments, `=begin`/`=end` blocks, heredocs and multi-line strings are skipped, so that text
/// inside them is never taken for an assignment.
/// Returns one package; or none and one kUnsupported warning when the name or version is not a
/// plain literal (e.g. `s.version = Foo::VERSION`, an interpolated string): it cannot be read
/// without running Ruby. kCorrupt when there is no Gem::Specification.new or no name/version
/// assignment. (NUL bytes are legal: the "# stub:" comment of a gem with extensions uses them.)
Result<ParseOutput> ParseGemspec(std::string_view text);

/// A bundler lock file (https://bundler.io/man/gemfile.5.html; the grammar is bundler's
/// lib/bundler/lockfile_parser.rb). Packages are the spec lines, indented by exactly 4 spaces,
/// of the source sections GEM, GIT, PATH and PLUGIN SOURCE: `name (version)` or
/// `name (version-platform)`; the version is the text up to the first '-' (bundler's rule;
/// RubyGems never writes a '-' in a version: "1.0-rc1" is stored as "1.0.pre.rc1"). Lines
/// indented by 6 spaces are the dependencies of a spec, not packages; DEPENDENCIES, PLATFORMS,
/// RUBY VERSION, BUNDLED WITH, CHECKSUMS and unknown sections hold no package. A spec line with
/// no version in parentheses is a warning. kCorrupt when a non-empty file has no bundler
/// section header at all, or holds NUL bytes.
Result<ParseOutput> ParseGemfileLock(std::string_view text);

}  // namespace hullscan::extract::ruby
