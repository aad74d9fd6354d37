#include "run/init/init.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <tuple>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "debate/config.hpp"
#include "llm/model_list.hpp"
#include "run/console.hpp"
#include "util/env.hpp"
#include "util/text_safety.hpp"

namespace parley::run {

namespace {

using nlohmann::json;

/// Where each provider init knows usually lives, the key it needs, and a model to write when the server names none.
struct KnownProvider {
    const char* kind;
    const char* base_url;
    const char* key_env;
    const char* fallback_model;
};

constexpr KnownProvider kKnown[] = {
    {"ollama", "http://127.0.0.1:11434/v1", "", "llama3.1:8b"},
    {"vllm", "http://127.0.0.1:8000/v1", "", "Qwen/Qwen2.5-7B-Instruct"},
    {"openai", "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4o-mini"},
    {"openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", "openai/gpt-4o-mini"},
    {"openai-compatible", "", "", "local-model"},
};

const KnownProvider& known(const std::string& kind) {
    for (const auto& k : kKnown) {
        if (kind == k.kind) {
            return k;
        }
    }
    return kKnown[std::size(kKnown) - 1];
}

// The config init writes: one "defaults" block for the server, and the built-in panel of three debaters and a judge.
json config_for(const std::string& kind, const std::string& base_url, const std::string& model) {
    json defaults{{"provider", kind}, {"baseUrl", base_url}, {"model", model}};
    if (const std::string key_env = known(kind).key_env; !key_env.empty()) {
        defaults["apiKeyEnv"] = key_env;
    }
    json agents = json::array();
    for (const auto& [id, name, role] : {std::tuple{"agent-architect", "System Architect", "architect"},
                                         std::tuple{"agent-performance", "Performance Engineer", "performance"},
                                         std::tuple{"agent-security", "Security Specialist", "security"}}) {
        agents.push_back({{"id", id}, {"name", name}, {"role", role}});
    }
    return json{{"defaults", defaults},
                {"agents", agents},
                {"judge", {{"id", "judge-main"}, {"name", "Technical Judge"}, {"role", "generalist"}}},
                {"debate", {{"rounds", 2}}}};
}

// The model to write: the one asked for, else the first the server lists, else the provider's usual one; says
// which and why.
std::string choose_model(const InitOptions& options, const std::string& kind, const std::string& base_url) {
    const auto& k = known(kind);
    std::string key;
    if (const std::string key_env = k.key_env; !key_env.empty()) {
        if (auto env = util::Env::load(".env", false)) {
            key = env->get(key_env).value_or("");
        }
    }
    const auto listed = llm::list_models(base_url, key, options.models_limit);
    if (!listed) {
        if (options.model.empty()) {
            spdlog::warn("{}; wrote model {}: change it to one your server has", listed.error().message,
                         k.fallback_model);
            return k.fallback_model;
        }
        return options.model;
    }
    const auto& models = *listed;
    if (!options.model.empty()) {
        if (!models.empty() && std::find(models.begin(), models.end(), options.model) == models.end()) {
            spdlog::warn("the server at {} lists no model {} (it has {}); wrote it anyway", base_url,
                         util::quote_value(options.model), util::quote_value(models.front()));
        }
        return options.model;
    }
    if (models.empty()) {
        spdlog::warn("the server at {} lists no models; wrote model {}: change it to one it serves", base_url,
                     k.fallback_model);
        return k.fallback_model;
    }
    if (options.verbosity != util::Verbosity::quiet) {
        std::printf("model %s: the first of the %zu model(s) the server lists (choose another with --model)\n",
                    models.front().c_str(), models.size());
    }
    return models.front();
}

} // namespace

std::string init_provider(const InitOptions& options) {
    if (!options.provider.empty()) {
        return options.provider;
    }
    const auto& url = options.base_url;
    if (url.empty() || url.find(":11434") != std::string::npos) {
        return "ollama";
    }
    if (url.find("api.openai.com") != std::string::npos) {
        return "openai";
    }
    if (url.find("openrouter.ai") != std::string::npos) {
        return "openrouter";
    }
    return "openai-compatible";
}

int run_init(const InitOptions& options) {
    if (auto logging = util::setup_logging(options.verbosity, ""); !logging) {
        return fail_with(logging.error());
    }
    std::error_code ec;
    if (std::filesystem::exists(options.output, ec)) {
        print_error(options.output + " exists; parley init never overwrites a file (choose another with -o FILE)");
        return exit_code::bad_input;
    }
    const std::string kind = init_provider(options);
    const std::string base_url = options.base_url.empty() ? known(kind).base_url : options.base_url;
    const std::string model = choose_model(options, kind, base_url);
    const std::string text = config_for(kind, base_url, model).dump(2) + "\n";
    // What init writes must load: a flaw here is parley's, caught before the user's first debate.
    if (auto check = debate::parse_config(text, options.output, {}); !check) {
        return fail_with(check.error());
    }
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
        print_error("cannot write " + options.output);
        return exit_code::run_failed;
    }
    if (options.verbosity != util::Verbosity::quiet) {
        std::printf("wrote %s: %s at %s, model %s\n", options.output.c_str(), kind.c_str(), base_url.c_str(),
                    model.c_str());
        if (const std::string key_env = known(kind).key_env; !key_env.empty()) {
            std::printf("set %s in the environment or in .env, then run:\n", key_env.c_str());
        } else {
            std::printf("next:\n");
        }
        std::printf("  parley debate -c %s \"Design a rate limiter for our public API\"\n", options.output.c_str());
    }
    return exit_code::ok;
}

} // namespace parley::run
