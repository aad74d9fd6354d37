#include "sweep/matrix.hpp"

#include <set>

#include "util/sha256.hpp"

namespace parley::sweep {

namespace {

// Each part is fed with its length first, so no two different jobs hash alike by shifting text between parts.
void feed(util::Sha256& hash, const std::string& part) {
    hash.update(std::to_string(part.size()) + ":");
    hash.update(part);
}

} // namespace

Sweep make_sweep(const std::vector<NamedText>& problems, const std::vector<NamedText>& configs,
                 const std::vector<std::uint64_t>& seeds, const std::optional<NamedText>& eval,
                 const std::vector<std::optional<NamedText>>& designs, const std::string& baseline) {
    const std::vector<std::uint64_t> all_seeds = seeds.empty() ? std::vector<std::uint64_t>{0} : seeds;
    Sweep sweep;
    std::set<std::string> seen;
    util::Sha256 sweep_hash;
    for (std::size_t p = 0; p < problems.size(); ++p) {
        const auto& problem = problems[p];
        const auto design = p < designs.size() ? designs[p] : std::nullopt;
        for (const auto& config : configs) {
            for (const auto seed : all_seeds) {
                util::Sha256 debate_hash;
                feed(debate_hash, problem.text);
                feed(debate_hash, config.text);
                feed(debate_hash, std::to_string(seed));
                // Fed only when there is one, so a sweep without designs keeps its job and debate ids.
                if (design) {
                    feed(debate_hash, "design:" + design->text);
                }
                // Likewise the baseline: its debate JSON holds the baseline too, so it is another debate.
                if (!baseline.empty()) {
                    feed(debate_hash, "baseline:" + baseline);
                }
                const auto debate_digest = debate_hash.hex_digest();
                const auto job_digest =
                    util::sha256_hex(debate_digest + (eval ? util::sha256_hex(eval->text) : std::string("-")));
                SweepJob job{"j-" + job_digest.substr(0, 16),
                             sweep.jobs.size(),
                             problem,
                             config,
                             seed,
                             eval,
                             design,
                             "deb-sweep-" + debate_digest.substr(0, 12),
                             baseline};
                if (!seen.insert(job.id).second) {
                    continue;
                }
                feed(sweep_hash, job.id);
                sweep.jobs.push_back(std::move(job));
            }
        }
    }
    sweep.id = "sw-" + sweep_hash.hex_digest().substr(0, 12);
    return sweep;
}

} // namespace parley::sweep
