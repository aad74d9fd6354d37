#include "offline/knowledge.hpp"

#include <algorithm>
#include <string>

#include "offline/text_analysis.hpp"

namespace parley::offline {

namespace {

const Domain kJobQueue{
    "distributed job queue",
    // A webhook sender is a delivery pipeline: events queued and retried per endpoint, not a request path.
    {"queue", "job", "worker", "task", "enqueue", "backlog", "webhook"},
    "producers enqueue jobs through a thin API into a partitioned, replicated log; workers pull jobs under leases "
    "and acknowledge on completion; a status store answers operators",
    {"**Enqueue API** — validates, assigns a job id and idempotency key, writes to the log, returns 202",
     "**Durable job log** — partitioned and replicated (RF=3)",
     "**Dispatcher** — hands out jobs under leases (visibility timeouts)",
     "**Priority classes** — one topic or table per priority class; the dispatcher weights them, with ageing",
     "**Worker fleet** — pulls in batches, heartbeats to extend leases, acknowledges on success",
     "**Retry scheduler and dead-letter queue** — exponential backoff with jitter, poison jobs parked after N tries",
     "**Status store and operator API** — job state, attempts, last error, backlog per queue"},
    {"Client calls the Enqueue API with a payload and an idempotency key",
     "The API appends the job to a log partition and acknowledges only after the replicated write",
     "The dispatcher leases the next job to a pulling worker",
     "The worker runs the job, heartbeats while it runs, then acknowledges; the ack commits the job's final state",
     "A missed heartbeat expires the lease and the job becomes visible again; after N failures it goes to the DLQ",
     "Every transition is written to the status store, which the operator API and dashboards read"},
    {"Worker crash mid-job: the lease expires and the job is re-delivered; idempotency keys stop double effects",
     "Broker node loss: replicas take over the partition; producers retry with the same idempotency key",
     "Poison job: attempts are counted; after the limit it moves to the dead-letter queue with its last error",
     "Low-priority starvation under sustained high-priority load: weighted dequeue plus ageing",
     "Backlog growth beyond capacity: enqueue returns 429 with Retry-After (backpressure) instead of failing late"},
    {"the enqueue write path (one replicated append per job; batch and pipeline it)",
     "the dispatcher's lease grant (one conditional update per job; batch leases per pull)",
     "status updates (the write multiplier: every job writes 3-4 transitions)"},
    {"Spoofed producers enqueue jobs they should not (missing producer authentication)",
     "Tampered payloads in transit or at rest", "Workers with more privilege than their job type needs",
     "Secrets placed in job payloads and then copied into logs and error reports"},
    {"Queue flooding by one tenant to starve others (per-producer quotas)",
     "Oversized payloads that exhaust broker memory (size limit at the API)",
     "Self-promoting every job to high priority (priority is an authorised attribute, not a free field)"},
    {"kill -9 a worker mid-job", "partition a broker replica", "pause the status store for 30 s",
     "inject a job that always fails (poison)", "clock skew of 2 s between workers"},
    {"enqueue rate and ack rate per job type", "time from enqueue to start (p50/p99) per job type",
     "backlog depth and oldest-job age per queue", "lease expiries, retries and dead letters per job type"},
    "one PostgreSQL table of jobs with a status column; workers claim with `SELECT … FOR UPDATE SKIP LOCKED` in "
    "batches; a reaper re-queues rows whose lease expired",
    {"a separate broker cluster, until one database cannot keep up", "multi-region active-active",
     "exactly-once delivery (at-least-once plus idempotency is enough)", "a custom scheduler service"},
    {"at-least-once delivery with idempotent handlers vs exactly-once machinery (simpler, cheaper, proven)",
     "pull vs push dispatch (pull gives natural backpressure; push gives lower idle latency)",
     "a dedicated replicated log vs one database for everything (headroom and isolation vs fewer moving parts)",
     "weighted vs strict priorities (weighted needs tuning; strict starves low priority)"},
    {{"What is the largest job payload, and may payloads be stored by reference (object storage)?",
      {"payload", "size limit", " kb", " mb"},
      "architect,performance,security"},
     {"What are typical and worst-case job run times, and is there a hard timeout per job type?",
      {"run time", "runtime", "duration", "timeout", "median", "takes between"},
      "performance,testing,architect"},
     {"How many attempts should a failing job get before it is dead-lettered, and who is alerted?",
      {"retry", "retries", "attempt", "dead letter", "dead-letter"},
      "testing,architect,generalist"},
     {"Who may enqueue jobs, and do different producers or tenants need isolation and quotas?",
      {"tenant", "authenticat", "authoriz"},
      "security,generalist"},
     {"Must job handlers be idempotent, or must the queue prevent every duplicate execution?",
      {"idempot", "exactly once", "exactly-once"},
      "kiss,testing,architect"}},
    {"job", {"accepting and persisting", "waiting and dispatching", "a worker picking it up"}, 2, "workers"}};

const Domain kRateLimiter{
    "rate limiter",
    {"rate limit", "rate-limit", "throttl", "quota", "requests per"},
    "a limiter library in each gateway node checks a shared counter store keyed by client and route, with a local "
    "cache to absorb hot keys",
    {"**Limiter middleware** — evaluates the policy for each request before it reaches the service",
     "**Policy store** — limits per client, plan and route, cached in every node",
     "**Counter store** — Redis cluster holding token buckets or sliding-window counters with TTLs",
     "**Local pre-limiter** — per-node token bucket that absorbs bursts before touching Redis"},
    {"Request arrives at the gateway; the middleware resolves the client key and policy",
     "The local bucket is checked first; if it has tokens, the request passes and the shared counter is updated "
     "asynchronously in batches",
     "Otherwise an atomic Lua script takes tokens from the shared bucket",
     "A refusal returns 429 with Retry-After and X-RateLimit headers"},
    {"Counter store unavailable: fail open for reads with a local-only limit, alert at once",
     "Hot key (one client at high volume): local pre-limiting and key sharding",
     "Clock skew between nodes: buckets use the store's time, not the node's"},
    {"the per-request counter update (one network round trip; batch or make it local)", "policy lookup (cache it)"},
    {"Client identity spoofing to borrow another client's quota", "Key explosion (random keys) that fills memory"},
    {"Distributed clients that stay just under the per-key limit", "Retry storms after 429s without backoff"},
    {"stop one Redis shard", "add 50 ms latency to the counter store", "skew a node clock by 5 s"},
    {"allowed and refused requests per policy", "limiter decision latency p99",
     "counter store errors and fail-open time"},
    "a token bucket per client in Redis updated by one Lua script; no local tier until latency demands it",
    {"per-node local tiers", "dynamic policies", "global multi-region counters"},
    {"accuracy vs latency (shared counters are exact but add a round trip)",
     "fail open vs fail closed when the counter store is down",
     "token bucket (allows bursts) vs sliding window (smoother, costlier)"},
    {{"Should the limiter fail open or closed when its counter store is unavailable?",
      {"fail open", "fail closed"},
      "security,architect,generalist"},
     {"Are limits per client, per route, or both, and how often do they change?",
      {"per route", "per endpoint"},
      "architect,kiss"}},
    {"request", {"the local bucket check", "the shared counter round trip", "headers and hand-off"}, 0, ""}};

const Domain kReports{
    "report generation service",
    {"report", "export", "pdf", "csv", "dashboard"},
    "report requests become asynchronous jobs that read a consistent snapshot, render in workers and store the "
    "result in object storage behind short-lived signed URLs",
    {"**Report API** — accepts requests, deduplicates identical ones, returns a report id",
     "**Render workers** — query a read replica or snapshot, render CSV/PDF, stream to storage",
     "**Object storage** — holds finished reports with a retention policy",
     "**Notifier** — tells the requester when the report is ready"},
    {"User requests a report; the API records it and enqueues a render job",
     "A worker reads a consistent snapshot and streams rows into the renderer",
     "The output goes to object storage; the user gets a signed URL"},
    {"Render worker dies mid-report: the job is retried from the start; partial files are discarded",
     "Huge report exhausts memory: rendering streams rows instead of buffering"},
    {"the snapshot query (large scans; run on a replica)", "rendering (CPU bound; size the pool)"},
    {"Signed URLs leaking to third parties", "Reports exposing rows the requester may not see"},
    {"Requesting many large reports at once to load the database"},
    {"kill a render worker mid-stream", "slow the replica by 10×"},
    {"reports requested, finished and failed", "time to ready p50/p99", "replica load from reports"},
    "a queue table plus one worker pool writing files to object storage",
    {"a report designer", "real-time streaming reports"},
    {"fresh data vs load on the primary (replica lag is usually acceptable)",
     "sync for small reports vs async for all"},
    {{"How fresh must report data be: is a read replica lagging a few seconds acceptable?",
      {"fresh", "real-time", "lag"},
      "architect,performance"}},
    {"report", {"accepting and queueing", "querying the snapshot", "rendering and upload"}, 50, "render workers"}};

const Domain kCache{
    "caching layer",
    {"cache", "caching", "cdn"},
    "a cache-aside layer in front of the source of truth with explicit TTLs and invalidation on write",
    {"**Cache cluster** — Redis or Memcached, sharded by key", "**Cache-aside client** — read-through on miss",
     "**Invalidation publisher** — emits key invalidations on writes"},
    {"Read checks the cache; a miss reads the source and fills the cache with a TTL",
     "A write updates the source, then invalidates the key"},
    {"Stampede on a hot key expiry: request coalescing", "Stale data after missed invalidation: bounded by the TTL"},
    {"cache lookups (one round trip; keep values small)"},
    {"Cache poisoning through unvalidated keys"},
    {"Forcing misses with random keys to load the source"},
    {"flush the cache under load", "drop invalidation messages"},
    {"hit ratio", "source load", "staleness incidents"},
    "cache-aside with TTLs only; no invalidation bus until staleness hurts",
    {"multi-tier caches", "write-through"},
    {"freshness vs hit ratio", "memory cost vs source load"},
    {{"How stale may cached data be for each kind of read?", {"stale", "ttl", "fresh"}, "architect,kiss"}},
    {"read", {"the cache lookup", "a miss to the source", "serialisation"}, 0, ""}};

const Domain kGeneric{
    "service",
    {},
    "a stateless service tier behind an API, a durable store as the source of truth, and asynchronous workers for "
    "anything slow",
    {"**API tier** — stateless, horizontally scaled, validates input",
     "**Core service** — the domain logic, kept free of transport details",
     "**Durable store** — the source of truth, replicated, with backups",
     "**Async workers** — slow or retryable work off the request path", "**Observability** — metrics, logs, traces"},
    {"A client calls the API; the request is validated and authorised",
     "The core service applies the change to the durable store in one transaction",
     "Slow follow-up work is queued for workers; the client gets an answer at once"},
    {"A service instance dies: the load balancer drops it; requests are retried idempotently",
     "The store fails over: writes pause for the failover window; clients retry with backoff"},
    {"the main request path (validate, one transaction, respond)"},
    {"Unauthenticated access to the API", "Sensitive data in logs"},
    {"Request floods from one client (rate limits per client)"},
    {"kill an instance under load", "fail over the store"},
    {"request rate, errors, latency (RED) per endpoint", "saturation of the store"},
    "one service and one relational database, deployed twice for availability",
    {"microservices before the domain is understood", "multi-region"},
    {"consistency vs availability during failures (correct data first, then fail over)",
     "buying managed components vs building them (buy the commodity parts, build what differentiates)"},
    {},
    {"request", {"the edge and authentication", "service logic", "the store round trip"}, 1, "service instances"}};

const std::vector<const Domain*> kDomains{&kJobQueue, &kRateLimiter, &kReports, &kCache};

const std::vector<Mechanism> kMechanisms{
    {"throughput",
     {"per minute", "per second", "throughput", "sustain", "peak", "scale", "volume"},
     "security,testing",
     "stateless instances and partitioned storage scale out horizontally, sized with headroom over the stated peak",
     "a load test holds 1×, 2× and 3× the stated peak for 30 minutes with flat latency",
     "a flood at peak rate from one client must not crowd out others: per-client quotas",
     "one well-indexed database handles it with batching; scale out only when measurements say so",
     "cost grows linearly with partitions and workers; batching cuts per-item overhead"},
    {"no loss",
     {"lose", "loss", "lost", "durab", "persist"},
     "",
     "acknowledge only after a replicated, fsynced write; nothing is held only in memory",
     "kill the leader node during a write burst; every acknowledged item is still there afterwards",
     "an attacker who can delete queued items can cause silent loss: restrict delete rights",
     "a single replicated database with synchronous commit already loses nothing acknowledged",
     "replicated writes add a network round trip to every acknowledgement"},
    {"retries",
     {"retry", "retries", "retried", "poison", "dead letter", "dead-letter", "backoff"},
     "performance",
     "exponential backoff with jitter, a maximum attempt count, then the dead-letter queue with the last error",
     "a job that always fails ends in the dead-letter queue after exactly N attempts",
     "a job that fails on purpose forever could burn capacity: attempts are capped",
     "an attempts column and a next_run_at column; no separate retry service",
     "retries add load: cap them and back off"},
    {"crash recovery",
     // Not a bare "fail": "rows that fail validation" is no crash, and leases would not answer it.
     {"crash", "failure", "fails over", "re-assign", "reassign", "recover", "surviv", "resilien"},
     "",
     "leases with heartbeats: a crashed worker's lease expires and its work becomes visible to another worker",
     "fault injection kills workers mid-job; every job still completes, within lease timeout plus run time",
     "a malicious worker could hold leases forever: leases expire and are bounded per worker",
     "a lease timestamp column and a reaper query, no coordinator service",
     "lease heartbeats cost one small write per running job every few seconds"},
    {"no duplicates",
     // Not a bare "once": "five conversations at once" and "once it is back" are about something else.
     {"duplicat", "exactly", "at most once", "at-most-once", "more than once", "only once", "idempot", "twice"},
     "performance",
     "at-least-once delivery plus idempotency keys checked in the handler's own transaction",
     "re-deliver the same job twice on purpose; side effects happen once",
     "replayed requests with a stolen idempotency key: keys are scoped per producer",
     "idempotency keys in a unique column; no distributed transaction",
     "one extra indexed lookup per job"},
    {"deadline",
     {"finish within", "finish by", "finished within", "complete within", "completed within", "must finish",
      "deadline"},
     "security,testing",
     "split the run into independent chunks worked in parallel, sized so the whole run fits the deadline with "
     "headroom; checkpoints let a failed run resume instead of starting over",
     "a full-size rehearsal run measures the wall-clock time against the deadline, and a run killed halfway "
     "resumes from its checkpoint",
     "a flood of extra input before the run must not push it past its deadline: inputs are bounded and alerted on",
     "one process working through chunks in order, with a checkpoint table; parallelism only if the rehearsal "
     "misses the deadline",
     "parallel chunks cost more workers for a shorter window"},
    {"latency",
     {"latency", "within", " ms", "millisecond", "fast", "respond", "start"},
     "architect,security,testing,generalist",
     "the stated latency is split into a budget per hop; the hot path makes no avoidable synchronous call, and idle "
     "consumers long-poll rather than sleep, so nothing waits on a timer",
     "measure enqueue-to-start p50/p99 under the peak load test against the stated budget",
     "slowloris producers holding connections: timeouts at the API",
     "long-poll the database; no push machinery",
     "idle workers polling cost little with long-polling; short polls would waste capacity"},
    {"visibility",
     {"status", "query", " log ", " logs", "logging", "monitor", "backlog", "dashboard", "visib", "operator", "observ",
      "trace"},
     "architect,performance,security,kiss",
     "a status store updated on every transition, an operator API and dashboards over it",
     "each status transition is asserted in integration tests; dashboards are checked against a seeded backlog",
     "status and error logs may hold payload data: redact before storing and restrict operator access",
     "status lives in the same table as the job; operators query it with SQL and a small read-only API",
     "status writes multiply the write load by the number of transitions"},
    {"priorities",
     {"priorit", "urgent"},
     "security,testing",
     "one queue per priority with weighted dequeue (e.g. 6:3:1) and ageing so low priority never starves",
     "saturate with high-priority jobs and check low-priority jobs still start within their bound",
     "producers must not be able to self-assign high priority: priority is authorised per producer",
     "a priority column in the claim query's ORDER BY, plus ageing",
     "weighted dequeue costs nothing measurable; strict priority would risk starvation"},
    {"cost and simplicity",
     {"cost", "complex", "simple", "operational", "maintain", "budget"},
     "architect,performance,security,testing",
     "managed services where they exist, few component kinds, one runbook per failure mode",
     "track cost per million jobs and on-call pages per month after launch",
     "fewer components also means a smaller attack surface",
     "one database, one worker binary, one dashboard",
     "a managed broker costs more per message but saves an on-call rotation"},
    {"security",
     {"auth", "secur", "tenant", "encrypt", "privacy", "pii", "permission", "access"},
     "architect,performance,testing,kiss,generalist",
     "mutual TLS between services, per-producer credentials, encryption at rest, least-privilege roles",
     "authorisation tests for every endpoint and role; secrets scanning in CI",
     "credential theft, privilege escalation and data exfiltration are the main threats",
     "the platform's identity provider and managed encryption; no home-grown crypto",
     "TLS and encryption add little CPU on modern hardware"},
    {"availability",
     {"region", "availab", "uptime", "disaster", "failover", "99."},
     "performance,security,kiss",
     "redundancy across zones first; multi-region only with a stated RPO and RTO",
     "game days that fail a zone and measure recovery time against the target",
     "failover procedures must not bypass authentication",
     "one region, three zones, tested backups",
     "a second region roughly doubles infrastructure cost"},
    {"rate limits",
     {"rate limit", "throttl", "quota", "limit"},
     "architect,testing,kiss,generalist",
     "token buckets per client in a shared counter store",
     "drive a client above its limit and check 429s with Retry-After",
     "limits are a defence against abuse: key them on authenticated identity",
     "one bucket per client in Redis",
     "one counter update per request"},
    {"storage",
     // Not a bare "store": "the shared store is unavailable" is about availability, not about keeping data.
     {"retain", "retention", "storage", "history", "archive"},
     "performance,security",
     "hot data in the primary store, history moved to cheap storage by a retention job",
     "a retention test checks expired data is gone and recent data is queryable",
     "stored data must be encrypted and access-logged",
     "one table with a retention job",
     "storage grows with rate × retention: budget it"}};

} // namespace

std::vector<const Domain*> domains_for(std::string_view lower_problem) {
    std::vector<std::pair<std::size_t, const Domain*>> scored;
    for (const Domain* d : kDomains) {
        std::size_t hits = 0;
        for (auto t : d->triggers) {
            for (auto pos = lower_problem.find(t); pos != std::string_view::npos;
                 pos = lower_problem.find(t, pos + 1)) {
                ++hits;
            }
        }
        // One passing word ("the finance dashboards") does not make a problem that kind of system.
        if (hits >= 2) {
            scored.emplace_back(hits, d);
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<const Domain*> out;
    // A second kind of system joins only when the problem really talks about it, not on a passing word.
    for (const auto& [hits, d] : scored) {
        if (out.empty() || (out.size() < 2 && hits >= 3 && hits * 3 >= scored.front().first)) {
            out.push_back(d);
        }
    }
    if (out.empty()) {
        out.push_back(&kGeneric);
    }
    return out;
}

namespace {

// Features a kind of system may have but a problem must state: knowledge items that mention one are left out
// of a design for a problem that never does, so no design invents them.
struct StatedFeature {
    std::string_view item_word;                  ///< lowercase fragment that marks an item as about the feature
    std::vector<std::string_view> problem_words; ///< lowercase fragments that show the problem states it
};

const std::vector<StatedFeature> kStatedFeatures{{"priorit", {"priorit", "urgent"}}};

std::vector<std::string_view> items_for(const std::vector<std::string_view>& items, std::string_view lower_problem) {
    std::vector<std::string_view> out;
    for (auto item : items) {
        const std::string lower = to_lower(item);
        const bool unstated = std::any_of(kStatedFeatures.begin(), kStatedFeatures.end(), [&](const auto& f) {
            return lower.find(f.item_word) != std::string::npos && !contains_any(lower_problem, f.problem_words);
        });
        if (!unstated) {
            out.push_back(item);
        }
    }
    return out;
}

} // namespace

const Mechanism* mechanism_named(std::string_view topic) {
    for (const auto& m : kMechanisms) {
        if (m.topic == topic) {
            return &m;
        }
    }
    return nullptr;
}

bool states_feature(std::string_view lower_problem, std::string_view item_word) {
    for (const auto& f : kStatedFeatures) {
        if (f.item_word == item_word) {
            return contains_any(lower_problem, f.problem_words);
        }
    }
    return true;
}

Domain fitted_to(const Domain& domain, std::string_view lower_problem) {
    Domain out = domain;
    for (auto* list : {&out.components, &out.data_flow, &out.failure_modes, &out.hot_paths, &out.threats,
                       &out.abuse_cases, &out.faults, &out.metrics, &out.left_out, &out.tradeoffs}) {
        *list = items_for(*list, lower_problem);
    }
    return out;
}

const Mechanism* mechanism_for(std::string_view lower_requirement) {
    // Names that contain a topic's word but are about something else: a Retry-After header is no retry policy.
    std::string text(lower_requirement);
    for (std::string_view name : {"retry-after", "retry after"}) {
        for (auto pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
            text.replace(pos, name.size(), name.size(), ' ');
        }
    }
    // A requirement names its subject first ("Survive worker crashes ... because of a retry"), so the
    // earliest trigger wins; list order breaks ties.
    const Mechanism* best = nullptr;
    std::size_t best_pos = std::string::npos;
    for (const auto& m : kMechanisms) {
        for (auto t : m.triggers) {
            if (const auto pos = text.find(t); pos < best_pos) {
                best = &m;
                best_pos = pos;
            }
        }
    }
    // "Within 4 hours" is a deadline for a run, not a latency budget to split across request hops.
    if (best != nullptr && best->topic == "latency") {
        for (const auto& q : analyze_problem(lower_requirement).quantities) {
            if (duration_ms(q) >= 60'000) {
                return mechanism_named("deadline");
            }
        }
    }
    return best;
}

bool role_meets(std::string_view role, const Mechanism* mechanism) {
    if (mechanism == nullptr) {
        return false;
    }
    std::string_view roles = mechanism->partial_for;
    while (!roles.empty()) {
        const auto comma = roles.find(',');
        if (roles.substr(0, comma) == role) {
            return false;
        }
        roles = comma == std::string_view::npos ? std::string_view() : roles.substr(comma + 1);
    }
    return true;
}

const std::vector<Probe>& general_probes() {
    static const std::vector<Probe> probes{
        {"What peak load should the design be sized for, and how bursty is it?",
         {"per second", "per minute", "per hour", "peak", "rps", "qps"},
         "performance,architect"},
        {"What latency does a user or caller expect, and at which percentile (p50, p99)?",
         {" ms", "millisecond", "latency", "p99", "seconds"},
         "performance,testing"},
        {"Which data is sensitive (personal, financial, credentials), and which regulations apply?",
         {"pii", "gdpr", "sensitive", "personal data", "compliance"},
         "security"},
        {"Who are the callers and how are they authenticated today?", {"auth", "oauth", "token", "sso"}, "security"},
        {"How will success be measured in production: which SLOs, and who is paged when they are missed?",
         {"slo", "sla", "alert", "on-call", "page"},
         "testing,generalist"},
        {"Which existing infrastructure (databases, brokers, cloud services) must or may the design reuse?",
         {"postgres", "mysql", "kafka", "redis", "aws", "gcp", "azure", "existing"},
         "kiss,architect,generalist"},
        {"What is the team's size and operational experience, and what budget bounds the running cost?",
         {"team", "budget", "$"},
         "kiss,generalist"},
        {"How long must data and history be kept, and who may read them?",
         {"retention", "retain", "kept for"},
         "architect,security,testing"}};
    return probes;
}

} // namespace parley::offline
