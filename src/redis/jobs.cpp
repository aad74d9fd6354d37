#include "redis/jobs.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "redis/job_signature.hpp"

namespace parley::sweep {

namespace {

constexpr std::string_view kGroup = "workers";
constexpr std::size_t kEnqueueBatch = 100;
// Entries that are skipped or buried on the way count against this, so a claim never loops without end.
constexpr int kMaxEntriesPerClaim = 64;

constexpr RedisScript kOpenScript{"open", R"lua(
local want = {'hash', 'stream', 'set', 'stream'}
for i = 1, 4 do
  local t = redis.call('TYPE', KEYS[i]).ok
  if t ~= 'none' and t ~= want[i] then return {'badtype', t, KEYS[i], want[i]} end
end
local v = redis.call('HGET', KEYS[1], 'version')
if not v then
  redis.call('HSET', KEYS[1], 'version', ARGV[1], 'writer', ARGV[2])
  v = ARGV[1]
end
if v ~= ARGV[1] then return {'version', v, redis.call('HGET', KEYS[1], 'writer') or 'an unknown version'} end
redis.pcall('XGROUP', 'CREATE', KEYS[2], ARGV[3], '0', 'MKSTREAM')
return {'ok', v}
)lua"};

// Every entry's id is kept in the sweep's entry hash: the one entry a worker may run for that job.
constexpr RedisScript kEnqueueScript{"enqueue", R"lua(
for i = 3, 5 do
  local t = redis.call('TYPE', KEYS[i]).ok
  if t ~= 'none' and t ~= 'hash' then return {'badtype', t, KEYS[i], 'hash'} end
end
redis.call('SADD', KEYS[2], ARGV[2])
local added = 0
for i = 3, #ARGV, 3 do
  if redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('HSET', KEYS[4], ARGV[i], 'queued')
    local id = redis.call('XADD', KEYS[1], '*', 'v', ARGV[1], 'sweep', ARGV[2], 'job', ARGV[i], 'payload',
                          ARGV[i + 1], 'prior', '0', 'sig', ARGV[i + 2])
    redis.call('HSET', KEYS[5], ARGV[i], id)
    added = added + 1
  end
end
return {'ok', added}
)lua"};

constexpr RedisScript kClaimStaleScript{"claim", R"lua(
local cursor = '0-0'
repeat
  local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', 1)
  cursor = r[1]
  for _, e in ipairs(r[2]) do
    if e and e[2] then
      local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
      local n = 1
      if #p > 0 then n = p[1][4] end
      return {e, n}
    end
  end
until cursor == '0-0'
return false
)lua"};

// An entry that is not its job's own (per the entry hash) is a stray: buried without touching the sweep's state.
// One that is, but may not run (ARGV[4] says why), kills its job. Else the job starts unless it already ended.
constexpr RedisScript kAcceptScript{"accept", R"lua(
local own = ARGV[3] ~= '' and redis.call('HGET', KEYS[3], ARGV[3]) == ARGV[2]
if not own or ARGV[4] ~= '' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[1], ARGV[2])
  local why = ARGV[4]
  if why == '' then why = ARGV[9] end
  redis.call('XADD', KEYS[4], '*', 'sweep', ARGV[5], 'job', ARGV[3], 'error', why, 'deliveries', ARGV[6],
             'payload', ARGV[7], 'sig', ARGV[8], 'stray', own and '0' or '1')
  if own then
    redis.call('HSET', KEYS[2], ARGV[3], 'dead')
    return 'dead'
  end
  return 'stray'
end
local s = redis.call('HGET', KEYS[2], ARGV[3])
if s == 'done' or s == 'dead' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[1], ARGV[2])
  return 'ended'
end
redis.call('HSET', KEYS[2], ARGV[3], 'running')
return 'run'
)lua"};

constexpr RedisScript kRenewScript{"renew", R"lua(
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p == 0 or p[1][2] ~= ARGV[3] then return 0 end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
return 1
)lua"};

constexpr RedisScript kCompleteScript{"complete", R"lua(
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if redis.call('HGET', KEYS[2], ARGV[3]) == 'done' then return 0 end
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[3], 'done')
return 1
)lua"};

constexpr RedisScript kFailScript{"fail", R"lua(
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p == 0 or p[1][2] ~= ARGV[3] then return 'not_held' end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[10] == '1' or tonumber(ARGV[8]) >= tonumber(ARGV[9]) then
  redis.call('XADD', KEYS[3], '*', 'sweep', ARGV[5], 'job', ARGV[6], 'error', ARGV[7], 'deliveries', ARGV[8],
             'payload', ARGV[11], 'sig', ARGV[12], 'stray', '0')
  redis.call('HSET', KEYS[2], ARGV[6], 'dead')
  return 'dead'
end
local id = redis.call('XADD', KEYS[1], '*', 'v', ARGV[4], 'sweep', ARGV[5], 'job', ARGV[6], 'payload', ARGV[11],
                      'prior', ARGV[8], 'sig', ARGV[12])
redis.call('HSET', KEYS[2], ARGV[6], 'queued')
redis.call('HSET', KEYS[4], ARGV[6], id)
return 'requeued'
)lua"};

constexpr RedisScript kRedriveScript{"redrive", R"lua(
local n = 0
for _, e in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
  local f = {}
  for i = 1, #e[2], 2 do f[e[2][i]] = e[2][i + 1] end
  if f['sweep'] == ARGV[2] and f['job'] and f['job'] ~= '' and f['stray'] ~= '1' then
    local id = redis.call('XADD', KEYS[1], '*', 'v', ARGV[1], 'sweep', ARGV[2], 'job', f['job'], 'payload',
                          f['payload'] or '', 'prior', '0', 'sig', f['sig'] or '')
    redis.call('HSET', KEYS[3], f['job'], 'queued')
    redis.call('HSET', KEYS[4], f['job'], id)
    redis.call('XDEL', KEYS[2], e[1])
    n = n + 1
  end
end
return n
)lua"};

std::optional<int> to_int(std::string_view text) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::map<std::string, std::string> entry_fields(const RedisReply& fields) {
    std::map<std::string, std::string> out;
    for (auto& [name, value] : field_pairs(fields)) {
        out.emplace(std::move(name), std::move(value));
    }
    return out;
}

// A key of parley's holding another type ({'badtype', type, key, wanted} from a script): someone else's data.
Error wrong_type(const RedisConnection& connection, const std::vector<RedisReply>& parts) {
    const auto part = [&](std::size_t i) {
        return i < parts.size() ? parts[i].text : std::string("?");
    };
    return parley::fail(ErrorKind::config, connection.url().display() + ": key '" + part(2) + "' holds a " + part(1) +
                                               ", not the " + part(3) +
                                               " parley keeps there; use another database (/db) or prefix")
        .value();
}

Error unexpected_reply(const RedisConnection& connection, std::string_view what) {
    return parley::fail(ErrorKind::io, connection.url().display() + ": unexpected reply to " + std::string(what) +
                                           " (is another program using the same keys?)")
        .value();
}

// The job stream or its group is gone (Redis restarted without persistence, or someone deleted the key).
bool lost_group(const Error& error) {
    return error.kind == ErrorKind::io && error.message.find("NOGROUP") != std::string::npos;
}

} // namespace

Result<void> check_sweep_id(std::string_view sweep_id) {
    const bool fine =
        !sweep_id.empty() && sweep_id.size() <= 64 && std::all_of(sweep_id.begin(), sweep_id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                   c == '-';
        });
    if (!fine) {
        return parley::fail(ErrorKind::invalid_input, "sweep id '" + std::string(sweep_id.substr(0, 80)) +
                                                          "' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return {};
}

std::string RedisJobQueue::sweep_key(std::string_view sweep_id, std::string_view name) const {
    return options_.prefix + ":sweep:" + std::string(sweep_id) + ":" + std::string(name);
}

Result<RedisJobQueue> RedisJobQueue::open(std::shared_ptr<RedisConnection> connection, JobQueueOptions options) {
    if (options.prefix.empty() || options.max_deliveries < 1 || options.lease.count() < 1) {
        return parley::fail(ErrorKind::invalid_input,
                            "job queue: the prefix must not be empty, the lease must be positive "
                            "and max deliveries at least 1");
    }
    RedisJobQueue queue(std::move(connection), std::move(options));
    if (auto prepared = queue.prepare(); !prepared) {
        return tl::make_unexpected(prepared.error());
    }
    return queue;
}

Result<void> RedisJobQueue::prepare() {
    auto reply = connection_->eval(kOpenScript, {key("meta"), stream_key(), key("sweeps"), key("dead")},
                                   {std::to_string(kFormatVersion), "parley " PARLEY_VERSION, std::string(kGroup)});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    const auto& parts = reply->elements;
    if (parts.size() < 2) {
        return tl::make_unexpected(unexpected_reply(*connection_, "the format check"));
    }
    const std::string where = connection_->url().display();
    if (parts[0].text == "badtype") {
        return tl::make_unexpected(wrong_type(*connection_, parts));
    }
    if (parts[0].text == "version") {
        return parley::fail(ErrorKind::config,
                            where + " holds parley sweep data of format " + parts[1].text + " (written by " +
                                (parts.size() > 2 ? parts[2].text : std::string("an unknown version")) +
                                "); this parley reads format " + std::to_string(kFormatVersion) +
                                ": run the same parley version everywhere, or use another database (/db)");
    }
    return {};
}

Result<std::size_t> RedisJobQueue::enqueue(std::string_view sweep_id, const std::vector<JobSpec>& jobs) {
    if (auto ok = check_sweep_id(sweep_id); !ok) {
        return tl::make_unexpected(ok.error());
    }
    if (options_.signing_key.empty()) {
        return parley::fail(ErrorKind::config, "jobs cannot be enqueued unsigned: give the queue a signing key");
    }
    for (const auto& job : jobs) {
        if (job.id.empty()) {
            return parley::fail(ErrorKind::invalid_input, "sweep " + std::string(sweep_id) + ": a job has an empty id");
        }
    }
    const std::vector<std::string> keys{stream_key(), key("sweeps"), sweep_key(sweep_id, "jobs"),
                                        sweep_key(sweep_id, "state"), sweep_key(sweep_id, "entry")};
    const auto format = std::to_string(kFormatVersion);
    std::size_t added = 0;
    // Batches keep one script from holding the server for long; each batch is safe to repeat.
    for (std::size_t start = 0; start < jobs.size() || (start == 0 && jobs.empty()); start += kEnqueueBatch) {
        std::vector<std::string> args{format, std::string(sweep_id)};
        for (std::size_t i = start; i < std::min(jobs.size(), start + kEnqueueBatch); ++i) {
            args.push_back(jobs[i].id);
            args.push_back(jobs[i].payload);
            args.push_back(sign_job(options_.signing_key, {format, sweep_id, jobs[i].id, jobs[i].payload}));
        }
        auto reply = connection_->eval(kEnqueueScript, keys, args);
        if (!reply) {
            return tl::make_unexpected(reply.error());
        }
        if (reply->elements.size() < 2) {
            return tl::make_unexpected(unexpected_reply(*connection_, "enqueue"));
        }
        if (reply->elements[0].text == "badtype") {
            return tl::make_unexpected(wrong_type(*connection_, reply->elements));
        }
        added += static_cast<std::size_t>(std::max(0LL, reply->elements[1].integer));
        if (jobs.empty()) {
            break;
        }
    }
    return added;
}

std::string RedisJobQueue::entry_problem(const std::map<std::string, std::string>& fields, const JobLease& lease,
                                         const std::optional<int>& prior) const {
    const std::string& entry = lease.entry_id;
    for (const char* name : {"v", "sweep", "job", "payload", "prior"}) {
        if (!fields.contains(name)) {
            return "malformed job entry " + entry + ": it has no '" + name + "' field";
        }
    }
    if (!prior) {
        return "malformed job entry " + entry + ": 'prior' is not a number";
    }
    if (auto ok = check_sweep_id(lease.sweep_id); !ok) {
        return "malformed job entry " + entry + ": " + ok.error().message;
    }
    const auto& format = fields.at("v");
    if (format != std::to_string(kFormatVersion)) {
        return "job entry " + entry + " is of format " + format + "; this parley reads format " +
               std::to_string(kFormatVersion) + " (run the same parley version everywhere)";
    }
    // Checked before anything else is believed: who wrote the entry decides whether its deliveries count at all.
    if (lease.signature.empty()) {
        return "job entry " + entry + " has no signature, so it is not run (only `parley sweep` with " +
               std::string(kSigningKeyEnv) + " set enqueues jobs)";
    }
    if (!signature_matches(options_.signing_key, {format, lease.sweep_id, lease.job_id, lease.payload},
                           lease.signature)) {
        return "job entry " + entry + " has a wrong signature, so it is not run (enqueued under another " +
               std::string(kSigningKeyEnv) + ", or changed in Redis)";
    }
    if (lease.deliveries > options_.max_deliveries) {
        return "handed out " + std::to_string(lease.deliveries) +
               " times without finishing (its workers died or lost their lease)";
    }
    return "";
}

Result<std::optional<JobLease>> RedisJobQueue::accept(const RedisReply& entry, std::string_view consumer,
                                                      int deliveries) {
    if (entry.elements.size() < 2) {
        return tl::make_unexpected(unexpected_reply(*connection_, "a job claim"));
    }
    const auto fields = entry_fields(entry.elements[1]);
    const auto field = [&](const char* name) {
        const auto found = fields.find(name);
        return found == fields.end() ? std::string() : found->second;
    };
    JobLease lease;
    lease.entry_id = entry.elements[0].text;
    lease.consumer = std::string(consumer);
    lease.sweep_id = field("sweep");
    lease.job_id = field("job");
    lease.payload = field("payload");
    lease.signature = field("sig");
    const auto prior = to_int(field("prior"));
    lease.deliveries = std::max(1, deliveries) + prior.value_or(0);
    const auto problem = entry_problem(fields, lease, prior);
    // A sweep id unfit for a key cannot name the sweep's hashes; these keys hold nothing, so the entry is a stray.
    const bool keyable = check_sweep_id(lease.sweep_id).has_value();
    const auto in_sweep = [&](const char* name) {
        return keyable ? sweep_key(lease.sweep_id, name) : key(std::string("unknown-sweep:") + name);
    };
    const std::string stray = "job entry " + lease.entry_id + " is not the entry sweep " +
                              lease.sweep_id.substr(0, 80) + " enqueued for job " + lease.job_id.substr(0, 80) +
                              " (a copy, or written by something other than `parley sweep`), so it is not run";
    auto accepted = connection_->eval(kAcceptScript, {stream_key(), in_sweep("state"), in_sweep("entry"), key("dead")},
                                      {std::string(kGroup), lease.entry_id, lease.job_id, problem, lease.sweep_id,
                                       std::to_string(lease.deliveries), lease.payload, lease.signature, stray});
    if (!accepted) {
        return tl::make_unexpected(accepted.error());
    }
    if (accepted->text != "run") {
        return std::optional<JobLease>();
    }
    return std::optional<JobLease>(std::move(lease));
}

Result<std::optional<JobLease>> RedisJobQueue::claim(std::string_view consumer, std::chrono::milliseconds block) {
    if (consumer.empty()) {
        return parley::fail(ErrorKind::invalid_input, "a worker needs a non-empty consumer name");
    }
    if (options_.signing_key.empty()) {
        return parley::fail(ErrorKind::config, "jobs cannot be claimed without the key to check their signatures");
    }
    // A read blocked past the connection's reply timeout would look like a lost connection.
    block = std::clamp(block, std::chrono::milliseconds(1),
                       std::max(std::chrono::milliseconds(1),
                                connection_->options().command_timeout - std::chrono::milliseconds(500)));
    const auto deadline = std::chrono::steady_clock::now() + block;
    for (int entries = 0; entries < kMaxEntriesPerClaim; ++entries) {
        auto stale =
            connection_->eval(kClaimStaleScript, {stream_key()},
                              {std::string(kGroup), std::string(consumer), std::to_string(options_.lease.count())});
        if (!stale && lost_group(stale.error())) {
            // Redis restarted without its data: the stream and group are made again, and the claim goes on.
            if (auto prepared = prepare(); !prepared) {
                return tl::make_unexpected(prepared.error());
            }
            continue;
        }
        if (!stale) {
            return tl::make_unexpected(stale.error());
        }
        if (!stale->is_nil()) {
            if (stale->elements.size() < 2) {
                return tl::make_unexpected(unexpected_reply(*connection_, "a stale job claim"));
            }
            auto lease = accept(stale->elements[0], consumer, static_cast<int>(stale->elements[1].integer));
            if (!lease || *lease) {
                return lease;
            }
            continue;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto read = connection_->command({"XREADGROUP", "GROUP", std::string(kGroup), std::string(consumer), "COUNT",
                                          "1", "BLOCK", std::to_string(std::max<long long>(left.count(), 1)), "STREAMS",
                                          stream_key(), ">"});
        if (!read && lost_group(read.error())) {
            if (auto prepared = prepare(); !prepared) {
                return tl::make_unexpected(prepared.error());
            }
            continue;
        }
        if (!read) {
            return tl::make_unexpected(read.error());
        }
        if (read->is_nil() || read->elements.empty()) {
            if (std::chrono::steady_clock::now() >= deadline) {
                return std::optional<JobLease>();
            }
            continue;
        }
        const RedisReply& stream = read->elements[0];
        if (stream.elements.size() < 2 || stream.elements[1].elements.empty()) {
            return tl::make_unexpected(unexpected_reply(*connection_, "XREADGROUP"));
        }
        auto lease = accept(stream.elements[1].elements[0], consumer, 1);
        if (!lease || *lease) {
            return lease;
        }
    }
    return std::optional<JobLease>();
}

Result<bool> RedisJobQueue::renew(const JobLease& lease) {
    auto reply = connection_->eval(kRenewScript, {stream_key()}, {std::string(kGroup), lease.entry_id, lease.consumer});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    return reply->integer == 1;
}

Result<CompleteOutcome> RedisJobQueue::complete(const JobLease& lease, std::string_view result) {
    auto reply = connection_->eval(
        kCompleteScript, {stream_key(), sweep_key(lease.sweep_id, "state"), sweep_key(lease.sweep_id, "results")},
        {std::string(kGroup), lease.entry_id, lease.job_id, std::string(result)});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    return reply->integer == 1 ? CompleteOutcome::completed : CompleteOutcome::already_done;
}

Result<FailOutcome> RedisJobQueue::fail(const JobLease& lease, std::string_view error, bool permanent) {
    auto reply = connection_->eval(
        kFailScript,
        {stream_key(), sweep_key(lease.sweep_id, "state"), key("dead"), sweep_key(lease.sweep_id, "entry")},
        {std::string(kGroup), lease.entry_id, lease.consumer, std::to_string(kFormatVersion), lease.sweep_id,
         lease.job_id, std::string(error), std::to_string(lease.deliveries), std::to_string(options_.max_deliveries),
         permanent ? "1" : "0", lease.payload, lease.signature});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    if (reply->text == "dead") {
        return FailOutcome::dead_letter;
    }
    if (reply->text == "requeued") {
        return FailOutcome::requeued;
    }
    return FailOutcome::not_held;
}

Result<std::size_t> RedisJobQueue::redrive(std::string_view sweep_id) {
    if (auto ok = check_sweep_id(sweep_id); !ok) {
        return tl::make_unexpected(ok.error());
    }
    auto reply = connection_->eval(
        kRedriveScript, {stream_key(), key("dead"), sweep_key(sweep_id, "state"), sweep_key(sweep_id, "entry")},
        {std::to_string(kFormatVersion), std::string(sweep_id)});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    return static_cast<std::size_t>(std::max(0LL, reply->integer));
}

Result<SweepCounts> RedisJobQueue::status(std::string_view sweep_id) {
    if (auto ok = check_sweep_id(sweep_id); !ok) {
        return tl::make_unexpected(ok.error());
    }
    auto states = connection_->command({"HVALS", sweep_key(sweep_id, "state")});
    if (!states) {
        return tl::make_unexpected(states.error());
    }
    SweepCounts counts;
    for (const auto& state : states->elements) {
        ++counts.total;
        if (state.text == "running") {
            ++counts.running;
        } else if (state.text == "done") {
            ++counts.done;
        } else if (state.text == "dead") {
            ++counts.dead;
        } else {
            ++counts.queued;
        }
    }
    return counts;
}

Result<std::vector<std::pair<std::string, std::string>>> RedisJobQueue::jobs(std::string_view sweep_id) {
    if (auto ok = check_sweep_id(sweep_id); !ok) {
        return tl::make_unexpected(ok.error());
    }
    auto reply = connection_->command({"HGETALL", sweep_key(sweep_id, "jobs")});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    auto pairs = field_pairs(*reply);
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

Result<std::vector<std::pair<std::string, std::string>>> RedisJobQueue::results(std::string_view sweep_id) {
    if (auto ok = check_sweep_id(sweep_id); !ok) {
        return tl::make_unexpected(ok.error());
    }
    auto reply = connection_->command({"HGETALL", sweep_key(sweep_id, "results")});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    auto pairs = field_pairs(*reply);
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

Result<std::vector<DeadJob>> RedisJobQueue::dead_letters(std::string_view sweep_id) {
    if (auto ok = check_sweep_id(sweep_id); !ok) {
        return tl::make_unexpected(ok.error());
    }
    auto reply = connection_->command({"XRANGE", key("dead"), "-", "+"});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    std::vector<DeadJob> dead;
    for (const auto& entry : reply->elements) {
        if (entry.elements.size() < 2) {
            continue;
        }
        auto fields = entry_fields(entry.elements[1]);
        if (fields["sweep"] != sweep_id) {
            continue;
        }
        DeadJob job;
        job.sweep_id = fields["sweep"];
        job.job_id = fields["job"];
        job.error = fields["error"];
        job.deliveries = to_int(fields["deliveries"]).value_or(0);
        job.payload = fields["payload"];
        job.entry_id = entry.elements[0].text;
        job.stray = fields["stray"] == "1";
        dead.push_back(std::move(job));
    }
    return dead;
}

Result<std::vector<std::string>> RedisJobQueue::sweeps() {
    auto reply = connection_->command({"SMEMBERS", key("sweeps")});
    if (!reply) {
        return tl::make_unexpected(reply.error());
    }
    std::vector<std::string> ids;
    for (const auto& member : reply->elements) {
        ids.push_back(member.text);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace parley::sweep
