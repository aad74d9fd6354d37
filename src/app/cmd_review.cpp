// `parley review`: the deterministic task-queue design review, printed or written as JSON or Markdown.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "review/design_input.hpp"
#include "review/review.hpp"
#include "run/console.hpp"
#include "util/terminal_safe.hpp"
#include "util/text_file.hpp"

namespace parley::app {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Flags of `parley review`.
struct ReviewOptions {
    std::string design_file;
    std::string problem_file; ///< empty: no requirements mapping
    std::string output_file;  ///< empty: Markdown on stdout; else FILE.json or FILE.md
};

// Reviews a design and prints or writes the review; 0 when it could review, 2 for bad input.
int run_review(const ReviewOptions& options) {
    const bool json = ends_with(options.output_file, ".json");
    if (!options.output_file.empty() && !json && !ends_with(options.output_file, ".md")) {
        run::print_error("-o " + options.output_file + ": unknown extension (use .json or .md)");
        return exit_code::bad_input;
    }
    auto design = review::read_design(options.design_file);
    if (!design) {
        run::print_error(design.error().message);
        return exit_code::bad_input;
    }
    std::optional<std::string> problem;
    if (!options.problem_file.empty()) {
        auto text = review::read_problem(options.problem_file);
        if (!text) {
            run::print_error(text.error().message);
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
        run::print_error(written.error().message);
        return exit_code_for(written.error().kind);
    }
    std::printf("review: %s\n", options.output_file.c_str());
    return exit_code::ok;
}

} // namespace

Command add_review_command(CLI::App& app) {
    auto options = std::make_shared<ReviewOptions>();
    auto* cmd = app.add_subcommand("review", "Review a task-queue design: checklist, capacity math, requirements");
    cmd->add_option("design", options->design_file, "The design (Markdown or text), or a debate JSON")->required();
    cmd->add_option("--problem", options->problem_file, "The problem statement, to map its requirements");
    cmd->add_option("-o,--output", options->output_file, "Write the review to FILE.json or FILE.md instead of stdout");
    cmd->footer("Examples:\n"
                "  parley review examples/designs/kafka/sound.md\n"
                "  parley review design.md --problem examples/task-queue/problem.md -o review.json\n"
                "  parley review debates/deb-20261123-101500-k3x.json -o review.md\n"
                "Exit codes: 0 reviewed (whatever it found), 2 bad input (missing file, not UTF-8, over 1 MiB, "
                "unknown -o extension).");
    return {cmd, [options] {
                return run_review(*options);
            }};
}

} // namespace parley::app
