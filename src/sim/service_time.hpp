#pragma once
// How long one attempt of a job takes: exponential, fixed, or lognormal, and the lognormal fitted from two
// stated figures (a mean or median and a high percentile or maximum).

#include <optional>
#include <string>

#include "sim/random.hpp"

namespace parley::sim {

/// A job-time distribution.
struct ServiceTime {
    enum class Kind { exponential, deterministic, lognormal };
    Kind kind = Kind::exponential;
    double mean = 1;  ///< seconds; for lognormal exp(mu + sigma^2 / 2)
    double mu = 0;    ///< lognormal: mean of the logarithm
    double sigma = 0; ///< lognormal: standard deviation of the logarithm

    /// One job time in seconds.
    double sample(Random& random) const {
        switch (kind) {
        case Kind::deterministic:
            return mean;
        case Kind::lognormal:
            return std::exp(mu + sigma * random.normal());
        case Kind::exponential:
            break;
        }
        return random.exponential(mean);
    }
};

/// "exponential", "deterministic" or "lognormal".
const char* to_string(ServiceTime::Kind kind);

/// Exponential with mean `mean` seconds.
ServiceTime exponential_time(double mean);

/// Always `seconds`.
ServiceTime fixed_time(double seconds);

/// Lognormal with median `median` and mean `mean` (mean > median), or nullopt.
std::optional<ServiceTime> lognormal_from_median_mean(double median, double mean);

/// Lognormal whose `q` quantile (0.5 < q < 1) is `value` and whose median is `median`, or nullopt.
std::optional<ServiceTime> lognormal_from_median_quantile(double median, double q, double value);

/// The spread (sigma) a fit falls back to when no lognormal matches the figures.
inline constexpr double kWidestFittedSigma = 1.5;

/// Lognormal with mean `mean` whose `q` quantile is `value`, or nullopt (also when `value` is not above the mean,
/// which no plausible lognormal fits). Of the two spreads that fit, the smaller;
/// when none fits (the quantile is further above the mean than any lognormal reaches) the lognormal with that
/// mean and a spread of kWidestFittedSigma, and `*capped` is set.
std::optional<ServiceTime> lognormal_from_mean_quantile(double mean, double q, double value, bool* capped);

/// The `q` quantile of the standard normal (0 < q < 1).
double normal_quantile(double q);

/// A one-line description: "lognormal (mean 2 s, median 0.9 s, p99 12 s)".
std::string describe(const ServiceTime& time);

} // namespace parley::sim
