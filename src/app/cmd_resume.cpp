// `parley resume ID`: flags, then one call into the run library, which restores the run's options from the journal.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/debate/run.hpp"

namespace parley::app {

namespace {

/// The flags of `parley resume`.
struct ResumeFlags {
    run::ResumeOptions options;
    bool verbose = false;
    bool quiet = false;
    bool no_preflight = false;
    bool no_chat_check = false;
};

} // namespace

Command add_resume_command(CLI::App& app) {
    auto flags = std::make_shared<ResumeFlags>();
    auto* cmd = app.add_subcommand("resume", "Continue an interrupted debate; finished calls are not paid again");
    cmd->add_option("id", flags->options.run_id, "The debate id (as printed when it stopped)")->required();
    cmd->add_option("--journal", flags->options.journal_file,
                    "The journal it ran with; default: debates/journal.sqlite");
    cmd->add_flag("--no-preflight", flags->no_preflight,
                  "Skip the check that every provider endpoint answers before the first call");
    cmd->add_flag("--no-chat-check", flags->no_chat_check,
                  "Skip the one-token chat call the check sends each model after GET /models answers");
    add_verbosity(*cmd, flags->verbose, flags->quiet);
    cmd->footer(footer_with("  parley resume deb-20261123-101500-k3x\n"
                            "  parley resume deb-20261123-101500-k3x --journal runs/journal.sqlite\n"));
    return {cmd, [flags] {
                auto options = flags->options;
                options.verbosity = verbosity_of(flags->verbose, flags->quiet);
                options.preflight = !flags->no_preflight;
                options.chat_check = !flags->no_chat_check;
                return run::resume_debate(options);
            }};
}

} // namespace parley::app
