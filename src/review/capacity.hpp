#pragma once
// The capacity math of a design: every arithmetic statement it makes ("40 × 16 = 640 slots", "100,000 jobs
// per minute (1,667 per second)"), and the relations a reviewer checks: Little's law (peak rate × job duration
// = jobs in flight, against the slots provided), the stated capacity against the peak, the stated growth
// target against peak × growth, and storage = count × size.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "review/quantity.hpp"
#include "review/text_lines.hpp"

namespace parley::review {

/// The outcome of one check.
enum class Verdict { ok, wrong, unknown };

/// "ok", "wrong" or "unknown".
const char* to_string(Verdict verdict);

/// One capacity check: what the design states, what parley computes, and whether they agree.
struct CapacityCheck {
    std::size_t line = 0;
    std::string kind;      ///< "arithmetic", "conversion", "storage", "littles_law", "capacity", "growth"
    std::string statement; ///< the quoted statement, or the relation as parley wrote it
    std::optional<double> stated;
    std::optional<double> computed;
    Verdict verdict = Verdict::unknown;
    std::string note; ///< how it was computed, or why it cannot tell
    std::string uses; ///< the statistics it used ("peak rate, mean job time"); empty for arithmetic as written
};

/// A quantity with the line it was found on.
struct LineQuantity {
    std::size_t line = 0;
    Quantity quantity;
    std::string text; ///< as written
};

/// The quantities and capacity checks of a design.
struct CapacityReview {
    std::vector<LineQuantity> quantities;
    std::vector<CapacityCheck> checks;
};

/// Extracts the quantities of `lines` and runs every check.
CapacityReview check_capacity(const std::vector<TextLine>& lines);

} // namespace parley::review
