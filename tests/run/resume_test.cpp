#include <catch2/catch.hpp>

#include <filesystem>

#include "run/resume.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using parley::testing::TempDir;

namespace {

run::DebateOptions every_option() {
    run::DebateOptions o;
    o.config_file = "cfg/config.json";
    o.agents = {"architect", "kiss"};
    o.rounds = 3;
    o.output_dir = "out";
    o.report_file = "out/report.md";
    o.html = true;
    o.offline = true;
    o.seed = 18'446'744'073'709'551'615ULL;
    o.clarify = true;
    o.answers_file = "answers.json";
    o.env_file = "keys.env";
    o.env_file_required = true;
    o.cache = true;
    o.max_cost_usd = 0.0000001;
    o.max_tokens = 50'000;
    return o;
}

std::string absolute(const std::string& path) {
    return std::filesystem::absolute(path).string();
}

} // namespace

TEST_CASE("a run record gives back the options it was started with, paths made absolute", "[run][resume]") {
    const auto given = every_option();
    store::RunRecord run;
    run.id = "deb-1";
    run.state["options"] = run::resume_state(given, run::Problem{"text", "problems/p.md"});
    const auto back = run::options_of_run(run);
    REQUIRE(back);
    CHECK(back->problem_files == std::vector<std::string>{absolute("problems/p.md")});
    CHECK_FALSE(back->problem_text);
    CHECK(back->config_file == absolute("cfg/config.json"));
    CHECK(back->agents == given.agents);
    CHECK(back->rounds == 3);
    CHECK(back->output_dir == absolute("out"));
    CHECK(back->report_file == absolute("out/report.md"));
    CHECK(back->html);
    CHECK(back->offline);
    CHECK(back->seed == given.seed);
    CHECK(back->clarify);
    CHECK(back->answers_file == absolute("answers.json"));
    CHECK(back->env_file == absolute("keys.env"));
    CHECK(back->env_file_required);
    CHECK(back->cache);
    CHECK(back->max_cost_usd == given.max_cost_usd);
    CHECK(back->max_tokens == 50'000);
}

TEST_CASE("a problem given as text is kept as text", "[run][resume]") {
    store::RunRecord run;
    run.state["options"] = run::resume_state(run::DebateOptions{}, run::Problem{"Design a cache", std::nullopt});
    const auto back = run::options_of_run(run);
    REQUIRE(back);
    CHECK(back->problem_text == "Design a cache");
    CHECK(back->problem_files.empty());
    CHECK_FALSE(back->rounds);
    CHECK_FALSE(back->env_file_required);
}

TEST_CASE("a run recorded by an older build resumes from its command line", "[run][resume]") {
    const auto given = every_option();
    store::RunRecord run;
    run.id = "deb-old";
    run.command_line = run::resume_command_line(given, run::Problem{"text", "problems/p.md"});
    const auto back = run::options_of_run(run);
    REQUIRE(back);
    CHECK(back->problem_files == std::vector<std::string>{absolute("problems/p.md")});
    CHECK(back->config_file == absolute("cfg/config.json"));
    CHECK(back->agents == given.agents);
    CHECK(back->rounds == 3);
    CHECK(back->seed == given.seed);
    CHECK(back->offline);
    CHECK(back->clarify);
    CHECK(back->cache);
    CHECK(back->html);
    CHECK(back->env_file_required);
    CHECK(back->max_cost_usd == given.max_cost_usd);
    CHECK(back->max_tokens == 50'000);

    run.command_line = {"debate", "Design a cache", "-o", "/tmp/out"};
    const auto text = run::options_of_run(run);
    REQUIRE(text);
    CHECK(text->problem_text == "Design a cache");
}

TEST_CASE("a run record that cannot be read back is refused in one line", "[run][resume]") {
    store::RunRecord run;
    run.id = "deb-bad";
    SECTION("neither options nor a command line") {}
    SECTION("a command line of another command") {
        run.command_line = {"report", "x.json"};
    }
    SECTION("a flag older builds never wrote") {
        run.command_line = {"debate", "-p", "p.md", "--bogus", "1"};
    }
    SECTION("options of the wrong type") {
        run.state["options"] = {{"problem", 7}};
    }
    SECTION("rounds out of the flags' range") {
        auto o = run::DebateOptions{};
        o.rounds = 0;
        run.state["options"] = run::resume_state(o, run::Problem{"text", std::nullopt});
    }
    const auto back = run::options_of_run(run);
    REQUIRE_FALSE(back);
    CHECK(back.error().kind == ErrorKind::io);
    CHECK(back.error().message == "resume: run deb-bad has no command to resume");
}

TEST_CASE("resume options name the journal's run and take the resume's verbosity", "[run][resume]") {
    TempDir dir;
    const auto path = dir.path() / "journal.sqlite";
    {
        auto journal = store::Journal::open(path);
        REQUIRE(journal);
        store::RunRecord run;
        run.id = "deb-7";
        run.config_hash = "c";
        run.problem_hash = "p";
        run.state["options"] = run::resume_state(run::DebateOptions{}, run::Problem{"Design a cache", std::nullopt});
        REQUIRE(journal->begin_run(run));
    }
    const auto options = run::resume_options({"deb-7", path.string(), util::Verbosity::quiet});
    REQUIRE(options);
    CHECK(options->resume_id == "deb-7");
    CHECK(options->journal_file == std::filesystem::absolute(path).string());
    CHECK(options->verbosity == util::Verbosity::quiet);
    CHECK(options->problem_text == "Design a cache");

    const auto unknown = run::resume_options({"deb-8", path.string(), util::Verbosity::normal});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(unknown.error().message, Catch::Contains("holds no run deb-8"));

    const auto missing = run::resume_options({"deb-7", (dir.path() / "none.sqlite").string(), {}});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(missing.error().message, Catch::Contains("no journal at"));
}

TEST_CASE("a run record keeps the context file, the JSON file and a built-in preset's name", "[run][resume]") {
    auto given = every_option();
    given.context_file = "notes/context.md";
    given.json_file = "out/result.json";
    given.config_file = "openai.json"; // a bare preset name: no such file here, the built-in preset
    store::RunRecord run;
    run.id = "deb-1";
    run.state["options"] = run::resume_state(given, run::Problem{"text", "problems/p.md"});
    const auto back = run::options_of_run(run);
    REQUIRE(back);
    CHECK(back->context_file == absolute("notes/context.md"));
    CHECK(back->json_file == absolute("out/result.json"));
    CHECK(back->config_file == "openai.json");
}
