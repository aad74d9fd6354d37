// `parley review`: the deterministic task-queue design review, printed or written as JSON or Markdown.

#include <memory>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "run/review/run.hpp"

namespace parley::app {

Command add_review_command(CLI::App& app) {
    auto options = std::make_shared<run::ReviewCommandOptions>();
    auto* cmd = app.add_subcommand("review", "Review a task-queue design: checklist, capacity math, requirements");
    cmd->add_option("design", options->design_file, "The design (Markdown or text), or a debate JSON")->required();
    cmd->add_option("--problem", options->problem_file, "The problem statement, to map its requirements");
    cmd->add_option("-o,--output", options->output_file, "Write the review to FILE.json or FILE.md instead of stdout");
    cmd->add_flag("-q,--quiet", options->quiet, "Print only errors (no \"review: FILE\" line after -o)");
    cmd->footer("Examples:\n"
                "  parley review examples/designs/kafka/sound.md\n"
                "  parley review design.md --problem examples/task-queue/problem.md -o review.json\n"
                "  parley review debates/deb-20261123-101500-k3x.json -o review.md\n"
                "Exit codes: 0 reviewed (whatever it found), 2 bad input (missing file, not UTF-8, over 1 MiB, "
                "unknown -o extension).");
    return {cmd, [options] {
                return run::run_review(*options);
            }};
}

} // namespace parley::app
