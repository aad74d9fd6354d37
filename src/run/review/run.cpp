#include "run/review/run.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "review/design_input.hpp"
#include "review/review.hpp"
#include "run/console.hpp"
#include "util/error.hpp"
#include "util/path_clash.hpp"

namespace parley::run {

int run_review(const ReviewCommandOptions& options) {
    const util::CommandPaths paths{{{"the design", options.design_file}, {"--problem", options.problem_file}},
                                   {{"-o", options.output_file}}};
    if (auto clash = util::check_no_clash(paths); !clash) {
        return fail_with(clash.error());
    }
    const bool json = options.output_file.ends_with(".json");
    if (!options.output_file.empty() && !json && !options.output_file.ends_with(".md")) {
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
    return write_output(text, options.output_file, "review", options.quiet);
}

} // namespace parley::run
