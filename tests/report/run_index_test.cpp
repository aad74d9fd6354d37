#include <catch2/catch.hpp>

#include "report/html_run_index.hpp"
#include "report/link_destination.hpp"
#include "report/run_index.hpp"
#include "support/temp_dir.hpp"
#include "util/sha256.hpp"

using namespace parley::report;
using parley::testing::read_file;

namespace {

const std::string kSample = std::string(PARLEY_SOURCE_DIR) + "/reports/task-queue.json";

const char* kEval = R"({"evaluation": {"functional_completeness": {"average_score": 7}}, "overall_score": 7.5,
  "agents": {}, "parley": {"document": "designs/queue.md", "samples": 1, "usableEvaluators": 2,
  "evaluators": [{"id": "a", "model": "gpt-4o"}, {"id": "b", "model": "llama3"}], "costUsd": null, "tokens": 1200}})";

const char* kSweep = R"({"sweepId": "s-1", "jobs": [
  {"problem": "webhooks.md", "config": "pair.json", "status": "done", "costUsd": 0.25, "json": "d-1.json"},
  {"problem": "billing.md", "config": "pair.json", "status": "failed", "costUsd": 0.5, "json": "d-2.json"}]})";

} // namespace

TEST_CASE("a saved debate becomes a row: problem, panel, models, status, confidence, cost, tokens, time",
          "[report][runs]") {
    const auto reading = read_run(read_file(kSample), "out/task-queue.json");
    REQUIRE(reading.entry);
    CHECK_FALSE(reading.damage);
    const auto& e = *reading.entry;
    CHECK(e.kind == RunKind::debate);
    CHECK(e.path == "out/task-queue.json");
    CHECK_FALSE(e.problem.empty());
    CHECK(e.config.find("agents") != std::string::npos);
    CHECK_FALSE(e.models.empty());
    CHECK(e.confidence.has_value());
    CHECK(e.tokens.has_value());
    CHECK(e.time == "2026-01-01T00:00:00.000Z");
}

TEST_CASE("an evaluation and a sweep index become rows; an unknown cost shows as unknown, never $0", "[report][runs]") {
    const auto eval = read_run(kEval, "eval.json");
    REQUIRE(eval.entry);
    CHECK(eval.entry->kind == RunKind::eval);
    CHECK(eval.entry->problem == "designs/queue.md");
    CHECK(eval.entry->models == "gpt-4o, llama3");
    CHECK(eval.entry->config == "2 evaluators");
    CHECK(run_result_text(*eval.entry) == "score 7.5/10");
    CHECK_FALSE(eval.entry->cost_usd);
    CHECK(run_cost_text(*eval.entry) == "unknown");
    CHECK(*eval.entry->tokens == 1200);

    const auto sweep = read_run(kSweep, "s/sweep.json");
    REQUIRE(sweep.entry);
    CHECK(sweep.entry->kind == RunKind::sweep);
    CHECK(sweep.entry->problem == "webhooks.md, billing.md");
    CHECK(sweep.entry->config == "pair.json");
    CHECK(sweep.entry->status == "1 done, 1 failed");
    CHECK(run_cost_text(*sweep.entry) == "$0.75");
    REQUIRE(sweep.entry->debate_configs.size() == 2);
    CHECK(sweep.entry->debate_configs[1] == std::pair<std::string, std::string>{"d-2.json", "pair.json"});

    RunEntry priced;
    priced.cost_usd = 0.0123;
    priced.unpriced_calls = 2;
    CHECK(run_cost_text(priced) == "$0.0123 + unknown for 2 calls");
}

TEST_CASE("JSON that is not parley's is skipped silently; a damaged run says why in one line", "[report][runs]") {
    for (const char* other : {R"({"name": "my-package", "version": "1.0.0"})", "[1, 2, 3]", "not json at all"}) {
        const auto reading = read_run(other, "x.json");
        CHECK_FALSE(reading.entry);
        CHECK_FALSE(reading.damage);
    }
    const auto text = read_file(kSample);
    const auto cut = read_run(text.substr(0, text.size() / 2), "cut.json");
    CHECK_FALSE(cut.entry);
    REQUIRE(cut.damage);
    CHECK(cut.damage->find("not valid JSON") != std::string::npos);

    const auto wrong = read_run(R"({"id": "d-1", "problem": "p", "status": "completed", "rounds": 3})", "w.json");
    CHECK_FALSE(wrong.entry);
    REQUIRE(wrong.damage);
    CHECK(wrong.damage->find("rounds") != std::string::npos);
    CHECK(wrong.damage->find('\n') == std::string::npos);
}

TEST_CASE("filters narrow by kind, time, problem and status; newest first", "[report][runs]") {
    std::vector<RunEntry> runs(3);
    runs[0].kind = RunKind::debate;
    runs[0].problem = "Webhook delivery";
    runs[0].status = "completed";
    runs[0].time = "2026-12-01T10:00:00.000Z";
    runs[0].path = "a.json";
    runs[1].kind = RunKind::eval;
    runs[1].problem = "billing";
    runs[1].status = "scored";
    runs[1].time = "2026-12-05T10:00:00.000Z";
    runs[1].path = "b.json";
    runs[2].kind = RunKind::debate;
    runs[2].problem = "webhooks again";
    runs[2].status = "failed";
    runs[2].time = "2026-11-20T10:00:00.000Z";
    runs[2].path = "c.json";
    sort_newest_first(runs);
    CHECK(runs[0].path == "b.json");
    CHECK(runs[2].path == "c.json");

    RunFilter filter;
    filter.kind = RunKind::debate;
    filter.problem = "WEBHOOK";
    CHECK_FALSE(filter.matches(runs[0]));
    CHECK(filter.matches(runs[1]));
    CHECK(filter.matches(runs[2]));
    filter.since = "2026-11-25";
    CHECK_FALSE(filter.matches(runs[2]));
    filter.since.clear();
    filter.status = "fail";
    CHECK_FALSE(filter.matches(runs[1]));
    CHECK(filter.matches(runs[2]));
    CHECK(parse_run_kind("sweep") == RunKind::sweep);
    CHECK_FALSE(parse_run_kind("debates"));
}

TEST_CASE("a file link is relative and percent-encoded: no scheme, no query, no way out of the attribute",
          "[report][runs]") {
    CHECK(relative_file_href("out/d-1.html") == "out/d-1.html");
    CHECK(relative_file_href("my runs/a\"b<c>.html") == "my%20runs/a%22b%3Cc%3E.html");
    CHECK(relative_file_href("javascript:alert(1)") == "javascript%3Aalert%281%29");
    CHECK(relative_file_href("a#b?c.html") == "a%23b%3Fc.html");
    CHECK(relative_file_href("../other/d.html") == "../other/d.html");
    CHECK(relative_file_href("/etc/passwd").empty());
    CHECK(relative_file_href("//evil.example/x").empty());
    CHECK(relative_file_href("").empty());
}

TEST_CASE("the runs page pins its one inline script by hash and shows hostile text as text", "[report][runs]") {
    RunIndex index;
    index.folder = "runs <b>";
    RunEntry e;
    e.kind = RunKind::debate;
    e.path = "d/x.json";
    e.report = "d/x.html";
    e.problem = "<img src=x onerror=alert(1)> webhooks";
    e.models = "gpt-4o";
    e.status = "completed";
    e.confidence = 72;
    e.time = "2026-12-01T10:00:00.000Z";
    index.runs.push_back(e);
    index.damaged.push_back({"broken.json", "not valid JSON"});
    const auto html = render_run_index_html(index);

    const std::string hash = parley::util::sha256_base64(run_index_script());
    CHECK(html.find("script-src &#39;sha256-" + hash + "&#39;") != std::string::npos);
    CHECK(html.find("default-src &#39;none&#39;") != std::string::npos);
    const std::string script = "<script>" + std::string(run_index_script()) + "</script>";
    CHECK(html.find(script) != std::string::npos);
    CHECK(html.find("<script", html.find("<script") + 1) == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt; webhooks") != std::string::npos);
    CHECK(html.find("<a href=\"d/x.html\">") != std::string::npos);
    CHECK(html.find("<a href=\"d/x.json\">json</a>") != std::string::npos);
    CHECK(html.find("broken.json: not valid JSON") != std::string::npos);
    CHECK(html.find("data-sort=\"72\"") != std::string::npos);
}
