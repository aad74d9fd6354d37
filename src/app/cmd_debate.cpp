#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/interrupt.hpp"
#include "debate/call_executor.hpp"
#include "debate/clarifications.hpp"
#include "debate/config.hpp"
#include "debate/debate_state.hpp"
#include "debate/orchestrator.hpp"
#include "debate/problem.hpp"
#include "llm/offline_provider.hpp"
#include "llm/provider_factory.hpp"
#include "report/markdown_report.hpp"
#include "util/text_file.hpp"
#include "util/clock.hpp"
#include "util/env.hpp"

namespace parley::app {

namespace {

std::string spec_key(const llm::ProviderSpec& s) {
    std::string key = s.kind + "|" + s.base_url + "|" + s.api_key_env + "|" + s.ca_bundle + "|" +
                      (s.stream ? "s" : "n") + "|" + std::to_string(s.timeouts.connect_ms) + "," +
                      std::to_string(s.timeouts.first_byte_ms) + "," + std::to_string(s.timeouts.idle_ms) + "," +
                      std::to_string(s.timeouts.total_ms);
    for (const auto& [k, v] : s.headers) {
        key += "|" + k + "=" + v;
    }
    return key;
}

// Agents that share an endpoint share one provider, so connections are reused across them.
class ProviderCache {
public:
    explicit ProviderCache(const util::Env& env) : env_(env) {}

    Result<std::shared_ptr<llm::Provider>> get(const llm::ProviderSpec& spec) {
        const auto key = spec_key(spec);
        if (auto it = cache_.find(key); it != cache_.end()) {
            return it->second;
        }
        auto provider = llm::make_provider(spec, env_);
        if (provider) {
            cache_[key] = *provider;
        }
        return provider;
    }

private:
    const util::Env& env_;
    std::map<std::string, std::shared_ptr<llm::Provider>> cache_;
};

debate::ParticipantInfo info_of(const debate::Participant& p) {
    return {p.config.id, p.config.name, p.config.role, p.config.model, p.provider->label(), p.config.temperature};
}

void make_offline(debate::AgentConfig& agent, std::uint64_t seed) {
    agent.provider = llm::ProviderSpec{};
    agent.provider.kind = "offline";
    agent.provider.seed = seed;
    agent.model = llm::OfflineProvider::kModel;
}

int fail_with(const Error& e) {
    print_error(e.message);
    return exit_code_for(e.kind);
}

// Interactive answers only make sense when a person is at the terminal.
std::string ask_on_terminal(const debate::AgentClarifications& agent, const debate::ClarificationItem& item) {
    std::cerr << "[" << agent.agent_name << "] " << item.question << "\n> " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
        return {};
    }
    return line;
}

} // namespace

int run_debate(const DebateOptions& options) {
    if (auto logged = util::setup_logging(options.verbosity, options.log_file); !logged) {
        return fail_with(logged.error());
    }
    auto problem = debate::load_problem(options.problem_text, options.problem_file);
    if (!problem) {
        return fail_with(problem.error());
    }
    auto config = debate::load_config(options.config_file);
    if (!config) {
        return fail_with(config.error());
    }
    for (const auto& warning : config->warnings) {
        spdlog::warn("{}", warning);
    }
    if (options.rounds) {
        config->debate.rounds = *options.rounds;
    }
    auto selected = debate::select_agents(*config, options.agents);
    if (!selected) {
        return fail_with(selected.error());
    }
    const std::uint64_t seed = options.seed.value_or(0);
    if (options.offline) {
        for (auto& agent : *selected) {
            make_offline(agent, seed);
        }
        make_offline(config->judge, seed);
    }
    std::map<std::string, std::string> answers;
    if (!options.answers_file.empty()) {
        auto loaded = debate::load_answers(options.answers_file);
        if (!loaded) {
            return fail_with(loaded.error());
        }
        answers = std::move(*loaded);
    }

    // Every provider is built, and every key checked, before the first call is made.
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return fail_with(env.error());
    }
    ProviderCache providers(*env);
    std::vector<debate::Participant> participants;
    for (auto& agent : *selected) {
        agent.provider.seed = seed;
        auto provider = providers.get(agent.provider);
        if (!provider) {
            return fail_with(Error{provider.error().kind, agent.id + ": " + provider.error().message, 0, std::nullopt});
        }
        participants.push_back({agent, *provider});
    }
    config->judge.provider.seed = seed;
    auto judge_provider = providers.get(config->judge.provider);
    if (!judge_provider) {
        return fail_with(
            Error{judge_provider.error().kind, config->judge.id + ": " + judge_provider.error().message, 0, std::nullopt});
    }
    debate::Participant judge{config->judge, *judge_provider};

    debate::DebateState state;
    state.id = util::make_debate_id(options.seed);
    state.problem = *problem;
    state.created_at = util::now_iso8601();
    state.updated_at = state.created_at;
    state.seed = seed;
    for (const auto& p : participants) {
        state.agents.push_back(info_of(p));
    }
    state.judge = info_of(judge);

    const bool show_progress =
        options.verbosity == util::Verbosity::verbose ||
        (options.verbosity == util::Verbosity::normal && ::isatty(STDERR_FILENO));
    auto progress = [&](const std::string& message) {
        if (show_progress) {
            std::fprintf(stderr, "parley: %s\n", message.c_str());
        }
        spdlog::debug("{}: {}", state.id, message);
    };

    const std::filesystem::path out_dir = options.output_dir;
    const auto json_path = out_dir / (state.id + ".json");
    const auto report_path = options.report_file.empty() ? out_dir / (state.id + ".md")
                                                         : std::filesystem::path(options.report_file);
    auto save = [&]() -> Result<void> {
        if (auto saved = debate::save_debate(state, json_path.string()); !saved) {
            return saved;
        }
        return util::write_file_atomically(report_path, report::render_markdown(state, report::ReportOptions{false}));
    };

    debate::DirectExecutor executor;
    debate::Orchestrator orchestrator(participants, judge, config->debate, executor, progress);
    InterruptGuard interrupt;
    const auto started = std::chrono::steady_clock::now();
    Result<void> outcome;
    if (options.clarify) {
        auto questions = orchestrator.ask_clarifications(state, interrupt.token());
        if (!questions) {
            outcome = tl::make_unexpected(questions.error());
        } else {
            const bool interactive = ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
            debate::answer_questions(*questions, answers, interactive ? debate::AskFunction(ask_on_terminal)
                                                                      : debate::AskFunction());
            state.clarifications = std::move(*questions);
        }
    }
    if (outcome) {
        outcome = orchestrator.run(state, interrupt.token());
    }
    state.metrics.wall_ms = util::elapsed_ms(started);
    if (!outcome) {
        state.status = "failed";
        state.updated_at = util::now_iso8601();
        Error e = outcome.error();
        if (interrupt.interrupted()) {
            e = Error{ErrorKind::cancelled, "interrupted; the work done so far is saved", 0, std::nullopt};
        }
        if (auto saved = save(); saved) {
            std::fprintf(stderr, "parley: partial debate saved to %s\n", json_path.string().c_str());
        } else {
            print_error(saved.error().message);
        }
        return fail_with(e);
    }
    if (auto saved = save(); !saved) {
        return fail_with(saved.error());
    }
    std::printf("debate: %s\nreport: %s\n", json_path.string().c_str(), report_path.string().c_str());
    return exit_code::ok;
}

} // namespace parley::app
