#include "util/path_clash.hpp"

namespace parley::util {

namespace {

std::filesystem::path real_path(const std::filesystem::path& path) {
    std::error_code ec;
    auto real = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    return ec ? std::filesystem::absolute(path, ec).lexically_normal() : real;
}

std::string named(const NamedPath& p) {
    return p.flag + " " + p.path.string();
}

} // namespace

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    // equivalent() compares device and inode, so a hard link or a link to a link is caught too.
    if (std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec)) {
        const bool same = std::filesystem::equivalent(a, b, ec);
        if (!ec) {
            return same;
        }
    }
    return real_path(a) == real_path(b);
}

Result<void> check_no_clash(const CommandPaths& paths) {
    for (std::size_t i = 0; i < paths.outputs.size(); ++i) {
        const auto& output = paths.outputs[i];
        if (output.path.empty()) {
            continue;
        }
        for (const auto& input : paths.inputs) {
            if (!input.path.empty() && same_file(output.path, input.path)) {
                return fail(ErrorKind::invalid_input, named(output) + " is the same file as the input " + named(input) +
                                                          "; writing it would destroy the input");
            }
        }
        for (std::size_t j = 0; j < i; ++j) {
            const auto& other = paths.outputs[j];
            if (!other.path.empty() && same_file(output.path, other.path)) {
                return fail(ErrorKind::invalid_input, named(output) + " is the same file as " + named(other) +
                                                          "; one output would overwrite the other");
            }
        }
    }
    return {};
}

} // namespace parley::util
