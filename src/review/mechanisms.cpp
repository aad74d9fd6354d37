#include "review/mechanisms.hpp"

#include <algorithm>
#include <optional>

#include "review/concerns.hpp"
#include "review/quantity.hpp"

namespace parley::review {

namespace {

// One broken mechanism as text shows it: a sentence that builds it (`makes`, not negated), a claim it must come
// with somewhere (`with`, if any), and what would make it sound: an aspect of a concern stated anywhere
// (`unless_aspect`), a phrase anywhere (`unless`), or a phrase in the same sentence (`unless_here`).
struct MechanismRule {
    std::string_view id;
    std::string_view concern;
    std::string_view reason;
    std::vector<std::string_view> makes;
    std::vector<std::string_view> with;
    std::vector<std::string_view> unless;
    std::vector<std::string_view> unless_here;
    std::string_view unless_concern; ///< with unless_aspect: the aspect whose statement makes it sound
    std::string_view unless_aspect;
};

// The table a senior reviewer carries in their head. Every rule has a test in tests/review/mechanisms_test.cpp.
const std::vector<MechanismRule>& rules() {
    static const std::vector<MechanismRule> table = {
        {"check_then_act",
         "delivery",
         "exactly-once rests on a check-then-act: two workers can both pass the check, and a crash after the call "
         "repeats it",
         {"if not completed",
          "if it is not completed",
          "if not already",
          "if not processed",
          "if it has not",
          "if the status is not",
          "if not done",
          "check whether",
          "checks whether",
          "check if",
          "checks if",
          "check the status",
          "checks the status",
          "read the status",
          "reads the status",
          "read the task's status",
          "reads the task's status",
          "status key",
          "skip it if",
          "skips it if",
          "if the key exists",
          "if the key does not exist"},
         {"exactly-once", "exactly once", "never twice", "never run twice", "never runs twice", "effectively once"},
         {"atomic", "transaction", "setnx", "set nx", "unique constraint", "unique index", "on conflict",
          "compare-and-set", "compare and set", "for update", "conditional put", "conditional write",
          "conditionexpression", "lua script", "fencing", "optimistic lock"},
         {},
         {},
         {}},
        {"ack_before_processing",
         "ack",
         "acknowledged before the work is done: a crash mid-job loses the job",
         {"ack...then process",
          "ack...then run",
          "ack...then handl",
          "ack...then call",
          "ack...then execut",
          "acknowledg...then process",
          "acknowledg...then run",
          "acknowledg...then handl",
          "delete...then process",
          "deletes...then process",
          "deleted...then process",
          "delete...then run",
          "deletes...then run",
          "commit...then process",
          "commits...then process",
          "remove...then process",
          "removes...then process",
          "removed...then process",
          "pop...then process",
          "pops...then process",
          "ack...before running",
          "ack...before calling",
          "acknowledg...before running",
          "acknowledg...before calling",
          "delete...before process",
          "deletes...before process",
          "delete...before running",
          "deletes...before running"},
         {},
         {"only after", "after processing", "after the handler", "acks late", "ack late"},
         {},
         {},
         {}},
        {"swallowed_errors",
         "retries",
         "errors are caught and only logged inside the handler: a failing job completes as a success, so it is "
         "never retried and is lost",
         {"catch...log", "catches...log", "caught...log", "except...log", "swallow", "log and continue",
          "logs and continue", "logs the error and continue", "logged and ignored", "logs and ignores",
          "errors are ignored", "ignore errors", "ignores errors", "ignores the error", "log it and move on",
          "logs it and moves on"},
         {},
         {},
         // What hands the error on: not the "throws" that names the error itself.
         {"re-raise", "reraise", "rethrow", "re-throw", "raise it", "raises it", "throw it", "throws it again",
          "fail the job", "fails the job", "marked failed", "marks it failed", "nack", "retr", "dead"},
         {},
         {}},
        {"retries_uncapped",
         "retries",
         "retries without a cap: a poison job retries forever and takes a worker each time",
         {"keeps retrying", "keep retrying", "retry forever", "retries forever", "retried forever",
          "max retries = none", "max retries=none", "max retries: none", "max retries = -1", "max retries=-1",
          "retries=-1", "retries = -1", "until it succeeds", "until they succeed", "retry indefinitely",
          "retried indefinitely", "retries indefinitely", "unlimited retr", "infinite retr"},
         {},
         {},
         {},
         "retries",
         "cap"},
        {"never_drops_unbounded",
         "backpressure",
         "the queue never drops or rejects but nothing bounds it: under a sustained overload it grows until memory "
         "or disk runs out",
         {"never drops", "never drop", "never dropped", "never rejects", "never reject", "never refuse",
          "never refuses", "accepts every", "accept every", "always accepts", "always accept", "never sheds",
          "never turned away", "never turns away"},
         {},
         {},
         {},
         "backpressure",
         "bounded"},
        {"single_node_no_loss",
         "durability",
         "one Redis or Postgres node cannot promise no data loss: a disk or host failure loses what it holds",
         {"single redis", "one redis", "single node", "single-node", "single instance", "single postgres",
          "one postgres", "single database", "one database server", "single server", "one node"},
         {"no data loss", "never lose", "never loses", "lose no", "no job is lost", "no job is ever lost",
          "zero data loss", "zero job loss", "jobs are never lost", "never lost", "guaranteed delivery",
          "guarantees delivery", "no message is lost", "lossless"},
         {},
         {},
         "durability",
         "replication"},
        {"fan_out_without_idempotency",
         "idempotency",
         "fan-out without idempotent handlers: a redelivered parent re-creates every child job",
         {"fan-out", "fan out", "fans out", "fanned out", "child jobs", "sub-jobs", "one job per recipient",
          "a job per recipient", "one job per user", "per recipient"},
         {},
         {},
         {},
         "idempotency",
         "idempotent handlers"},
    };
    return table;
}

// The sentences where some phrase of `phrases` appears (not negated when `negation` says so), in text order.
std::vector<std::size_t> sentences_with(const Document& doc, const std::vector<std::string_view>& phrases,
                                        bool negation = true) {
    std::vector<std::size_t> out;
    for (auto phrase : phrases) {
        for (const auto& [index, m] : find_in_document(doc, phrase)) {
            if (!negation || !is_negated(sentence_lower(doc, index), m.begin, m.end)) {
                out.push_back(index);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool aspect_stated(const Document& doc, std::string_view concern_id, std::string_view aspect_name) {
    const auto* concern = find_concern(concern_id);
    if (!concern) {
        return false;
    }
    for (const auto& aspect : concern->aspects) {
        if (aspect.name == aspect_name && !sentences_with(doc, aspect.phrases).empty()) {
            return true;
        }
    }
    return false;
}

bool mentions(std::string_view lower, const std::vector<std::string_view>& phrases) {
    return std::any_of(phrases.begin(), phrases.end(),
                       [&](std::string_view p) { return !find_phrase(lower, p).empty(); });
}

std::optional<BrokenMechanism> apply(const MechanismRule& rule, const Document& doc) {
    std::vector<std::size_t> made;
    for (auto index : sentences_with(doc, rule.makes)) {
        if (!mentions(sentence_lower(doc, index), rule.unless_here)) {
            made.push_back(index);
        }
    }
    if (made.empty() || !sentences_with(doc, rule.unless).empty()) {
        return std::nullopt;
    }
    if (!rule.unless_aspect.empty() && aspect_stated(doc, rule.unless_concern, rule.unless_aspect)) {
        return std::nullopt;
    }
    if (!rule.with.empty()) {
        const auto claims = sentences_with(doc, rule.with, false);
        if (claims.empty()) {
            return std::nullopt;
        }
        made.push_back(claims.front());
        std::sort(made.begin(), made.end());
        made.erase(std::unique(made.begin(), made.end()), made.end());
    }
    return BrokenMechanism{rule.id, rule.concern, std::string(rule.reason), std::move(made)};
}

// Code that catches an error and only logs it: an `except`/`catch` line whose next few code lines log and
// none raises, fails or retries.
std::optional<BrokenMechanism> swallowed_in_code(const Document& doc) {
    constexpr std::size_t kHandlerLines = 3;
    const auto& sentences = *doc.sentences;
    static const std::vector<std::string_view> kCatch = {"except", "catch", "rescue"};
    static const std::vector<std::string_view> kLog = {"log", "logger", "print", "console.", "warn", "pass$"};
    static const std::vector<std::string_view> kRethrow = {"raise", "throw",  "retry", "retries", "nack",
                                                           "fail",  "reject", "dead",  "requeue"};
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (sentences[i].kind != SentenceKind::code || !mentions(sentence_lower(doc, i), kCatch)) {
            continue;
        }
        bool logs = false;
        bool rethrows = false;
        std::size_t last = i;
        for (std::size_t k = i; k < sentences.size() && k <= i + kHandlerLines; ++k) {
            if (sentences[k].kind != SentenceKind::code) {
                break;
            }
            const auto lower = sentence_lower(doc, k);
            logs = logs || mentions(lower, kLog);
            rethrows = rethrows || mentions(lower, kRethrow);
            last = k;
        }
        if (logs && !rethrows) {
            std::vector<std::size_t> made;
            for (auto k = i; k <= last; ++k) {
                made.push_back(k);
            }
            return BrokenMechanism{"swallowed_errors", "retries",
                                   "errors are caught and only logged inside the handler: a failing job completes as "
                                   "a success, so it is never retried and is lost",
                                   std::move(made)};
        }
    }
    return std::nullopt;
}

// A duration found in a sentence.
struct Timed {
    std::size_t index = 0;
    Quantity quantity;
};

// A lease (visibility timeout, ack deadline, lock) shorter than the longest job time the design states, with
// nothing that extends it: another worker takes the job while the first still runs it.
std::optional<BrokenMechanism> lease_shorter_than_job(const Document& doc) {
    static const std::vector<std::string_view> kLease = {
        "lease",        "visibility timeout", "visibilitytimeout", "ack deadline",  "lock duration",    "invisible for",
        "locked until", "locked_until",       "lock timeout",      "claim timeout", "max.poll.interval"};
    // A job time is stated in words like these; delays, backoff, retention and intervals are other durations.
    static const std::vector<std::string_view> kJobTime = {
        "take$",          "takes$",      "taking$",   "run for",   "runs for",   "running for",
        "last$",          "lasts$",      "duration",  "job time",  "jobs range", "processing time",
        "execution time", "to complete", "to finish", "to render", "to process", "long-running"};
    static const std::vector<std::string_view> kNotJobTime = {"backoff",   "back off", "retr",  "delay",   "ttl",
                                                              "retention", "interval", "every", "per day", "wait"};
    const auto& sentences = *doc.sentences;
    std::optional<Timed> lease;
    std::optional<Timed> job;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (sentences[i].kind == SentenceKind::heading) {
            continue;
        }
        const auto lower = sentence_lower(doc, i);
        const bool about_lease = mentions(lower, kLease);
        if (!about_lease && (!mentions(lower, kJobTime) || mentions(lower, kNotJobTime))) {
            continue;
        }
        for (const auto& q : extract_quantities(sentences[i].text)) {
            if (q.kind != QuantityKind::duration) {
                continue;
            }
            if (about_lease && !lease) {
                lease = Timed{i, q};
                continue;
            }
            // In a sentence about the lease, only a figure marked as the job's tail is a job time.
            const bool job_time = about_lease ? is_tail(q.statistic) : q.statistic != Statistic::min;
            if (job_time && (!job || q.value > job->quantity.value)) {
                job = Timed{i, q};
            }
        }
    }
    if (!lease || !job || job->quantity.value <= lease->quantity.value || aspect_stated(doc, "lease", "heartbeat")) {
        return std::nullopt;
    }
    const auto& l = sentences[lease->index].text;
    const auto& j = sentences[job->index].text;
    const auto statistic = job->quantity.statistic == Statistic::unstated
                               ? std::string("stated")
                               : std::string(to_string(job->quantity.statistic));
    return BrokenMechanism{"lease_shorter_than_job",
                           "lease",
                           "the lease (" +
                               l.substr(lease->quantity.begin, lease->quantity.end - lease->quantity.begin) +
                               ") is shorter than the " + statistic + " job time (" +
                               j.substr(job->quantity.begin, job->quantity.end - job->quantity.begin) +
                               ") and nothing extends it: another worker takes the job while the first still runs it",
                           {std::min(lease->index, job->index), std::max(lease->index, job->index)}};
}

} // namespace

std::vector<BrokenMechanism> find_broken_mechanisms(const Document& doc) {
    std::vector<BrokenMechanism> out;
    for (const auto& rule : rules()) {
        if (auto found = apply(rule, doc)) {
            out.push_back(std::move(*found));
        }
    }
    if (auto found = swallowed_in_code(doc)) {
        out.push_back(std::move(*found));
    }
    if (auto found = lease_shorter_than_job(doc)) {
        out.push_back(std::move(*found));
    }
    return out;
}

} // namespace parley::review
