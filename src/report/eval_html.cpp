#include "report/eval_html.hpp"

#include <cmath>

#include "eval/rubric.hpp"
#include "report/eval_scores.hpp"
#include "report/html_scores.hpp"
#include "report/html_style.hpp"
#include "report/html_text.hpp"
#include "report/svg_chart.hpp"
#include "util/money.hpp"

namespace parley::report {

namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
    static const json kNull;
    return object.is_object() && object.contains(key) ? object[key] : kNull;
}

std::string text(const json& v) {
    return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
}

std::string number(const json& v, int decimals = 2) {
    return v.is_number() && std::isfinite(v.get<double>()) ? chart_number(v.get<double>(), decimals)
                                                           : std::string("n/a");
}

std::string offline_notice(const json& p) {
    if (!member(p, "offline").is_boolean() || !member(p, "offline").get<bool>()) {
        return {};
    }
    return "<p class=\"notice\"><b>Offline panel.</b> Scores " + html_escape(text(member(p, "note"))) +
           ", not a model's opinion.</p>";
}

std::string run_line(const json& p) {
    const json& cached = member(p, "fromCache");
    return "<p class=\"meta\">Calls: " + number(member(p, "calls"), 0) + " (" + number(member(p, "fromJournal"), 0) +
           " from the journal" + (cached.is_number() ? ", " + number(cached, 0) + " of them cached: $0" : "") +
           ") · tokens: " + number(member(p, "tokens"), 0) + " · cost: " + html_escape(util::format_money_fields(p)) +
           "</p>";
}

std::vector<std::string> strings(const json& array) {
    std::vector<std::string> out;
    if (array.is_array()) {
        for (const auto& v : array) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

// Where an evaluator's answer (dialectic's shape) keeps one rubric item: its score, reasoning and quotes.
const json& answer_item(const json& answer, const eval::Category& c) {
    if (c.key == "overall_score") {
        return member(member(answer, "overall_summary"), "overall_score");
    }
    const json& evaluation = member(answer, "evaluation");
    return member(c.non_functional ? member(evaluation, "non_functional") : evaluation, std::string(c.key).c_str());
}

std::string evidence_list(const json& evidence) {
    std::vector<std::string> quotes = strings(evidence);
    if (evidence.is_string()) {
        quotes.push_back(evidence.get<std::string>());
    }
    std::string out;
    for (const auto& q : quotes) {
        out += "<blockquote dir=\"auto\">" + html_escape(q) + "</blockquote>";
    }
    return out;
}

std::string evaluator_details(const json& evaluation, const json& p) {
    std::string out = "<section id=\"evaluators\"><h2>Evaluators</h2>";
    const json& agents = member(evaluation, "agents");
    const json& evaluators = member(p, "evaluators");
    if (!evaluators.is_array() || evaluators.empty()) {
        return out + "<p class=\"none\">No evaluator recorded.</p></section>\n";
    }
    for (const auto& e : evaluators) {
        const std::string id = text(member(e, "id"));
        out += "<details class=\"evaluator\" id=\"evaluator-" + html_anchor(id) + "\"><summary><bdi>" +
               html_escape(text(member(e, "name"))) + "</bdi> · " + html_escape(text(member(e, "model"))) + " · " +
               html_escape(text(member(e, "provider"))) + "</summary>";
        std::string defects;
        const json issues = member(e, "issues").is_object() ? member(e, "issues") : json::object();
        for (const auto& [issue, n] : issues.items()) {
            defects += (defects.empty() ? "" : ", ") + issue + " " + number(n, 0);
        }
        out += "<p class=\"meta\">Answer defects: " + (defects.empty() ? std::string("none") : html_escape(defects)) +
               "</p>";
        const json& answer = member(agents, id.c_str());
        if (!answer.is_object()) {
            out += "<p class=\"none\">No usable answer.</p>";
        } else {
            out += "<div class=\"table-wrap\"><table "
                   "class=\"evaluator-scores\"><thead><tr><th>Category</th><th>Score</th><th>Reasoning and "
                   "evidence</th></tr></thead><tbody>";
            for (const auto& c : eval::rubric()) {
                const json& item = answer_item(answer, c);
                const json& score = item.is_object() ? member(item, "score") : item;
                const std::string reasoning = text(member(item, "reasoning")).empty() && c.key == "overall_score"
                                                  ? text(member(member(answer, "overall_summary"), "weaknesses"))
                                                  : text(member(item, "reasoning"));
                out += "<tr><td>" + std::string(c.label) + "</td><td>" + html_escape(text(score)) +
                       "</td><td><div class=\"text\" dir=\"auto\">" + html_escape(reasoning) + "</div>" +
                       evidence_list(member(item, "evidence")) + "</td></tr>";
            }
            out += "</tbody></table></div>";
        }
        const auto warnings = strings(member(e, "warnings"));
        out += html_warnings(warnings) + "</details>";
    }
    return out + "</section>\n";
}

std::string scoring_page(const json& evaluation) {
    const json& p = member(evaluation, "parley");
    const auto scores = evaluation_scores(evaluation);
    std::string out = html_page_open("Evaluation of " + text(member(p, "document")));
    out += "<h1>Evaluation of <bdi>" + html_escape(text(member(p, "document"))) + "</bdi></h1>";
    out += offline_notice(p);
    const json& overall = member(member(member(p, "categories"), "overall_score"), "mean");
    out += "<section id=\"verdict\"><h2>Verdict</h2><p class=\"decision\">Overall score: <b>" +
           (overall.is_number() ? number(overall) + " / 10" : std::string("withheld (no usable score)")) +
           "</b></p><p class=\"confidence\">" + html_escape(scores.basis) + "</p>";
    out += "<p class=\"meta\">Evaluators: " + std::to_string(member(p, "evaluators").size()) +
           " · samples each: " + number(member(p, "samples"), 0) + "</p>";
    out += html_warnings(scores.warnings) + "</section>\n";
    out += "<section id=\"scores\"><h2>Scores per category</h2>" + html_scores_table(scores.scores) +
           "<div class=\"charts\">" + html_score_chart(scores.scores) + "</div></section>\n";
    out += evaluator_details(evaluation, p);
    return out + "<footer>" + run_line(p) + "</footer></main></body></html>\n";
}

std::string comparison_page(const json& c) {
    std::string out = html_page_open("Comparison of two designs");
    out += "<h1>Comparison: <bdi>" + html_escape(text(member(c, "a"))) + "</bdi> against <bdi>" +
           html_escape(text(member(c, "b"))) + "</bdi></h1>" + offline_notice(c);
    const std::string winner = text(member(c, "winner"));
    out += "<section id=\"verdict\"><h2>Verdict</h2><p class=\"decision\">Winner: <b>" +
           (winner.empty() ? std::string("none") : html_escape(winner)) + "</b> (" +
           html_escape(text(member(c, "winnerNote"))) +
           ")</p><p class=\"meta\">Each evaluator was asked in both orders; a verdict that flips with the order "
           "counts as a tie.</p>" +
           html_warnings(strings(member(c, "warnings"))) + "</section>\n";
    out += "<section id=\"items\"><h2>Per category</h2><div class=\"table-wrap\"><table "
           "class=\"scores\"><thead><tr><th>Category</th>"
           "<th>A better</th><th>B better</th><th>Ties</th><th>Of which flips</th></tr></thead><tbody>";
    for (const auto& cat : eval::rubric()) {
        const json& t = member(member(c, "items"), std::string(cat.key).c_str());
        out += "<tr><td>" + std::string(cat.label) + "</td><td>" + number(member(t, "a"), 0) + "</td><td>" +
               number(member(t, "b"), 0) + "</td><td>" + number(member(t, "ties"), 0) + "</td><td>" +
               number(member(t, "flips"), 0) + "</td></tr>";
    }
    out += "</tbody></table></div></section>\n<section id=\"evaluators\"><h2>Evaluators</h2><div "
           "class=\"table-wrap\"><table><thead><tr>"
           "<th>Evaluator</th><th>Model</th><th>Pairs</th><th>Flips</th><th>Flip rate</th></tr></thead><tbody>";
    if (member(c, "evaluators").is_array()) {
        for (const auto& e : member(c, "evaluators")) {
            out += "<tr><td><bdi>" + html_escape(text(member(e, "name"))) + "</bdi></td><td>" +
                   html_escape(text(member(e, "model"))) + "</td><td>" + number(member(e, "pairs"), 0) + "</td><td>" +
                   number(member(e, "flips"), 0) + "</td><td>" + number(member(e, "flipRate"), 2) + "</td></tr>";
        }
    }
    out += "</tbody></table></div></section>\n";
    return out + "<footer>" + run_line(c) + "</footer></main></body></html>\n";
}

} // namespace

std::string render_eval_html(const json& result) {
    if (result.is_object() && result.contains("comparison")) {
        return comparison_page(result["comparison"]);
    }
    return scoring_page(result);
}

} // namespace parley::report
