#include "report/voting_section.hpp"

#include "report/markdown_text.hpp"
#include "util/text_safety.hpp"

namespace parley::report {

namespace {

std::string flags_cell(const debate::Standing& s) {
    return s.flags ? std::to_string(*s.flags) : std::string("n/a");
}

std::string ranking_text(const debate::Ballot& b) {
    std::string out;
    for (const auto& id : b.ranking) {
        out += (out.empty() ? "" : " > ") + id;
    }
    return out;
}

// The sentence under the heading: how the count works and where the ballots came from.
std::string basis(const debate::Voting& v) {
    std::size_t valid = 0;
    for (const auto& b : v.ballots) {
        valid += b.valid ? 1 : 0;
    }
    return "Each agent ranked the designs that are not its own; Borda count (on a ballot of n designs the first "
           "gets n-1 points, the last 0). " +
           std::to_string(valid) + " of " + std::to_string(v.ballots.size()) + " ballots counted" +
           (v.offline ? "; the ballots are the offline provider's, ranked by the rule-based review, not by a model."
                      : ".");
}

} // namespace

std::string voting_markdown(const debate::Voting& v, int level) {
    const std::string h(static_cast<std::size_t>(level), '#');
    std::string out = h + " Vote\n\n" + basis(v) + "\n\n";
    if (!v.winner.empty()) {
        out += "Winner: **" + literal(v.winner) + "**" +
               (v.tie_break.empty() ? std::string() : ". Tie-break: " + one_line(v.tie_break)) + ".\n\n";
    }
    out += "| Design | Points | Review flags |\n| --- | ---: | ---: |\n";
    for (const auto& s : v.standings) {
        out += "| " + literal(s.id) + " | " + std::to_string(s.points) + " | " + flags_cell(s) + " |\n";
    }
    out += "\n| Voter | Ranking (best first) | Counted | Reason |\n| --- | --- | --- | --- |\n";
    for (const auto& b : v.ballots) {
        const std::string counted =
            b.valid ? (b.repair_calls > 0 ? "yes, after one repair" : "yes") : "no: " + b.defects;
        out += "| " + literal(b.voter) + " | " + table_cell(ranking_text(b)) + " | " + table_cell(counted) + " | " +
               table_cell(b.reason) + " |\n";
    }
    return out + "\n";
}

std::string voting_html(const debate::Voting& v) {
    using util::html_escape;
    std::string out = "<section id=\"voting\"><h2>Vote</h2><p>" + html_escape(basis(v)) + "</p>";
    if (!v.winner.empty()) {
        out += "<p>Winner: <strong><bdi>" + html_escape(v.winner) + "</bdi></strong>" +
               (v.tie_break.empty() ? std::string() : ". Tie-break: " + html_escape(v.tie_break)) + ".</p>";
    }
    out += "<div class=\"table-wrap\"><table><thead><tr><th>Design</th><th>Points</th><th>Review flags</th></tr>"
           "</thead><tbody>";
    for (const auto& s : v.standings) {
        out += "<tr><td><bdi>" + html_escape(s.id) + "</bdi></td><td class=\"num\">" + std::to_string(s.points) +
               "</td><td class=\"num\">" + flags_cell(s) + "</td></tr>";
    }
    out += "</tbody></table></div><div class=\"table-wrap\"><table><thead><tr><th>Voter</th><th>Ranking (best "
           "first)</th><th>Counted</th><th>Reason</th></tr></thead><tbody>";
    for (const auto& b : v.ballots) {
        const std::string counted =
            b.valid ? (b.repair_calls > 0 ? "yes, after one repair" : "yes") : "no: " + b.defects;
        out += "<tr><td><bdi>" + html_escape(b.voter) + "</bdi></td><td>" + html_escape(ranking_text(b)) + "</td><td>" +
               html_escape(counted) + "</td><td dir=\"auto\">" + html_escape(b.reason) + "</td></tr>";
    }
    return out + "</tbody></table></div></section>";
}

} // namespace parley::report
