#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/sweep_rows.hpp"
#include "support/temp_dir.hpp"
#include "sweep/sweep_diff.hpp"

using nlohmann::json;
using parley::testing::TempDir;

namespace {

json row(const std::string& problem, std::uint64_t seed, const std::string& status, const std::string& file) {
    return parley::testing::sweep_index_row(problem, "c.json", seed, status, file);
}

void write_index(const TempDir& dir, const std::string& sub, const json& jobs) {
    dir.write(sub + "/sweep.json", json{{"sweepId", "sw-1"}, {"jobs", jobs}}.dump());
}

} // namespace

TEST_CASE("two sweeps pair by problem x config x seed and name every job without a partner", "[sweep][diff]") {
    TempDir dir;
    write_index(dir, "old",
                json::array({row("a.md", 1, "done", "a1.json"), row("a.md", 2, "done", "a2.json"),
                             row("b.md", 1, "done", "b1.json"), row("c.md", 1, "failed", "")}));
    write_index(dir, "new",
                json::array({row("a.md", 2, "done", "x2.json"), row("a.md", 1, "done", "x1.json"),
                             row("c.md", 1, "done", "c1.json"), row("d.md", 1, "done", "d1.json")}));
    const auto p = parley::sweep::pair_sweeps(dir.path() / "old", dir.path() / "new");
    REQUIRE(p);
    REQUIRE(p->pairs.size() == 2);
    CHECK(p->pairs[0].key.seed == 1);
    CHECK(p->pairs[0].new_json == dir.path() / "new" / "x1.json");
    CHECK(p->pairs[1].old_json == dir.path() / "old" / "a2.json");
    REQUIRE(p->unpaired.size() == 3);
    CHECK(to_string(p->unpaired[0].key) == "b.md · c.json · seed 1");
    CHECK(p->unpaired[0].reason == "only in OLD");
    CHECK(p->unpaired[1].reason == "failed in OLD");
    CHECK(p->unpaired[2].reason == "only in NEW");
}

TEST_CASE("a sweep diff refuses a missing folder, a folder without an index, a path out and unrelated sweeps",
          "[sweep][diff]") {
    TempDir dir;
    write_index(dir, "old", json::array({row("a.md", 1, "done", "a1.json")}));
    const auto missing = parley::sweep::pair_sweeps(dir.path() / "old", dir.path() / "nope");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("nope: no such folder"));
    dir.write("empty/readme.txt", "x");
    const auto no_index = parley::sweep::pair_sweeps(dir.path() / "empty", dir.path() / "old");
    REQUIRE_FALSE(no_index);
    CHECK_THAT(no_index.error().message, Catch::Contains("no sweep.json"));
    write_index(dir, "out", json::array({row("a.md", 1, "done", "../../etc/passwd")}));
    const auto out = parley::sweep::pair_sweeps(dir.path() / "old", dir.path() / "out");
    REQUIRE_FALSE(out);
    CHECK_THAT(out.error().message, Catch::Contains("outside the sweep's folder"));
    write_index(dir, "other", json::array({row("z.md", 1, "done", "z.json")}));
    const auto other = parley::sweep::pair_sweeps(dir.path() / "old", dir.path() / "other");
    REQUIRE_FALSE(other);
    CHECK_THAT(other.error().message, Catch::Contains("share no problem x config x seed"));
    dir.write("bad/sweep.json", "[1, 2]");
    CHECK_FALSE(parley::sweep::pair_sweeps(dir.path() / "old", dir.path() / "bad"));
}
