#pragma once
// The numbers that say how far a panel's scores can be trusted: mean, standard deviation and 95% interval of
// repeated scores, Krippendorff's alpha (interval metric) and the mean pairwise absolute difference between
// evaluators, and a verdict in plain words.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::eval {

/// Mean, spread and 95% interval of a set of scores.
struct Spread {
    std::size_t n = 0;
    std::optional<double> mean;                          ///< absent when n == 0
    std::optional<double> sd;                            ///< sample standard deviation; needs n >= 2
    std::optional<std::pair<double, double>> interval95; ///< mean ± t(0.975, n-1)·sd/√n; needs n >= 2
};

/// The two-sided 95% critical value of Student's t with `df` degrees of freedom (df >= 1); 1.96 past 30.
double t_critical_95(std::size_t df);

/// Mean, sample standard deviation and the 95% t-interval of the mean of `values`.
Spread spread_of(const std::vector<double>& values);

/// Krippendorff's alpha with the interval (squared difference) metric. Each unit holds the values its coders
/// gave; units with fewer than two values are not pairable and are left out. Absent when fewer than two pairable
/// values remain or when every value is the same (no expected disagreement to compare with).
std::optional<double> krippendorff_alpha_interval(const std::vector<std::vector<double>>& units);

/// The mean of |a - b| over every pair of `values`; absent with fewer than two.
std::optional<double> mean_pairwise_abs_diff(const std::vector<double>& values);

/// How far evaluators agree on one rubric item or on the whole rubric.
enum class Agreement {
    not_measurable, ///< one evaluator (however many samples): no one to agree with
    agree,          ///< within a point of each other on average, or alpha >= 0.667
    partly,         ///< within two points on average
    disagree,       ///< further apart: do not rely on the score
};

/// The verdict for `evaluators` evaluators from the statistics above.
Agreement agreement_of(std::size_t evaluators, std::optional<double> alpha, std::optional<double> mean_abs_diff);

/// The verdict in plain words: "evaluators agree", "evaluators disagree: do not rely on this score", ...
std::string to_string(Agreement agreement);

} // namespace parley::eval
