#pragma once
// Where finished task results outlive the process: the engine asks it before running a keyed task.

#include <optional>
#include <string_view>

#include "queue/task.hpp"
#include "util/error.hpp"

namespace parley::queue {

/// Finished results by idempotency key; the journal implements it. Called from many threads at once.
class ResultStore {
public:
    virtual ~ResultStore() = default;

    /// The result stored under `key`, nullopt when there is none.
    [[nodiscard]] virtual Result<std::optional<Completion>> find(std::string_view key) = 0;
    /// Keeps a successful result under `key`; the engine calls it before handing the result to any caller.
    [[nodiscard]] virtual Result<void> save(std::string_view key, const Completion& completion) = 0;
};

} // namespace parley::queue
