#pragma once
// Rows of a sweep index (sweep.json) written by hand, for tests of what reads sweep folders.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace parley::testing {

/// One row of a sweep's index as `parley sweep` writes it, with no confidence, score or cost recorded ($0).
nlohmann::json sweep_index_row(const std::string& problem, const std::string& config, std::uint64_t seed,
                               const std::string& status, const std::string& json_file);

} // namespace parley::testing
