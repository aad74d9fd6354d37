// A worker's own decision on a job it claimed: the payload must be the job its entry names, every provider the
// job's configs name must be on the worker's allowlist with its key variable, and the signing key goes nowhere.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run/provider_cache.hpp"
#include "run/sweep/worker_trust.hpp"
#include "sweep/matrix.hpp"

using nlohmann::json;
using parley::run::EndpointAllowlist;
using parley::run::job_refusal;
using parley::util::Env;

namespace {

// A debate whose one debater uses `provider` and whose judge is offline.
std::string config_with(const json& provider) {
    json agent{{"id", "agent-a"}, {"name", "A"}, {"role", "architect"}, {"model", "m"}};
    agent.update(provider);
    return json{
        {"agents", json::array({agent})},
        {"judge", {{"id", "j"}, {"name", "J"}, {"role", "generalist"}, {"model", "m"}, {"provider", "offline"}}}}
        .dump();
}

parley::sweep::SweepJob job_with(const json& provider) {
    return parley::sweep::make_sweep({{"p.md", "Design a queue."}}, {{"c.json", config_with(provider)}}, {},
                                     std::nullopt)
        .jobs[0];
}

parley::sweep::JobLease lease_of(const parley::sweep::SweepJob& job) {
    parley::sweep::JobLease lease;
    lease.job_id = job.id;
    lease.entry_id = "1-0";
    return lease;
}

} // namespace

TEST_CASE("a worker refuses a job whose payload is another job than its entry names", "[run][sweep][allowlist]") {
    const auto job = job_with({{"provider", "offline"}});
    auto lease = lease_of(job);
    lease.job_id = "j-another";
    const auto refused = job_refusal(job, lease, EndpointAllowlist{}, Env::from_values({}));
    REQUIRE(refused);
    CHECK(*refused == "job entry 1-0 names job j-another but its payload is job " + job.id);
    CHECK_FALSE(job_refusal(job, lease_of(job), EndpointAllowlist{}, Env::from_values({})));
}

TEST_CASE("a worker refuses a job calling past its allowlist, and any job sending the signing key",
          "[run][sweep][allowlist]") {
    const auto env = Env::from_values({});
    const json hostile{
        {"provider", "openai-compatible"}, {"baseUrl", "http://127.0.0.1:9/v1"}, {"apiKeyEnv", "MY_DB_PASSWORD"}};
    EndpointAllowlist allowed;
    allowed.allow({"http://127.0.0.1:9/v1", "OTHER_KEY"});
    const auto job = job_with(hostile);
    const auto refused = job_refusal(job, lease_of(job), allowed, env);
    REQUIRE(refused);
    CHECK(refused->find("http://127.0.0.1:9/v1 (key MY_DB_PASSWORD), which the worker does not allow") !=
          std::string::npos);

    // Even a worker that lists it may not send the signing key anywhere.
    allowed.allow({"http://127.0.0.1:9/v1", "PARLEY_SWEEP_SIGNING_KEY"});
    auto signing = hostile;
    signing["apiKeyEnv"] = "PARLEY_SWEEP_SIGNING_KEY";
    const auto leak = job_with(signing);
    const auto also_refused = job_refusal(leak, lease_of(leak), allowed, env);
    REQUIRE(also_refused);
    CHECK(also_refused->find("sends PARLEY_SWEEP_SIGNING_KEY as an API key") != std::string::npos);
}

TEST_CASE("a provider cache with an allowlist builds nothing it does not allow", "[run][allowlist]") {
    const auto env = Env::from_values({{"MY_DB_PASSWORD", "db-secret-value-1"}});
    parley::run::ProviderCache cache(env, false, EndpointAllowlist{});
    parley::llm::ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = "http://127.0.0.1:9/v1";
    spec.api_key_env = "MY_DB_PASSWORD";
    auto refused = cache.get(spec);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == parley::ErrorKind::config);
    CHECK(refused.error().message.find("does not allow") != std::string::npos);
    CHECK(refused.error().message.find("db-secret-value-1") == std::string::npos);
    CHECK(cache.built().empty());
    parley::llm::ProviderSpec offline;
    CHECK(cache.get(offline));
}
