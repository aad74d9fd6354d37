#pragma once
// What the end-to-end tests of misbehaving models share: a scripted scenario with the fake serving it, and the
// participants of a config that talks to that fake.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"

namespace parley::testing {

/// A scenario and the fake serving it; the scenario outlives the server's threads.
struct ScenarioServer {
    Scenario scenario;
    FakeProvider fake;

    explicit ScenarioServer(ScenarioOptions options);

    /// How many requests held `text` in their body.
    std::size_t requests_with(const std::string& text) const;
};

/// A deterministic scenario whose answers misbehave as `kind` the first `times` times.
ScenarioOptions misbehaving(Misbehaviour kind, std::size_t times = SIZE_MAX);

/// The short time limits of a test against the loopback fake.
nlohmann::json fake_timeouts(long first_byte_ms = 3000, long idle_ms = 1000, long total_ms = 15000);

/// A config participant that talks to `fake` (openai-compatible, not streamed) with `timeouts`.
nlohmann::json fake_participant(const FakeProvider& fake, const std::string& id, const std::string& role,
                                const nlohmann::json& timeouts = fake_timeouts());

} // namespace parley::testing
