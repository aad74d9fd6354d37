// The offline evaluator: scores in dialectic's evaluator contract, derived from the deterministic design review
// and the design's short simulation (never an opinion), with the review's evidence lines as the quotes.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "offline/writer.hpp"
#include "review/review.hpp"
#include "sim/brief.hpp"
#include "sim/units.hpp"

namespace parley::offline {

namespace {

using nlohmann::json;

// Which checklist concerns bear on which rubric category. Regulatory compliance and testability have no
// concern of their own, so the offline evaluator leaves them out rather than guess.
const std::map<std::string, std::vector<std::string>>& concerns_by_category() {
    static const std::map<std::string, std::vector<std::string>> table{
        {"functional_completeness",
         {"delivery", "ack", "lease", "recovery", "idempotency", "retries", "dead_letter", "priorities", "ordering",
          "scheduled", "fairness", "durability", "failover"}},
        {"performance_scalability", {"backpressure", "scaling"}},
        {"security", {"security"}},
        {"maintainability_evolvability", {"observability"}},
    };
    return table;
}

constexpr std::size_t kQuotesPerCategory = 3;

// The review shortens long evidence lines with a trailing "…"; the part before it is the design's own words.
std::string verbatim_part(const std::string& quote) {
    static const std::string kEllipsis = "\xE2\x80\xA6";
    if (quote.ends_with(kEllipsis)) {
        return quote.substr(0, quote.size() - kEllipsis.size());
    }
    return quote;
}

struct CategoryScore {
    int score = 1;
    std::string reasoning;
    std::vector<std::string> evidence;
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// 1 when nothing is covered, 10 when everything is; each contradiction or wrong figure takes a covered one back.
int scale(double good, double total) {
    if (total <= 0) {
        return 1;
    }
    return static_cast<int>(std::lround(std::clamp(1.0 + 9.0 * good / total, 1.0, 10.0)));
}

// The short simulation of the design (sim/brief.hpp) as evidence for performance and capacity: each scenario that
// holds its load and each requirement check met counts as a capacity check that is right, each one that fails as
// one that is wrong. A design that cannot be simulated is neither rewarded nor penalised: it is said in the
// reasoning. Only the reasoning carries it: the quotes stay the design's own words.
void add_simulation(CategoryScore& out, const sim::SimulationBrief& brief, double& good, double& total) {
    if (!brief.simulated) {
        out.reasoning += "; " + brief.cannot;
        return;
    }
    std::vector<std::string> outcomes;
    for (const auto& s : brief.scenarios) {
        total += 1;
        good += s.holds ? 1 : -1;
        outcomes.push_back(s.name + (s.holds ? " holds" : " does not hold"));
    }
    std::size_t checked = 0;
    std::size_t met = 0;
    for (const auto& v : brief.verdicts) {
        if (v.checked) {
            ++checked;
            met += v.met ? 1 : 0;
            total += 1;
            good += v.met ? 1 : -1;
        }
    }
    out.reasoning += "; simulation (" + sim::format_seconds(brief.duration) + " per scenario, seed " +
                     std::to_string(brief.seed) + "): " + join(outcomes);
    if (checked > 0) {
        out.reasoning += ", " + std::to_string(met) + " of " + std::to_string(checked) + " requirement checks met";
    }
    if (!brief.assumed.empty()) {
        out.reasoning += ", " + std::to_string(brief.assumed.size()) + " parameters assumed";
    }
}

CategoryScore score_category(const review::Review& r, const std::vector<std::string>& ids,
                             const sim::SimulationBrief* simulation, bool with_requirements) {
    const bool with_capacity = simulation != nullptr;
    CategoryScore out;
    std::vector<std::string> covered;
    std::vector<std::string> partial;
    std::vector<std::string> missing;
    std::vector<std::string> contradicted;
    for (const auto& result : r.checklist) {
        if (std::find(ids.begin(), ids.end(), std::string(result.concern->id)) == ids.end()) {
            continue;
        }
        const std::string title(result.concern->title);
        switch (result.status) {
        case review::ConcernStatus::covered:
            covered.push_back(title);
            break;
        case review::ConcernStatus::partial:
            partial.push_back(title);
            break;
        case review::ConcernStatus::absent:
            missing.push_back(title);
            break;
        case review::ConcernStatus::contradicted:
            contradicted.push_back(title);
            break;
        }
        for (const auto& e : result.evidence) {
            if (out.evidence.size() < kQuotesPerCategory && !e.text.empty()) {
                out.evidence.push_back(verbatim_part(e.text));
            }
        }
    }
    // A partial concern (some aspects stated, others not) counts half.
    double total = static_cast<double>(covered.size() + partial.size() + missing.size() + contradicted.size());
    double good = static_cast<double>(covered.size()) + 0.5 * static_cast<double>(partial.size()) -
                  static_cast<double>(contradicted.size());
    out.reasoning = std::to_string(covered.size()) + " of " + std::to_string(static_cast<long>(total)) +
                    " checklist concerns covered";
    if (!partial.empty()) {
        out.reasoning += "; partial: " + join(partial);
    }
    if (!missing.empty()) {
        out.reasoning += "; missing: " + join(missing);
    }
    if (!contradicted.empty()) {
        out.reasoning += "; contradicted: " + join(contradicted);
    }
    if (with_capacity) {
        total += static_cast<double>(r.summary.checks_ok + r.summary.checks_wrong);
        good += static_cast<double>(r.summary.checks_ok) - static_cast<double>(r.summary.checks_wrong);
        out.reasoning += "; capacity checks: " + std::to_string(r.summary.checks_ok) + " ok, " +
                         std::to_string(r.summary.checks_wrong) + " wrong";
        add_simulation(out, *simulation, good, total);
    }
    if (with_requirements && r.requirements) {
        total += static_cast<double>(r.summary.requirements_addressed + r.summary.requirements_unaddressed);
        good += static_cast<double>(r.summary.requirements_addressed);
        out.reasoning += "; requirements addressed: " + std::to_string(r.summary.requirements_addressed) + " of " +
                         std::to_string(r.summary.requirements_addressed + r.summary.requirements_unaddressed);
    }
    out.score = scale(std::max(good, 0.0), total);
    return out;
}

json category_json(const CategoryScore& c) {
    return {{"score", c.score}, {"reasoning", c.reasoning}, {"evidence", c.evidence}};
}

std::map<std::string, CategoryScore> score_document(const std::string& document, std::string_view problem) {
    const auto r =
        review::review_design(document, problem.empty() ? std::nullopt : std::optional<std::string_view>(problem));
    const auto simulation = sim::brief_simulation(
        document, problem.empty() ? std::nullopt : std::optional<std::string>(std::string(problem)));
    std::map<std::string, CategoryScore> out;
    for (const auto& [category, ids] : concerns_by_category()) {
        out[category] = score_category(r, ids, category == "performance_scalability" ? &simulation : nullptr,
                                       category == "functional_completeness");
    }
    return out;
}

int overall_of(const std::map<std::string, CategoryScore>& scores) {
    double sum = 0;
    for (const auto& [name, c] : scores) {
        sum += c.score;
    }
    return static_cast<int>(std::lround(sum / static_cast<double>(scores.size())));
}

const std::string kNoDocument = "offline evaluator: the call carried no document";

} // namespace

std::string write_evaluation(OfflineContext& ctx) {
    if (!ctx.documents || ctx.documents->empty()) {
        return kNoDocument;
    }
    const auto scores = score_document(ctx.documents->front(), ctx.problem);
    json non_functional = json::object();
    for (const auto& [category, c] : scores) {
        if (category != "functional_completeness") {
            non_functional[category] = category_json(c);
        }
    }
    std::vector<std::string> strong;
    std::vector<std::string> weak;
    for (const auto& [category, c] : scores) {
        (c.score >= 6 ? strong : weak).push_back(category);
    }
    const json answer{
        {"evaluation",
         {{"functional_completeness", category_json(scores.at("functional_completeness"))},
          {"non_functional", non_functional}}},
        {"overall_summary",
         {{"strengths", strong.empty() ? "none of the reviewed categories scores 6 or more" : join(strong)},
          {"weaknesses", weak.empty() ? "none of the reviewed categories scores below 6" : join(weak)},
          {"overall_score", overall_of(scores)}}},
        {"parley", {{"offline", "offline: derived from the deterministic design review"}}}};
    return answer.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string write_comparison(OfflineContext& ctx) {
    if (!ctx.documents || ctx.documents->size() < 2) {
        return kNoDocument;
    }
    const auto first = score_document((*ctx.documents)[0], ctx.problem);
    const auto second = score_document((*ctx.documents)[1], ctx.problem);
    json comparison = json::object();
    auto verdict = [](int a, int b) {
        return a == b ? "tie" : (a > b ? "A" : "B");
    };
    for (const auto& [category, c] : first) {
        const auto& other = second.at(category);
        comparison[category] = {{"winner", verdict(c.score, other.score)},
                                {"reasoning", "A: " + c.reasoning + ". B: " + other.reasoning}};
    }
    comparison["overall"] = {{"winner", verdict(overall_of(first), overall_of(second))},
                             {"reasoning", "the mean of the reviewed categories"}};
    const json answer{{"comparison", comparison},
                      {"parley", {{"offline", "offline: derived from the deterministic design review"}}}};
    return answer.dump(2, ' ', false, json::error_handler_t::replace);
}

} // namespace parley::offline
