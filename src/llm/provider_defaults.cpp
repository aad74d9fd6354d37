#include "llm/provider_defaults.hpp"

#include <algorithm>

#include "llm/context_window.hpp"
#include "util/suggest.hpp"
#include "util/text_safety.hpp"

namespace parley::llm {

namespace {

using nlohmann::json;

constexpr long kMaxTimeoutMs = 86'400'000; // 24 h, as every other delay of a config

std::string joined(const std::vector<std::string>& names) {
    std::string list;
    for (const auto& name : names) {
        list += (list.empty() ? "" : ", ") + name;
    }
    return list;
}

} // namespace

const std::vector<std::string>& provider_kinds() {
    static const std::vector<std::string> kKinds{"offline", "openai", "openrouter", "openai-compatible",
                                                 "custom",  "ollama", "vllm",       "llamacpp"};
    return kKinds;
}

const std::vector<std::string>& provider_default_keys() {
    static const std::vector<std::string> kKeys{
        "provider",           "baseUrl", "model", "apiKeyEnv", "temperature", "timeout", "structuredOutput",
        "contextBudgetTokens"};
    return kKeys;
}

std::string ProviderDefaults::kind_for(const std::optional<std::string>& own) const {
    return own ? *own : kind.value_or("offline");
}

bool ProviderDefaults::endpoint_applies_to(const std::string& participant_kind) const {
    return participant_kind == kind.value_or("offline");
}

Result<ProviderDefaults> parse_provider_defaults(const json& value, const std::string& path,
                                                 const util::JsonDocument& doc, std::vector<std::string>& warnings) {
    const auto error = [&](const std::string& at, const std::string& message) {
        return fail(ErrorKind::config, doc.where(at) + message);
    };
    if (!value.is_object()) {
        return error(path, "expected an object, got " + util::json_type_name(value));
    }
    ProviderDefaults out;
    const auto& keys = provider_default_keys();
    for (const auto& [key, field] : value.items()) {
        const auto at = util::child_path(path, key);
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            warnings.push_back(doc.where(at) + "unknown key, ignored" + util::did_you_mean(key, keys));
            continue;
        }
        if (key == "temperature") {
            if (!field.is_number() || field.get<double>() < 0 || field.get<double>() > 2) {
                return error(at, "expected a number from 0 to 2, got " +
                                     (field.is_number() ? field.dump() : util::json_type_name(field)));
            }
            out.temperature = field.get<double>();
        } else if (key == "structuredOutput") {
            if (!field.is_boolean()) {
                return error(at, "expected true or false, got " + util::json_type_name(field));
            }
            out.structured_output = field.get<bool>();
        } else if (key == "timeout") {
            if (!field.is_number_integer() || field.get<std::int64_t>() < 1 ||
                field.get<std::int64_t>() > kMaxTimeoutMs) {
                return error(at, "expected whole milliseconds from 1 to 86400000, got " +
                                     (field.is_number() ? field.dump() : util::json_type_name(field)));
            }
            out.timeout_ms = static_cast<long>(field.get<std::int64_t>());
        } else if (key == "contextBudgetTokens") {
            if (!field.is_number_integer() || field.get<std::int64_t>() < kMinContextTokens ||
                field.get<std::int64_t>() > kMaxContextTokens) {
                return error(at, "expected whole tokens from " + std::to_string(kMinContextTokens) + " to " +
                                     std::to_string(kMaxContextTokens) + ", got " +
                                     (field.is_number() ? field.dump() : util::json_type_name(field)));
            }
            out.context_budget_tokens = static_cast<long>(field.get<std::int64_t>());
        } else {
            if (!field.is_string() || field.get<std::string>().empty()) {
                return error(at, "expected a non-empty string, got " +
                                     (field.is_string() ? std::string("\"\"") : util::json_type_name(field)));
            }
            const auto text = field.get<std::string>();
            if (key == "provider") {
                const auto& kinds = provider_kinds();
                if (std::find(kinds.begin(), kinds.end(), text) == kinds.end()) {
                    return error(at, "unknown provider " + util::quote_value(text) + " (known: " + joined(kinds) + ")" +
                                         util::did_you_mean(text, kinds));
                }
                out.kind = text;
            } else {
                (key == "baseUrl" ? out.base_url : key == "model" ? out.model : out.api_key_env) = text;
            }
        }
    }
    return out;
}

void apply_call_timeout(Timeouts& timeouts, long timeout_ms) {
    timeouts.total_ms = timeout_ms;
    timeouts.first_byte_ms = std::min(timeouts.first_byte_ms, timeout_ms);
}

} // namespace parley::llm
