#pragma once
// Reads a problem statement the way a careful engineer would on first pass: what it requires, which numbers
// it commits to, what it leaves open, and which words it keeps coming back to.

#include <string>
#include <string_view>
#include <vector>

namespace parley::offline {

/// A number quoted by the problem with its unit ("100,000 jobs per minute", "500 ms").
struct Quantity {
    std::string text;     ///< as written, number and unit
    double value = 0;     ///< the number, with k/M suffixes and thousands separators resolved
    std::string unit;     ///< the unit words after the number, lowercase ("jobs per minute", "ms")
    std::string lead;     ///< up to 60 bytes before the number on its line, lowercase ("with a median of about ")
    std::string sentence; ///< the whole sentence the number is in, lowercase, at most ~400 bytes
    bool money = false;   ///< written after a currency sign ("$8,000"): an amount, never a rate or a target
    std::string section;  ///< the heading the number is under, lowercase; empty before the first heading
    std::string column;   ///< in a Markdown table: the header of the number's column, lowercase; else empty
};

/// What a figure is to the design: a target it must meet or carry, a description of its environment, or neither.
enum class Stance {
    target,   ///< stated as a requirement ("must", "within", "at most", a requirements heading or target column)
    context,  ///< describes other systems, today's state, the team or money ("endpoints are slow", "our team has")
    unstated, ///< neither: a figure the problem mentions without saying what it is
};

/// How the problem states `quantity`: money is context; then a table column (Today / Target) decides; then the
/// sentence (an environment phrase before a requirement phrase, then a bound written before a duration: "under
/// 300 ms"); then the heading it is under. A rate no phrase
/// places is a target (the load the design carries); any other such figure is unstated.
Stance stance_of(const Quantity& quantity);

/// What the offline provider knows about a problem statement.
struct ProblemFacts {
    std::string title;                       ///< the first heading, else the first sentence, shortened
    std::vector<std::string> requirements;   ///< list items and must/should/need sentences, in order
    std::vector<Quantity> quantities;        ///< quoted numbers with units, in order, without repeats
    std::vector<std::string> open_questions; ///< questions the problem itself asks
    std::vector<std::string> key_terms;      ///< the most frequent content words
    std::string lower;                       ///< the whole text in lowercase, for keyword tests
};

/// Extracts the facts of a problem statement; any text, even empty or not UTF-8, gives a valid result.
ProblemFacts analyze_problem(std::string_view text);

/// `text` in ASCII lowercase.
std::string to_lower(std::string_view text);

/// True when `lower_text` contains any of `needles` (which must be lowercase).
bool contains_any(std::string_view lower_text, const std::vector<std::string_view>& needles);

/// `text` shortened to about `max_chars` on a word boundary, with an ellipsis when cut.
std::string shorten(std::string_view text, std::size_t max_chars);

/// A quantity's unit says it is a rate per unit of time; returns how many seconds that unit spans (0 if not).
double rate_period_seconds(const Quantity& quantity);

/// A quantity's unit says it is a duration; returns it in milliseconds (0 if not).
double duration_ms(const Quantity& quantity);

/// True when the sentence around a number gives it to another system or team ("their SLO", "not a target for
/// this pipeline", "upstream"): a figure the design reads, not one it must meet.
bool is_someone_elses(const Quantity& quantity);

/// True when the problem states this duration as a target to meet ("within 500 ms", "p99 under 2 s"): its stance is
/// target and it reads as a latency, never another system's figure or today's state.
bool is_latency_target(const Quantity& quantity);

/// True for the numbers a design commits to: rates (load) that are not context, and this design's own latency
/// targets. A design's budget comes only from these.
bool is_commitment(const Quantity& quantity);

/// True when the problem states this duration as a typical run time ("a median of 2 seconds").
bool is_typical_duration(const Quantity& quantity);

/// A few words on what a quantity is: "a rate of ≈ 1,667/s", "a latency target", "a size".
std::string describe_quantity(const Quantity& quantity);

/// A number written the way the problem writes them: thousands separators, at most one decimal.
std::string format_number(double value);

} // namespace parley::offline
