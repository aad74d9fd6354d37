#include "report/summary.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include "debate/clarifications.hpp"
#include "report/eval_scores.hpp"
#include "report/participants.hpp"
#include "review/judge_view.hpp"
#include "review/review.hpp"
#include "review/text_lines.hpp"
#include "sim/output.hpp"
#include "sim/units.hpp"
#include "util/text.hpp"

namespace parley::report {

using debate::ContributionType;
using debate::DebateState;

namespace {

constexpr std::size_t kDecisionBytes = 700;
constexpr std::size_t kTopicBytes = 160;
constexpr std::size_t kAgentsNamed = 4;
// A requirement is argued by a text (or matched by a judge's line) that shares this share of its long words.
constexpr double kSharedWords = 0.6;

// Lower-case words of at least five letters: the vocabulary two texts about one requirement share.
std::vector<std::string> long_words(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            word += static_cast<char>(c | 0x20);
            continue;
        }
        if (word.size() >= 5) {
            out.push_back(word);
        }
        word.clear();
    }
    return out;
}

using WordSet = std::unordered_set<std::string>;

bool shares_words(const std::vector<std::string>& wanted, const WordSet& have) {
    if (wanted.empty()) {
        return false;
    }
    std::size_t found = 0;
    for (const auto& w : wanted) {
        found += have.count(w) > 0 ? 1 : 0;
    }
    // A requirement of one or two long words must be matched whole, or every text would argue it.
    return wanted.size() <= 2 ? found == wanted.size()
                              : static_cast<double>(found) >= kSharedWords * static_cast<double>(wanted.size());
}

// One line of plain text: whitespace runs become one space, and the text is cut on a character boundary.
std::string flat(std::string_view text, std::size_t max_bytes) {
    std::string out;
    for (const char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (space && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return review::shorten_quote(review::clean_line(out), max_bytes);
}

// The first paragraph of prose in a model's text: headings, quotes (the offline banner), fences and rules are
// skipped, since a reader wants the sentence that decides, not the outline around it.
std::string first_paragraph(std::string_view text) {
    std::string para;
    bool in_fence = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto line = util::trim_blanks(text.substr(start, end - start));
        start = end + 1;
        if (line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~") {
            in_fence = !in_fence;
            continue;
        }
        if (line.empty() && !para.empty()) {
            break;
        }
        const bool skipped =
            in_fence || line.empty() || line.front() == '#' || line.front() == '>' || line.substr(0, 3) == "---";
        if (!skipped) {
            para += (para.empty() ? "" : " ") + std::string(line);
        }
        if (end == text.size()) {
            break;
        }
    }
    return para;
}

std::string first_line(std::string_view text) {
    for (std::size_t start = 0; start < text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto line = util::trim_blanks(text.substr(start, end - start));
        start = end + 1;
        while (!line.empty() && (line.front() == '#' || line.front() == '>')) {
            line = util::trim_blanks(line.substr(1));
        }
        if (!line.empty() && line.substr(0, 3) != "```") {
            return std::string(line);
        }
    }
    return {};
}

std::string agent_list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kAgentsNamed; ++i) {
        out += (i == 0 ? "" : ", ") + names[i];
    }
    if (names.size() > kAgentsNamed) {
        out += " and " + std::to_string(names.size() - kAgentsNamed) + " more";
    }
    return out;
}

const char* phase_name(ContributionType type) {
    switch (type) {
    case ContributionType::proposal:
        return "proposals";
    case ContributionType::critique:
        return "critiques";
    case ContributionType::refinement:
        return "refinements";
    }
    return "contributions";
}

/// Every contribution's long words, computed once: requirements are looked up in them many times.
struct IndexedContribution {
    int round = 0;
    ContributionType type = ContributionType::proposal;
    std::string agent;
    WordSet words;
};

// The long words of `text` that are in `vocabulary`: a debate's contributions are large and only the words of
// its requirements are ever looked up, so only those are kept (one reused buffer, no set of every word).
WordSet words_in(std::string_view text, const WordSet& vocabulary) {
    WordSet out;
    // Letters go to a plain buffer: a contribution is scanned character by character, and a debug build pays for
    // every string call in that loop. A word longer than the buffer is in no vocabulary worth matching.
    char buffer[64];
    std::size_t length = 0;
    bool too_long = false;
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (length < sizeof buffer) {
                buffer[length++] = static_cast<char>(c | 0x20);
            } else {
                too_long = true;
            }
            continue;
        }
        if (length >= 5 && !too_long) {
            word.assign(buffer, length);
            if (vocabulary.count(word) > 0) {
                out.insert(word);
            }
        }
        length = 0;
        too_long = false;
    }
    return out;
}

std::vector<IndexedContribution> index_contributions(const DebateState& state, const Participants& people,
                                                     const WordSet& vocabulary) {
    std::vector<IndexedContribution> out;
    for (const auto& round : state.rounds) {
        for (const auto& c : round.contributions) {
            out.push_back(
                {round.round_number, c.type, people.display_name(c.agent_id), words_in(c.content, vocabulary)});
        }
    }
    return out;
}

// "round 2 refinements: Ada, Bo (first in round 1 proposals)": the last phase that argued the requirement, who
// argued it there, and where it was first argued.
std::string where_argued(const std::vector<std::string>& words, const std::vector<IndexedContribution>& index) {
    const IndexedContribution* first = nullptr;
    const IndexedContribution* last = nullptr;
    for (const auto& c : index) {
        if (shares_words(words, c.words)) {
            first = first != nullptr ? first : &c;
            last = &c;
        }
    }
    if (last == nullptr) {
        return {};
    }
    std::vector<std::string> agents;
    for (const auto& c : index) {
        if (c.round == last->round && c.type == last->type && shares_words(words, c.words) &&
            std::find(agents.begin(), agents.end(), c.agent) == agents.end()) {
            agents.push_back(c.agent);
        }
    }
    auto phase = [](const IndexedContribution& c) {
        return "round " + std::to_string(c.round) + " " + phase_name(c.type);
    };
    std::string out = phase(*last) + ": " + agent_list(agents);
    if (first->round != last->round || first->type != last->type) {
        out += " (first in " + phase(*first) + ")";
    }
    return out;
}

// `text` without its "(line 12)" references.
std::string without_line_numbers(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 6, "(line ") == 0) {
            auto end = i + 6;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
                ++end;
            }
            if (end > i + 6 && end < text.size() && text[end] == ')') {
                i = end + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

/// The judge's unfulfilled lines, each with its words and whether a requirement row took it.
struct JudgeLine {
    std::string text;
    std::vector<std::string> words;
    bool matched = false;
};

std::vector<JudgeLine> unfulfilled_lines(const debate::Solution* solution) {
    std::vector<JudgeLine> unfulfilled;
    if (solution != nullptr) {
        for (const auto& line : solution->unfulfilled_major_requirements) {
            unfulfilled.push_back({line, long_words(line), false});
        }
    }
    return unfulfilled;
}

WordSet requirement_vocabulary(const std::vector<review::RequirementResult>& requirements) {
    WordSet vocabulary;
    for (const auto& r : requirements) {
        for (auto& w : long_words(r.text)) {
            vocabulary.insert(std::move(w));
        }
    }
    return vocabulary;
}

// True when one of the judge's unfulfilled lines names the requirement with these words; marks those lines taken.
bool judge_lists(const std::vector<std::string>& words, std::vector<JudgeLine>& unfulfilled) {
    const auto judge_words = WordSet(words.begin(), words.end());
    bool listed = false;
    for (auto& line : unfulfilled) {
        // The judge's line names the requirement when it carries most of the requirement's words.
        if (shares_words(words, WordSet(line.words.begin(), line.words.end())) ||
            (!line.words.empty() && shares_words(line.words, judge_words))) {
            listed = true;
            line.matched = true;
        }
    }
    return listed;
}

/// What the judge's synthesis gives to judge the requirements by.
enum class Verdict {
    none,     ///< no synthesis (the run ended before it)
    unusable, ///< a synthesis that failed parley's answer check
    usable,
    voted, ///< the winning design of a vote (synthesisMethod "voting"): no judge ruled on the requirements
};

Verdict verdict_of(const debate::Solution* solution) {
    return solution == nullptr ? Verdict::none : solution->check.usable ? Verdict::usable : Verdict::unusable;
}

// The status of one requirement and why, from the judge's verdict and, when `grounded`, the design review of the
// final solution.
void judge_status(RequirementVerdict& v, const review::RequirementResult& r, Verdict verdict, bool listed,
                  bool grounded) {
    if (verdict == Verdict::none) {
        v.status = RequirementStatus::not_judged;
        v.reason = "the debate ended before the judge's synthesis";
    } else if (verdict == Verdict::voted) {
        v.status = !grounded     ? RequirementStatus::not_judged
                   : r.addressed ? RequirementStatus::met
                                 : RequirementStatus::not_met;
        v.reason = !grounded     ? "the solution was chosen by vote; no judge ruled on it"
                   : r.addressed ? "no judge ruled (vote); the design review of the winning design finds it addressed"
                                 : "no judge ruled (vote); the design review of the winning design finds " + r.reason;
    } else if (verdict == Verdict::unusable) {
        v.status = RequirementStatus::unknown;
        v.reason = "unknown (no usable verdict from the judge)";
    } else if (listed) {
        v.status = RequirementStatus::not_met;
        v.reason = "the judge lists it as unfulfilled";
        if (grounded && !r.addressed) {
            v.reason += "; the design review agrees: " + r.reason;
        }
    } else if (grounded && !r.addressed) {
        v.status = RequirementStatus::partly;
        v.reason = "the judge counts it met, but the design review of the solution finds " + r.reason;
    } else {
        v.status = RequirementStatus::met;
        v.reason = grounded ? "the judge counts it met and the design review of the solution agrees"
                            : "the judge does not list it as unfulfilled";
    }
}

std::string requirements_basis(bool any, Verdict verdict, bool grounded) {
    if (!any) {
        return "The problem states no requirement parley can pick out (bullets, numbered lines, "
               "or sentences with must, should, need or required).";
    }
    if (verdict == Verdict::none) {
        return "Requirements are taken from the problem; with no synthesis, none is judged.";
    }
    if (verdict == Verdict::unusable) {
        return "Requirements are taken from the problem; the judge gave no usable verdict, so each is unknown.";
    }
    if (verdict == Verdict::voted) {
        return grounded ? "Requirements are taken from the problem; the solution was chosen by vote, so each is "
                          "judged by parley's design review of the winning design alone."
                        : "Requirements are taken from the problem; the solution was chosen by vote and no judge "
                          "ruled on them.";
    }
    return std::string("Requirements are taken from the problem's bullets and must/should sentences; a "
                       "requirement is not met when the judge lists it as unfulfilled") +
           (grounded ? ", and only partly met when the judge counts it met but parley's design review of the final "
                       "solution finds it unaddressed."
                     : ".");
}

// Risks, most serious first: what the design review found wrong, what the judge found unfulfilled beyond the
// requirements, the requirements not met and partly met, and what the design never settles.
void collect_risks(ReportSummary& out, const std::vector<JudgeLine>& unfulfilled, const review::Review& review,
                   bool grounded) {
    std::vector<std::string> risks;
    std::set<std::string> seen;
    auto add = [&risks, &seen](std::string risk) {
        risk = flat(risk, 400);
        // The same finding quoted from two places differs only in its line numbers: it is one risk.
        if (!risk.empty() && seen.insert(without_line_numbers(risk)).second) {
            risks.push_back(std::move(risk));
        }
    };
    if (grounded) {
        for (const auto& finding : review::major_findings(review)) {
            add(finding);
        }
    }
    for (const auto& line : unfulfilled) {
        if (!line.matched) {
            add(line.text);
        }
    }
    for (const auto status : {RequirementStatus::not_met, RequirementStatus::partly}) {
        for (const auto& v : out.requirements) {
            if (v.status == status) {
                add(std::string(status == RequirementStatus::not_met ? "Not met: " : "Only partly met: ") + v.id + " " +
                    v.text);
            }
        }
    }
    if (grounded && review.summary.absent > 0) {
        std::string missing;
        for (const auto& c : review.checklist) {
            if (c.status == review::ConcernStatus::absent) {
                missing += (missing.empty() ? "" : "; ") + std::string(c.concern->title);
            }
        }
        add("The design never settles: " + missing);
    }
    if (grounded && review.summary.partial > 0) {
        std::string partial;
        for (const auto& c : review.checklist) {
            if (c.status == review::ConcernStatus::partial) {
                std::string lacking;
                for (const auto& aspect : c.missing_aspects) {
                    lacking += (lacking.empty() ? "" : ", ") + aspect;
                }
                partial += (partial.empty() ? "" : "; ") + std::string(c.concern->title) + " (no " + lacking + ")";
            }
        }
        add("The design settles only in part: " + partial);
    }
    out.more_risks = risks.size() > kMaxSummaryRisks ? risks.size() - kMaxSummaryRisks : 0;
    risks.resize(std::min(risks.size(), kMaxSummaryRisks));
    out.risks = std::move(risks);
}

void judge_requirements(ReportSummary& out, const DebateState& state, const Participants& people,
                        const review::Review& review, bool grounded) {
    const auto* solution = state.final_solution ? &*state.final_solution : nullptr;
    std::vector<JudgeLine> unfulfilled = unfulfilled_lines(solution);
    const Verdict verdict = solution && state.voting ? Verdict::voted : verdict_of(solution);
    const auto requirements = review.requirements.value_or(std::vector<review::RequirementResult>{});
    const auto index = index_contributions(state, people, requirement_vocabulary(requirements));
    std::size_t n = 0;
    for (const auto& r : requirements) {
        RequirementVerdict v;
        v.id = "R" + std::to_string(++n);
        v.text = flat(r.text, 400);
        const auto words = long_words(r.text);
        const bool listed = judge_lists(words, unfulfilled);
        judge_status(v, r, verdict, listed, grounded);
        v.where = where_argued(words, index);
        out.requirements.push_back(std::move(v));
    }
    out.requirements_basis = requirements_basis(!out.requirements.empty(), verdict, grounded);
    collect_risks(out, unfulfilled, review, grounded);
}

void disagreements(ReportSummary& out, const DebateState& state, const Participants& people) {
    if (state.final_solution && !state.final_solution->disagreements.empty()) {
        for (const auto& d : state.final_solution->disagreements) {
            RemainingDisagreement item{flat(d.topic, kTopicBytes), {}};
            for (const auto& p : d.positions) {
                SidePosition side{flat(p.position, kTopicBytes), {}};
                for (const auto& agent : p.agents) {
                    side.agents.push_back(flat(people.display_name(agent), 80));
                }
                item.positions.push_back(std::move(side));
            }
            out.disagreements.push_back(std::move(item));
        }
        out.disagreements_source = DisagreementSource::judge;
        out.disagreements_basis = "As the judge's synthesis lists them.";
        return;
    }
    if (state.rounds.empty()) {
        out.disagreements_basis = "The debate recorded no rounds.";
        return;
    }
    // Without the judge's list, a critique in the last round whose target gave no refinement after it is a point
    // left standing; a refinement may or may not have settled its critique, which the file does not record.
    const auto& last = state.rounds.back();
    std::set<std::string> refined;
    for (const auto& c : last.contributions) {
        if (c.type == ContributionType::refinement) {
            refined.insert(c.agent_id);
        }
    }
    for (const auto& c : last.contributions) {
        if (c.type != ContributionType::critique || refined.count(c.target_agent_id) > 0) {
            continue;
        }
        out.disagreements.push_back({flat(first_line(c.content), kTopicBytes),
                                     {{"raised this critique", {people.display_name(c.agent_id)}},
                                      {"proposal left unrefined", {people.display_name(c.target_agent_id)}}}});
    }
    const auto round = std::to_string(last.round_number);
    if (!out.disagreements.empty()) {
        out.disagreements_source = DisagreementSource::derived;
        out.disagreements_basis = "The judge listed none; these are the critiques of round " + round +
                                  " that no refinement answered (derived by parley).";
    } else {
        out.disagreements_basis = "The judge listed none, and every critique of round " + round +
                                  " was followed by a refinement from its target (whether that settled it is not "
                                  "recorded).";
    }
}

void confidence(ReportSummary& out, const DebateState& state) {
    if (!state.final_solution) {
        out.confidence_note = "the debate ended (status " + state.status + ") before the judge's synthesis";
        return;
    }
    const auto& s = *state.final_solution;
    if (!s.check.usable) {
        out.confidence_note = "no usable verdict from the judge";
        return;
    }
    out.confidence = s.confidence;
    if (s.confidence) {
        return;
    }
    if (state.voting) {
        out.confidence_note = "the solution was chosen by vote; no judge gave a confidence";
        return;
    }
    // An answer that was not JSON leaves everything but the description empty (the parser keeps the text there).
    const bool not_json = s.implementation.empty() && s.tradeoffs.empty() && s.recommendations.empty() &&
                          s.open_questions.empty() && s.unfulfilled_major_requirements.empty();
    out.confidence_note = not_json ? "the judge's answer was not the JSON parley asked for, so it carries "
                                     "no confidence; its text is kept as the decision"
                                   : "the judge's JSON has no numeric confidence";
}

void figures(ReportSummary& out, const DebateState& state) {
    const auto& m = state.metrics;
    auto& f = out.figures;
    f.rounds = static_cast<long>(state.rounds.size());
    if (m.calls > 0) {
        f.recorded = true;
        f.calls = m.calls;
        f.calls_failed = m.calls_failed;
        f.total_tokens = m.total_tokens;
        f.tokens_estimated = m.tokens_estimated;
        f.cost = m.cost;
        f.wall_ms = m.wall_ms;
        if (f.wall_ms <= 0) {
            for (const auto& [name, ms] : m.phase_order) {
                f.wall_ms += ms;
            }
        }
        return;
    }
    for (const auto& round : state.rounds) {
        for (const auto& c : round.contributions) {
            ++f.calls;
            f.total_tokens += c.metadata.tokens_used.value_or(0);
            f.wall_ms += c.metadata.latency_ms.value_or(0);
        }
    }
}

void open_questions(ReportSummary& out, const DebateState& state, const Participants& people) {
    if (state.final_solution) {
        for (const auto& q : state.final_solution->open_questions) {
            out.open_questions.push_back(flat(q, 400));
        }
    }
    // A question an agent asked and nobody answered is open too, whatever the judge wrote.
    for (const auto& group : state.clarifications) {
        for (const auto& item : group.items) {
            if (item.answer.empty() || item.answer == debate::kUnanswered) {
                const auto asker = group.agent_name.empty() ? people.display_name(group.agent_id) : group.agent_name;
                out.open_questions.push_back(flat(item.question, 400) + " (asked by " + flat(asker, 80) +
                                             ", unanswered)");
            }
        }
    }
}

SimulationLine simulation_line(std::string who, const sim::SimulationBrief& brief) {
    SimulationLine line{std::move(who), sim::brief_headline(brief), {}};
    if (!brief.simulated) {
        for (const auto& missing : brief.missing) {
            line.details.push_back("missing: " + missing);
        }
        return line;
    }
    for (const auto& scenario : brief.scenarios) {
        if (!scenario.holds) {
            line.details.push_back(scenario.name + ": " + scenario.outcome);
        }
    }
    for (const auto& v : brief.verdicts) {
        line.details.push_back(sim::verdict_line(v));
    }
    return line;
}

void simulations(ReportSummary& out, const DebateState& state) {
    const sim::SimulationBrief* any = nullptr;
    if (state.final_simulation) {
        out.simulations.push_back(simulation_line("Final solution", *state.final_simulation));
        any = &*state.final_simulation;
    }
    for (const auto& a : state.simulations) {
        out.simulations.push_back(simulation_line(a.agent_name.empty() ? a.agent_id : a.agent_name, a.brief));
        any = any != nullptr && any->simulated ? any : &a.brief;
    }
    if (any == nullptr) {
        return;
    }
    out.simulations_basis = "parley ran the queue each design describes, with the numbers it states, at its peak and "
                            "through a worker outage (seed " +
                            std::to_string(any->seed) +
                            (any->simulated ? ", " + sim::format_seconds(any->duration) + " per scenario" : "") +
                            "; `parley simulate` runs 2 h); the judge saw the proposals' lines.";
}

} // namespace

const char* to_string(RequirementStatus status) {
    switch (status) {
    case RequirementStatus::met:
        return "met";
    case RequirementStatus::partly:
        return "partly";
    case RequirementStatus::not_met:
        return "not met";
    case RequirementStatus::not_judged:
        return "not judged";
    case RequirementStatus::unknown:
        return "unknown";
    }
    return "not judged";
}

std::string problem_title(const std::string& problem) {
    return flat(first_line(problem), 120);
}

ReportSummary build_summary(const DebateState& state) {
    ReportSummary out;
    const Participants people(state);
    out.debate_id = state.id;
    out.title = problem_title(state.problem);
    out.status = state.status;
    out.offline = state.offline;
    out.error = flat(state.error, 1000);
    if (state.final_solution && !state.final_solution->check.usable) {
        const auto& c = state.final_solution->check;
        out.no_verdict =
            flat(c.defects.empty() ? std::string("the judge's answer failed parley's check") : c.defects.front(),
                 kDecisionBytes) +
            (c.repair_calls > 0 ? " (asked twice)" : "");
        out.decision = "No decision: the judge gave no usable verdict.";
    } else if (state.final_solution) {
        const auto& s = *state.final_solution;
        auto decision = first_paragraph(s.description);
        out.decision = flat(decision.empty() ? s.description : decision, kDecisionBytes);
    } else {
        out.decision = "No decision: the debate ended with status " + state.status + " before the judge's synthesis.";
    }
    confidence(out, state);
    // The grounded review is about task queues; on other problems only the judge's word is used.
    const bool grounded = state.final_solution && state.final_solution->check.usable && debate::is_reviewed(state);
    const auto reviewed = state.final_solution ? review::solution_text(state.final_solution->description,
                                                                       state.final_solution->implementation)
                                               : std::string();
    judge_requirements(out, state, people, review::review_design(reviewed, state.problem), grounded);
    disagreements(out, state, people);
    open_questions(out, state, people);
    figures(out, state);
    auto evaluated = evaluation_scores(state.evaluation);
    out.scores = std::move(evaluated.scores);
    out.scores_basis = std::move(evaluated.basis);
    out.score_warnings = std::move(evaluated.warnings);
    simulations(out, state);
    if (state.baseline) {
        out.baseline = debate::baseline_line(*state.baseline);
    }
    return out;
}

} // namespace parley::report
