#pragma once
// The files agent tools never read, whatever the folder: the ones that commonly hold secrets.

#include <filesystem>
#include <optional>
#include <string>

namespace parley::tools {

/// Why the file at `relative` (a path inside the context folder) is never read or listed, e.g. "an environment file
/// (.env*)", or nullopt for an ordinary file. Looks at every component, so `.git/config` and `.ssh/id_rsa` are caught
/// by their folder; case does not matter (`.ENV` is refused on a case-insensitive file system too).
std::optional<std::string> secret_file_reason(const std::filesystem::path& relative);

} // namespace parley::tools
