// The offline provider's ballots (synthesisMethod "voting"): a ranking by the rule-based review of each design, so a
// vote run offline is deterministic and says what it is based on.

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

#include "offline/writer.hpp"
#include "review/flags.hpp"

namespace parley::offline {

std::string write_ballot(OfflineContext& ctx) {
    using nlohmann::json;
    const std::size_t n = ctx.documents ? std::min(ctx.documents->size(), ctx.candidates.size()) : 0;
    std::vector<std::size_t> flags(n);
    for (std::size_t i = 0; i < n; ++i) {
        flags[i] = review::review_flags(review::review_design((*ctx.documents)[i], ctx.problem)).size();
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return flags[a] < flags[b]; });
    json ranking = json::array();
    for (const auto i : order) {
        ranking.push_back(ctx.candidates[i]);
    }
    const std::string reason =
        n == 0 ? "offline ballot: the call named no design to rank"
               : "offline ballot: ranked by the rule-based review's flags (" + ctx.candidates[order.front()] + " has " +
                     std::to_string(flags[order.front()]) + "), ties in the order shown; no model read them";
    const json answer{{"ranking", ranking}, {"reason", reason}, {"parley", {{"offline", true}}}};
    return "```json\n" + answer.dump(2, ' ', false, json::error_handler_t::replace) + "\n```\n";
}

} // namespace parley::offline
