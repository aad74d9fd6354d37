#pragma once
// A panel's verdict as `parley eval -o FILE.json` writes it, by hand: two evaluators, one withheld category,
// a self-preference warning and hostile text in an evaluator's reasoning and quote.

#include <nlohmann/json.hpp>

namespace parley::testing {

/// The verdict; `offline` marks it as the built-in offline panel's.
inline nlohmann::json sample_evaluation(bool offline = false) {
    using nlohmann::json;
    const char* keys[] = {"functional_completeness",
                          "performance_scalability",
                          "security",
                          "maintainability_evolvability",
                          "regulatory_compliance",
                          "testability",
                          "overall_score"};
    json categories = json::object();
    for (const char* key : keys) {
        categories[key] = {{"mean", 7.5},
                           {"sd", 0.7071},
                           {"interval95", json::array({6.52, 8.48})},
                           {"n", 2},
                           {"alpha", 0.4},
                           {"meanAbsDiff", 1.0},
                           {"verdict", "evaluators partly agree: read their reasoning"},
                           {"unsupported", 0},
                           {"unquoted", 0},
                           {"byEvaluator", {{"ev-a", 7.0}, {"ev-b", 8.0}}}};
    }
    categories["regulatory_compliance"]["mean"] = nullptr;
    categories["regulatory_compliance"]["interval95"] = nullptr;
    categories["regulatory_compliance"]["unsupported"] = 2;
    categories["regulatory_compliance"]["byEvaluator"] = {{"ev-a", nullptr}, {"ev-b", nullptr}};
    const json hostile_item{{"score", 7},
                            {"reasoning", "<script>alert(1)</script><img src=x onerror=alert(2)>"},
                            {"evidence", json::array({"<a href=\"javascript:alert(3)\">quote</a>"})}};
    json parley{{"document", "design.md"},
                {"samples", 1},
                {"keepUnsupported", false},
                {"offline", offline},
                {"categories", categories},
                {"agreement",
                 {{"alpha", 0.4}, {"meanAbsDiff", 1.0}, {"verdict", "evaluators partly agree: read their reasoning"}}},
                {"evaluators",
                 json::array({{{"id", "ev-a"},
                               {"name", "Evaluator A"},
                               {"model", "m-a"},
                               {"provider", "openai"},
                               {"samples", json::array()},
                               {"issues", json::object()},
                               {"warnings", json::array()}},
                              {{"id", "ev-b"},
                               {"name", "Evaluator B"},
                               {"model", "m-b"},
                               {"provider", "openai"},
                               {"samples", json::array()},
                               {"issues", {{"out_of_range", 1}}},
                               {"warnings", json::array({"sample 1: security: 11 is outside 1-10, clamped to 10"})}}})},
                {"issues", {{"out_of_range", 1}}},
                {"warnings", json::array({"self-preference: evaluator ev-a uses m-a, which also wrote the debate"})},
                {"calls", 2},
                {"fromJournal", 0},
                {"tokens", 1200},
                {"costUsd", 0.0012}};
    if (offline) {
        parley["note"] = "offline: derived from the deterministic design review";
    }
    return {{"evaluation", {{"functional_completeness", {{"average_score", 7.5}}}}},
            {"overall_score", 7.5},
            {"agents", {{"ev-a", {{"evaluation", {{"functional_completeness", hostile_item}}}}}}},
            {"parley", parley}};
}

} // namespace parley::testing
