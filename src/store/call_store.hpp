#pragma once
// Where finished calls are kept by idempotency key: the SQLite journal on one machine, or a store every worker of a
// sweep shares (Redis), so a debate taken over by another process pays for no call that already finished.

#include <optional>
#include <string_view>

#include "store/call_record.hpp"
#include "util/error.hpp"

namespace parley::store {

/// Finished calls by idempotency key. Called from many threads at once.
class CallStore {
public:
    virtual ~CallStore() = default;

    /// The call filed under `key`, or nullopt when there is none.
    [[nodiscard]] virtual Result<std::optional<CallRecord>> find_call(std::string_view key) const = 0;

    /// Files a finished call, durably once this returns. A key already filed keeps its first record: returns
    /// false then, true when this record was added.
    [[nodiscard]] virtual Result<bool> record_call(const CallRecord& record) = 0;
};

} // namespace parley::store
