#include "run/review/run.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "review/design_input.hpp"
#include "review/review.hpp"
#include "run/console.hpp"
#include "util/error.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

int run_review(const ReviewCommandOptions& options) {
    const bool json = ends_with(options.output_file, ".json");
    if (!options.output_file.empty() && !json && !ends_with(options.output_file, ".md")) {
        print_error("-o " + options.output_file + ": unknown extension (use .json or .md)");
        return exit_code::bad_input;
    }
    auto design = review::read_design(options.design_file);
    if (!design) {
        print_error(design.error().message);
        return exit_code::bad_input;
    }
    std::optional<std::string> problem;
    if (!options.problem_file.empty()) {
        auto text = review::read_problem(options.problem_file);
        if (!text) {
            print_error(text.error().message);
            return exit_code::bad_input;
        }
        problem = std::move(*text);
    }
    const auto result =
        review::review_design(*design, problem ? std::optional<std::string_view>(*problem) : std::nullopt);
    const auto text = json
                          ? review::to_json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                          : review::to_markdown(result);
    if (options.output_file.empty()) {
        // The review quotes the design's lines, which may hold escape sequences; a terminal must not run them.
        const auto shown = util::terminal_safe(text);
        std::fwrite(shown.data(), 1, shown.size(), stdout);
        return exit_code::ok;
    }
    if (auto written = util::write_file_atomically(options.output_file, text); !written) {
        print_error(written.error().message);
        return exit_code_for(written.error().kind);
    }
    if (!options.quiet) {
        std::printf("review: %s\n", options.output_file.c_str());
    }
    return exit_code::ok;
}

} // namespace parley::run
