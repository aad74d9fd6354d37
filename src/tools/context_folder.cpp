#include "tools/context_folder.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/secret_files.hpp"
#include "util/sha256.hpp"
#include "util/text_safety.hpp"
#include "util/utf8.hpp"

namespace parley::tools {

namespace fs = std::filesystem;

namespace {

Error refused(const std::string& message) {
    return Error{ErrorKind::invalid_input, message, 0, std::nullopt};
}

// The path as a model may see it in an error: quoted, controls escaped, cut short.
std::string shown(std::string_view requested) {
    return util::quote_value(requested);
}

bool inside(const fs::path& root, const fs::path& real) {
    const auto [at_root, at_real] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    return at_root == root.end();
}

const char* not_regular(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a folder (use list_files)";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    return "not a regular file";
}

// Closes the descriptor on every way out of read().
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

} // namespace

Result<ContextFolder> ContextFolder::open(const fs::path& root) {
    std::error_code ec;
    const fs::path real = fs::canonical(root, ec);
    if (ec) {
        return tl::make_unexpected(refused("context folder " + root.string() + ": " + ec.message()));
    }
    if (!fs::is_directory(real, ec)) {
        return tl::make_unexpected(refused("context folder " + root.string() + ": not a folder"));
    }
    return ContextFolder(real);
}

std::string ContextFolder::relative(const fs::path& real) const {
    const fs::path rel = real.lexically_relative(root_);
    return rel.empty() || rel == "." ? std::string(".") : rel.generic_string();
}

Result<fs::path> ContextFolder::resolve(std::string_view requested) const {
    if (requested.empty()) {
        return tl::make_unexpected(refused("give a path relative to the context folder"));
    }
    if (requested.find('\0') != std::string_view::npos) {
        return tl::make_unexpected(refused("a path may not contain a NUL byte"));
    }
    const fs::path asked(requested);
    if (asked.is_absolute() || asked.has_root_path()) {
        return tl::make_unexpected(
            refused(shown(requested) + ": absolute paths are refused; give a path relative to the context folder"));
    }
    for (const auto& part : asked) {
        if (part == "..") {
            return tl::make_unexpected(refused(shown(requested) + ": `..` is refused; the tools see only the context "
                                                                  "folder"));
        }
    }
    if (auto secret = secret_file_reason(asked.lexically_normal())) {
        return tl::make_unexpected(refused(shown(requested) + ": never read: " + *secret));
    }
    std::error_code ec;
    const fs::path real = fs::canonical(root_ / asked, ec);
    if (ec) {
        return tl::make_unexpected(refused(shown(requested) + ": no such file or folder in the context folder"));
    }
    if (!inside(root_, real)) {
        return tl::make_unexpected(refused(shown(requested) + ": leads outside the context folder (a link); refused"));
    }
    if (auto secret = secret_file_reason(real.lexically_relative(root_))) {
        return tl::make_unexpected(refused(shown(requested) + ": never read: it leads to " + *secret));
    }
    return real;
}

Result<FileText> ContextFolder::read(std::string_view requested) const {
    auto real = resolve(requested);
    if (!real) {
        return tl::make_unexpected(real.error());
    }
    struct stat checked {};
    if (::stat(real->c_str(), &checked) != 0) {
        return tl::make_unexpected(refused(shown(requested) + ": " + std::strerror(errno)));
    }
    if (!S_ISREG(checked.st_mode)) {
        return tl::make_unexpected(refused(shown(requested) + ": " + not_regular(checked.st_mode) + ", not read"));
    }
    // O_NOFOLLOW and the inode check: a file swapped for a link (or another file) after resolve() is not read.
    Descriptor file{::open(real->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)};
    struct stat opened {};
    if (file.fd < 0 || ::fstat(file.fd, &opened) != 0) {
        return tl::make_unexpected(refused(shown(requested) + ": " + std::strerror(errno)));
    }
    if (opened.st_dev != checked.st_dev || opened.st_ino != checked.st_ino || !S_ISREG(opened.st_mode)) {
        return tl::make_unexpected(refused(shown(requested) + ": changed while it was opened; not read"));
    }
    if (static_cast<std::uintmax_t>(opened.st_size) > kMaxFileBytes) {
        return tl::make_unexpected(refused(shown(requested) + ": " + std::to_string(opened.st_size) +
                                           " bytes, larger than the " + std::to_string(kMaxFileBytes) +
                                           "-byte cap; use search to find the lines you need"));
    }
    std::string bytes;
    char buffer[16384];
    while (bytes.size() <= kMaxFileBytes) {
        const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return tl::make_unexpected(refused(shown(requested) + ": " + std::strerror(errno)));
        }
        if (got == 0) {
            break;
        }
        bytes.append(buffer, static_cast<std::size_t>(got));
    }
    if (bytes.size() > kMaxFileBytes) {
        return tl::make_unexpected(refused(shown(requested) + ": grew past the " + std::to_string(kMaxFileBytes) +
                                           "-byte cap while it was read; not read"));
    }
    if (bytes.find('\0') != std::string::npos || util::first_invalid_utf8(bytes)) {
        return tl::make_unexpected(refused(shown(requested) + ": a binary file (not UTF-8 text), not read"));
    }
    FileText out;
    out.path = relative(*real);
    out.sha256 = util::sha256_hex(bytes);
    out.text = std::move(bytes);
    return out;
}

Result<FolderListing> ContextFolder::list(std::string_view requested, int depth) const {
    fs::path base = root_;
    if (!requested.empty() && requested != "." && requested != "./") {
        auto real = resolve(requested);
        if (!real) {
            return tl::make_unexpected(real.error());
        }
        base = *real;
    }
    std::error_code ec;
    if (!fs::is_directory(base, ec)) {
        return tl::make_unexpected(refused(shown(requested) + ": not a folder (use file_read)"));
    }
    const int levels = std::clamp(depth, 1, kMaxWalkDepth);
    FolderListing out;
    std::size_t visited = 0;
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (++visited > kMaxWalkEntries) {
            out.truncated = true;
            break;
        }
        const fs::path& path = it->path();
        const fs::path rel = path.lexically_relative(root_);
        const auto status = it->symlink_status(ec);
        if (ec) {
            ++out.withheld;
            ec.clear();
            continue;
        }
        if (secret_file_reason(rel)) {
            ++out.withheld;
            if (fs::is_directory(status)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (fs::is_directory(status)) {
            if (it.depth() + 1 >= levels) {
                it.disable_recursion_pending();
            }
            continue;
        }
        fs::path file = path;
        if (fs::is_symlink(status)) {
            // A link is listed only when it leads to a regular file inside the folder that may be read.
            auto real = resolve(rel.generic_string());
            if (!real || !fs::is_regular_file(*real, ec)) {
                ec.clear();
                if (!real || !fs::is_directory(*real, ec)) {
                    ++out.withheld;
                }
                ec.clear();
                continue;
            }
            file = *real;
        } else if (!fs::is_regular_file(status)) {
            ++out.withheld;
            continue;
        }
        const auto size = fs::file_size(file, ec);
        out.files.push_back({rel.generic_string(), ec ? 0 : size});
        ec.clear();
    }
    std::sort(out.files.begin(), out.files.end(),
              [](const FolderEntry& a, const FolderEntry& b) { return a.path < b.path; });
    return out;
}

} // namespace parley::tools
