#include "run/preflight.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

namespace parley::run {

namespace {

// One endpoint and the distinct models the run asks it for, in the targets' order.
struct Endpoint {
    llm::Provider* provider = nullptr;
    std::vector<std::string> models;
};

std::vector<Endpoint> distinct_endpoints(const std::vector<CheckTarget>& targets) {
    // Agents sharing a server share its label.
    std::vector<Endpoint> out;
    for (const auto& target : targets) {
        if (!target.provider) {
            continue;
        }
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const Endpoint& e) { return e.provider->label() == target.provider->label(); });
        if (it == out.end()) {
            out.push_back({target.provider.get(), {}});
            it = std::prev(out.end());
        }
        if (!target.model.empty() &&
            std::find(it->models.begin(), it->models.end(), target.model) == it->models.end()) {
            it->models.push_back(target.model);
        }
    }
    return out;
}

// GET /models, then one chat check per model (all at once): the first failure in the models' order.
Result<void> check_one(const Endpoint& endpoint, const PreflightOptions& options) {
    if (auto listed = endpoint.provider->check_endpoint(options.limit); !listed || !options.chat) {
        return listed;
    }
    std::vector<Result<llm::ChatCheck>> checks(endpoint.models.size());
    {
        std::vector<std::jthread> calls;
        for (std::size_t i = 0; i < endpoint.models.size(); ++i) {
            calls.emplace_back(
                [&, i] { checks[i] = endpoint.provider->check_chat(endpoint.models[i], options.chat_limit); });
        }
    }
    for (std::size_t i = 0; i < checks.size(); ++i) {
        if (!checks[i]) {
            return tl::make_unexpected(checks[i].error());
        }
        const auto& c = *checks[i];
        if (c.made) {
            spdlog::debug("{}: chat check of model {}: {} ({} tokens{})", endpoint.provider->label(),
                          endpoint.models[i], c.answered ? "answered" : "inconclusive, " + c.note, c.usage.total_tokens,
                          c.usage.estimated ? ", estimated" : "");
        }
    }
    return {};
}

} // namespace

Result<void> check_endpoints(const std::vector<CheckTarget>& targets, const PreflightOptions& options) {
    const auto endpoints = distinct_endpoints(targets);
    std::vector<Result<void>> results(endpoints.size());
    {
        // In parallel, so the run waits for the slowest endpoint, not for their sum.
        std::vector<std::jthread> checks;
        for (std::size_t i = 0; i < endpoints.size(); ++i) {
            checks.emplace_back([&, i] { results[i] = check_one(endpoints[i], options); });
        }
    }
    for (auto& result : results) {
        if (!result) {
            return result;
        }
    }
    return {};
}

} // namespace parley::run
