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
        auto old_run = load_outcome(p.old_json);
        if (!old_run) {
            return fail_with(old_run.error());
        }
        auto new_run = load_outcome(p.new_json);
        if (!new_run) {
            return fail_with(new_run.error());
        }
        const auto label = sweep::to_string(p.key);
        pairs.push_back({label, p.key.problem, std::move(*old_run), std::move(*new_run)});
        if (auto same = check_same_problem(pairs.back(), label); !same) {
            return fail_with(same.error());
        }
    }
    std::vector<report::UnpairedRun> unpaired;
    for (const auto& u : pairing->unpaired) {
        unpaired.push_back({sweep::to_string(u.key), u.reason});
    }
    const auto diff = report::diff_runs(options.old_dir, options.new_dir, pairs, std::move(unpaired));
    return write_diff(diff, options.output, "sweep diff");
}

} // namespace parley::run
