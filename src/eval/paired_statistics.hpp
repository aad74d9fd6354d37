#pragma once
// Statistics of paired runs (the same problem, config and seed run twice, or a debate beside its baseline): McNemar's
// exact test on paired met / not-met outcomes, and a paired bootstrap interval of a mean difference. Both are
// deterministic: the bootstrap draws from a generator seeded by the caller, so a report reads the same every time.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace parley::eval {

/// McNemar's exact test on paired binary outcomes: only the discordant pairs count.
struct McNemarResult {
    long lost = 0;   ///< pairs met before and not after (b)
    long gained = 0; ///< pairs not met before and met after (c)
    double p = 1;    ///< two-sided exact p: 2 · P(X <= min(b, c)) for X ~ Binomial(b + c, 1/2), at most 1; 1 with no
                     ///< discordant pair
};

/// The exact two-sided McNemar test of `lost` (b) against `gained` (c) discordant pairs.
McNemarResult mcnemar_exact(long lost, long gained);

/// The number of resamples a paired bootstrap draws unless told otherwise.
inline constexpr std::size_t kBootstrapResamples = 10000;

/// The seed of the bootstrap's generator unless told otherwise (the number: any fixed value would do).
inline constexpr std::uint64_t kBootstrapSeed = 24;

/// The mean of paired differences and its 95% percentile bootstrap interval.
struct PairedDifference {
    std::size_t pairs = 0;
    std::optional<double> mean;                          ///< absent with no pair
    std::optional<std::pair<double, double>> interval95; ///< absent with fewer than two pairs
};

/// The mean of `differences` (after − before, one per pair) and the 2.5th and 97.5th percentiles of the means of
/// `resamples` resamples drawn with replacement by a Mersenne Twister seeded with `seed`. Deterministic.
PairedDifference paired_bootstrap(const std::vector<double>& differences, std::size_t resamples = kBootstrapResamples,
                                  std::uint64_t seed = kBootstrapSeed);

} // namespace parley::eval
