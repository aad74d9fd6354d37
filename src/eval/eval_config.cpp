#include "eval/eval_config.hpp"

#include <algorithm>
#include <set>

#include "llm/context_window.hpp"
#include "llm/provider_defaults.hpp"
#include "util/builtin_files.hpp"
#include "util/json_document.hpp"
#include "util/suggest.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"
#include "util/utf8.hpp"

namespace parley::eval {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxConfigBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxPromptBytes = 1024 * 1024;
constexpr long kMaxTimeoutMs = 86'400'000;

const std::set<std::string> kAgentKeys{"id",
                                       "name",
                                       "model",
                                       "provider",
                                       "timeout",
                                       "contextBudgetTokens",
                                       "enabled",
                                       "systemPromptPath",
                                       "userPromptPath",
                                       "baseUrl",
                                       "apiKeyEnv",
                                       "temperature",
                                       "maxResponseBytes",
                                       "structuredOutput"};
const std::set<std::string> kProviderKinds{"offline", "openai", "openrouter", "openai-compatible",
                                           "custom",  "ollama", "vllm",       "llamacpp"};

std::string builtin(std::string_view path) {
    return std::string(util::builtin_file(path).value_or(""));
}

struct Parser {
    const util::JsonDocument& doc;
    std::filesystem::path base_dir;
    EvalConfig out;
    std::optional<Error> error;
    llm::ProviderDefaults defaults; ///< the config's "defaults", which every evaluator takes unless it sets its own

    void fail(const std::string& path, const std::string& message) {
        if (!error) {
            error = Error{ErrorKind::config, doc.where(path) + message, 0, std::nullopt};
        }
    }

    std::optional<std::string> string_at(const json& o, const std::string& path, const char* key, bool required) {
        const auto it = o.find(key);
        if (it == o.end()) {
            if (required) {
                fail(path, std::string("missing required field \"") + key + "\"");
            }
            return std::nullopt;
        }
        if (!it->is_string() || it->get<std::string>().empty()) {
            fail(util::child_path(path, key), "expected a non-empty string, got " +
                                                  (it->is_string() ? std::string("\"\"") : util::json_type_name(*it)));
            return std::nullopt;
        }
        return it->get<std::string>();
    }

    // A prompt file as dialectic reads it: relative to the config's folder; missing or empty: the built-in.
    void prompt(const json& o, const std::string& path, const char* key, const char* builtin_path, std::string& text,
                std::string& source) {
        text = builtin(builtin_path);
        source = std::string("built-in:") + builtin_path;
        const auto file = string_at(o, path, key, false);
        if (!file) {
            return;
        }
        const auto resolved = base_dir / *file;
        auto content = util::read_text_file(resolved, kMaxPromptBytes);
        if (!content || content->find_first_not_of(" \t\r\n") == std::string::npos ||
            util::first_invalid_utf8(*content)) {
            out.warnings.push_back(
                doc.where(util::child_path(path, key)) + "prompt file " + util::quote_value(resolved.string()) +
                (content ? " is empty or not UTF-8" : " cannot be read") + "; using the built-in prompt");
            return;
        }
        text = std::move(*content);
        source = resolved.string();
    }

    void evaluator(const json& a, const std::string& path) {
        if (!a.is_object()) {
            fail(path, "expected an object, got " + util::json_type_name(a));
            return;
        }
        const std::vector<std::string> known(kAgentKeys.begin(), kAgentKeys.end());
        for (const auto& [key, value] : a.items()) {
            if (!kAgentKeys.count(key)) {
                out.warnings.push_back(doc.where(util::child_path(path, key)) + "unknown key, ignored" +
                                       util::did_you_mean(key, known));
            }
        }
        if (const auto enabled = a.find("enabled"); enabled != a.end()) {
            if (!enabled->is_boolean()) {
                fail(util::child_path(path, "enabled"),
                     "expected true or false, got " + util::json_type_name(*enabled));
                return;
            }
            if (!enabled->get<bool>()) {
                return;
            }
        }
        EvaluatorConfig e;
        e.id = string_at(a, path, "id", true).value_or("");
        e.name = string_at(a, path, "name", false).value_or(e.id);
        e.model = string_at(a, path, "model", !defaults.model).value_or(defaults.model.value_or(""));
        e.provider.kind = string_at(a, path, "provider", !defaults.kind).value_or(defaults.kind.value_or("openai"));
        if (!error && !kProviderKinds.count(e.provider.kind)) {
            fail(util::child_path(path, "provider"), "unknown provider " + util::quote_value(e.provider.kind) +
                                                         " (known: offline, openai, openrouter, openai-compatible, "
                                                         "custom, ollama, vllm, llamacpp)" +
                                                         util::did_you_mean(e.provider.kind, llm::provider_kinds()));
        }
        const bool same_endpoint = defaults.endpoint_applies_to(e.provider.kind);
        e.provider.base_url = string_at(a, path, "baseUrl", false)
                                  .value_or(same_endpoint ? defaults.base_url.value_or("") : std::string());
        e.provider.api_key_env = string_at(a, path, "apiKeyEnv", false)
                                     .value_or(same_endpoint ? defaults.api_key_env.value_or("") : std::string());
        if (defaults.timeout_ms) {
            llm::apply_call_timeout(e.provider.timeouts, *defaults.timeout_ms);
        }
        e.temperature = defaults.temperature.value_or(e.temperature);
        e.structured_output = defaults.structured_output.value_or(true);
        if (const auto so = a.find("structuredOutput"); so != a.end()) {
            if (!so->is_boolean()) {
                fail(util::child_path(path, "structuredOutput"),
                     "expected true or false, got " + util::json_type_name(*so));
            } else {
                e.structured_output = so->get<bool>();
            }
        }
        e.context_budget_tokens = defaults.context_budget_tokens;
        if (const auto b = a.find("contextBudgetTokens"); b != a.end()) {
            if (!b->is_number_integer() || b->get<long>() < llm::kMinContextTokens ||
                b->get<long>() > llm::kMaxContextTokens) {
                fail(util::child_path(path, "contextBudgetTokens"),
                     "expected whole tokens from " + std::to_string(llm::kMinContextTokens) + " to " +
                         std::to_string(llm::kMaxContextTokens) + ", got " +
                         (b->is_number() ? b->dump() : util::json_type_name(*b)));
                return;
            }
            e.context_budget_tokens = b->get<long>();
        }
        if ((e.provider.kind == "openai-compatible" || e.provider.kind == "custom") && e.provider.base_url.empty()) {
            fail(path, "provider \"" + e.provider.kind + "\" needs \"baseUrl\" (e.g. http://127.0.0.1:8000/v1)");
        }
        if (const auto t = a.find("timeout"); t != a.end()) {
            if (!t->is_number_integer() || t->get<long>() < 1 || t->get<long>() > kMaxTimeoutMs) {
                fail(util::child_path(path, "timeout"), "expected whole milliseconds from 1 to 86400000");
            } else {
                // dialectic documents it as the call's time limit; parley holds each call to it.
                llm::apply_call_timeout(e.provider.timeouts, t->get<long>());
            }
        }
        if (const auto t = a.find("temperature"); t != a.end()) {
            if (!t->is_number() || t->get<double>() < 0 || t->get<double>() > 2) {
                fail(util::child_path(path, "temperature"), "expected a number from 0 to 2");
            } else {
                e.temperature = t->get<double>();
            }
        }
        prompt(a, path, "systemPromptPath", "prompts/eval/system.md", e.system_prompt, e.system_source);
        prompt(a, path, "userPromptPath", "prompts/eval/user.md", e.user_prompt, e.user_source);
        for (const auto& other : out.evaluators) {
            if (!error && other.id == e.id) {
                fail(util::child_path(path, "id"), "duplicate evaluator id " + util::quote_value(e.id));
            }
        }
        out.evaluators.push_back(std::move(e));
    }
};

} // namespace

std::string_view compare_prompt() {
    return util::builtin_file("prompts/eval/compare_user.md").value_or("");
}

Result<EvalConfig> parse_eval_config(std::string_view text, const std::string& source,
                                     const std::filesystem::path& base_dir) {
    auto doc = util::parse_json_document(text, source);
    if (!doc) {
        return tl::make_unexpected(doc.error());
    }
    Parser p{*doc, base_dir, {}, std::nullopt, {}};
    p.out.source = source;
    const json& root = doc->value;
    if (!root.is_object()) {
        p.fail("", "expected an object with \"agents\", got " + util::json_type_name(root));
    } else {
        if (const auto given = root.find("defaults"); given != root.end()) {
            auto read = llm::parse_provider_defaults(*given, "defaults", *doc, p.out.warnings);
            if (!read) {
                return tl::make_unexpected(read.error());
            }
            p.defaults = std::move(*read);
        }
        const auto agents = root.find("agents");
        if (agents == root.end() || !agents->is_array() || agents->empty()) {
            p.fail("", "\"agents\" must be a non-empty array of evaluators");
        } else {
            for (std::size_t i = 0; i < agents->size() && !p.error; ++i) {
                p.evaluator((*agents)[i], util::child_path("agents", i));
            }
            if (!p.error && p.out.evaluators.empty()) {
                p.fail("agents", "no evaluator is enabled");
            }
        }
        for (const auto& [key, value] : root.items()) {
            if (key != "agents" && key != "defaults") {
                p.out.warnings.push_back(doc->where(key) + "unknown key, ignored" +
                                         util::did_you_mean(key, {"agents", "defaults"}));
            }
        }
    }
    if (p.error) {
        return tl::make_unexpected(*p.error);
    }
    // A panel of offline evaluators only scores as the built-in one does (from the design review), and says so.
    p.out.offline = std::all_of(p.out.evaluators.begin(), p.out.evaluators.end(),
                                [](const EvaluatorConfig& e) { return e.provider.kind == "offline"; });
    return p.out;
}

Result<EvalConfig> load_eval_config(const std::filesystem::path& path) {
    auto text = util::read_text_file(path, kMaxConfigBytes);
    if (!text) {
        return tl::make_unexpected(Error{ErrorKind::config, text.error().message, 0, std::nullopt});
    }
    return parse_eval_config(*text, path.string(), path.parent_path());
}

EvalConfig offline_panel(std::uint64_t seed) {
    EvaluatorConfig e;
    e.id = "design-review";
    e.name = "Design review (offline)";
    e.model = "parley-offline-1";
    e.provider.kind = "offline";
    e.provider.seed = seed;
    e.system_prompt = builtin("prompts/eval/system.md");
    e.system_source = "built-in:prompts/eval/system.md";
    e.user_prompt = builtin("prompts/eval/user.md");
    e.user_source = "built-in:prompts/eval/user.md";
    EvalConfig config;
    config.evaluators.push_back(std::move(e));
    config.source = "built-in offline panel";
    config.offline = true;
    return config;
}

} // namespace parley::eval
