#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "redis/jobs.hpp"
#include "redis/lease_keeper.hpp"
#include "support/redis_connect.hpp"
#include "support/redis_server.hpp"

using namespace parley;
using namespace parley::sweep;
using namespace std::chrono_literals;
using parley::testing::connect_to;

namespace {

RedisJobQueue open_queue(std::shared_ptr<RedisConnection> connection, JobQueueOptions options = {}) {
    options.signing_key = testing::kTestSigningKey;
    auto queue = RedisJobQueue::open(std::move(connection), std::move(options));
    REQUIRE(queue);
    return std::move(*queue);
}

std::vector<JobSpec> jobs(int n) {
    std::vector<JobSpec> specs;
    for (int i = 0; i < n; ++i) {
        specs.push_back({"job-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}"});
    }
    return specs;
}

JobLease claim_one(RedisJobQueue& queue, const std::string& consumer) {
    auto lease = queue.claim(consumer, 200ms);
    REQUIRE(lease);
    REQUIRE(*lease);
    return **lease;
}

} // namespace

TEST_CASE("jobs are enqueued once, handed out, completed and counted", "[redis][sweep]") {
    testing::RedisServer server;
    auto queue = open_queue(connect_to(server));
    REQUIRE(*queue.enqueue("s1", jobs(3)) == 3);
    CHECK(*queue.enqueue("s1", jobs(3)) == 0);
    CHECK(queue.status("s1")->queued == 3);

    std::set<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        const JobLease lease = claim_one(queue, "w1");
        CHECK(lease.sweep_id == "s1");
        CHECK(lease.deliveries == 1);
        CHECK(lease.payload.find("\"n\"") != std::string::npos);
        seen.insert(lease.job_id);
        CHECK(queue.status("s1")->running == 1);
        CHECK(*queue.complete(lease, "result of " + lease.job_id) == CompleteOutcome::completed);
    }
    CHECK(seen.size() == 3);
    auto none = queue.claim("w1", 50ms);
    REQUIRE(none);
    CHECK_FALSE(*none);
    const auto counts = *queue.status("s1");
    CHECK(counts.total == 3);
    CHECK(counts.done == 3);
    CHECK(counts.finished());
    auto results = *queue.results("s1");
    REQUIRE(results.size() == 3);
    CHECK(results[0].first == "job-0");
    CHECK(results[0].second == "result of job-0");
    CHECK(*queue.sweeps() == std::vector<std::string>{"s1"});
}

TEST_CASE("a lease that is not renewed lapses and another worker takes the job", "[redis][sweep]") {
    testing::RedisServer server;
    JobQueueOptions options;
    options.lease = 200ms;
    auto first = open_queue(connect_to(server), options);
    auto second = open_queue(connect_to(server), options);
    REQUIRE(first.enqueue("s", jobs(1)));
    const JobLease dead_worker = claim_one(first, "w1");
    auto too_early = second.claim("w2", 50ms);
    REQUIRE(too_early);
    CHECK_FALSE(*too_early);

    std::this_thread::sleep_for(250ms);
    const JobLease taken = claim_one(second, "w2");
    CHECK(taken.job_id == dead_worker.job_id);
    CHECK(taken.deliveries == 2);
    CHECK(*first.renew(dead_worker) == false);
    CHECK(*second.renew(taken) == true);

    // The first holder finishing late still counts once: the later finisher's result is dropped.
    CHECK(*first.complete(dead_worker, "late") == CompleteOutcome::completed);
    CHECK(*second.complete(taken, "second") == CompleteOutcome::already_done);
    CHECK(second.results("s")->at(0).second == "late");
    CHECK(second.status("s")->done == 1);
}

TEST_CASE("a renewed lease keeps the job from other workers", "[redis][sweep]") {
    testing::RedisServer server;
    JobQueueOptions options;
    options.lease = 200ms;
    auto holder = open_queue(connect_to(server), options);
    auto other = open_queue(connect_to(server), options);
    REQUIRE(holder.enqueue("s", jobs(1)));
    const JobLease lease = claim_one(holder, "w1");
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(70ms);
        REQUIRE(*holder.renew(lease));
        auto stolen = other.claim("w2", 1ms);
        REQUIRE(stolen);
        CHECK_FALSE(*stolen);
    }
    CHECK(*holder.complete(lease, "ok") == CompleteOutcome::completed);
}

TEST_CASE("a job that keeps failing goes to the dead letters and redrive queues it again", "[redis][sweep]") {
    testing::RedisServer server;
    JobQueueOptions options;
    options.max_deliveries = 2;
    auto queue = open_queue(connect_to(server), options);
    REQUIRE(queue.enqueue("s", jobs(1)));
    const JobLease first = claim_one(queue, "w");
    CHECK(*queue.fail(first, "provider said 500", false) == FailOutcome::requeued);
    CHECK(*queue.fail(first, "again", false) == FailOutcome::not_held);
    const JobLease second = claim_one(queue, "w");
    CHECK(second.deliveries == 2);
    CHECK(*queue.fail(second, "provider said 500 again", false) == FailOutcome::dead_letter);
    CHECK(queue.status("s")->dead == 1);
    auto dead = *queue.dead_letters("s");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].job_id == "job-0");
    CHECK(dead[0].error == "provider said 500 again");
    CHECK(dead[0].deliveries == 2);
    CHECK(dead[0].payload == "{\"n\":0}");

    CHECK(*queue.redrive("s") == 1);
    CHECK(queue.dead_letters("s")->empty());
    CHECK(queue.status("s")->queued == 1);
    const JobLease again = claim_one(queue, "w");
    CHECK(again.deliveries == 1);
    CHECK(again.payload == "{\"n\":0}");
    CHECK(*queue.fail(again, "bad config", true) == FailOutcome::dead_letter);
}

TEST_CASE("a job handed out too often without finishing is buried on the next claim", "[redis][sweep]") {
    testing::RedisServer server;
    JobQueueOptions options;
    options.lease = 50ms;
    options.max_deliveries = 2;
    auto queue = open_queue(connect_to(server), options);
    REQUIRE(queue.enqueue("s", jobs(1)));
    claim_one(queue, "w1");
    std::this_thread::sleep_for(80ms);
    claim_one(queue, "w2");
    std::this_thread::sleep_for(80ms);
    auto third = queue.claim("w3", 20ms);
    REQUIRE(third);
    CHECK_FALSE(*third);
    auto dead = *queue.dead_letters("s");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].error.find("handed out 3 times without finishing") != std::string::npos);
}

TEST_CASE("a malformed job entry goes to the dead letters with a clear error, never a crash", "[redis][sweep]") {
    testing::RedisServer server;
    auto connection = connect_to(server);
    auto queue = open_queue(connection);
    REQUIRE(connection->command({"XADD", queue.stream_key(), "*", "v", "1", "sweep", "s", "payload", "{}"}));
    REQUIRE(connection->command(
        {"XADD", queue.stream_key(), "*", "v", "7", "sweep", "s", "job", "j7", "payload", "{}", "prior", "0"}));
    REQUIRE(connection->command({"XADD", queue.stream_key(), "*", "garbage", "\xff\xfe"}));
    REQUIRE(queue.enqueue("s", jobs(1)));
    const JobLease good = claim_one(queue, "w");
    CHECK(good.job_id == "job-0");
    auto dead = *queue.dead_letters("s");
    REQUIRE(dead.size() == 2);
    CHECK(dead[0].error.find("malformed job entry") != std::string::npos);
    INFO(dead[0].error);
    CHECK(dead[0].error.find("no 'job' field") != std::string::npos);
    CHECK(dead[1].error.find("is of format 7") != std::string::npos);
    auto raw_dead = connection->command({"XLEN", "parley:dead"});
    CHECK(raw_dead->integer == 3);
}

TEST_CASE("a database written by an incompatible parley is refused with one line", "[redis][sweep]") {
    testing::RedisServer server;
    auto connection = connect_to(server);
    REQUIRE(connection->command({"HSET", "parley:meta", "version", "99", "writer", "parley 9.9.9"}));
    auto queue = RedisJobQueue::open(connection);
    REQUIRE_FALSE(queue);
    CHECK(queue.error().kind == ErrorKind::config);
    CHECK(queue.error().message.find("format 99 (written by parley 9.9.9)") != std::string::npos);
    CHECK(queue.error().message.find("this parley reads format 2") != std::string::npos);

    REQUIRE(connection->command({"SET", "other:jobs", "a string"}));
    JobQueueOptions options;
    options.prefix = "other";
    auto clash = RedisJobQueue::open(connection, options);
    REQUIRE_FALSE(clash);
    CHECK(clash.error().message.find("key 'other:jobs' holds a string, not the stream parley keeps there") !=
          std::string::npos);
}

TEST_CASE("a bad sweep id is refused before it reaches a key", "[redis][sweep]") {
    testing::RedisServer server;
    auto queue = open_queue(connect_to(server));
    for (const char* id : {"", "a b", "x:y", "*"}) {
        auto added = queue.enqueue(id, jobs(1));
        REQUIRE_FALSE(added);
        CHECK(added.error().kind == ErrorKind::invalid_input);
    }
}

TEST_CASE("a redis restart with persistence loses no job, lease state or result", "[redis][sweep]") {
    testing::RedisServer server(testing::RedisServerOptions{true, ""});
    auto queue = open_queue(connect_to(server));
    REQUIRE(*queue.enqueue("s", jobs(3)) == 3);
    const JobLease done = claim_one(queue, "w");
    REQUIRE(*queue.complete(done, "kept") == CompleteOutcome::completed);
    const JobLease running = claim_one(queue, "w");

    server.kill();
    server.start();

    const auto counts = *queue.status("s");
    CHECK(counts.total == 3);
    CHECK(counts.done == 1);
    CHECK(counts.running == 1);
    CHECK(counts.queued == 1);
    CHECK(queue.results("s")->at(0).second == "kept");
    CHECK(*queue.renew(running));
    CHECK(*queue.complete(running, "after restart") == CompleteOutcome::completed);
    const JobLease last = claim_one(queue, "w");
    CHECK(*queue.complete(last, "last") == CompleteOutcome::completed);
    CHECK(queue.status("s")->done == 3);
}

TEST_CASE("a lease keeper holds a job past its lease and tells when it was lost", "[redis][sweep]") {
    testing::RedisServer server;
    JobQueueOptions options;
    options.lease = 150ms;
    auto holder = open_queue(connect_to(server), options);
    auto other = open_queue(connect_to(server), options);
    REQUIRE(holder.enqueue("s", jobs(1)));
    const JobLease lease = claim_one(holder, "w1");
    std::atomic<int> lost_calls{0};
    {
        LeaseKeeper keeper(holder, lease, [&] { ++lost_calls; });
        std::this_thread::sleep_for(400ms);
        auto stolen = other.claim("w2", 1ms);
        REQUIRE(stolen);
        CHECK_FALSE(*stolen);
        CHECK_FALSE(keeper.lost());
    }
    std::this_thread::sleep_for(200ms);
    const JobLease taken = claim_one(other, "w2");
    LeaseKeeper late(holder, lease, [&] { ++lost_calls; });
    for (int i = 0; i < 50 && !late.lost(); ++i) {
        std::this_thread::sleep_for(20ms);
    }
    CHECK(late.lost());
    CHECK(lost_calls.load() == 1);
    CHECK(*other.complete(taken, "ok") == CompleteOutcome::completed);
}

TEST_CASE("workers carry on after redis restarts without its data", "[redis][sweep]") {
    testing::RedisServer server;
    auto queue = open_queue(connect_to(server));
    REQUIRE(queue.enqueue("s", jobs(1)));
    server.kill();
    server.start();
    auto nothing = queue.claim("w", 20ms);
    REQUIRE(nothing);
    CHECK_FALSE(*nothing);
    REQUIRE(*queue.enqueue("s", jobs(1)) == 1);
    const JobLease lease = claim_one(queue, "w");
    CHECK(*queue.complete(lease, "ok") == CompleteOutcome::completed);
}
