#include <catch2/catch.hpp>

#include "sweep/job_secrets.hpp"
#include "sweep/matrix.hpp"

using parley::sweep::find_literal_secret;
using parley::sweep::KnownSecret;
using parley::sweep::NamedText;

namespace {

parley::sweep::SweepJob job_with(const std::string& config, std::optional<NamedText> eval = std::nullopt,
                                 const std::string& problem = "Design a queue.") {
    return parley::sweep::make_sweep({{"p.md", problem}}, {{"c.json", config}}, {}, eval).jobs.front();
}

} // namespace

TEST_CASE("a config header that carries a credential is found by its path, the secret never shown", "[sweep]") {
    for (const std::string header : {"Authorization", "x-api-key", "X-Auth-Token", "Client-Secret", "cookie"}) {
        const auto found =
            find_literal_secret(job_with(R"({"agents": [{"id": "a"}, {"id": "b", "headers": {"X-Title": "t", ")" +
                                         header + R"(": "hunter2-literal"}}]})"),
                                {});
        REQUIRE(found);
        CHECK(*found == "c.json: agents[1].headers." + header + " holds a literal credential");
    }
}

TEST_CASE("headers that are no credential and keys given by name pass", "[sweep]") {
    CHECK_FALSE(find_literal_secret(
        job_with(
            R"({"agents": [{"id": "a", "apiKeyEnv": "MY_KEY", "headers": {"HTTP-Referer": "https://x", "X-Title": "t"}}]})"),
        {{"MY_KEY", "sk-real-key-0123"}}));
}

TEST_CASE("an eval config's credential header is found too", "[sweep]") {
    const auto found = find_literal_secret(
        job_with(R"({"agents": []})",
                 NamedText{"panel.json", R"({"agents": [{"headers": {"Authorization": "Bearer z"}}]})"}),
        {});
    REQUIRE(found);
    CHECK(found->rfind("panel.json: agents[0].headers.Authorization", 0) == 0);
}

TEST_CASE("a known key's value anywhere in a job is found by the variable's name", "[sweep]") {
    const std::vector<KnownSecret> known{{"OPENAI_API_KEY", "sk-live-9f8e7d6c5b"}, {"SHORT", "abc"}};
    const auto in_config = find_literal_secret(job_with(R"({"agents": [], "note": "sk-live-9f8e7d6c5b"})"), known);
    REQUIRE(in_config);
    CHECK(*in_config == "c.json: holds the value of OPENAI_API_KEY");
    CHECK(find_literal_secret(job_with(R"({"agents": []})", std::nullopt, "use key sk-live-9f8e7d6c5b"), known));
    // Values too short to be a key would match ordinary text: "abc" is not looked for.
    CHECK_FALSE(find_literal_secret(job_with(R"({"agents": [{"id": "abc"}]})"), known));
}

TEST_CASE("the key variables a job's configs name are listed once each", "[sweep]") {
    const auto names = parley::sweep::key_env_names(
        job_with(R"({"agents": [{"apiKeyEnv": "B"}, {"apiKeyEnv": "A"}], "judge": {"apiKeyEnv": "B"}})"));
    CHECK(names == std::vector<std::string>{"A", "B"});
}
