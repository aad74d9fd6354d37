#include "support/sweep_rows.hpp"

namespace parley::testing {

nlohmann::json sweep_index_row(const std::string& problem, const std::string& config, std::uint64_t seed,
                               const std::string& status, const std::string& json_file) {
    return {{"jobId", "j-" + problem + "-" + config + "-" + std::to_string(seed)},
            {"index", seed},
            {"problem", problem},
            {"config", config},
            {"seed", seed},
            {"debateId", "deb-" + std::to_string(seed)},
            {"status", status},
            {"confidence", nullptr},
            {"wallMs", 10},
            {"score", nullptr},
            {"agreement", ""},
            {"json", json_file},
            {"report", ""},
            {"error", ""},
            {"costUsd", 0},
            {"costUnknownCalls", 0}};
}

} // namespace parley::testing
