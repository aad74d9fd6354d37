// The simulation's containers: the event wheel against a plain sorted reference, and the pool of job ids.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/id_pool.hpp"
#include "sim/random.hpp"

using namespace parley::sim;

TEST_CASE("the id pool hands out the lowest free id", "[sim]") {
    IdPool pool;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        REQUIRE(pool.take() == i);
    }
    for (std::uint32_t id : {4999U, 17U, 4096U, 64U, 3000U}) {
        pool.give_back(id);
    }
    CHECK(pool.take() == 17);
    CHECK(pool.take() == 64);
    CHECK(pool.take() == 3000);
    CHECK(pool.take() == 4096);
    CHECK(pool.take() == 4999);
    CHECK(pool.take() == 5000);
    CHECK(pool.size() == 5001);
}

TEST_CASE("the event queue's next time is its earliest event, and later pushes before it are kept in order", "[sim]") {
    EventQueue q(0.25, 64);
    for (double t : {5.0, 3.0, 9.0, 3.5, 900.0}) {
        q.push({t, static_cast<std::uint64_t>(t * 10)});
    }
    CHECK(q.pop().time == 3.0);
    CHECK(q.next_time() == 3.5);
    // An arrival at 3.2, before the earliest event, pushes events at 3.3 and 4: still in time order.
    q.push({3.3, 33});
    q.push({4.0, 40});
    CHECK(q.next_time() == 3.3);
    std::vector<double> order;
    while (!q.empty()) {
        order.push_back(q.pop().time);
    }
    CHECK(order == std::vector<double>{3.3, 3.5, 4.0, 5.0, 9.0, 900.0});
}

namespace {

// Pushes and pops 200,000 events the way the simulation does (never before the last one taken, some far beyond
// the wheel, many at the same time, some before the earliest one known), against a std::multimap.
void check_against_reference(double slot_width, std::size_t slots, std::uint64_t seed) {
    EventQueue q(slot_width, slots);
    std::multimap<double, std::uint64_t> reference;
    Random random(seed);
    double now = 0;
    std::uint64_t id = 0;
    for (int step = 0; step < 200'000; ++step) {
        const double u = random.uniform();
        if ((u < 0.52 || reference.empty()) && reference.size() < 3000) {
            double delay = random.exponential(1.0);
            if (u < 0.02) {
                delay *= 1000; // far beyond the wheel's horizon
            } else if (u < 0.06) {
                delay = 0; // at the current time
            } else if (u < 0.10) {
                delay = std::floor(delay); // many events at a few times
            }
            if (u > 0.45 && !reference.empty()) {
                // Between the last time taken and the earliest time known, as an arrival before it pushes.
                delay = (q.next_time() - now) * random.uniform();
            }
            q.push({now + delay, id});
            reference.emplace(now + delay, id);
            ++id;
        } else {
            REQUIRE(q.next_time() == reference.begin()->first);
            const Event e = q.pop();
            REQUIRE(e.time == reference.begin()->first);
            // Among events at the same time, any may come first: it must be one of them.
            auto [first, last] = reference.equal_range(e.time);
            const auto match = std::find_if(first, last, [&](const auto& entry) { return entry.second == e.what; });
            REQUIRE(match != last);
            reference.erase(match);
            now = e.time;
        }
        REQUIRE(q.size() == reference.size());
    }
}

} // namespace

TEST_CASE("the event wheel takes events in time order whatever its width, with far events and ties", "[sim]") {
    check_against_reference(1.0 / 256, 512, 1); // about the mean gap per slot, a horizon of 2 s
    check_against_reference(0.001, 64, 2);      // a horizon shorter than most delays: most events wait far
    check_against_reference(10.0, 64, 3);       // wide slots: hundreds of events in each
}
