#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/id_pool.hpp"
#include "sim/random.hpp"
#include "sim/ring.hpp"
#include "sim/units.hpp"

namespace parley::sim {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = 0xffffffffU;
constexpr double kDay = 86400;

enum class EventKind : std::uint32_t {
    arrival,
    complete,
    lease_lapse,
    retry_due,
    redeliver,
    worker_down,
    worker_up,
    crash,
    change
};

/// The low 28 bits of a slot's generation travel with its events (a slot is reused 2^28 times before an event
/// about an earlier job of it could be mistaken for a current one).
constexpr std::uint32_t kGenerationMask = (1U << 28) - 1;

/// What an event is about: `x` and `y` (slot and generation, job, worker, disturbance) and its kind, in 64 bits.
struct Decoded {
    std::uint32_t x;
    std::uint32_t y;
    EventKind kind;
};

std::uint64_t encode(std::uint32_t x, std::uint32_t y, EventKind kind) {
    return x | (static_cast<std::uint64_t>(y & kGenerationMask) << 32) | (static_cast<std::uint64_t>(kind) << 60);
}

Decoded decode(std::uint64_t what) {
    const auto y = static_cast<std::uint32_t>((what >> 32) & kGenerationMask);
    return {static_cast<std::uint32_t>(what), y == kGenerationMask ? kNone : y, static_cast<EventKind>(what >> 60)};
}

/// A count as a double. Counts stay far below 2^63, and a signed conversion is one instruction where an unsigned
/// one is several: this runs four times per event.
double real(std::uint64_t count) {
    return static_cast<double>(static_cast<std::int64_t>(count));
}

/// A job waiting in a queue, carried by value: the queue is read in order, so a backlog of millions costs a stream
/// of reads, not a look-up per job in a table the size of the backlog.
struct Waiting {
    double arrival = 0;
    double enqueued = 0;
    std::uint32_t attempts = 0;
    std::uint32_t record = kNone; ///< the job's record when it has one (see Record), else kNone
    std::uint8_t cls = 0;
    bool poison = false;
    bool started = false;
};

/// A job that lives beyond one slot or queue entry: waiting on a timer (a retry, a redelivery after a crash) or
/// with copies (a lease lapsed while it ran). Most jobs never have one: they wait, run once and finish.
struct Record {
    double arrival = 0;
    std::uint32_t attempts = 0;
    std::uint32_t copies = 0; ///< the job's copies in slots, queues and timers
    std::uint8_t cls = 0;
    bool poison = false;
    bool done = false; ///< completed or dead-lettered (by one of its copies)
};

/// One concurrency slot of a worker and the attempt it runs, whose job is carried here, so that a completion reads
/// the slot alone; `generation` changes whenever the attempt leaves it, so events about an earlier attempt of the
/// slot are recognised and ignored.
struct Slot {
    std::uint32_t record = kNone; ///< the running job's record, if it has one
    std::uint32_t generation = 0;
    double start = 0;
    double arrival = 0;
    std::uint32_t attempts = 0;
    std::uint8_t cls = 0;
    bool poison = false;
    bool busy = false;
    bool in_free = true;
};

// The event wheel's slots: about two events each near the current time, where completions come at no more than the
// arrival rate, whatever the job times' spread; as many slots as cover sixteen mean job times (all of a fixed job
// time, 99.5% of a lognormal's with a spread of 1.5), between 256 and 2^18 (a megabyte of list heads). Events beyond
// the horizon wait in the queue's heap until the wheel reaches them.
EventQueue event_queue_for(const Model& model, const Scenario& scenario) {
    const double rate = highest_rate(model, scenario);
    if (!(rate > 0) || !std::isfinite(rate)) {
        return EventQueue(1, 256);
    }
    const double width = 2 / rate;
    const double slots = 16 * model.service.mean / width;
    return EventQueue(width, slots > 256 ? static_cast<std::size_t>(std::min(slots, 262144.0)) : 256);
}

class Simulator {
public:
    Simulator(const Model& model, const Scenario& scenario, std::uint64_t seed, std::size_t buckets)
        : m_(model), s_(scenario), random_(seed), events_(event_queue_for(model, scenario)) {
        result_.scenario = scenario.name;
        result_.duration = scenario.duration;
        const std::size_t count =
            buckets > 0 ? buckets : std::clamp<std::size_t>(static_cast<std::size_t>(scenario.duration / 60), 1, 120);
        result_.bucket_seconds = scenario.duration / static_cast<double>(count);
        result_.buckets.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            result_.buckets[i].start = static_cast<double>(i) * result_.bucket_seconds;
            result_.buckets[i].wait.resize(m_.classes.size());
            result_.buckets[i].latency.resize(m_.classes.size());
        }
        open_ = &result_.buckets[0];
        result_.classes.resize(m_.classes.size());
        queues_.resize(m_.classes.size());
        current_weight_.assign(m_.classes.size(), 0);
        double total_share = 0;
        for (const auto& c : m_.classes) {
            total_share += c.share;
        }
        for (const auto& c : m_.classes) {
            cumulative_share_.push_back((cumulative_share_.empty() ? 0 : cumulative_share_.back()) +
                                        c.share / total_share);
        }
        const std::size_t slots = static_cast<std::size_t>(m_.workers) * m_.concurrency;
        slots_.resize(slots);
        free_.reserve(slots);
        for (std::size_t i = slots; i-- > 0;) {
            free_.push_back(static_cast<std::uint32_t>(i));
        }
        down_count_.assign(m_.workers, 0);
        live_slots_ = slots;
        transient_ = m_.transient_failure;
        next_boundary_ = count > 1 ? result_.bucket_seconds : scenario.duration;
        active_.assign(scenario.disturbances.size(), false);
        half_ = scenario.duration / 2;
        top_rate_ = highest_rate(model, scenario);
        mean_gap_ = 1 / top_rate_;
    }

    RunResult run() {
        schedule_disturbances();
        if (m_.crash_rate_per_hour > 0 && m_.workers > 0) {
            push(random_.exponential(3600 / (m_.crash_rate_per_hour * m_.workers)), 0, 0, EventKind::crash);
        }
        next_arrival_ = next_arrival_after(0);
        const double end = s_.duration;
        const std::uint64_t budget = static_cast<std::uint64_t>(kMaxExpectedJobs) * 4;
        while (true) {
            // The next arrival is kept beside the queue, not in it: half the events it would otherwise sort.
            Event event{next_arrival_, encode(0, 0, EventKind::arrival)};
            if (!events_.empty() && events_.next_time() < next_arrival_) {
                event = events_.pop();
            } else if (next_arrival_ == kNever) {
                break;
            }
            if (event.time > end) {
                break;
            }
            advance(event.time);
            handle(decode(event.what));
            if (watching_drain_ && waiting_ <= drain_level_) {
                result_.drain_seconds = now_ - drain_from_;
                watching_drain_ = false;
            }
            if (++result_.events > budget) {
                result_.stopped_early = true;
                break;
            }
        }
        advance(end);
        finish();
        return std::move(result_);
    }

private:
    void push(double time, std::uint32_t x, std::uint32_t y, EventKind kind) {
        events_.push(Event{time, encode(x, y, kind)});
    }

    double rate_at(double t) const {
        if (s_.at_peak) {
            return m_.peak_rate;
        }
        switch (m_.shape) {
        case ArrivalShape::diurnal:
            // The average over a day is the average rate, the highest the peak; the run starts at the trough.
            return std::max(0.0, m_.average_rate -
                                     (m_.peak_rate - m_.average_rate) * std::cos(6.283185307179586 * t / kDay));
        case ArrivalShape::bursts:
            return std::fmod(t, m_.burst_period) < m_.burst_length ? m_.peak_rate : m_.average_rate;
        case ArrivalShape::steady:
            break;
        }
        return m_.average_rate;
    }

    // Poisson arrivals; a rate that changes over time is drawn by thinning a process at the highest rate. kNever
    // past the end of the run.
    double next_arrival_after(double t) {
        if (!(top_rate_ > 0)) {
            return kNever;
        }
        const bool thin = !s_.at_peak && m_.shape != ArrivalShape::steady;
        while (true) {
            t += random_.exponential(mean_gap_);
            if (t > s_.duration) {
                return kNever;
            }
            if (!thin || random_.uniform() * top_rate_ < rate_at(t)) {
                return t;
            }
        }
    }

    void schedule_disturbances() {
        for (std::size_t i = 0; i < s_.disturbances.size(); ++i) {
            const auto& d = s_.disturbances[i];
            const auto index = static_cast<std::uint32_t>(i);
            if (d.kind == Disturbance::Kind::outage) {
                const std::uint32_t down = d.workers_down == 0 ? m_.workers : std::min(d.workers_down, m_.workers);
                for (std::uint32_t w = 0; w < down; ++w) {
                    push(d.from, w, index, EventKind::worker_down);
                    push(d.until, w, index, EventKind::worker_up);
                }
            } else {
                push(d.from, index, 1, EventKind::change);
                push(d.until, index, 0, EventKind::change);
            }
        }
    }

    // Integrates the time averages up to `t`, closing every bucket passed on the way.
    void advance(double t) {
        // The backlog's growth is measured over the second half: its level at half time, whatever the buckets (a
        // run of one bucket has no boundary there).
        if (t >= half_ && !half_recorded_) {
            backlog_at_half_ = backlog();
            half_time_ = half_;
            half_recorded_ = true;
        }
        while (t >= next_boundary_ && bucket_ < result_.buckets.size()) {
            integrate(next_boundary_);
            close_bucket();
        }
        integrate(t);
    }

    void integrate(double t) {
        const double dt = t - now_;
        if (dt > 0) {
            depth_area_ += real(waiting_) * dt;
            flight_area_ += real(busy_) * dt;
            system_area_ += real(live_jobs_) * dt;
            slot_area_ += real(live_slots_) * dt;
            now_ = t;
        }
    }

    void close_bucket() {
        auto& b = result_.buckets[bucket_];
        const double width = result_.bucket_seconds;
        b.mean_depth = depth_area_ / width;
        b.mean_in_flight = flight_area_ / width;
        b.utilisation = slot_area_ > 0 ? flight_area_ / slot_area_ : (busy_ > 0 ? 1 : 0);
        total_depth_area_ += depth_area_;
        total_flight_area_ += flight_area_;
        total_system_area_ += system_area_;
        total_slot_area_ += slot_area_;
        depth_area_ = flight_area_ = system_area_ = slot_area_ = 0;
        ++bucket_;
        const std::size_t count = result_.buckets.size();
        open_ = &result_.buckets[std::min(bucket_, count - 1)];
        next_boundary_ = bucket_ + 1 < count ? static_cast<double>(bucket_ + 1) * width
                                             : (bucket_ + 1 == count ? s_.duration : kNever);
    }

    Bucket& bucket() { return *open_; }

    std::uint64_t backlog() const { return live_jobs_ - busy_ + result_.beyond_cap; }

    std::uint32_t pick_class() {
        if (cumulative_share_.size() == 1) {
            return 0;
        }
        // The classes passed: counted without a branch, which would guess wrong on most arrivals.
        const double u = random_.uniform();
        std::uint32_t c = 0;
        for (std::size_t i = 0; i + 1 < cumulative_share_.size(); ++i) {
            c += u >= cumulative_share_[i] ? 1 : 0;
        }
        return c;
    }

    void arrive() {
        ++result_.arrivals;
        ++bucket().arrivals;
        const std::uint32_t cls = pick_class();
        if (live_jobs_ >= m_.backlog_cap) {
            ++result_.beyond_cap;
            result_.capped = true;
            return;
        }
        ++live_jobs_;
        Waiting job;
        job.arrival = now_;
        job.cls = static_cast<std::uint8_t>(cls);
        job.poison = m_.permanent_failure > 0 && random_.uniform() < m_.permanent_failure;
        enqueue(job);
    }

    std::uint32_t new_record(const Slot& s) {
        const std::uint32_t id = record_ids_.take();
        if (id == records_.size()) {
            records_.emplace_back();
        }
        records_[id] = Record{s.arrival, s.attempts, 1, s.cls, s.poison, false};
        return id;
    }

    // One copy of a job is gone; the job is gone with its last copy.
    void drop_copy(std::uint32_t record) {
        if (record == kNone) {
            --live_jobs_;
        } else if (--records_[record].copies == 0) {
            record_ids_.give_back(record);
            --live_jobs_;
        }
    }

    // A copy completed or dead-lettered the job: the other copies find it done.
    void finish_job(std::uint32_t record) {
        if (record != kNone) {
            records_[record].done = true;
        }
        drop_copy(record);
    }

    std::uint32_t take_free_slot() {
        while (!free_.empty()) {
            const std::uint32_t slot = free_.back();
            free_.pop_back();
            slots_[slot].in_free = false;
            if (down_count_[slot / m_.concurrency] == 0) {
                return slot;
            }
        }
        return kNone;
    }

    void enqueue(Waiting job) {
        job.enqueued = now_;
        if (waiting_ == 0 && blocked_.empty()) {
            if (const std::uint32_t slot = take_free_slot(); slot != kNone) {
                start(job, slot);
                return;
            }
        }
        if (m_.queue_bound > 0 && waiting_ >= m_.queue_bound) {
            switch (m_.bound_policy) {
            case BoundPolicy::reject:
                ++result_.rejections;
                ++bucket().rejections;
                drop_copy(job.record);
                return;
            case BoundPolicy::block:
                blocked_.push(job);
                return;
            case BoundPolicy::drop_oldest:
                drop_oldest();
                break;
            }
        }
        queues_[job.cls].push(job);
        ++waiting_;
        auto& b = bucket();
        b.max_depth = std::max<std::uint64_t>(b.max_depth, waiting_);
    }

    // Another copy of the job a record describes, ready to wait in a queue.
    Waiting copy_of(std::uint32_t record) const {
        const Record& r = records_[record];
        Waiting job;
        job.arrival = r.arrival;
        job.attempts = r.attempts;
        job.record = record;
        job.cls = r.cls;
        job.poison = r.poison;
        job.started = true;
        return job;
    }

    // A timer of a job with a record ran out (a retry is due, or a crashed worker's job is redelivered): the job
    // waits again, without its record when no other copy of it is left to share one with. False when another copy
    // finished the job meanwhile, and the queue has nothing to hand out.
    bool requeue(std::uint32_t record) {
        if (records_[record].done) {
            drop_copy(record);
            return false;
        }
        Waiting job = copy_of(record);
        if (records_[record].copies == 1) {
            record_ids_.give_back(record);
            job.record = kNone;
        }
        enqueue(job);
        return true;
    }

    void drop_oldest() {
        std::size_t oldest = queues_.size();
        for (std::size_t c = 0; c < queues_.size(); ++c) {
            if (!queues_[c].empty() &&
                (oldest == queues_.size() || queues_[c].front().enqueued < queues_[oldest].front().enqueued)) {
                oldest = c;
            }
        }
        if (oldest < queues_.size()) {
            drop_copy(queues_[oldest].pop().record);
            --waiting_;
            ++result_.dropped;
        }
    }

    // The class to serve next: the first waiting one (strict), or by smooth weighted round robin.
    std::size_t next_class() {
        if (m_.priority_mode == PriorityMode::strict || queues_.size() == 1) {
            std::size_t c = 0;
            while (queues_[c].empty()) {
                ++c;
            }
            return c;
        }
        double total = 0;
        std::size_t best = queues_.size();
        for (std::size_t c = 0; c < queues_.size(); ++c) {
            if (queues_[c].empty()) {
                continue;
            }
            current_weight_[c] += m_.classes[c].weight;
            total += m_.classes[c].weight;
            if (best == queues_.size() || current_weight_[c] > current_weight_[best]) {
                best = c;
            }
        }
        current_weight_[best] -= total;
        return best;
    }

    void dispatch() {
        while (waiting_ > 0) {
            const std::uint32_t slot = take_free_slot();
            if (slot == kNone) {
                return;
            }
            const Waiting job = queues_[next_class()].pop();
            --waiting_;
            if (!blocked_.empty()) {
                Waiting unblocked = blocked_.pop();
                unblocked.enqueued = now_;
                queues_[unblocked.cls].push(unblocked);
                ++waiting_;
            }
            start(job, slot);
        }
    }

    void start(const Waiting& job, std::uint32_t slot) {
        if (!job.started) {
            const double wait = now_ - job.arrival;
            auto& totals = result_.classes[job.cls];
            ++totals.started;
            totals.waited += wait > 0 ? 1 : 0;
            totals.wait_sum += wait;
            totals.wait.add(wait);
            bucket().wait[job.cls].add(wait);
        }
        // The copies of a job share its count of attempts.
        const std::uint32_t attempts = job.record == kNone ? job.attempts + 1 : ++records_[job.record].attempts;
        double service = m_.service.sample(random_) * slowdown_;
        if (m_.downstream_rate > 0) {
            // The downstream's limit as a generic cell rate: the slot is held while the job waits for its turn.
            const double tolerance = (m_.downstream_burst - 1) / m_.downstream_rate;
            const double go = std::max(now_, downstream_tat_ - tolerance);
            downstream_tat_ = std::max(downstream_tat_, go) + 1 / m_.downstream_rate;
            service += go - now_;
        }
        Slot& s = slots_[slot];
        s.record = job.record;
        s.start = now_;
        s.arrival = job.arrival;
        s.attempts = attempts;
        s.cls = job.cls;
        s.poison = job.poison;
        s.busy = true;
        ++busy_;
        push(now_ + service, slot, s.generation, EventKind::complete);
        if (m_.lease > 0 && !m_.heartbeat && service > m_.lease) {
            push(now_ + m_.lease, slot, s.generation, EventKind::lease_lapse);
        }
    }

    void release(std::uint32_t slot) {
        Slot& s = slots_[slot];
        s.busy = false;
        ++s.generation;
        --busy_;
        s.in_free = true;
        free_.push_back(slot);
    }

    double backoff(std::uint32_t attempts) {
        const double exponent = std::min<double>(attempts - 1, 60);
        const double delay = std::min(m_.backoff_cap, m_.backoff_base * std::exp2(exponent));
        switch (m_.jitter) {
        case Jitter::full:
            return random_.uniform() * delay;
        case Jitter::equal:
            return delay / 2 + random_.uniform() * delay / 2;
        case Jitter::none:
            break;
        }
        return delay;
    }

    void complete(std::uint32_t slot, std::uint32_t generation) {
        const Slot& s = slots_[slot];
        if ((s.generation & kGenerationMask) != generation) {
            return;
        }
        std::uint32_t record = s.record;
        const double arrival = s.arrival;
        const std::uint32_t attempts = s.attempts;
        const std::uint8_t cls = s.cls;
        const bool failed = s.poison || (transient_ > 0 && random_.uniform() < transient_);
        if (record != kNone && records_[record].done) {
            release(slot);
            drop_copy(record); // another copy finished the job: this one's work is wasted
        } else if (!failed) {
            release(slot);
            const double latency = now_ - arrival;
            auto& totals = result_.classes[cls];
            ++totals.completed;
            totals.latency_sum += latency;
            totals.latency.add(latency);
            bucket().latency[cls].add(latency);
            ++result_.completions;
            ++bucket().completions;
            finish_job(record);
        } else if (attempts >= m_.max_attempts) {
            release(slot);
            ++result_.dead_letters;
            ++bucket().dead_letters;
            finish_job(record);
        } else {
            // The attempt's copy of the job waits for its retry: a timer holds it, with a record to say what it is.
            if (record == kNone) {
                record = new_record(s);
            }
            release(slot);
            ++result_.retries;
            ++bucket().retries;
            push(now_ + backoff(attempts), record, 0, EventKind::retry_due);
        }
        if (waiting_ > 0) {
            dispatch();
        }
    }

    // A lease lapsed while its job still runs: the queue hands the job out again, and both copies run.
    void lease_lapse(std::uint32_t slot, std::uint32_t generation) {
        Slot& s = slots_[slot];
        if ((s.generation & kGenerationMask) != generation) {
            return;
        }
        if (s.record == kNone) {
            s.record = new_record(s);
        } else if (records_[s.record].done) {
            return; // another copy finished it and acknowledged it: nothing is handed out again
        }
        ++result_.duplicates;
        ++bucket().duplicates;
        ++records_[s.record].copies;
        enqueue(copy_of(s.record));
    }

    void worker_down(std::uint32_t worker) {
        if (down_count_[worker]++ > 0) {
            return;
        }
        live_slots_ -= m_.concurrency;
        for (std::uint32_t i = 0; i < m_.concurrency; ++i) {
            Slot& s = slots_[worker * m_.concurrency + i];
            if (!s.busy) {
                continue;
            }
            s.busy = false;
            ++s.generation;
            --busy_;
            lose(s);
        }
    }

    // The attempt in slot `s` of a worker that went away: the job is back in the queue when its lease lapses, lost
    // when there is none.
    void lose(Slot& s) {
        if (m_.lease <= 0) {
            ++result_.lost;
            finish_job(s.record);
            return;
        }
        const double lapse = m_.heartbeat ? now_ + m_.lease : s.start + m_.lease;
        if (!m_.heartbeat && lapse <= now_) {
            drop_copy(s.record); // it lapsed already, and its duplicate was handed out then
            return;
        }
        const std::uint32_t record = s.record == kNone ? new_record(s) : s.record;
        push(lapse, record, 0, EventKind::redeliver);
    }

    void worker_up(std::uint32_t worker) {
        if (down_count_[worker] == 0 || --down_count_[worker] > 0) {
            return;
        }
        live_slots_ += m_.concurrency;
        for (std::uint32_t i = 0; i < m_.concurrency; ++i) {
            const std::uint32_t slot = worker * m_.concurrency + i;
            if (!slots_[slot].in_free) {
                slots_[slot].in_free = true;
                free_.push_back(slot);
            }
        }
        dispatch();
    }

    void crash() {
        ++result_.crashes;
        const auto worker = static_cast<std::uint32_t>(random_.next() % m_.workers);
        if (down_count_[worker] == 0) {
            worker_down(worker);
            push(now_ + m_.restart_seconds, worker, kNone, EventKind::worker_up);
        }
        push(now_ + random_.exponential(3600 / (m_.crash_rate_per_hour * m_.workers)), 0, 0, EventKind::crash);
    }

    void change(std::uint32_t index, bool begins) {
        active_[index] = begins;
        slowdown_ = 1;
        transient_ = m_.transient_failure;
        for (std::size_t i = 0; i < active_.size(); ++i) {
            const auto& a = s_.disturbances[i];
            if (!active_[i]) {
                continue;
            }
            if (a.kind == Disturbance::Kind::slowdown) {
                slowdown_ *= a.factor;
            } else if (a.kind == Disturbance::Kind::retry_storm) {
                transient_ = std::max(transient_, a.factor);
            }
        }
    }

    void handle(const Decoded& e) {
        switch (e.kind) {
        case EventKind::arrival:
            arrive();
            next_arrival_ = next_arrival_after(now_);
            break;
        case EventKind::complete:
            complete(e.x, e.y);
            break;
        case EventKind::lease_lapse:
            lease_lapse(e.x, e.y);
            break;
        case EventKind::retry_due:
            requeue(e.x);
            break;
        case EventKind::redeliver:
            result_.redelivered += requeue(e.x) ? 1 : 0;
            break;
        case EventKind::worker_down:
            if (e.x == 0) {
                drain_level_ = waiting_;
            }
            worker_down(e.x);
            break;
        case EventKind::worker_up:
            worker_up(e.x);
            if (e.x == 0 && e.y != kNone) { // the end of an outage
                drain_from_ = now_;
                watching_drain_ = true;
                result_.drain_seconds = kNever;
            }
            break;
        case EventKind::crash:
            crash();
            break;
        case EventKind::change:
            change(e.x, e.y == 1);
            break;
        }
    }

    void finish() {
        const double end = s_.duration;
        result_.mean_waiting = total_depth_area_ / end;
        result_.mean_in_system = total_system_area_ / end;
        result_.utilisation = total_slot_area_ > 0 ? total_flight_area_ / total_slot_area_ : 0;
        result_.backlog_at_end = backlog();
        const double span = end - half_time_;
        if (span > 0) {
            result_.growth_per_second =
                (static_cast<double>(result_.backlog_at_end) - static_cast<double>(backlog_at_half_)) / span;
        }
        const double offered = std::max(highest_rate(m_, s_), 1e-12);
        result_.unbounded = result_.capped || (result_.growth_per_second > 0.01 * offered &&
                                               result_.backlog_at_end > 100 + backlog_at_half_);
        if (result_.unbounded && result_.drain_seconds >= 0) {
            result_.drain_seconds = kNever; // a backlog that keeps growing has not drained, whatever it dipped to
        }
    }

    const Model& m_;
    const Scenario& s_;
    Random random_;
    RunResult result_;
    EventQueue events_;
    std::vector<Record> records_;
    IdPool record_ids_;
    std::vector<Ring<Waiting>> queues_;
    Ring<Waiting> blocked_;
    std::vector<double> current_weight_;
    std::vector<double> cumulative_share_;
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_;
    std::vector<std::uint32_t> down_count_;
    std::vector<bool> active_; ///< per disturbance: whether it is on now
    double now_ = 0;
    double next_arrival_ = kNever;
    double next_boundary_ = 0;
    std::size_t bucket_ = 0;
    Bucket* open_ = nullptr; ///< the bucket of the current time (the last after the run's end)
    std::uint64_t waiting_ = 0;
    std::uint64_t busy_ = 0;
    std::uint64_t live_jobs_ = 0;
    std::uint64_t live_slots_ = 0;
    double transient_ = 0;
    double slowdown_ = 1;
    double downstream_tat_ = 0;
    double depth_area_ = 0, flight_area_ = 0, system_area_ = 0, slot_area_ = 0;
    double total_depth_area_ = 0, total_flight_area_ = 0, total_system_area_ = 0, total_slot_area_ = 0;
    double half_ = 0;
    double top_rate_ = 0; ///< arrivals per second at most
    double mean_gap_ = 0; ///< seconds between arrivals at that rate, on average
    double half_time_ = 0;
    std::uint64_t backlog_at_half_ = 0;
    bool half_recorded_ = false;
    bool watching_drain_ = false;
    std::uint64_t drain_level_ = 0;
    double drain_from_ = 0;
};

} // namespace

double highest_rate(const Model& model, const Scenario& scenario) {
    if (scenario.at_peak) {
        return model.peak_rate;
    }
    return model.shape == ArrivalShape::steady ? model.average_rate : std::max(model.peak_rate, model.average_rate);
}

RunResult run_scenario(const Model& model, const Scenario& scenario, std::uint64_t seed, std::size_t buckets) {
    Simulator simulator(model, scenario, seed, buckets);
    return simulator.run();
}

} // namespace parley::sim
