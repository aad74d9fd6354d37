#include "debate/config.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "debate/roles.hpp"
#include "llm/context_window.hpp"
#include "llm/provider_defaults.hpp"
#include "util/builtin_files.hpp"
#include "util/json_document.hpp"
#include "util/sha256.hpp"
#include "util/suggest.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"
#include "util/utf8.hpp"

namespace parley::debate {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxConfigBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxPromptBytes = 1024 * 1024;

std::string nested_hint(const std::string& key, const std::vector<std::string>& elsewhere);

// Reads typed fields from a JsonDocument. The first error wins and later reads return defaults, so the
// parsing code reads straight through and the caller checks `error()` once.
class Reader {
public:
    Reader(const util::JsonDocument& doc, std::vector<std::string>& warnings) : doc_(doc), warnings_(warnings) {}

    const std::optional<Error>& error() const { return error_; }

    void fail_at(const std::string& path, const std::string& message) {
        if (!error_) {
            error_ = Error{ErrorKind::config, doc_.where(path) + message, 0, std::nullopt};
        }
    }

    void warn_at(const std::string& path, const std::string& message) {
        warnings_.push_back(doc_.where(path) + message);
    }

    // An unknown key is a warning naming the nearest known key; `elsewhere` suggests a known key of another
    // section ("debate.rounds" for a top-level "rounds") when no sibling is near.
    void check_keys(const json& object, const std::string& path, const std::set<std::string>& known,
                    const std::vector<std::string>& elsewhere = {}) {
        const std::vector<std::string> names(known.begin(), known.end());
        for (const auto& [key, value] : object.items()) {
            if (!known.count(key)) {
                auto hint = util::did_you_mean(key, names);
                if (hint.empty()) {
                    hint = nested_hint(key, elsewhere);
                }
                warn_at(util::child_path(path, key), "unknown key, ignored" + hint);
            }
        }
    }

    const json* find(const json& object, const std::string& key) const {
        auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    bool expect_object(const json& value, const std::string& path) {
        if (!value.is_object()) {
            fail_at(path, std::string("expected an object, got ") + util::json_type_name(value));
            return false;
        }
        return true;
    }

    std::optional<std::string> string_field(const json& object, const std::string& path, const std::string& key,
                                            bool required) {
        const std::string at = util::child_path(path, key);
        const json* value = find(object, key);
        if (!value) {
            if (required) {
                fail_at(path, "missing required field \"" + key + "\"");
            }
            return std::nullopt;
        }
        if (!value->is_string()) {
            fail_at(at, std::string("expected a string, got ") + util::json_type_name(*value));
            return std::nullopt;
        }
        return value->get<std::string>();
    }

    std::optional<double> number_field(const json& object, const std::string& path, const std::string& key,
                                       bool required) {
        const json* value = find(object, key);
        if (!value) {
            if (required) {
                fail_at(path, "missing required field \"" + key + "\"");
            }
            return std::nullopt;
        }
        if (!value->is_number()) {
            fail_at(util::child_path(path, key), std::string("expected a number, got ") + util::json_type_name(*value));
            return std::nullopt;
        }
        return value->get<double>();
    }

    // Range-checked on the JSON number itself, before any narrowing: 2147483648 is an error, never -2147483648.
    std::optional<long> integer_field(const json& object, const std::string& path, const std::string& key,
                                      long min_value, long max_value) {
        const json* value = find(object, key);
        if (!value) {
            return std::nullopt;
        }
        const std::string at = util::child_path(path, key);
        if (!value->is_number_integer()) {
            fail_at(at, std::string("expected a whole number, got ") +
                            (value->is_number() ? value->dump() : util::json_type_name(*value)));
            return std::nullopt;
        }
        const bool too_big = value->is_number_unsigned()
                                 ? value->get<std::uint64_t>() > static_cast<std::uint64_t>(max_value)
                                 : value->get<std::int64_t>() > max_value;
        if (too_big) {
            fail_at(at, "must be at most " + std::to_string(max_value) + ", got " + value->dump());
            return std::nullopt;
        }
        if (value->get<std::int64_t>() < min_value) {
            fail_at(at, "must be at least " + std::to_string(min_value) + ", got " + value->dump());
            return std::nullopt;
        }
        return static_cast<long>(value->get<std::int64_t>());
    }

    // A count that fits an int by its limit, so the narrowing below cannot change it.
    std::optional<int> int_field(const json& object, const std::string& path, const std::string& key, int min_value,
                                 int max_value) {
        const auto n = integer_field(object, path, key, min_value, max_value);
        return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
    }

    std::optional<bool> bool_field(const json& object, const std::string& path, const std::string& key) {
        const json* value = find(object, key);
        if (!value) {
            return std::nullopt;
        }
        if (!value->is_boolean()) {
            fail_at(util::child_path(path, key),
                    std::string("expected true or false, got ") + util::json_type_name(*value));
            return std::nullopt;
        }
        return value->get<bool>();
    }

private:
    const util::JsonDocument& doc_;
    std::vector<std::string>& warnings_;
    std::optional<Error> error_;
};

// The suggestion for a key that belongs to another section: "a.b" of `elsewhere` whose last part is `key` or near it.
std::string nested_hint(const std::string& key, const std::vector<std::string>& elsewhere) {
    std::vector<std::string> last_parts;
    for (const auto& full : elsewhere) {
        last_parts.push_back(full.substr(full.rfind('.') + 1));
    }
    const auto near = util::nearest_name(key, last_parts);
    if (!near) {
        return "";
    }
    const auto at =
        static_cast<std::size_t>(std::find(last_parts.begin(), last_parts.end(), *near) - last_parts.begin());
    return "; did you mean \"" + elsewhere[at] + "\"?";
}

const std::set<std::string> kSummarizationKeys{"enabled", "threshold", "maxLength", "method", "promptPath"};

void read_summarization(Reader& r, const json& object, const std::string& path, SummarizationConfig& out,
                        std::string* prompt_path) {
    if (!r.expect_object(object, path)) {
        return;
    }
    r.check_keys(object, path, kSummarizationKeys);
    out.enabled = r.bool_field(object, path, "enabled").value_or(out.enabled);
    out.threshold = r.integer_field(object, path, "threshold", 1, kMaxHistoryChars).value_or(out.threshold);
    out.max_length = r.integer_field(object, path, "maxLength", 1, kMaxHistoryChars).value_or(out.max_length);
    if (auto method = r.string_field(object, path, "method", false)) {
        if (*method != "length-based") {
            r.fail_at(util::child_path(path, "method"),
                      "unknown summarization method " + util::quote_value(*method) + " (known: length-based)");
        }
        out.method = *method;
    }
    if (auto p = r.string_field(object, path, "promptPath", false); p && prompt_path) {
        *prompt_path = *p;
    }
}

// A prompt file a config names: relative to the config's folder, or, when no such file is there, the built-in file
// of that name ("prompts/roles/architect/system.md"), so a preset copied elsewhere still finds parley's prompts.
Result<PromptText> read_prompt_file(const std::string& user_path, const std::filesystem::path& base_dir) {
    std::filesystem::path file = user_path;
    if (file.is_relative()) {
        file = base_dir / file;
    }
    std::error_code ec;
    if (!std::filesystem::exists(file, ec) && std::filesystem::path(user_path).is_relative()) {
        if (auto builtin = util::builtin_file(std::filesystem::path(user_path).lexically_normal().string())) {
            return PromptText{std::string(*builtin), "built-in:" + user_path};
        }
    }
    auto text = util::read_text_file(file, kMaxPromptBytes);
    if (!text) {
        return tl::make_unexpected(text.error());
    }
    return PromptText{std::move(*text), file.string()};
}

// The one line for a prompt file that cannot be loaded; the message names the path the config gave, which may
// hold anything.
std::string prompt_load_error(const Error& error) {
    const auto& why = error.message;
    return "cannot load prompt file: " + (why.size() > 300 ? util::quote_value(why, 200) : util::escape_controls(why));
}

// Loads a prompt from a user file (relative to the config) or the built-in tree, and checks its placeholders.
void resolve_prompt(Reader& r, AgentConfig& agent, PromptKind kind, const std::string& user_path,
                    const std::string& json_path, const std::filesystem::path& base_dir, const std::string& builtin,
                    const std::string& appended_path = "") {
    PromptText prompt;
    if (!user_path.empty()) {
        auto loaded = read_prompt_file(user_path, base_dir);
        if (!loaded) {
            r.fail_at(json_path, prompt_load_error(loaded.error()));
            return;
        }
        prompt = std::move(*loaded);
    } else {
        auto text = util::builtin_file(builtin);
        if (!text) {
            r.fail_at(json_path, "no built-in prompt " + builtin);
            return;
        }
        prompt = {std::string(*text), "built-in:" + builtin};
    }
    if (!appended_path.empty()) {
        // dialectic's clarificationPromptPath adds instructions after its built-in clarification prompt.
        auto extra = read_prompt_file(appended_path, base_dir);
        if (!extra) {
            r.fail_at(json_path, prompt_load_error(extra.error()));
            return;
        }
        prompt.text += "\n\n" + extra->text;
        prompt.source += " + " + extra->source;
    }
    const auto& allowed = allowed_placeholders(kind);
    for (const auto& name : placeholders_in(prompt.text)) {
        if (!allowed.count(name)) {
            std::string list;
            for (const auto& a : allowed) {
                list += (list.empty() ? "" : ", ") + a;
            }
            r.fail_at(json_path, "prompt " + util::escape_controls(util::truncate_utf8(prompt.source, 300)) +
                                     " uses unknown placeholder {{" + util::escape_controls(name) + "}} (a " +
                                     std::string(prompt_kind_name(kind)) + " prompt may use: " + list + ")");
            return;
        }
    }
    agent.prompts[kind] = std::move(prompt);
}

const std::set<std::string> kAgentKeys{"id",
                                       "name",
                                       "role",
                                       "model",
                                       "provider",
                                       "temperature",
                                       "enabled",
                                       "systemPrompt",
                                       "systemPromptPath",
                                       "summaryPromptPath",
                                       "summarization",
                                       "proposalPromptPath",
                                       "critiquePromptPath",
                                       "refinementPromptPath",
                                       "clarifyPromptPath",
                                       "clarificationPromptPath",
                                       "synthesisPromptPath",
                                       "tools",
                                       "toolCallLimit",
                                       "toolCalling",
                                       "baseUrl",
                                       "apiKeyEnv",
                                       "headers",
                                       "maxTokens",
                                       "contextBudgetTokens",
                                       "timeouts",
                                       "stream",
                                       "caBundle",
                                       "maxResponseBytes",
                                       "structuredOutput",
                                       "extraParams"};

// dialectic keys parley reads but does not act on, and what it does instead; each is named in a warning.
const std::map<std::string, std::string> kDebateKeysNotActedOn{
    {"interactiveClarifications",
     "pass --clarify to ask clarifying questions (answers from the terminal or --answers)"},
    {"trace", "parley sends no traces; --log-file FILE writes every call as JSON lines"},
};

void warn_not_acted_on(Reader& r, const json& object, const std::string& path,
                       const std::map<std::string, std::string>& keys) {
    for (const auto& [key, instead] : keys) {
        if (object.contains(key)) {
            r.warn_at(util::child_path(path, key), "dialectic key not acted on by parley: " + instead);
        }
    }
}

const std::set<std::string> kProviderKinds{"offline", "openai", "openrouter", "openai-compatible",
                                           "custom",  "ollama", "vllm",       "llamacpp"};

void read_provider(Reader& r, const json& object, const std::string& path, AgentConfig& agent,
                   const std::filesystem::path& base_dir, const llm::ProviderDefaults& defaults) {
    auto& spec = agent.provider;
    const auto own_kind = r.string_field(object, path, "provider", false);
    if (own_kind && !kProviderKinds.count(*own_kind)) {
        std::string list;
        for (const auto& k : kProviderKinds) {
            list += (list.empty() ? "" : ", ") + k;
        }
        r.fail_at(util::child_path(path, "provider"), "unknown provider " + util::quote_value(*own_kind) +
                                                          " (known: " + list + ")" +
                                                          util::did_you_mean(*own_kind, llm::provider_kinds()));
    }
    spec.kind = defaults.kind_for(own_kind);
    const bool same_endpoint = defaults.endpoint_applies_to(spec.kind);
    spec.base_url = r.string_field(object, path, "baseUrl", false)
                        .value_or(same_endpoint ? defaults.base_url.value_or("") : std::string());
    spec.api_key_env = r.string_field(object, path, "apiKeyEnv", false)
                           .value_or(same_endpoint ? defaults.api_key_env.value_or("") : std::string());
    if (defaults.timeout_ms) {
        llm::apply_call_timeout(spec.timeouts, *defaults.timeout_ms);
    }
    spec.ca_bundle = r.string_field(object, path, "caBundle", false).value_or("");
    if (!spec.ca_bundle.empty() && std::filesystem::path(spec.ca_bundle).is_relative() && !base_dir.empty()) {
        // Like prompt paths: relative to the config's folder, whatever folder parley runs from.
        spec.ca_bundle = (base_dir / spec.ca_bundle).string();
    }
    spec.stream = r.bool_field(object, path, "stream").value_or(true);
    if (auto cap = r.integer_field(object, path, "maxResponseBytes", llm::kMinResponseBytes, llm::kMaxResponseBytes)) {
        spec.max_response_bytes = static_cast<std::size_t>(*cap);
    }
    if (spec.kind == "openai-compatible" || spec.kind == "custom") {
        if (spec.base_url.empty()) {
            r.fail_at(path, "provider \"" + spec.kind + "\" needs \"baseUrl\" (e.g. http://127.0.0.1:8000/v1)");
        }
    }
    if (const json* headers = r.find(object, "headers")) {
        const std::string at = util::child_path(path, "headers");
        if (r.expect_object(*headers, at)) {
            for (const auto& [key, value] : headers->items()) {
                if (!value.is_string()) {
                    r.fail_at(util::child_path(at, key),
                              std::string("expected a string, got ") + util::json_type_name(value));
                } else {
                    spec.headers[key] = value.get<std::string>();
                }
            }
        }
    }
    if (const json* timeouts = r.find(object, "timeouts")) {
        const std::string at = util::child_path(path, "timeouts");
        if (r.expect_object(*timeouts, at)) {
            r.check_keys(*timeouts, at, {"connectMs", "firstByteMs", "idleMs", "totalMs"});
            spec.timeouts.connect_ms =
                r.integer_field(*timeouts, at, "connectMs", 0, kMaxDelayMs).value_or(spec.timeouts.connect_ms);
            spec.timeouts.first_byte_ms =
                r.integer_field(*timeouts, at, "firstByteMs", 0, kMaxDelayMs).value_or(spec.timeouts.first_byte_ms);
            spec.timeouts.idle_ms =
                r.integer_field(*timeouts, at, "idleMs", 0, kMaxDelayMs).value_or(spec.timeouts.idle_ms);
            spec.timeouts.total_ms =
                r.integer_field(*timeouts, at, "totalMs", 0, kMaxDelayMs).value_or(spec.timeouts.total_ms);
        }
    }
    if (auto max_tokens = r.int_field(object, path, "maxTokens", 1, kMaxAnswerTokens)) {
        agent.max_tokens = *max_tokens;
    }
    agent.context_budget_tokens =
        r.integer_field(object, path, "contextBudgetTokens", llm::kMinContextTokens, llm::kMaxContextTokens);
    if (!agent.context_budget_tokens) {
        agent.context_budget_tokens = defaults.context_budget_tokens;
    }
    if (const json* extra = r.find(object, "extraParams")) {
        if (r.expect_object(*extra, util::child_path(path, "extraParams"))) {
            agent.extra_params = *extra;
        }
    }
}

// The agent's prompts: inline or from files given by the config, else the built-in ones of its role (or the judge's).
void read_prompts(Reader& r, const json& object, const std::string& path, const std::filesystem::path& base_dir,
                  bool is_judge, const std::string& summary_prompt, AgentConfig& agent) {
    const std::string dir = is_judge ? "prompts/judge/" : "prompts/roles/" + agent.role + "/";
    auto path_key = [&](const char* key) {
        return r.string_field(object, path, key, false).value_or("");
    };
    if (auto inline_system = r.string_field(object, path, "systemPrompt", false);
        inline_system && !r.find(object, "systemPromptPath")) {
        agent.prompts[PromptKind::system] = {*inline_system, util::child_path(path, "systemPrompt")};
    } else {
        resolve_prompt(r, agent, PromptKind::system, path_key("systemPromptPath"),
                       util::child_path(path, "systemPromptPath"), base_dir, dir + "system.md");
    }
    resolve_prompt(r, agent, PromptKind::summary, summary_prompt, util::child_path(path, "summaryPromptPath"), base_dir,
                   dir + "summary.md");
    if (is_judge) {
        resolve_prompt(r, agent, PromptKind::synthesis, path_key("synthesisPromptPath"),
                       util::child_path(path, "synthesisPromptPath"), base_dir, dir + "synthesis.md");
        return;
    }
    const std::pair<PromptKind, const char*> phases[] = {{PromptKind::clarify, "clarifyPromptPath"},
                                                         {PromptKind::proposal, "proposalPromptPath"},
                                                         {PromptKind::critique, "critiquePromptPath"},
                                                         {PromptKind::refinement, "refinementPromptPath"}};
    const std::string clarification_path = path_key("clarificationPromptPath");
    if (!clarification_path.empty() && r.find(object, "clarifyPromptPath")) {
        r.warn_at(util::child_path(path, "clarificationPromptPath"),
                  "ignored: clarifyPromptPath is given too and replaces the whole clarify prompt");
    }
    for (const auto& [kind, key] : phases) {
        const bool appends = kind == PromptKind::clarify && !r.find(object, "clarifyPromptPath");
        resolve_prompt(r, agent, kind, path_key(key),
                       util::child_path(path, appends && !clarification_path.empty() ? "clarificationPromptPath" : key),
                       base_dir, dir + std::string(prompt_kind_name(kind)) + ".md",
                       appends ? clarification_path : std::string());
    }
}

// dialectic 0.7's "tools": [{"name": ...}] and "toolCallLimit"; an unknown tool name is warned about and skipped, as
// dialectic does. "toolCalling": false marks a server without tool calling (its agent gets a digest instead).
void read_tools(Reader& r, const json& object, const std::string& path, AgentConfig& agent) {
    agent.tool_call_limit =
        r.int_field(object, path, "toolCallLimit", 0, kMaxToolCallLimit).value_or(agent.tool_call_limit);
    agent.tool_calling = r.bool_field(object, path, "toolCalling").value_or(true);
    const json* tools = r.find(object, "tools");
    if (!tools) {
        return;
    }
    agent.tools_given = true;
    const std::string at = util::child_path(path, "tools");
    if (!tools->is_array()) {
        r.fail_at(at, std::string("expected an array of {\"name\": ...}, got ") + util::json_type_name(*tools));
        return;
    }
    for (std::size_t i = 0; i < tools->size(); ++i) {
        const std::string item = util::child_path(at, i);
        const json& entry = (*tools)[i];
        // A bare name is what a hand-written config often has; dialectic's own form is an object.
        const json* name = entry.is_string() ? &entry : entry.is_object() ? r.find(entry, "name") : nullptr;
        if (!name || !name->is_string()) {
            r.fail_at(item, "expected {\"name\": \"list_files\"} (or file_read, search, context_search)");
            return;
        }
        const auto kind = tools::parse_tool_kind(name->get<std::string>());
        if (!kind) {
            r.warn_at(item, "unknown tool " + util::quote_value(name->get<std::string>()) +
                                ", skipped (known: " + "list_files, file_read, search, context_search)" +
                                util::did_you_mean(name->get<std::string>(), tools::tool_names()));
        } else if (std::find(agent.tools.begin(), agent.tools.end(), *kind) == agent.tools.end()) {
            agent.tools.push_back(*kind);
        }
    }
}

AgentConfig read_participant(Reader& r, const json& object, const std::string& path,
                             const std::filesystem::path& base_dir, bool is_judge,
                             const llm::ProviderDefaults& defaults) {
    AgentConfig agent;
    if (!r.expect_object(object, path)) {
        return agent;
    }
    r.check_keys(object, path, kAgentKeys);
    agent.id = r.string_field(object, path, "id", true).value_or("");
    if (r.find(object, "id") && agent.id.empty() && !r.error()) {
        r.fail_at(util::child_path(path, "id"), "must not be empty");
    }
    agent.name = r.string_field(object, path, "name", false).value_or("");
    const auto role = r.string_field(object, path, "role", true).value_or("generalist");
    if (auto canonical = canonical_role(role)) {
        agent.role = *canonical;
    } else if (!r.error()) {
        r.fail_at(util::child_path(path, "role"),
                  "unknown role " + util::quote_value(role) + " (known: " + role_list() + ")");
    }
    if (agent.name.empty()) {
        agent.name = is_judge ? "Technical Judge" : default_agent_name(agent.role);
    }
    agent.model = r.string_field(object, path, "model", !defaults.model).value_or(defaults.model.value_or(""));
    read_provider(r, object, path, agent, base_dir, defaults);
    if (auto t = r.number_field(object, path, "temperature", false)) {
        if (*t < 0.0 || *t > 2.0) {
            r.fail_at(util::child_path(path, "temperature"), "must be between 0 and 2, got " + json(*t).dump());
        }
        agent.temperature = *t;
    } else {
        agent.temperature = defaults.temperature.value_or(is_judge ? 0.3 : 0.5);
    }
    agent.enabled = r.bool_field(object, path, "enabled").value_or(true);
    agent.structured_output =
        r.bool_field(object, path, "structuredOutput").value_or(defaults.structured_output.value_or(true));
    std::string summary_prompt = r.string_field(object, path, "summaryPromptPath", false).value_or("");
    if (const json* s = r.find(object, "summarization")) {
        SummarizationConfig summarization;
        read_summarization(r, *s, util::child_path(path, "summarization"), summarization, &summary_prompt);
        agent.summarization = summarization;
    }
    read_tools(r, object, path, agent);
    if (r.error()) {
        return agent;
    }

    read_prompts(r, object, path, base_dir, is_judge, summary_prompt, agent);
    return agent;
}

// The judge of a config that gives "defaults" with a model and no "judge" of its own.
const json kDefaultJudge{{"id", "judge-main"}, {"name", "Technical Judge"}, {"role", "generalist"}};

const std::set<std::string> kDebateKeys{"rounds",
                                        "terminationCondition",
                                        "synthesisMethod",
                                        "includeFullHistory",
                                        "timeoutPerRound",
                                        "summarization",
                                        "clarifications",
                                        "orchestratorType",
                                        "interactiveClarifications",
                                        "clarificationsMaxPerAgent",
                                        "contextDirectory",
                                        "trace"};

// A figure as the user wrote it: 120, not 120.0.
std::string figure(double value) {
    return std::trunc(value) == value && std::fabs(value) < 1e15 ? std::to_string(static_cast<long>(value))
                                                                 : json(value).dump();
}

// "terminationCondition": dialectic's {"type": "fixed" | "convergence" | "quality", "threshold": 0-100} and parley's
// {"type": "stable", "agreement": 0-1}.
void read_termination(Reader& r, const json& t, const std::string& at, TerminationConfig& out) {
    if (!r.expect_object(t, at)) {
        return;
    }
    r.check_keys(t, at, {"type", "threshold", "agreement"});
    out.type = r.string_field(t, at, "type", false).value_or("fixed");
    if (out.type != "fixed" && out.type != "convergence" && out.type != "quality" && out.type != "stable") {
        r.fail_at(util::child_path(at, "type"), "unknown termination type " + util::quote_value(out.type) +
                                                    " (known: fixed, convergence, quality, stable)");
        return;
    }
    out.threshold = r.number_field(t, at, "threshold", false);
    out.agreement = r.number_field(t, at, "agreement", false);
    if (out.asks_judge() && !out.threshold) {
        r.fail_at(util::child_path(at, "threshold"), "missing: a " + out.type +
                                                         " termination stops when the judge's confidence (0-100) "
                                                         "reaches it; add \"threshold\": 80");
    } else if (out.threshold && !out.asks_judge()) {
        r.fail_at(util::child_path(at, "threshold"),
                  "only convergence and quality use a threshold; " + out.type + " does not");
    } else if (out.threshold && !(*out.threshold >= 0 && *out.threshold <= 100)) {
        r.fail_at(util::child_path(at, "threshold"),
                  "must be a confidence from 0 to 100, got " + figure(*out.threshold));
    }
    if (out.agreement && out.type != "stable") {
        r.fail_at(util::child_path(at, "agreement"), "only stable termination uses an agreement share");
    } else if (out.agreement && !(*out.agreement >= 0 && *out.agreement <= 1)) {
        r.fail_at(util::child_path(at, "agreement"), "must be a share from 0 to 1, got " + json(*out.agreement).dump());
    }
}

void read_debate(Reader& r, const json& object, const std::string& path, DebateSettings& out,
                 const std::filesystem::path& base_dir) {
    if (!r.expect_object(object, path)) {
        return;
    }
    if (auto folder = r.string_field(object, path, "contextDirectory", false); folder && !folder->empty()) {
        // Like prompt paths: relative to the config's folder, whatever folder parley runs from.
        const std::filesystem::path given(*folder);
        out.context_directory = given.is_relative() && !base_dir.empty() ? (base_dir / given).string() : *folder;
    }
    r.check_keys(object, path, kDebateKeys);
    warn_not_acted_on(r, object, path, kDebateKeysNotActedOn);
    out.rounds = r.int_field(object, path, "rounds", 1, kMaxRounds).value_or(out.rounds);
    out.include_full_history = r.bool_field(object, path, "includeFullHistory").value_or(out.include_full_history);
    out.timeout_per_round_ms =
        r.integer_field(object, path, "timeoutPerRound", 1, kMaxDelayMs).value_or(out.timeout_per_round_ms);
    if (const json* t = r.find(object, "terminationCondition")) {
        read_termination(r, *t, util::child_path(path, "terminationCondition"), out.termination);
    }
    if (auto method = r.string_field(object, path, "synthesisMethod", false); method && *method == "voting") {
        out.synthesis = SynthesisMethod::voting;
    } else if (method && *method != "judge") {
        r.fail_at(util::child_path(path, "synthesisMethod"),
                  "unknown synthesis method " + util::quote_value(*method) + " (known: judge, voting)");
    }
    if (const json* s = r.find(object, "summarization")) {
        read_summarization(r, *s, util::child_path(path, "summarization"), out.summarization, nullptr);
    }
    if (auto n = r.int_field(object, path, "clarificationsMaxPerAgent", 1, kMaxClarifications)) {
        out.max_clarifications = *n;
    }
    if (const json* c = r.find(object, "clarifications")) {
        const std::string at = util::child_path(path, "clarifications");
        if (r.expect_object(*c, at)) {
            r.check_keys(*c, at, {"maxQuestions"});
            out.max_clarifications =
                r.int_field(*c, at, "maxQuestions", 1, kMaxClarifications).value_or(out.max_clarifications);
        }
    }
}

// Keys of the sections a top-level key may have been meant for, as "section.key".
std::vector<std::string> root_hints() {
    std::vector<std::string> out;
    for (const auto& key : kDebateKeys) {
        out.push_back("debate." + key);
    }
    for (const auto& key : llm::provider_default_keys()) {
        out.push_back("defaults." + key);
    }
    return out;
}

void read_lane(Reader& r, const json& object, const std::string& path, LaneConfig& out) {
    if (!r.expect_object(object, path)) {
        return;
    }
    r.check_keys(object, path, {"concurrency", "requestsPerMinute", "tokensPerMinute"});
    out.concurrency = static_cast<std::size_t>(
        r.integer_field(object, path, "concurrency", 1, kMaxConcurrency).value_or(static_cast<long>(out.concurrency)));
    for (const auto& [key, field] : {std::pair{"requestsPerMinute", &out.requests_per_minute},
                                     std::pair{"tokensPerMinute", &out.tokens_per_minute}}) {
        if (auto n = r.number_field(object, path, key, false)) {
            if (!(*n > 0 && *n <= kMaxPerMinute)) {
                r.fail_at(util::child_path(path, key),
                          "must be greater than 0 and at most 1000000000, got " + json(*n).dump());
            }
            *field = *n;
        }
    }
}

// The "queue" section: how calls run through the task-queue engine.
void read_queue(Reader& r, const json& object, const std::string& path, QueueConfig& out) {
    if (!r.expect_object(object, path)) {
        return;
    }
    r.check_keys(object, path, {"workers", "retry", "circuitBreaker", "unreachableWindowMs", "lanes", "defaultLane"});
    out.workers = static_cast<std::size_t>(
        r.integer_field(object, path, "workers", 1, kMaxWorkers).value_or(static_cast<long>(out.workers)));
    out.unreachable_window_ms =
        r.integer_field(object, path, "unreachableWindowMs", 0, kMaxDelayMs).value_or(out.unreachable_window_ms);
    if (const json* retry = r.find(object, "retry")) {
        const std::string at = util::child_path(path, "retry");
        if (r.expect_object(*retry, at)) {
            r.check_keys(*retry, at, {"maxAttempts", "baseDelayMs", "maxDelayMs", "jitter"});
            out.max_attempts = r.int_field(*retry, at, "maxAttempts", 1, kMaxAttempts).value_or(out.max_attempts);
            out.base_delay_ms = r.integer_field(*retry, at, "baseDelayMs", 0, kMaxDelayMs).value_or(out.base_delay_ms);
            out.max_delay_ms = r.integer_field(*retry, at, "maxDelayMs", 0, kMaxDelayMs).value_or(out.max_delay_ms);
            if (out.base_delay_ms > out.max_delay_ms) {
                // A base delay above the maximum cannot be honoured; said here with the file and line, not quietly
                // raised.
                r.fail_at(util::child_path(at, r.find(*retry, "baseDelayMs") ? "baseDelayMs" : "maxDelayMs"),
                          "baseDelayMs (" + std::to_string(out.base_delay_ms) + ") must not exceed maxDelayMs (" +
                              std::to_string(out.max_delay_ms) + ")");
            }
            if (auto jitter = r.string_field(*retry, at, "jitter", false)) {
                if (*jitter != "full" && *jitter != "equal" && *jitter != "decorrelated") {
                    r.fail_at(util::child_path(at, "jitter"),
                              "unknown jitter " + util::quote_value(*jitter) + " (known: full, equal, decorrelated)");
                }
                out.jitter = *jitter;
            }
        }
    }
    if (const json* breaker = r.find(object, "circuitBreaker")) {
        const std::string at = util::child_path(path, "circuitBreaker");
        if (r.expect_object(*breaker, at)) {
            r.check_keys(*breaker, at, {"failureThreshold", "coolDownMs"});
            out.breaker_failures =
                r.int_field(*breaker, at, "failureThreshold", 1, kMaxBreakerFailures).value_or(out.breaker_failures);
            out.breaker_cool_down_ms =
                r.integer_field(*breaker, at, "coolDownMs", 0, kMaxDelayMs).value_or(out.breaker_cool_down_ms);
        }
    }
    if (const json* lane = r.find(object, "defaultLane")) {
        read_lane(r, *lane, util::child_path(path, "defaultLane"), out.network_default);
    }
    if (const json* lanes = r.find(object, "lanes")) {
        const std::string at = util::child_path(path, "lanes");
        if (r.expect_object(*lanes, at)) {
            for (const auto& [name, lane] : lanes->items()) {
                LaneConfig config = out.network_default;
                read_lane(r, lane, util::child_path(at, name), config);
                out.lanes[name] = config;
            }
        }
    }
}

// The shipped price table with the config's "pricing" merged over it.
Result<llm::PriceTable> read_prices(const json& root, const util::JsonDocument& doc) {
    auto prices = llm::PriceTable::builtin();
    if (!prices) {
        return tl::make_unexpected(prices.error());
    }
    if (const auto pricing = root.find("pricing"); pricing != root.end()) {
        auto overrides = llm::parse_price_table(*pricing, "pricing", &doc);
        if (!overrides) {
            return tl::make_unexpected(overrides.error());
        }
        prices->merge(*overrides);
    }
    return prices;
}

} // namespace

const LaneConfig& lane_config_for(const QueueConfig& queue, const llm::ProviderSpec& spec) {
    if (!spec.base_url.empty()) {
        if (auto it = queue.lanes.find(spec.base_url); it != queue.lanes.end()) {
            return it->second;
        }
    }
    if (auto it = queue.lanes.find(spec.kind); it != queue.lanes.end()) {
        return it->second;
    }
    return spec.kind == "offline" ? queue.offline_default : queue.network_default;
}

std::string fingerprint(const std::vector<AgentConfig>& agents, const AgentConfig& judge,
                        const DebateSettings& settings) {
    auto participant = [](const AgentConfig& a) {
        json prompts = json::object();
        for (const auto& [kind, prompt] : a.prompts) {
            prompts[std::string(prompt_kind_name(kind))] = prompt.text;
        }
        const auto& p = a.provider;
        json j{{"id", a.id},
               {"name", a.name},
               {"role", a.role},
               {"model", a.model},
               {"temperature", a.temperature},
               {"provider", p.kind},
               {"baseUrl", p.base_url},
               {"seed", p.seed},
               {"extra", a.extra_params},
               {"prompts", prompts}};
        if (a.max_tokens)
            j["maxTokens"] = *a.max_tokens;
        if (!a.structured_output) {
            // Only when off, so the fingerprints of configs written before the key stay as they were.
            j["structuredOutput"] = false;
        }
        if (a.context_budget_tokens)
            j["contextBudgetTokens"] = *a.context_budget_tokens;
        if (!a.tools.empty()) {
            json names = json::array();
            for (const auto kind : a.tools) {
                names.push_back(tools::tool_name(kind));
            }
            j["tools"] = {{"names", names}, {"limit", a.tool_call_limit}, {"calling", a.tool_calling}};
        }
        if (a.summarization) {
            j["summarization"] = {a.summarization->enabled, a.summarization->threshold, a.summarization->max_length};
        }
        return j;
    };
    json all{{"agents", json::array()}, {"judge", participant(judge)}};
    for (const auto& a : agents) {
        all["agents"].push_back(participant(a));
    }
    const auto& s = settings.summarization;
    all["debate"] = {
        settings.rounds, settings.include_full_history, settings.max_clarifications, s.enabled, s.threshold,
        s.max_length};
    const auto& t = settings.termination;
    if (t.type != "fixed") {
        // Only when not fixed, so the fingerprints of configs written before the key stay as they were.
        all["termination"] = {t.type, t.threshold.value_or(-1), t.agreement.value_or(-1)};
    }
    // Only a vote is written, so the runs of every config from before voting keep their fingerprint.
    if (settings.synthesis == SynthesisMethod::voting) {
        all["synthesis"] = "voting";
    }
    return util::sha256_hex(all.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<DebateConfig> parse_config(std::string_view text, const std::string& source,
                                  const std::filesystem::path& base_dir) {
    auto doc = util::parse_json_document(text, source);
    if (!doc) {
        return tl::make_unexpected(doc.error());
    }
    DebateConfig config;
    config.source = source;
    Reader r(*doc, config.warnings);
    const json& root = doc->value;
    if (!r.expect_object(root, "")) {
        return tl::make_unexpected(*r.error());
    }
    r.check_keys(root, "", {"defaults", "agents", "judge", "debate", "queue", "pricing", "$schema"}, root_hints());
    llm::ProviderDefaults defaults;
    if (const json* given = r.find(root, "defaults")) {
        auto read = llm::parse_provider_defaults(*given, "defaults", *doc, config.warnings);
        if (!read) {
            return tl::make_unexpected(read.error());
        }
        defaults = std::move(*read);
    }
    auto prices = read_prices(root, *doc);
    if (!prices) {
        return tl::make_unexpected(prices.error());
    }
    config.prices = std::move(*prices);
    if (const json* queue = r.find(root, "queue")) {
        read_queue(r, *queue, "queue", config.queue);
    }

    if (const json* debate = r.find(root, "debate")) {
        read_debate(r, *debate, "debate", config.debate, base_dir);
    }
    const json* agents = r.find(root, "agents");
    if (!agents) {
        r.fail_at("", "missing required field \"agents\"");
    } else if (!agents->is_array()) {
        r.fail_at("agents", std::string("expected an array, got ") + util::json_type_name(*agents));
    } else if (agents->empty()) {
        r.fail_at("agents", "must list at least one agent");
    } else {
        for (std::size_t i = 0; i < agents->size() && !r.error(); ++i) {
            config.agents.push_back(
                read_participant(r, (*agents)[i], util::child_path("agents", i), base_dir, false, defaults));
        }
    }
    if (const json* judge = r.find(root, "judge")) {
        config.judge = read_participant(r, *judge, "judge", base_dir, true, defaults);
    } else if (defaults.model && !r.error()) {
        // "defaults" names a model, so the judge runs on it too: the built-in judge's prompts on the defaults' server.
        config.judge = read_participant(r, kDefaultJudge, "judge", base_dir, true, defaults);
    } else if (!r.error()) {
        auto builtin = parse_config(*util::builtin_file("configs/default.json"), "configs/default.json (built in)", {});
        if (builtin) {
            config.judge = builtin->judge;
        }
        r.warn_at("", "no \"judge\" given; using the built-in offline judge");
    }
    if (r.error()) {
        return tl::make_unexpected(*r.error());
    }

    std::set<std::string> ids{config.judge.id};
    for (std::size_t i = 0; i < config.agents.size(); ++i) {
        if (!ids.insert(config.agents[i].id).second) {
            r.fail_at(util::child_path(util::child_path("agents", i), "id"),
                      "duplicate id " + util::quote_value(config.agents[i].id) +
                          " (ids must be unique across agents and the judge)");
        }
    }
    if (std::none_of(config.agents.begin(), config.agents.end(), [](const AgentConfig& a) { return a.enabled; })) {
        r.warn_at("agents", "every agent is disabled; use --agents to choose some");
    }
    if (r.error()) {
        return tl::make_unexpected(*r.error());
    }
    return config;
}

std::optional<std::string> builtin_preset(const std::filesystem::path& path) {
    std::error_code ec;
    if (path.empty() || !path.is_relative() || std::filesystem::exists(path, ec)) {
        return std::nullopt;
    }
    // Only "configs/NAME.json" or a bare "NAME.json": a missing file in any other folder is an error.
    const auto normal = path.lexically_normal();
    const auto name = (normal.has_parent_path() ? normal : std::filesystem::path("configs") / normal).generic_string();
    return util::builtin_file(name) ? std::optional<std::string>(name) : std::nullopt;
}

Result<DebateConfig> load_config(const std::filesystem::path& path) {
    if (path.empty()) {
        return parse_config(*util::builtin_file("configs/default.json"), "configs/default.json (built in)", {});
    }
    // The presets are built in, so `-c configs/openai.json` works from any folder, not only the source tree.
    if (auto preset = builtin_preset(path)) {
        return parse_config(*util::builtin_file(*preset), *preset + " (built in)", {});
    }
    auto text = util::read_text_file(path, kMaxConfigBytes);
    if (!text) {
        return fail(ErrorKind::config, "cannot read config: " + text.error().message);
    }
    return parse_config(*text, path.string(), path.parent_path());
}

Result<std::vector<AgentConfig>> select_agents(const DebateConfig& config, const std::vector<std::string>& roles) {
    std::vector<AgentConfig> out;
    if (roles.empty()) {
        std::copy_if(config.agents.begin(), config.agents.end(), std::back_inserter(out),
                     [](const AgentConfig& a) { return a.enabled; });
        if (out.empty()) {
            return fail(ErrorKind::config, config.source + ": no enabled agents; enable one or pass --agents");
        }
        return out;
    }
    for (const auto& name : roles) {
        auto role = canonical_role(name);
        if (!role) {
            return fail(ErrorKind::invalid_input,
                        "--agents: unknown role " + util::quote_value(name) + " (known: " + role_list() + ")");
        }
        bool found = false;
        for (const auto& agent : config.agents) {
            if (agent.role == *role &&
                std::none_of(out.begin(), out.end(), [&](const AgentConfig& a) { return a.id == agent.id; })) {
                out.push_back(agent);
                out.back().enabled = true;
                found = true;
            }
        }
        if (!found) {
            // A role the config lacks joins with the first configured agent's provider and model.
            AgentConfig agent = config.agents.front();
            agent.id = "agent-" + *role;
            agent.name = default_agent_name(*role);
            agent.role = *role;
            agent.enabled = true;
            agent.prompts.clear();
            const std::string dir = "prompts/roles/" + *role + "/";
            for (PromptKind kind : {PromptKind::system, PromptKind::clarify, PromptKind::proposal, PromptKind::critique,
                                    PromptKind::refinement, PromptKind::summary}) {
                const std::string file = dir + std::string(prompt_kind_name(kind)) + ".md";
                auto text = util::builtin_file(file);
                if (!text) {
                    return fail(ErrorKind::internal, "built-in prompt missing: " + file);
                }
                agent.prompts[kind] = {std::string(*text), "built-in:" + file};
            }
            out.push_back(std::move(agent));
        }
    }
    return out;
}

const SummarizationConfig& summarization_for(const DebateConfig& config, const AgentConfig& agent) {
    return agent.summarization ? *agent.summarization : config.debate.summarization;
}

} // namespace parley::debate
