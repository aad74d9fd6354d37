#include "run/provider_factory.hpp"

#include <filesystem>
#include <string_view>

#include "llm/openai_provider.hpp"
#include "offline/offline_provider.hpp"

namespace parley::llm {

namespace {

// Where each network kind lives when the config gives no baseUrl, and the variable its key defaults to. Local
// servers need no key, so theirs is optional unless the config names one.
// OpenAI's and OpenRouter's base URLs may also come from the variable their SDKs read (and dialectic does).
struct KindDefaults {
    std::string_view kind;
    std::string_view base_url;
    std::string_view key_env;
    std::string_view base_url_env;
};

constexpr KindDefaults kKinds[] = {
    {"openai", "https://api.openai.com/v1", "OPENAI_API_KEY", "OPENAI_BASE_URL"},
    {"openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", "OPENROUTER_BASE_URL"},
    {"ollama", "http://127.0.0.1:11434/v1", "", ""},
    {"vllm", "http://127.0.0.1:8000/v1", "", ""},
    {"llamacpp", "http://127.0.0.1:8080/v1", "", ""},
    {"openai-compatible", "", "", ""},
    {"custom", "", "", ""},
};

const KindDefaults* find_kind(std::string_view kind) {
    for (const auto& defaults : kKinds) {
        if (defaults.kind == kind) {
            return &defaults;
        }
    }
    return nullptr;
}

} // namespace

Result<std::optional<ResolvedEndpoint>> resolve_endpoint(const ProviderSpec& spec, const util::Env& env) {
    if (spec.kind == "offline") {
        return std::optional<ResolvedEndpoint>();
    }
    const KindDefaults* defaults = find_kind(spec.kind);
    if (defaults == nullptr) {
        return fail(ErrorKind::config, "unknown provider \"" + spec.kind + "\"");
    }
    ResolvedEndpoint endpoint;
    endpoint.base_url = spec.base_url;
    if (endpoint.base_url.empty() && !defaults->base_url_env.empty()) {
        endpoint.base_url = env.get(defaults->base_url_env).value_or("");
    }
    if (endpoint.base_url.empty()) {
        endpoint.base_url = defaults->base_url;
    }
    if (endpoint.base_url.empty()) {
        return fail(ErrorKind::config,
                    "provider \"" + spec.kind + "\" needs \"baseUrl\" (e.g. http://127.0.0.1:8000/v1)");
    }
    endpoint.key_env = spec.api_key_env.empty() ? std::string(defaults->key_env) : spec.api_key_env;
    return std::optional<ResolvedEndpoint>(std::move(endpoint));
}

Result<std::shared_ptr<Provider>> make_provider(const ProviderSpec& spec, const util::Env& env) {
    auto resolved = resolve_endpoint(spec, env);
    if (!resolved) {
        return tl::make_unexpected(resolved.error());
    }
    if (!*resolved) {
        return std::make_shared<offline::OfflineProvider>(spec.seed);
    }
    OpenAiEndpoint endpoint;
    endpoint.kind = spec.kind;
    endpoint.base_url = std::move((*resolved)->base_url);
    endpoint.api_key_env = std::move((*resolved)->key_env);
    if (!endpoint.api_key_env.empty()) {
        auto key = env.get(endpoint.api_key_env);
        if (!key) {
            return fail(ErrorKind::config, "provider \"" + spec.kind + "\" needs an API key: set " +
                                               endpoint.api_key_env + " in the environment or in .env");
        }
        endpoint.api_key = std::move(*key);
    }
    if (!spec.ca_bundle.empty() && !std::filesystem::is_regular_file(spec.ca_bundle)) {
        return fail(ErrorKind::config, "caBundle " + spec.ca_bundle + ": no such file");
    }
    endpoint.headers = spec.headers;
    endpoint.timeouts = spec.timeouts;
    endpoint.stream = spec.stream;
    endpoint.max_response_bytes = spec.max_response_bytes;
    endpoint.ca_bundle = spec.ca_bundle;
    return std::make_shared<OpenAiProvider>(std::move(endpoint));
}

} // namespace parley::llm
