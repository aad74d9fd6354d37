#include "sim/service_time.hpp"

#include <algorithm>
#include <cmath>

#include "sim/units.hpp"

namespace parley::sim {

const char* to_string(ServiceTime::Kind kind) {
    switch (kind) {
    case ServiceTime::Kind::deterministic:
        return "deterministic";
    case ServiceTime::Kind::lognormal:
        return "lognormal";
    case ServiceTime::Kind::exponential:
        break;
    }
    return "exponential";
}

ServiceTime exponential_time(double mean) {
    return {ServiceTime::Kind::exponential, mean, 0, 0};
}

ServiceTime fixed_time(double seconds) {
    return {ServiceTime::Kind::deterministic, seconds, 0, 0};
}

namespace {

bool positive(double x) {
    return std::isfinite(x) && x > 0;
}

ServiceTime lognormal(double mu, double sigma) {
    return {ServiceTime::Kind::lognormal, std::exp(mu + sigma * sigma / 2), mu, sigma};
}

} // namespace

std::optional<ServiceTime> lognormal_from_median_mean(double median, double mean) {
    if (!positive(median) || !positive(mean) || mean <= median) {
        return std::nullopt;
    }
    return lognormal(std::log(median), std::sqrt(2 * std::log(mean / median)));
}

std::optional<ServiceTime> lognormal_from_median_quantile(double median, double q, double value) {
    if (!positive(median) || !positive(value) || value <= median || !(q > 0.5 && q < 1)) {
        return std::nullopt;
    }
    return lognormal(std::log(median), std::log(value / median) / normal_quantile(q));
}

std::optional<ServiceTime> lognormal_from_mean_quantile(double mean, double q, double value, bool* capped) {
    // A high percentile at or below the mean: only a lognormal with a spread over twice its z reaches it, one whose
    // mean is made of jobs too rare to occur; the figures contradict each other, so nothing is fitted.
    if (!positive(mean) || !positive(value) || !(q > 0.5 && q < 1) || value <= mean) {
        return std::nullopt;
    }
    // ln(value) = mu + z sigma and ln(mean) = mu + sigma^2 / 2, so sigma^2 / 2 - z sigma + ln(value / mean) = 0.
    const double z = normal_quantile(q);
    const double discriminant = z * z - 2 * std::log(value / mean);
    // No lognormal with this mean reaches the quantile. The widest one would put most of its mean in jobs too rare
    // to occur in a run (its sample mean falls far short), so the spread is held at 1.5, still a long tail.
    double sigma = std::min(z, kWidestFittedSigma);
    if (discriminant >= 0) {
        sigma = z - std::sqrt(discriminant); // positive: value > mean makes the discriminant less than z²
    } else if (capped) {
        *capped = true;
    }
    return lognormal(std::log(mean) - sigma * sigma / 2, sigma);
}

double normal_quantile(double q) {
    // Acklam's rational approximation (relative error under 1.2e-9), then one Newton step.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double low = 0.02425;
    double x = 0;
    if (q < low) {
        const double t = std::sqrt(-2 * std::log(q));
        x = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) /
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
    } else if (q <= 1 - low) {
        const double t = q - 0.5;
        const double r = t * t;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double t = std::sqrt(-2 * std::log(1 - q));
        x = -(((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) /
            ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
    }
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - q;
    return x - e * std::sqrt(2 * 3.141592653589793) * std::exp(x * x / 2);
}

std::string describe(const ServiceTime& time) {
    switch (time.kind) {
    case ServiceTime::Kind::deterministic:
        return "fixed " + format_seconds(time.mean);
    case ServiceTime::Kind::lognormal:
        return "lognormal (mean " + format_seconds(time.mean) + ", median " + format_seconds(std::exp(time.mu)) +
               ", p99 " + format_seconds(std::exp(time.mu + time.sigma * normal_quantile(0.99))) + ")";
    case ServiceTime::Kind::exponential:
        break;
    }
    return "exponential (mean " + format_seconds(time.mean) + ")";
}

} // namespace parley::sim
