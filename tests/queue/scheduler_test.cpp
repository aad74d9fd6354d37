#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "queue/scheduler.hpp"

using namespace parley::queue;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = TimePoint{} + 1h;

std::vector<std::string> drain(AgingQueue<std::string>& queue, TimePoint now) {
    std::vector<std::string> order;
    while (!queue.empty()) {
        order.push_back(queue.pop(now));
    }
    return order;
}

} // namespace

TEST_CASE("ready queue runs higher priorities first and keeps FIFO within a priority", "[queue][scheduler]") {
    AgingQueue<std::string> queue(10s);
    queue.push("low-1", Priority::low, kStart);
    queue.push("std-1", Priority::standard, kStart);
    queue.push("high-1", Priority::high, kStart);
    queue.push("low-2", Priority::low, kStart);
    queue.push("high-2", Priority::high, kStart);
    queue.push("std-2", Priority::standard, kStart);

    CHECK(drain(queue, kStart) == std::vector<std::string>{"high-1", "high-2", "std-1", "std-2", "low-1", "low-2"});
}

TEST_CASE("aging lifts a waiting task one priority class per aging step", "[queue][scheduler]") {
    AgingQueue<std::string> queue(10s);
    queue.push("low", Priority::low, kStart);
    queue.push("std", Priority::standard, kStart + 12s);
    queue.push("high", Priority::high, kStart + 15s);

    // At +15s the low task has aged one class (standard) and is older than the standard one.
    CHECK(queue.best(kStart + 15s) == Rank{0, kStart + 15s});
    CHECK(drain(queue, kStart + 15s) == std::vector<std::string>{"high", "low", "std"});
}

TEST_CASE("a low task is never overtaken by a high task submitted more than two aging steps after it",
          "[queue][scheduler]") {
    const Duration step = 10s;
    AgingQueue<std::string> queue(step);
    queue.push("low", Priority::low, kStart);
    TimePoint now = kStart;
    // A steady high load: two high tasks arrive every second, one is served every second.
    int served_high = 0;
    std::string popped;
    while (popped != "low") {
        queue.push("high", Priority::high, now);
        queue.push("high", Priority::high, now);
        popped = queue.pop(now);
        if (popped == "high") {
            ++served_high;
        }
        now += 1s;
        REQUIRE(now - kStart <= 2 * step + 1s);
    }
    // Only high tasks pushed no later than 2 steps after the low one may have gone first.
    CHECK(served_high <= 2 * 21);
    CHECK(now - kStart <= 2 * step + 1s);
}

TEST_CASE("without aging pressure a low task waits behind every high task", "[queue][scheduler]") {
    AgingQueue<std::string> queue(10s);
    queue.push("low", Priority::low, kStart);
    queue.push("high", Priority::high, kStart + 19s);
    // 19 s is one step short of the two the bound allows, so high still goes first.
    CHECK(queue.pop(kStart + 19s) == "high");
}

TEST_CASE("timer queue releases items by due time and keeps push order on ties", "[queue][scheduler]") {
    TimerQueue<std::string> timers;
    CHECK(timers.next_due() == TimePoint::max());
    timers.push(kStart + 3s, "c");
    timers.push(kStart + 1s, "a");
    timers.push(kStart + 3s, "d");
    timers.push(kStart + 2s, "b");
    CHECK(timers.next_due() == kStart + 1s);
    std::vector<std::string> order;
    while (!timers.empty()) {
        order.push_back(timers.pop());
    }
    CHECK(order == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("extracting matching items keeps the rest in order", "[queue][scheduler]") {
    AgingQueue<std::string> queue(10s);
    queue.push("keep-1", Priority::standard, kStart);
    queue.push("drop-1", Priority::standard, kStart);
    queue.push("keep-2", Priority::standard, kStart);
    queue.push("drop-2", Priority::low, kStart);
    const auto dropped = queue.extract_if([](const std::string& item) { return item.starts_with("drop"); });
    CHECK(dropped.size() == 2);
    CHECK(queue.size() == 2);
    CHECK(drain(queue, kStart) == std::vector<std::string>{"keep-1", "keep-2"});
}
