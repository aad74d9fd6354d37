// `parley cache stats|clear`: the shared cache that --cache fills; flags, then one call into the run library.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/cache_command.hpp"

namespace parley::app {

namespace {

/// The flags of `parley cache`.
struct CacheFlags {
    run::CacheCommandOptions options;
    bool verbose = false;
    bool quiet = false;
};

} // namespace

Command add_cache_command(CLI::App& app) {
    auto flags = std::make_shared<CacheFlags>();
    auto* cmd = app.add_subcommand("cache", "Show or empty the shared cache that --cache fills");
    cmd->require_subcommand(1);
    auto* stats = cmd->add_subcommand("stats", "What the cache holds: calls, answer bytes, tokens, oldest and newest");
    auto* clear = cmd->add_subcommand("clear", "Remove every call from the cache");
    for (auto* sub : {stats, clear}) {
        sub->add_option("--cache-dir", flags->options.cache_dir,
                        "The cache's folder; default: $XDG_CACHE_HOME/parley or ~/.cache/parley");
        add_verbosity(*sub, flags->verbose, flags->quiet);
    }
    cmd->footer(footer_with("  parley cache stats\n"
                            "  parley cache clear\n"
                            "  parley cache stats --cache-dir /srv/parley-cache\n"));
    return {cmd, [flags, clear] {
                auto options = flags->options;
                options.quiet = flags->quiet;
                return clear->parsed() ? run::run_cache_clear(options) : run::run_cache_stats(options);
            }};
}

} // namespace parley::app
