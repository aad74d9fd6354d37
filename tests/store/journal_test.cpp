#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "store/journal.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using namespace parley::store;
using parley::testing::TempDir;

namespace {

CallRecord sample_call(const std::string& key, const std::string& run_id = "deb-1") {
    CallRecord call;
    call.key = key;
    call.run_id = run_id;
    call.provider = "openai (https://api.openai.com/v1)";
    call.model = "gpt-4o";
    call.response_model = "gpt-4o-2024-08-06";
    call.content = "An answer for " + key;
    call.usage = {120, 45, 165, true};
    call.latency_ms = 812.5;
    call.time_to_first_token_ms = 140.25;
    call.attempts = 3;
    call.finished_at = "2026-11-24T10:00:00.000Z";
    return call;
}

void check_same(const CallRecord& a, const CallRecord& b) {
    CHECK(a.key == b.key);
    CHECK(a.run_id == b.run_id);
    CHECK(a.provider == b.provider);
    CHECK(a.model == b.model);
    CHECK(a.response_model == b.response_model);
    CHECK(a.content == b.content);
    CHECK(a.usage.prompt_tokens == b.usage.prompt_tokens);
    CHECK(a.usage.completion_tokens == b.usage.completion_tokens);
    CHECK(a.usage.total_tokens == b.usage.total_tokens);
    CHECK(a.usage.estimated == b.usage.estimated);
    CHECK(a.latency_ms == b.latency_ms);
    CHECK(a.time_to_first_token_ms == b.time_to_first_token_ms);
    CHECK(a.attempts == b.attempts);
    CHECK(a.finished_at == b.finished_at);
}

// Runs SQL on the file behind the journal's back, as another program or a newer parley would.
void raw_exec(const std::filesystem::path& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

} // namespace

TEST_CASE("a recorded call is found again by its key, byte for byte, after reopening", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "runs" / "nested" / "journal.sqlite";
    auto call = sample_call("k1");
    const char raw[] = "NUL \0 inside, invalid UTF-8 \xff\xfe, and \xc3\xa9";
    call.content = std::string(raw, sizeof raw - 1);
    {
        auto journal = Journal::open(path);
        REQUIRE(journal);
        REQUIRE(journal->record_call(call).value());
    }
    auto journal = Journal::open(path);
    REQUIRE(journal);
    auto found = journal->find_call("k1");
    REQUIRE(found);
    REQUIRE(found->has_value());
    check_same(**found, call);
}

TEST_CASE("a key that was never recorded is a miss, not an error", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    auto found = journal->find_call("nope");
    REQUIRE(found);
    CHECK_FALSE(found->has_value());
}

TEST_CASE("recording a key a second time keeps the first record", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    auto first = sample_call("k");
    auto second = sample_call("k", "deb-2");
    second.content = "a later, different answer";
    CHECK(journal->record_call(first).value());
    CHECK_FALSE(journal->record_call(second).value());
    check_same(*journal->find_call("k").value(), first);
    CHECK(journal->count_calls("deb-1").value() == 1);
    CHECK(journal->count_calls("deb-2").value() == 0);
}

TEST_CASE("count_calls counts only the calls of the given run", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    for (int i = 0; i < 5; ++i) {
        REQUIRE(journal->record_call(sample_call("a" + std::to_string(i), "run-a")));
    }
    REQUIRE(journal->record_call(sample_call("b0", "run-b")));
    CHECK(journal->count_calls("run-a").value() == 5);
    CHECK(journal->count_calls("run-b").value() == 1);
    CHECK(journal->count_calls("run-c").value() == 0);
}

TEST_CASE("a run is begun, updated and read back with its resume command and state", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "j.sqlite";
    RunRecord run;
    run.id = "deb-20261124-100000-abc";
    run.config_hash = "cfg";
    run.problem_hash = "prb";
    run.command_line = {"parley", "debate", "-p", "problem with spaces.md", "--rounds", "2"};
    run.state = {{"round", 1}, {"text", "invalid \xff byte"}};
    {
        auto journal = Journal::open(path);
        REQUIRE(journal);
        REQUIRE(journal->begin_run(run));
        REQUIRE(journal->update_run(run.id, RunStatus::interrupted, {{"round", 2}}));
    }
    auto journal = Journal::open(path);
    REQUIRE(journal);
    auto found = journal->find_run(run.id);
    REQUIRE(found);
    REQUIRE(found->has_value());
    const auto& back = **found;
    CHECK(back.id == run.id);
    CHECK(back.config_hash == "cfg");
    CHECK(back.problem_hash == "prb");
    CHECK(back.status == RunStatus::interrupted);
    CHECK(back.command_line == run.command_line);
    CHECK(back.state == nlohmann::json{{"round", 2}});
    CHECK(back.created_at.size() == 24);
    CHECK(back.updated_at >= back.created_at);
    CHECK_FALSE(journal->find_run("other").value().has_value());
}

TEST_CASE("a run id already in the journal cannot be begun again", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    RunRecord run;
    run.id = "deb-1";
    REQUIRE(journal->begin_run(run));
    auto again = journal->begin_run(run);
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("already holds a run deb-1"));
}

TEST_CASE("updating a run the journal does not hold is an error", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    auto updated = journal->update_run("ghost", RunStatus::failed, nlohmann::json::object());
    REQUIRE_FALSE(updated);
    CHECK_THAT(updated.error().message, Catch::Contains("no run ghost"));
}

TEST_CASE("dead letters are listed per run, oldest first, with every field", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    DeadLetterRecord first{"k1",
                           "run-a",
                           ErrorKind::auth,
                           401,
                           "invalid credentials",
                           1,
                           "2026-11-24T10:00:00.000Z",
                           "2026-11-24T10:00:00.000Z"};
    DeadLetterRecord other{"k2", "run-b", ErrorKind::transient, 503, "overloaded", 5, "a", "b"};
    DeadLetterRecord second{"k1",
                            "run-a",
                            ErrorKind::transient,
                            0,
                            "connection reset",
                            4,
                            "2026-11-24T10:01:00.000Z",
                            "2026-11-24T10:02:00.000Z"};
    for (const auto& letter : {first, other, second}) {
        REQUIRE(journal->record_dead_letter(letter));
    }
    auto letters = journal->list_dead_letters("run-a");
    REQUIRE(letters);
    REQUIRE(letters->size() == 2);
    const auto& got = (*letters)[1];
    CHECK((*letters)[0].kind == ErrorKind::auth);
    CHECK((*letters)[0].http_status == 401);
    CHECK(got.key == "k1");
    CHECK(got.run_id == "run-a");
    CHECK(got.kind == ErrorKind::transient);
    CHECK(got.http_status == 0);
    CHECK(got.message == "connection reset");
    CHECK(got.attempts == 4);
    CHECK(got.first_attempt_at == "2026-11-24T10:01:00.000Z");
    CHECK(got.last_attempt_at == "2026-11-24T10:02:00.000Z");
    CHECK(journal->list_dead_letters("run-c").value().empty());
}

TEST_CASE("a journal written before dead letters kept their detail is upgraded and still read", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "old.sqlite";
    {
        // The schema version 1 journals were created with before the detail column, and one letter in it.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const char* old = R"sql(
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE calls (key TEXT PRIMARY KEY, run_id TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
    response_model TEXT NOT NULL, content TEXT NOT NULL, prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL, usage_estimated INTEGER NOT NULL,
    latency_ms REAL NOT NULL, time_to_first_token_ms REAL NOT NULL, attempts INTEGER NOT NULL,
    finished_at TEXT NOT NULL);
CREATE TABLE runs (id TEXT PRIMARY KEY, config_hash TEXT NOT NULL, problem_hash TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, command_line TEXT NOT NULL, state TEXT NOT NULL);
CREATE TABLE dead_letters (id INTEGER PRIMARY KEY, key TEXT NOT NULL, run_id TEXT NOT NULL,
    error_kind TEXT NOT NULL, http_status INTEGER NOT NULL, message TEXT NOT NULL, attempts INTEGER NOT NULL,
    first_attempt_at TEXT NOT NULL, last_attempt_at TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO dead_letters (key, run_id, error_kind, http_status, message, attempts, first_attempt_at,
    last_attempt_at) VALUES ('k0', 'run-old', 'auth', 401, 'invalid credentials', 1, 'x', 'y');
)sql";
        REQUIRE(sqlite3_exec(db, old, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    for (int open = 0; open < 2; ++open) { // the second open finds the column already there
        auto journal = Journal::open(path);
        REQUIRE(journal);
        auto letters = journal->list_dead_letters("run-old");
        REQUIRE(letters);
        REQUIRE(letters->size() == static_cast<std::size_t>(open + 1));
        CHECK(letters->front().message == "invalid credentials");
        CHECK(letters->front().detail.empty());
        DeadLetterRecord newer{"k1", "run-old", ErrorKind::permanent, 400, "bad", 1, "a", "b"};
        newer.detail = {{"lane", "api"}};
        REQUIRE(journal->record_dead_letter(newer));
        CHECK(journal->list_dead_letters().value().back().detail["lane"] == "api");
    }
}

TEST_CASE("a journal is kept in WAL mode", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "j.sqlite";
    auto journal = Journal::open(path);
    REQUIRE(journal);
    REQUIRE(journal->record_call(sample_call("k")));
    CHECK(std::filesystem::exists(path.string() + "-wal"));
}

TEST_CASE("a file that is not SQLite is refused with one line naming it", "[store][journal]") {
    TempDir dir;
    const auto path = dir.write("notes.sqlite", std::string(8192, 'x'));
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    CHECK(journal.error().kind == ErrorKind::invalid_input);
    CHECK(journal.error().message == "cannot open journal " + path.string() + ": file is not a database");
    CHECK(testing::read_file(path) == std::string(8192, 'x'));
}

TEST_CASE("a folder where the journal should be is refused as bad input naming it", "[store][journal]") {
    TempDir dir;
    std::filesystem::create_directory(dir.path() / "j.sqlite");
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE_FALSE(journal);
    CHECK(journal.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(journal.error().message, Catch::Contains("it is a folder"));
    CHECK_THAT(journal.error().message, Catch::Contains((dir.path() / "j.sqlite").string()));
}

TEST_CASE("a damaged journal gives bad-input errors naming it, never a crash", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "j.sqlite";
    {
        auto journal = Journal::open(path);
        REQUIRE(journal);
        for (int i = 0; i < 40; ++i) {
            auto call = sample_call("k" + std::to_string(i));
            call.content = std::string(3000, 'c');
            REQUIRE(journal->record_call(call));
        }
    }
    const auto size = std::filesystem::file_size(path);
    REQUIRE(size > 8 * 4096);
    {
        // Everything after the first page (the schema) is overwritten: the tables' pages are garbage.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096);
        const std::string garbage(size - 4096, '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    std::vector<Error> errors;
    auto journal = Journal::open(path);
    if (!journal) {
        errors.push_back(journal.error());
    } else {
        if (auto found = journal->find_call("k3"); !found) {
            errors.push_back(found.error());
        }
        if (auto counted = journal->count_calls("deb-1"); !counted) {
            errors.push_back(counted.error());
        }
        if (auto recorded = journal->record_call(sample_call("new")); !recorded) {
            errors.push_back(recorded.error());
        }
    }
    REQUIRE_FALSE(errors.empty());
    for (const auto& error : errors) {
        CHECK(error.kind == ErrorKind::invalid_input);
        CHECK_THAT(error.message, Catch::Contains(path.string()));
        CHECK(error.message.find('\n') == std::string::npos);
    }
}

TEST_CASE("a journal of a newer schema version is refused, naming both versions", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "j.sqlite";
    REQUIRE(Journal::open(path));
    raw_exec(path, "UPDATE meta SET value = '3' WHERE name = 'schema_version'");
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    CHECK(journal.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(journal.error().message, Catch::Contains("schema version 3, newer than this parley understands (2)"));
    CHECK_THAT(journal.error().message, Catch::Contains(path.string()));
}

TEST_CASE("another program's SQLite database is not taken over as a journal", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "app.db";
    raw_exec(path, "CREATE TABLE users (name TEXT)");
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    CHECK(journal.error().message == path.string() + " is an SQLite database but not a parley journal; "
                                                     "give the journal a file of its own");
}

TEST_CASE("many threads record and find calls at once without losing one", "[store][journal]") {
    TempDir dir;
    auto journal = Journal::open(dir.path() / "j.sqlite");
    REQUIRE(journal);
    constexpr int kThreads = 8;
    constexpr int kCallsEach = 10;
    std::vector<int> misses(kThreads, 0);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kCallsEach; ++i) {
                    const auto key = std::to_string(t) + "-" + std::to_string(i);
                    // Every thread also records a key another thread records, so idempotent inserts race.
                    (void)journal->record_call(sample_call(key));
                    (void)journal->record_call(
                        sample_call(std::to_string((t + 1) % kThreads) + "-" + std::to_string(i)));
                    auto found = journal->find_call(key);
                    if (!found || !found->has_value() || (**found).key != key) {
                        ++misses[static_cast<std::size_t>(t)];
                    }
                }
            });
        }
    }
    CHECK(std::count(misses.begin(), misses.end(), 0) == kThreads);
    CHECK(journal->count_calls("deb-1").value() == kThreads * kCallsEach);
}

TEST_CASE("two journals open on one file, as two processes would be, see each other's calls", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "shared.sqlite";
    auto first = Journal::open(path);
    auto second = Journal::open(path);
    REQUIRE(first);
    REQUIRE(second);
    // Catch2 assertions are not thread-safe, so the writer counts its failures and the test checks them after.
    int first_failures = 0;
    int second_failures = 0;
    {
        std::jthread writer([&] {
            for (int i = 0; i < 20; ++i) {
                first_failures += first->record_call(sample_call("first-" + std::to_string(i))) ? 0 : 1;
            }
        });
        for (int i = 0; i < 20; ++i) {
            second_failures += second->record_call(sample_call("second-" + std::to_string(i))) ? 0 : 1;
        }
    }
    CHECK(first_failures == 0);
    CHECK(second_failures == 0);
    CHECK(first->find_call("second-19").value().has_value());
    CHECK(second->find_call("first-19").value().has_value());
    CHECK(first->count_calls("deb-1").value() == 40);
}

namespace {

// A journal of 40 calls of 3000 bytes each, closed so its WAL is folded into the main file.
std::filesystem::path filled_journal(const TempDir& dir) {
    const auto path = dir.path() / "j.sqlite";
    auto journal = Journal::open(path);
    REQUIRE(journal);
    for (int i = 0; i < 40; ++i) {
        auto call = sample_call("k" + std::to_string(i));
        call.content = std::string(3000, 'c');
        REQUIRE(journal->record_call(call));
    }
    return path;
}

} // namespace

TEST_CASE("a journal with flipped bytes is refused at open by SQLite's quick check", "[store][journal][integrity]") {
    TempDir dir;
    const auto path = filled_journal(dir);
    const auto pages = std::filesystem::file_size(path) / 4096;
    REQUIRE(pages > 8);
    {
        // A few bytes flipped in the header of every page past the schema: cell counts and pointers no longer add up,
        // while the schema page still reads, so the file opens as SQLite and looks like a journal.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        for (std::uintmax_t page = 2; page < pages; ++page) {
            file.seekg(static_cast<std::streamoff>(page * 4096 + 3));
            char bytes[2];
            file.read(bytes, 2);
            bytes[0] = static_cast<char>(bytes[0] ^ 0x5a);
            bytes[1] = static_cast<char>(bytes[1] ^ 0xa5);
            file.seekp(static_cast<std::streamoff>(page * 4096 + 3));
            file.write(bytes, 2);
        }
    }
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    CHECK(journal.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(journal.error().message, Catch::StartsWith("journal " + path.string() + " is damaged"));
    CHECK(journal.error().message.find('\n') == std::string::npos);
}

TEST_CASE("an intact journal passes the quick check at open", "[store][journal][integrity]") {
    TempDir dir;
    const auto path = filled_journal(dir);
    auto journal = Journal::open(path);
    REQUIRE(journal);
    CHECK(journal->count_calls("deb-1") == 40);
}

TEST_CASE("a run whose state is not an object is reported as damaged, not thrown", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "j.sqlite";
    {
        auto journal = Journal::open(path);
        REQUIRE(journal);
        RunRecord run;
        run.id = "deb-1";
        run.command_line = {"debate", "x"};
        REQUIRE(journal->begin_run(run));
    }
    for (const auto& [sql, what] : {std::pair{"UPDATE runs SET state = '[]'", "state is an array, expected an object"},
                                    std::pair{"UPDATE runs SET state = '{'", "state is not JSON, expected an object"},
                                    std::pair{"UPDATE runs SET state = 5", "state is a number, expected an object"},
                                    std::pair{"UPDATE runs SET command_line = '[1]'", "command_line is not a list"},
                                    std::pair{"UPDATE runs SET status = 'gone'", "status \"gone\" is unknown"}}) {
        raw_exec(path, "UPDATE runs SET state = '{}', command_line = '[\"debate\"]', status = 'running'");
        raw_exec(path, sql);
        auto journal = Journal::open(path);
        REQUIRE(journal);
        auto run = journal->find_run("deb-1");
        REQUIRE_FALSE(run);
        CHECK(run.error().kind == ErrorKind::invalid_input);
        CHECK_THAT(run.error().message,
                   Catch::Contains("journal " + path.string() + " is damaged: run deb-1: " + what));
    }
}
