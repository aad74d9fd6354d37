#include "support/debate_json.hpp"

namespace parley::testing {

nlohmann::json without_clock(nlohmann::json j) {
    j.erase("id");
    j.erase("createdAt");
    j.erase("updatedAt");
    for (auto& round : j["rounds"]) {
        round.erase("timestamp");
        for (auto& contribution : round["contributions"]) {
            contribution["metadata"].erase("latencyMs");
        }
        for (auto& [id, s] : round["summaries"].items()) {
            s["metadata"].erase("timestamp");
            s["metadata"].erase("latencyMs");
        }
    }
    if (j.contains("finalSolution")) {
        for (const char* call : {"metadata", "repairMetadata"}) {
            if (j["finalSolution"].contains(call)) {
                j["finalSolution"][call].erase("latencyMs");
            }
        }
    }
    if (j.contains("judgeSummary")) {
        j["judgeSummary"]["metadata"].erase("timestamp");
        j["judgeSummary"]["metadata"].erase("latencyMs");
    }
    if (j.contains("parley")) {
        j["parley"].erase("metrics");
    }
    return j;
}

} // namespace parley::testing
