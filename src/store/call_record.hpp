#pragma once
// One finished model call as parley keeps it, wherever it is kept (the SQLite journal, or Redis for a sweep).

#include <string>

#include "llm/provider.hpp"

namespace parley::store {

/// One finished call as a call store keeps it: its answer and accounting, never the request's credentials.
struct CallRecord {
    std::string key;            ///< the call's idempotency key (llm::request_key)
    std::string run_id;         ///< the run that paid for the call
    std::string provider;       ///< the provider's label
    std::string model;          ///< the model that was asked for
    std::string response_model; ///< the model the server says answered
    std::string content;        ///< the answer, byte for byte
    llm::Usage usage;
    double latency_ms = 0;
    double time_to_first_token_ms = 0;
    int attempts = 1;        ///< tries it took, the successful one included
    std::string finished_at; ///< ISO 8601 UTC
    /// Set by the store that found it when the answer came from the shared cache (another run, maybe in another
    /// folder, paid for it); never stored.
    bool from_cache = false;
};

} // namespace parley::store
