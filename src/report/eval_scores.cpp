#include "report/eval_scores.hpp"

#include <cmath>

#include "eval/eval_config.hpp"
#include "eval/rubric.hpp"
#include "report/figures.hpp"

namespace parley::report {

namespace {

using nlohmann::json;

std::optional<double> number(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number()) {
        return std::nullopt;
    }
    const double v = object[key].get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::string text(const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>()
                                                                                 : std::string();
}

long count(const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_number_integer() ? object[key].get<long>() : 0;
}

} // namespace

EvaluationScores evaluation_scores(const json& evaluation) {
    EvaluationScores out;
    if (!evaluation.is_object() || !evaluation.contains("parley") || !evaluation["parley"].is_object()) {
        return out;
    }
    const json& p = evaluation["parley"];
    const json& categories = p.contains("categories") && p["categories"].is_object() ? p["categories"] : json();
    if (!categories.is_object()) {
        return out;
    }
    long unsupported = 0;
    for (const auto& item : eval::rubric()) {
        const std::string key(item.key);
        if (!categories.contains(key) || !categories[key].is_object()) {
            continue;
        }
        const json& c = categories[key];
        EvalScore s;
        s.category = std::string(item.label);
        s.score = number(c, "mean");
        if (c.contains("interval95") && c["interval95"].is_array() && c["interval95"].size() == 2 &&
            c["interval95"][0].is_number() && c["interval95"][1].is_number()) {
            s.low = c["interval95"][0].get<double>();
            s.high = c["interval95"][1].get<double>();
        }
        s.agreement = text(c, "verdict");
        s.unsupported = count(c, "unsupported");
        unsupported += s.unsupported;
        out.scores.push_back(std::move(s));
    }
    // Each evaluator's own mean over its samples, named as the panel names it; a lone evaluator's means are the
    // panel's, so they are not repeated.
    const json& evaluators = p.contains("evaluators") && p["evaluators"].is_array() ? p["evaluators"] : json();
    if (evaluators.is_array() && evaluators.size() > 1) {
        for (const auto& e : evaluators) {
            const std::string id = text(e, "id");
            const std::string name = text(e, "name").empty() ? id : text(e, "name");
            for (const auto& item : eval::rubric()) {
                const std::string key(item.key);
                if (!categories.contains(key) || !categories[key].is_object() ||
                    !categories[key].contains("byEvaluator")) {
                    continue;
                }
                EvalScore s;
                s.category = std::string(item.label);
                s.evaluator = name;
                s.score = number(categories[key]["byEvaluator"], id.c_str());
                out.scores.push_back(std::move(s));
            }
        }
    }
    if (p.value("offline", false)) {
        out.basis = "Scores " + std::string(eval::kOfflineNote) + ", not a model's opinion. ";
    }
    const json& agreement = p.contains("agreement") ? p["agreement"] : json();
    const std::string verdict = text(agreement, "verdict");
    out.basis += "Across the rubric: " + (verdict.empty() ? std::string("agreement not recorded") : verdict) + ".";
    if (unsupported > 0) {
        out.basis += " " + std::to_string(unsupported) + (unsupported == 1 ? " score was" : " scores were") +
                     (p.value("keepUnsupported", false) ? " kept although their quotes are not in the document."
                                                        : " left out: their quotes are not in the document.");
    }
    if (p.contains("warnings") && p["warnings"].is_array()) {
        for (const auto& w : p["warnings"]) {
            if (w.is_string()) {
                out.warnings.push_back(w.get<std::string>());
            }
        }
    }
    return out;
}

std::vector<EvalScore> panel_means(const std::vector<EvalScore>& scores) {
    std::vector<EvalScore> out;
    for (const auto& s : scores) {
        if (s.evaluator.empty()) {
            out.push_back(s);
        }
    }
    return out;
}

std::string panel_means_line(const std::vector<EvalScore>& scores) {
    auto rounded = [](double v) {
        return format_number(std::round(v * 100.0) / 100.0);
    };
    std::string out;
    for (const auto& s : panel_means(scores)) {
        out += (out.empty() ? "" : "; ") + s.category + " " + (s.score ? rounded(*s.score) : std::string("withheld"));
        if (s.score && s.low && s.high) {
            out += " (" + rounded(*s.low) + "–" + rounded(*s.high) + ")";
        }
    }
    return out;
}

} // namespace parley::report
