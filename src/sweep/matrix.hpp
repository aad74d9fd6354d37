#pragma once
// The matrix of a sweep: every problem crossed with every config and every seed, one job each.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sweep/job.hpp"

namespace parley::sweep {

/// A sweep's jobs and the id that names the sweep.
struct Sweep {
    std::string id; ///< "sw-" + a digest of its job ids in order: the same matrix always has the same id
    std::vector<SweepJob> jobs;
};

/// Crosses problems x configs x seeds (problem-major, then config, then seed), one job each; no seeds means the
/// one seed 0. A job identical to an earlier one (the same problem named twice) is left out. `designs`, when not
/// empty, holds one entry per problem: the design its debates review (`--design`), or none. `baseline` "vote":
/// every debate runs its equal-cost baseline.
[[nodiscard]] Sweep make_sweep(const std::vector<NamedText>& problems, const std::vector<NamedText>& configs,
                               const std::vector<std::uint64_t>& seeds, const std::optional<NamedText>& eval,
                               const std::vector<std::optional<NamedText>>& designs = {},
                               const std::string& baseline = "");

} // namespace parley::sweep
