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

util::CommandPaths debate_paths(const DebateOptions& o) {
    util::CommandPaths paths;
    for (const auto& problem : o.problem_files) {
        paths.inputs.push_back({"-p", problem});
    }
    paths.inputs.push_back({"-c", o.config_file});
    paths.inputs.push_back({"--context", o.context_file});
    paths.inputs.push_back({"--design", o.design_file});
    paths.inputs.push_back({"--answers", o.answers_file});
    paths.inputs.push_back({"--env-file", o.env_file});
    paths.inputs.push_back({"--eval", o.eval_config});
    paths.inputs.push_back({"--replay", o.replay_file});
    paths.outputs.push_back({"--log-file", o.log_file});
    paths.outputs.push_back({"-o", o.json_file});
    paths.outputs.push_back({"--report", o.report_file});
    if (o.html && !o.report_file.empty()) {
        paths.outputs.push_back({"--html", std::filesystem::path(o.report_file).replace_extension(".html")});
    }
    if (o.replay_file.empty()) {
        paths.outputs.push_back({"--journal", o.journal_file.empty()
                                                  ? std::filesystem::path(o.output_dir) / "journal.sqlite"
                                                  : std::filesystem::path(o.journal_file)});
    }
    return paths;
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
