#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "store/journal.hpp"
#include "support/debate_json.hpp"
#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::without_clock;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";

std::filesystem::path the_json(const std::filesystem::path& dir) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".json") {
            return e.path();
        }
    }
    FAIL("no debate JSON in " << dir);
    return {};
}

// A resume keeps the debate's id and creation time; only what the clock measures may differ.
nlohmann::json content_of(const std::filesystem::path& file) {
    auto j = nlohmann::json::parse(read_file(file));
    const auto id = j["id"];
    const auto created = j["createdAt"];
    j = without_clock(j);
    j["id"] = id;
    j["createdAt"] = created;
    return j;
}

} // namespace

TEST_CASE("a resumed debate is served from the journal and ends identical", "[app][resume]") {
    TempDir dir;
    const auto out = (dir.path() / "out").string();
    auto first = run_parley({"debate", "-q", "-p", kProblem, "--seed", "2", "-o", out});
    REQUIRE(first.exit_code == 0);
    const auto json_path = the_json(out);
    const auto before = content_of(json_path);
    const auto id = json_path.stem().string();

    auto resumed = run_parley({"resume", id, "--journal", out + "/journal.sqlite", "-v"});
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(content_of(json_path) == before);
    const auto calls = before["parley"]["prompts"].size();
    std::size_t from_journal = 0;
    for (auto pos = resumed.err.find("from the journal"); pos != std::string::npos;
         pos = resumed.err.find("from the journal", pos + 1)) {
        ++from_journal;
    }
    CHECK(from_journal == calls);
}

TEST_CASE("a resume with another config or problem is refused", "[app][resume]") {
    TempDir dir;
    const auto out = (dir.path() / "out").string();
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "-o", out}).exit_code == 0);
    const auto id = the_json(out).stem().string();
    auto other_rounds = run_parley({"debate", "-q", "-p", kProblem, "--rounds", "1", "-o", out, "--resume", id});
    CHECK(other_rounds.exit_code == 2);
    CHECK_THAT(other_rounds.err, Catch::Contains("different config"));
    const auto other = dir.write("other.md", "Design a cache for a read-heavy API with 50 ms p99.");
    auto other_problem = run_parley({"debate", "-q", "-p", other.string(), "-o", out, "--resume", id});
    CHECK(other_problem.exit_code == 2);
    CHECK_THAT(other_problem.err, Catch::Contains("different problem"));
    auto unknown = run_parley({"resume", "deb-nope", "--journal", out + "/journal.sqlite"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("holds no run deb-nope"));
}

TEST_CASE("a replay runs from the recorded journal alone and fails clearly on a miss", "[app][replay]") {
    TempDir dir;
    const auto recorded = (dir.path() / "recorded").string();
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "--seed", "4", "-o", recorded}).exit_code == 0);
    const auto original = content_of(the_json(recorded));

    const auto replayed = (dir.path() / "replayed").string();
    auto replay = run_parley(
        {"debate", "-q", "-p", kProblem, "--seed", "4", "-o", replayed, "--replay", recorded + "/journal.sqlite"});
    INFO(replay.err);
    REQUIRE(replay.exit_code == 0);
    CHECK(content_of(the_json(replayed)) == original);

    auto miss = run_parley({"debate", "-q", "-p", kProblem, "--seed", "4", "--rounds", "1", "-o",
                            (dir.path() / "miss").string(), "--replay", recorded + "/journal.sqlite"});
    CHECK(miss.exit_code == 2);
    CHECK_THAT(miss.err, Catch::Contains("holds no recorded run of this config and problem"));
}

TEST_CASE("several problems run as separate debates in one process", "[app][batch]") {
    TempDir dir;
    const auto problems = dir.path() / "problems";
    std::filesystem::create_directories(problems);
    for (const char* name : {"task-queue", "rate-limiter", "report-generation"}) {
        std::filesystem::copy_file(std::string(PARLEY_SOURCE_DIR) + "/examples/" + name + "/problem.md",
                                   problems / (std::string(name) + ".md"));
    }
    const auto out = (dir.path() / "out").string();
    auto r = run_parley({"debate", "-p", problems.string(), "--seed", "1", "-o", out});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::size_t debates = 0;
    std::set<std::string> seen;
    for (const auto& e : std::filesystem::directory_iterator(out)) {
        if (e.path().extension() == ".json") {
            ++debates;
            const auto j = nlohmann::json::parse(read_file(e.path()));
            CHECK(j["status"] == "completed");
            seen.insert(j["problem"].get<std::string>().substr(0, 30));
            CHECK(std::filesystem::exists(std::filesystem::path(e.path()).replace_extension(".md")));
        }
    }
    CHECK(debates == 3);
    CHECK(seen.size() == 3);

    auto one_report = run_parley({"debate", "-p", problems.string(), "--report", "x.md", "-o", out});
    CHECK(one_report.exit_code == 2);
    CHECK_THAT(one_report.err, Catch::Contains("--report names one file"));
}

TEST_CASE("a token budget stops the debate cleanly before it is passed", "[app][budget]") {
    TempDir dir;
    const auto out = (dir.path() / "out").string();
    auto r = run_parley({"debate", "-q", "-p", kProblem, "-o", out, "--max-tokens", "20000"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("token"));
    CHECK_THAT(r.err, Catch::Contains("partial debate saved"));
    const auto j = nlohmann::json::parse(read_file(the_json(out)));
    CHECK(j["status"] == "failed");
    CHECK(j["rounds"].size() >= 1);
}

TEST_CASE("parley resume continues a run an older build recorded with only its command line", "[app][resume]") {
    TempDir dir;
    const auto out = (dir.path() / "out").string();
    REQUIRE(run_parley({"debate", "-q", "-p", kProblem, "--seed", "5", "-o", out}).exit_code == 0);
    const auto json_path = the_json(out);
    const auto before = content_of(json_path);
    const auto id = json_path.stem().string();
    {
        auto journal = parley::store::Journal::open(out + "/journal.sqlite");
        REQUIRE(journal);
        auto run = journal->find_run(id);
        REQUIRE(run);
        REQUIRE(*run);
        auto state = (*run)->state;
        state.erase("options");
        REQUIRE(journal->update_run(id, parley::store::RunStatus::interrupted, state));
    }
    auto resumed = run_parley({"resume", id, "--journal", out + "/journal.sqlite", "-q"});
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(content_of(json_path) == before);
}
