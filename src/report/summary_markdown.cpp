#include "report/summary_markdown.hpp"

#include <cmath>

#include "report/eval_scores.hpp"
#include "report/figures.hpp"
#include "report/markdown_text.hpp"

namespace parley::report {

namespace {

std::string heading(int level, const char* title) {
    return std::string(static_cast<std::size_t>(level), '#') + " " + title + "\n\n";
}

std::string confidence_text(const ReportSummary& s) {
    if (s.confidence) {
        return "**" + format_number(std::round(*s.confidence * 10.0) / 10.0) + "/100**";
    }
    if (!s.no_verdict.empty()) {
        return "**None** — no usable verdict from the judge.";
    }
    // The note is parley's own sentence, but it quotes the run's status, which came from a file.
    return "**Not given** — " + one_line(s.confidence_note) + ".";
}

std::string status_text(RequirementStatus status) {
    return status == RequirementStatus::met ? "met" : "**" + std::string(to_string(status)) + "**";
}

std::string requirements(const ReportSummary& s) {
    std::string out = "_" + one_line(s.requirements_basis) + "_\n\n";
    if (s.requirements.empty()) {
        return out;
    }
    std::size_t counts[5] = {};
    for (const auto& r : s.requirements) {
        ++counts[static_cast<int>(r.status)];
    }
    out += "| # | Requirement | Status | Why | Where argued |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& r : s.requirements) {
        out += "| " + r.id + " | " + table_cell(r.text) + " | " + status_text(r.status) + " | " + table_cell(r.reason) +
               " | " + (r.where.empty() ? "not argued" : table_cell(r.where)) + " |\n";
    }
    if (counts[static_cast<int>(RequirementStatus::unknown)] > 0) {
        out += "\n" + std::to_string(counts[static_cast<int>(RequirementStatus::unknown)]) + " unknown, of " +
               std::to_string(s.requirements.size()) + " (no usable verdict from the judge).\n";
    } else if (counts[static_cast<int>(RequirementStatus::not_judged)] == 0) {
        out += "\n" + std::to_string(counts[0]) + " met, " + std::to_string(counts[1]) + " partly, " +
               std::to_string(counts[2]) + " not met, of " + std::to_string(s.requirements.size()) + ".\n";
    }
    return out + "\n";
}

std::string list(const std::vector<std::string>& items, const char* when_empty, bool numbered) {
    if (items.empty()) {
        return std::string(when_empty) + "\n\n";
    }
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (numbered ? std::to_string(i + 1) + ". " : "- ") + one_line(items[i]) + "\n";
    }
    return out + "\n";
}

std::string disagreements(const ReportSummary& s) {
    std::string out;
    for (const auto& d : s.disagreements) {
        out += "- **" + one_line(d.topic) + "**";
        for (const auto& p : d.positions) {
            std::string agents;
            for (const auto& a : p.agents) {
                agents += (agents.empty() ? "" : ", ") + literal(a);
            }
            out += "\n  - " + one_line(p.position) + ": " + (agents.empty() ? "no agent named" : agents);
        }
        out += "\n";
    }
    if (s.disagreements.empty()) {
        out += "None remained.\n";
    }
    return out + "\n_" + one_line(s.disagreements_basis) + "_\n\n";
}

std::string figures(const ReportSummary& s) {
    const auto& f = s.figures;
    std::string cost;
    if (f.cost.usd > 0 || f.cost.unknown_calls > 0) {
        cost = util::format_money(f.cost);
    } else if (!f.recorded) {
        cost = "not recorded";
    } else {
        cost = s.offline ? "$0.00 (offline)" : "$0.00";
    }
    const std::string calls = std::to_string(f.calls) + (f.recorded ? "" : " contributions") +
                              (f.calls_failed > 0 ? " (" + std::to_string(f.calls_failed) + " failed)" : "");
    std::string out = "| Cost | Tokens | Calls | Time | Rounds |\n| --- | --- | --- | --- | --- |\n| " + cost + " | " +
                      format_tokens(f.total_tokens, f.tokens_estimated) + " | " + calls + " | " +
                      format_duration(f.wall_ms) + (f.recorded ? "" : " (sum of answer latencies)") + " | " +
                      std::to_string(f.rounds) + " |\n\n";
    if (!f.recorded) {
        out += "_This file records no run metrics (dialectic does not save them); the figures are taken from the "
               "contributions._\n\n";
    }
    return out;
}

std::string score_text(const std::optional<double>& score) {
    return score ? format_number(std::round(*score * 100.0) / 100.0) : "withheld (no usable score)";
}

// The panel's means in a compact table; each evaluator's own scores are in the evaluation section.
std::string scores(const ReportSummary& s) {
    std::string out = "| Category | Mean | 95% interval | Agreement |\n| --- | --- | --- | --- |\n";
    for (const auto& e : panel_means(s.scores)) {
        const std::string interval = e.low && e.high ? format_number(std::round(*e.low * 100.0) / 100.0) + " – " +
                                                           format_number(std::round(*e.high * 100.0) / 100.0)
                                                     : std::string("n/a");
        out += "| " + table_cell(e.category) + " | " + score_text(e.score) + " | " + interval + " | " +
               table_cell(e.agreement) + " |\n";
    }
    out += "\n_" + one_line(s.scores_basis) + "_\n\n";
    for (const auto& w : s.score_warnings) {
        out += "- **Warning:** " + one_line(w) + "\n";
    }
    return out + (s.score_warnings.empty() ? "" : "\n");
}

std::string simulations(const ReportSummary& s) {
    std::string out = "_" + one_line(s.simulations_basis) + "_\n\n";
    for (const auto& line : s.simulations) {
        out += "- **" + one_line(line.who) + ":** " + one_line(line.headline) + "\n";
        for (const auto& detail : line.details) {
            out += "  - " + one_line(detail) + "\n";
        }
    }
    return out + "\n";
}

} // namespace

std::string summary_markdown(const ReportSummary& s, int level) {
    const int sub = std::min(level + 1, 6);
    std::string out = heading(level, "Summary");
    if (!s.error.empty()) {
        out += "> **The run failed:** " + one_line(s.error) + "\n\n";
    }
    if (!s.no_verdict.empty()) {
        out += "> **No usable verdict from the judge:** " + one_line(s.no_verdict) + "\n\n";
    }
    out += heading(sub, "Decision") + one_line(s.decision) + "\n\n";
    out += heading(sub, "Confidence") + confidence_text(s) + "\n\n";
    if (!s.baseline.empty()) {
        out += heading(sub, "Against its baseline") + one_line(s.baseline) + "\n\n";
    }
    out += heading(sub, "Requirements") + requirements(s);
    out += heading(sub, "Top risks") + list(s.risks, "None found.", true);
    if (s.more_risks > 0) {
        out += "_And " + std::to_string(s.more_risks) +
               " more in the requirements above, the design review and the synthesis._\n\n";
    }
    if (!s.simulations.empty()) {
        out += heading(sub, "Simulation") + simulations(s);
    }
    out += heading(sub, "Disagreements that remained") + disagreements(s);
    out += heading(sub, "Open questions") + list(s.open_questions, "None listed.", false);
    out += heading(sub, "Cost, tokens, calls and time") + figures(s);
    if (!s.scores.empty()) {
        out += heading(sub, "Evaluation scores") + scores(s);
    }
    return out;
}

} // namespace parley::report
