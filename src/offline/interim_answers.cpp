// The interim judge's answer offline: a confidence the rule review of the current designs can ground, said to be
// that, or none when the review does not apply. It never passes 90, as the offline synthesis does not: it is not a
// model's judgement.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "offline/writer.hpp"
#include "review/judge_view.hpp"
#include "review/review.hpp"

namespace parley::offline {

namespace {

constexpr int kMostConfidence = 90;

// The status of every concern the problem asks for, in checklist order.
std::vector<review::ConcernStatus> asked_statuses(const review::Review& r) {
    std::vector<review::ConcernStatus> out;
    for (const auto& c : r.checklist) {
        if (review::problem_asks_for(r, *c.concern)) {
            out.push_back(c.status);
        }
    }
    return out;
}

// Convergence: the share of asked-for concerns on which every design holds the same status.
nlohmann::json convergence(const std::vector<review::Review>& reviews) {
    std::vector<std::vector<review::ConcernStatus>> statuses;
    for (const auto& r : reviews) {
        statuses.push_back(asked_statuses(r));
    }
    const auto concerns = statuses.front().size();
    std::size_t same = 0;
    for (std::size_t i = 0; i < concerns; ++i) {
        same += std::all_of(statuses.begin(), statuses.end(),
                            [&](const auto& s) { return i < s.size() && s[i] == statuses.front()[i]; })
                    ? 1
                    : 0;
    }
    const int confidence = concerns == 0 ? 0 : static_cast<int>(100 * same / concerns) * kMostConfidence / 100;
    return {{"confidence", confidence},
            {"reason", "offline, from the rule review: the " + std::to_string(reviews.size()) +
                           " current designs hold the same status on " + std::to_string(same) + " of " +
                           std::to_string(concerns) + " concerns the problem asks for (scaled to at most " +
                           std::to_string(kMostConfidence) + ")"}};
}

// Quality: the best design's share of asked-for concerns covered, less what the review finds broken or wrong.
nlohmann::json quality(const std::vector<review::Review>& reviews) {
    int best = 0;
    std::size_t best_index = 0;
    for (std::size_t i = 0; i < reviews.size(); ++i) {
        const auto statuses = asked_statuses(reviews[i]);
        const auto covered = std::count(statuses.begin(), statuses.end(), review::ConcernStatus::covered);
        const auto& s = reviews[i].summary;
        const int score = statuses.empty()
                              ? 0
                              : static_cast<int>(100 * covered / static_cast<long>(statuses.size())) -
                                    5 * static_cast<int>(s.contradicted) - 4 * static_cast<int>(s.checks_wrong);
        if (score > best) {
            best = score;
            best_index = i;
        }
    }
    const int confidence = std::clamp(best, 0, 100) * kMostConfidence / 100;
    return {{"confidence", confidence},
            {"reason", "offline, from the rule review: the best current design (number " +
                           std::to_string(best_index + 1) +
                           ") covers its share of the concerns the problem asks for, less 5 per contradicted concern "
                           "and 4 per wrong capacity check (scaled to at most " +
                           std::to_string(kMostConfidence) + "); requirements beyond the checklist are not judged"}};
}

} // namespace

std::string write_interim(OfflineContext& ctx) {
    nlohmann::json answer;
    if (!ctx.documents || ctx.documents->empty() || !review::is_task_queue_problem(ctx.problem)) {
        answer = {{"confidence", nullptr},
                  {"reason", "offline: the rule review does not apply to this problem, so the offline provider "
                             "cannot tell how far the designs have come"}};
    } else {
        std::vector<review::Review> reviews;
        for (const auto& design : *ctx.documents) {
            reviews.push_back(review::review_design(design, ctx.problem));
        }
        answer = ctx.interim == llm::InterimQuestion::quality ? quality(reviews) : convergence(reviews);
    }
    return offline_banner() + "```json\n" + answer.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n```\n";
}

} // namespace parley::offline
