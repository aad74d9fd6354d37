#include <catch2/catch.hpp>

#include "run/run_state.hpp"

using namespace parley;
using nlohmann::json;

namespace {

store::RunRecord run_with(json state) {
    store::RunRecord run;
    run.id = "deb-1";
    run.state = std::move(state);
    return run;
}

std::string error_for(json state) {
    auto read = debate::read_run_state(run_with(std::move(state)), "runs/j.sqlite");
    REQUIRE_FALSE(read);
    CHECK(read.error().kind == ErrorKind::invalid_input);
    return read.error().message;
}

} // namespace

TEST_CASE("a run's state gives back its creation time and answers", "[debate][run_state]") {
    auto read = debate::read_run_state(
        run_with({{"createdAt", "2026-11-29T10:00:00.000Z"}, {"answers", {{"q1", "yes"}}}}), "j.sqlite");
    REQUIRE(read);
    CHECK(read->created_at == "2026-11-29T10:00:00.000Z");
    CHECK(read->answers.at("q1") == "yes");
    auto empty = debate::read_run_state(run_with(json::object()), "j.sqlite");
    REQUIRE(empty);
    CHECK_FALSE(empty->created_at);
}

TEST_CASE("a wrongly typed field of a run's state names the journal, the run and the field", "[debate][run_state]") {
    CHECK(error_for({{"createdAt", 5}}) ==
          "journal runs/j.sqlite: run deb-1: state.createdAt is a number, expected an ISO 8601 string; the run "
          "cannot be resumed from this journal");
    CHECK_THAT(error_for(json::array()), Catch::Contains("run deb-1: state is an array, expected an object"));
    CHECK_THAT(error_for({{"answers", json::array()}}), Catch::Contains("state.answers is an array"));
    CHECK_THAT(error_for({{"answers", {{"q1", 3}}}}), Catch::Contains("state.answers.q1 is a number"));
}
