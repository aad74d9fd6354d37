#include "report/baseline_section.hpp"

#include <utility>
#include <vector>

#include "report/markdown_text.hpp"
#include "util/text_safety.hpp"

namespace parley::report {

namespace {

using nlohmann::json;

std::string field(const json& side, const char* key) {
    const auto it = side.find(key);
    if (it == side.end()) {
        return "n/a";
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// The rows both renderings show: what was compared, the debate's side and the baseline's.
std::vector<std::vector<std::string>> rows(const debate::Baseline& b) {
    std::vector<std::vector<std::string>> out{
        {"Tokens", std::to_string(b.debate_tokens), std::to_string(b.baseline_tokens)}};
    const auto debate = b.review.value("debate", json::object());
    const auto baseline = b.review.value("baseline", json::object());
    for (const auto& [label, key] : std::vector<std::pair<const char*, const char*>>{
             {"Review flags", "flags"}, {"Partial concerns", "partials"}, {"Capacity checks wrong", "capacityWrong"}}) {
        if (!debate.empty()) {
            out.push_back({label, field(debate, key), field(baseline, key)});
        }
    }
    const auto sim_debate = b.simulation.value("debate", json::object());
    if (!sim_debate.empty()) {
        out.push_back({"Simulation", field(sim_debate, "headline"),
                       field(b.simulation.value("baseline", json::object()), "headline")});
    }
    return out;
}

std::string facts(const debate::Baseline& b) {
    std::string out = std::to_string(b.solutions.size()) + " independent solutions, then " +
                      (b.synthesized_by == "voting" ? std::string("a vote") : std::string("the judge")) +
                      " made the baseline's solution. Verdict: " + b.verdict + " (" + b.reason + ").";
    if (b.comparison.contains("panel")) {
        out += " Eval panel, both orders: " + field(b.comparison, "winner") + ", flip rate " +
               field(b.comparison, "flipRateText") + ".";
    }
    if (!b.stopped.empty()) {
        out += " " + b.stopped + ".";
    }
    return out;
}

} // namespace

std::string baseline_markdown(const debate::Baseline& b, int level) {
    std::string out = std::string(static_cast<std::size_t>(level), '#') + " Equal-cost baseline\n\n" +
                      one_line(facts(b)) + "\n\n| | Debate | Baseline |\n| --- | --- | --- |\n";
    for (const auto& r : rows(b)) {
        out += "| " + r[0] + " | " + table_cell(r[1]) + " | " + table_cell(r[2]) + " |\n";
    }
    return out + "\n";
}

std::string baseline_html(const debate::Baseline& b) {
    using util::html_escape;
    std::string out = "<section id=\"equal-cost-baseline\"><h2>Equal-cost baseline</h2><p>" + html_escape(facts(b)) +
                      "</p><div class=\"table-wrap\"><table><thead><tr><th></th><th>Debate</th><th>Baseline</th>"
                      "</tr></thead><tbody>";
    for (const auto& r : rows(b)) {
        out += "<tr><td>" + html_escape(r[0]) + "</td><td>" + html_escape(r[1]) + "</td><td>" + html_escape(r[2]) +
               "</td></tr>";
    }
    return out + "</tbody></table></div></section>";
}

} // namespace parley::report
