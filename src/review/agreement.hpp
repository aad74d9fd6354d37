#pragma once
// Agreement between the review and a person's labels, per concern status: Cohen's kappa over all four statuses
// and for each status against the rest, and the rates a reader of a review cares about.

#include <array>
#include <cstddef>
#include <string>

#include "review/checklist.hpp"

namespace parley::review {

/// Counts of (label, review) pairs, indexed by ConcernStatus.
struct Agreement {
    std::array<std::array<std::size_t, 4>, 4> counts{}; ///< counts[label][review]

    /// Adds one labelled concern.
    void add(ConcernStatus label, ConcernStatus review);
    /// How many pairs were added.
    std::size_t total() const;
    /// Cohen's kappa over the four statuses; 0 when there is nothing to agree on.
    double kappa() const;
    /// Cohen's kappa of "`status` or not".
    double kappa_of(ConcernStatus status) const;
    /// Of the concerns the labels say are stated (covered or partial), the share the review finds stated.
    double stated_rate() const;
    /// Of the concerns the labels flag (partial, absent or contradicted), the share the review flags.
    double detection_rate() const;
    /// Of the concerns the labels say are covered, the share the review flags.
    double false_alarm_rate() const;
};

/// The status named `name` ("covered", "partial", "absent", "contradicted"); false for any other name.
bool parse_status(const std::string& name, ConcernStatus& out);

} // namespace parley::review
