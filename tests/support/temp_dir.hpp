#pragma once
// A temporary folder for a test, removed with everything in it when the test ends.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::testing {

/// A fresh folder under the system temp dir; removed on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Writes `content` to `name` inside the folder and returns its full path.
    std::filesystem::path write(const std::string& name, std::string_view content) const;

private:
    std::filesystem::path path_;
};

/// The whole content of a file ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

/// What a finished child process printed and returned.
struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Limits a child parley runs under, for tests of a full disk or a folder it may not write.
struct ChildLimits {
    std::optional<std::uint64_t> max_file_bytes; ///< RLIMIT_FSIZE: a write past it fails, as on a full disk
    /// Drops CAP_DAC_OVERRIDE from a child run as root, so a chmod 500 folder is read-only to it as to anyone.
    bool honour_permissions = false;
};

/// Runs the parley binary with `args` (each passed as one argument) in `cwd`, capturing both streams.
CommandResult run_parley(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                         const std::vector<std::string>& env = {}, const ChildLimits& limits = {});

} // namespace parley::testing
