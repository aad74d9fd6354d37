#pragma once
// Outputs that would overwrite inputs: found by real path before any work, so `-o p.md` cannot destroy `-p p.md`.

#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace parley::util {

/// One file a command reads or writes, with the flag that named it ("-p", "--report", "the design").
struct NamedPath {
    std::string flag;
    std::filesystem::path path;
};

/// The files a command reads and the files it writes; empty paths are skipped.
struct CommandPaths {
    std::vector<NamedPath> inputs;
    std::vector<NamedPath> outputs;
};

/// Whether `a` and `b` name the same file: the same file when both exist (links, `..` and hard links resolved),
/// else the same real path (the parent folders' links resolved).
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// Refuses (ErrorKind::invalid_input, one line naming both flags and paths) an output that is the same file as an
/// input or as another output: what every command checks before it reads, logs or writes anything.
[[nodiscard]] Result<void> check_no_clash(const CommandPaths& paths);

} // namespace parley::util
