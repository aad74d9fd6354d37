#include "util/text_file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace parley::util {

namespace {

std::string reason() {
    return std::strerror(errno);
}

// What a file that is not a regular file is, in the words of the one line that refuses it.
const char* not_a_file(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "it is a folder";
    }
    if (S_ISFIFO(mode)) {
        return "it is a FIFO (named pipe), not a regular file";
    }
    if (S_ISSOCK(mode)) {
        return "it is a socket, not a regular file";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "it is a device, not a regular file";
    }
    return "it is not a regular file";
}

// Refuses what stat says is not a regular file (nor a folder when one is allowed); nullopt when it is acceptable.
std::optional<std::string> refusal(const std::filesystem::path& path, mode_t mode, bool folder_allowed) {
    if (S_ISREG(mode) || (folder_allowed && S_ISDIR(mode))) {
        return std::nullopt;
    }
    return "cannot read " + path.string() + ": " + not_a_file(mode);
}

} // namespace

Result<void> check_input_path(const std::filesystem::path& path, InputKind kind) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return fail(ErrorKind::invalid_input, "cannot open " + path.string() + ": " + reason());
    }
    if (auto refused = refusal(path, info.st_mode, kind == InputKind::file_or_folder)) {
        return fail(ErrorKind::invalid_input, *refused);
    }
    return {};
}

Result<void> check_output_path(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode)) {
        return {}; // a missing output is made; whether it can be is the writer's error to give
    }
    return fail(ErrorKind::invalid_input,
                "cannot write " + path.string() + ": " + std::string(not_a_file(info.st_mode)));
}

Result<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO with no writer must not wait for one; the type check below then refuses it.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        const int open_errno = errno;
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
            return fail(ErrorKind::invalid_input, *refusal(path, info.st_mode, false));
        }
        return fail(ErrorKind::invalid_input, "cannot open " + path.string() + ": " + std::strerror(open_errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        const auto why = reason();
        ::close(fd);
        return fail(ErrorKind::io, "cannot read " + path.string() + ": " + why);
    }
    if (auto refused = refusal(path, info.st_mode, false)) {
        ::close(fd);
        return fail(ErrorKind::invalid_input, *refused);
    }
    if (info.st_size > 0 && static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
        ::close(fd);
        return fail(ErrorKind::invalid_input,
                    path.string() + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
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
