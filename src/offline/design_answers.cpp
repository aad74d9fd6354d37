// The role-specific subsections under a proposal's "## Design": each role designs from its own angle.

#include <algorithm>
#include <cmath>
#include <utility>

#include "offline/writer.hpp"

namespace parley::offline {

namespace {

// Targets this long are deadlines for a run (a nightly load within 2 hours), not latencies of one request.
constexpr double kDeadlineMs = 60'000;

std::string bullets(const std::vector<std::string_view>& items, std::size_t max_count) {
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < max_count; ++i) {
        out += "- " + std::string(items[i]) + ".\n";
    }
    return out;
}

std::string numbered(const std::vector<std::string_view>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += std::to_string(i + 1) + ". " + std::string(items[i]) + ".\n";
    }
    return out;
}

std::string architect_sections(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    std::string out = "### Components\n\n" + bullets(d.components, 8);
    if (ctx.domains.size() > 1) {
        out += bullets(ctx.domains[1].components, 2);
    }
    out += "\n### Data flow\n\n" + numbered(d.data_flow);
    out += "\n### Boundaries\n\n- Synchronous only at the edge: callers wait for a durable acknowledgement, never "
           "for the work itself.\n- Each component owns its data; others reach it through its API, so each can be "
           "scaled and replaced alone.\n";
    if (!ctx.facts.key_terms.empty()) {
        out += "- The domain vocabulary (" + ctx.facts.key_terms.front() +
               (ctx.facts.key_terms.size() > 2 ? ", " + ctx.facts.key_terms[1] + ", " + ctx.facts.key_terms[2] : "") +
               ") stays inside the core; transports and storage stay outside.\n";
    }
    return out + "\n### Failure modes\n\n" + bullets(ctx.rng.shuffled(d.failure_modes), 5) + "\n";
}

// The headroom factor: the problem's own growth figure when it gives one, else a seed-chosen 2× or 3×.
std::pair<double, std::string> headroom_for(OfflineContext& ctx) {
    for (const auto& q : ctx.facts.quantities) {
        if ((q.unit == "x" || q.unit == "×") && q.value >= 1.5 && q.value <= 10) {
            return {q.value, " (the problem's own " + q.text + " growth)"};
        }
    }
    return {ctx.rng.pick<double>({2.0, 3.0}), ""};
}

// The peak the design is sized for: the largest rate the problem quotes, per second.
const Quantity* peak_rate(const ProblemFacts& facts) {
    const Quantity* peak = nullptr;
    for (const auto& q : facts.quantities) {
        const double period = rate_period_seconds(q);
        if (period > 0 && is_commitment(q) &&
            (peak == nullptr || q.value / period > peak->value / rate_period_seconds(*peak))) {
            peak = &q;
        }
    }
    return peak;
}

// Little's law, headroom and state growth from the peak rate, and a split of the first latency target.
std::string capacity_math(OfflineContext& ctx) {
    const auto& sizing = ctx.domain().sizing;
    const std::string item(sizing.item);
    std::string out;
    const auto [headroom, headroom_source] = headroom_for(ctx);
    if (const Quantity* q = peak_rate(ctx.facts)) {
        const double per_s = q->value / rate_period_seconds(*q);
        const double design = per_s * headroom;
        const bool per_second = rate_period_seconds(*q) == 1;
        out += "- Peak: " + q->text + (per_second ? "" : " ≈ " + format_number(per_s) + " " + item + "s per second") +
               "; with " + format_number(headroom) + "× headroom" + headroom_source + " the design point is ≈ " +
               format_number(design) + "/s.\n";
        if (!sizing.executor.empty()) {
            double service_s = ctx.rng.pick<double>({0.5, 1.0, 2.0});
            std::string source = "an assumed mean service time of " + format_number(service_s) + " s (to be measured)";
            for (const auto& d : ctx.facts.quantities) {
                if (is_typical_duration(d)) {
                    service_s = duration_ms(d) / 1000;
                    source = "the problem's typical run time of " + d.text;
                    break;
                }
            }
            const double in_flight = design * service_s;
            out += "- At " + source + ", Little's law gives ≈ " + format_number(in_flight) + " " + item +
                   "s in flight at the design point, e.g. " + format_number(std::ceil(in_flight / 32)) + " " +
                   std::string(sizing.executor) + " × 32 concurrent slots.\n";
        }
        if (sizing.state_kb > 0) {
            out += "- At ~" + format_number(sizing.state_kb) + " KB of state and 3 state writes per " + item + ": ≈ " +
                   format_number(design * 3) + " writes/s at the design point and ≈ " +
                   format_number(per_s * 86400 * sizing.state_kb / 1e6) + " GB per day at the peak.\n";
        }
        if (sizing.state_kb <= 0) {
            out += "- Each " + item + " costs at least one operation on shared state: ≈ " + format_number(design) +
                   " operations/s at the design point; at ~50,000 simple operations/s per store node that is ≥ " +
                   format_number(std::ceil(design / 50000)) + " node(s) before replication.\n";
        }
    } else {
        out += "- The problem quotes no rate; the design assumes 100 " + item +
               "s/s with 10× growth, and that "
               "assumption is the first thing to confirm.\n";
    }
    const auto target = std::find_if(ctx.facts.quantities.begin(), ctx.facts.quantities.end(), is_latency_target);
    if (target == ctx.facts.quantities.end()) {
        // A budget comes from a requirement the problem states; a figure about other systems is no budget.
        out += "- The problem states no latency requirement, so no latency budget is split here";
        for (const auto& q : ctx.facts.quantities) {
            if (duration_ms(q) > 0 && stance_of(q) == Stance::context) {
                out += "; " + q.text +
                       " describes the environment (other systems or today's state), not a target "
                       "for this design";
                break;
            }
        }
        out += ".\n";
    }
    for (const auto& q : ctx.facts.quantities) {
        if (is_latency_target(q) && duration_ms(q) >= kDeadlineMs) {
            // Splitting hours across request hops says nothing; a deadline is met by the shape of the run.
            out += "- " + q.text +
                   " is a deadline for a whole run, not a per-request latency: the run is cut into chunks "
                   "that fit it with headroom, and a rehearsal measures it.\n";
            break;
        }
        if (is_latency_target(q)) {
            const double ms = duration_ms(q);
            out += "- Budget for " + q.text + ": ≈ " + format_number(ms * 0.2) + " ms for " +
                   std::string(sizing.hops[0]) + ", ≈ " + format_number(ms * 0.5) + " ms for " +
                   std::string(sizing.hops[1]) + ", ≈ " + format_number(ms * 0.3) + " ms for " +
                   std::string(sizing.hops[2]) + "; the " + (q.lead.find("p95") != std::string::npos ? "p95" : "p99") +
                   ", not the mean, must fit.\n";
            break;
        }
    }
    return out;
}

std::string performance_sections(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    std::string out = "### Workload and budgets\n\n";
    if (ctx.facts.quantities.empty()) {
        out += "- No figures are stated; see the assumptions below.\n";
    }
    for (std::size_t i = 0; i < ctx.facts.quantities.size() && i < 6; ++i) {
        out += "- " + ctx.facts.quantities[i].text + ": " + describe_quantity(ctx.facts.quantities[i]) + ".\n";
    }
    out += "\n### Capacity math\n\n" + capacity_math(ctx);
    out += "\n### Hot paths\n\n" + bullets(d.hot_paths, 4);
    std::string load = "the assumed load";
    std::string latency;
    for (const auto& q : ctx.facts.quantities) {
        if (rate_period_seconds(q) > 0 && is_commitment(q) && load == "the assumed load") {
            load = q.text;
        }
        if (is_latency_target(q) && latency.empty()) {
            latency = q.text;
        }
    }
    out += "\n### Benchmarks\n\n- A load test at 1×, 2× and 3× of " + load +
           ", 30 minutes each, reporting p50/p99/p999" +
           (latency.empty() ? std::string() : " against the " + latency + " budget") + " and the error rate.\n" +
           "- A soak test at the peak for 24 hours to catch leaks and compaction stalls.\n- A micro-benchmark of each "
           "hot path, run in CI to catch regressions.\n\n";
    return out;
}

std::string security_sections(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    std::string out = "### Threat model\n\n- Assets: the " + std::string(d.name) + "'s data";
    for (std::size_t i = 0; i < ctx.facts.key_terms.size() && i < 3; ++i) {
        out += ", " + ctx.facts.key_terms[i];
    }
    out += "; credentials of every component.\n- Actors: external callers, compromised workers or services, "
           "careless or malicious operators.\n" +
           bullets(ctx.rng.shuffled(d.threats), 4);
    out += "\n### Authentication and authorization\n\n- Callers authenticate with short-lived tokens from the "
           "identity provider; services use mutual TLS.\n- Authorization is per action and per resource; "
           "operator actions are audited.\n";
    out += "\n### Secrets and data protection\n\n- Secrets live in a secrets manager, are injected at run time, "
           "rotated, and never logged.\n- Data is encrypted in transit (TLS 1.3) and at rest; sensitive fields are "
           "redacted before logs and error reports.\n";
    return out + "\n### Abuse cases\n\n" + bullets(d.abuse_cases, 4) + "\n";
}

std::string testing_sections(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    const bool priorities = states_feature(ctx.facts.lower, "priorit");
    std::string out = std::string("### Test strategy\n\n- Unit tests for every decision point (retry policy, ") +
                      (priorities ? "priority order, " : "") +
                      "state transitions).\n- Integration tests against real dependencies in containers.\n- System "
                      "tests with load and faults, run nightly and before each release.\n";
    out += "\n### Verification per requirement\n\n";
    if (ctx.requirements.empty()) {
        out += "- No explicit requirements were found; acceptance tests follow the summary.\n";
    }
    for (const auto& r : ctx.requirements) {
        out += "- **" + r.id + "**: " +
               (r.mechanism ? std::string(r.mechanism->verify) : "an acceptance test that exercises it end to end") +
               ".\n";
    }
    out += "\n### Fault injection\n\n" + bullets(ctx.rng.shuffled(d.faults), 5);
    return out + "\n### Observability\n\n" + bullets(d.metrics, 5) +
           "- Every alert links to a runbook; every metric has an owner.\n\n";
}

std::string kiss_sections(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    std::string out = "### The minimal design\n\n- " + std::string(d.minimal) + ".\n";
    for (const auto& q : ctx.facts.quantities) {
        if (const double period = rate_period_seconds(q); period > 0 && is_commitment(q)) {
            out += "- " + q.text + " is ≈ " + format_number(q.value / period) +
                   " per second: within what one "
                   "well-tuned database handles with batched writes.\n";
            break;
        }
    }
    out += "\n### What we leave out\n\n" + bullets(d.left_out, 5);
    out += "\n### When to add more\n\n- Add a component only when a measured number crosses its limit: sustained "
           "load above half of the database's tested capacity, or p99 above the stated budget.\n- Every addition "
           "must remove an incident class or a manual task.\n\n";
    return out;
}

std::string generalist_sections(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    std::string out = "### Approach\n\n- " + std::string(d.approach) + ".\n- Main components: ";
    for (std::size_t i = 0; i < d.components.size() && i < 4; ++i) {
        const auto name = d.components[i].substr(0, d.components[i].find(" — "));
        out += (i ? ", " : "") + std::string(name);
    }
    out += ".\n\n### Trade-offs across concerns\n\n" + bullets(ctx.rng.shuffled(d.tradeoffs), 4);
    return out + "\n### Operations\n\n- One dashboard per component, one runbook per failure mode, alerts on "
                 "symptoms (latency, backlog age) rather than causes.\n- Managed services where they exist, to keep "
                 "the on-call load proportionate.\n\n";
}

} // namespace

std::string write_design_sections(OfflineContext& ctx) {
    const auto& role = ctx.role;
    if (role == "architect") {
        return architect_sections(ctx);
    }
    if (role == "performance") {
        return performance_sections(ctx);
    }
    if (role == "security") {
        return security_sections(ctx);
    }
    if (role == "testing") {
        return testing_sections(ctx);
    }
    if (role == "kiss") {
        return kiss_sections(ctx);
    }
    return generalist_sections(ctx);
}

} // namespace parley::offline
