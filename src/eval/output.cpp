#include "eval/output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "eval/eval_config.hpp"
#include "util/csv.hpp"
#include "util/money.hpp"
#include "util/text.hpp"

namespace parley::eval {

namespace {

using nlohmann::json;

json number_or_null(const std::optional<double>& v) {
    if (!v || !std::isfinite(*v)) {
        return nullptr;
    }
    // Four decimals are plenty for scores and keep the JSON stable across platforms.
    return std::round(*v * 10000.0) / 10000.0;
}

std::string fixed(const json& v, int digits = 2) {
    if (!v.is_number()) {
        return "N/A";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v.get<double>());
    return buf;
}

std::string heading(int level, const std::string& text) {
    return std::string(static_cast<std::size_t>(std::clamp(level, 1, 6)), '#') + " " + text + "\n\n";
}

// Markdown table cells must not break the table or render markup from a model's text.
std::string cell(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

json category_json(const EvalResult& r, std::size_t c) {
    const auto& cat = r.categories[c];
    json by = json::object();
    for (std::size_t i = 0; i < r.evaluators.size(); ++i) {
        by[r.evaluators[i].info.id] = number_or_null(cat.by_evaluator[i]);
    }
    json interval = nullptr;
    if (cat.spread.interval95) {
        interval =
            json::array({number_or_null(cat.spread.interval95->first), number_or_null(cat.spread.interval95->second)});
    }
    return {{"mean", number_or_null(cat.spread.mean)},
            {"sd", number_or_null(cat.spread.sd)},
            {"interval95", interval},
            {"n", cat.spread.n},
            {"alpha", number_or_null(cat.alpha)},
            {"meanAbsDiff", number_or_null(cat.mean_abs_diff)},
            // With no score at all there is nothing whose agreement could be measured, not "one evaluator".
            {"verdict", cat.spread.n == 0 ? std::string("no usable score") : to_string(cat.agreement)},
            {"unsupported", cat.unsupported},
            {"unquoted", cat.unquoted},
            {"byEvaluator", by}};
}

json evaluator_json(const EvaluatorResult& e) {
    json samples = json::array();
    json warnings = json::array();
    json issues = json::object();
    for (const auto& s : e.samples) {
        json sample{{"sample", s.sample},
                    {"fromJournal", s.from_journal},
                    {"tokens", s.tokens},
                    {"costUsd", number_or_null(s.cost_usd)}};
        if (!s.answer) {
            sample["error"] = s.error;
        } else {
            json scores = json::object();
            for (std::size_t c = 0; c < kCategoryCount; ++c) {
                const auto& item = s.answer->items[c];
                if (item.score) {
                    scores[std::string(rubric()[c].key)] = {{"score", number_or_null(item.score)},
                                                            {"evidence", to_string(s.evidence[c])}};
                }
            }
            sample["scores"] = scores;
            for (const auto& w : s.answer->warnings) {
                warnings.push_back("sample " + std::to_string(s.sample) + ": " + w);
            }
            for (const auto& [issue, count] : s.answer->issues) {
                issues[to_string(issue)] = issues.value(to_string(issue), 0) + count;
            }
        }
        samples.push_back(sample);
    }
    return {{"id", e.info.id},    {"name", e.info.name}, {"model", e.info.model}, {"provider", e.info.provider},
            {"samples", samples}, {"issues", issues},    {"warnings", warnings}};
}

// dialectic's "agents": each evaluator's first answer that parsed, as it was written.
json agents_json(const EvalResult& r) {
    json agents = json::object();
    for (const auto& e : r.evaluators) {
        for (const auto& s : e.samples) {
            if (s.answer && s.answer->object.is_object()) {
                agents[e.info.id] = s.answer->object;
                break;
            }
        }
    }
    return agents;
}

} // namespace

json to_json(const EvalResult& r) {
    json non_functional = json::object();
    for (std::size_t c = 1; c < kOverall; ++c) {
        non_functional[std::string(rubric()[c].key)] = {{"average_score", number_or_null(r.categories[c].spread.mean)}};
    }
    json categories = json::object();
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        categories[std::string(rubric()[c].key)] = category_json(r, c);
    }
    json evaluators = json::array();
    for (const auto& e : r.evaluators) {
        evaluators.push_back(evaluator_json(e));
    }
    const json issues = issues_json(r.issues);
    json parley{{"document", r.document},
                {"samples", r.samples},
                {"keepUnsupported", r.keep_unsupported},
                {"offline", r.offline},
                {"categories", categories},
                {"agreement",
                 {{"alpha", number_or_null(r.alpha)},
                  {"meanAbsDiff", number_or_null(r.categories[kOverall].mean_abs_diff)},
                  {"verdict", r.usable_evaluators == 0 && !r.evaluators.empty()
                                  ? std::string("no evaluator gave a usable answer")
                                  : to_string(r.agreement)}}},
                {"evaluators", evaluators},
                {"usableEvaluators", r.usable_evaluators},
                {"repairCalls", r.repair_calls},
                {"issues", issues},
                {"warnings", r.warnings},
                {"calls", r.calls},
                {"fromJournal", r.from_journal},
                {"tokens", r.tokens}};
    util::put_money_fields(parley, r.cost);
    // Only a run that used the shared cache says so, as a debate's metrics do.
    if (r.from_cache > 0) {
        parley["fromCache"] = r.from_cache;
    }
    if (r.offline) {
        parley["note"] = std::string(kOfflineNote);
    }
    return {{"evaluation",
             {{"functional_completeness", {{"average_score", number_or_null(r.categories[0].spread.mean)}}},
              {"non_functional", non_functional}}},
            {"overall_score", number_or_null(r.categories[kOverall].spread.mean)},
            {"agents", agents_json(r)},
            {"parley", parley}};
}

std::string to_markdown(const json& j, int level) {
    if (!j.is_object() || !j.contains("parley") || !j["parley"].is_object()) {
        return {};
    }
    const json& p = j["parley"];
    std::string out = heading(level, "Evaluation");
    if (p.value("offline", false)) {
        out += "Scores **" + std::string(kOfflineNote) + "**, not a model's opinion.\n\n";
    }
    out += "Document: " + cell(p.value("document", std::string())) +
           " · evaluators: " + std::to_string(p.value("evaluators", json::array()).size()) +
           (p.contains("usableEvaluators") ? " (usable: " + std::to_string(p.value("usableEvaluators", 0)) + ")"
                                           : std::string()) +
           " · samples each: " + std::to_string(p.value("samples", 1)) + "\n\n";
    // dialectic's table, unchanged, so its readers find what they know.
    std::string header = "|";
    std::string rule = "|";
    std::string row = "|";
    const json& cats = p["categories"];
    for (const auto& c : rubric()) {
        header += " " + std::string(c.label) + " |";
        rule += "---|";
        row += " " + fixed(cats[std::string(c.key)]["mean"]) + " |";
    }
    out += header + "\n" + rule + "\n" + row + "\n\n";
    out += heading(level + 1, "Spread and agreement");
    out += "| Item | Mean | SD | 95% interval | n | alpha | Mean abs. diff. | Verdict | Unsupported |\n";
    out += "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : rubric()) {
        const json& x = cats[std::string(c.key)];
        const std::string interval = x["interval95"].is_array()
                                         ? fixed(x["interval95"][0]) + "–" + fixed(x["interval95"][1])
                                         : std::string("N/A");
        out += "| " + std::string(c.label) + " | " + fixed(x["mean"]) + " | " + fixed(x["sd"]) + " | " + interval +
               " | " + std::to_string(x.value("n", 0)) + " | " + fixed(x["alpha"], 3) + " | " +
               fixed(x["meanAbsDiff"]) + " | " + x.value("verdict", std::string()) + " | " +
               std::to_string(x.value("unsupported", 0)) + " |\n";
    }
    const json& agreement = p["agreement"];
    out += "\nAcross the rubric: alpha " + fixed(agreement["alpha"], 3) + "; " +
           agreement.value("verdict", std::string()) + ".";
    if (!p.value("keepUnsupported", false)) {
        out += " Scores whose quotes are not in the document are left out (`--keep-unsupported` keeps them).";
    }
    out += "\n\n";
    out += heading(level + 1, "Evaluators");
    out += "| Evaluator | Model | Provider | Usable answers | Defects |\n|---|---|---|---|---|\n";
    for (const auto& e : p["evaluators"]) {
        std::size_t usable = 0;
        for (const auto& s : e["samples"]) {
            usable += s.contains("scores") && !s["scores"].empty() ? 1 : 0;
        }
        std::string defects;
        for (const auto& [k, v] : e["issues"].items()) {
            defects += (defects.empty() ? "" : ", ") + k + " " + std::to_string(v.get<int>());
        }
        out += "| " + cell(e.value("name", std::string())) + " | " + cell(e.value("model", std::string())) + " | " +
               cell(e.value("provider", std::string())) + " | " + std::to_string(usable) + " of " +
               std::to_string(e["samples"].size()) + " | " + (defects.empty() ? "none" : defects) + " |\n";
    }
    out += "\nCalls: " + std::to_string(p.value("calls", 0)) + " (" + std::to_string(p.value("fromJournal", 0)) +
           " from the journal" +
           (p.value("fromCache", 0) > 0 ? ", " + std::to_string(p.value("fromCache", 0)) + " of them cached: $0" : "") +
           ") · tokens: " + std::to_string(p.value("tokens", 0L)) + " · cost: " + util::format_money_fields(p) + "\n\n";
    if (!p["warnings"].empty()) {
        out += heading(level + 1, "Warnings");
        for (const auto& w : p["warnings"]) {
            out += "- " + cell(w.get<std::string>()) + "\n";
        }
        out += "\n";
    }
    return out;
}

std::string to_markdown(const EvalResult& result, int heading_level) {
    return to_markdown(to_json(result), heading_level);
}

std::string to_csv(const EvalResult& r) {
    auto num = [](const std::optional<double>& v) {
        return v ? fixed(number_or_null(v)) : std::string();
    };
    std::string out = util::csv_row({"kind", "evaluator", "item", "score", "mean", "sd", "ci_low", "ci_high", "n",
                                     "alpha", "mean_abs_diff", "verdict", "unsupported"});
    for (std::size_t i = 0; i < r.evaluators.size(); ++i) {
        for (std::size_t c = 0; c < kCategoryCount; ++c) {
            // The evaluator's id comes from the eval config: a text cell, guarded against formulas.
            out += util::csv_row({"evaluator", util::csv_text(r.evaluators[i].info.id), std::string(rubric()[c].key),
                                  num(r.categories[c].by_evaluator[i]), "", "", "", "", "", "", "", "", ""});
        }
    }
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        const auto& x = r.categories[c];
        out += util::csv_row({"category", "", std::string(rubric()[c].key), "", num(x.spread.mean), num(x.spread.sd),
                              x.spread.interval95 ? num(x.spread.interval95->first) : std::string(),
                              x.spread.interval95 ? num(x.spread.interval95->second) : std::string(),
                              std::to_string(x.spread.n), x.alpha ? fixed(number_or_null(x.alpha), 3) : std::string(),
                              num(x.mean_abs_diff), util::csv_text(to_string(x.agreement)),
                              std::to_string(x.unsupported)});
    }
    return out;
}

} // namespace parley::eval
