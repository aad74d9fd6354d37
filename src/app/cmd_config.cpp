// `parley config check FILE`: validates a config and says exactly what is wrong and where.

#include <cstdio>
#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "debate/config.hpp"
#include "run/console.hpp"

namespace parley::app {

namespace {

/// The flags of `parley config check`.
struct ConfigCheckOptions {
    std::string config_file;
    bool quiet = false;
    bool strict = false;
};

int run_config_check(const ConfigCheckOptions& options) {
    auto config = debate::load_config(options.config_file);
    if (!config) {
        return run::fail_with(config.error());
    }
    for (const auto& warning : config->warnings) {
        std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
    const std::size_t warnings = config->warnings.size();
    if (options.strict && warnings > 0) {
        run::print_error(config->source + ": " + std::to_string(warnings) + " warning" + (warnings == 1 ? "" : "s") +
                         ", refused by --strict");
        return exit_code::bad_input;
    }
    if (!options.quiet) {
        std::size_t enabled = 0;
        for (const auto& agent : config->agents) {
            enabled += agent.enabled ? 1 : 0;
        }
        std::printf("%s: ok, %zu warning%s (%zu agents, %zu enabled, %d rounds, judge %s)\n", config->source.c_str(),
                    warnings, warnings == 1 ? "" : "s", config->agents.size(), enabled, config->debate.rounds,
                    config->judge.id.c_str());
    }
    return exit_code::ok;
}

} // namespace

Command add_config_command(CLI::App& app) {
    auto options = std::make_shared<ConfigCheckOptions>();
    auto* cmd = app.add_subcommand("config", "Work with config files");
    cmd->require_subcommand(1);
    auto* check = cmd->add_subcommand("check", "Validate a config and say exactly what is wrong and where");
    check->add_option("file", options->config_file, "The config file")->required();
    check->add_flag("-q,--quiet", options->quiet, "Print nothing when the config is valid");
    check->add_flag("--strict", options->strict, "Refuse a config with warnings (exit code 2)");
    check->footer(footer_with("  parley config check configs/default.json\n"
                              "  parley config check parley.json --strict\n"));
    return {cmd, [options] {
                return run_config_check(*options);
            }};
}

} // namespace parley::app
