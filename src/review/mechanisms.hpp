#pragma once
// Broken mechanisms a senior reviewer recognises in a design that names all the right words: exactly-once from a
// check-then-act, acknowledging before processing, errors swallowed in a handler, a lease shorter than the job
// with no heartbeat, retries without a cap, a queue that never drops with no bound, one Redis or Postgres node
// promising no data loss, fan-out without idempotency. Each is reported against the concern it breaks.

#include <string>
#include <string_view>
#include <vector>

#include "review/phrase_match.hpp"

namespace parley::review {

/// One broken mechanism found in a design.
struct BrokenMechanism {
    std::string_view id;                ///< "check_then_act", "ack_before_processing", ...
    std::string_view concern;           ///< the concern it contradicts
    std::string reason;                 ///< one line: why the mechanism does not do what the design says
    std::vector<std::size_t> sentences; ///< the sentences that make the mechanism (indexes into the document)
};

/// The mechanisms of the table in mechanisms.cpp that `doc` builds, in table order.
std::vector<BrokenMechanism> find_broken_mechanisms(const Document& doc);

} // namespace parley::review
