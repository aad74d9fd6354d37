#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "tools/tools.hpp"

namespace fs = std::filesystem;
using parley::testing::TempDir;
using parley::tools::ContextFolder;
using parley::tools::run_tool;
using parley::tools::ToolEnvironment;

namespace {

constexpr const char* kEnvKey = "sk-proj-ENVFILEKEY0123456789abcdefgh";

struct Fixture {
    TempDir temp;
    ContextFolder folder;
    ToolEnvironment env;

    static ContextFolder make(const TempDir& temp) {
        temp.write("ctx/capacity.md", "# Capacity\n\nPeak load: 1200 jobs/s\nWorkers: 40\nRedis memory: 16 GB\n");
        temp.write("ctx/runbook/restart.md", "Restart workers one at a time.\nAuthorization: Bearer runbooktoken123\n");
        temp.write("ctx/.env", std::string("OPENAI_API_KEY=") + kEnvKey + "\n");
        temp.write("ctx/notes.txt", "the configured key is configuredvalue99 here\n");
        return *ContextFolder::open(temp.path() / "ctx");
    }

    Fixture() : folder(make(temp)) {
        env.folder = &folder;
        env.secret_values = {"configuredvalue99"};
    }
};

} // namespace

TEST_CASE("list_files lists the folder with sizes, by glob, without secret files", "[tools]") {
    Fixture f;
    const auto all = run_tool("list_files", "{}", f.env);
    REQUIRE(all.ok);
    REQUIRE_THAT(all.text, Catch::Contains("capacity.md  (") && Catch::Contains("runbook/restart.md"));
    REQUIRE_THAT(all.text, Catch::Contains("1 entries withheld"));
    REQUIRE(all.text.find(".env  (") == std::string::npos);
    const auto md = run_tool("list_files", R"({"glob": "*.md", "depth": 1})", f.env);
    REQUIRE(md.text.rfind("capacity.md", 0) == 0);
    REQUIRE(md.text.find("restart.md") == std::string::npos);
}

TEST_CASE("file_read numbers lines, honours a range and records what it read", "[tools]") {
    Fixture f;
    const auto range = run_tool("file_read", R"({"path": "capacity.md", "start_line": 3, "end_line": 4})", f.env);
    REQUIRE(range.ok);
    REQUIRE(range.text == "capacity.md (lines 3-4 of 5)\n3| Peak load: 1200 jobs/s\n4| Workers: 40\n");
    REQUIRE(range.reads.size() == 1);
    REQUIRE(range.reads[0].path == "capacity.md");
    REQUIRE(range.reads[0].first_line == 3);
    REQUIRE(range.reads[0].last_line == 4);
}

TEST_CASE("no tool gives a secret back", "[tools][secrets]") {
    Fixture f;
    const auto env_file = run_tool("file_read", R"({"path": ".env"})", f.env);
    REQUIRE_FALSE(env_file.ok);
    REQUIRE(env_file.text.find(kEnvKey) == std::string::npos);
    const auto search = run_tool("search", R"({"query": "OPENAI_API_KEY sk-proj"})", f.env);
    REQUIRE(search.text.find(kEnvKey) == std::string::npos);
    REQUIRE(search.text.find(".env") == std::string::npos);
    const auto regex = run_tool("search", R"({"query": "sk-[a-z]+", "regex": true})", f.env);
    REQUIRE(regex.text.find("ENVFILEKEY") == std::string::npos);
    const auto runbook = run_tool("file_read", R"({"path": "runbook/restart.md"})", f.env);
    REQUIRE(runbook.text.find("runbooktoken123") == std::string::npos);
    REQUIRE(runbook.redactions == 1);
    const auto notes = run_tool("file_read", R"({"path": "notes.txt"})", f.env);
    REQUIRE(notes.text.find("configuredvalue99") == std::string::npos);
}

TEST_CASE("search finds words and regular expressions with file and line", "[tools]") {
    Fixture f;
    const auto words = run_tool("search", R"({"query": "peak jobs"})", f.env);
    REQUIRE(words.ok);
    REQUIRE(words.text.rfind("capacity.md:3: Peak load: 1200 jobs/s\n", 0) == 0);
    REQUIRE(words.reads.size() == 1);
    const auto regex = run_tool("search", R"({"query": "[0-9]+ GB", "regex": true})", f.env);
    REQUIRE(regex.text == "capacity.md:5: Redis memory: 16 GB\n");
    REQUIRE(run_tool("search", R"({"query": "zebra"})", f.env).text == "no matches\n");
}

TEST_CASE("search refuses patterns that backtrack without end", "[tools]") {
    Fixture f;
    for (const char* pattern : {R"({"query": "(a+)+b", "regex": true})", R"({"query": "(x*)*", "regex": true})",
                                R"({"query": "(a)\\1", "regex": true})", R"({"query": "[", "regex": true})"}) {
        INFO(pattern);
        REQUIRE_FALSE(run_tool("search", pattern, f.env).ok);
    }
}

TEST_CASE("a bad tool call is refused with one line for the model", "[tools]") {
    Fixture f;
    REQUIRE_FALSE(run_tool("shell", "{}", f.env).ok);
    REQUIRE_FALSE(run_tool("file_read", "[1,2]", f.env).ok);
    REQUIRE_FALSE(run_tool("file_read", R"({"path": 7})", f.env).ok);
    REQUIRE_FALSE(run_tool("file_read", std::string(5000, ' '), f.env).ok);
    const auto huge = run_tool("file_read", R"({"path": "capacity.md", "start_line": 1e300})", f.env);
    REQUIRE_FALSE(huge.ok);
    ToolEnvironment no_folder;
    REQUIRE_THAT(run_tool("list_files", "{}", no_folder).text, Catch::Contains("no context folder"));
}

TEST_CASE("context_search returns the passages of the history that share the most words", "[tools]") {
    ToolEnvironment env;
    env.history = {{"proposal (architect)", "We shard by tenant.\n\nRetries use exponential backoff with jitter."},
                   {"critique (security)", "Backoff is fine.\n\nTenant isolation is weak."}};
    const auto result = run_tool("context_search", R"({"term": "exponential backoff jitter"})", env);
    REQUIRE(result.ok);
    REQUIRE(result.text.rfind("[proposal (architect)]\nRetries use exponential backoff with jitter.", 0) == 0);
}

TEST_CASE("a file that changed since it was read is named", "[tools]") {
    Fixture f;
    const auto read = run_tool("file_read", R"({"path": "capacity.md"})", f.env);
    REQUIRE(parley::tools::changed_files(read.reads, f.folder).empty());
    f.temp.write("ctx/capacity.md", "Peak load: 900 jobs/s\n");
    REQUIRE(parley::tools::changed_files(read.reads, f.folder) == std::vector<std::string>{"capacity.md"});
}
