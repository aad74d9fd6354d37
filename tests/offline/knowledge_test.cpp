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
}

TEST_CASE("no role meets a requirement the knowledge has no mechanism for", "[offline]") {
    for (const char* role : {"architect", "performance", "security", "testing", "kiss", "generalist"}) {
        REQUIRE_FALSE(role_meets(role, nullptr));
    }
}

TEST_CASE("one passing word does not make a problem a known kind of system", "[offline]") {
    REQUIRE(domains_for("copy the orders into the warehouse for the finance dashboards").front()->name == "service");
}

TEST_CASE("a design leaves out priorities when the problem never states any", "[offline]") {
    const auto& queue = *domains_for("workers take jobs from a queue").front();
    auto mentions_priority = [](const Domain& d) {
        for (const auto* list : {&d.components, &d.data_flow, &d.failure_modes, &d.threats, &d.abuse_cases, &d.metrics,
                                 &d.tradeoffs, &d.left_out, &d.faults, &d.hot_paths}) {
            for (auto item : *list) {
                if (item.find("riorit") != std::string_view::npos) {
                    return true;
                }
            }
        }
        return d.minimal.find("riorit") != std::string_view::npos;
    };
    REQUIRE_FALSE(mentions_priority(fitted_to(queue, "workers take jobs from a queue")));
    REQUIRE(mentions_priority(fitted_to(queue, "workers take jobs from a queue in three priorities")));
    REQUIRE_FALSE(states_feature("workers take jobs", "priorit"));
    REQUIRE(states_feature("urgent jobs first", "priorit"));
}

TEST_CASE("a requirement is matched by the topic it names first", "[offline]") {
    const auto* crash = mechanism_for("survive worker crashes: a job must not run again because of a retry");
    REQUIRE(crash);
    REQUIRE(crash->topic == "crash recovery");
    const auto* retries = mechanism_for("retry failed jobs with backoff and set aside jobs that keep failing");
    REQUIRE(retries);
    REQUIRE(retries->topic == "retries");
    REQUIRE(mechanism_for("paint the logo blue") == nullptr);
    // Words that only look like a topic's: a validation failure is no crash, "at once" is no duplicate.
    REQUIRE(mechanism_for("rows that fail validation are set aside with the reason") == nullptr);
    REQUIRE(mechanism_for("an agent can handle up to 5 conversations at once") == nullptr);
    const auto* deadline = mechanism_for("the nightly load must finish within 2 hours");
    REQUIRE(deadline);
    REQUIRE(deadline->topic == "deadline");
    REQUIRE(mechanism_for("generate all 30,000 statements within 4 hours")->topic == "deadline");
    REQUIRE(mechanism_for("return 429 with a retry-after header") == nullptr);
    REQUIRE(mechanism_for("keep working if the shared store is unavailable")->topic == "availability");
}

TEST_CASE("a passing mention of another kind of system does not pull in its components", "[offline]") {
    REQUIRE(domains_for("jobs, jobs and more jobs for workers; failures are reported").size() == 1);
    REQUIRE(domains_for("a report queue: report jobs, report workers, report exports, job retries").size() == 2);
}
