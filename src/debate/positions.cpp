#include "debate/positions.hpp"

#include <cmath>

#include "util/json_document.hpp"

namespace parley::debate {

using nlohmann::json;

namespace {

// Whole figures are written as integers, as the rest of the debate JSON writes them.
json number(double value) {
    if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 9.0e15) {
        return static_cast<long>(value);
    }
    return value;
}

// Reads fields of one object, keeping the first fault with its path; later reads return defaults.
class Fields {
public:
    Fields(const json& object, std::string path, std::optional<JsonFault>& fault)
        : object_(object), path_(std::move(path)), fault_(fault) {
        if (!object_.is_object()) {
            fail(path_, "expected an object, got " + util::json_type_name(object_));
        }
    }

    std::string text(const char* key) {
        const json* v = get(key);
        if (v == nullptr) {
            return {};
        }
        if (!v->is_string()) {
            fail(util::child_path(path_, key), "expected a string, got " + util::json_type_name(*v));
            return {};
        }
        return v->get<std::string>();
    }

    std::optional<double> number(const char* key) {
        const json* v = get(key);
        if (v == nullptr) {
            return std::nullopt;
        }
        if (!v->is_number()) {
            fail(util::child_path(path_, key), "expected a number, got " + util::json_type_name(*v));
            return std::nullopt;
        }
        return v->get<double>();
    }

    // A count or round: a whole number from 0 to 1,000,000, so no narrowing surprises.
    int count(const char* key) {
        const auto n = number(key);
        if (!n) {
            return 0;
        }
        if (!(*n >= 0 && *n <= 1'000'000 && std::trunc(*n) == *n)) {
            fail(util::child_path(path_, key), "expected a whole number from 0 to 1000000, got " + json(*n).dump());
            return 0;
        }
        return static_cast<int>(*n);
    }

    bool flag(const char* key) {
        const json* v = get(key);
        if (v == nullptr) {
            return false;
        }
        if (!v->is_boolean()) {
            fail(util::child_path(path_, key), "expected true or false, got " + util::json_type_name(*v));
            return false;
        }
        return v->get<bool>();
    }

    // The array at `key` (empty when absent); each element is read by `each(element, its path)`.
    template <typename F> void array(const char* key, F each) {
        const json* v = get(key);
        if (v == nullptr) {
            return;
        }
        if (!v->is_array()) {
            fail(util::child_path(path_, key), "expected an array, got " + util::json_type_name(*v));
            return;
        }
        const auto at = util::child_path(path_, key);
        for (std::size_t i = 0; i < v->size() && !fault_; ++i) {
            each((*v)[i], util::child_path(at, i));
        }
    }

    const json* get(const char* key) const {
        if (fault_ || !object_.is_object()) {
            return nullptr;
        }
        const auto it = object_.find(key);
        return it == object_.end() || it->is_null() ? nullptr : &*it;
    }

    void fail(const std::string& path, const std::string& what) {
        if (!fault_) {
            fault_ = JsonFault{path, what};
        }
    }

private:
    const json& object_;
    std::string path_;
    std::optional<JsonFault>& fault_;
};

template <typename T> tl::expected<T, JsonFault> checked(T value, const std::optional<JsonFault>& fault) {
    if (fault) {
        return tl::make_unexpected(*fault);
    }
    return value;
}

// Reads an array of `T` at the top (`path`) with `read_one`.
template <typename T, typename F>
tl::expected<std::vector<T>, JsonFault> read_array(const json& j, const std::string& path, F read_one) {
    std::optional<JsonFault> fault;
    std::vector<T> out;
    if (!j.is_array()) {
        fault = JsonFault{path, "expected an array, got " + util::json_type_name(j)};
    }
    for (std::size_t i = 0; j.is_array() && i < j.size() && !fault; ++i) {
        Fields f(j[i], util::child_path(path, i), fault);
        out.push_back(read_one(f, fault));
    }
    return checked(std::move(out), fault);
}

AgentPosition read_agent(Fields& f, std::optional<JsonFault>& fault, const std::string& path) {
    AgentPosition a;
    a.agent_id = f.text("agentId");
    if (const json* concerns = f.get("concerns")) {
        if (!concerns->is_object()) {
            f.fail(util::child_path(path, "concerns"), "expected an object, got " + util::json_type_name(*concerns));
        } else {
            for (const auto& [id, status] : concerns->items()) {
                if (!status.is_string()) {
                    f.fail(util::child_path(util::child_path(path, "concerns"), id), "expected a status string");
                    break;
                }
                a.concerns[id] = status.get<std::string>();
            }
        }
    }
    static const json kNone = json::object();
    const json* given = f.get("capacity");
    Fields capacity(given != nullptr ? *given : kNone, util::child_path(path, "capacity"), fault);
    a.capacity_ok = capacity.count("ok");
    a.capacity_wrong = capacity.count("wrong");
    a.capacity_unknown = capacity.count("unknown");
    return a;
}

} // namespace

json positions_json(const std::vector<PositionSnapshot>& positions) {
    json out = json::array();
    for (const auto& s : positions) {
        json agents = json::array();
        for (const auto& a : s.agents) {
            agents.push_back(
                {{"agentId", a.agent_id},
                 {"concerns", a.concerns},
                 {"capacity", {{"ok", a.capacity_ok}, {"wrong", a.capacity_wrong}, {"unknown", a.capacity_unknown}}}});
        }
        out.push_back({{"round", s.round}, {"phase", s.phase}, {"agents", std::move(agents)}});
    }
    return out;
}

json movement_json(const std::vector<RoundMovement>& movement) {
    json out = json::array();
    for (const auto& m : movement) {
        json changes = json::array();
        for (const auto& c : m.changes) {
            changes.push_back({{"agentId", c.agent_id},
                               {"concern", c.concern},
                               {"from", c.from},
                               {"to", c.to},
                               {"withCause", c.with_cause},
                               {"toMajority", c.to_majority}});
        }
        out.push_back({{"round", m.round}, {"agreement", number(m.agreement)}, {"changes", std::move(changes)}});
    }
    return out;
}

json minority_json(const std::vector<MinorityPosition>& minority) {
    json out = json::array();
    for (const auto& m : minority) {
        out.push_back({{"agentId", m.agent_id},
                       {"concern", m.concern},
                       {"status", m.status},
                       {"sinceRound", m.since_round},
                       {"evidence", m.evidence}});
    }
    return out;
}

json termination_json(const TerminationRecord& t) {
    json interim = json::array();
    for (const auto& i : t.interim) {
        json one = {{"round", i.round}, {"note", i.note}};
        one["confidence"] = i.confidence ? number(*i.confidence) : json(nullptr);
        interim.push_back(std::move(one));
    }
    json shadow = json::array();
    for (const auto& s : t.shadow) {
        json one = {{"rule", s.rule},
                    {"changesAfter", s.changes_after},
                    {"changesWithCauseAfter", s.changes_with_cause_after},
                    {"note", s.note}};
        one["round"] = s.round ? json(*s.round) : json(nullptr);
        shadow.push_back(std::move(one));
    }
    json out = {{"type", t.type},     {"maxRounds", t.max_rounds},     {"stoppedAfterRound", t.stopped_after_round},
                {"reason", t.reason}, {"interim", std::move(interim)}, {"shadow", std::move(shadow)}};
    if (t.threshold) {
        out["threshold"] = number(*t.threshold);
    }
    if (t.agreement) {
        out["agreement"] = number(*t.agreement);
    }
    return out;
}

tl::expected<std::vector<PositionSnapshot>, JsonFault> positions_from_json(const json& j, const std::string& path) {
    return read_array<PositionSnapshot>(j, path, [](Fields& f, std::optional<JsonFault>& fault) {
        PositionSnapshot s;
        s.round = f.count("round");
        s.phase = f.text("phase");
        f.array("agents", [&](const json& a, const std::string& apath) {
            Fields af(a, apath, fault);
            s.agents.push_back(read_agent(af, fault, apath));
        });
        return s;
    });
}

tl::expected<std::vector<RoundMovement>, JsonFault> movement_from_json(const json& j, const std::string& path) {
    return read_array<RoundMovement>(j, path, [&](Fields& f, std::optional<JsonFault>& fault) {
        RoundMovement m;
        m.round = f.count("round");
        m.agreement = f.number("agreement").value_or(0);
        f.array("changes", [&](const json& c, const std::string& cpath) {
            Fields cf(c, cpath, fault);
            m.changes.push_back({cf.text("agentId"), cf.text("concern"), cf.text("from"), cf.text("to"),
                                 cf.flag("withCause"), cf.flag("toMajority")});
        });
        return m;
    });
}

tl::expected<std::vector<MinorityPosition>, JsonFault> minority_from_json(const json& j, const std::string& path) {
    return read_array<MinorityPosition>(j, path, [](Fields& f, std::optional<JsonFault>&) {
        return MinorityPosition{f.text("agentId"), f.text("concern"), f.text("status"), f.count("sinceRound"),
                                f.text("evidence")};
    });
}

tl::expected<TerminationRecord, JsonFault> termination_from_json(const json& j, const std::string& path) {
    std::optional<JsonFault> fault;
    Fields f(j, path, fault);
    TerminationRecord t;
    t.type = f.text("type");
    t.threshold = f.number("threshold");
    t.agreement = f.number("agreement");
    t.max_rounds = f.count("maxRounds");
    t.stopped_after_round = f.count("stoppedAfterRound");
    t.reason = f.text("reason");
    f.array("interim", [&](const json& i, const std::string& ipath) {
        Fields inf(i, ipath, fault);
        t.interim.push_back({inf.count("round"), inf.number("confidence"), inf.text("note")});
    });
    f.array("shadow", [&](const json& s, const std::string& spath) {
        Fields sf(s, spath, fault);
        ShadowStop stop;
        stop.rule = sf.text("rule");
        if (sf.get("round") != nullptr) {
            stop.round = sf.count("round");
        }
        stop.changes_after = sf.count("changesAfter");
        stop.changes_with_cause_after = sf.count("changesWithCauseAfter");
        stop.note = sf.text("note");
        t.shadow.push_back(std::move(stop));
    });
    return checked(std::move(t), fault);
}

} // namespace parley::debate
