#include "run/debate/options.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

#include "util/text.hpp"

namespace parley::run {

Result<void> set_output(DebateOptions& options, const std::string& output) {
    const std::filesystem::path path = output;
    std::error_code ec;
    const auto extension = path.extension().string();
    if (extension.empty() || std::filesystem::is_directory(path, ec)) {
        options.output_dir = output;
        return {};
    }
    const auto folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    const auto stem = folder / path.stem();
    if (extension == ".json") {
        options.json_file = output;
        if (options.report_file.empty()) {
            options.report_file = stem.string() + ".md";
        }
    } else if (extension == ".md") {
        if (!options.report_file.empty()) {
            return fail(ErrorKind::invalid_input, "-o " + output + " and --report both name the report; give one");
        }
        options.report_file = output;
        options.json_file = stem.string() + ".json";
    } else {
        return fail(ErrorKind::invalid_input,
                    "-o " + output + ": unknown extension \"" + extension +
                        "\" (use FILE.json for the debate JSON, FILE.md for the report, or a folder name)");
    }
    options.output_dir = folder.string();
    return {};
}

std::vector<std::string> split_roles(const std::string& text) {
    std::vector<std::string> roles;
    for (std::size_t start = 0; start < text.size();) {
        const auto comma = std::min(text.find(',', start), text.size());
        const auto role = util::trim_space(std::string_view(text).substr(start, comma - start));
        if (!role.empty()) {
            roles.emplace_back(role);
        }
        start = comma + 1;
    }
    return roles;
}

std::string join_roles(const std::vector<std::string>& roles) {
    std::string out;
    for (const auto& r : roles) {
        out += (out.empty() ? "" : ",") + r;
    }
    return out;
}

} // namespace parley::run
