#pragma once
// The context folder: the one place agent tools may look. Every path a model names is checked here before anything
// is opened: relative, no `..`, links resolved before the containment check, not a secret file, a regular file
// (never a device, FIFO or socket), text (never binary), within the size caps.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace parley::tools {

/// The largest file a tool reads at all (its hash is taken over the whole of it); a larger one is refused.
inline constexpr std::size_t kMaxFileBytes = 1024 * 1024;
/// The most entries one walk of the folder visits, however deep or wide the folder is.
inline constexpr std::size_t kMaxWalkEntries = 20'000;
/// The deepest a walk goes below the folder.
inline constexpr int kMaxWalkDepth = 16;

/// A text file of the folder, read whole.
struct FileText {
    std::string path;   ///< relative to the folder, with `/` separators
    std::string text;   ///< the bytes, valid UTF-8 without NUL (not yet redacted)
    std::string sha256; ///< of the bytes: what tells a resumed run the file changed since
};

/// One file of the folder as a walk sees it.
struct FolderEntry {
    std::string path; ///< relative to the folder, with `/` separators
    std::uintmax_t size = 0;
};

/// What a walk of the folder found, sorted by path.
struct FolderListing {
    std::vector<FolderEntry> files;
    std::size_t withheld = 0; ///< secret files, links that lead outside, devices, FIFOs and sockets left out
    bool truncated = false;   ///< the walk stopped at its entry bound
};

/// A folder agent tools may read, opened by its real path.
class ContextFolder {
public:
    /// Opens `root`, which must be a folder (ErrorKind::invalid_input, one line naming it, otherwise).
    [[nodiscard]] static Result<ContextFolder> open(const std::filesystem::path& root);

    /// The folder's real path (links resolved).
    const std::filesystem::path& root() const { return root_; }

    /// The real path of `requested` (a path relative to the folder, as a model wrote it), or why it may not be read:
    /// empty, absolute, containing `..`, leading outside the folder once links are resolved, missing, or a secret
    /// file by its own name or by its link target's (ErrorKind::invalid_input; the message is for the model).
    [[nodiscard]] Result<std::filesystem::path> resolve(std::string_view requested) const;

    /// The path of a real path inside the folder relative to it, with `/` separators.
    std::string relative(const std::filesystem::path& real) const;

    /// Reads the text file `requested` names, checked by resolve(): a regular file of at most kMaxFileBytes,
    /// without NUL bytes and valid UTF-8. The file is opened without following a final link and without blocking,
    /// and must be the very file resolve() checked (device and inode compared).
    [[nodiscard]] Result<FileText> read(std::string_view requested) const;

    /// The regular files under `requested` ("" or "." for the whole folder), at most `depth` levels below it, sorted
    /// by path; secret files, links leading outside and anything not a regular file are withheld (and counted).
    [[nodiscard]] Result<FolderListing> list(std::string_view requested, int depth) const;

private:
    explicit ContextFolder(std::filesystem::path root) : root_(std::move(root)) {}

    std::filesystem::path root_;
};

} // namespace parley::tools
