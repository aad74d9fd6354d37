// `parley review --panel`: model reviewers beside the rules, the binary against the loopback fake provider.

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::read_file;
using parley::testing::RecordedRequest;
using parley::testing::run_parley;
using parley::testing::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKeyEnv = "PARLEY_PANEL_KEY";
const std::vector<std::string> kEnv{std::string(kKeyEnv) + "=sk-panel-5e2a9c1b7d3f"};
const std::string kSentence = "Workers lease each job for 30 seconds and renew the lease with heartbeats.";
const std::string kDesign = "# Queue\n\n" + kSentence +
                            "\nFailed jobs are retried up to 5 times with exponential backoff and jitter, then moved "
                            "to a dead-letter queue.\n";

// Answers by the model asked: one that calls every concern contradicted, one that quotes a sentence the design
// never says beside a real one, one that answers in prose.
FakeOptions scripted() {
    FakeOptions options;
    options.responder = [](const RecordedRequest& r, std::size_t) {
        const auto model = json::parse(r.body).value("model", std::string());
        if (model == "m-disagree") {
            return FakeReply::answer(
                json{{"status", "contradicted"}, {"quotes", json::array({kSentence})}, {"reason", "r"}}.dump());
        }
        if (model == "m-invent") {
            return FakeReply::answer("```json\n" +
                                     json{{"status", "covered"},
                                          {"quotes", json::array({kSentence, "Jobs are stored on three replicas."})},
                                          {"reason", "stated"}}
                                         .dump() +
                                     "\n```");
        }
        return FakeReply::answer("Looks fine to me, nothing to add.");
    };
    return options;
}

fs::path write_panel(const TempDir& dir, const FakeProvider& fake, const std::vector<std::string>& models) {
    json agents = json::array();
    for (std::size_t i = 0; i < models.size(); ++i) {
        agents.push_back({{"id", "rev-" + std::to_string(i + 1)},
                          {"name", "reviewer " + std::to_string(i + 1)},
                          {"model", models[i]},
                          {"provider", "openai-compatible"},
                          {"baseUrl", fake.base_url()},
                          {"apiKeyEnv", kKeyEnv},
                          {"enabled", true}});
    }
    return dir.write("panel.json", json{{"agents", agents}}.dump(2));
}

json run_panel(const TempDir& dir, const fs::path& panel) {
    const auto design = dir.write("design.md", kDesign);
    const auto out = dir.path() / "review.json";
    const auto r = run_parley({"review", design.string(), "--panel", panel.string(), "-o", out.string(), "--journal",
                               (dir.path() / "j.sqlite").string(), "-q"},
                              dir.path(), kEnv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(read_file(out));
}

} // namespace

TEST_CASE("review --panel shows a disagreeing model status beside the rule status, never averaged",
          "[app][review][panel]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto j = run_panel(dir, write_panel(dir, fake, {"m-disagree"}));
    const auto& concerns = j["panel"]["concerns"];
    REQUIRE(concerns.size() == j["checklist"].size());
    std::size_t disagreeing = 0;
    for (std::size_t c = 0; c < concerns.size(); ++c) {
        const auto& concern = concerns[c];
        CHECK(concern["reviewers"]["rev-1"]["status"] == "contradicted");
        // The rule status stays the rules' own.
        CHECK(concern["rules"] == j["checklist"][c]["verdict"]);
        if (concern["rules"] != "contradicted") {
            CHECK(concern["agreement"] == "disagree");
            ++disagreeing;
        }
    }
    CHECK(disagreeing > 0);
    CHECK(j["panel"]["summary"]["disagreements"] == disagreeing);

    const auto design = dir.path() / "design.md";
    const auto md = run_parley({"review", design.string(), "--panel", (dir.path() / "panel.json").string(), "--journal",
                                (dir.path() / "j.sqlite").string(), "-q"},
                               dir.path(), kEnv);
    REQUIRE(md.exit_code == 0);
    CHECK_THAT(md.out, Catch::Contains("## Model panel beside the rules"));
    CHECK_THAT(md.out, Catch::Contains("| contradicted — r (1 quote) | **disagree** |"));
}

TEST_CASE("review --panel drops and counts a quote the design never says", "[app][review][panel]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto j = run_panel(dir, write_panel(dir, fake, {"m-invent"}));
    const auto& concerns = j["panel"]["concerns"];
    for (const auto& concern : concerns) {
        const auto& a = concern["reviewers"]["rev-1"];
        CHECK(a["quotes"] == json::array({kSentence}));
        CHECK(a["dropped_quotes"] == 1);
    }
    CHECK(j["panel"]["summary"]["dropped_quotes"] == concerns.size());
}

TEST_CASE("review --panel reports a reviewer's broken JSON as no answer, not as agreement", "[app][review][panel]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto j = run_panel(dir, write_panel(dir, fake, {"m-prose"}));
    const auto& concerns = j["panel"]["concerns"];
    for (const auto& concern : concerns) {
        const auto& a = concern["reviewers"]["rev-1"];
        CHECK(a["status"].is_null());
        CHECK_THAT(a["error"].get<std::string>(), Catch::Contains("not the asked JSON"));
        CHECK(concern["agreement"] == "incomplete");
    }
    CHECK(j["panel"]["summary"]["broken_answers"] == concerns.size());
    CHECK(j["panel"]["summary"]["disagreements"] == 0);
}

TEST_CASE("review --panel offline is the rule-based review, labelled so, with no call and no journal",
          "[app][review][panel]") {
    TempDir dir;
    const auto panel = dir.write(
        "offline.json", R"({"agents": [{"id": "review", "model": "parley-offline-1", "provider": "offline"}]})");
    const auto design = dir.write("design.md", kDesign);
    const auto journal = dir.path() / "j.sqlite";
    const auto r = run_parley(
        {"review", design.string(), "--panel", panel.string(), "--journal", journal.string(), "-q"}, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("review is offline: its column is the rule-based review, not a model."));
    CHECK_THAT(r.out, Catch::Contains("| review (offline: rule-based) |"));
    CHECK_THAT(r.out, Catch::Contains("offline: the rule-based review, not a model"));
    CHECK_THAT(r.out, Catch::Contains("0 of "));
    CHECK_FALSE(fs::exists(journal));
}

TEST_CASE("review --panel refuses a panel config it cannot read with exit 2", "[app][review][panel]") {
    TempDir dir;
    const auto design = dir.write("design.md", kDesign);
    const auto r = run_parley({"review", design.string(), "--panel", (dir.path() / "nope.json").string()}, dir.path());
    CHECK(r.exit_code == 2);
}

TEST_CASE("review --panel asks once per concern and serves a rerun from the journal", "[app][review][panel]") {
    TempDir dir;
    FakeProvider fake(scripted());
    const auto first = run_panel(dir, write_panel(dir, fake, {"m-disagree"}));
    const auto asked = fake.requests().size();
    std::size_t chats = 0;
    for (const auto& r : fake.requests()) {
        chats += r.path.find("chat/completions") != std::string::npos ? 1 : 0;
    }
    CHECK(chats == first["checklist"].size());
    const auto again = run_panel(dir, dir.path() / "panel.json");
    CHECK(fake.requests().size() == asked);
    CHECK(again["panel"] == first["panel"]);
}
