#include "debate/debate_state.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include "review/review.hpp"
#include "util/json_document.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"
#include "util/timestamps.hpp"
#include "util/utf8.hpp"

namespace parley::debate {

using nlohmann::json;

const char* to_string(ContributionType type) {
    switch (type) {
    case ContributionType::proposal:
        return "proposal";
    case ContributionType::critique:
        return "critique";
    case ContributionType::refinement:
        return "refinement";
    }
    return "proposal";
}

namespace {

// The keys this file knows at the top level; any other is kept in DebateState::extra.
constexpr std::array<std::string_view, 12> kTopLevelKeys = {
    "id",           "problem",        "context",   "status",    "currentRound", "rounds", "finalSolution",
    "judgeSummary", "clarifications", "createdAt", "updatedAt", "parley"};

// The call metadata keys read into CallMetadata fields; other keys go to CallMetadata::extra.
constexpr std::array<std::string_view, 4> kCallMetadataKeys = {"tokensUsed", "latencyMs", "model", "parley"};

// A summary's metadata carries the summary's own figures next to the call's.
constexpr std::array<std::string_view, 4> kSummaryMetadataKeys = {"beforeChars", "afterChars", "method", "timestamp"};

// JavaScript's Date.getTime() range is +-8.64e15 ms; anything beyond is not a timestamp.
constexpr double kMaxEpochMs = 8.64e15;
// A round number beyond this is not a debate anyone ran; it would not fit the int a round is counted in.
constexpr long kMaxRoundNumber = 1'000'000;

bool is_one_of(std::string_view key, std::span<const std::string_view> keys) {
    for (auto k : keys) {
        if (k == key) {
            return true;
        }
    }
    return false;
}

// Reads the debate JSON, remembering the first problem found (the ninja way: fill an error, keep going
// with defaults), so every accessor stays one line at the call site.
class Reader {
public:
    explicit Reader(const util::JsonDocument* doc) : doc_(doc) {}

    bool failed() const { return error_.has_value(); }
    const Error& error() const { return *error_; }

    void fail_at(const std::string& path, const std::string& what) {
        if (error_) {
            return;
        }
        std::string where = doc_ != nullptr ? doc_->where(path) : (path.empty() ? "" : path + ": ");
        error_ = Error{ErrorKind::invalid_input, where + what, 0, std::nullopt};
    }

    // The member `key` of `object`; nullptr when absent or null (dialectic omits, others may write null).
    const json* member(const json& object, const std::string& path, std::string_view key, bool required) {
        auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (required) {
                fail_at(util::child_path(path, key), "missing required field");
            }
            return nullptr;
        }
        return &*it;
    }

    const json* object_at(const json& object, const std::string& path, std::string_view key, bool required) {
        const json* value = member(object, path, key, required);
        if (value != nullptr && !value->is_object()) {
            fail_at(util::child_path(path, key), "expected an object, got " + util::json_type_name(*value));
            return nullptr;
        }
        return value;
    }

    const json* array_at(const json& object, const std::string& path, std::string_view key, bool required) {
        const json* value = member(object, path, key, required);
        if (value != nullptr && !value->is_array()) {
            fail_at(util::child_path(path, key), "expected an array, got " + util::json_type_name(*value));
            return nullptr;
        }
        return value;
    }

    std::string string_at(const json& object, const std::string& path, std::string_view key, bool required) {
        const json* value = member(object, path, key, required);
        if (value == nullptr) {
            return {};
        }
        if (!value->is_string()) {
            fail_at(util::child_path(path, key), "expected a string, got " + util::json_type_name(*value));
            return {};
        }
        return value->get<std::string>();
    }

    std::optional<double> number_at(const json& object, const std::string& path, std::string_view key) {
        const json* value = member(object, path, key, false);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (!value->is_number()) {
            fail_at(util::child_path(path, key), "expected a number, got " + util::json_type_name(*value));
            return std::nullopt;
        }
        return value->get<double>();
    }

    // A count; JavaScript may have written it as 12.0, so any number that rounds into range is accepted.
    std::optional<long> count_at(const json& object, const std::string& path, std::string_view key) {
        const auto number = number_at(object, path, key);
        if (!number) {
            return std::nullopt;
        }
        if (!std::isfinite(*number) || std::fabs(*number) > 9.0e15) {
            fail_at(util::child_path(path, key), "expected a whole number");
            return std::nullopt;
        }
        return std::lround(*number);
    }

    // A round number, checked against its range before it is narrowed to an int.
    std::optional<int> round_at(const json& object, const std::string& path, std::string_view key) {
        const auto count = count_at(object, path, key);
        if (!count) {
            return std::nullopt;
        }
        if (*count < 0 || *count > kMaxRoundNumber) {
            fail_at(util::child_path(path, key), "expected a round number from 0 to " +
                                                     std::to_string(kMaxRoundNumber) + ", got " +
                                                     std::to_string(*count));
            return std::nullopt;
        }
        return static_cast<int>(*count);
    }

    bool bool_at(const json& object, const std::string& path, std::string_view key) {
        const json* value = member(object, path, key, false);
        if (value == nullptr) {
            return false;
        }
        if (!value->is_boolean()) {
            fail_at(util::child_path(path, key), "expected true or false, got " + util::json_type_name(*value));
            return false;
        }
        return value->get<bool>();
    }

    // dialectic writes Dates as ISO strings; a number is taken as milliseconds since the epoch.
    std::string timestamp_at(const json& object, const std::string& path, std::string_view key) {
        const json* value = member(object, path, key, false);
        if (value == nullptr) {
            return {};
        }
        if (value->is_string()) {
            return value->get<std::string>();
        }
        if (value->is_number()) {
            const double ms = value->get<double>();
            if (!std::isfinite(ms) || std::fabs(ms) > kMaxEpochMs) {
                fail_at(util::child_path(path, key), "timestamp out of range");
                return {};
            }
            return util::format_iso8601(std::chrono::system_clock::time_point(
                std::chrono::milliseconds(static_cast<long long>(std::llround(ms)))));
        }
        fail_at(util::child_path(path, key),
                "expected an ISO 8601 string or milliseconds, got " + util::json_type_name(*value));
        return {};
    }

    std::vector<std::string> strings_at(const json& object, const std::string& path, std::string_view key) {
        std::vector<std::string> out;
        const json* array = array_at(object, path, key, false);
        if (array == nullptr) {
            return out;
        }
        const auto array_path = util::child_path(path, key);
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto& item = (*array)[i];
            if (!item.is_string()) {
                fail_at(util::child_path(array_path, i), "expected a string, got " + util::json_type_name(item));
                return out;
            }
            out.push_back(item.get<std::string>());
        }
        return out;
    }

    // The element at `index` of an array of objects, or nullptr (with the error set) when it is not one.
    const json* element_object(const json& array, const std::string& array_path, std::size_t index) {
        const auto& item = array[index];
        if (!item.is_object()) {
            fail_at(util::child_path(array_path, index), "expected an object, got " + util::json_type_name(item));
            return nullptr;
        }
        return &item;
    }

private:
    const util::JsonDocument* doc_;
    std::optional<Error> error_;
};

CallMetadata read_call_metadata(Reader& r, const json& m, const std::string& path,
                                std::span<const std::string_view> own_keys) {
    CallMetadata out;
    out.tokens_used = r.count_at(m, path, "tokensUsed");
    out.latency_ms = r.number_at(m, path, "latencyMs");
    out.model = r.string_at(m, path, "model", false);
    if (const json* extras = r.object_at(m, path, "parley", false)) {
        const auto extras_path = util::child_path(path, "parley");
        out.prompt_tokens = r.count_at(*extras, extras_path, "promptTokens").value_or(0);
        out.completion_tokens = r.count_at(*extras, extras_path, "completionTokens").value_or(0);
        out.tokens_estimated = r.bool_at(*extras, extras_path, "tokensEstimated");
        out.provider = r.string_at(*extras, extras_path, "provider", false);
        out.cost_usd = r.number_at(*extras, extras_path, "costUsd");
        if (const json* t = r.object_at(*extras, extras_path, "tools", false)) {
            const auto tools_path = util::child_path(extras_path, "tools");
            ToolUse use;
            use.calls = r.strings_at(*t, tools_path, "calls");
            use.files_read = r.strings_at(*t, tools_path, "filesRead");
            use.changed_since = r.strings_at(*t, tools_path, "changedSince");
            use.tool_ms = r.number_at(*t, tools_path, "toolMs").value_or(0);
            use.redactions = static_cast<int>(
                std::min<long>(r.count_at(*t, tools_path, "redactions").value_or(0), std::numeric_limits<int>::max()));
            use.digest = r.bool_at(*t, tools_path, "digest");
            out.tools = std::move(use);
        }
    }
    for (const auto& [key, value] : m.items()) {
        if (!is_one_of(key, kCallMetadataKeys) && !is_one_of(key, own_keys)) {
            out.extra[key] = value;
        }
    }
    return out;
}

Summary read_summary(Reader& r, const json& s, const std::string& path, const std::string& fallback_id) {
    Summary out;
    out.agent_id = r.string_at(s, path, "agentId", fallback_id.empty());
    if (out.agent_id.empty()) {
        out.agent_id = fallback_id;
    }
    out.agent_role = r.string_at(s, path, "agentRole", false);
    out.summary = r.string_at(s, path, "summary", true);
    if (const json* m = r.object_at(s, path, "metadata", false)) {
        const auto mpath = util::child_path(path, "metadata");
        out.before_chars = r.count_at(*m, mpath, "beforeChars").value_or(0);
        out.after_chars = r.count_at(*m, mpath, "afterChars").value_or(0);
        if (auto method = r.string_at(*m, mpath, "method", false); !method.empty()) {
            out.method = method;
        }
        out.timestamp = r.timestamp_at(*m, mpath, "timestamp");
        out.metadata = read_call_metadata(r, *m, mpath, kSummaryMetadataKeys);
    }
    return out;
}

std::optional<ContributionType> contribution_type(const std::string& name) {
    for (auto t : {ContributionType::proposal, ContributionType::critique, ContributionType::refinement}) {
        if (name == to_string(t)) {
            return t;
        }
    }
    return std::nullopt;
}

Contribution read_contribution(Reader& r, const json& c, const std::string& path) {
    Contribution out;
    out.agent_id = r.string_at(c, path, "agentId", true);
    out.agent_role = r.string_at(c, path, "agentRole", false);
    if (const json* type = r.member(c, path, "type", true)) {
        const auto type_path = util::child_path(path, "type");
        const auto parsed = type->is_string() ? contribution_type(type->get<std::string>()) : std::nullopt;
        if (parsed) {
            out.type = *parsed;
        } else {
            r.fail_at(type_path, "expected one of proposal, critique, refinement, got " +
                                     (type->is_string() ? util::quote_value(type->get<std::string>())
                                                        : util::json_type_name(*type)));
        }
    }
    out.content = r.string_at(c, path, "content", true);
    out.target_agent_id = r.string_at(c, path, "targetAgentId", false);
    if (const json* m = r.object_at(c, path, "metadata", false)) {
        out.metadata = read_call_metadata(r, *m, util::child_path(path, "metadata"), {});
    }
    return out;
}

Round read_round(Reader& r, const json& j, const std::string& path) {
    Round out;
    if (r.member(j, path, "roundNumber", true) != nullptr) {
        out.round_number = r.round_at(j, path, "roundNumber").value_or(0);
    }
    out.timestamp = r.timestamp_at(j, path, "timestamp");
    if (const json* contributions = r.array_at(j, path, "contributions", true)) {
        const auto cpath = util::child_path(path, "contributions");
        for (std::size_t i = 0; i < contributions->size() && !r.failed(); ++i) {
            if (const json* c = r.element_object(*contributions, cpath, i)) {
                out.contributions.push_back(read_contribution(r, *c, util::child_path(cpath, i)));
            }
        }
    }
    if (const json* summaries = r.object_at(j, path, "summaries", false)) {
        const auto spath = util::child_path(path, "summaries");
        for (const auto& [agent_id, s] : summaries->items()) {
            if (r.failed()) {
                break;
            }
            if (!s.is_object()) {
                r.fail_at(util::child_path(spath, agent_id), "expected an object, got " + util::json_type_name(s));
                break;
            }
            out.summaries[agent_id] = read_summary(r, s, util::child_path(spath, agent_id), agent_id);
        }
    }
    return out;
}

std::vector<Disagreement> read_disagreements(Reader& r, const json& list, const std::string& path) {
    std::vector<Disagreement> out;
    for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
        const json* d = r.element_object(list, path, i);
        if (d == nullptr) {
            break;
        }
        const auto dpath = util::child_path(path, i);
        Disagreement item;
        item.topic = r.string_at(*d, dpath, "topic", true);
        if (const json* positions = r.array_at(*d, dpath, "positions", false)) {
            const auto ppath = util::child_path(dpath, "positions");
            for (std::size_t k = 0; k < positions->size() && !r.failed(); ++k) {
                if (const json* p = r.element_object(*positions, ppath, k)) {
                    const auto kpath = util::child_path(ppath, k);
                    item.positions.push_back(
                        {r.string_at(*p, kpath, "position", true), r.strings_at(*p, kpath, "agents")});
                }
            }
        }
        out.push_back(std::move(item));
    }
    return out;
}

Solution read_solution(Reader& r, const json& s, const std::string& path) {
    Solution out;
    out.description = r.string_at(s, path, "description", true);
    out.implementation = r.string_at(s, path, "implementation", false);
    out.tradeoffs = r.strings_at(s, path, "tradeoffs");
    out.recommendations = r.strings_at(s, path, "recommendations");
    out.confidence = r.number_at(s, path, "confidence");
    out.synthesized_by = r.string_at(s, path, "synthesizedBy", false);
    out.unfulfilled_major_requirements = r.strings_at(s, path, "unfulfilledMajorRequirements");
    out.open_questions = r.strings_at(s, path, "openQuestions");
    if (const json* list = r.array_at(s, path, "disagreements", false)) {
        out.disagreements = read_disagreements(r, *list, util::child_path(path, "disagreements"));
    }
    if (const json* review = r.object_at(s, path, "designReview", false)) {
        const auto dpath = util::child_path(path, "designReview");
        DesignDecision d;
        d.decision = r.string_at(*review, dpath, "decision", true);
        d.reasons = r.strings_at(*review, dpath, "reasons");
        if (const json* changes = r.array_at(*review, dpath, "changes", false)) {
            const auto cpath = util::child_path(dpath, "changes");
            for (std::size_t i = 0; i < changes->size() && !r.failed(); ++i) {
                if (const json* c = r.element_object(*changes, cpath, i)) {
                    const auto item = util::child_path(cpath, i);
                    d.changes.push_back({r.string_at(*c, item, "change", true), r.string_at(*c, item, "why", false),
                                         r.string_at(*c, item, "priority", false)});
                }
            }
        }
        out.design_decision = std::move(d);
    }
    if (const json* check = r.object_at(s, path, "answerCheck", false)) {
        const auto cpath = util::child_path(path, "answerCheck");
        const json* usable = r.member(*check, cpath, "usable", false);
        out.check.usable = usable == nullptr || !usable->is_boolean() || usable->get<bool>();
        out.check.defects = r.strings_at(*check, cpath, "defects");
        out.check.repair_calls =
            static_cast<int>(std::clamp(r.count_at(*check, cpath, "repairCalls").value_or(0), 0L, 1000L));
        if (const json* counts = r.object_at(*check, cpath, "counts", false)) {
            for (const auto& [kind, n] : counts->items()) {
                if (n.is_number_integer()) {
                    out.check.counts[kind] = static_cast<int>(std::clamp(n.get<long>(), 0L, 1000000L));
                }
            }
        }
    }
    if (const json* m = r.object_at(s, path, "metadata", false)) {
        out.metadata = read_call_metadata(r, *m, util::child_path(path, "metadata"), {});
    }
    if (const json* m = r.object_at(s, path, "repairMetadata", false)) {
        out.repair_metadata = read_call_metadata(r, *m, util::child_path(path, "repairMetadata"), {});
    }
    return out;
}

std::vector<AgentClarifications> read_clarifications(Reader& r, const json& array, const std::string& path) {
    std::vector<AgentClarifications> out;
    for (std::size_t i = 0; i < array.size() && !r.failed(); ++i) {
        const json* g = r.element_object(array, path, i);
        if (g == nullptr) {
            break;
        }
        const auto gpath = util::child_path(path, i);
        AgentClarifications group;
        group.agent_id = r.string_at(*g, gpath, "agentId", true);
        group.agent_name = r.string_at(*g, gpath, "agentName", false);
        group.role = r.string_at(*g, gpath, "role", false);
        if (const json* items = r.array_at(*g, gpath, "items", false)) {
            const auto ipath = util::child_path(gpath, "items");
            for (std::size_t k = 0; k < items->size() && !r.failed(); ++k) {
                if (const json* item = r.element_object(*items, ipath, k)) {
                    const auto item_path = util::child_path(ipath, k);
                    group.items.push_back({r.string_at(*item, item_path, "id", false),
                                           r.string_at(*item, item_path, "question", true),
                                           r.string_at(*item, item_path, "answer", false)});
                }
            }
        }
        if (const json* m = r.object_at(*g, gpath, "metadata", false)) {
            group.metadata = read_call_metadata(r, *m, util::child_path(gpath, "metadata"), {});
        }
        out.push_back(std::move(group));
    }
    return out;
}

ParticipantInfo read_participant(Reader& r, const json& p, const std::string& path) {
    ParticipantInfo out;
    out.id = r.string_at(p, path, "id", true);
    out.name = r.string_at(p, path, "name", false);
    out.role = r.string_at(p, path, "role", false);
    out.model = r.string_at(p, path, "model", false);
    out.provider = r.string_at(p, path, "provider", false);
    out.temperature = r.number_at(p, path, "temperature").value_or(0);
    return out;
}

DurationStats read_duration_stats(Reader& r, const json& parent, const std::string& path, std::string_view key) {
    DurationStats out;
    if (const json* d = r.object_at(parent, path, key, false)) {
        const auto dpath = util::child_path(path, key);
        out.samples = r.count_at(*d, dpath, "samples").value_or(0);
        out.p50_ms = r.number_at(*d, dpath, "p50Ms").value_or(0);
        out.p95_ms = r.number_at(*d, dpath, "p95Ms").value_or(0);
    }
    return out;
}

Cost read_cost(Reader& r, const json& c, const std::string& path) {
    return {r.number_at(c, path, "usd").value_or(0), r.count_at(c, path, "unknownCalls").value_or(0)};
}

// Files written before these figures existed lack every key read here; each then keeps its zero.
void read_call_outcomes(Reader& r, const json& m, const std::string& path, RunMetrics& out) {
    out.calls_from_journal = r.count_at(m, path, "callsFromJournal").value_or(0);
    out.calls_from_cache = r.count_at(m, path, "callsFromCache").value_or(0);
    out.calls_failed = r.count_at(m, path, "callsFailed").value_or(0);
    out.calls_cancelled = r.count_at(m, path, "callsCancelled").value_or(0);
    out.tool_calls = r.count_at(m, path, "toolCalls").value_or(0);
    out.tool_ms = r.number_at(m, path, "toolMs").value_or(0);
    if (const json* retries = r.object_at(m, path, "retries", false)) {
        const auto rpath = util::child_path(path, "retries");
        for (const auto& item : retries->items()) {
            out.retries[item.key()] = r.count_at(*retries, rpath, item.key()).value_or(0);
        }
    }
    out.queue_wait = read_duration_stats(r, m, path, "queueWait");
    if (const json* providers = r.object_at(m, path, "providers", false)) {
        const auto ppath = util::child_path(path, "providers");
        for (const auto& item : providers->items()) {
            const auto& label = item.key();
            if (const json* t = r.object_at(*providers, ppath, label, false)) {
                const auto tpath = util::child_path(ppath, label);
                out.providers[label] = {read_duration_stats(r, *t, tpath, "latency"),
                                        read_duration_stats(r, *t, tpath, "timeToFirstToken")};
            }
        }
    }
    if (const json* cost = r.object_at(m, path, "cost", false)) {
        const auto cpath = util::child_path(path, "cost");
        out.cost = read_cost(r, *cost, cpath);
        if (const json* agents = r.object_at(*cost, cpath, "byAgent", false)) {
            const auto apath = util::child_path(cpath, "byAgent");
            for (const auto& item : agents->items()) {
                const auto& id = item.key();
                if (const json* c = r.object_at(*agents, apath, id, false)) {
                    out.cost_by_agent[id] = read_cost(r, *c, util::child_path(apath, id));
                }
            }
        }
        if (const json* phases = r.array_at(*cost, cpath, "byPhase", false)) {
            const auto ppath = util::child_path(cpath, "byPhase");
            for (std::size_t i = 0; i < phases->size() && !r.failed(); ++i) {
                if (const json* phase = r.element_object(*phases, ppath, i)) {
                    const auto phase_path = util::child_path(ppath, i);
                    auto name = r.string_at(*phase, phase_path, "phase", true);
                    out.cost_by_phase.emplace_back(std::move(name), read_cost(r, *phase, phase_path));
                }
            }
        }
    }
}

RunMetrics read_metrics(Reader& r, const json& m, const std::string& path) {
    RunMetrics out;
    out.calls = r.count_at(m, path, "calls").value_or(0);
    out.prompt_tokens = r.count_at(m, path, "promptTokens").value_or(0);
    out.completion_tokens = r.count_at(m, path, "completionTokens").value_or(0);
    out.total_tokens = r.count_at(m, path, "totalTokens").value_or(0);
    out.tokens_estimated = r.bool_at(m, path, "tokensEstimated");
    out.wall_ms = r.number_at(m, path, "wallMs").value_or(0);
    if (const json* phases = r.array_at(m, path, "phases", false)) {
        const auto ppath = util::child_path(path, "phases");
        for (std::size_t i = 0; i < phases->size() && !r.failed(); ++i) {
            if (const json* phase = r.element_object(*phases, ppath, i)) {
                const auto phase_path = util::child_path(ppath, i);
                auto name = r.string_at(*phase, phase_path, "name", true);
                const double ms = r.number_at(*phase, phase_path, "wallMs").value_or(0);
                out.phase_wall_ms[name] = ms;
                out.phase_order.emplace_back(std::move(name), ms);
            }
        }
    }
    read_call_outcomes(r, m, path, out);
    return out;
}

// Positions, movement, minority and termination (position_tracking.hpp); older files have none of them.
void read_rounds_extras(Reader& r, const json& p, const std::string& path, DebateState& state) {
    const auto take = [&](const char* key, auto read, auto& into) {
        const json* value = r.member(p, path, key, false);
        if (value == nullptr || r.failed()) {
            return;
        }
        auto got = read(*value, util::child_path(path, key));
        if (!got) {
            r.fail_at(got.error().path, got.error().what);
            return;
        }
        into = std::move(*got);
    };
    take("positions", positions_from_json, state.positions);
    take("movement", movement_from_json, state.movement);
    take("minority", minority_from_json, state.minority);
    take("termination", termination_from_json, state.termination);
}

void read_parley_extras(Reader& r, const json& p, DebateState& state) {
    const std::string path = "parley";
    if (const json* agents = r.array_at(p, path, "agents", false)) {
        const auto apath = util::child_path(path, "agents");
        for (std::size_t i = 0; i < agents->size() && !r.failed(); ++i) {
            if (const json* a = r.element_object(*agents, apath, i)) {
                state.agents.push_back(read_participant(r, *a, util::child_path(apath, i)));
            }
        }
    }
    if (const json* judge = r.object_at(p, path, "judge", false)) {
        state.judge = read_participant(r, *judge, util::child_path(path, "judge"));
    }
    state.offline = r.bool_at(p, path, "offline");
    if (const json* seed = r.member(p, path, "seed", false)) {
        if (seed->is_number_unsigned()) {
            state.seed = seed->get<std::uint64_t>();
        } else {
            r.fail_at(util::child_path(path, "seed"),
                      "expected a non-negative whole number, got " + util::json_type_name(*seed));
        }
    }
    state.error = r.string_at(p, path, "error", false);
    if (const json* metrics = r.object_at(p, path, "metrics", false)) {
        state.metrics = read_metrics(r, *metrics, util::child_path(path, "metrics"));
    }
    if (const json* evaluation = r.object_at(p, path, "evaluation", false)) {
        state.evaluation = *evaluation;
    }
    if (const json* design = r.object_at(p, path, "design", false)) {
        const auto dpath = util::child_path(path, "design");
        GivenDesign d;
        d.path = r.string_at(*design, dpath, "path", false);
        d.sha256 = r.string_at(*design, dpath, "sha256", false);
        d.text = r.string_at(*design, dpath, "text", true);
        const json* given = r.member(*design, dpath, "problemGiven", false);
        d.problem_given = given == nullptr || !given->is_boolean() || given->get<bool>();
        state.design = std::move(d);
    }
    // The simulations are derived data shown beside the review: a malformed one reads as "not simulated", never as
    // an unreadable debate.
    if (const json* simulations = r.array_at(p, path, "simulations", false)) {
        for (const auto& s : *simulations) {
            if (s.is_object()) {
                const auto text = [&](const char* name) {
                    const auto it = s.find(name);
                    return it != s.end() && it->is_string() ? it->get<std::string>() : std::string();
                };
                state.simulations.push_back({text("agentId"), text("agentName"), sim::brief_from_json(s)});
            }
        }
    }
    if (const json* final_simulation = r.object_at(p, path, "finalSimulation", false)) {
        state.final_simulation = sim::brief_from_json(*final_simulation);
    }
    read_rounds_extras(r, p, path, state);
    if (const auto voting = p.find("voting"); voting != p.end()) {
        state.voting = voting_from_json(*voting);
    }
    if (const auto baseline = p.find("baseline"); baseline != p.end()) {
        state.baseline = baseline_from_json(*baseline);
    }
    if (const json* prompts = r.array_at(p, path, "prompts", false)) {
        const auto ppath = util::child_path(path, "prompts");
        // The records stay free-form JSON, but the report should not have to guess what a non-object means.
        for (std::size_t i = 0; i < prompts->size() && !r.failed(); ++i) {
            r.element_object(*prompts, ppath, i);
        }
        state.prompts = *prompts;
    }
}

// JavaScript has one number type and writes 1200, not 1200.0; whole values are written the same way.
json number_json(double value) {
    if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 9.0e15) {
        return static_cast<long>(value);
    }
    return value;
}

json participant_json(const ParticipantInfo& p) {
    return {{"id", p.id},       {"name", p.name},         {"role", p.role},
            {"model", p.model}, {"provider", p.provider}, {"temperature", number_json(p.temperature)}};
}

// Fills the call's fields into `out`, which may already hold a summary's own keys and unknown keys.
void write_call_metadata(const CallMetadata& m, json& out) {
    for (const auto& [key, value] : m.extra.items()) {
        out[key] = value;
    }
    if (m.tokens_used) {
        out["tokensUsed"] = *m.tokens_used;
    }
    if (m.latency_ms) {
        out["latencyMs"] = number_json(*m.latency_ms);
    }
    if (!m.model.empty()) {
        out["model"] = m.model;
    }
    // Files read from dialectic have none of these; writing zeros into every contribution would be noise.
    if (m.prompt_tokens != 0 || m.completion_tokens != 0 || m.tokens_estimated || !m.provider.empty() || m.cost_usd ||
        m.tools) {
        out["parley"] = {{"promptTokens", m.prompt_tokens},
                         {"completionTokens", m.completion_tokens},
                         {"tokensEstimated", m.tokens_estimated},
                         {"provider", m.provider}};
        if (m.cost_usd) {
            out["parley"]["costUsd"] = number_json(*m.cost_usd);
        }
        if (m.tools) {
            out["parley"]["tools"] = {{"calls", m.tools->calls},
                                      {"filesRead", m.tools->files_read},
                                      {"changedSince", m.tools->changed_since},
                                      {"toolMs", number_json(m.tools->tool_ms)},
                                      {"redactions", m.tools->redactions},
                                      {"digest", m.tools->digest}};
        }
    }
}

json summary_json(const Summary& s) {
    json metadata = json::object();
    write_call_metadata(s.metadata, metadata);
    metadata["beforeChars"] = s.before_chars;
    metadata["afterChars"] = s.after_chars;
    metadata["method"] = s.method;
    metadata["timestamp"] = s.timestamp;
    return {{"agentId", s.agent_id}, {"agentRole", s.agent_role}, {"summary", s.summary}, {"metadata", metadata}};
}

json contribution_json(const Contribution& c) {
    json metadata = json::object();
    write_call_metadata(c.metadata, metadata);
    json out = {{"agentId", c.agent_id},
                {"agentRole", c.agent_role},
                {"type", to_string(c.type)},
                {"content", c.content},
                {"metadata", metadata}};
    // dialectic sets targetAgentId on critiques only.
    if (!c.target_agent_id.empty()) {
        out["targetAgentId"] = c.target_agent_id;
    }
    return out;
}

json round_json(const Round& r) {
    json contributions = json::array();
    for (const auto& c : r.contributions) {
        contributions.push_back(contribution_json(c));
    }
    json out = {{"roundNumber", r.round_number}, {"timestamp", r.timestamp}, {"contributions", contributions}};
    if (!r.summaries.empty()) {
        json summaries = json::object();
        for (const auto& [id, s] : r.summaries) {
            summaries[id] = summary_json(s);
        }
        out["summaries"] = summaries;
    }
    return out;
}

json solution_json(const Solution& s) {
    json out = {{"description", s.description},
                {"tradeoffs", s.tradeoffs},
                {"recommendations", s.recommendations},
                {"synthesizedBy", s.synthesized_by},
                {"unfulfilledMajorRequirements", s.unfulfilled_major_requirements},
                {"openQuestions", s.open_questions}};
    if (!s.implementation.empty()) {
        out["implementation"] = s.implementation;
    }
    if (s.confidence) {
        out["confidence"] = number_json(*s.confidence);
    }
    if (!s.disagreements.empty()) {
        json list = json::array();
        for (const auto& d : s.disagreements) {
            json positions = json::array();
            for (const auto& p : d.positions) {
                positions.push_back({{"position", p.position}, {"agents", p.agents}});
            }
            list.push_back({{"topic", d.topic}, {"positions", positions}});
        }
        out["disagreements"] = list;
    }
    if (s.design_decision) {
        json changes = json::array();
        for (const auto& c : s.design_decision->changes) {
            changes.push_back({{"change", c.change}, {"why", c.why}, {"priority", c.priority}});
        }
        out["designReview"] = {
            {"decision", s.design_decision->decision}, {"reasons", s.design_decision->reasons}, {"changes", changes}};
    }
    const auto& c = s.check;
    if (!c.usable || !c.defects.empty() || !c.counts.empty() || c.repair_calls > 0) {
        out["answerCheck"] = {
            {"usable", c.usable}, {"defects", c.defects}, {"counts", c.counts}, {"repairCalls", c.repair_calls}};
    }
    // A dialectic file records no synthesis call; rewriting it adds none.
    json metadata = json::object();
    write_call_metadata(s.metadata, metadata);
    if (!metadata.empty()) {
        out["metadata"] = std::move(metadata);
    }
    if (s.repair_metadata) {
        json repair = json::object();
        write_call_metadata(*s.repair_metadata, repair);
        out["repairMetadata"] = std::move(repair);
    }
    return out;
}

json clarifications_json(const std::vector<AgentClarifications>& groups) {
    json out = json::array();
    for (const auto& g : groups) {
        json items = json::array();
        for (const auto& item : g.items) {
            items.push_back({{"id", item.id}, {"question", item.question}, {"answer", item.answer}});
        }
        json group = {{"agentId", g.agent_id}, {"agentName", g.agent_name}, {"role", g.role}, {"items", items}};
        json metadata = json::object();
        write_call_metadata(g.metadata, metadata);
        if (!metadata.empty()) {
            group["metadata"] = std::move(metadata);
        }
        out.push_back(std::move(group));
    }
    return out;
}

json duration_stats_json(const DurationStats& d) {
    return {{"samples", d.samples}, {"p50Ms", number_json(d.p50_ms)}, {"p95Ms", number_json(d.p95_ms)}};
}

json cost_json(const Cost& c) {
    return {{"usd", number_json(c.usd)}, {"unknownCalls", c.unknown_calls}};
}

json metrics_json(const RunMetrics& m) {
    json phases = json::array();
    for (const auto& [name, ms] : m.phase_order) {
        phases.push_back({{"name", name}, {"wallMs", number_json(ms)}});
    }
    json providers = json::object();
    for (const auto& [label, t] : m.providers) {
        providers[label] = {{"latency", duration_stats_json(t.latency)},
                            {"timeToFirstToken", duration_stats_json(t.time_to_first_token)}};
    }
    json cost = cost_json(m.cost);
    cost["byAgent"] = json::object();
    for (const auto& [id, c] : m.cost_by_agent) {
        cost["byAgent"][id] = cost_json(c);
    }
    cost["byPhase"] = json::array();
    for (const auto& [phase, c] : m.cost_by_phase) {
        auto entry = cost_json(c);
        entry["phase"] = phase;
        cost["byPhase"].push_back(std::move(entry));
    }
    json out = {{"calls", m.calls},
                {"callsFromJournal", m.calls_from_journal},
                {"callsFailed", m.calls_failed},
                {"callsCancelled", m.calls_cancelled},
                {"retries", m.retries.empty() ? json::object() : json(m.retries)},
                {"promptTokens", m.prompt_tokens},
                {"completionTokens", m.completion_tokens},
                {"totalTokens", m.total_tokens},
                {"tokensEstimated", m.tokens_estimated},
                {"wallMs", number_json(m.wall_ms)},
                {"phases", phases},
                {"queueWait", duration_stats_json(m.queue_wait)},
                {"providers", providers},
                {"cost", cost}};
    // Only a run that used the shared cache says so: files of every other run keep the keys they always had.
    if (m.calls_from_cache > 0) {
        out["callsFromCache"] = m.calls_from_cache;
    }
    // Only runs with tools have these; every other debate JSON stays as it was.
    if (m.tool_calls > 0) {
        out["toolCalls"] = m.tool_calls;
        out["toolMs"] = number_json(m.tool_ms);
    }
    return out;
}

int line_of_byte(std::string_view text, std::size_t byte) {
    int line = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        line += text[i] == '\n' ? 1 : 0;
    }
    return line;
}

Result<DebateState> read_state(const json& j, const util::JsonDocument* doc) {
    Reader r(doc);
    if (!j.is_object()) {
        r.fail_at("", "expected a debate (a JSON object) at the top level, got " + util::json_type_name(j));
        return tl::make_unexpected(r.error());
    }
    DebateState state;
    state.id = r.string_at(j, "", "id", true);
    state.problem = r.string_at(j, "", "problem", true);
    state.context = r.string_at(j, "", "context", false);
    state.status = r.string_at(j, "", "status", true);
    if (const json* rounds = r.array_at(j, "", "rounds", true)) {
        for (std::size_t i = 0; i < rounds->size() && !r.failed(); ++i) {
            if (const json* round = r.element_object(*rounds, "rounds", i)) {
                state.rounds.push_back(read_round(r, *round, util::child_path("rounds", i)));
            }
        }
    }
    state.current_round = r.round_at(j, "", "currentRound").value_or(static_cast<int>(state.rounds.size()));
    if (const json* solution = r.object_at(j, "", "finalSolution", false)) {
        state.final_solution = read_solution(r, *solution, "finalSolution");
    }
    if (const json* summary = r.object_at(j, "", "judgeSummary", false)) {
        state.judge_summary = read_summary(r, *summary, "judgeSummary", "");
    }
    if (const json* clarifications = r.array_at(j, "", "clarifications", false)) {
        state.clarifications = read_clarifications(r, *clarifications, "clarifications");
    }
    state.created_at = r.timestamp_at(j, "", "createdAt");
    state.updated_at = r.timestamp_at(j, "", "updatedAt");
    if (const json* extras = r.object_at(j, "", "parley", false)) {
        read_parley_extras(r, *extras, state);
    }
    if (r.failed()) {
        return tl::make_unexpected(r.error());
    }
    for (const auto& [key, value] : j.items()) {
        if (!is_one_of(key, kTopLevelKeys)) {
            state.extra[key] = value;
        }
    }
    return state;
}

} // namespace

bool is_reviewed(const DebateState& state) {
    return review::is_task_queue_problem(state.problem) ||
           (state.design && review::is_task_queue_problem(state.design->text));
}

json to_json(const DebateState& state) {
    json out = json::object();
    for (const auto& [key, value] : state.extra.items()) {
        out[key] = value;
    }
    out["id"] = state.id;
    out["problem"] = state.problem;
    if (!state.context.empty()) {
        out["context"] = state.context;
    }
    out["status"] = state.status;
    out["currentRound"] = state.current_round;
    json rounds = json::array();
    for (const auto& r : state.rounds) {
        rounds.push_back(round_json(r));
    }
    out["rounds"] = rounds;
    if (state.final_solution) {
        out["finalSolution"] = solution_json(*state.final_solution);
    }
    if (state.judge_summary) {
        out["judgeSummary"] = summary_json(*state.judge_summary);
    }
    if (!state.clarifications.empty()) {
        out["clarifications"] = clarifications_json(state.clarifications);
    }
    out["createdAt"] = state.created_at;
    out["updatedAt"] = state.updated_at;

    json agents = json::array();
    for (const auto& a : state.agents) {
        agents.push_back(participant_json(a));
    }
    json extras = {{"agents", agents},
                   {"offline", state.offline},
                   {"seed", state.seed},
                   {"metrics", metrics_json(state.metrics)},
                   {"prompts", state.prompts.is_array() ? state.prompts : json::array()}};
    if (state.judge) {
        extras["judge"] = participant_json(*state.judge);
    }
    if (!state.error.empty()) {
        extras["error"] = state.error;
    }
    if (state.evaluation.is_object()) {
        extras["evaluation"] = state.evaluation;
    }
    if (state.design) {
        const auto& d = *state.design;
        extras["design"] = {
            {"path", d.path}, {"sha256", d.sha256}, {"text", d.text}, {"problemGiven", d.problem_given}};
    }
    if (!state.simulations.empty()) {
        json simulations = json::array();
        for (const auto& a : state.simulations) {
            json one = sim::to_json(a.brief);
            one["agentId"] = a.agent_id;
            one["agentName"] = a.agent_name;
            simulations.push_back(std::move(one));
        }
        extras["simulations"] = std::move(simulations);
    }
    if (state.final_simulation) {
        extras["finalSimulation"] = sim::to_json(*state.final_simulation);
    }
    if (!state.positions.empty()) {
        extras["positions"] = positions_json(state.positions);
        extras["movement"] = movement_json(state.movement);
        extras["minority"] = minority_json(state.minority);
    }
    if (state.termination) {
        extras["termination"] = termination_json(*state.termination);
    }
    if (state.voting) {
        extras["voting"] = to_json(*state.voting);
    }
    if (state.baseline) {
        extras["baseline"] = to_json(*state.baseline);
    }
    // Derived from the final solution on every write, never read back: the review is deterministic.
    if (state.final_solution && is_reviewed(state)) {
        const auto& s = *state.final_solution;
        extras["review"] = review::to_json(
            review::review_design(review::solution_text(s.description, s.implementation), state.problem), false);
    }
    if (state.design && is_reviewed(state)) {
        extras["givenDesignReview"] = review::to_json(review::review_design(state.design->text, state.problem), false);
    }
    out["parley"] = extras;
    return out;
}

Result<DebateState> from_json(const json& j) {
    return read_state(j, nullptr);
}

Result<DebateState> load_debate(const std::string& path, std::size_t max_bytes) {
    auto text = util::read_text_file(path, max_bytes);
    if (!text) {
        return tl::make_unexpected(text.error());
    }
    if (const auto bad = util::first_invalid_utf8(*text)) {
        return fail(ErrorKind::invalid_input, path + ":" + std::to_string(line_of_byte(*text, *bad)) +
                                                  ": not valid UTF-8 (byte " + std::to_string(*bad) +
                                                  "); a debate file is UTF-8 JSON");
    }
    // parse_json_document refuses nesting deeper than util::kMaxJsonDepth before nlohmann builds a tree.
    auto doc = util::parse_json_document(*text, path);
    if (!doc) {
        // The parser files syntax errors as config errors; here the bad file is the user's input.
        return fail(ErrorKind::invalid_input, doc.error().message);
    }
    return read_state(doc->value, &*doc);
}

Result<void> save_debate(const DebateState& state, const std::string& path) {
    // Model text can hold invalid UTF-8; replacing it keeps the file loadable instead of throwing mid-save.
    auto text = to_json(state).dump(2, ' ', false, json::error_handler_t::replace);
    text += '\n';
    return util::write_file_atomically(path, text);
}

} // namespace parley::debate
