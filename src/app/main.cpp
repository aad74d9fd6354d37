// parley: structured design debates between role-based LLM agents. main only wires the commands; each command
// adds its own flags (src/app/cmd_*.cpp) and makes one call into the library.

#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <curl/curl.h>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "app/unknown_input.hpp"
#include "run/console.hpp"
#include "util/error.hpp"

namespace parley::app {

namespace {

// A first word that names no command gets one line with the nearest command, not CLI11's "A subcommand is
// required"; returns the exit code when it did.
std::optional<int> refuse_unknown_command(const CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-' || argv[1][0] == '\0') {
        return std::nullopt;
    }
    const std::string word = argv[1];
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->check_name(word)) {
            return std::nullopt;
        }
        names.push_back(sub->get_name());
    }
    std::string message = "unknown command '" + word + "'";
    if (auto near = nearest_command(word, names)) {
        message += "; did you mean '" + *near + "'?";
    } else {
        std::string list;
        for (const auto& name : names) {
            list += (list.empty() ? "" : ", ") + name;
        }
        message += " (commands: " + list + "; see parley --help)";
    }
    run::print_error(message);
    return exit_code::bad_input;
}

int run(int argc, char** argv) {
    CLI::App app{"parley: structured design debates between role-based LLM agents, judged and reported."};
    app.set_version_flag("--version", PARLEY_VERSION);
    app.require_subcommand(1);
    app.footer(footer_with("  parley init --base-url http://127.0.0.1:11434/v1\n"
                           "  parley debate -c parley.json -p problem.md\n"
                           "  parley report debates/deb-20261123-101500-k3x.json -o report.html\n"
                           "  parley resume deb-20261123-101500-k3x\n"
                           "  parley review design.md --problem problem.md\n"
                           "  parley config check parley.json --strict\n"
                           "  parley eval design.md --problem problem.md\n"
                           "  parley sweep sweep.json --dry-run\n"
                           "  parley worker --redis redis://127.0.0.1:6379/0\n"
                           "  parley runs . --html index.html\n"
                           "  parley cache stats\n"));
    const std::vector<Command> commands{
        add_init_command(app),   add_debate_command(app),   add_report_command(app), add_resume_command(app),
        add_review_command(app), add_config_command(app),   add_eval_command(app),   add_sweep_command(app),
        add_worker_command(app), add_simulate_command(app), add_runs_command(app),   add_cache_command(app),
    };
    if (auto refused = refuse_unknown_command(app, argc, argv)) {
        return *refused;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // A mistyped flag is named with the nearest one the command takes; any other mistake in CLI11's words.
        run::print_error(unknown_flag_message(app, argc, argv).value_or(e.what()));
        return exit_code::bad_input;
    }
    for (const auto& command : commands) {
        if (*command.cli) {
            return command.run();
        }
    }
    return exit_code::bad_input;
}

} // namespace

} // namespace parley::app

int main(int argc, char** argv) {
    // Past a file-size limit (ulimit -f) a write then fails with EFBIG and is reported like a full disk, instead of
    // SIGXFSZ killing parley without a word.
    std::signal(SIGXFSZ, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int code = parley::app::run(argc, argv);
    curl_global_cleanup();
    return code;
}
