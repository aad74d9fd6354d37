#include "run/sweep/worker_trust.hpp"

#include <filesystem>

#include "debate/config.hpp"
#include "eval/eval_config.hpp"
#include "redis/job_signature.hpp"
#include "run/provider_factory.hpp"

namespace parley::run {

namespace {

std::vector<llm::ProviderSpec> debate_specs(const debate::DebateConfig& config) {
    std::vector<llm::ProviderSpec> specs{config.judge.provider};
    for (const auto& agent : config.agents) {
        specs.push_back(agent.provider);
    }
    return specs;
}

std::vector<llm::ProviderSpec> eval_specs(const eval::EvalConfig& config) {
    std::vector<llm::ProviderSpec> specs;
    for (const auto& evaluator : config.evaluators) {
        specs.push_back(evaluator.provider);
    }
    return specs;
}

// Every provider the job's configs name, enabled or not. A config that does not parse here names none: running the
// job fails on it later with its own error.
std::vector<llm::ProviderSpec> job_specs(const sweep::SweepJob& job) {
    std::vector<llm::ProviderSpec> specs;
    if (auto config = debate::parse_config(job.config.text, job.config.name,
                                           std::filesystem::path(job.config.name).parent_path())) {
        specs = debate_specs(*config);
    }
    if (job.eval) {
        if (auto panel = eval::parse_eval_config(job.eval->text, job.eval->name,
                                                 std::filesystem::path(job.eval->name).parent_path())) {
            const auto more = eval_specs(*panel);
            specs.insert(specs.end(), more.begin(), more.end());
        }
    }
    return specs;
}

} // namespace

Result<EndpointAllowlist> worker_allowlist(const WorkerTrust& trust, const util::Env& env) {
    EndpointAllowlist allowed;
    for (const auto& path : trust.configs) {
        auto config = debate::load_config(path);
        if (!config) {
            return tl::make_unexpected(config.error());
        }
        if (auto added = allowed.allow_all(debate_specs(*config), env); !added) {
            return tl::make_unexpected(added.error());
        }
    }
    for (const auto& path : trust.eval_configs) {
        auto panel = eval::load_eval_config(path);
        if (!panel) {
            return tl::make_unexpected(panel.error());
        }
        if (auto added = allowed.allow_all(eval_specs(*panel), env); !added) {
            return tl::make_unexpected(added.error());
        }
    }
    for (const auto& text : trust.allow) {
        auto entry = EndpointAllowlist::parse_entry(text);
        if (!entry) {
            return tl::make_unexpected(entry.error());
        }
        allowed.allow(*entry);
    }
    return allowed;
}

std::optional<std::string> job_refusal(const sweep::SweepJob& job, const sweep::JobLease& lease,
                                       const EndpointAllowlist& allowed, const util::Env& env) {
    if (job.id != lease.job_id) {
        return "job entry " + lease.entry_id + " names job " + lease.job_id.substr(0, 80) + " but its payload is job " +
               job.id.substr(0, 80);
    }
    for (const auto& spec : job_specs(job)) {
        if (auto refused = allowed.refusal(spec, env)) {
            return *refused;
        }
        auto resolved = llm::resolve_endpoint(spec, env);
        if (resolved && *resolved && (*resolved)->key_env == sweep::kSigningKeyEnv) {
            return "sends " + std::string(sweep::kSigningKeyEnv) + " as an API key, which no endpoint may receive";
        }
    }
    return std::nullopt;
}

} // namespace parley::run
