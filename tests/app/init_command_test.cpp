// `parley init`: from nothing to a debate on your own server with init and one command.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::Scenario;
using parley::testing::ScenarioOptions;
using parley::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("init asks the server for its models, writes a config on it and a debate runs on it for $0",
          "[app][init][net]") {
    ScenarioOptions so;
    so.deterministic = true;
    so.base.model = "local-llm-7b";
    so.base.piece_bytes = 64;
    Scenario scenario(so);
    FakeOptions fo;
    fo.responder = scenario.responder();
    fo.default_reply.model = "local-llm-7b";
    FakeProvider fake(fo);
    TempDir dir;

    auto init = run_parley({"init", "--base-url", fake.base_url()}, dir.path());
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    CHECK_THAT(init.out, Catch::Contains("model local-llm-7b: the first of the 1 model(s) the server lists"));
    CHECK_THAT(init.out, Catch::Contains("parley debate -c parley.json"));
    const auto config = json::parse(read_file(dir.path() / "parley.json"));
    CHECK(config["defaults"]["provider"] == "openai-compatible");
    CHECK(config["defaults"]["baseUrl"] == fake.base_url());
    CHECK(config["defaults"]["model"] == "local-llm-7b");
    CHECK_FALSE(config["agents"][0].contains("model"));

    auto check = run_parley({"config", "check", "parley.json", "--strict"}, dir.path());
    CHECK(check.exit_code == 0);

    auto debate = run_parley(
        {"debate", "-q", "-c", "parley.json", "Design a rate limiter for our public API", "--rounds", "1", "-o", "out"},
        dir.path());
    INFO(debate.err);
    REQUIRE(debate.exit_code == 0);
    json state;
    for (const auto& e : fs::directory_iterator(dir.path() / "out")) {
        if (e.path().extension() == ".json") {
            state = json::parse(read_file(e.path()));
        }
    }
    REQUIRE(state.is_object());
    CHECK(state["status"] == "completed");
    // An unpriced model on a loopback server costs nothing, not "unknown".
    CHECK(state["parley"]["metrics"]["cost"]["usd"] == 0);
    CHECK(state["parley"]["metrics"]["cost"].value("unknownCalls", 0) == 0);
}

TEST_CASE("init keeps the model asked for and says when the server lacks it", "[app][init][net]") {
    FakeProvider fake;
    TempDir dir;
    auto r = run_parley({"init", "--base-url", fake.base_url(), "--model", "qwen", "-o", "mine.json"}, dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("lists no model \"qwen\""));
    CHECK(json::parse(read_file(dir.path() / "mine.json"))["defaults"]["model"] == "qwen");
}

TEST_CASE("init refuses to overwrite a file", "[app][init]") {
    TempDir dir;
    dir.write("parley.json", "{}");
    auto r = run_parley({"init", "--model", "m"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("parley.json exists; parley init never overwrites a file"));
    CHECK(read_file(dir.path() / "parley.json") == "{}");
}

TEST_CASE("init against nothing listening writes the provider's usual model and says so", "[app][init]") {
    TempDir dir;
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    auto r = run_parley({"init", "--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1", "-q"}, dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("warning:"));
    CHECK_THAT(r.err, Catch::Contains("change it to one your server has"));
    const auto config = json::parse(read_file(dir.path() / "parley.json"));
    CHECK(config["defaults"]["provider"] == "vllm");
    CHECK(config["defaults"]["model"] == "Qwen/Qwen2.5-7B-Instruct");
}
