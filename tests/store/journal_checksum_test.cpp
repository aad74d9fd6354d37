#include <catch2/catch.hpp>

#include <string>

#include <sqlite3.h>

#include "store/call_checksum.hpp"
#include "store/journal.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using namespace parley::store;
using parley::testing::TempDir;

namespace {

CallRecord filed_call(const std::string& key) {
    CallRecord call;
    call.key = key;
    call.run_id = "deb-1";
    call.provider = "fake";
    call.model = "m";
    call.response_model = "m-1";
    call.content = "The answer filed under " + key;
    call.usage = {10, 20, 30, false};
    call.latency_ms = 12.25;
    call.time_to_first_token_ms = 3.5;
    call.attempts = 1;
    call.finished_at = "2026-12-07T05:00:00.000Z";
    return call;
}

void raw_exec(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

// A journal holding calls k0..k2, closed.
std::filesystem::path journal_with_calls(const TempDir& dir) {
    const auto path = dir.path() / "j.sqlite";
    auto journal = Journal::open(path);
    REQUIRE(journal);
    for (const char* key : {"k0", "k1", "k2"}) {
        REQUIRE(journal->record_call(filed_call(key)).value());
    }
    return path;
}

void check_refused(const Error& error, const std::filesystem::path& path, const std::string& key) {
    INFO(error.message);
    CHECK(error.kind == ErrorKind::invalid_input);
    CHECK_THAT(error.message, Catch::Contains("journal " + path.string() + " is damaged"));
    CHECK_THAT(error.message, Catch::Contains("call record \"" + key + "\" fails its checksum"));
    CHECK(error.message.find('\n') == std::string::npos);
}

} // namespace

TEST_CASE("a call checksum covers every field, the key included", "[store][journal][checksum]") {
    const auto base = filed_call("k");
    const auto sum = call_checksum(base);
    CHECK(sum.size() == 64);
    CHECK(call_checksum(filed_call("k")) == sum);
    auto changed = base;
    changed.key = "k2";
    CHECK(call_checksum(changed) != sum);
    changed = base;
    changed.content += std::string("\0\xff", 2);
    CHECK(call_checksum(changed) != sum);
    changed = base;
    changed.usage.total_tokens = 31;
    CHECK(call_checksum(changed) != sum);
    changed = base;
    changed.latency_ms = 12.250000001;
    CHECK(call_checksum(changed) != sum);
    // Length prefixes: moving a byte from one field to the next is a different record.
    changed = base;
    changed.provider = "fak";
    changed.model = "em";
    CHECK(call_checksum(changed) != sum);
}

TEST_CASE("a call record changed inside the file is refused with its key, at open and at lookup",
          "[store][journal][checksum]") {
    TempDir dir;
    const auto path = journal_with_calls(dir);
    // Opened first: the damage below is made while the journal is in use, so only the lookup can find it.
    auto open_before = Journal::open(path);
    REQUIRE(open_before);
    const std::string damage = GENERATE(std::string("UPDATE calls SET content = content || 'x' WHERE key = 'k1'"),
                                        std::string("UPDATE calls SET content = x'c328' WHERE key = 'k1'"),
                                        std::string("UPDATE calls SET content = CAST(content AS BLOB) || x'00ff' "
                                                    "WHERE key = 'k1'"),
                                        std::string("UPDATE calls SET total_tokens = 1 WHERE key = 'k1'"),
                                        std::string("UPDATE calls SET response_model = 'other' WHERE key = 'k1'"));
    INFO(damage);
    raw_exec(path, damage);
    auto found = open_before->find_call("k1");
    REQUIRE_FALSE(found);
    check_refused(found.error(), path, "k1");
    CHECK(open_before->find_call("k0").value().has_value());

    auto reopened = Journal::open(path);
    REQUIRE_FALSE(reopened);
    check_refused(reopened.error(), path, "k1");
}

TEST_CASE("a record whose key was changed is found at open, not missed and paid for again",
          "[store][journal][checksum]") {
    TempDir dir;
    const auto path = journal_with_calls(dir);
    raw_exec(path, "UPDATE calls SET key = 'k9' WHERE key = 'k2'");
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    check_refused(journal.error(), path, "k9");
}

TEST_CASE("a record with its checksum removed is refused", "[store][journal][checksum]") {
    TempDir dir;
    const auto path = journal_with_calls(dir);
    raw_exec(path, "UPDATE calls SET checksum = '' WHERE key = 'k0'");
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    check_refused(journal.error(), path, "k0");
}

TEST_CASE("a journal without its calls table is damage (bad input), not a disk failure", "[store][journal][checksum]") {
    TempDir dir;
    const auto path = journal_with_calls(dir);
    raw_exec(path, "DROP TABLE calls");
    auto journal = Journal::open(path);
    REQUIRE_FALSE(journal);
    CHECK(journal.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(journal.error().message,
               Catch::Contains("journal " + path.string() + " is damaged: its calls table is missing"));
}

TEST_CASE("a schema-1 journal is sealed as it stands, read on, and refused by the version check from then on",
          "[store][journal][checksum]") {
    TempDir dir;
    const auto path = journal_with_calls(dir);
    // Make it the journal an earlier parley wrote: no checksum column, version 1.
    raw_exec(path, "ALTER TABLE calls DROP COLUMN checksum; UPDATE meta SET value = '1'");
    {
        auto journal = Journal::open(path);
        REQUIRE(journal);
        auto found = journal->find_call("k1");
        REQUIRE(found.value());
        CHECK((*found)->content == "The answer filed under k1");
        REQUIRE(journal->record_call(filed_call("k3")).value());
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE name = 'schema_version'", -1, &query, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(query) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(query, 0))) == "2");
    sqlite3_finalize(query);
    sqlite3_close(db);
    // Damage after the upgrade is caught as in any new journal.
    raw_exec(path, "UPDATE calls SET content = 'flipped' WHERE key = 'k0'");
    auto reopened = Journal::open(path);
    REQUIRE_FALSE(reopened);
    check_refused(reopened.error(), path, "k0");
}
