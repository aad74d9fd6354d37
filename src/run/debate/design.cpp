#include "run/debate/design.hpp"

#include <filesystem>

#include "review/design_input.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace parley::run {

namespace {

// How deep a Markdown heading is (0 for a line that is none).
std::size_t heading_level(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && line[n] == '#') {
        ++n;
    }
    return n > 0 && n < line.size() && line[n] == ' ' ? n : 0;
}

bool names_requirements(std::string_view heading) {
    std::string lower(heading);
    for (char& c : lower) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    for (const char* word : {"requirement", "goal", "constraint", "slo", "acceptance criteria"}) {
        if (lower.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// The lines under the design's requirements headings, up to the next heading of the same or a higher level.
std::string stated_requirements(const std::string& design) {
    std::string out;
    std::size_t open_level = 0; // 0: not under a requirements heading
    std::size_t pos = 0;
    while (pos < design.size()) {
        const auto end = std::min(design.find('\n', pos), design.size());
        const auto line = std::string_view(design).substr(pos, end - pos);
        pos = end + 1;
        if (const auto level = heading_level(line); level > 0) {
            if (open_level > 0 && level <= open_level) {
                open_level = 0;
            }
            if (open_level == 0 && names_requirements(line)) {
                open_level = level;
            }
            continue;
        }
        if (open_level > 0 && !util::trim_space(line).empty()) {
            out.append(line).push_back('\n');
        }
    }
    return out;
}

} // namespace

Result<debate::GivenDesign> load_given_design(const DebateOptions& options) {
    debate::GivenDesign design;
    design.path = options.design_file;
    if (options.design_text) {
        design.text = *options.design_text;
    } else {
        auto text = review::read_design(options.design_file);
        if (!text) {
            return fail(ErrorKind::invalid_input, "--design " + text.error().message);
        }
        design.text = std::move(*text);
    }
    if (util::trim_space(design.text).empty()) {
        return fail(ErrorKind::invalid_input,
                    "--design " + options.design_file + ": the design is empty; give a Markdown or text design");
    }
    design.sha256 = util::sha256_hex(design.text);
    design.problem_given = options.problem_text.has_value() || !options.problem_files.empty();
    return design;
}

Problem review_problem(const debate::GivenDesign& design) {
    const auto stated = stated_requirements(design.text);
    std::string text = "# Review this design\n\nNo problem statement was given: review the design under review as "
                       "it stands, and decide whether it can ship.\n\n";
    text += stated.empty() ? "The design states no requirements, so judge it on its own terms: what it sets out to do, "
                             "the numbers it gives, and whether its mechanisms hold.\n"
                           : "## Requirements (as the design states them)\n\n" + stated;
    return {std::move(text), std::nullopt, std::filesystem::path(design.path).filename().string()};
}

} // namespace parley::run
