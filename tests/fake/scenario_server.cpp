#include "fake/scenario_server.hpp"

#include <utility>

namespace parley::testing {

namespace {

FakeOptions serving(Scenario& scenario) {
    FakeOptions options;
    options.responder = scenario.responder();
    return options;
}

} // namespace

ScenarioServer::ScenarioServer(ScenarioOptions options) : scenario(std::move(options)), fake(serving(scenario)) {}

std::size_t ScenarioServer::requests_with(const std::string& text) const {
    std::size_t n = 0;
    for (const auto& r : fake.requests()) {
        n += r.body.find(text) != std::string::npos ? 1 : 0;
    }
    return n;
}

ScenarioOptions misbehaving(Misbehaviour kind, std::size_t times) {
    ScenarioOptions options;
    options.deterministic = true;
    options.misbehave = kind;
    options.misbehave_times = times;
    options.base.piece_bytes = 256;
    return options;
}

nlohmann::json fake_timeouts(long first_byte_ms, long idle_ms, long total_ms) {
    return {{"connectMs", 1000}, {"firstByteMs", first_byte_ms}, {"idleMs", idle_ms}, {"totalMs", total_ms}};
}

nlohmann::json fake_participant(const FakeProvider& fake, const std::string& id, const std::string& role,
                                const nlohmann::json& timeouts) {
    return {{"id", id},
            {"name", id},
            {"role", role},
            {"model", "fake-model-1"},
            {"provider", "openai-compatible"},
            {"baseUrl", fake.base_url()},
            {"stream", false},
            {"timeouts", timeouts}};
}

} // namespace parley::testing
