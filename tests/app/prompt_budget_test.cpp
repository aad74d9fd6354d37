// Every prompt fits its participant's context budget, end to end: the parley binary against the loopback fake
// provider answering with rambling of 100k words, read back from the fake's own request log.

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"
#include "fake/scenario_server.hpp"
#include "llm/prompt_fit.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::testing::FakeProvider;
using parley::testing::Misbehaviour;
using parley::testing::run_parley;
using parley::testing::ScenarioOptions;
using parley::testing::TempDir;
using Server = parley::testing::ScenarioServer;
using parley::testing::misbehaving;
namespace fs = std::filesystem;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";
constexpr long kBudget = 8'192;

fs::path write_config(const TempDir& dir, const FakeProvider& fake, int rounds, long budget) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return parley::testing::fake_participant(fake, id, role, parley::testing::fake_timeouts(10000, 5000, 30000));
    };
    const json config{{"defaults", {{"contextBudgetTokens", budget}}},
                      {"agents", json::array({participant("agent-architect", "architect"),
                                              participant("agent-performance", "performance")})},
                      {"judge", participant("judge-main", "generalist")},
                      {"debate", {{"rounds", rounds}}},
                      {"queue", {{"retry", {{"maxAttempts", 1}}}}}};
    return dir.write("config.json", config.dump(2));
}

/// The bytes of every message's content in a chat request's body.
std::size_t prompt_bytes_of(const std::string& body) {
    std::size_t n = 0;
    const auto request = json::parse(body);
    for (const auto& m : request.at("messages")) {
        n += m.at("content").get<std::string>().size();
    }
    return n;
}

} // namespace

TEST_CASE("a rambling model over five rounds never gets a prompt past its context budget",
          "[prompt_budget][e2e][slow]") {
    TempDir dir;
    ScenarioOptions options;
    options.deterministic = true;
    options.misbehave = Misbehaviour::rambling;
    options.misbehave_structured_only = false;
    options.ramble_words = 100'000;
    Server server(options);
    const auto out = dir.path() / "out";
    const auto result = run_parley(
        {"debate", "-c", write_config(dir, server.fake, 5, kBudget).string(), "-p", kProblem, "-o", out.string()});
    INFO(result.err);
    // The judge's rambling is no verdict (exit 1); what matters here is what every call was sent.
    CHECK((result.exit_code == 0 || result.exit_code == 1));
    const std::size_t allowed = parley::llm::prompt_bytes_allowed(kBudget, std::nullopt);
    std::size_t chats = 0;
    std::size_t largest = 0;
    std::size_t cut = 0;
    for (const auto& r : server.fake.requests()) {
        if (r.path.find("chat/completions") == std::string::npos) {
            continue;
        }
        ++chats;
        largest = std::max(largest, prompt_bytes_of(r.body));
        cut += r.body.find("characters cut to fit") != std::string::npos ? 1 : 0;
    }
    CAPTURE(chats, largest, allowed, cut);
    // 5 rounds of 2 proposals or summaries, 2 critiques and 2 refinements, then the judge.
    CHECK(chats >= 5 * 6);
    CHECK(largest <= allowed);
    // Cut to fit, not cut to nothing: the largest prompts fill most of the room.
    CHECK(largest > allowed * 3 / 4);
    // The answers (about 600 KB each) did reach later prompts, cut with the marker.
    CHECK(cut > 0);
}

TEST_CASE("a prompt whose fixed part alone passes the budget is not sent and fails in one line",
          "[prompt_budget][e2e]") {
    TempDir dir;
    ScenarioOptions options;
    options.deterministic = true;
    Server server(options);
    const auto out = dir.path() / "out";
    // 1,024 tokens leave 768 for the prompt (about 3 KB): less than the architect's proposal template alone.
    const auto result = run_parley(
        {"debate", "-c", write_config(dir, server.fake, 1, 1'024).string(), "-p", kProblem, "-o", out.string()});
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("agent-architect (architect), round 1 proposals: not sent:"));
    CHECK_THAT(result.err, Catch::Contains("context budget of 1024 tokens (configured)"));
    CHECK_THAT(result.err, Catch::Contains("contextBudgetTokens"));
    std::size_t chats = 0;
    for (const auto& r : server.fake.requests()) {
        chats += r.path.find("chat/completions") != std::string::npos ? 1 : 0;
    }
    CHECK(chats == 0);
}

TEST_CASE("a dry run stops where the run would, with the same line and exit code", "[prompt_budget][e2e]") {
    TempDir dir;
    ScenarioOptions options;
    Server server(options);
    const auto result =
        run_parley({"debate", "--dry-run", "-c", write_config(dir, server.fake, 1, 1'024).string(), "-p", kProblem});
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.out, Catch::Contains("Stops: agent-architect (architect), round 1 proposals: not sent:"));
    CHECK_THAT(result.err, Catch::Contains("context budget of 1024 tokens (configured)"));
    CHECK(server.fake.requests().empty());
}
