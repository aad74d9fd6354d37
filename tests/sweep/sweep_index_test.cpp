#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "sweep/sweep_index.hpp"

using parley::sweep::index_csv;
using parley::sweep::index_json;
using parley::sweep::index_markdown;
using parley::sweep::JobResult;

namespace {

std::vector<JobResult> two_rows() {
    JobResult done;
    done.job_id = "j-1";
    done.problem = "problems/a.md";
    done.config = "configs/x.json";
    done.seed = 3;
    done.debate_id = "deb-sweep-1";
    done.status = "done";
    done.confidence = 82;
    done.cost = {0.25, 0};
    done.wall_ms = 1500;
    done.json_path = "deb-sweep-1.json";
    done.report_path = "deb-sweep-1.md";
    JobResult failed = done;
    failed.job_id = "j-2";
    failed.index = 1;
    failed.problem = "odd|name,\"q\".md";
    failed.status = "failed";
    failed.confidence.reset();
    failed.error = "provider refused\nthe key";
    return {done, failed};
}

} // namespace

TEST_CASE("the sweep index lists one row per job in job order", "[sweep]") {
    const auto json = index_json("sw-1", two_rows());
    CHECK(json["sweepId"] == "sw-1");
    REQUIRE(json["jobs"].size() == 2);
    CHECK(json["jobs"][0]["confidence"] == 82.0);
    CHECK(json["jobs"][1]["confidence"].is_null());
    CHECK(json["jobs"][1]["status"] == "failed");
}

TEST_CASE("the Markdown index keeps one row per job whatever the names hold", "[sweep]") {
    const auto md = index_markdown("sw-1", two_rows());
    CHECK(md.find(
              "| 1 | problems/a.md | configs/x.json | 3 | done | 82 | $0.25 | 1.5 | [deb-sweep-1](deb-sweep-1.md) |") !=
          std::string::npos);
    CHECK(md.find("odd\\|name") != std::string::npos);
    CHECK(md.find("provider refused the key") != std::string::npos);
    CHECK(md.find("1 of 2 debates done; cost $0.50.") != std::string::npos);
}

TEST_CASE("an unpriced model's cost reads unknown in every form of the index, never 0", "[sweep][money]") {
    auto rows = two_rows();
    rows[0].cost = {0, 3};      // no call had a price
    rows[1].cost = {0.0123, 2}; // a mix
    const auto md = index_markdown("sw-1", rows);
    CHECK_THAT(md, Catch::Contains("| unknown (3 calls unpriced) |"));
    CHECK_THAT(md, Catch::Contains("| $0.0123 + unknown for 2 calls |"));
    CHECK_THAT(md, Catch::Contains("debates done; cost $0.0123 + unknown for 5 calls."));
    CHECK_THAT(md, !Catch::Contains("$0.00"));

    const auto json = index_json("sw-1", rows);
    CHECK(json["jobs"][0]["costUsd"].is_null());
    CHECK(json["jobs"][0]["costUnknownCalls"] == 3);
    CHECK(json["jobs"][1]["costUsd"] == 0.0123);
    CHECK(json["jobs"][1]["costUnknownCalls"] == 2);
    // A row read back keeps what is unknown.
    const auto back = parley::sweep::row_from_json(json["jobs"][0]);
    REQUIRE(back);
    CHECK(back->cost.unknown_calls == 3);

    const auto csv = index_csv(rows);
    CHECK_THAT(csv, Catch::Contains(",confidence,cost_usd,cost_unknown_calls,wall_ms,"));
    // cost_usd is empty (unknown), not 0.000000, and the count follows it.
    CHECK_THAT(csv, Catch::Contains(",done,82,,3,1500,"));
    CHECK_THAT(csv, Catch::Contains(",0.012300,2,1500,"));
}

TEST_CASE("the Markdown index shows a name or error holding HTML as text", "[sweep]") {
    auto rows = two_rows();
    rows[0].problem = "problems/<img src=x onerror=alert(1)>.md";
    rows[1].error = "server said <script>alert(1)</script>";
    const auto md = index_markdown("sw-1", rows);
    CHECK(md.find('<') == std::string::npos);
    CHECK(md.find("&lt;img src=x onerror=alert(1)>.md") != std::string::npos);
    CHECK(md.find("server said &lt;script>alert(1)&lt;/script>") != std::string::npos);
}

TEST_CASE("the CSV index quotes cells with commas, quotes and line breaks", "[sweep]") {
    const auto csv = index_csv(two_rows());
    CHECK(csv.rfind("index,job_id,problem,config,seed,", 0) == 0);
    CHECK(csv.find("\n1,j-1,problems/a.md,configs/x.json,3,deb-sweep-1,done,82,0.250000,0,1500,") != std::string::npos);
    CHECK(csv.find("\"odd|name,\"\"q\"\".md\"") != std::string::npos);
    CHECK(csv.find("\"provider refused\nthe key\"") != std::string::npos);
}

TEST_CASE("the CSV index guards formula-like paths and ends its lines with CRLF", "[sweep][csv]") {
    auto rows = two_rows();
    rows[0].problem = "=HYPERLINK.md";
    rows[0].config = "@cfg.json";
    rows[0].error = "-1+cmd|' /C calc'!A0";
    const auto csv = index_csv(rows);
    CHECK(csv.find(",'=HYPERLINK.md,'@cfg.json,") != std::string::npos);
    CHECK(csv.find(",'-1+cmd|' /C calc'!A0,") != std::string::npos);
    CHECK(csv.find("agreement\r\n1,") != std::string::npos);
    std::size_t bare = 0;
    for (std::size_t i = 0; i < csv.size(); ++i) {
        // A line break inside a quoted cell is the cell's own; every row ends with CRLF.
        bare += csv[i] == '\n' && (i == 0 || csv[i - 1] != '\r') ? 1 : 0;
    }
    CHECK(bare == 1); // the one inside "provider refused\nthe key"
}

TEST_CASE("the index is written as sweep.json, sweep.md and sweep.csv", "[sweep]") {
    parley::testing::TempDir dir;
    REQUIRE(parley::sweep::write_index(dir.path(), "sw-1", two_rows()));
    CHECK(nlohmann::json::parse(parley::testing::read_file(dir.path() / "sweep.json"))["jobs"].size() == 2);
    CHECK_FALSE(parley::testing::read_file(dir.path() / "sweep.md").empty());
    CHECK_FALSE(parley::testing::read_file(dir.path() / "sweep.csv").empty());
}

TEST_CASE("an index row reads back from its JSON unchanged", "[sweep]") {
    for (const auto& row : two_rows()) {
        auto back = parley::sweep::row_from_json(parley::sweep::row_json(row));
        REQUIRE(back);
        CHECK(parley::sweep::row_json(*back) == parley::sweep::row_json(row));
    }
    auto missing = parley::sweep::row_from_json(nlohmann::json{{"jobId", "j"}});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.rfind("malformed sweep result: ", 0) == 0);
}

TEST_CASE("an evaluated sweep's index shows each debate's overall score and the panel's agreement", "[sweep]") {
    auto rows = two_rows();
    CHECK(index_markdown("sw-1", rows).find("score") == std::string::npos);
    rows[0].score = 7.25;
    rows[0].agreement = "good";
    const auto md = index_markdown("sw-1", rows);
    CHECK(md.find("| confidence | score | agreement | cost |") != std::string::npos);
    CHECK(md.find("| done | 82 | 7.2 | good | $0.25 |") != std::string::npos);
    CHECK(md.find("| 82 |  |  | $0.25 |") == std::string::npos);
    const auto csv = index_csv(rows);
    CHECK(csv.find(",error,score,agreement\r\n") != std::string::npos);
    CHECK(csv.find(",deb-sweep-1.md,,7.2,good\r\n") != std::string::npos);
    auto back = parley::sweep::row_from_json(parley::sweep::row_json(rows[0]));
    REQUIRE(back);
    CHECK(back->score == 7.25);
    CHECK(back->agreement == "good");
}
