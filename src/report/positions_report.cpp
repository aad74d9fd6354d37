#include "report/positions_report.hpp"

#include <algorithm>

#include "report/html_text.hpp"
#include "report/markdown_text.hpp"
#include "review/concerns.hpp"

namespace parley::report {

using debate::DebateState;
using debate::PositionChange;
using debate::PositionSnapshot;
using debate::RoundMovement;

namespace {

std::string percent(double share) {
    return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%";
}

std::string concern_title(const std::string& id) {
    const auto* c = review::find_concern(id);
    return c == nullptr ? id : std::string(c->title);
}

std::string heading(int level, const std::string& text) {
    return std::string(static_cast<std::size_t>(std::clamp(level, 1, 6)), '#') + " " + text + "\n\n";
}

long count_if_cause(const RoundMovement& m, bool cause) {
    return std::count_if(m.changes.begin(), m.changes.end(),
                         [&](const PositionChange& c) { return c.with_cause == cause; });
}

long to_majority_without_cause(const RoundMovement& m) {
    return std::count_if(m.changes.begin(), m.changes.end(),
                         [](const PositionChange& c) { return !c.with_cause && c.to_majority; });
}

// Why a debate has no positions: the review applies to task-queue debates only, or the file predates them.
std::string why_no_positions(const DebateState& state) {
    return debate::is_reviewed(state)
               ? "No positions recorded: this file was written before parley recorded them, or no round finished."
               : "No positions: the rule review that reads them applies to task and job queue debates only, and this "
                 "problem is not one.";
}

std::string change_text(const PositionChange& c, const Participants& people) {
    return people.label(c.agent_id) + ": " + concern_title(c.concern) + " " + c.from + " → " + c.to + " (" +
           (c.with_cause ? "with cause: a critique it received raised it"
                         : std::string("without cause") + (c.to_majority ? ", to the majority's status" : "")) +
           ")";
}

std::string since_text(int round) {
    return round == 0 ? "since its first design" : "since round " + std::to_string(round);
}

std::string stop_round_text(const debate::ShadowStop& s) {
    if (s.round) {
        return "round " + std::to_string(*s.round);
    }
    return s.note.rfind("cannot tell", 0) == 0 ? "cannot tell" : "never";
}

std::string termination_line(const debate::TerminationRecord& t) {
    return t.reason.empty() ? "ran " + std::to_string(t.stopped_after_round) + " round(s)" : t.reason;
}

} // namespace

std::string dynamics_summary_markdown(const DebateState& state, const Participants& people, int level) {
    std::string out;
    if (state.termination) {
        out += "**Termination:** " + literal(termination_line(*state.termination)) + ".\n\n";
    }
    if (state.positions.empty()) {
        return out;
    }
    out += heading(level, "Minority report");
    if (state.minority.empty()) {
        return out + "No agent held a position of its own to the end.\n\n";
    }
    for (const auto& m : state.minority) {
        out += "- " + literal(people.label(m.agent_id)) + " holds " + literal(concern_title(m.concern)) + " " +
               literal(m.status) + " (" + since_text(m.since_round) + "): " + one_line(m.evidence) + "\n";
    }
    return out + "\n";
}

std::string positions_markdown(const DebateState& state, const Participants& people, int level) {
    std::string out = heading(level, "Positions per round");
    if (state.positions.empty()) {
        out += why_no_positions(state) + "\n\n";
    } else {
        out += "Each agent's design after every round, as the rule review reads it (the concerns the problem asks "
               "for). A change is *with cause* when a critique the agent received that round raised the concern; "
               "*without cause* is a conformity signal, above all when it moves to the majority's status.\n\n";
        out +=
            "| Round | Agreement | With cause | Without cause | Of those, to the majority |\n| --- | --- | --- | --- "
            "| --- |\n";
        for (const auto& m : state.movement) {
            out += "| " + std::to_string(m.round) + " | " + percent(m.agreement) + " | " +
                   std::to_string(count_if_cause(m, true)) + " | " + std::to_string(count_if_cause(m, false)) + " | " +
                   std::to_string(to_majority_without_cause(m)) + " |\n";
        }
        out += "\n";
        for (const auto& m : state.movement) {
            if (m.changes.empty()) {
                continue;
            }
            out += "Round " + std::to_string(m.round) + ":\n\n";
            for (const auto& c : m.changes) {
                out += "- " + literal(change_text(c, people)) + "\n";
            }
            out += "\n";
        }
    }
    if (!state.termination) {
        return out;
    }
    const auto& t = *state.termination;
    out += heading(level, "Termination");
    out += "- Rule: " + literal(t.type) +
           (t.threshold ? ", threshold " + std::to_string(static_cast<int>(*t.threshold)) : std::string()) +
           (t.agreement ? ", agreement " + percent(*t.agreement) : std::string()) + "; at most " +
           std::to_string(t.max_rounds) + " round(s)\n- Stopped after round " + std::to_string(t.stopped_after_round) +
           ": " + literal(termination_line(t)) + "\n\n";
    if (!t.interim.empty()) {
        out += "| After round | Interim confidence | Judge's reason |\n| --- | --- | --- |\n";
        for (const auto& i : t.interim) {
            out += "| " + std::to_string(i.round) + " | " +
                   (i.confidence ? std::to_string(static_cast<int>(*i.confidence)) : std::string("none")) + " | " +
                   table_cell(i.note) + " |\n";
        }
        out += "\n";
    }
    if (!t.shadow.empty()) {
        out +=
            "Had another rule decided (shadow report):\n\n| Rule | Would have stopped after | Changes after it (with "
            "cause) | Note |\n| --- | --- | --- | --- |\n";
        for (const auto& s : t.shadow) {
            out += "| " + table_cell(s.rule) + " | " + stop_round_text(s) + " | " +
                   (s.round ? std::to_string(s.changes_after) + " (" + std::to_string(s.changes_with_cause_after) + ")"
                            : std::string("–")) +
                   " | " + table_cell(s.note) + " |\n";
        }
        out += "\n";
    }
    return out;
}

std::string dynamics_summary_html(const DebateState& state, const Participants& people) {
    std::string out;
    if (state.termination) {
        out += "<p><b>Termination:</b> " + html_escape(termination_line(*state.termination)) + ".</p>";
    }
    if (state.positions.empty()) {
        return out;
    }
    out += "<h3>Minority report</h3>";
    if (state.minority.empty()) {
        return out + "<p class=\"none\">No agent held a position of its own to the end.</p>";
    }
    out += "<ul>";
    for (const auto& m : state.minority) {
        out += "<li><bdi>" + html_escape(people.label(m.agent_id)) + "</bdi> holds " +
               html_escape(concern_title(m.concern)) + " <b>" + html_escape(m.status) + "</b> (" +
               since_text(m.since_round) + "): <q dir=\"auto\">" + html_escape(m.evidence) + "</q></li>";
    }
    return out + "</ul>";
}

namespace {

std::string status_class(const std::string& status) {
    return status == "covered" ? "status-ok" : status == "contradicted" ? "status-wrong" : "status-unknown";
}

// One round's grid: agents as rows, the concerns as columns, each cell the status in words and colour; a cell
// whose status changed in the round is marked, with or without cause.
std::string grid(const PositionSnapshot& s, const RoundMovement* moved, const Participants& people) {
    if (s.agents.empty()) {
        return {};
    }
    std::string out = "<div class=\"table-wrap\"><table class=\"positions\"><thead><tr><th>Agent</th>";
    std::vector<std::string> concerns;
    for (const auto& c : review::concerns()) {
        if (s.agents.front().concerns.count(std::string(c.id)) > 0) {
            concerns.emplace_back(c.id);
            out += "<th title=\"" + html_escape(c.title) + "\">" + html_escape(c.id) + "</th>";
        }
    }
    out += "</tr></thead><tbody>";
    for (const auto& a : s.agents) {
        out += "<tr><th><bdi>" + html_escape(people.label(a.agent_id)) + "</bdi></th>";
        for (const auto& id : concerns) {
            const auto it = a.concerns.find(id);
            const std::string status = it == a.concerns.end() ? std::string() : it->second;
            std::string mark;
            if (moved != nullptr) {
                for (const auto& c : moved->changes) {
                    if (c.agent_id == a.agent_id && c.concern == id) {
                        mark = c.with_cause ? " ↻ cause" : " ↻ no cause";
                    }
                }
            }
            out += "<td class=\"" + status_class(status) + "\">" + html_escape(status) + html_escape(mark) + "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table></div>";
}

} // namespace

std::string positions_html(const DebateState& state, const Participants& people) {
    std::string out = "<section id=\"positions\"><h2>Positions per round</h2>";
    if (state.positions.empty()) {
        out += "<p class=\"none\">" + html_escape(why_no_positions(state)) + "</p>";
    }
    for (const auto& s : state.positions) {
        const RoundMovement* moved = nullptr;
        for (const auto& m : state.movement) {
            moved = s.phase == "refinement" && m.round == s.round ? &m : moved;
        }
        out += "<h3>Round " + std::to_string(s.round) + ", " + html_escape(s.phase) +
               (moved ? " <span class=\"meta\">agreement " + percent(moved->agreement) + ", " +
                            std::to_string(count_if_cause(*moved, true)) + " with cause, " +
                            std::to_string(count_if_cause(*moved, false)) + " without</span>"
                      : std::string()) +
               "</h3>" + grid(s, moved, people);
    }
    out += "</section>\n";
    if (!state.termination) {
        return out;
    }
    const auto& t = *state.termination;
    out += "<section id=\"termination\"><h2>Termination</h2><p>" + html_escape(t.type) + ", at most " +
           std::to_string(t.max_rounds) + " round(s); stopped after round " + std::to_string(t.stopped_after_round) +
           ": " + html_escape(termination_line(t)) + ".</p>";
    if (!t.interim.empty()) {
        out += "<div class=\"table-wrap\"><table><thead><tr><th>After round</th><th>Interim confidence</th><th>Judge's "
               "reason</th></tr></thead><tbody>";
        for (const auto& i : t.interim) {
            out += "<tr><td>" + std::to_string(i.round) + "</td><td>" +
                   (i.confidence ? std::to_string(static_cast<int>(*i.confidence)) : std::string("none")) +
                   "</td><td dir=\"auto\">" + html_escape(i.note) + "</td></tr>";
        }
        out += "</tbody></table></div>";
    }
    if (!t.shadow.empty()) {
        out += "<h3>Shadow report</h3><div class=\"table-wrap\"><table><thead><tr><th>Rule</th><th>Would have "
               "stopped after</th><th>Changes after it (with cause)</th><th>Note</th></tr></thead><tbody>";
        for (const auto& s : t.shadow) {
            out += "<tr><td>" + html_escape(s.rule) + "</td><td>" + stop_round_text(s) + "</td><td>" +
                   (s.round ? std::to_string(s.changes_after) + " (" + std::to_string(s.changes_with_cause_after) + ")"
                            : std::string("–")) +
                   "</td><td>" + html_escape(s.note) + "</td></tr>";
        }
        out += "</tbody></table></div>";
    }
    return out + "</section>\n";
}

} // namespace parley::report
