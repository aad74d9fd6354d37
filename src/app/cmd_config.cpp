#include <cstdio>

#include "app/commands.hpp"
#include "debate/config.hpp"

namespace parley::app {

int run_config_check(const std::string& config_file, util::Verbosity verbosity) {
    auto config = debate::load_config(config_file);
    if (!config) {
        print_error(config.error().message);
        return exit_code_for(config.error().kind);
    }
    for (const auto& warning : config->warnings) {
        std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
    if (verbosity != util::Verbosity::quiet) {
        std::size_t enabled = 0;
        for (const auto& agent : config->agents) {
            enabled += agent.enabled ? 1 : 0;
        }
        std::printf("%s: ok (%zu agents, %zu enabled, %d rounds, judge %s)\n", config->source.c_str(),
                    config->agents.size(), enabled, config->debate.rounds, config->judge.id.c_str());
    }
    return exit_code::ok;
}

} // namespace parley::app
