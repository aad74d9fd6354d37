#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "support/temp_dir.hpp"

using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kDebateJson = kSource + "/reports/rate-limiter.json";
const std::string kDesign = kSource + "/examples/designs/kafka/sound.md";

// One line on stderr, "parley: " first: what a user sees for any bad input.
void check_one_line(const std::string& err) {
    INFO(err);
    CHECK(err.rfind("parley: ", 0) == 0);
    CHECK(err.find('\n') == err.size() - 1);
}

// Every place a command takes an input file; "FILE" stands for the hostile path.
std::vector<std::vector<std::string>> input_places(const std::string& config, const std::string& problem) {
    return {
        {"debate", "--offline", "--dry-run", "-p", "FILE"},
        {"debate", "--offline", "--dry-run", "-p", problem, "-c", "FILE"},
        {"debate", "--offline", "--dry-run", "-p", problem, "--context", "FILE"},
        {"debate", "--offline", "--dry-run", "-p", problem, "--clarify", "--answers", "FILE"},
        {"debate", "--offline", "--dry-run", "-p", problem, "-e", "FILE"},
        {"debate", "--offline", "--dry-run", "-p", problem, "--log-file", "FILE"},
        {"debate", "--offline", "-p", problem, "--replay", "FILE"},
        {"debate", "--offline", "-p", problem, "--journal", "FILE"},
        {"report", "FILE"},
        {"review", "FILE"},
        {"review", kDesign, "--problem", "FILE"},
        {"eval", "FILE"},
        {"eval", "-d", "FILE"},
        {"eval", "-c", "FILE", kDesign},
        {"eval", kDesign, "--problem", "FILE"},
        {"eval", "--compare", "FILE", kDesign},
        {"debate", "--offline", "-p", problem, "--eval", "FILE"},
        {"config", "check", "FILE"},
        {"sweep", "FILE", "--dry-run"},
        {"sweep", "--dry-run", "-p", "FILE", "-c", config},
        {"sweep", "--dry-run", "-p", problem, "-c", "FILE"},
        {"resume", "deb-x", "--journal", "FILE"},
    };
}

std::vector<std::string> with_file(std::vector<std::string> args, const std::string& file) {
    for (auto& arg : args) {
        if (arg == "FILE") {
            arg = file;
        }
    }
    return args;
}

} // namespace

TEST_CASE("a FIFO with no writer, as any input, is refused at once with one line", "[app][limits][fifo]") {
    TempDir dir;
    const auto fifo = dir.path() / "pipe.md";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto problem = dir.write("p.md", "# Design a rate limiter\n");
    const auto config = kSource + "/examples/rate-limiter/config.json";
    for (const auto& place : input_places(config, problem.string())) {
        const auto args = with_file(place, fifo.string());
        auto r = run_parley(args, dir.path());
        std::string shown;
        for (const auto& a : args) {
            shown += a + " ";
        }
        INFO(shown << "-> " << r.exit_code << ": " << r.err);
        CHECK(r.exit_code == 2);
        check_one_line(r.err);
        CHECK_THAT(r.err, Catch::Contains("FIFO"));
    }
}

TEST_CASE("a device as any input is refused, never read without end", "[app][limits][fifo]") {
    TempDir dir;
    const auto problem = dir.write("p.md", "# Design a rate limiter\n");
    const auto config = kSource + "/examples/rate-limiter/config.json";
    for (const auto& place : input_places(config, problem.string())) {
        const auto args = with_file(place, "/dev/zero");
        auto r = run_parley(args, dir.path());
        INFO(args[0] << " " << args[1] << " -> " << r.exit_code << ": " << r.err);
        CHECK(r.exit_code == 2);
        check_one_line(r.err);
        CHECK_THAT(r.err, Catch::Contains("device"));
    }
}

TEST_CASE("the env file (-e) is bounded like every other input", "[app][limits][env]") {
    TempDir dir;
    const auto problem = dir.write("p.md", "# Design a rate limiter\n");
    const auto big = dir.write("big.env", "A=" + std::string(2 * 1024 * 1024, 'x') + "\n");
    auto r = run_parley({"debate", "--offline", "--dry-run", "-p", problem.string(), "-e", big.string()});
    CHECK(r.exit_code == 2);
    check_one_line(r.err);
    CHECK_THAT(r.err, Catch::Contains(big.string() + " is larger than the limit of 1048576 bytes"));
    const auto small = dir.write("small.env", "OPENAI_API_KEY=sk-test\n");
    r = run_parley({"debate", "--offline", "--dry-run", "-p", problem.string(), "-e", small.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("an output that is an input is refused before any work, and the input is kept", "[app][paths]") {
    TempDir dir;
    const std::string problem_text = "# Design a rate limiter\nKeep it simple.\n";
    const auto p = dir.write("p.md", problem_text);
    const auto d = dir.write("d.md", read_file(kDesign));
    const auto a = dir.write("a.json", read_file(kDebateJson));
    const auto link = dir.path() / "link.md";
    std::filesystem::create_symlink(p, link);
    const std::string ps = p.string();
    const std::string ds = d.string();
    const std::string as = a.string();
    struct Case {
        std::vector<std::string> args;
        std::string input;
        std::string named; ///< what the line must name besides the input
    };
    const std::vector<Case> cases = {
        {{"debate", "--offline", "-p", ps, "-o", ps}, ps, ps},
        {{"debate", "--offline", "-p", ps, "--report", ps}, ps, "--report"},
        {{"debate", "--offline", "-p", ps, "--report", link.string()}, ps, link.string()},
        {{"debate", "--offline", "-p", ps, "--log-file", ps}, ps, "--log-file"},
        {{"debate", "--offline", "-p", ps, "--journal", ps}, ps, "--journal"},
        {{"review", ds, "-o", ds}, ds, "-o"},
        {{"eval", ds, "-o", ds}, ds, "-o"},
        {{"eval", "-d", as, "-o", as}, as, "-o"},
        {{"eval", ds, "--log-file", ds}, ds, "--log-file"},
        {{"report", as, "-o", as}, as, "-o"},
        {{"sweep", "--dry-run", "-p", ps, "-c", kSource + "/examples/rate-limiter/config.json", "--log-file", ps},
         ps,
         "--log-file"},
        {{"sweep", "--redis", "redis://127.0.0.1:1/0", "-p", ps, "-c", kSource + "/examples/rate-limiter/config.json",
          "--log-file", ps},
         ps,
         "--log-file"},
        {{"worker", "--redis", "redis://127.0.0.1:1/0", "--env-file", ps, "--log-file", ps}, ps, "--log-file"},
    };
    for (const auto& c : cases) {
        const auto before = read_file(c.input);
        auto r = run_parley(c.args, dir.path());
        INFO(c.args[0] << " " << c.args.back() << " -> " << r.exit_code << ": " << r.err);
        CHECK(r.exit_code == 2);
        check_one_line(r.err);
        CHECK_THAT(r.err, Catch::Contains("is the same file as the input"));
        CHECK_THAT(r.err, Catch::Contains(c.input));
        CHECK_THAT(r.err, Catch::Contains(c.named));
        CHECK(read_file(c.input) == before);
    }
}

TEST_CASE("two outputs naming one file are refused: the debate JSON is not lost under its report", "[app][paths]") {
    TempDir dir;
    const auto p = dir.write("p.md", "# Design a rate limiter\n");
    const auto out = dir.path() / "out" / "r.json";
    auto r = run_parley({"debate", "--offline", "-p", p.string(), "-o", out.string(), "--report", out.string()});
    CHECK(r.exit_code == 2);
    check_one_line(r.err);
    CHECK_THAT(r.err, Catch::Contains("--report " + out.string() + " is the same file as -o " + out.string()));
    CHECK_FALSE(std::filesystem::exists(out));
}
