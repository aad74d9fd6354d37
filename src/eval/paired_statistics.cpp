#include "eval/paired_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace parley::eval {

McNemarResult mcnemar_exact(long lost, long gained) {
    McNemarResult r{lost, gained, 1};
    const long n = lost + gained;
    if (n <= 0) {
        return r;
    }
    // Summed in log space: C(n, k) / 2^n underflows a double long before a large sweep's n.
    const long k_max = std::min(lost, gained);
    const double log_half_n = static_cast<double>(n) * std::log(0.5);
    const double log_n_fact = std::lgamma(static_cast<double>(n) + 1);
    double tail = 0;
    for (long k = 0; k <= k_max; ++k) {
        const double log_choose =
            log_n_fact - std::lgamma(static_cast<double>(k) + 1) - std::lgamma(static_cast<double>(n - k) + 1);
        tail += std::exp(log_choose + log_half_n);
    }
    r.p = std::min(1.0, 2 * tail);
    return r;
}

PairedDifference paired_bootstrap(const std::vector<double>& differences, std::size_t resamples, std::uint64_t seed) {
    PairedDifference out;
    out.pairs = differences.size();
    if (differences.empty()) {
        return out;
    }
    const auto n = differences.size();
    out.mean = std::accumulate(differences.begin(), differences.end(), 0.0) / static_cast<double>(n);
    if (n < 2 || resamples == 0) {
        return out;
    }
    // The index is drawn by modulo rather than std::uniform_int_distribution, whose algorithm the standard leaves
    // to each library: the same seed must give the same interval wherever parley is built. The bias of a 64-bit
    // modulo over a sweep's few thousand pairs is below 1e-15.
    std::mt19937_64 rng(seed);
    std::vector<double> means(resamples);
    for (auto& m : means) {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += differences[static_cast<std::size_t>(rng() % n)];
        }
        m = sum / static_cast<double>(n);
    }
    std::sort(means.begin(), means.end());
    const auto at = [&](double q) {
        const auto i = static_cast<std::size_t>(std::floor(q * static_cast<double>(resamples - 1) + 0.5));
        return means[std::min(i, resamples - 1)];
    };
    out.interval95 = std::make_pair(at(0.025), at(0.975));
    return out;
}

} // namespace parley::eval
