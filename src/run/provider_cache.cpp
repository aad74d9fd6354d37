#include "run/provider_cache.hpp"

#include "llm/replay_provider.hpp"
#include "run/provider_factory.hpp"

namespace parley::run {

namespace {

std::string spec_key(const llm::ProviderSpec& s) {
    std::string key = s.kind + "|" + s.base_url + "|" + s.api_key_env + "|" + s.ca_bundle + "|" +
                      (s.stream ? "s" : "n") + "|" + std::to_string(s.timeouts.connect_ms) + "," +
                      std::to_string(s.timeouts.first_byte_ms) + "," + std::to_string(s.timeouts.idle_ms) + "," +
                      std::to_string(s.timeouts.total_ms) + "|" + std::to_string(s.seed) + "|" +
                      std::to_string(s.max_response_bytes);
    for (const auto& [k, v] : s.headers) {
        key += "|" + k + "=" + v;
    }
    return key;
}

// A stand-in never reaches the network, so it needs no key; the real provider is built only for its label,
// which names the lane and the recorded calls.
Result<std::shared_ptr<llm::Provider>> stand_in(const llm::ProviderSpec& spec, const util::Env& env) {
    std::map<std::string, std::string> no_keys{{"OPENAI_API_KEY", "replay"}, {"OPENROUTER_API_KEY", "replay"}};
    // The base URL variables pick the endpoint the label names, as they did for the recorded run.
    for (const char* name : {"OPENAI_BASE_URL", "OPENROUTER_BASE_URL"}) {
        if (auto value = env.get(name)) {
            no_keys[name] = *value;
        }
    }
    if (!spec.api_key_env.empty()) {
        no_keys[spec.api_key_env] = "replay";
    }
    auto real = llm::make_provider(spec, util::Env::from_values(no_keys));
    if (!real) {
        return real;
    }
    return std::shared_ptr<llm::Provider>(std::make_shared<llm::ReplayProvider>(std::move(*real)));
}

} // namespace

Result<std::shared_ptr<llm::Provider>> ProviderCache::get(const llm::ProviderSpec& spec) {
    const auto key = spec_key(spec);
    if (auto it = cache_.find(key); it != cache_.end()) {
        return it->second;
    }
    if (allowed_) {
        if (auto refused = allowed_->refusal(spec, env_)) {
            return fail(ErrorKind::config, *refused);
        }
    }
    auto provider = stand_ins_ ? stand_in(spec, env_) : llm::make_provider(spec, env_);
    if (provider) {
        cache_[key] = *provider;
        built_.emplace_back(spec, *provider);
    }
    return provider;
}

} // namespace parley::run
