// Debates over a context folder: dialectic 0.7's --context DIR with tools, the secret boundary checked over every
// byte sent and written, and a kill in the middle of a tool exchange.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::ToolStep;
namespace fs = std::filesystem;

namespace {

const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";
constexpr const char* kKeyEnv = "PARLEY_TOOLS_KEY";
constexpr const char* kKey = "sk-tools-7f3a9c0d1b2e4f5a6b7c8d9e";
// The secrets the context folder holds: a key in .env, and a bearer token in a runbook that may be read.
constexpr const char* kEnvFileKey = "sk-proj-ENVFILEKEY0123456789abcdefghij";
constexpr const char* kRunbookToken = "rb-token-9f8e7d6c5b4a39281706";

// A context folder with a capacity sheet, a runbook and secrets beside them.
fs::path write_context(const TempDir& dir) {
    dir.write("docs/capacity.md", "# Capacity sheet\n\nPeak load: 1200 requests per second per tenant\n"
                                  "Redis cluster: 6 shards, 16 GB each\nWorkers: 40 pods\n");
    dir.write("docs/runbook.md", std::string("Restart the limiter pods one by one.\ncurl -H 'Authorization: Bearer ") +
                                     kRunbookToken + "' https://limiter.internal/drain\n");
    dir.write("docs/.env", std::string("OPENAI_API_KEY=") + kEnvFileKey + "\n");
    dir.write("docs/deploy/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAB3NzaC1yc2E\n");
    return dir.path() / "docs";
}

json participant(const std::string& id, const std::string& role, const FakeProvider& fake) {
    return {{"id", id},
            {"name", id},
            {"role", role},
            {"model", "fake-model-1"},
            {"provider", "openai-compatible"},
            {"baseUrl", fake.base_url()},
            {"apiKeyEnv", kKeyEnv},
            {"stream", true},
            {"timeouts", {{"connectMs", 1000}, {"firstByteMs", 30000}, {"idleMs", 30000}, {"totalMs", 60000}}}};
}

// A dialectic 0.7 config: tools by name (one unknown), toolCallLimit, one round, on the fake.
fs::path write_config(const TempDir& dir, const FakeProvider& fake, std::vector<std::string> agents) {
    json list = json::array();
    for (const auto& role : agents) {
        auto agent = participant("agent-" + role, role, fake);
        agent["tools"] = json::array({{{"name", "list_files"}},
                                      {{"name", "file_read"}},
                                      {{"name", "search"}},
                                      {{"name", "context_search"}},
                                      {{"name", "web_browse"}}});
        agent["toolCallLimit"] = 4;
        list.push_back(agent);
    }
    const json config{{"agents", list},
                      {"judge", participant("judge-main", "generalist", fake)},
                      {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                      {"queue", {{"retry", {{"maxAttempts", 2}, {"baseDelayMs", 5}, {"maxDelayMs", 20}}}}}};
    return dir.write("config.json", config.dump(2));
}

// Every agent's script: list the folder, try the .env, read the capacity sheet, search the runbook; then answer.
std::vector<ToolStep> reading_script() {
    return {{"# Your tools", 0, "list_files", "{}"},
            {"# Your tools", 1, "file_read", R"({"path": ".env"})"},
            {"# Your tools", 2, "file_read", R"({"path": "capacity.md"})"},
            {"# Your tools", 3, "search", R"({"query": "Authorization drain"})"}};
}

std::string debate_json_in(const fs::path& out) {
    for (const auto& e : fs::directory_iterator(out)) {
        if (e.path().extension() == ".json") {
            return read_file(e.path());
        }
    }
    return {};
}

std::vector<std::string> env() {
    return {std::string(kKeyEnv) + "=" + kKey};
}

} // namespace

TEST_CASE(
    "a dialectic 0.7 command with --context DIR and a config with tools runs with offline agents citing the sheet",
    "[app][tools]") {
    TempDir dir;
    write_context(dir);
    const json config{
        {"agents", json::array({{{"id", "agent-architect"},
                                 {"role", "architect"},
                                 {"model", "parley-offline-1"},
                                 {"provider", "offline"},
                                 {"tools", json::array({{{"name", "list_files"}}, {{"name", "file_read"}}})},
                                 {"toolCallLimit", 10}}})},
        {"debate", {{"rounds", 1}}}};
    dir.write("config.json", config.dump());
    const auto out = dir.path() / "out";
    const auto run = run_parley(
        {"debate", "-q", "-p", kProblem, "-c", "config.json", "--context", "./docs", "-o", out.string()}, dir.path());
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const json debate = json::parse(debate_json_in(out));
    const auto& proposal = debate["rounds"][0]["contributions"][0];
    const auto& tools = proposal["metadata"]["parley"]["tools"];
    CHECK(tools["calls"].size() >= 2);
    CHECK_THAT(tools["filesRead"].dump(), Catch::Contains("capacity.md:1-5"));
    // The capacity figure is cited with its file and line, verbatim.
    CHECK_THAT(proposal["content"].get<std::string>(),
               Catch::Contains("(capacity.md:3) Peak load: 1200 requests per second per tenant"));
    CHECK_THAT(read_file(fs::path(out) / (debate["id"].get<std::string>() + ".md")),
               Catch::Contains("## Context folder") && Catch::Contains("capacity.md:1-5"));
}

TEST_CASE("no secret of the context folder reaches a request or any file parley writes", "[app][tools]") {
    TempDir dir;
    const auto docs = write_context(dir);
    FakeOptions options;
    options.responder =
        parley::testing::tool_script_responder(reading_script(), parley::testing::usable_verdict_responder());
    FakeProvider fake(options);
    const auto config = write_config(dir, fake, {"architect", "security"});
    const auto out = dir.path() / "out";
    const auto run =
        run_parley({"debate", "-p", kProblem, "-c", config.string(), "--context", docs.string(), "-o", out.string()},
                   dir.path(), env());
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.err, Catch::Contains("unknown tool \"web_browse\", skipped"));

    bool read_the_sheet = false;
    for (const auto& request : fake.requests()) {
        REQUIRE(request.body.find(kEnvFileKey) == std::string::npos);
        REQUIRE(request.body.find("ENVFILEKEY") == std::string::npos);
        REQUIRE(request.body.find(kRunbookToken) == std::string::npos);
        REQUIRE(request.body.find("AAAAB3NzaC1yc2E") == std::string::npos);
        REQUIRE(request.body.find(kKey) == std::string::npos);
        read_the_sheet = read_the_sheet || request.body.find("3| Peak load: 1200") != std::string::npos;
    }
    CHECK(read_the_sheet);
    // Every byte parley wrote: the journal, the debate JSON, the reports, and what it printed.
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(out)) {
        if (!e.is_regular_file()) {
            continue;
        }
        ++files;
        const std::string bytes = read_file(e.path());
        INFO(e.path());
        CHECK(bytes.find(kEnvFileKey) == std::string::npos);
        CHECK(bytes.find(kRunbookToken) == std::string::npos);
        CHECK(bytes.find(kKey) == std::string::npos);
    }
    CHECK(files >= 3);
    CHECK(run.err.find(kEnvFileKey) == std::string::npos);
    CHECK(run.out.find(kRunbookToken) == std::string::npos);

    const json debate = json::parse(debate_json_in(out));
    const std::string report = read_file(out / (debate["id"].get<std::string>() + ".md"));
    CHECK_THAT(report, Catch::Contains("## Context folder") && Catch::Contains("agent-architect") &&
                           Catch::Contains("agent-security") && Catch::Contains("capacity.md:1-5") &&
                           Catch::Contains("runbook.md:2-2") && Catch::Contains("[redacted]"));
    CHECK(debate["parley"]["metrics"]["toolCalls"].get<long>() >= 8);
}

TEST_CASE("a debate killed in the middle of a tool exchange resumes without repeating a model turn or a read",
          "[app][tools]") {
    TempDir dir;
    const auto docs = write_context(dir);
    std::atomic<bool> stall{true};
    FakeOptions options;
    const auto script =
        parley::testing::tool_script_responder(reading_script(), parley::testing::usable_verdict_responder());
    // The first run stalls on the turn that follows the read of the capacity sheet, and is killed there.
    options.responder = [&stall, script](const parley::testing::RecordedRequest& request, std::size_t index) {
        FakeReply reply = script(request, index);
        if (stall && request.body.find("3| Peak load: 1200") != std::string::npos) {
            reply.latency = 20s;
        }
        return reply;
    };
    FakeProvider fake(options);
    const auto config = write_config(dir, fake, {"architect"});
    const auto out = dir.path() / "out";
    const std::vector<std::string> args{"debate",        "-q",        "-p",          kProblem, "-c",
                                        config.string(), "--context", docs.string(), "-o",     out.string()};
    {
        parley::testing::ChildOptions child_options;
        child_options.cwd = dir.path();
        child_options.env = env();
        parley::testing::ChildProcess child(parley::testing::parley_argv(args), child_options);
        const auto give_up = std::chrono::steady_clock::now() + 30s;
        auto stalled = [&] {
            for (const auto& r : fake.requests()) {
                if (r.body.find("3| Peak load: 1200") != std::string::npos) {
                    return true;
                }
            }
            return false;
        };
        while (!stalled() && !child.exited() && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(5ms);
        }
        REQUIRE(stalled());
        child.signal(SIGKILL);
        REQUIRE(child.wait() == 128 + SIGKILL);
    }
    std::vector<parley::testing::RecordedRequest> first_run;
    for (const auto& r : fake.requests()) {
        if (r.path.ends_with("/chat/completions")) {
            first_run.push_back(r);
        }
    }
    // The first turn, the turns after list_files and after the .env refusal, and the stalled one after the read.
    REQUIRE(first_run.size() == 4);
    REQUIRE(first_run.back().body.find("3| Peak load: 1200") != std::string::npos);
    const std::size_t sent_before = fake.requests().size();
    // The sheet changes before the resume: a read repeated now would send the new figure.
    dir.write("docs/capacity.md", "# Capacity sheet\n\nPeak load: 9999 requests per second per tenant\n");
    stall = false;
    auto resumed_args = args;
    resumed_args.push_back("--resume");
    const auto run = run_parley(resumed_args, dir.path(), env());
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto all = fake.requests();
    std::vector<std::string> resumed;
    for (std::size_t i = sent_before; i < all.size(); ++i) {
        resumed.push_back(all[i].body);
    }
    // The finished turns are not asked again; the stalled one is asked again byte for byte, with the old read.
    for (std::size_t i = 0; i + 1 < first_run.size(); ++i) {
        CHECK(std::find(resumed.begin(), resumed.end(), first_run[i].body) == resumed.end());
    }
    CHECK(std::count(resumed.begin(), resumed.end(), first_run.back().body) == 1);
    CHECK_THAT(run.err, Catch::Contains("capacity.md") && Catch::Contains("changed since it was read"));
    const json debate = json::parse(debate_json_in(out));
    CHECK_THAT(debate["rounds"][0]["contributions"][0]["metadata"]["parley"]["tools"]["changedSince"].dump(),
               Catch::Contains("capacity.md"));
}

TEST_CASE("agents whose server has no tool calling get a digest of the folder and the report says so", "[app][tools]") {
    TempDir dir;
    const auto docs = write_context(dir);
    FakeOptions options;
    const auto verdicts = parley::testing::usable_verdict_responder();
    // This server refuses any request that declares tools, as servers without tool calling do.
    options.responder = [verdicts](const parley::testing::RecordedRequest& request, std::size_t index) {
        if (request.body.find("\"tools\":") != std::string::npos) {
            return FakeReply::http_error(400, "this model does not support tools");
        }
        return verdicts(request, index);
    };
    FakeProvider fake(options);
    auto config = json::parse(read_file(write_config(dir, fake, {"architect", "security"})));
    config["agents"][0]["toolCalling"] = false; // marked in the config; the other learns it from the server
    dir.write("config.json", config.dump());
    const auto out = dir.path() / "out";
    const auto run = run_parley(
        {"debate", "-q", "-p", kProblem, "-c", "config.json", "--context", docs.string(), "-o", out.string()},
        dir.path(), env());
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    std::size_t with_digest = 0;
    for (const auto& request : fake.requests()) {
        REQUIRE(request.body.find(kEnvFileKey) == std::string::npos);
        REQUIRE(request.body.find(kRunbookToken) == std::string::npos);
        with_digest += request.body.find("# Context folder (a digest") != std::string::npos ? 1 : 0;
    }
    CHECK(with_digest >= 4);
    const json debate = json::parse(debate_json_in(out));
    for (const auto& c : debate["rounds"][0]["contributions"]) {
        INFO(c["agentId"] << " " << c["type"] << " " << c["metadata"].dump());
        CHECK(c["metadata"]["parley"].value("tools", json::object()).value("digest", false));
    }
    CHECK_THAT(read_file(out / (debate["id"].get<std::string>() + ".md")),
               Catch::Contains("a digest of the folder (its server has no tool calling)"));
}
