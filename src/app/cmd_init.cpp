// `parley init`: writes a ready config for one model server; flags, then one call into the run library.

#include <memory>

#include "app/commands.hpp"
#include "app/flags.hpp"
#include "run/init/init.hpp"

namespace parley::app {

namespace {

/// The flags of `parley init`.
struct InitFlags {
    run::InitOptions options;
    bool verbose = false;
    bool quiet = false;
};

} // namespace

Command add_init_command(CLI::App& app) {
    auto flags = std::make_shared<InitFlags>();
    auto& o = flags->options;
    auto* cmd = app.add_subcommand("init", "Write a ready config for your model server (asks it for its models)");
    cmd->add_option("--provider", o.provider, "The server's kind; default: guessed from --base-url, else ollama")
        ->check(CLI::IsMember({"ollama", "openai", "openrouter", "vllm"}));
    cmd->add_option("--base-url", o.base_url,
                    "The server's OpenAI-compatible address, e.g. http://127.0.0.1:8000/v1; default: the provider's "
                    "usual one");
    cmd->add_option("--model", o.model, "The model every agent and the judge use; default: the first the server lists");
    cmd->add_option("-o,--output", o.output, "The config file to write (never overwritten)")->capture_default_str();
    add_verbosity(*cmd, flags->verbose, flags->quiet);
    cmd->footer(footer_with("  parley init\n"
                            "  parley init --base-url http://127.0.0.1:8000/v1 --model Qwen/Qwen2.5-7B-Instruct\n"
                            "  parley init --provider openai --model gpt-4o-mini -o openai.json\n"));
    return {cmd, [flags] {
                auto options = flags->options;
                options.verbosity = verbosity_of(flags->verbose, flags->quiet);
                return run::run_init(options);
            }};
}

} // namespace parley::app
