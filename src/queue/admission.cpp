#include "queue/admission.hpp"

namespace parley::queue {

std::optional<TimePoint> LocalAdmission::try_acquire(double cost, TimePoint now) {
    std::lock_guard lock(mutex_);
    return limiter_.try_acquire(cost, now);
}

void LocalAdmission::release(double estimated_cost, std::optional<double> actual_cost) {
    if (!actual_cost) {
        return;
    }
    std::lock_guard lock(mutex_);
    limiter_.settle(estimated_cost, *actual_cost);
}

void LocalAdmission::report(const RateSignals& signals, TimePoint now) {
    std::lock_guard lock(mutex_);
    limiter_.observe(signals, now);
}

} // namespace parley::queue
