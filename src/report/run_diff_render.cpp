#include "report/run_diff_render.hpp"

#include <cmath>
#include <vector>

#include "report/figures.hpp"
#include "report/html_style.hpp"
#include "report/html_text.hpp"
#include "report/markdown_text.hpp"
#include "util/csv.hpp"
#include "util/text.hpp"

namespace parley::report {

namespace {

/// One table of a diff, as every format but CSV shows it.
struct DiffTable {
    std::string id;
    std::string title;
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    std::string note; ///< one sentence under the table; empty for none
    /// The leading columns that hold text from outside (file, problem and category names, requirement text); the
    /// rest are numbers and words parley wrote, which Markdown shows as they are ("0.25", not "0\\.25").
    std::size_t text_columns = 1;
};

std::string rounded(double value) {
    return format_number(std::round(value * 100.0) / 100.0);
}

std::string signed_rounded(double value) {
    const auto r = std::round(value * 100.0) / 100.0;
    return (r > 0 ? "+" : "") + format_number(r);
}

std::string p_text(double p) {
    return p < 0.001 ? "< 0.001" : format_number(std::round(p * 1000.0) / 1000.0);
}

std::string interval_text(const eval::PairedDifference& d) {
    if (!d.interval95) {
        return "needs 2 pairs";
    }
    return rounded(d.interval95->first) + " to " + rounded(d.interval95->second);
}

bool cost_known(const SideFigures& s) {
    return s.cost.known() && s.cost_unrecorded == 0;
}

std::string cost_text(const SideFigures& s) {
    if (s.cost_unrecorded == 0) {
        return util::format_money(s.cost);
    }
    const auto unrecorded = "unknown for " + std::to_string(s.cost_unrecorded) +
                            (s.cost_unrecorded == 1 ? " debate" : " debates") + " without metrics";
    return s.cost.usd > 0 || s.cost.unknown_calls > 0 ? util::format_money(s.cost) + " + " + unrecorded : unrecorded;
}

std::string cost_change_text(const SideFigures& before, const SideFigures& after) {
    if (!cost_known(before) || !cost_known(after)) {
        return "unknown";
    }
    const double change = after.cost.usd - before.cost.usd;
    return (change < 0 ? "-" : "+") + util::format_usd(std::fabs(change));
}

/// The groups a table shows: each problem, then the total when there is more than one problem.
std::vector<const GroupDiff*> shown_groups(const RunDiff& d) {
    std::vector<const GroupDiff*> out;
    for (const auto& g : d.groups) {
        out.push_back(&g);
    }
    if (d.groups.size() > 1) {
        out.push_back(&d.total);
    }
    return out;
}

DiffTable requirements_table(const RunDiff& d) {
    DiffTable t{"requirements",
                "Requirements met",
                {"Problem", "Pairs", "Met in both", "Lost (met → not)", "Gained (not → met)", "Met in neither",
                 "Unjudged", "McNemar exact p"},
                {},
                "One pair per requirement of each paired debate; \"partly\" counts as not met; a requirement not "
                "judged on either side is left out. The p is two-sided and uses only the lost and gained pairs."};
    for (const auto* g : shown_groups(d)) {
        t.rows.push_back({g->name, std::to_string(g->pairs), std::to_string(g->both_met),
                          std::to_string(g->requirements.lost), std::to_string(g->requirements.gained),
                          std::to_string(g->neither_met), std::to_string(g->unjudged), p_text(g->requirements.p)});
    }
    return t;
}

DiffTable requirement_changes_table(const RunDiff& d) {
    DiffTable t{"requirement-changes", "Requirements that changed", {"Debate", "Requirement", "OLD", "NEW"}, {}, "", 2};
    for (const auto& c : d.requirement_changes) {
        t.rows.push_back({c.pair, c.id + " " + c.text, to_string(c.from), to_string(c.to)});
    }
    return t;
}

DiffTable flags_table(const RunDiff& d) {
    DiffTable t{"flags",
                "Review flags",
                {"Problem", "Flags OLD", "Flags NEW", "Appeared", "Gone"},
                {},
                "The rule-based review of each final solution (task-queue problems); a flag that appears is a "
                "regression."};
    for (const auto* g : shown_groups(d)) {
        t.rows.push_back({g->name, std::to_string(g->old_side.flags), std::to_string(g->new_side.flags),
                          std::to_string(g->flags_appeared), std::to_string(g->flags_gone)});
    }
    return t;
}

DiffTable flag_changes_table(const RunDiff& d) {
    DiffTable t{"flag-changes", "Review flags that changed", {"Debate", "Flag", "Change"}, {}, "", 2};
    for (const auto& c : d.flag_changes) {
        t.rows.push_back({c.pair, c.flag.title, c.appeared ? "appeared" : "gone"});
    }
    return t;
}

DiffTable scores_table(const RunDiff& d) {
    DiffTable t{"scores",
                "Eval scores",
                {"Problem", "Category", "Pairs", "OLD mean", "NEW mean", "Mean difference", "95% interval"},
                {},
                "The panel's mean per category, paired by debate; the interval is the 2.5th to 97.5th percentile "
                "of " +
                    std::to_string(d.resamples) + " bootstrap resamples of the pairs (seed " + std::to_string(d.seed) +
                    "). An interval wholly below 0 is a regression.",
                2};
    for (const auto* g : shown_groups(d)) {
        for (const auto& s : g->scores) {
            t.rows.push_back({g->name, s.category, std::to_string(s.difference.pairs), rounded(s.old_mean),
                              rounded(s.new_mean), signed_rounded(s.difference.mean.value_or(0)),
                              interval_text(s.difference)});
        }
    }
    return t;
}

DiffTable figures_table(const RunDiff& d) {
    DiffTable t{"figures",
                "Cost, tokens, time",
                {"Problem", "Cost OLD", "Cost NEW", "Cost change", "Tokens OLD", "Tokens NEW", "Time OLD", "Time NEW"},
                {},
                "A cost with calls of unpriced models, or of debates that recorded none, is unknown, never $0."};
    for (const auto* g : shown_groups(d)) {
        t.rows.push_back({g->name, cost_text(g->old_side), cost_text(g->new_side),
                          cost_change_text(g->old_side, g->new_side),
                          format_tokens(g->old_side.tokens, g->old_side.tokens_estimated),
                          format_tokens(g->new_side.tokens, g->new_side.tokens_estimated),
                          format_duration(g->old_side.wall_ms), format_duration(g->new_side.wall_ms)});
    }
    return t;
}

std::vector<std::string> lift_row(const std::string& side, std::size_t pairs, const LiftSide& l) {
    return {side,
            std::to_string(pairs),
            std::to_string(l.beat),
            std::to_string(l.tied),
            std::to_string(l.lost),
            std::to_string(l.unknown),
            signed_rounded(l.flags_lift.mean.value_or(0)),
            interval_text(l.flags_lift),
            std::to_string(l.debate_tokens) + " / " + std::to_string(l.baseline_tokens)};
}

DiffTable lift_table(const RunDiff& d) {
    const auto& l = *d.lift;
    DiffTable t{"lift",
                "Debate vs its equal-cost baseline",
                {"Run", "Debates", "Beat", "Tied", "Lost", "Unknown", "Flags lift (mean)", "95% interval",
                 "Tokens debate / baseline"},
                {lift_row("OLD", l.pairs, l.old_side), lift_row("NEW", l.pairs, l.new_side)},
                "Pairs where both runs carry parley.baseline. Lift is the baseline's review flags minus the "
                "debate's: above 0 the debate's design has fewer. Change in lift, NEW − OLD: " +
                    signed_rounded(l.change.mean.value_or(0)) + " (95% interval " + interval_text(l.change) + ")."};
    return t;
}

DiffTable unpaired_table(const RunDiff& d) {
    DiffTable t{"unpaired", "Debates not compared", {"Debate", "Why"}, {}, "", 2};
    for (const auto& u : d.unpaired) {
        t.rows.push_back({u.label, u.reason});
    }
    return t;
}

std::vector<DiffTable> tables_of(const RunDiff& d) {
    std::vector<DiffTable> out = {requirements_table(d)};
    if (!d.requirement_changes.empty()) {
        out.push_back(requirement_changes_table(d));
    }
    out.push_back(flags_table(d));
    if (!d.flag_changes.empty()) {
        out.push_back(flag_changes_table(d));
    }
    if (!scores_table(d).rows.empty()) {
        out.push_back(scores_table(d));
    }
    out.push_back(figures_table(d));
    if (d.lift) {
        out.push_back(lift_table(d));
    }
    if (!d.unpaired.empty()) {
        out.push_back(unpaired_table(d));
    }
    return out;
}

std::string basis_line(const RunDiff& d) {
    return "OLD is " + d.old_label + ", NEW is " + d.new_label + "; " + std::to_string(d.total.pairs) +
           (d.total.pairs == 1 ? " pair" : " pairs") + " compared, " + std::to_string(d.unpaired.size()) +
           " not compared." +
           (d.offline ? " Some debates ran offline: their answers come from the rule-based "
                        "review, not a model."
                      : "");
}

std::string markdown(const RunDiff& d) {
    std::string out = "# Diff of two runs\n\n**" + diff_verdict_line(d) + "**\n\n";
    for (const auto& r : d.regressions) {
        out += "- " + one_line(r) + "\n";
    }
    out += (d.regressions.empty() ? "" : "\n") + one_line(basis_line(d)) + "\n";
    for (const auto& t : tables_of(d)) {
        out += "\n## " + t.title + "\n\n|";
        std::string rule = "|";
        for (const auto& h : t.headers) {
            out += " " + h + " |";
            rule += " --- |";
        }
        out += "\n" + rule + "\n";
        for (const auto& row : t.rows) {
            out += "|";
            for (std::size_t i = 0; i < row.size(); ++i) {
                out += " " + (i < t.text_columns ? table_cell(row[i]) : row[i]) + " |";
            }
            out += "\n";
        }
        out += t.note.empty() ? "" : "\n" + t.note + "\n";
    }
    return out;
}

std::string html(const RunDiff& d) {
    std::string out = html_page_open("Diff of two runs") + "<h1>Diff of two runs</h1><section id=\"verdict\">" +
                      "<p class=\"decision " + (d.regressions.empty() ? "status-met" : "status-not-met") + "\"><b>" +
                      html_escape(diff_verdict_line(d)) + "</b></p>";
    if (!d.regressions.empty()) {
        out += "<ul>";
        for (const auto& r : d.regressions) {
            out += "<li>" + html_escape(r) + "</li>";
        }
        out += "</ul>";
    }
    out += "<p class=\"facts\">" + html_escape(basis_line(d)) + "</p></section>\n";
    for (const auto& t : tables_of(d)) {
        out += "<section id=\"" + t.id + "\"><h2>" + html_escape(t.title) +
               "</h2><div class=\"table-wrap\"><table><thead><tr>";
        for (const auto& h : t.headers) {
            out += "<th>" + html_escape(h) + "</th>";
        }
        out += "</tr></thead><tbody>";
        for (const auto& row : t.rows) {
            out += "<tr>";
            for (const auto& c : row) {
                out += "<td>" + html_escape(c) + "</td>";
            }
            out += "</tr>";
        }
        out += "</tbody></table></div>" + (t.note.empty() ? "" : "<p class=\"meta\">" + html_escape(t.note) + "</p>") +
               "</section>\n";
    }
    return out + "</main></body></html>\n";
}

/// A CSV row of the long table: section, group, item, pairs, old, new, difference, interval, p, regression.
std::string csv_line(const std::string& section, const std::string& group, const std::string& item,
                     const std::string& pairs, const std::string& before, const std::string& after,
                     const std::string& difference, const std::optional<std::pair<double, double>>& interval,
                     const std::string& p, bool regression) {
    return util::csv_row({section, util::csv_text(group), util::csv_text(item), pairs, before, after, difference,
                          interval ? format_number(interval->first) : "",
                          interval ? format_number(interval->second) : "", p, regression ? "true" : "false"});
}

std::string usd_or_empty(const SideFigures& s) {
    return cost_known(s) ? format_number(s.cost.usd) : "";
}

std::string csv_groups(const RunDiff& d) {
    std::string out;
    for (const auto* g : shown_groups(d)) {
        const auto judged = g->both_met + g->neither_met + g->requirements.lost + g->requirements.gained;
        out += csv_line("requirements_met", g->name, "met", std::to_string(judged),
                        std::to_string(g->both_met + g->requirements.lost),
                        std::to_string(g->both_met + g->requirements.gained),
                        std::to_string(g->requirements.gained - g->requirements.lost), std::nullopt,
                        format_number(g->requirements.p), g->requirements.lost > 0);
        out += csv_line("review_flags", g->name, "flags", std::to_string(g->pairs), std::to_string(g->old_side.flags),
                        std::to_string(g->new_side.flags), std::to_string(g->new_side.flags - g->old_side.flags),
                        std::nullopt, "", g->flags_appeared > 0);
        for (const auto& s : g->scores) {
            out += csv_line("score", g->name, s.category, std::to_string(s.difference.pairs), format_number(s.old_mean),
                            format_number(s.new_mean), format_number(s.difference.mean.value_or(0)),
                            s.difference.interval95, "", s.regression);
        }
        const bool known = cost_known(g->old_side) && cost_known(g->new_side);
        out += csv_line(
            "cost_usd", g->name, "cost", std::to_string(g->pairs), usd_or_empty(g->old_side), usd_or_empty(g->new_side),
            known ? format_number(g->new_side.cost.usd - g->old_side.cost.usd) : "", std::nullopt, "", false);
        out += csv_line("tokens", g->name, "tokens", std::to_string(g->pairs), std::to_string(g->old_side.tokens),
                        std::to_string(g->new_side.tokens), std::to_string(g->new_side.tokens - g->old_side.tokens),
                        std::nullopt, "", false);
        out += csv_line(
            "wall_ms", g->name, "time", std::to_string(g->pairs), std::to_string(std::llround(g->old_side.wall_ms)),
            std::to_string(std::llround(g->new_side.wall_ms)),
            std::to_string(std::llround(g->new_side.wall_ms - g->old_side.wall_ms)), std::nullopt, "", false);
    }
    return out;
}

std::string csv(const RunDiff& d) {
    std::string out =
        "section,group,item,pairs,old,new,difference,interval_low,interval_high,p_value,regression\r\n" + csv_groups(d);
    for (const auto& c : d.requirement_changes) {
        out += csv_line("requirement_change", c.pair, c.id, "1", util::csv_text(to_string(c.from)),
                        util::csv_text(to_string(c.to)), "", std::nullopt, "", is_lost(c));
    }
    for (const auto& c : d.flag_changes) {
        out += csv_line("flag_change", c.pair, c.flag.title, "1", c.appeared ? "absent" : "present",
                        c.appeared ? "present" : "absent", "", std::nullopt, "", c.appeared);
    }
    if (d.lift) {
        const auto& l = *d.lift;
        const auto pairs = std::to_string(l.pairs);
        for (const auto& [name, get] : {std::pair{"beat", &LiftSide::beat}, std::pair{"tied", &LiftSide::tied},
                                        std::pair{"lost", &LiftSide::lost}, std::pair{"unknown", &LiftSide::unknown}}) {
            out += csv_line("baseline_verdicts", "", name, pairs, std::to_string(l.old_side.*get),
                            std::to_string(l.new_side.*get), std::to_string(l.new_side.*get - l.old_side.*get),
                            std::nullopt, "", false);
        }
        out += csv_line("baseline_lift", "", "flags_lift", pairs, format_number(l.old_side.flags_lift.mean.value_or(0)),
                        format_number(l.new_side.flags_lift.mean.value_or(0)), format_number(l.change.mean.value_or(0)),
                        l.change.interval95, "", false);
    }
    for (const auto& u : d.unpaired) {
        out += csv_line("unpaired", u.label, u.reason, "0", "", "", "", std::nullopt, "", false);
    }
    return out;
}

} // namespace

std::optional<DiffFormat> diff_format_for(const std::string& path) {
    const auto lower = util::ascii_lower(path);
    if (lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return DiffFormat::markdown;
    }
    if (lower.ends_with(".html")) {
        return DiffFormat::html;
    }
    if (lower.ends_with(".csv")) {
        return DiffFormat::csv;
    }
    return std::nullopt;
}

std::string diff_verdict_line(const RunDiff& d) {
    const auto pairs = std::to_string(d.total.pairs) + (d.total.pairs == 1 ? " pair" : " pairs");
    if (d.regressions.empty()) {
        return "No regression in " + pairs + ".";
    }
    const auto n = d.regressions.size();
    return std::to_string(n) + (n == 1 ? " regression" : " regressions") + " in " + pairs + ".";
}

std::string render_run_diff(const RunDiff& diff, DiffFormat format) {
    switch (format) {
    case DiffFormat::html:
        return html(diff);
    case DiffFormat::csv:
        return csv(diff);
    case DiffFormat::markdown:
        break;
    }
    return markdown(diff);
}

} // namespace parley::report
