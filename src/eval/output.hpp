#pragma once
// A panel's verdict as JSON (dialectic's aggregated fields, parley's extras under "parley"), Markdown (dialectic's
// table first, then spread, agreement and warnings) and CSV (one row per evaluator and item, one per item).

#include <string>

#include <nlohmann/json.hpp>

#include "eval/panel.hpp"

namespace parley::eval {

/// dialectic's aggregated JSON (evaluation.*.average_score, overall_score, agents) with a "parley" object of
/// extras: per-item spread, interval, alpha and verdict, evaluators, answer defects, warnings and cost.
nlohmann::json to_json(const EvalResult& result);

/// The Markdown of `result`; `heading_level` is the level of its own heading (1 for a file, deeper in a report).
std::string to_markdown(const EvalResult& result, int heading_level = 1);

/// The same Markdown rendered from the JSON to_json wrote (as a debate JSON keeps it); empty when `json` is not
/// such an object.
std::string to_markdown(const nlohmann::json& json, int heading_level);

/// CSV with a header: a row per evaluator and rubric item (kind "evaluator": its mean over samples), then a row
/// per rubric item (kind "category": mean, sd, interval, alpha, mean absolute difference, verdict).
std::string to_csv(const EvalResult& result);

} // namespace parley::eval
