#include <catch2/catch.hpp>

#include <atomic>

#include "engine_fixtures.hpp"

using namespace parley;
using namespace parley::queue;
using namespace parley::queue::testing;

namespace {

/// A store that counts what it is asked, over the in-memory one.
class CountingStore final : public DeadLetterStore {
public:
    Result<std::uint64_t> file(const DeadLetter& letter) override {
        ++filed;
        return inner.file(letter);
    }
    Result<std::vector<DeadLetter>> list() const override { return inner.list(); }
    Result<bool> remove(std::uint64_t id) override {
        ++removed;
        return inner.remove(id);
    }

    MemoryDeadLetters inner;
    std::atomic<int> filed{0};
    std::atomic<int> removed{0};
};

Result<Completion> refused(TaskContext&) {
    return tl::make_unexpected(Error{ErrorKind::permanent, "400 no", 400, std::nullopt});
}

} // namespace

TEST_CASE("dead letters are filed once, in the store the engine is given, and re-drive takes them out",
          "[queue][dead_letters]") {
    auto store = std::make_shared<CountingStore>();
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.dead_letters = store;
    Engine engine(options);
    TaskSpec spec;
    spec.key = "k";
    spec.origin = "run-7";
    std::atomic<bool> fixed{false};
    auto first = submit_ok(engine, spec, [&](TaskContext& context) -> Result<Completion> {
        return fixed ? done("fixed") : refused(context);
    });
    REQUIRE_FALSE(first.wait());
    CHECK(store->filed == 1);
    const auto listed = store->inner.list().value();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].origin == "run-7");
    CHECK(engine.dead_letters().value().size() == 1);
    fixed = true;
    auto again = engine.redrive(listed[0].id);
    REQUIRE(again);
    CHECK(again->wait()->payload == "fixed");
    CHECK(store->removed == 1);
    CHECK(store->inner.list().value().empty());
}

TEST_CASE("a dead letter another process filed is listed but cannot be re-driven here", "[queue][dead_letters]") {
    auto store = std::make_shared<MemoryDeadLetters>();
    DeadLetter old;
    old.key = "from-before";
    const auto id = store->file(old).value();
    auto options = manual_options(std::make_shared<ManualClock>(), 1);
    options.dead_letters = store;
    Engine engine(options);
    const auto letters = engine.dead_letters().value();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].key == "from-before");
    const auto again = engine.redrive(id);
    REQUIRE_FALSE(again);
    CHECK(again.error().kind == ErrorKind::invalid_input);
    CHECK(store->list().value().size() == 1);
}

TEST_CASE("a dead letter's record reads back from its JSON form", "[queue][dead_letters]") {
    DeadLetter letter;
    letter.key = "k";
    letter.lane = "api";
    letter.priority = Priority::high;
    letter.attempts = 2;
    letter.first_attempt = TimePoint{} + std::chrono::seconds(10);
    letter.last_attempt = letter.first_attempt + std::chrono::milliseconds(1500);
    letter.errors.push_back(AttemptError{1, letter.first_attempt + std::chrono::milliseconds(200),
                                         Error{ErrorKind::transient, "503", 503, std::nullopt}});
    letter.errors.push_back(
        AttemptError{2, letter.last_attempt, Error{ErrorKind::permanent, "400 bad", 400, std::nullopt}});
    const auto read = DeadLetter::from_json(letter.to_json());
    REQUIRE(read);
    CHECK(read->to_json() == letter.to_json());
    CHECK_FALSE(DeadLetter::from_json(nlohmann::json{{"errors", 3}}));
    CHECK_FALSE(DeadLetter::from_json(nlohmann::json{{"errors", {{{"kind", "no such kind"}}}}}));
}
