// A design-review debate (`parley debate --design`): critiques of the given design, refinements of it and the
// judge's decision, all derived from parley's rule-based review of the design, so an offline run says only what the
// review found.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "offline/writer.hpp"
#include "review/flags.hpp"
#include "review/judge_view.hpp"

namespace parley::offline {

namespace {

review::Review review_of(const OfflineContext& ctx, std::string_view design) {
    return review::review_design(design, ctx.problem);
}

// The flags `role` takes on in round 1: the panel shares them out in turn, in the order the critics spoke (the
// refinement's peer roles); a role not on the list takes all of them.
std::vector<review::Flag> share_of(const std::vector<review::Flag>& flags, const OfflineContext& ctx) {
    const auto& roles = ctx.peer_roles;
    const auto at = std::find(roles.begin(), roles.end(), ctx.role);
    if (at == roles.end() || ctx.round > 1) {
        return flags;
    }
    const auto index = static_cast<std::size_t>(at - roles.begin());
    std::vector<review::Flag> out;
    for (std::size_t i = 0; i < flags.size(); ++i) {
        if (i % roles.size() == index) {
            out.push_back(flags[i]);
        }
    }
    return out;
}

bool is_blocking(const review::Flag& f) {
    return f.kind == review::FlagKind::broken || f.kind == review::FlagKind::wrong_number;
}

std::string decision_for(const std::vector<review::Flag>& flags) {
    if (std::any_of(flags.begin(), flags.end(), is_blocking)) {
        return "reject";
    }
    return flags.empty() ? "accept" : "accept with changes";
}

std::string count_text(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Strengths a reviewer can point at: the concerns the review found covered, with the line that covers them.
std::string strengths(const review::Review& r) {
    std::string out;
    std::size_t n = 0;
    for (const auto& c : r.checklist) {
        if (c.status == review::ConcernStatus::covered && n < 3) {
            out += "- " + std::string(c.concern->title) + " is settled" +
                   (c.evidence.empty() ? std::string()
                                       : " (line " + std::to_string(c.evidence.front().line) + ": \"" +
                                             review::shorten_quote(c.evidence.front().text, 90) + "\")") +
                   ".\n";
            ++n;
        }
    }
    return n == 0 ? "- The review finds no checklist concern fully settled.\n" : out;
}

} // namespace

std::string write_design_critique(OfflineContext& ctx) {
    const auto r = review_of(ctx, ctx.design);
    const auto flags = review::review_flags(r);
    // Each critic starts at its own place in the findings, so the panel's critiques do not all lead alike; blocking
    // findings come first whatever the start.
    std::vector<review::Flag> ordered;
    const auto start = flags.empty() ? 0 : fnv1a(ctx.role) % flags.size();
    for (std::size_t i = 0; i < flags.size(); ++i) {
        ordered.push_back(flags[(start + i) % flags.size()]);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const review::Flag& a, const review::Flag& b) { return is_blocking(a) && !is_blocking(b); });

    std::string out = offline_banner() + "# Critique of the design under review — by " + ctx.agent_name + " (" +
                      ctx.role + ")\n\n## Strengths\n\n" + strengths(r);
    out += "\n## Weaknesses\n\n";
    if (ordered.empty()) {
        out += "- parley's rule-based review flags nothing the problem asks for; what it cannot check (the fit to "
               "the team, the cost) is not judged here.\n";
    }
    for (const auto& f : ordered) {
        out += "- **" + f.title + "** (" + review::to_string(f.kind) + "): " + f.finding + ".\n";
    }
    out += "\n## Improvements\n\n";
    int n = 0;
    for (const auto& f : ordered) {
        out += std::to_string(++n) + ". " + f.change + ".\n";
    }
    if (n == 0) {
        out += "1. None from the review; measure the design against its numbers before it ships.\n";
    }
    const bool blocking = std::any_of(flags.begin(), flags.end(), is_blocking);
    const char* severity = blocking ? "critical" : flags.size() >= 2 ? "major" : "minor";
    out += "\n## Severity\n\n**Severity: " + std::string(severity) + "** — " +
           count_text(flags.size(), "finding", "findings") + " of parley's review (" +
           count_text(r.summary.contradicted, "broken concern", "broken concerns") + ", " +
           count_text(r.summary.checks_wrong, "wrong capacity check", "wrong capacity checks") + ").\n";
    return out;
}

std::string write_design_refinement(OfflineContext& ctx) {
    const auto flags = review::review_flags(review_of(ctx, ctx.design));
    const auto mine = share_of(flags, ctx);
    std::string out = offline_banner() + "# Refined proposal — " + ctx.agent_name + " (" + ctx.role + "), round " +
                      std::to_string(ctx.round) + "\n\n## Responses to critiques\n\n";
    std::vector<std::string> critics;
    for (const auto& role : ctx.peer_roles) {
        // Its own critique of the design is no critique it received.
        if (!role.empty() && role != ctx.role && std::find(critics.begin(), critics.end(), role) == critics.end()) {
            critics.push_back(role);
        }
    }
    for (const auto& critic : critics) {
        out += "- **" + critic + "**: accepted where the review confirms the finding; see What changed.\n";
    }
    if (critics.empty()) {
        out += "- No critiques were received this round.\n";
    }
    out += "\n## What changed\n\n";
    std::string left;
    for (const auto& f : mine) {
        if (!f.settlement.empty()) {
            out += "- " + f.title + ": settled with the checklist's mechanism" +
                   (f.breaking_lines.empty() ? std::string() : ", and the line that undid it removed") + ".\n";
        } else {
            left += "- " + f.title + " (" + review::to_string(f.kind) + "): " + f.change +
                    "; the offline provider cannot redo this, so it stays open for the team.\n";
        }
    }
    if (mine.empty()) {
        out += "- Nothing: the review flags nothing this role takes on.\n";
    }
    out += "\n## Summary\n\nThe design under review, with " +
           count_text(static_cast<std::size_t>(std::count_if(
                          mine.begin(), mine.end(), [](const review::Flag& f) { return !f.settlement.empty(); })),
                      "finding", "findings") +
           " of parley's review settled by this " + ctx.role + " refinement" +
           (left.empty() ? "." : "; the findings below need a person or a model.") + "\n\n";
    out += "## Design\n\n" + review::apply_settlements(std::string(ctx.design), mine) + "\n";
    out += "## Risks\n\n" + (left.empty() ? std::string("- None beyond the review's findings above.\n") : left) + "\n";
    return out;
}

std::string write_design_review(OfflineContext& ctx) {
    const auto given = review_of(ctx, ctx.design);
    const auto flags = review::review_flags(given);
    const auto shipped = review::apply_settlements(std::string(ctx.design), flags);
    const auto after = review_of(ctx, shipped);
    const auto decision = decision_for(flags);

    nlohmann::json j;
    j["decision"] = decision;
    auto& reasons = j["reasons"] = nlohmann::json::array();
    const auto blocking = static_cast<std::size_t>(std::count_if(flags.begin(), flags.end(), is_blocking));
    if (flags.empty()) {
        reasons.push_back("parley's rule-based review flags nothing the problem asks for in the design as given.");
    } else {
        reasons.push_back("parley's rule-based review of the design as given flags " +
                          count_text(flags.size(), "finding", "findings") + ", " +
                          count_text(blocking, "of them blocking", "of them blocking") +
                          " (a broken mechanism or wrong arithmetic).");
    }
    for (const auto& f : flags) {
        if (is_blocking(f)) {
            reasons.push_back(f.title + ": " + f.finding + ".");
        }
    }
    auto& changes = j["changes"] = nlohmann::json::array();
    for (const auto& f : flags) {
        const bool must = f.kind != review::FlagKind::open_concern || f.finding.starts_with("absent");
        changes.push_back({{"change", f.change}, {"why", f.finding}, {"priority", must ? "must" : "should"}});
    }
    j["description"] = "The design under review with the checklist concerns parley's review flagged settled by the "
                       "checklist's own mechanisms; numbers and requirements the review flagged are left for the "
                       "team, since the offline provider cannot redo them.";
    j["implementation"] = shipped;
    j["tradeoffs"] = nlohmann::json::array();
    j["recommendations"] = nlohmann::json::array({"Have a person or a model check every change before it ships: these "
                                                  "settlements are the checklist's words, not a design decision."});
    auto& unmet = j["unfulfilledMajorRequirements"] = nlohmann::json::array();
    for (const auto& finding : review::major_findings(after)) {
        unmet.push_back(finding);
    }
    if (after.requirements) {
        for (const auto& r : *after.requirements) {
            if (!r.addressed) {
                unmet.push_back(r.text);
            }
        }
    }
    // Confidence in the decision: lower for what the review of the design as it should ship still finds.
    j["confidence"] = std::clamp(80 - review::confidence_penalty_for_problem(after), 5, 90);
    j["openQuestions"] = nlohmann::json::array();
    for (const auto& q : ctx.facts.open_questions) {
        j["openQuestions"].push_back(q);
    }
    j["disagreements"] = nlohmann::json::array();

    std::string out = offline_banner() + "# Design review — " + ctx.agent_name + "\n\n## Rationale\n\n";
    out += "The decision is derived from parley's rule-based review of the design as given, not from a model: " +
           count_text(flags.size(), "finding", "findings") + " (" + count_text(blocking, "blocking", "blocking") +
           "), so the decision is \"" + decision +
           "\". The design as it should ship settles the checklist concerns "
           "with the checklist's own mechanisms; the review of it finds " +
           count_text(review::review_flags(after).size(), "finding", "findings") + ".\n\n";
    out += "```json\n" + j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n```\n";
    return out;
}

} // namespace parley::offline
