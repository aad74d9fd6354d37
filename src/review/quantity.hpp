#pragma once
// The quantities a design states, with their units, as people write them: 1,000; 1k; 1.5M; 10^5; 1e5;
// "2 GB" and "2 GiB"; rates per second, minute, hour or day ("per minute", "/min", "rps", "jobs/s");
// durations (ms, s, min, h, days); counts of workers, threads, slots, partitions; growth factors ("3x").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::review {

/// What a quantity measures.
enum class QuantityKind { plain, rate, duration, count, size, factor, percent };

/// "plain", "rate", "duration", "count", "size", "factor" or "percent".
const char* to_string(QuantityKind kind);

/// Which statistic a number is: a mean, a percentile and a maximum answer different questions.
enum class Statistic { unstated, mean, median, p90, p95, p99, p999, max, min, peak };

/// "unstated", "mean", "median", "p90", "p95", "p99", "p99.9", "max", "min" or "peak".
const char* to_string(Statistic statistic);

/// True for the statistics of a distribution's tail or top (p90 and above, max, peak).
bool is_tail(Statistic statistic);

/// One number with its unit, as found in a line.
struct Quantity {
    QuantityKind kind = QuantityKind::plain;
    double number = 0;         ///< the number as written, multipliers (k, M, 10^5) applied: "1.5k/min" is 1500
    double value = 0;          ///< in base units: per second, seconds, bytes; else `number`
    double period_seconds = 0; ///< for rates: the period written (60 for "per minute"); else 0
    double precision = 0;      ///< half a unit of the last digit written, in the units of `number`
    std::string unit;          ///< the unit word as written, lower case ("workers", "gib", "per minute")
    std::size_t begin = 0;     ///< byte offsets of the quantity (number and unit) in its line
    std::size_t end = 0;
    /// The statistic the words next to it name: "mean 2 s", "2 s on average", "p99 of 3 s", "up to 20 s",
    /// "at least 2", "peak: 1,000/s"; in a range ("2–5 s", "between 2 and 5 s") the ends are min and max.
    Statistic statistic = Statistic::unstated;
    bool per_tenant = false; ///< "per tenant", "per customer", "each tenant": not a total
    /// Powers of ten, so arithmetic past the range of a double (10^1000) can still be checked: log10 of `number`,
    /// of `value` and of `precision`. When `beyond_double`, number, value and precision are HUGE_VAL and only these
    /// say how large the quantity is.
    double log10_number = 0;
    double log10_value = 0;
    double log10_precision = 0;
    bool beyond_double = false;
    /// Too large even for log10 (a 7-digit exponent, a run of over 400 digits): its size is unknown.
    bool beyond_range = false;
};

/// Every quantity in `line`, left to right, with its statistic. Numbers glued to letters ("p99", "S3", "v2") are not
/// quantities; numbers that do not fit a double (1e400) are kept with `beyond_double` set. Linear in the length of the
/// line.
std::vector<Quantity> extract_quantities(std::string_view line);

/// Sets the statistic and tenant scope of `qs`, the quantities of the lower-case `lower` (done by
/// extract_quantities; separate so the statistics can be tested on their own).
void read_statistics(std::string_view lower, std::vector<Quantity>& qs);

/// `value` written for a person: "1,667", "0.5", "3.2e+09" for very large or small values.
std::string format_number(double value);

} // namespace parley::review
