#include <catch2/catch.hpp>

#include <set>

#include "sweep/matrix.hpp"

using parley::sweep::job_from_json;
using parley::sweep::job_to_json;
using parley::sweep::make_sweep;
using parley::sweep::NamedText;

namespace {

const std::vector<NamedText> kProblems{{"a.md", "Design A"}, {"b.md", "Design B"}};
const std::vector<NamedText> kConfigs{{"x.json", "{}"}, {"y.json", "{\"agents\": []}"}};

} // namespace

TEST_CASE("the matrix crosses problems, configs and seeds in problem-major order", "[sweep]") {
    const auto sweep = make_sweep(kProblems, kConfigs, {7, 8}, std::nullopt);
    REQUIRE(sweep.jobs.size() == 8);
    CHECK(sweep.jobs[0].problem.name == "a.md");
    CHECK(sweep.jobs[0].config.name == "x.json");
    CHECK(sweep.jobs[0].seed == 7);
    CHECK(sweep.jobs[1].seed == 8);
    CHECK(sweep.jobs[2].config.name == "y.json");
    CHECK(sweep.jobs[4].problem.name == "b.md");
    std::set<std::string> ids;
    std::set<std::string> debates;
    for (std::size_t i = 0; i < sweep.jobs.size(); ++i) {
        CHECK(sweep.jobs[i].index == i);
        ids.insert(sweep.jobs[i].id);
        debates.insert(sweep.jobs[i].debate_id);
    }
    CHECK(ids.size() == 8);
    CHECK(debates.size() == 8);
}

TEST_CASE("job and sweep ids are the same every time the same matrix is built", "[sweep]") {
    const auto first = make_sweep(kProblems, kConfigs, {}, std::nullopt);
    const auto second = make_sweep(kProblems, kConfigs, {}, std::nullopt);
    CHECK(first.id == second.id);
    CHECK(first.jobs[3].id == second.jobs[3].id);
    CHECK(first.jobs[3].debate_id == second.jobs[3].debate_id);
    CHECK(first.jobs[0].seed == 0);
    const auto other = make_sweep(kProblems, {{"x.json", "{ }"}}, {}, std::nullopt);
    CHECK(other.id != first.id);
    CHECK(other.jobs[0].debate_id != first.jobs[0].debate_id);
}

TEST_CASE("the same problem named twice makes one job", "[sweep]") {
    const auto sweep = make_sweep({kProblems[0], {"copy/a.md", "Design A"}}, {kConfigs[0]}, {}, std::nullopt);
    CHECK(sweep.jobs.size() == 1);
}

TEST_CASE("a job reads back from its JSON unchanged", "[sweep]") {
    const auto sweep = make_sweep(kProblems, kConfigs, {1}, NamedText{"e.json", "{\"panel\": 3}"});
    const auto& job = sweep.jobs[3];
    auto back = job_from_json(job_to_json(job));
    REQUIRE(back);
    CHECK(back->id == job.id);
    CHECK(back->index == job.index);
    CHECK(back->problem.text == job.problem.text);
    CHECK(back->config.name == job.config.name);
    CHECK(back->seed == 1);
    REQUIRE(back->eval);
    CHECK(back->eval->text == "{\"panel\": 3}");
    CHECK(back->debate_id == job.debate_id);
}

TEST_CASE("a malformed job or one of another version is refused with the field named", "[sweep]") {
    const auto sweep = make_sweep(kProblems, kConfigs, {}, std::nullopt);
    auto json = job_to_json(sweep.jobs[0]);
    auto other_version = json;
    other_version["version"] = 99;
    auto refused = job_from_json(other_version);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == parley::ErrorKind::invalid_input);
    CHECK(refused.error().message.find("format version 99") != std::string::npos);
    auto no_text = json;
    no_text["config"].erase("text");
    auto malformed = job_from_json(no_text);
    REQUIRE_FALSE(malformed);
    CHECK(malformed.error().message == "malformed sweep job: config.text must be a string");
    CHECK_FALSE(job_from_json(nlohmann::json::array()));
}

TEST_CASE("a sweep with the equal-cost baseline runs other debates, and its jobs carry the baseline", "[sweep]") {
    const auto plain = make_sweep(kProblems, kConfigs, {1}, std::nullopt);
    const auto with_baseline = make_sweep(kProblems, kConfigs, {1}, std::nullopt, {}, "vote");
    REQUIRE(with_baseline.jobs.size() == plain.jobs.size());
    CHECK(with_baseline.jobs[0].baseline == "vote");
    CHECK(with_baseline.jobs[0].debate_id != plain.jobs[0].debate_id);
    CHECK(with_baseline.id != plain.id);

    const auto json = job_to_json(with_baseline.jobs[0]);
    CHECK(json["version"] == parley::sweep::kBaselineJobFormatVersion);
    const auto back = job_from_json(json);
    REQUIRE(back);
    CHECK(back->baseline == "vote");
    CHECK(job_to_json(*back) == json);
    // A job without the key keeps the version older workers read.
    CHECK(job_to_json(plain.jobs[0])["version"] == parley::sweep::kJobFormatVersion);

    auto wrong = json;
    wrong["baseline"] = "best-of-n";
    CHECK_FALSE(job_from_json(wrong));
    wrong.erase("baseline");
    CHECK_FALSE(job_from_json(wrong)); // version 3 promises a baseline
}
