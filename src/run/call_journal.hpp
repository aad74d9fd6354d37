#pragma once
// The journal as the task-queue engine's completed-result store: every finished call is filed before the debate
// sees it, and a resumed run finds it again without paying for it.

#include <memory>
#include <string>

#include "llm/provider.hpp"
#include "queue/dead_letters.hpp"
#include "queue/result_store.hpp"
#include "store/call_store.hpp"
#include "store/journal.hpp"

namespace parley::debate {

/// What a call's queue payload holds: the answer and what the journal files beside it.
struct JournaledResponse {
    llm::ChatResponse response;
    std::string provider;        ///< the provider's label
    std::string requested_model; ///< the model that was asked for
    std::string run_id;          ///< the run that paid for it
    bool cached = false;         ///< found in the shared cache rather than this run's journal
};

/// The completion the engine carries for a finished call: the answer itself, shared, never serialized.
queue::Completion completion_of(JournaledResponse response);

/// The answer a completion carries; an internal error when it carries none (the engine only carries what
/// completion_of made).
[[nodiscard]] Result<std::shared_ptr<const JournaledResponse>> response_in(const queue::Completion& completion);

/// Adapts a call store (the SQLite journal, or the one a sweep's workers share in Redis) to the engine's
/// ResultStore. Keys arrive already scoped by the caller (a run's own calls, or the shared cache), so one store
/// serves every debate of a process.
class CallJournal final : public queue::ResultStore {
public:
    /// Files into `calls`; with `read_only` nothing is filed (replay).
    CallJournal(std::shared_ptr<store::CallStore> calls, bool read_only)
        : calls_(std::move(calls)), read_only_(read_only) {}

    Result<std::optional<queue::Completion>> find(std::string_view key) override;
    Result<void> save(std::string_view key, const queue::Completion& completion) override;

private:
    std::shared_ptr<store::CallStore> calls_;
    bool read_only_;
};

/// The journal as the engine's dead-letter store: the one record of every call that failed for good, filed under
/// the run that submitted it (the task's origin), listed across runs and taken out when re-driven.
class DeadLetterJournal final : public queue::DeadLetterStore {
public:
    explicit DeadLetterJournal(std::shared_ptr<store::Journal> journal) : journal_(std::move(journal)) {}

    Result<std::uint64_t> file(const queue::DeadLetter& letter) override;
    Result<std::vector<queue::DeadLetter>> list() const override;
    Result<bool> remove(std::uint64_t id) override;

private:
    std::shared_ptr<store::Journal> journal_;
};

} // namespace parley::debate
