#include "store/journal.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <mutex>
#include <utility>

#include "store/call_checksum.hpp"
#include "store/sqlite_statement.hpp"
#include "util/json_document.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"
#include "util/timestamps.hpp"

namespace parley::store {

namespace {

// Another process sharing the journal (a second parley using it as a cache) holds the write lock for one
// short transaction at a time; waiting this long for it only fails when that process is stuck.
constexpr int kBusyTimeoutMs = 10'000;

// Durability. WAL with synchronous=FULL syncs the WAL file at every commit. A kill -9 loses nothing either way:
// a commit has reached the kernel before it returns, and the frames of a transaction cut short carry no commit
// mark, so the next open ignores them and a reader never sees half a record. synchronous=NORMAL would sync only at
// checkpoints, so a power cut could drop the last calls committed before it (never corrupt the file), and resume would
// pay for them again; the issue promises it will not. One fsync per finished call costs a millisecond or so against
// calls that take seconds and cost money, so FULL is the one that keeps that promise.
constexpr const char* kPragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE calls (
    key TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    response_model TEXT NOT NULL,
    content TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    total_tokens INTEGER NOT NULL,
    usage_estimated INTEGER NOT NULL,
    latency_ms REAL NOT NULL,
    time_to_first_token_ms REAL NOT NULL,
    attempts INTEGER NOT NULL,
    finished_at TEXT NOT NULL,
    checksum TEXT NOT NULL);
CREATE INDEX calls_by_run ON calls (run_id);
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    config_hash TEXT NOT NULL,
    problem_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    command_line TEXT NOT NULL,
    state TEXT NOT NULL);
CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    run_id TEXT NOT NULL,
    error_kind TEXT NOT NULL,
    http_status INTEGER NOT NULL,
    message TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    first_attempt_at TEXT NOT NULL,
    last_attempt_at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}');
CREATE INDEX dead_letters_by_run ON dead_letters (run_id);
)sql";

// Journals made before dead letters kept the queue's full record lack its column; adding it changes nothing an
// older parley reads, so the schema version stays.
constexpr const char* kAddDeadLetterDetail = "ALTER TABLE dead_letters ADD COLUMN detail TEXT NOT NULL DEFAULT '{}'";

// Schema 1 kept calls without checksums. Opening one adds the column and seals the records it holds as they stand
// (they were trusted as they stood before, and SQLite's check has just passed them), then raises the version, so an
// older parley, which would file calls without a checksum, refuses the journal from then on.
constexpr const char* kAddCallChecksum = "ALTER TABLE calls ADD COLUMN checksum TEXT NOT NULL DEFAULT ''";

// The tables every journal holds; one missing is damage, not a disk failure.
constexpr const char* kTables[] = {"meta", "calls", "runs", "dead_letters"};

constexpr const char* kDeadLetterColumns =
    "id, key, run_id, error_kind, http_status, message, attempts, first_attempt_at, last_attempt_at, detail";

constexpr const char* kCallColumns = "key, run_id, provider, model, response_model, content, prompt_tokens, "
                                     "completion_tokens, total_tokens, usage_estimated, latency_ms, "
                                     "time_to_first_token_ms, attempts, finished_at, checksum";

std::string dump_json(const nlohmann::json& value) {
    // Model text inside a run's state may hold invalid UTF-8, on which a plain dump() throws.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<RunStatus> parse_run_status(std::string_view name) {
    for (const auto status : {RunStatus::running, RunStatus::interrupted, RunStatus::failed, RunStatus::finished}) {
        if (name == to_string(status)) {
            return status;
        }
    }
    return std::nullopt;
}

// The fields of the call record in the current row of `row` (a query of kCallColumns), unchecked.
CallRecord read_call_fields(const SqliteStatement& row) {
    CallRecord record;
    record.key = row.column_text(0);
    record.run_id = row.column_text(1);
    record.provider = row.column_text(2);
    record.model = row.column_text(3);
    record.response_model = row.column_text(4);
    record.content = row.column_text(5);
    record.usage.prompt_tokens = row.column_int(6);
    record.usage.completion_tokens = row.column_int(7);
    record.usage.total_tokens = row.column_int(8);
    record.usage.estimated = row.column_int(9) != 0;
    record.latency_ms = row.column_real(10);
    record.time_to_first_token_ms = row.column_real(11);
    record.attempts = static_cast<int>(row.column_int(12));
    record.finished_at = row.column_text(13);
    return record;
}

} // namespace

const char* to_string(RunStatus status) {
    switch (status) {
    case RunStatus::running:
        return "running";
    case RunStatus::interrupted:
        return "interrupted";
    case RunStatus::failed:
        return "failed";
    case RunStatus::finished:
        return "finished";
    }
    return "running";
}

struct Journal::Impl {
    std::filesystem::path path;
    SqliteConnection db;
    // One connection serves every thread; SQLite was opened without its own locking because this one covers it.
    mutable std::mutex mutex;
    mutable SqliteStatement find_call;
    SqliteStatement insert_call;
    mutable SqliteStatement count_calls;
    SqliteStatement insert_run;
    SqliteStatement update_run;
    mutable SqliteStatement find_run;
    mutable SqliteStatement latest_run;
    SqliteStatement insert_dead_letter;
    mutable SqliteStatement list_dead_letters;
    mutable SqliteStatement list_all_dead_letters;
    SqliteStatement remove_dead_letter;

    /// "cannot DOING journal PATH: SQLite's reason", the one line a user sees. A file SQLite finds damaged or not a
    /// database is bad input (exit 2) whatever the command; a disk that cannot take a write is a failed run (exit 1).
    Error error(std::string_view doing) const {
        const int code = sqlite3_errcode(db.get());
        const bool bad_file = code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
        std::string message =
            "cannot " + std::string(doing) + " journal " + path.string() + ": " + sqlite3_errmsg(db.get());
        // SQLite says only "disk I/O error" when a write is cut short past a file-size limit (EFBIG, ulimit -f).
        if (const int system = sqlite3_system_errno(db.get()); system != 0 && code == SQLITE_IOERR) {
            message += std::string(" (") + std::strerror(system) + ")";
        } else if (sqlite3_extended_errcode(db.get()) == SQLITE_IOERR_WRITE) {
            message += " (a write failed: the disk may be full or a file-size limit reached)";
        }
        return Error{bad_file ? ErrorKind::invalid_input : ErrorKind::io, std::move(message), 0, std::nullopt};
    }

    Error damaged(const std::string& what) const {
        return Error{ErrorKind::invalid_input,
                     "journal " + path.string() + " is damaged: " + what +
                         "; move it aside and start a new journal (its calls cannot be trusted)",
                     0, std::nullopt};
    }

    /// SQLite's quick check over the whole file: pages, b-trees and records, without comparing indexes to tables.
    Result<void> quick_check() const;

    Result<void> exec(const char* sql, std::string_view doing) const {
        if (sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            return tl::make_unexpected(error(doing));
        }
        return {};
    }

    /// Steps a query once: true with a row to read, false when there are no more.
    Result<bool> next_row(SqliteStatement& query) const {
        const int rc = query.step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            return tl::make_unexpected(error("read"));
        }
        return rc == SQLITE_ROW;
    }

    /// Runs a write to its end and says how many rows it changed.
    Result<int> write(SqliteStatement& statement) const {
        if (statement.step() != SQLITE_DONE) {
            return tl::make_unexpected(error("write"));
        }
        return sqlite3_changes(db.get());
    }

    Result<void> prepare(SqliteStatement& statement, const std::string& sql) {
        if (statement.prepare(db.get(), sql) != SQLITE_OK) {
            return tl::make_unexpected(error("open"));
        }
        return {};
    }

    /// The schema version in meta, 0 for a file without tables; creates the schema in an empty file.
    Result<int> schema_version();

    /// Adds the columns a journal of an earlier build lacks, seals a schema-1 journal's calls with their checksums
    /// and raises its version; `version` is the one the file holds.
    Result<void> upgrade(int version);

    /// Whether the table `name` exists, so a missing one is named as damage.
    Result<bool> has_table(std::string_view name) const;

    /// Adds checksums to the calls of a schema-1 journal (inside upgrade()'s transaction).
    Result<void> seal_unchecked_calls();

    /// Reads every call record and checks its checksum: damage in a record whose key was flipped is found here,
    /// where a lookup by key would only miss it and pay for the call again.
    Result<void> verify_all_calls() const;

    Result<void> prepare_statements();

    /// The call record in the current row of `row` (a query of kCallColumns), refused when its checksum fails.
    Result<CallRecord> read_call(const SqliteStatement& row) const;
    Result<std::vector<DeadLetterRecord>> read_dead_letters(SqliteStatement& query) const;
};

Result<int> Journal::Impl::schema_version() {
    // IMMEDIATE takes the write lock up front, so two processes creating the same new journal cannot both do it.
    if (auto begun = exec("BEGIN IMMEDIATE", "open"); !begun) {
        return tl::make_unexpected(begun.error());
    }
    auto version = [&]() -> Result<int> {
        SqliteStatement tables;
        if (tables.prepare(db.get(), "SELECT name FROM sqlite_master WHERE type = 'table'") != SQLITE_OK) {
            return tl::make_unexpected(error("open"));
        }
        bool has_meta = false;
        bool has_tables = false;
        int rc = SQLITE_OK;
        while ((rc = tables.step()) == SQLITE_ROW) {
            has_tables = true;
            has_meta = has_meta || tables.column_text(0) == "meta";
        }
        if (rc != SQLITE_DONE) {
            return tl::make_unexpected(error("open"));
        }
        if (!has_tables) {
            if (auto created = exec(kSchema, "create"); !created) {
                return tl::make_unexpected(created.error());
            }
            const auto insert =
                "INSERT INTO meta (name, value) VALUES ('schema_version', '" + std::to_string(kSchemaVersion) + "')";
            if (auto stored = exec(insert.c_str(), "create"); !stored) {
                return tl::make_unexpected(stored.error());
            }
            return kSchemaVersion;
        }
        if (!has_meta) {
            return fail(ErrorKind::invalid_input, path.string() + " is an SQLite database but not a parley journal; "
                                                                  "give the journal a file of its own");
        }
        SqliteStatement read;
        if (read.prepare(db.get(), "SELECT value FROM meta WHERE name = 'schema_version'") != SQLITE_OK) {
            return tl::make_unexpected(error("open"));
        }
        if (read.step() != SQLITE_ROW) {
            return tl::make_unexpected(damaged("no schema version"));
        }
        const auto text = read.column_text(0);
        int number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec == std::errc{} && end == text.data() + text.size() && number > 0) {
            return number;
        }
        return tl::make_unexpected(damaged("schema version \"" + text + "\" is not a number"));
    }();
    if (!version) {
        exec("ROLLBACK", "open");
        return version;
    }
    if (auto committed = exec("COMMIT", "create"); !committed) {
        return tl::make_unexpected(committed.error());
    }
    return version;
}

Result<void> Journal::Impl::quick_check() const {
    SqliteStatement check;
    // Five problems are plenty to name the first; the check stops there instead of listing a whole ruined file.
    if (check.prepare(db.get(), "PRAGMA quick_check(5)") != SQLITE_OK) {
        return tl::make_unexpected(error("check"));
    }
    const int rc = check.step();
    if (rc != SQLITE_ROW) {
        return tl::make_unexpected(error("check"));
    }
    const auto report = check.column_text(0);
    if (report == "ok") {
        return {};
    }
    // The report may open with a "*** in database main ***" line; the first problem after it is the one to name.
    std::string_view first = report;
    while (first.starts_with("***") && first.find('\n') != std::string_view::npos) {
        first.remove_prefix(first.find('\n') + 1);
    }
    first = first.substr(0, first.find('\n'));
    return tl::make_unexpected(damaged("SQLite's integrity check failed (" + util::quote_value(first, 120) + ")"));
}

Result<bool> Journal::Impl::has_table(std::string_view name) const {
    SqliteStatement query;
    if (query.prepare(db.get(), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1") != SQLITE_OK) {
        return tl::make_unexpected(error("open"));
    }
    query.bind_text(1, name);
    const int rc = query.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return tl::make_unexpected(error("open"));
    }
    return rc == SQLITE_ROW;
}

Result<void> Journal::Impl::seal_unchecked_calls() {
    if (auto added = exec(kAddCallChecksum, "upgrade"); !added) {
        return added;
    }
    SqliteStatement rows;
    SqliteStatement seal;
    if (rows.prepare(db.get(), "SELECT " + std::string(kCallColumns) + " FROM calls") != SQLITE_OK ||
        seal.prepare(db.get(), "UPDATE calls SET checksum = ?2 WHERE key = ?1") != SQLITE_OK) {
        return tl::make_unexpected(error("upgrade"));
    }
    int rc = SQLITE_OK;
    while ((rc = rows.step()) == SQLITE_ROW) {
        CallRecord record = read_call_fields(rows);
        seal.bind_text(1, record.key);
        seal.bind_text(2, call_checksum(record));
        if (seal.step() != SQLITE_DONE) {
            return tl::make_unexpected(error("upgrade"));
        }
        seal.reset();
    }
    if (rc != SQLITE_DONE) {
        return tl::make_unexpected(error("upgrade"));
    }
    return exec("UPDATE meta SET value = '2' WHERE name = 'schema_version'", "upgrade");
}

Result<void> Journal::Impl::upgrade(int version) {
    // IMMEDIATE, so two processes opening an old journal at once do not both upgrade it.
    if (auto begun = exec("BEGIN IMMEDIATE", "upgrade"); !begun) {
        return begun;
    }
    auto upgraded = [&]() -> Result<void> {
        for (const char* table : kTables) {
            auto found = has_table(table);
            if (!found) {
                return tl::make_unexpected(found.error());
            }
            if (!*found) {
                return tl::make_unexpected(damaged(std::string("its ") + table + " table is missing"));
            }
        }
        SqliteStatement columns;
        if (columns.prepare(db.get(), "SELECT name FROM pragma_table_info('dead_letters')") != SQLITE_OK) {
            return tl::make_unexpected(error("upgrade"));
        }
        bool has_detail = false;
        int rc = SQLITE_OK;
        while ((rc = columns.step()) == SQLITE_ROW) {
            has_detail = has_detail || columns.column_text(0) == "detail";
        }
        if (rc != SQLITE_DONE) {
            return tl::make_unexpected(error("upgrade"));
        }
        if (!has_detail) {
            if (auto added = exec(kAddDeadLetterDetail, "upgrade"); !added) {
                return added;
            }
        }
        // Another process may have upgraded the file since its version was read: read it again under the lock.
        SqliteStatement current;
        if (current.prepare(db.get(), "SELECT value FROM meta WHERE name = 'schema_version'") != SQLITE_OK ||
            current.step() != SQLITE_ROW) {
            return tl::make_unexpected(error("upgrade"));
        }
        return version == 1 && current.column_text(0) == "1" ? seal_unchecked_calls() : Result<void>{};
    }();
    if (!upgraded) {
        exec("ROLLBACK", "upgrade");
        return upgraded;
    }
    return exec("COMMIT", "upgrade");
}

Result<void> Journal::Impl::prepare_statements() {
    const std::string dead_letter_columns = kDeadLetterColumns;
    const std::string call_columns = kCallColumns;
    for (auto [statement, sql] : std::initializer_list<std::pair<SqliteStatement*, std::string>>{
             {&find_call, "SELECT " + call_columns + " FROM calls WHERE key = ?1"},
             {&insert_call, "INSERT INTO calls (" + call_columns +
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
                                "ON CONFLICT (key) DO NOTHING"},
             {&count_calls, "SELECT count(*) FROM calls WHERE run_id = ?1"},
             {&insert_run, "INSERT INTO runs (id, config_hash, problem_hash, status, created_at, updated_at, "
                           "command_line, state) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING"},
             {&update_run, "UPDATE runs SET status = ?2, state = ?3, updated_at = ?4 WHERE id = ?1"},
             {&find_run, "SELECT id, config_hash, problem_hash, status, created_at, updated_at, command_line, state "
                         "FROM runs WHERE id = ?1"},
             {&latest_run, "SELECT id FROM runs WHERE config_hash = ?1 AND problem_hash = ?2 "
                           "AND (?3 = 0 OR status <> 'finished') ORDER BY created_at DESC, rowid DESC LIMIT 1"},
             {&insert_dead_letter, "INSERT INTO dead_letters (key, run_id, error_kind, http_status, message, "
                                   "attempts, first_attempt_at, last_attempt_at, detail) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
             {&list_dead_letters, "SELECT " + dead_letter_columns + " FROM dead_letters WHERE run_id = ?1 ORDER BY id"},
             {&list_all_dead_letters, "SELECT " + dead_letter_columns + " FROM dead_letters ORDER BY id"},
             {&remove_dead_letter, "DELETE FROM dead_letters WHERE id = ?1"},
         }) {
        if (auto prepared = prepare(*statement, sql); !prepared) {
            return prepared;
        }
    }
    return {};
}

Result<CallRecord> Journal::Impl::read_call(const SqliteStatement& row) const {
    CallRecord record = read_call_fields(row);
    // Column 14 is the checksum filed with the record; anything changed in it since does not match.
    if (row.column_text(14) != call_checksum(record)) {
        return tl::make_unexpected(damaged("call record " + util::quote_value(record.key, 80) +
                                           " fails its checksum (it was changed after it was filed)"));
    }
    return record;
}

Result<void> Journal::Impl::verify_all_calls() const {
    SqliteStatement rows;
    if (rows.prepare(db.get(), "SELECT " + std::string(kCallColumns) + " FROM calls") != SQLITE_OK) {
        return tl::make_unexpected(error("check"));
    }
    int rc = SQLITE_OK;
    while ((rc = rows.step()) == SQLITE_ROW) {
        if (auto record = read_call(rows); !record) {
            return tl::make_unexpected(record.error());
        }
    }
    if (rc != SQLITE_DONE) {
        return tl::make_unexpected(error("check"));
    }
    return {};
}

Result<Journal> Journal::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    // SQLite would block reading a FIFO with no writer, and a device is nobody's journal.
    if (auto kind = util::check_output_path(path); !kind) {
        return fail(ErrorKind::invalid_input, "journal: " + kind.error().message);
    }
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            return fail(ErrorKind::io, "cannot create folder " + path.parent_path().string() + " for journal " +
                                           path.string() + ": " + ec.message());
        }
    }
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    // SQLite hands back a connection even when opening fails; it carries the reason and must still be closed.
    impl->db.reset(db);
    if (rc != SQLITE_OK) {
        return tl::make_unexpected(impl->error("open"));
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // The first statement reads the file header: a file that is not SQLite fails here, not later.
    if (auto set = impl->exec(kPragmas, "open"); !set) {
        return tl::make_unexpected(set.error());
    }
    // A damaged file read on would serve some calls and miss others, and a missed call is paid for again.
    if (auto checked = impl->quick_check(); !checked) {
        return tl::make_unexpected(checked.error());
    }
    auto version = impl->schema_version();
    if (!version) {
        return tl::make_unexpected(version.error());
    }
    if (*version > kSchemaVersion) {
        return fail(ErrorKind::invalid_input, "journal " + path.string() + " has schema version " +
                                                  std::to_string(*version) + ", newer than this parley understands (" +
                                                  std::to_string(kSchemaVersion) +
                                                  "); use a newer parley or another journal");
    }
    if (auto upgraded = impl->upgrade(*version); !upgraded) {
        return tl::make_unexpected(upgraded.error());
    }
    if (auto verified = impl->verify_all_calls(); !verified) {
        return tl::make_unexpected(verified.error());
    }
    if (auto prepared = impl->prepare_statements(); !prepared) {
        return tl::make_unexpected(prepared.error());
    }
    return Journal(std::move(impl));
}

Journal::Journal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Journal::Journal(Journal&&) noexcept = default;
Journal& Journal::operator=(Journal&&) noexcept = default;
Journal::~Journal() = default;

const std::filesystem::path& Journal::path() const {
    return impl_->path;
}

Result<std::optional<CallRecord>> Journal::find_call(std::string_view key) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse query(impl_->find_call);
    query->bind_text(1, key);
    auto row = impl_->next_row(*query);
    if (!row) {
        return tl::make_unexpected(row.error());
    }
    if (!*row) {
        return std::optional<CallRecord>();
    }
    return impl_->read_call(*query).map([](CallRecord record) { return std::optional<CallRecord>(std::move(record)); });
}

Result<bool> Journal::record_call(const CallRecord& record) {
    std::lock_guard lock(impl_->mutex);
    StatementUse insert(impl_->insert_call);
    insert->bind_text(1, record.key);
    insert->bind_text(2, record.run_id);
    insert->bind_text(3, record.provider);
    insert->bind_text(4, record.model);
    insert->bind_text(5, record.response_model);
    insert->bind_text(6, record.content);
    insert->bind_int(7, record.usage.prompt_tokens);
    insert->bind_int(8, record.usage.completion_tokens);
    insert->bind_int(9, record.usage.total_tokens);
    insert->bind_int(10, record.usage.estimated ? 1 : 0);
    insert->bind_real(11, record.latency_ms);
    insert->bind_real(12, record.time_to_first_token_ms);
    insert->bind_int(13, record.attempts);
    insert->bind_text(14, record.finished_at);
    insert->bind_text(15, call_checksum(record));
    return impl_->write(*insert).map([](int changed) { return changed > 0; });
}

Result<std::int64_t> Journal::count_calls(std::string_view run_id) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse query(impl_->count_calls);
    query->bind_text(1, run_id);
    auto row = impl_->next_row(*query);
    if (!row) {
        return tl::make_unexpected(row.error());
    }
    return *row ? query->column_int(0) : 0;
}

Result<CallStats> Journal::call_stats() const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement query;
    if (auto prepared = impl_->prepare(query, "SELECT COUNT(*), COALESCE(SUM(total_tokens), 0), "
                                              "COALESCE(SUM(LENGTH(CAST(content AS BLOB))), 0), "
                                              "COALESCE(MIN(finished_at), ''), COALESCE(MAX(finished_at), '') "
                                              "FROM calls");
        !prepared) {
        return tl::make_unexpected(prepared.error());
    }
    auto row = impl_->next_row(query);
    if (!row) {
        return tl::make_unexpected(row.error());
    }
    CallStats stats;
    if (*row) {
        stats.calls = query.column_int(0);
        stats.total_tokens = query.column_int(1);
        stats.content_bytes = query.column_int(2);
        stats.oldest = query.column_text(3);
        stats.newest = query.column_text(4);
    }
    return stats;
}

Result<std::int64_t> Journal::evict_oldest_calls(std::int64_t max_content_bytes) {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement remove;
    // Newest first, the running total of answer bytes: every call past the limit goes, the oldest among them first.
    if (auto prepared = impl_->prepare(remove, "DELETE FROM calls WHERE key IN (SELECT key FROM ("
                                               "SELECT key, SUM(LENGTH(CAST(content AS BLOB))) OVER "
                                               "(ORDER BY finished_at DESC, key ROWS UNBOUNDED PRECEDING) AS kept "
                                               "FROM calls) WHERE kept > ?1)");
        !prepared) {
        return tl::make_unexpected(prepared.error());
    }
    remove.bind_int(1, max_content_bytes);
    return impl_->write(remove).map([](int changed) { return static_cast<std::int64_t>(changed); });
}

Result<std::int64_t> Journal::remove_all_calls() {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement remove;
    if (auto prepared = impl_->prepare(remove, "DELETE FROM calls"); !prepared) {
        return tl::make_unexpected(prepared.error());
    }
    auto removed = impl_->write(remove);
    if (!removed) {
        return tl::make_unexpected(removed.error());
    }
    // VACUUM needs the file to itself; another process reading it only means the space is given back later.
    (void)impl_->exec("VACUUM", "compact");
    return static_cast<std::int64_t>(*removed);
}

Result<void> Journal::begin_run(const RunRecord& run) {
    const auto now = util::now_iso8601();
    const auto command_line = dump_json(run.command_line);
    const auto state = dump_json(run.state);
    std::lock_guard lock(impl_->mutex);
    StatementUse insert(impl_->insert_run);
    insert->bind_text(1, run.id);
    insert->bind_text(2, run.config_hash);
    insert->bind_text(3, run.problem_hash);
    insert->bind_text(4, to_string(run.status));
    insert->bind_text(5, now);
    insert->bind_text(6, command_line);
    insert->bind_text(7, state);
    auto changed = impl_->write(*insert);
    if (!changed) {
        return tl::make_unexpected(changed.error());
    }
    if (*changed == 0) {
        return fail(ErrorKind::invalid_input, "journal " + impl_->path.string() + " already holds a run " + run.id +
                                                  "; resume it or start a run with a new id");
    }
    return {};
}

Result<void> Journal::update_run(std::string_view id, RunStatus status, const nlohmann::json& state) {
    const auto now = util::now_iso8601();
    const auto state_text = dump_json(state);
    std::lock_guard lock(impl_->mutex);
    StatementUse update(impl_->update_run);
    update->bind_text(1, id);
    update->bind_text(2, to_string(status));
    update->bind_text(3, state_text);
    update->bind_text(4, now);
    auto changed = impl_->write(*update);
    if (!changed) {
        return tl::make_unexpected(changed.error());
    }
    if (*changed == 0) {
        return fail(ErrorKind::internal,
                    "journal " + impl_->path.string() + " holds no run " + std::string(id) + " to update");
    }
    return {};
}

Result<std::optional<RunRecord>> Journal::find_run(std::string_view id) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse query(impl_->find_run);
    query->bind_text(1, id);
    auto row = impl_->next_row(*query);
    if (!row) {
        return tl::make_unexpected(row.error());
    }
    if (!*row) {
        return std::optional<RunRecord>();
    }
    RunRecord run;
    run.id = query->column_text(0);
    run.config_hash = query->column_text(1);
    run.problem_hash = query->column_text(2);
    const auto status = parse_run_status(query->column_text(3));
    run.created_at = query->column_text(4);
    run.updated_at = query->column_text(5);
    auto command_line = util::parse_json_bounded(query->column_text(6));
    auto state = util::parse_json_bounded(query->column_text(7));
    if (!status) {
        return tl::make_unexpected(
            impl_->damaged("run " + run.id + ": status " + util::quote_value(query->column_text(3)) + " is unknown"));
    }
    if (!command_line.is_array() ||
        !std::all_of(command_line.begin(), command_line.end(), [](const auto& a) { return a.is_string(); })) {
        return tl::make_unexpected(impl_->damaged("run " + run.id + ": command_line is not a list of arguments"));
    }
    if (!state.is_object()) {
        return tl::make_unexpected(impl_->damaged(
            "run " + run.id + ": state is " +
            (state.is_discarded() ? std::string("not JSON") : util::json_type_name(state)) + ", expected an object"));
    }
    run.status = *status;
    run.command_line = command_line.get<std::vector<std::string>>();
    run.state = std::move(state);
    return std::optional<RunRecord>(std::move(run));
}

Result<std::optional<RunRecord>> Journal::latest_run(std::string_view config_hash, std::string_view problem_hash,
                                                     bool unfinished_only) const {
    std::string id;
    {
        std::lock_guard lock(impl_->mutex);
        StatementUse query(impl_->latest_run);
        query->bind_text(1, config_hash);
        query->bind_text(2, problem_hash);
        query->bind_int(3, unfinished_only ? 1 : 0);
        auto row = impl_->next_row(*query);
        if (!row) {
            return tl::make_unexpected(row.error());
        }
        if (!*row) {
            return std::optional<RunRecord>();
        }
        id = query->column_text(0);
    }
    return find_run(id);
}

Result<std::int64_t> Journal::record_dead_letter(const DeadLetterRecord& letter) {
    std::lock_guard lock(impl_->mutex);
    StatementUse insert(impl_->insert_dead_letter);
    insert->bind_text(1, letter.key);
    insert->bind_text(2, letter.run_id);
    insert->bind_text(3, to_string(letter.kind));
    insert->bind_int(4, letter.http_status);
    insert->bind_text(5, letter.message);
    insert->bind_int(6, letter.attempts);
    insert->bind_text(7, letter.first_attempt_at);
    insert->bind_text(8, letter.last_attempt_at);
    insert->bind_text(9, dump_json(letter.detail));
    if (auto written = impl_->write(*insert); !written) {
        return tl::make_unexpected(written.error());
    }
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(impl_->db.get()));
}

Result<std::vector<DeadLetterRecord>> Journal::list_dead_letters(std::string_view run_id) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse query(impl_->list_dead_letters);
    query->bind_text(1, run_id);
    return impl_->read_dead_letters(*query);
}

Result<std::vector<DeadLetterRecord>> Journal::list_dead_letters() const {
    std::lock_guard lock(impl_->mutex);
    StatementUse query(impl_->list_all_dead_letters);
    return impl_->read_dead_letters(*query);
}

Result<bool> Journal::remove_dead_letter(std::int64_t id) {
    std::lock_guard lock(impl_->mutex);
    StatementUse remove(impl_->remove_dead_letter);
    remove->bind_int(1, id);
    return impl_->write(*remove).map([](int changed) { return changed > 0; });
}

Result<std::vector<DeadLetterRecord>> Journal::Impl::read_dead_letters(SqliteStatement& query) const {
    std::vector<DeadLetterRecord> letters;
    for (;;) {
        auto row = next_row(query);
        if (!row) {
            return tl::make_unexpected(row.error());
        }
        if (!*row) {
            return letters;
        }
        DeadLetterRecord letter;
        letter.id = query.column_int(0);
        letter.key = query.column_text(1);
        letter.run_id = query.column_text(2);
        const auto kind = parse_error_kind(query.column_text(3));
        if (!kind) {
            return tl::make_unexpected(damaged("a dead letter of run " + letter.run_id + " has an unknown kind"));
        }
        letter.kind = *kind;
        letter.http_status = static_cast<int>(query.column_int(4));
        letter.message = query.column_text(5);
        letter.attempts = static_cast<int>(query.column_int(6));
        letter.first_attempt_at = query.column_text(7);
        letter.last_attempt_at = query.column_text(8);
        letter.detail = util::parse_json_bounded(query.column_text(9));
        if (!letter.detail.is_object()) {
            return tl::make_unexpected(damaged("a dead letter of run " + letter.run_id + " has unreadable detail"));
        }
        letters.push_back(std::move(letter));
    }
}

} // namespace parley::store
