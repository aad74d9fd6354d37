#include "report/run_diff.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "report/figures.hpp"
#include "review/flags.hpp"
#include "review/review.hpp"

namespace parley::report {

namespace {

using nlohmann::json;

const json* member(const json& object, const char* key) {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<long> count_at(const json* object, const char* key) {
    const json* v = object == nullptr ? nullptr : member(*object, key);
    if (v == nullptr || !v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() < 0 ||
        v->get<double>() > 1e15) {
        return std::nullopt;
    }
    return std::lround(v->get<double>());
}

/// A number as a diff prints it: two decimals at most ("-1.5", "0.25").
std::string rounded(double value) {
    return format_number(std::round(value * 100.0) / 100.0);
}

/// The scores of one category in one group, gathered pair by pair.
struct ScoreSamples {
    double old_sum = 0;
    double new_sum = 0;
    std::vector<double> differences;
};

/// A group and what is gathered for it before its statistics are computed.
struct GroupWork {
    GroupDiff diff;
    std::vector<std::string> categories; ///< in first-seen order
    std::map<std::string, ScoreSamples> samples;
};

void add_figures(SideFigures& side, const DebateOutcome& run) {
    const auto& f = run.figures;
    if (f.recorded) {
        side.cost += f.cost;
    } else {
        ++side.cost_unrecorded;
    }
    side.tokens += f.total_tokens;
    side.tokens_estimated = side.tokens_estimated || f.tokens_estimated;
    side.wall_ms += f.wall_ms;
    side.flags += static_cast<long>(run.flags.size());
}

const RequirementVerdict* find_requirement(const std::vector<RequirementVerdict>& list, const std::string& id) {
    const auto it = std::find_if(list.begin(), list.end(), [&](const RequirementVerdict& v) { return v.id == id; });
    return it == list.end() ? nullptr : &*it;
}

bool judged(RequirementStatus s) {
    return s == RequirementStatus::met || s == RequirementStatus::partly || s == RequirementStatus::not_met;
}

/// The requirement counts of one pair, added to every group it belongs to.
void add_requirements(const OutcomePair& p, std::vector<GroupDiff*> groups, RunDiff& out) {
    for (const auto& before : p.old_run.requirements) {
        const auto* after = find_requirement(p.new_run.requirements, before.id);
        const auto to = after == nullptr ? RequirementStatus::not_judged : after->status;
        if (before.status != to) {
            const RequirementChange change{p.label, before.id, before.text, before.status, to};
            if (is_lost(change)) {
                out.regressions.push_back(p.label + ": " + before.id + " went from met to " + to_string(to));
            }
            out.requirement_changes.push_back(change);
        }
        for (auto* g : groups) {
            if (!judged(before.status) || !judged(to)) {
                ++g->unjudged;
            } else if (counts_as_met(before.status) && counts_as_met(to)) {
                ++g->both_met;
            } else if (counts_as_met(before.status)) {
                ++g->requirements.lost;
            } else if (counts_as_met(to)) {
                ++g->requirements.gained;
            } else {
                ++g->neither_met;
            }
        }
    }
}

void add_flags(const OutcomePair& p, std::vector<GroupDiff*> groups, RunDiff& out) {
    const auto keys = [](const std::vector<FlagMark>& flags) {
        std::set<std::string> k;
        for (const auto& f : flags) {
            k.insert(f.key);
        }
        return k;
    };
    const auto old_keys = keys(p.old_run.flags);
    const auto new_keys = keys(p.new_run.flags);
    for (const auto& f : p.new_run.flags) {
        if (old_keys.count(f.key) == 0) {
            out.flag_changes.push_back({p.label, f, true});
            out.regressions.push_back(p.label + ": review flag appeared: " + f.title);
            for (auto* g : groups) {
                ++g->flags_appeared;
            }
        }
    }
    for (const auto& f : p.old_run.flags) {
        if (new_keys.count(f.key) == 0) {
            out.flag_changes.push_back({p.label, f, false});
            for (auto* g : groups) {
                ++g->flags_gone;
            }
        }
    }
}

void add_scores(const OutcomePair& p, GroupWork& work) {
    for (const auto& before : p.old_run.scores) {
        const auto after = std::find_if(p.new_run.scores.begin(), p.new_run.scores.end(),
                                        [&](const EvalScore& s) { return s.category == before.category; });
        if (!before.score || after == p.new_run.scores.end() || !after->score) {
            continue;
        }
        if (work.samples.count(before.category) == 0) {
            work.categories.push_back(before.category);
        }
        auto& s = work.samples[before.category];
        s.old_sum += *before.score;
        s.new_sum += *after->score;
        s.differences.push_back(*after->score - *before.score);
    }
}

/// The statistics of a group once every pair is in; a score whose interval lies below 0 is a regression.
void finish(GroupWork& work, bool gate, RunDiff& out) {
    auto& g = work.diff;
    g.requirements = eval::mcnemar_exact(g.requirements.lost, g.requirements.gained);
    for (const auto& category : work.categories) {
        const auto& s = work.samples[category];
        ScoreDiff d;
        d.category = category;
        const auto n = static_cast<double>(s.differences.size());
        d.old_mean = s.old_sum / n;
        d.new_mean = s.new_sum / n;
        d.difference = eval::paired_bootstrap(s.differences, out.resamples, out.seed);
        d.regression = d.difference.interval95 && d.difference.interval95->second < 0;
        if (d.regression && gate) {
            out.regressions.push_back(g.name + ": " + category + " dropped by " + rounded(-*d.difference.mean) +
                                      " (95% interval " + rounded(d.difference.interval95->first) + " to " +
                                      rounded(d.difference.interval95->second) + ", " +
                                      std::to_string(d.difference.pairs) + " pairs)");
        }
        g.scores.push_back(std::move(d));
    }
}

void add_lift_side(LiftSide& side, const BaselineOutcome& b) {
    side.beat += b.verdict == "beat" ? 1 : 0;
    side.tied += b.verdict == "tied" ? 1 : 0;
    side.lost += b.verdict == "lost" ? 1 : 0;
    side.unknown += b.verdict == "beat" || b.verdict == "tied" || b.verdict == "lost" ? 0 : 1;
    side.debate_tokens += b.debate_tokens;
    side.baseline_tokens += b.baseline_tokens;
}

std::optional<LiftDiff> lift_of(const std::vector<OutcomePair>& pairs, const RunDiff& out) {
    LiftDiff lift;
    std::vector<double> old_lifts;
    std::vector<double> new_lifts;
    std::vector<double> changes;
    for (const auto& p : pairs) {
        if (!p.old_run.baseline || !p.new_run.baseline) {
            continue;
        }
        const auto& b_old = *p.old_run.baseline;
        const auto& b_new = *p.new_run.baseline;
        add_lift_side(lift.old_side, b_old);
        add_lift_side(lift.new_side, b_new);
        old_lifts.push_back(static_cast<double>(b_old.baseline_flags - b_old.debate_flags));
        new_lifts.push_back(static_cast<double>(b_new.baseline_flags - b_new.debate_flags));
        changes.push_back(new_lifts.back() - old_lifts.back());
    }
    if (changes.empty()) {
        return std::nullopt;
    }
    lift.pairs = changes.size();
    lift.old_side.flags_lift = eval::paired_bootstrap(old_lifts, out.resamples, out.seed);
    lift.new_side.flags_lift = eval::paired_bootstrap(new_lifts, out.resamples, out.seed);
    lift.change = eval::paired_bootstrap(changes, out.resamples, out.seed);
    return lift;
}

} // namespace

std::optional<BaselineOutcome> baseline_outcome(const json& debate_json) {
    const json* parley = member(debate_json, "parley");
    const json* baseline = parley == nullptr ? nullptr : member(*parley, "baseline");
    const json* review = baseline == nullptr ? nullptr : member(*baseline, "review");
    const json* debate_review = review == nullptr ? nullptr : member(*review, "debate");
    const json* baseline_review = review == nullptr ? nullptr : member(*review, "baseline");
    const auto debate_flags = count_at(debate_review, "flags");
    const auto baseline_flags = count_at(baseline_review, "flags");
    if (!debate_flags || !baseline_flags) {
        return std::nullopt;
    }
    BaselineOutcome b;
    b.debate_flags = *debate_flags;
    b.baseline_flags = *baseline_flags;
    b.debate_partials = count_at(debate_review, "partials").value_or(0);
    b.baseline_partials = count_at(baseline_review, "partials").value_or(0);
    const json* tokens = member(*baseline, "tokens");
    b.debate_tokens = count_at(tokens, "debate").value_or(0);
    b.baseline_tokens = count_at(tokens, "baseline").value_or(0);
    const json* verdict = member(*baseline, "verdict");
    b.verdict = verdict != nullptr && verdict->is_string() ? verdict->get<std::string>() : "unknown";
    return b;
}

DebateOutcome debate_outcome(const debate::DebateState& state, std::optional<BaselineOutcome> baseline) {
    const auto summary = build_summary(state);
    DebateOutcome o;
    o.problem = state.problem;
    o.title = summary.title;
    o.requirements = summary.requirements;
    o.scores = panel_means(summary.scores);
    o.figures = summary.figures;
    o.offline = state.offline;
    o.baseline = std::move(baseline);
    if (state.final_solution && debate::is_reviewed(state)) {
        const auto& s = *state.final_solution;
        const auto review =
            review::review_design(review::solution_text(s.description, s.implementation), state.problem);
        for (const auto& f : review::review_flags(review)) {
            o.flags.push_back({f.key, f.title});
        }
    }
    return o;
}

bool counts_as_met(RequirementStatus status) {
    return status == RequirementStatus::met;
}

bool is_lost(const RequirementChange& change) {
    return counts_as_met(change.from) && judged(change.to) && !counts_as_met(change.to);
}

RunDiff diff_runs(std::string old_label, std::string new_label, const std::vector<OutcomePair>& pairs,
                  std::vector<UnpairedRun> unpaired) {
    RunDiff out;
    out.old_label = std::move(old_label);
    out.new_label = std::move(new_label);
    out.unpaired = std::move(unpaired);
    std::vector<GroupWork> groups;
    GroupWork total;
    total.diff.name = "All";
    for (const auto& p : pairs) {
        auto it =
            std::find_if(groups.begin(), groups.end(), [&](const GroupWork& g) { return g.diff.name == p.group; });
        if (it == groups.end()) {
            groups.emplace_back();
            groups.back().diff.name = p.group;
            it = std::prev(groups.end());
        }
        out.offline = out.offline || p.old_run.offline || p.new_run.offline;
        const std::vector<GroupDiff*> both = {&it->diff, &total.diff};
        add_requirements(p, both, out);
        add_flags(p, both, out);
        for (auto* g : both) {
            ++g->pairs;
            add_figures(g->old_side, p.old_run);
            add_figures(g->new_side, p.new_run);
        }
        add_scores(p, *it);
        add_scores(p, total);
    }
    // With one problem the total is that problem again: its scores gate once.
    for (auto& g : groups) {
        finish(g, true, out);
        out.groups.push_back(std::move(g.diff));
    }
    finish(total, groups.size() > 1, out);
    out.total = std::move(total.diff);
    out.lift = lift_of(pairs, out);
    return out;
}

} // namespace parley::report
