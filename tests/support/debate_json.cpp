#include "support/debate_json.hpp"

namespace parley::testing {

nlohmann::json without_clock(nlohmann::json j) {
    j.erase("id");
    j.erase("createdAt");
    j.erase("updatedAt");
    for (auto& round : j["rounds"]) {
        round.erase("timestamp");
        for (auto& [id, s] : round["summaries"].items()) {
            s["metadata"].erase("timestamp");
        }
    }
    if (j.contains("judgeSummary")) {
        j["judgeSummary"]["metadata"].erase("timestamp");
    }
    if (j.contains("parley")) {
        j["parley"].erase("metrics");
    }
    return j;
}

} // namespace parley::testing
