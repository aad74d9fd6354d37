#include "debate/baseline_record.hpp"

#include "util/money.hpp"

namespace parley::debate {

namespace {

using nlohmann::json;

json usd(const std::optional<double>& value) {
    return value ? json(*value) : json(nullptr);
}

std::optional<double> usd_at(const json& o, const char* key) {
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
}

std::string text_at(const json& o, const char* key) {
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long count_at(const json& o, const char* key) {
    const auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<long>() : 0L;
}

json object_at(const json& o, const char* key) {
    const auto it = o.find(key);
    return it != o.end() && it->is_object() ? *it : json::object();
}

std::string cost_text(const std::optional<double>& value) {
    return value ? util::format_usd(*value) : std::string("unknown");
}

} // namespace

json to_json(const Baseline& b) {
    json solutions = json::array();
    for (const auto& s : b.solutions) {
        solutions.push_back(
            {{"id", s.id}, {"agentId", s.agent_id}, {"sample", s.sample}, {"text", s.text}, {"tokens", s.tokens}});
    }
    json out{{"method", b.method},
             {"tokens", {{"debate", b.debate_tokens}, {"baseline", b.baseline_tokens}}},
             {"cost", {{"debate", usd(b.debate_cost)}, {"baseline", usd(b.baseline_cost)}}},
             {"solutions", solutions},
             {"finalSolution", {{"description", b.final_text}, {"synthesizedBy", b.synthesized_by}}},
             {"review", b.review},
             {"comparison", b.comparison},
             {"simulation", b.simulation},
             {"verdict", b.verdict},
             {"reason", b.reason}};
    if (b.voting) {
        out["voting"] = to_json(*b.voting);
    }
    if (!b.stopped.empty()) {
        out["stopped"] = b.stopped;
    }
    return out;
}

std::optional<Baseline> baseline_from_json(const json& j) {
    if (!j.is_object()) {
        return std::nullopt;
    }
    Baseline b;
    b.method = text_at(j, "method");
    const auto tokens = object_at(j, "tokens");
    b.debate_tokens = count_at(tokens, "debate");
    b.baseline_tokens = count_at(tokens, "baseline");
    const auto cost = object_at(j, "cost");
    b.debate_cost = usd_at(cost, "debate");
    b.baseline_cost = usd_at(cost, "baseline");
    const auto solutions = j.find("solutions");
    if (solutions != j.end() && solutions->is_array()) {
        for (const auto& s : *solutions) {
            if (s.is_object()) {
                b.solutions.push_back({text_at(s, "id"), text_at(s, "agentId"), static_cast<int>(count_at(s, "sample")),
                                       text_at(s, "text"), count_at(s, "tokens")});
            }
        }
    }
    const auto final_solution = object_at(j, "finalSolution");
    b.final_text = text_at(final_solution, "description");
    b.synthesized_by = text_at(final_solution, "synthesizedBy");
    if (const auto voting = j.find("voting"); voting != j.end()) {
        b.voting = voting_from_json(*voting);
    }
    b.stopped = text_at(j, "stopped");
    b.review = object_at(j, "review");
    b.comparison = object_at(j, "comparison");
    b.simulation = object_at(j, "simulation");
    b.verdict = text_at(j, "verdict");
    b.reason = text_at(j, "reason");
    return b;
}

void decide_verdict(Baseline& b) {
    const auto winner = b.comparison.find("winner");
    if (winner != b.comparison.end() && winner->is_string()) {
        const auto w = winner->get<std::string>();
        b.verdict = w == "debate" ? "beat" : w == "baseline" ? "lost" : "tied";
        b.reason =
            "the eval panel's pick in both orders: " + w + ", flip rate " + text_at(b.comparison, "flipRateText");
        return;
    }
    const std::string withheld = b.comparison.contains("note")
                                     ? "the eval panel's winner is withheld (" + text_at(b.comparison, "note") + "); "
                                     : std::string();
    const auto debate = object_at(b.review, "debate");
    const auto baseline = object_at(b.review, "baseline");
    if (debate.empty() || baseline.empty()) {
        b.verdict = "unknown";
        b.reason = withheld + "the rule-based review does not apply to this problem" +
                   (b.comparison.empty() ? " and no eval panel compared them (--eval)" : "");
        return;
    }
    const long df = count_at(debate, "flags");
    const long bf = count_at(baseline, "flags");
    const long dp = count_at(debate, "partials");
    const long bp = count_at(baseline, "partials");
    b.verdict = df != bf ? (df < bf ? "beat" : "lost") : dp != bp ? (dp < bp ? "beat" : "lost") : "tied";
    b.reason = withheld + "review flags " + std::to_string(df) + " against " + std::to_string(bf) +
               (df == bf ? ", partial concerns " + std::to_string(dp) + " against " + std::to_string(bp) : "");
}

std::string baseline_line(const Baseline& b) {
    const std::string outcome = b.verdict == "beat"   ? "The debate beat its equal-cost baseline"
                                : b.verdict == "tied" ? "The debate tied with its equal-cost baseline"
                                : b.verdict == "lost" ? "The debate lost to its equal-cost baseline"
                                                      : "Whether the debate beat its equal-cost baseline is unknown";
    return outcome + " (" + b.reason + "); debate " + std::to_string(b.debate_tokens) + " tokens, " +
           cost_text(b.debate_cost) + "; baseline " + std::to_string(b.baseline_tokens) + " tokens, " +
           cost_text(b.baseline_cost) + (b.stopped.empty() ? std::string() : "; " + b.stopped) + ".";
}

} // namespace parley::debate
