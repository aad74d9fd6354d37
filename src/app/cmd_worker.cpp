// `parley worker --redis URL`: flags, then one call into the run library.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/sweep/worker.hpp"

namespace parley::app {

namespace {

/// The flags of `parley worker`.
struct WorkerFlags {
    run::WorkerOptions options;
    long lease_seconds = 30;
    long max_idle_seconds = 0;
    bool no_preflight = false;
    bool no_chat_check = false;
    bool verbose = false;
    bool quiet = false;
};

} // namespace

Command add_worker_command(CLI::App& app) {
    auto flags = std::make_shared<WorkerFlags>();
    auto* cmd = app.add_subcommand(
        "worker", "Run the debates of sweeps enqueued in Redis (`parley sweep --redis`); jobs must be signed "
                  "with the secret in PARLEY_SWEEP_SIGNING_KEY, the same as `parley sweep`'s");
    cmd->add_option("--redis", flags->options.redis_url,
                    "The Redis the sweeps are in (redis://[:password@]host:port/db)")
        ->required();
    cmd->add_option("--debates", flags->options.debates, "Debates run at once")
        ->check(whole_number(1, 256))
        ->capture_default_str();
    cmd->add_option("--lease", flags->lease_seconds,
                    "Seconds a job stays this worker's without a renewal (renewed every third of it)")
        ->check(whole_number(1, 86400))
        ->capture_default_str();
    cmd->add_option("--max-idle", flags->max_idle_seconds, "Exit once no job came for this many seconds")
        ->check(whole_number(1, 86400 * 365));
    cmd->add_option("--work-dir", flags->options.work_dir, "Folder for the worker's journal and debate files")
        ->capture_default_str();
    cmd->add_option("--env-file", flags->options.env_file, "File of KEY=VALUE lines for API keys")
        ->capture_default_str();
    cmd->add_option("-c,--config", flags->options.trust.configs,
                    "A debate config whose agents' and judge's endpoints (each with its key variable) jobs may call; "
                    "repeatable. Without --config, --eval or --allow, jobs may use only the offline provider");
    cmd->add_option("--eval", flags->options.trust.eval_configs,
                    "An eval config whose evaluators' endpoints jobs may call; repeatable");
    cmd->add_option("--allow", flags->options.trust.allow,
                    "An endpoint jobs may call: URL (no key) or URL=KEY_VARIABLE (with the key in that variable); "
                    "repeatable");
    cmd->add_flag("--no-preflight", flags->no_preflight,
                  "Skip the check that a job's provider endpoints answer before this worker runs it");
    cmd->add_flag("--no-chat-check", flags->no_chat_check,
                  "Skip the one-token chat call the check sends each model after GET /models answers");
    cmd->add_option("--log-file", flags->options.log_file, "Also write every log line as JSON to FILE");
    add_verbosity(*cmd, flags->verbose, flags->quiet);
    cmd->footer(footer_with("  parley worker --redis redis://127.0.0.1:6379/0 -c configs/sweep.json\n"
                            "  parley worker --redis redis://:secret@queue.internal:6379/2 --debates 4 \\\n"
                            "      --allow https://api.openai.com/v1=OPENAI_API_KEY\n"));
    return {cmd, [cmd, flags] {
                auto options = flags->options;
                options.lease = std::chrono::seconds(flags->lease_seconds);
                if (cmd->count("--max-idle")) {
                    options.max_idle = std::chrono::seconds(flags->max_idle_seconds);
                }
                options.env_file_required = cmd->count("--env-file") > 0;
                options.preflight = !flags->no_preflight;
                options.chat_check = !flags->no_chat_check;
                options.verbosity = verbosity_of(flags->verbose, flags->quiet);
                return run::run_worker(options);
            }};
}

} // namespace parley::app
