#include <catch2/catch.hpp>

#include "offline/knowledge.hpp"

using namespace parley::offline;

TEST_CASE("the knowledge recognises a job queue and its requirement kinds", "[offline]") {
    const auto domains = domains_for("workers take jobs from a queue");
    REQUIRE(domains.front()->name == "distributed job queue");
    REQUIRE(domains_for("a calculator").front()->name == "service");
    const auto* latency = mechanism_for("start most jobs within 500 ms");
    REQUIRE(latency);
    REQUIRE(latency->topic == "latency");
    REQUIRE(role_meets("performance", latency));
    REQUIRE_FALSE(role_meets("security", latency));
    REQUIRE(role_meets("architect", nullptr));
}

TEST_CASE("a requirement is matched by the topic it names first", "[offline]") {
    const auto* crash = mechanism_for("survive worker crashes: a job must not run again because of a retry");
    REQUIRE(crash);
    REQUIRE(crash->topic == "crash recovery");
    const auto* retries = mechanism_for("retry failed jobs with backoff and set aside jobs that keep failing");
    REQUIRE(retries);
    REQUIRE(retries->topic == "retries");
    REQUIRE(mechanism_for("paint the logo blue") == nullptr);
}

TEST_CASE("a passing mention of another kind of system does not pull in its components", "[offline]") {
    REQUIRE(domains_for("jobs, jobs and more jobs for workers; failures are reported").size() == 1);
    REQUIRE(domains_for("a report queue: report jobs, report workers, report exports, job retries").size() == 2);
}
