// After the layers are applied: how language packages relate to the OS packages and to their
// projects (issue: "one package with two locations", "part of that OS package").
//
//  - AssignOsOwners: a language package whose evidence file an OS package's file list names
//    (dpkg, apk, rpm; model::OwnedFile) gets that package as os_owner, when that OS package
//    is still installed. Paths compare after the /usr merge (/bin, /sbin, /lib* are the same
//    directories as /usr/bin, ... on merged systems, and file lists name either).
//  - ResolveNpmProjects: an npm project is a directory holding a lock file (package-lock.json,
//    npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml) and/or installed packages
//    (DIR/node_modules/...). When it has installed packages, they are the truth: a lock-file
//    entry with the same name and version becomes a second location of the installed package
//    (which takes the entry's dev flag), and one without an installed counterpart is marked
//    not_installed. The project's own package.json (model::Package::project) is kept only
//    when its directory is such a project.
// Pure functions; thread-safe.
#pragma once

#include <vector>

#include "model/layer_result.h"
#include "model/package.h"

namespace hullscan::apply {

/// The /usr-merged spelling of an absolute path: "/bin/x" -> "/usr/bin/x", "/lib64/y" ->
/// "/usr/lib64/y"; other paths unchanged.
std::string UsrMergedPath(std::string_view path);

/// Sets os_owner on the non-OS packages of `packages` (see above). `owned` is every owned file
/// of every layer, oldest first (a newer claim on a path wins).
void AssignOsOwners(std::vector<model::Package>& packages, const std::vector<model::OwnedFile>& owned);

/// Merges lock-file entries into installed npm packages and drops stray project manifests
/// (see above). Keeps the order of the remaining packages.
void ResolveNpmProjects(std::vector<model::Package>& packages);

}  // namespace hullscan::apply
