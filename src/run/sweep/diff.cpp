#include "run/sweep/diff.hpp"

#include <vector>

#include "run/console.hpp"
#include "sweep/sweep_diff.hpp"

namespace parley::run {

int run_sweep_diff(const SweepDiffOptions& options) {
    if (auto checked = check_diff_output(options.output.output_file); !checked) {
        return fail_with(checked.error());
    }
    auto pairing = sweep::pair_sweeps(options.old_dir, options.new_dir);
    if (!pairing) {
        return fail_with(pairing.error());
    }
    // One pair's debates at a time: a diff holds the outcomes, never two whole sweeps of debates.
    std::vector<report::OutcomePair> pairs;
    for (const auto& p : pairing->pairs) {
        auto pair = load_pair(p.old_json, p.new_json, sweep::to_string(p.key), p.key.problem);
        if (!pair) {
            return fail_with(pair.error());
        }
        pairs.push_back(std::move(*pair));
    }
    std::vector<report::UnpairedRun> unpaired;
    for (const auto& u : pairing->unpaired) {
        unpaired.push_back({sweep::to_string(u.key), u.reason});
    }
    const auto diff = report::diff_runs(options.old_dir, options.new_dir, pairs, std::move(unpaired));
    return write_diff(diff, options.output, "sweep diff");
}

} // namespace parley::run
