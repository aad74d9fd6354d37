// Proposals and refinements: the fixed structure the proposal and refinement prompts ask for.

#include <algorithm>
#include <iterator>

#include "offline/writer.hpp"

namespace parley::offline {

namespace {

// What each role leads with, so five proposals on one problem do not read alike.
std::string role_opening(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    const std::string shape(d.approach);
    const auto& role = ctx.role;
    if (role == "architect") {
        return ctx.rng.pick<std::string>({"Treat this as a " + std::string(d.name) + ": " + shape + ".",
                                          "The shape that fits is a " + std::string(d.name) + " where " + shape + "."});
    }
    if (role == "performance") {
        return ctx.rng.pick<std::string>({"Size it from the numbers first, then pick the parts: " + shape + ".",
                                          "Start from the load and the budgets; the design follows: " + shape + "."});
    }
    if (role == "security") {
        return ctx.rng.pick<std::string>({"Design the trust boundaries in from the start: " + shape +
                                              ", with every "
                                              "boundary authenticated and every payload treated as untrusted.",
                                          "Assume every producer, worker and operator can be wrong or hostile: " +
                                              shape + ", with least privilege at each hop."});
    }
    if (role == "testing") {
        return ctx.rng.pick<std::string>({"Design so that every requirement can be proven: " + shape +
                                              ", with a "
                                              "test, a fault injection and a metric per requirement.",
                                          "A requirement without a test is a hope. " + shape +
                                              "; each requirement "
                                              "below names its proof."});
    }
    if (role == "kiss") {
        return ctx.rng.pick<std::string>(
            {"Build the smallest thing that meets what the problem states: " + std::string(d.minimal) + ".",
             "Start boring and grow on evidence: " + std::string(d.minimal) + "."});
    }
    return ctx.rng.pick<std::string>({"Balance the concerns rather than maximise one: " + shape + ".",
                                      "A middle path across performance, safety and operations: " + shape + "."});
}

std::string summary_section(OfflineContext& ctx) {
    std::string out = "## Summary\n\n" + role_opening(ctx);
    if (!ctx.domain_recognised) {
        out += " The problem matches no kind of system the offline provider knows, so this shape is an assumption "
               "that may not fit it at all.";
    }
    const auto numbers = quoted_numbers(ctx.facts, 4);
    if (!numbers.empty()) {
        out += " The problem commits to " + numbers + "; the sizing below starts from them.";
    } else {
        out += " The problem states no load or latency target, so the sizes below are assumptions to confirm "
               "first.";
    }
    if (!ctx.facts.key_terms.empty()) {
        out += " It keeps returning to " + ctx.facts.key_terms.front() +
               (ctx.facts.key_terms.size() > 1 ? " and " + ctx.facts.key_terms[1] : std::string()) +
               ", so those get the most care.";
    }
    return out + "\n\n";
}

std::string key_decisions(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    std::vector<std::string> items;
    const auto& role = ctx.role;
    if (role == "kiss") {
        // The simplicity view decides by what it leaves out, not by the mainstream side of each trade-off.
        items.push_back("Start with " + std::string(d.minimal));
        for (auto left_out : d.left_out) {
            items.push_back("Leave out " + std::string(left_out));
        }
    } else if (role == "security") {
        items.emplace_back(states_feature(ctx.facts.lower, "priorit")
                               ? "Authenticate every producer and worker; authorise priority and job type per caller"
                               : "Authenticate every producer and worker; authorise job types per caller");
    } else if (role == "testing") {
        items.emplace_back("A requirement is done when its test and its production metric exist");
    } else if (role == "performance") {
        items.emplace_back("Size for a fixed headroom over the stated peak and batch every hot write");
    }
    if (role != "kiss") {
        for (auto t : ctx.rng.shuffled(d.tradeoffs)) {
            items.push_back(tradeoff_as_choice(t));
        }
    }
    std::string out = "## Key decisions\n\n";
    for (std::size_t i = 0; i < items.size() && i < 4; ++i) {
        out += std::to_string(i + 1) + ". " + items[i] + ".\n";
    }
    return out + "\n";
}

std::string risks_section(OfflineContext& ctx, const std::set<std::string>& met) {
    const auto& d = ctx.domain();
    std::string out = "## Risks\n\n";
    const auto failures = ctx.rng.shuffled(d.failure_modes);
    for (std::size_t i = 0; i < failures.size() && i < 2; ++i) {
        out += "- " + std::string(failures[i]) + ".\n";
    }
    for (const auto& r : ctx.requirements) {
        if (!met.count(r.id)) {
            out += "- **" + r.id + "** " +
                   (r.mechanism == nullptr ? "has no mechanism in this design; cannot tell whether it is met: "
                                           : "is outside this design's focus and needs an owner: ") +
                   shorten(r.text, 90) + ".\n";
            break;
        }
    }
    if (quoted_numbers(ctx.facts, 1).empty()) {
        out += "- Every size here is assumed; the problem gives no load or latency target.\n";
    }
    return out + "\n";
}

std::string requirements_section(OfflineContext& ctx, const std::set<std::string>& met) {
    std::string out = "## How it meets the requirements\n\n";
    if (ctx.requirements.empty()) {
        return out + "- The problem states no requirement, so nothing here can be checked against it: cannot tell "
                     "what \"done\" means until the problem says what must hold. Risks lists what this proposal "
                     "assumes.\n\n";
    }
    for (const auto& r : ctx.requirements) {
        if (met.count(r.id)) {
            out += "- " + met_marker(r.id) + ": " + shorten(r.text, 110) + " — " +
                   role_angle(ctx.role, r, ctx.domain()) + ".\n";
        } else if (r.mechanism == nullptr) {
            // Claiming it met would take words that say nothing about how; saying so is the honest answer.
            out += "- " + cannot_tell_marker(r.id) + ": " + shorten(r.text, 110) +
                   " — the offline provider knows no mechanism for this, so this proposal does not claim it; it "
                   "needs a design from the team or a model.\n";
        } else {
            out += "- **" + r.id + "** (partly): " + shorten(r.text, 110) + " — " +
                   std::string(r.mechanism != nullptr ? r.mechanism->topic : "this") + " is outside the " + ctx.role +
                   " focus; the design leaves room for it and another role's proposal "
                   "should own it.\n";
        }
    }
    return out + "\n";
}

// Critique blocks the orchestrator put in the prompt, by critic role: the requirement ids each one asks for.
std::vector<std::string> requested_ids(OfflineContext& ctx, const std::string& critic_role) {
    std::vector<std::string> ids;
    const std::string_view text = ctx.user_text;
    const auto start = text.find("### Critique from ");
    for (auto pos = start; pos != std::string_view::npos; pos = text.find("### Critique from ", pos + 1)) {
        const auto next = text.find("### Critique from ", pos + 1);
        const auto block = text.substr(pos, next == std::string_view::npos ? text.size() - pos : next - pos);
        if (block.substr(0, block.find('\n')).find("(" + critic_role + ")") == std::string_view::npos) {
            continue;
        }
        for (const auto& r : ctx.requirements) {
            if (block.find(". **" + r.id + "**") != std::string_view::npos) {
                ids.push_back(r.id);
            }
        }
    }
    return ids;
}

// Answers each critic explicitly and adds what was accepted to `met`.
std::string responses_section(OfflineContext& ctx, std::set<std::string>& met, std::string& changes) {
    std::string out = "## Responses to critiques\n\n";
    std::vector<std::string> critics;
    std::copy_if(ctx.peer_roles.begin(), ctx.peer_roles.end(), std::back_inserter(critics),
                 [](const std::string& role) { return !role.empty(); });
    if (critics.empty()) {
        return out + "- No critiques were received this round; the proposal stands as it was.\n\n";
    }
    for (const auto& critic : critics) {
        const auto ids = requested_ids(ctx, critic);
        std::string accepted;
        std::vector<std::string> rejected;
        for (const auto& id : ids) {
            if (accepted.empty() && !met.count(id)) {
                accepted = id;
            } else if (id != accepted && !met.count(id)) {
                rejected.push_back(id);
            }
        }
        out += "- **" + critic + "**: ";
        if (!accepted.empty()) {
            met.insert(accepted);
            out += "accepted — **" + accepted + "** is now designed for, following the " + critic + " critique.";
            changes += "- **" + accepted + "** moved from partly met to met (from the " + critic + " critique).\n";
        } else {
            out += "agreed — no requirement gap was raised that this design leaves open; the design stands.";
        }
        for (const auto& id : rejected) {
            out += " Rejected for **" + id + "**: " +
                   ctx.rng.pick<std::string>({"one change per critic per round keeps the revision reviewable; it "
                                              "stays open for the next round",
                                              "it lies outside the " + ctx.role +
                                                  " focus; the judge can take it from "
                                                  "the " +
                                                  critic + " proposal itself"}) +
                   ".";
        }
        out += "\n";
    }
    return out + "\n";
}

} // namespace

std::string write_proposal(OfflineContext& ctx, bool refinement) {
    std::string out = offline_banner();
    auto met = default_met_ids(ctx.role, ctx.requirements);
    if (!refinement) {
        out += "# Proposal — " + ctx.agent_name + " (" + ctx.role + ")\n\n";
    } else {
        // Earlier refinements are in the prompt; keep what they already took on.
        for (const auto& id : met_ids_in(ctx.user_text, ctx.requirements)) {
            met.insert(id);
        }
        out += "# Refined proposal — " + ctx.agent_name + " (" + ctx.role + "), round " + std::to_string(ctx.round) +
               "\n\n";
        std::string changes;
        out += responses_section(ctx, met, changes);
        out += "## What changed\n\n" +
               (changes.empty() ? "- Wording and risks only; the design is unchanged.\n" : changes) + "\n";
    }
    out += summary_section(ctx);
    out += "## Design\n\n" + write_design_sections(ctx);
    out += key_decisions(ctx);
    out += risks_section(ctx, met);
    out += requirements_section(ctx, met);
    return out;
}

} // namespace parley::offline
