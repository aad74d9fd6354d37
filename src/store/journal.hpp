#pragma once
// The journal: an SQLite file (WAL) holding every finished call under its idempotency key, the runs that made
// them and the calls that failed for good. It is what resume, replay and the cross-run cache read.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/provider.hpp"
#include "store/call_store.hpp"
#include "util/error.hpp"

namespace parley::store {

/// Where a run stands.
enum class RunStatus { running, interrupted, failed, finished };

/// The name a status is stored and shown under ("running", ...).
const char* to_string(RunStatus status);

/// A run as the journal keeps it: enough to tell whether a resume is the same run, and to restart it.
struct RunRecord {
    std::string id;
    std::string config_hash;  ///< fingerprint of the effective config; a resume with another one is refused
    std::string problem_hash; ///< fingerprint of the problem text
    RunStatus status = RunStatus::running;
    std::string created_at;                          ///< ISO 8601 UTC; set by the journal
    std::string updated_at;                          ///< ISO 8601 UTC; set by the journal
    std::vector<std::string> command_line;           ///< the arguments that resume the run
    nlohmann::json state = nlohmann::json::object(); ///< whatever the run needs to restore itself
};

/// A call that failed for good after its retries.
struct DeadLetterRecord {
    std::string key;
    std::string run_id;
    ErrorKind kind = ErrorKind::internal;
    int http_status = 0; ///< 0 when no HTTP response was involved
    std::string message; ///< already free of secrets: the journal stores it as given
    int attempts = 0;
    std::string first_attempt_at; ///< ISO 8601 UTC
    std::string last_attempt_at;  ///< ISO 8601 UTC
    /// The task queue's full record of it (lane, priority, every attempt's error); empty for letters filed before
    /// the journal kept it.
    nlohmann::json detail = nlohmann::json::object();
    std::int64_t id = 0; ///< set by the journal when it files the letter
};

/// What the calls of a journal take (what `parley cache stats` shows).
struct CallStats {
    std::int64_t calls = 0;
    std::int64_t total_tokens = 0;
    std::int64_t content_bytes = 0; ///< the bytes of the answers
    std::string oldest;             ///< finished_at of the oldest call; empty when there is none
    std::string newest;             ///< finished_at of the newest call
};

/// An open journal file. One connection behind one mutex: every member may be called from many threads.
class Journal final : public CallStore {
public:
    /// The schema this build writes; a journal with a higher version is refused rather than misread.
    static constexpr int kSchemaVersion = 2;

    /// Opens the journal at `path`, creating it and its folders when missing, runs SQLite's quick check over it and
    /// checks every call record against its checksum (a schema-1 journal is upgraded first: its calls are sealed as
    /// they stand). A file that is not a parley journal, is damaged (a table missing, a record failing its checksum),
    /// is a FIFO or device, or is of a newer schema gives one line naming it
    /// (ErrorKind::invalid_input: the user's file, exit 2); a folder or disk that cannot be used is ErrorKind::io.
    [[nodiscard]] static Result<Journal> open(const std::filesystem::path& path);

    Journal(Journal&&) noexcept;
    Journal& operator=(Journal&&) noexcept;
    ~Journal() override;

    /// The file this journal lives in.
    const std::filesystem::path& path() const;

    /// The call filed under `key`, or nullopt when there is none; a record failing its checksum is refused
    /// (ErrorKind::invalid_input, naming its key), never returned.
    [[nodiscard]] Result<std::optional<CallRecord>> find_call(std::string_view key) const override;

    /// Files a finished call, durably once this returns. A key already filed keeps its first record: returns
    /// false then, true when this record was added.
    [[nodiscard]] Result<bool> record_call(const CallRecord& record) override;

    /// How many calls `run_id` has filed; a call it was served from another run's record counts for that run.
    [[nodiscard]] Result<std::int64_t> count_calls(std::string_view run_id) const;

    /// How many calls the journal holds and what they take.
    [[nodiscard]] Result<CallStats> call_stats() const;

    /// Removes the oldest calls (by finished_at) until the answers of those left take at most `max_content_bytes`;
    /// returns how many were removed. Freed pages are reused by later calls, so the file stops growing.
    [[nodiscard]] Result<std::int64_t> evict_oldest_calls(std::int64_t max_content_bytes);

    /// Removes every call and gives the space back to the file system when no other process reads the file;
    /// returns how many were removed.
    [[nodiscard]] Result<std::int64_t> remove_all_calls();

    /// Files a new run; an id already in the journal is refused. created_at and updated_at are set to now.
    [[nodiscard]] Result<void> begin_run(const RunRecord& run);

    /// Sets a filed run's status and state, and its updated_at to now.
    [[nodiscard]] Result<void> update_run(std::string_view id, RunStatus status, const nlohmann::json& state);

    /// The run filed under `id`, or nullopt when there is none.
    [[nodiscard]] Result<std::optional<RunRecord>> find_run(std::string_view id) const;

    /// The newest run of this config and problem, or nullopt when there is none; with `unfinished_only`, the newest
    /// one that did not finish (what a resume continues).
    [[nodiscard]] Result<std::optional<RunRecord>>
    latest_run(std::string_view config_hash, std::string_view problem_hash, bool unfinished_only) const;

    /// Files a call that failed for good and returns the id it is filed under; a key may be filed again by a later
    /// attempt of the run.
    [[nodiscard]] Result<std::int64_t> record_dead_letter(const DeadLetterRecord& letter);

    /// The dead letters of `run_id`, oldest first.
    [[nodiscard]] Result<std::vector<DeadLetterRecord>> list_dead_letters(std::string_view run_id) const;

    /// Every dead letter of every run, oldest first.
    [[nodiscard]] Result<std::vector<DeadLetterRecord>> list_dead_letters() const;

    /// Removes the dead letter filed under `id` (it is being run again); false when there is none.
    [[nodiscard]] Result<bool> remove_dead_letter(std::int64_t id);

private:
    struct Impl;
    explicit Journal(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace parley::store
