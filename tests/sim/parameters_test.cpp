#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "sim/parameters.hpp"
#include "sim/simulation.hpp"

using namespace parley::sim;

namespace {

std::string example(const std::string& path) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/examples/" + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const Parameter& parameter(const ModelBuild& build, const std::string& name) {
    for (const auto& p : build.parameters) {
        if (p.name == name) {
            return p;
        }
    }
    FAIL("no parameter " << name);
    return build.parameters.front();
}

} // namespace

TEST_CASE("a design's stated numbers become the model, each with its line", "[sim][parameters]") {
    ParameterInputs in;
    in.design = example("designs/redis-streams/sound.md");
    in.problem = example("task-queue/problem.md");
    const auto build = build_model(in);
    REQUIRE(build);
    const Model& m = build->model;
    CHECK(m.peak_rate == Approx(1666.67).epsilon(0.001));
    CHECK(m.workers == 40);
    CHECK(m.concurrency == 100);
    CHECK(m.service.mean == Approx(2).epsilon(0.001)); // the design's mean, not the problem's median
    CHECK(m.service.kind == ServiceTime::Kind::lognormal);
    CHECK(m.lease == 60);
    CHECK(m.heartbeat);
    CHECK(m.max_attempts == 8);
    CHECK(m.backoff_cap == 300);
    CHECK(m.queue_bound == 5'000'000);
    CHECK(m.bound_policy == BoundPolicy::reject);
    REQUIRE(m.classes.size() == 3);
    CHECK(m.classes[0].name == "high");
    CHECK(m.classes[0].weight == 6);
    CHECK(m.priority_mode == PriorityMode::weighted);
    CHECK(build->missing.empty());
    CHECK_THAT(parameter(*build, "peak_rate").source, Catch::StartsWith("design line 4: "));
    CHECK_THAT(parameter(*build, "priority_classes").source, Catch::StartsWith("problem line 14: "));
    CHECK(parameter(*build, "transient_failure").assumed);
    CHECK_FALSE(parameter(*build, "lease").assumed);
}

TEST_CASE("a --set value overrides the design and says so, and unknown names and bad values are refused",
          "[sim][parameters]") {
    ParameterInputs in;
    in.design = example("designs/sqs/sound.md");
    in.sets = {{"workers", "10"}, {"peak_rate", "6000/min"}};
    const auto build = build_model(in);
    REQUIRE(build);
    CHECK(build->model.workers == 10);
    CHECK(build->model.peak_rate == Approx(100));
    CHECK(parameter(*build, "workers").source == "--set");
    in.sets = {{"wrokers", "10"}};
    REQUIRE_FALSE(build_model(in));
    CHECK_THAT(build_model(in).error().message, Catch::Contains("unknown parameter"));
    in.sets = {{"transient_failure", "150%"}};
    CHECK_FALSE(build_model(in));
    in.sets = {{"priority_count", "1000000000"}};
    CHECK_THAT(build_model(in).error().message, Catch::Contains("priority classes"));
}

TEST_CASE("a design without numbers cannot be simulated, and the report lists what is missing", "[sim][parameters]") {
    SimulationRequest request;
    request.inputs.design = "# Queue\n\nWorkers pull jobs from a queue and retry failures.\n";
    const auto report = simulate(request);
    REQUIRE(report);
    REQUIRE(report->cannot);
    CHECK(*report->cannot == "cannot simulate: no arrival rate stated");
    CHECK(report->build.missing.size() == 3);
    CHECK(report->runs.empty());
}

TEST_CASE("job times are fitted from the figures one source states", "[sim][parameters]") {
    ParameterInputs in;
    in.design = "- Peak: 100 jobs per second.\n- Workers: 10 workers x 20 threads.\n"
                "- Jobs take a median of 1 s; the p99 job time is 8 s.\n";
    const auto build = build_model(in);
    REQUIRE(build);
    const auto& t = build->model.service;
    CHECK(t.kind == ServiceTime::Kind::lognormal);
    CHECK(std::exp(t.mu) == Approx(1));
    CHECK(std::exp(t.mu + t.sigma * normal_quantile(0.99)) == Approx(8));
    in.design = "- Peak: 100 jobs per second.\n- 200 worker slots.\n- Mean job time is 3 s.\n";
    in.sets = {{"slots", "200"}};
    const auto one = build_model(in);
    REQUIRE(one);
    CHECK(one->model.service.kind == ServiceTime::Kind::exponential);
    CHECK(parameter(*one, "job_time").assumed);
}

TEST_CASE("a test's length and a latency budget are not read as job times", "[sim][parameters]") {
    // Texts in the shapes designs take: a benchmark plan in a list, a soak test in a sentence, a budget line. Only
    // the line about the jobs themselves states their time.
    ParameterInputs in;
    in.design = "## Capacity\n\n"
                "- Peak: 2,000 jobs per second; 50 workers x 40 concurrent jobs.\n"
                "- Handlers typically run for 1.5 seconds; the p99 job time is 12 s.\n"
                "- Budget: the 300 ms start budget per job splits into 100 ms to persist and 200 ms to dispatch.\n\n"
                "## Benchmarks\n\n"
                "- Load test at 1x and 3x of 120,000 jobs per minute, 45 minutes each, reporting p50/p99.\n"
                "We also run a soak test of 24 hours at the peak job rate, and a benchmark of each task type for 10 "
                "minutes in CI.\n";
    const auto build = build_model(in);
    REQUIRE(build);
    const auto& t = build->model.service;
    CHECK(t.kind == ServiceTime::Kind::lognormal);
    CHECK(std::exp(t.mu) == Approx(1.5));
    CHECK(std::exp(t.mu + t.sigma * normal_quantile(0.99)) == Approx(12));
    const auto& source = parameter(*build, "job_time").source;
    CHECK_THAT(source, Catch::Contains("design line 4"));
    CHECK_THAT(source, !Catch::Contains("45 minutes") && !Catch::Contains("soak") && !Catch::Contains("budget"));
    CHECK(build->notes.empty());
}

TEST_CASE("a high job-time figure not above the centre one is left out, and said", "[sim][parameters]") {
    ParameterInputs in;
    in.design = "- Peak: 100 jobs per second.\n- Workers: 10 workers x 20 threads.\n"
                "- The mean job time is 4 s, and the p99 job time is 800 ms.\n";
    const auto build = build_model(in);
    REQUIRE(build);
    CHECK(build->model.service.kind == ServiceTime::Kind::exponential);
    CHECK(build->model.service.mean == Approx(4));
    REQUIRE(build->notes.size() == 1);
    CHECK_THAT(build->notes[0], Catch::Contains("p99 job time (800 ms) is not above the stated mean (4 s)"));
    // No lognormal has a p99 below its mean but one whose mean is made of jobs too rare to occur.
    CHECK_FALSE(lognormal_from_mean_quantile(10, 0.99, 5, nullptr).has_value());
    CHECK_FALSE(lognormal_from_mean_quantile(10, 0.999, 10, nullptr).has_value());
    CHECK(lognormal_from_mean_quantile(10, 0.99, 40, nullptr).has_value());
}

TEST_CASE("verdicts quote the requirement and give the simulated number", "[sim][verdicts]") {
    SimulationRequest request;
    request.inputs.design = example("designs/redis-streams/sound.md");
    request.inputs.problem = example("task-queue/problem.md");
    request.inputs.sets = {{"workers", "30"}}; // 3,000 slots for 3,334 jobs in flight: it cannot hold the peak
    request.duration = 600;
    const auto report = simulate(request);
    REQUIRE(report);
    REQUIRE(report->verdicts.size() == 2);
    CHECK(report->verdicts[0].check == "sustain 1,667 jobs/s at peak");
    CHECK_FALSE(report->verdicts[0].met);
    CHECK(report->verdicts[1].check == "p95 wait (enqueue to start) at peak within 500 ms");
    CHECK_FALSE(report->verdicts[1].met);
    CHECK(report->verdicts[1].line == 13);
    CHECK(report->verdicts[1].requirement.rfind("Start most jobs (p95) within 500 ms of enqueue", 0) == 0);
    CHECK(report->runs[0].unbounded);
}
