#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <sqlite3.h>

#include "support/temp_dir.hpp"

using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";

void raw_exec(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::string the_id(const std::filesystem::path& dir) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".json") {
            return e.path().stem().string();
        }
    }
    FAIL("no debate JSON in " << dir);
    return {};
}

} // namespace

TEST_CASE("a journal record changed inside a cell is refused with its key, and resume pays for nothing",
          "[app][journal][checksum]") {
    const std::string damage =
        GENERATE(std::string("UPDATE calls SET content = content || 'flipped' WHERE rowid = 3"),
                 std::string("UPDATE calls SET content = x'c328e29c' WHERE rowid = 3"),
                 std::string("UPDATE calls SET content = CAST(content AS BLOB) || x'00ff' WHERE rowid = 3"),
                 std::string("UPDATE calls SET key = 'forged' WHERE rowid = 3"));
    TempDir dir;
    const auto out = dir.path() / "out";
    auto first = run_parley({"debate", "-q", "-p", kProblem, "--seed", "5", "-o", out.string()});
    REQUIRE(first.exit_code == 0);
    const auto journal = out / "journal.sqlite";
    raw_exec(journal, "UPDATE runs SET status = 'interrupted'");
    raw_exec(journal, damage);
    auto resumed = run_parley({"resume", the_id(out), "--journal", journal.string()});
    INFO(damage << ": " << resumed.err);
    CHECK(resumed.exit_code == 2);
    CHECK(resumed.err.rfind("parley: ", 0) == 0);
    CHECK(resumed.err.find('\n') == resumed.err.size() - 1);
    CHECK_THAT(resumed.err, Catch::Contains("journal " + journal.string() + " is damaged: call record"));
    CHECK_THAT(resumed.err, Catch::Contains("fails its checksum"));
}

TEST_CASE("a journal whose calls table is missing is damage: exit 2", "[app][journal][checksum]") {
    TempDir dir;
    const auto out = dir.path() / "out";
    auto first = run_parley({"debate", "-q", "-p", kProblem, "--seed", "5", "-o", out.string()});
    REQUIRE(first.exit_code == 0);
    const auto journal = out / "journal.sqlite";
    raw_exec(journal, "UPDATE runs SET status = 'interrupted'; DROP TABLE calls");
    auto resumed = run_parley({"resume", the_id(out), "--journal", journal.string()});
    INFO(resumed.err);
    CHECK(resumed.exit_code == 2);
    CHECK(resumed.err == "parley: journal " + journal.string() +
                             " is damaged: its calls table is missing; move it aside and start a new journal (its "
                             "calls cannot be trusted)\n");
}
