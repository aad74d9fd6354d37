#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <sqlite3.h>
#include <sys/mount.h>

#include "support/temp_dir.hpp"

using parley::testing::ChildLimits;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";

// One line on stderr, "parley: " first: what a user sees for any bad input.
void check_one_line(const std::string& err) {
    INFO(err);
    CHECK(err.rfind("parley: ", 0) == 0);
    CHECK(err.find('\n') == err.size() - 1);
}

void raw_exec(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

// The status of the only run in a journal.
std::string run_status(const std::filesystem::path& journal) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(journal.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT status FROM runs", -1, &query, nullptr) == SQLITE_OK);
    const bool found = sqlite3_step(query) == SQLITE_ROW;
    const std::string status = found ? reinterpret_cast<const char*>(sqlite3_column_text(query, 0)) : "";
    sqlite3_finalize(query);
    sqlite3_close(db);
    return status;
}

// A tmpfs of `size` mounted for one test, when the test runs as root (else mounted() is false); unmounted at the end.
class TinyDisk {
public:
    TinyDisk(std::filesystem::path at, const std::string& size) : at_(std::move(at)) {
        std::filesystem::create_directories(at_);
        mounted_ = ::mount("tmpfs", at_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    }
    ~TinyDisk() {
        if (mounted_) {
            ::umount2(at_.c_str(), MNT_DETACH);
        }
    }
    TinyDisk(const TinyDisk&) = delete;
    TinyDisk& operator=(const TinyDisk&) = delete;

    bool mounted() const { return mounted_; }
    /// Gives the file system room again, as a user who freed space would.
    bool grow(const std::string& size) const {
        return ::mount("tmpfs", at_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
    }

private:
    std::filesystem::path at_;
    bool mounted_ = false;
};

std::string the_id(const std::filesystem::path& dir) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".json") {
            return e.path().stem().string();
        }
    }
    FAIL("no debate JSON in " << dir);
    return {};
}

// A finished offline run, interrupted on paper: its journal is what a resume reads.
std::pair<std::string, std::filesystem::path> recorded_run(const TempDir& dir) {
    const auto out = dir.path() / "out";
    auto first = run_parley({"debate", "-q", "-p", kProblem, "--seed", "5", "-o", out.string()});
    REQUIRE(first.exit_code == 0);
    const auto journal = out / "journal.sqlite";
    raw_exec(journal, "UPDATE runs SET status = 'interrupted'");
    return {the_id(out), journal};
}

} // namespace

TEST_CASE("numbers past their limits are refused by config check and flags, never wrapped", "[app][limits]") {
    TempDir dir;
    const auto rounds = dir.write("rounds.json", "{\"agents\": [{\"id\": \"a\", \"role\": \"architect\", \"model\": "
                                                 "\"m\", \"provider\": \"offline\"}],\n \"debate\": {\"rounds\": "
                                                 "2147483648}}");
    auto r = run_parley({"config", "check", rounds.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "parley: " + rounds.string() + ":2: debate.rounds: must be at most 100, got 2147483648\n");
    r = run_parley({"debate", "x", "--dry-run", "-c", rounds.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.find('-') == std::string::npos);

    const auto workers = dir.write("workers.json", "{\"agents\": [{\"id\": \"a\", \"role\": \"architect\", "
                                                   "\"model\": \"m\", \"provider\": \"offline\"}],\n\"queue\": "
                                                   "{\"workers\": 9223372036854775807}}");
    r = run_parley({"config", "check", workers.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "parley: " + workers.string() + ":2: queue.workers: must be at most 256, got 9223372036854775807\n");

    for (const auto& [flag, value] : {std::pair{"--seed", "-1"}, std::pair{"--seed", "18446744073709551616"},
                                      std::pair{"--max-tokens", "99999999999999999999999"}}) {
        r = run_parley({"debate", "x", "--offline", "--dry-run", flag, value});
        INFO(flag << " " << value << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("must be a whole number from"));
    }
}

TEST_CASE("a config nested 100,000 deep is refused at once with its line", "[app][limits]") {
    TempDir dir;
    const auto deep =
        dir.write("deep.json", "{\"agents\":\n" + std::string(100'000, '[') + std::string(100'000, ']') + "}");
    auto r = run_parley({"config", "check", deep.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "parley: " + deep.string() + ":2:64: nesting deeper than 64 levels of arrays and objects\n");
}

TEST_CASE("a resume from a run record with wrongly typed fields exits 2 with one line", "[app][resume][journal]") {
    TempDir dir;
    const auto [id, journal] = recorded_run(dir);
    for (const auto& [sql, field] :
         {std::pair{"UPDATE runs SET state = '[]'", "state is an array, expected an object"},
          std::pair{"UPDATE runs SET state = '{\"createdAt\": 5}'", "state.createdAt is a number"}}) {
        raw_exec(journal, sql);
        auto r = run_parley({"resume", id, "--journal", journal.string()});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        check_one_line(r.err);
        CHECK_THAT(r.err, Catch::Contains(journal.string()));
        CHECK_THAT(r.err, Catch::Contains("run " + id));
        CHECK_THAT(r.err, Catch::Contains(field));
    }
}

TEST_CASE("a journal with flipped bytes is refused with exit 2 under resume and replay alike", "[app][journal]") {
    TempDir dir;
    const auto [id, journal] = recorded_run(dir);
    const auto pages = std::filesystem::file_size(journal) / 4096;
    REQUIRE(pages > 4);
    {
        std::fstream file(journal, std::ios::in | std::ios::out | std::ios::binary);
        for (std::uintmax_t page = 2; page < pages; ++page) {
            file.seekp(static_cast<std::streamoff>(page * 4096 + 3));
            file.write("\xa5\x5a", 2);
        }
    }
    auto resumed = run_parley({"resume", id, "--journal", journal.string()});
    CHECK(resumed.exit_code == 2);
    check_one_line(resumed.err);
    CHECK_THAT(resumed.err, Catch::Contains("is damaged"));
    auto replayed = run_parley({"debate", "-q", "-p", kProblem, "--seed", "5", "--replay", journal.string(), "-o",
                                (dir.path() / "replay").string()});
    CHECK(replayed.exit_code == 2);
    check_one_line(replayed.err);
    CHECK_THAT(replayed.err, Catch::Contains("is damaged"));
}

TEST_CASE("a journal that cannot take a write stops the run, unfinished, with the resume command",
          "[app][journal][disk]") {
    TempDir dir;
    const auto out = dir.path() / "out";
    ChildLimits limits;
    // Room for the schema and a few calls: SQLite then meets EFBIG, as on a full disk (SIGXFSZ is ignored).
    limits.max_file_bytes = 100 * 1024;
    auto r =
        run_parley({"debate", "-q", "-p", kProblem, "--offline", "--seed", "5", "-o", out.string()}, {}, {}, limits);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("a finished call could not be kept: cannot write journal"));
    CHECK_THAT(r.err, Catch::Contains("a file-size limit reached"));
    const auto id = the_id(out);
    CHECK_THAT(r.err, Catch::Contains("resume with: parley resume " + id));

    // Marking the run failed is itself a write the full file may refuse; either way it is never "finished".
    const auto status = run_status(out / "journal.sqlite");
    CHECK((status == "failed" || status == "running"));

    auto resumed = run_parley({"resume", id, "--journal", (out / "journal.sqlite").string(), "-q"});
    INFO(resumed.err);
    CHECK(resumed.exit_code == 0);
}

TEST_CASE("a read-only output folder is found before any call is made", "[app][disk]") {
    TempDir dir;
    const auto out = dir.path() / "readonly";
    std::filesystem::create_directory(out);
    std::filesystem::permissions(out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    const auto journal = dir.path() / "journal.sqlite";
    ChildLimits limits;
    limits.honour_permissions = true;
    auto r =
        run_parley({"debate", "-q", "-p", kProblem, "--offline", "-o", out.string(), "--journal", journal.string()}, {},
                   {}, limits);
    std::filesystem::permissions(out, std::filesystem::perms::owner_all);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    check_one_line(r.err);
    CHECK(r.err == "parley: cannot write to folder " + out.string() + ": Permission denied\n");
    CHECK_FALSE(std::filesystem::exists(journal));
}

TEST_CASE("a report that cannot be written leaves the run unfinished and prints the resume command", "[app][disk]") {
    TempDir dir;
    const auto out = dir.path() / "out";
    // A folder where the report file should go: the folder check passes, the final rename cannot.
    const auto report = dir.path() / "report.md";
    std::filesystem::create_directory(report);
    auto r = run_parley(
        {"debate", "-q", "-p", kProblem, "--offline", "--seed", "5", "-o", out.string(), "--report", report.string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot replace " + report.string()));
    const auto id = the_id(out);
    CHECK_THAT(r.err, Catch::Contains("resume with: parley resume " + id));
    CHECK(run_status(out / "journal.sqlite") == "failed");
}

TEST_CASE("an output folder on a full 200 KB disk stops the run unfinished; the resume pays only for the rest",
          "[app][journal][disk]") {
    TempDir dir;
    TinyDisk disk(dir.path() / "disk", "200k");
    if (!disk.mounted()) {
        WARN("not run: mounting a tmpfs needs root");
        return;
    }
    const auto out = dir.path() / "disk" / "out";
    const auto problem = std::string(PARLEY_SOURCE_DIR) + "/examples/task-queue/problem.md";
    auto r = run_parley({"debate", "-q", "-p", problem, "--offline", "--seed", "1", "-o", out.string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("a finished call could not be kept: cannot write journal"));
    CHECK_THAT(r.err, Catch::Contains("database or disk is full"));
    CHECK_THAT(r.err, Catch::Contains("resume with: parley resume"));
    CHECK(run_status(out / "journal.sqlite") != "finished");

    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((out / "journal.sqlite").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM calls", -1, &query, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(query) == SQLITE_ROW);
    const auto kept = static_cast<std::size_t>(sqlite3_column_int64(query, 0));
    sqlite3_finalize(query);
    sqlite3_close(db);
    CHECK(kept > 0);

    REQUIRE(disk.grow("64m"));
    const auto id =
        r.err.substr(r.err.find("parley resume ") + 14, r.err.find(" --journal") - r.err.find("parley resume ") - 14);
    auto resumed = run_parley({"resume", id, "--journal", (out / "journal.sqlite").string(), "-v"});
    INFO(resumed.err);
    CHECK(resumed.exit_code == 0);
    CHECK(run_status(out / "journal.sqlite") == "finished");
    std::size_t served = 0;
    for (auto at = resumed.err.find("from the journal"); at != std::string::npos;
         at = resumed.err.find("from the journal", at + 1)) {
        ++served;
    }
    CHECK(served == kept);
}
