#pragma once
// Finished calls in Redis, shared by every worker of a sweep: a debate taken over by another worker finds the calls
// the first one finished and pays for none of them again. Only the answer and its accounting are stored, never a
// request's credentials.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "redis/connection.hpp"
#include "store/call_store.hpp"

namespace parley::sweep {

/// Where the call store keeps its keys and for how long.
struct RedisCallStoreOptions {
    std::string prefix = "parley"; ///< records live under "<prefix>:call:<idempotency key>"
    /// How long a record is kept after it is filed; nullopt keeps it until deleted (the default: a sweep may be
    /// resumed weeks later).
    std::optional<std::chrono::seconds> ttl;
};

/// A store::CallStore in Redis (one JSON string per call, filed with SET NX so the first record wins).
class RedisCallStore final : public store::CallStore {
public:
    /// Stores through `connection` (which serializes calls from many threads).
    RedisCallStore(std::shared_ptr<RedisConnection> connection, RedisCallStoreOptions options = {})
        : connection_(std::move(connection)), options_(std::move(options)) {}

    Result<std::optional<store::CallRecord>> find_call(std::string_view key) const override;
    Result<bool> record_call(const store::CallRecord& record) override;

private:
    std::string record_key(std::string_view key) const { return options_.prefix + ":call:" + std::string(key); }

    std::shared_ptr<RedisConnection> connection_;
    RedisCallStoreOptions options_;
};

} // namespace parley::sweep
