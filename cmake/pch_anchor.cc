// Anchor of the targets that build the shared precompiled headers (cmake/hullscan.cmake).
