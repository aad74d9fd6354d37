#include "review/agreement.hpp"

namespace parley::review {

namespace {

std::size_t at(ConcernStatus s) {
    return static_cast<std::size_t>(s);
}

double share(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

double kappa_of_table(const std::array<std::array<double, 2>, 2>& t) {
    const double n = t[0][0] + t[0][1] + t[1][0] + t[1][1];
    if (n == 0) {
        return 0;
    }
    const double observed = (t[0][0] + t[1][1]) / n;
    const double expected =
        ((t[0][0] + t[0][1]) * (t[0][0] + t[1][0]) + (t[1][0] + t[1][1]) * (t[0][1] + t[1][1])) / (n * n);
    return expected >= 1 ? 1.0 : (observed - expected) / (1 - expected);
}

} // namespace

void Agreement::add(ConcernStatus label, ConcernStatus review) {
    ++counts[at(label)][at(review)];
}

std::size_t Agreement::total() const {
    std::size_t n = 0;
    for (const auto& row : counts) {
        for (auto c : row) {
            n += c;
        }
    }
    return n;
}

double Agreement::kappa() const {
    const auto n = static_cast<double>(total());
    if (n == 0) {
        return 0;
    }
    double observed = 0;
    double expected = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        double row = 0;
        double column = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            row += static_cast<double>(counts[i][j]);
            column += static_cast<double>(counts[j][i]);
        }
        observed += static_cast<double>(counts[i][i]);
        expected += row * column;
    }
    observed /= n;
    expected /= n * n;
    return expected >= 1 ? 1.0 : (observed - expected) / (1 - expected);
}

double Agreement::kappa_of(ConcernStatus status) const {
    std::array<std::array<double, 2>, 2> t{};
    for (std::size_t i = 0; i < 4; ++i) {
        for (std::size_t j = 0; j < 4; ++j) {
            t[i == at(status) ? 0 : 1][j == at(status) ? 0 : 1] += static_cast<double>(counts[i][j]);
        }
    }
    return kappa_of_table(t);
}

double Agreement::stated_rate() const {
    std::size_t stated = 0;
    std::size_t found = 0;
    for (auto label : {ConcernStatus::covered, ConcernStatus::partial}) {
        for (std::size_t j = 0; j < 4; ++j) {
            stated += counts[at(label)][j];
        }
        found += counts[at(label)][at(ConcernStatus::covered)] + counts[at(label)][at(ConcernStatus::partial)];
    }
    return share(found, stated);
}

double Agreement::detection_rate() const {
    std::size_t flagged = 0;
    std::size_t found = 0;
    for (auto label : {ConcernStatus::partial, ConcernStatus::absent, ConcernStatus::contradicted}) {
        for (std::size_t j = 0; j < 4; ++j) {
            flagged += counts[at(label)][j];
        }
        found += counts[at(label)][at(ConcernStatus::partial)] + counts[at(label)][at(ConcernStatus::absent)] +
                 counts[at(label)][at(ConcernStatus::contradicted)];
    }
    return share(found, flagged);
}

double Agreement::false_alarm_rate() const {
    const auto& row = counts[at(ConcernStatus::covered)];
    const std::size_t covered = row[0] + row[1] + row[2] + row[3];
    return share(covered - row[at(ConcernStatus::covered)], covered);
}

bool parse_status(const std::string& name, ConcernStatus& out) {
    for (auto s :
         {ConcernStatus::covered, ConcernStatus::partial, ConcernStatus::absent, ConcernStatus::contradicted}) {
        if (name == to_string(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

} // namespace parley::review
