#include "util/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace parley::util {

namespace {

std::string reason() {
    return std::strerror(errno);
}

} // namespace

Result<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return fail(ErrorKind::invalid_input, "cannot read " + path.string() + ": it is a folder");
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::invalid_input, "cannot open " + path.string() + ": " + reason());
    }
    std::string out;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const auto why = reason();
            ::close(fd);
            return fail(ErrorKind::io, "cannot read " + path.string() + ": " + why);
        }
        if (n == 0) {
            break;
        }
        if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
            ::close(fd);
            return fail(ErrorKind::invalid_input,
                        path.string() + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    const auto parent = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
        return fail(ErrorKind::io, "cannot create folder " + parent.string() + ": " + ec.message());
    }
    // A per-process random suffix keeps concurrent writers of the same path from sharing a temp file.
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto temp = parent / ("." + path.filename().string() + ".tmp-" + std::to_string(random() % 1000000000));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return fail(ErrorKind::io, "cannot write " + path.string() + ": " + reason());
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const auto why = reason();
            ::close(fd);
            ::unlink(temp.c_str());
            return fail(ErrorKind::io, "cannot write " + path.string() + ": " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    // Without fsync before rename, a power cut can leave the new name pointing at an empty file.
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const auto why = reason();
        ::unlink(temp.c_str());
        return fail(ErrorKind::io, "cannot write " + path.string() + ": " + why);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const auto why = reason();
        ::unlink(temp.c_str());
        return fail(ErrorKind::io, "cannot replace " + path.string() + ": " + why);
    }
    return {};
}

Result<void> check_writable_folder(const std::filesystem::path& folder) {
    const auto dir = folder.empty() ? std::filesystem::path(".") : folder;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return fail(ErrorKind::io, "cannot create folder " + dir.string() + ": " + ec.message());
    }
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto probe = dir / (".parley-write-probe-" + std::to_string(random() % 1000000000));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return fail(ErrorKind::io, "cannot write to folder " + dir.string() + ": " + reason());
    }
    ::close(fd);
    ::unlink(probe.c_str());
    return {};
}

} // namespace parley::util
