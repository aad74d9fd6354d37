#include "run/debate/setup.hpp"

#include <spdlog/spdlog.h>

#include "debate/clarifications.hpp"
#include "debate/problem.hpp"
#include "offline/offline_provider.hpp"
#include "run/debate/design.hpp"
#include "util/env.hpp"

namespace parley::run {

namespace {

void make_offline(debate::AgentConfig& agent) {
    agent.provider = llm::ProviderSpec{};
    agent.provider.kind = "offline";
    agent.model = offline::OfflineProvider::kModel;
}

// Applies --rounds, --agents, --offline and --seed to the loaded config.
Result<void> apply_overrides(Setup& setup, const DebateOptions& options) {
    if (options.rounds) {
        setup.config.debate.rounds = *options.rounds;
    }
    auto selected = debate::select_agents(setup.config, options.agents);
    if (!selected) {
        return tl::make_unexpected(selected.error());
    }
    setup.agents = std::move(*selected);
    std::vector<debate::AgentConfig*> all{&setup.config.judge};
    for (auto& a : setup.agents) {
        all.push_back(&a);
    }
    for (auto* agent : all) {
        if (options.offline) {
            make_offline(*agent);
        }
        agent->provider.seed = options.seed.value_or(0);
    }
    return {};
}

// The context folder (--context FOLDER wins over the config's debate.contextDirectory), opened by its real path. Agents
// that were given no "tools" get list_files, file_read and search, so `--context ./docs` is used as dialectic uses it.
Result<void> open_context_folder(Setup& setup, const std::string& folder) {
    auto& directory = setup.config.debate.context_directory;
    if (!folder.empty()) {
        directory = folder;
    }
    if (directory.empty()) {
        for (const auto& agent : setup.agents) {
            for (const auto kind : agent.tools) {
                if (kind != tools::ToolKind::context_search) {
                    spdlog::warn("{}: has {} but the debate has no context folder (give --context DIR or "
                                 "debate.contextDirectory); it is not offered",
                                 agent.id, tools::tool_name(kind));
                }
            }
        }
        return {};
    }
    auto opened = tools::ContextFolder::open(directory);
    if (!opened) {
        return fail(ErrorKind::invalid_input, opened.error().message + " (from " +
                                                  (folder.empty() ? "debate.contextDirectory" : "--context") + ")");
    }
    setup.context_folder = std::make_shared<const tools::ContextFolder>(std::move(*opened));
    for (auto& agent : setup.agents) {
        if (!agent.tools_given) {
            agent.tools = {tools::ToolKind::list_files, tools::ToolKind::file_read, tools::ToolKind::search};
        }
    }
    return {};
}

// Every provider is built, and every key checked, before the first call is made.
Result<void> build_providers(Setup& setup, const DebateOptions& options) {
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return tl::make_unexpected(env.error());
    }
    // Neither a replay nor a dry run reaches a provider, so neither needs a key.
    std::vector<std::string> key_names{setup.config.judge.provider.api_key_env};
    for (const auto& agent : setup.agents) {
        key_names.push_back(agent.provider.api_key_env);
    }
    setup.secret_values = env->secret_values(key_names);
    setup.providers = std::make_shared<ProviderCache>(std::move(*env), !options.replay_file.empty() || options.dry_run);
    return bind_providers(setup);
}

} // namespace

Result<void> bind_providers(Setup& setup) {
    for (const auto& agent : setup.agents) {
        auto provider = setup.providers->get(agent.provider);
        if (!provider) {
            return fail(provider.error().kind, agent.id + ": " + provider.error().message);
        }
        setup.participants.push_back({agent, *provider});
    }
    auto judge_provider = setup.providers->get(setup.config.judge.provider);
    if (!judge_provider) {
        return fail(judge_provider.error().kind, setup.config.judge.id + ": " + judge_provider.error().message);
    }
    setup.judge = {setup.config.judge, *judge_provider};
    return {};
}

Result<Setup> prepare_debate(const DebateOptions& options) {
    Setup setup;
    if (!options.design_file.empty()) {
        auto design = load_given_design(options);
        if (!design) {
            return tl::make_unexpected(design.error());
        }
        setup.design = std::move(*design);
    }
    if (setup.design && !setup.design->problem_given) {
        setup.problems = {review_problem(*setup.design)};
    } else {
        auto problems = load_problems(options.problem_text, options.problem_files);
        if (!problems) {
            return tl::make_unexpected(problems.error());
        }
        setup.problems = std::move(*problems);
    }
    std::error_code ec;
    const bool context_is_folder =
        !options.context_file.empty() && std::filesystem::is_directory(options.context_file, ec);
    if (!options.context_file.empty() && !context_is_folder) {
        std::vector<std::string> warnings;
        auto context = debate::load_context(options.context_file, warnings);
        if (!context) {
            return tl::make_unexpected(context.error());
        }
        for (const auto& warning : warnings) {
            spdlog::warn("{}", warning);
        }
        setup.context = std::move(*context);
    }
    auto config = debate::load_config(options.config_file);
    if (!config) {
        return tl::make_unexpected(config.error());
    }
    setup.config = std::move(*config);
    for (const auto& warning : setup.config.warnings) {
        spdlog::warn("{}", warning);
    }
    if (auto applied = apply_overrides(setup, options); !applied) {
        return tl::make_unexpected(applied.error());
    }
    if (setup.design && setup.config.debate.synthesis == debate::SynthesisMethod::voting) {
        return fail(ErrorKind::config, setup.config.source +
                                           ": synthesisMethod \"voting\" cannot decide on a given design (--design); "
                                           "use \"judge\" for a design review");
    }
    setup.baseline = options.baseline == "vote";
    if (setup.baseline && setup.design) {
        return fail(ErrorKind::invalid_input, "--baseline compares a debate from scratch with independent solutions; "
                                              "it does not apply to a design review (--design)");
    }
    if (auto opened = open_context_folder(setup, context_is_folder ? options.context_file : std::string()); !opened) {
        return tl::make_unexpected(opened.error());
    }
    if (!options.answers_file.empty()) {
        auto loaded = debate::load_answers(options.answers_file);
        if (!loaded) {
            return tl::make_unexpected(loaded.error());
        }
        setup.answers = std::move(*loaded);
    }
    if (auto built = build_providers(setup, options); !built) {
        return tl::make_unexpected(built.error());
    }
    return setup;
}

debate::ParticipantInfo participant_info(const debate::Participant& p) {
    return {p.config.id, p.config.name, p.config.role, p.config.model, p.provider->label(), p.config.temperature};
}

} // namespace parley::run
