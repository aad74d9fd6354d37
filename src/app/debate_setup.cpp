#include "app/debate_setup.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "debate/clarifications.hpp"
#include "debate/plan.hpp"
#include "debate/problem.hpp"
#include "debate/queued_executor.hpp"
#include "llm/provider_factory.hpp"
#include "llm/replay_provider.hpp"
#include "offline/provider.hpp"
#include "util/env.hpp"

namespace parley::app {

namespace {

std::string spec_key(const llm::ProviderSpec& s) {
    std::string key = s.kind + "|" + s.base_url + "|" + s.api_key_env + "|" + s.ca_bundle + "|" +
                      (s.stream ? "s" : "n") + "|" + std::to_string(s.timeouts.connect_ms) + "," +
                      std::to_string(s.timeouts.first_byte_ms) + "," + std::to_string(s.timeouts.idle_ms) + "," +
                      std::to_string(s.timeouts.total_ms) + "|" + std::to_string(s.seed);
    for (const auto& [k, v] : s.headers) {
        key += "|" + k + "=" + v;
    }
    return key;
}

// Agents that share an endpoint share one provider, so connections are reused across them.
class ProviderCache {
public:
    ProviderCache(const util::Env& env, bool replay) : env_(env), replay_(replay) {}

    Result<std::shared_ptr<llm::Provider>> get(const llm::ProviderSpec& spec) {
        const auto key = spec_key(spec);
        if (auto it = cache_.find(key); it != cache_.end()) {
            return it->second;
        }
        auto provider = replay_ ? replay_stand_in(spec) : llm::make_provider(spec, env_);
        if (provider) {
            cache_[key] = *provider;
        }
        return provider;
    }

private:
    // A replay never reaches the network, so it needs no key; the real provider is built only for its label,
    // which names the lane and the recorded calls, and for its key inputs, which find them.
    static Result<std::shared_ptr<llm::Provider>> replay_stand_in(const llm::ProviderSpec& spec) {
        std::map<std::string, std::string> no_keys{{"OPENAI_API_KEY", "replay"}, {"OPENROUTER_API_KEY", "replay"}};
        if (!spec.api_key_env.empty()) {
            no_keys[spec.api_key_env] = "replay";
        }
        auto real = llm::make_provider(spec, util::Env::from_values(no_keys));
        if (!real) {
            return real;
        }
        return std::shared_ptr<llm::Provider>(std::make_shared<llm::ReplayProvider>(std::move(*real)));
    }

    const util::Env& env_;
    bool replay_;
    std::map<std::string, std::shared_ptr<llm::Provider>> cache_;
};

void make_offline(debate::AgentConfig& agent) {
    agent.provider = llm::ProviderSpec{};
    agent.provider.kind = "offline";
    agent.model = offline::OfflineProvider::kModel;
}

Result<std::vector<Problem>> load_problems(const DebateOptions& options) {
    if (options.problem_text || options.problem_files.empty()) {
        const std::optional<std::string> file =
            options.problem_files.empty() ? std::nullopt : std::optional<std::string>(options.problem_files.front());
        auto text = debate::load_problem(options.problem_text, file);
        if (!text) {
            return tl::make_unexpected(text.error());
        }
        return std::vector<Problem>{{std::move(*text), std::nullopt}};
    }
    std::vector<Problem> out;
    for (const auto& given : options.problem_files) {
        std::vector<std::string> files{given};
        std::error_code ec;
        if (std::filesystem::is_directory(given, ec)) {
            files.clear();
            for (const auto& entry : std::filesystem::directory_iterator(given, ec)) {
                if (entry.is_regular_file() && entry.path().extension() == ".md") {
                    files.push_back(entry.path().string());
                }
            }
            std::sort(files.begin(), files.end());
            if (files.empty()) {
                return fail(ErrorKind::invalid_input, "--problem " + given + ": the folder holds no .md problem files");
            }
        }
        for (const auto& file : files) {
            auto text = debate::load_problem(std::nullopt, file);
            if (!text) {
                return tl::make_unexpected(text.error());
            }
            out.push_back({std::move(*text), file});
        }
    }
    return out;
}

} // namespace

Result<Setup> prepare_debate(const DebateOptions& options) {
    Setup setup;
    auto problems = load_problems(options);
    if (!problems) {
        return tl::make_unexpected(problems.error());
    }
    setup.problems = std::move(*problems);
    auto config = debate::load_config(options.config_file);
    if (!config) {
        return tl::make_unexpected(config.error());
    }
    setup.config = std::move(*config);
    for (const auto& warning : setup.config.warnings) {
        spdlog::warn("{}", warning);
    }
    if (options.rounds) {
        setup.config.debate.rounds = *options.rounds;
    }
    auto selected = debate::select_agents(setup.config, options.agents);
    if (!selected) {
        return tl::make_unexpected(selected.error());
    }
    setup.agents = std::move(*selected);
    const std::uint64_t seed = options.seed.value_or(0);
    for (auto* agent : [&] {
             std::vector<debate::AgentConfig*> all{&setup.config.judge};
             for (auto& a : setup.agents)
                 all.push_back(&a);
             return all;
         }()) {
        if (options.offline) {
            make_offline(*agent);
        }
        agent->provider.seed = seed;
    }
    if (!options.answers_file.empty()) {
        auto loaded = debate::load_answers(options.answers_file);
        if (!loaded) {
            return tl::make_unexpected(loaded.error());
        }
        setup.answers = std::move(*loaded);
    }

    // Every provider is built, and every key checked, before the first call is made.
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return tl::make_unexpected(env.error());
    }
    // Neither a replay nor a dry run reaches a provider, so neither needs a key.
    ProviderCache providers(*env, !options.replay_file.empty() || options.dry_run);
    for (const auto& agent : setup.agents) {
        auto provider = providers.get(agent.provider);
        if (!provider) {
            return fail(provider.error().kind, agent.id + ": " + provider.error().message);
        }
        setup.participants.push_back({agent, *provider});
    }
    auto judge_provider = providers.get(setup.config.judge.provider);
    if (!judge_provider) {
        return fail(judge_provider.error().kind, setup.config.judge.id + ": " + judge_provider.error().message);
    }
    setup.judge = {setup.config.judge, *judge_provider};
    return setup;
}

Result<std::unique_ptr<queue::Engine>> make_engine(const Setup& setup, std::shared_ptr<queue::ResultStore> store,
                                                   std::shared_ptr<queue::DeadLetterStore> dead_letters) {
    const auto& q = setup.config.queue;
    queue::EngineOptions options;
    options.workers = q.workers;
    options.store = std::move(store);
    options.dead_letters = std::move(dead_letters);
    options.seed = setup.judge.config.provider.seed + 1;
    auto engine = std::make_unique<queue::Engine>(options);
    std::map<std::string, const debate::Participant*> lanes;
    for (const auto& p : setup.participants) {
        lanes.emplace(debate::QueuedExecutor::lane_for(*p.provider), &p);
    }
    lanes.emplace(debate::QueuedExecutor::lane_for(*setup.judge.provider), &setup.judge);
    for (const auto& [name, participant] : lanes) {
        const auto& limits = debate::lane_config_for(q, participant->config.provider);
        queue::LaneOptions lane;
        lane.max_concurrency = limits.concurrency;
        if (limits.requests_per_minute)
            lane.requests = queue::RateLimit{*limits.requests_per_minute, 0};
        if (limits.tokens_per_minute)
            lane.tokens = queue::RateLimit{*limits.tokens_per_minute, 0};
        lane.retry.max_attempts = q.max_attempts;
        lane.retry.base_delay = std::chrono::milliseconds(q.base_delay_ms);
        lane.retry.max_delay = std::chrono::milliseconds(std::max(q.max_delay_ms, q.base_delay_ms));
        lane.retry.jitter = q.jitter == "equal"          ? queue::Jitter::equal
                            : q.jitter == "decorrelated" ? queue::Jitter::decorrelated
                                                         : queue::Jitter::full;
        lane.breaker.failure_threshold = q.breaker_failures;
        lane.breaker.cool_down = std::chrono::milliseconds(q.breaker_cool_down_ms);
        if (auto added = engine->add_lane(name, lane); !added) {
            return tl::make_unexpected(added.error());
        }
    }
    return engine;
}

int print_dry_run(const Setup& setup, const DebateOptions& options) {
    for (const auto& problem : setup.problems) {
        if (setup.problems.size() > 1) {
            std::printf("== %s\n", problem.file.value_or("problem").c_str());
        }
        const debate::PlanInput input{setup.agents, setup.config.judge, setup.config.debate, options.clarify,
                                      problem.text};
        const auto text = debate::format_plan(debate::plan_debate(input, setup.config.prices));
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return exit_code::ok;
}

debate::ParticipantInfo participant_info(const debate::Participant& p) {
    return {p.config.id, p.config.name, p.config.role, p.config.model, p.provider->label(), p.config.temperature};
}

std::vector<std::string> resume_command_line(const DebateOptions& o, const Problem& problem) {
    std::vector<std::string> args{"debate"};
    if (problem.file) {
        args.insert(args.end(), {"-p", std::filesystem::absolute(*problem.file).string()});
    } else {
        args.push_back(problem.text);
    }
    if (!o.config_file.empty())
        args.insert(args.end(), {"-c", std::filesystem::absolute(o.config_file).string()});
    if (!o.agents.empty()) {
        std::string roles;
        for (const auto& a : o.agents)
            roles += (roles.empty() ? "" : ",") + a;
        args.insert(args.end(), {"--agents", roles});
    }
    if (o.rounds)
        args.insert(args.end(), {"--rounds", std::to_string(*o.rounds)});
    args.insert(args.end(), {"-o", std::filesystem::absolute(o.output_dir).string()});
    if (!o.report_file.empty())
        args.insert(args.end(), {"--report", std::filesystem::absolute(o.report_file).string()});
    if (o.offline)
        args.push_back("--offline");
    if (o.seed)
        args.insert(args.end(), {"--seed", std::to_string(*o.seed)});
    if (o.clarify)
        args.push_back("--clarify");
    if (!o.answers_file.empty())
        args.insert(args.end(), {"--answers", std::filesystem::absolute(o.answers_file).string()});
    if (o.env_file_required)
        args.insert(args.end(), {"--env-file", std::filesystem::absolute(o.env_file).string()});
    if (o.cache)
        args.push_back("--cache");
    if (o.max_cost_usd)
        args.insert(args.end(), {"--max-cost", std::to_string(*o.max_cost_usd)});
    if (o.max_tokens)
        args.insert(args.end(), {"--max-tokens", std::to_string(*o.max_tokens)});
    return args;
}

} // namespace parley::app
