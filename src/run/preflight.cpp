#include "run/preflight.hpp"

#include <set>
#include <string>
#include <thread>

namespace parley::run {

Result<void> check_endpoints(const std::vector<std::shared_ptr<llm::Provider>>& providers,
                             std::chrono::milliseconds limit) {
    // One check per endpoint: agents sharing a server share its label.
    std::vector<llm::Provider*> distinct;
    std::set<std::string> seen;
    for (const auto& provider : providers) {
        if (provider && seen.insert(provider->label()).second) {
            distinct.push_back(provider.get());
        }
    }
    std::vector<Result<void>> results(distinct.size());
    {
        // In parallel, so the run waits for the slowest endpoint, not for their sum.
        std::vector<std::jthread> checks;
        for (std::size_t i = 0; i < distinct.size(); ++i) {
            checks.emplace_back([&, i] { results[i] = distinct[i]->check_endpoint(limit); });
        }
    }
    for (auto& result : results) {
        if (!result) {
            return result;
        }
    }
    return {};
}

std::vector<std::shared_ptr<llm::Provider>> built_providers(const ProviderCache& cache) {
    std::vector<std::shared_ptr<llm::Provider>> out;
    for (const auto& built : cache.built()) {
        out.push_back(built.second);
    }
    return out;
}

} // namespace parley::run
