#include "report/html_run_index.hpp"

#include "report/figures.hpp"
#include "report/html_style.hpp"
#include "report/html_text.hpp"
#include "report/link_destination.hpp"
#include "util/sha256.hpp"

namespace parley::report {

namespace {

// Plain ES5 that reads the table it was written with; no request, no eval, no markup from text (textContent only).
constexpr std::string_view kScript = R"js((function () {
  var table = document.getElementById('runs');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById('filter');
  var kind = document.getElementById('kind');
  var shown = document.getElementById('shown');
  var headers = table.tHead.rows[0].cells;
  function key(row, col) {
    var cell = row.cells[col];
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
  }
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var keep = (!kind.value || row.getAttribute('data-kind') === kind.value) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = count + ' of ' + rows.length + ' runs shown';
  }
  Array.prototype.forEach.call(headers, function (th, col) {
    th.querySelector('button').addEventListener('click', function () {
      var numeric = th.getAttribute('data-type') === 'number';
      var descending = th.getAttribute('aria-sort') === 'ascending';
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col), order;
        if (numeric) {
          x = x === '' ? -Number.MAX_VALUE : Number(x);
          y = y === '' ? -Number.MAX_VALUE : Number(y);
          order = x < y ? -1 : x > y ? 1 : 0;
        } else {
          order = x.localeCompare(y);
        }
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  filter.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  apply();
})();
)js";

constexpr std::string_view kExtraCss =
    "main{max-width:none}.filters{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}"
    "th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}"
    "th[aria-sort=ascending] button::after{content:' \\2191'}th[aria-sort=descending] button::after{content:' \\2193'}"
    "td.num{text-align:right;white-space:nowrap}td.when{white-space:nowrap}.wrap{overflow-x:auto}";

// One column: its heading and whether it sorts as a number.
struct Column {
    const char* title;
    bool numeric;
};

constexpr Column kColumns[] = {{"When", false},   {"Kind", false},   {"Problem", false}, {"Config", false},
                               {"Models", false}, {"Status", false}, {"Result", true},   {"Cost", true},
                               {"Tokens", true},  {"Time", true},    {"Files", false}};

std::string link(const std::string& relative_path, const std::string& text) {
    const auto href = relative_file_href(relative_path);
    if (href.empty()) {
        return html_escape(text);
    }
    return "<a href=\"" + href + "\">" + html_escape(text) + "</a>";
}

std::string cell(const std::string& html, const std::string& sort_key = {}, const char* css_class = nullptr) {
    std::string out = "<td";
    if (css_class) {
        out += std::string(" class=\"") + css_class + "\"";
    }
    if (!sort_key.empty()) {
        out += " data-sort=\"" + html_escape(sort_key) + "\"";
    }
    return out + ">" + html + "</td>";
}

std::string number_key(const std::optional<double>& value) {
    return value ? format_number(*value) : std::string();
}

std::string files_cell(const RunEntry& r) {
    std::string html = link(r.path, "json");
    if (!r.report.empty()) {
        html += " · " + link(r.report, r.report.ends_with(".html") ? "report" : "report (md)");
    }
    if (!r.comparison.empty()) {
        html += " · " + link(r.comparison, "comparison");
    }
    return cell(html);
}

std::string row(const RunEntry& r) {
    const std::string problem = r.problem.empty() ? std::string(kUnknownFigure) : r.problem;
    auto when = r.time.substr(0, 16);
    if (when.size() > 10) {
        when[10] = ' ';
    }
    // Sorting by result puts confidence (0-100) and scores (1-10) on one scale. The key is made as text at once:
    // g++ 12 at -O2 takes an std::optional<double> built by a conditional here for possibly uninitialised.
    const std::string result_key =
        r.confidence ? number_key(r.confidence) : (r.score ? number_key(*r.score * 10.0) : std::string());
    return std::string("<tr data-kind=\"") + to_string(r.kind) + "\">" + cell(html_escape(when), r.time, "when") +
           cell(to_string(r.kind)) + cell(r.report.empty() ? html_escape(problem) : link(r.report, problem)) +
           cell(html_escape(r.config)) + cell(html_escape(r.models)) + cell(html_escape(r.status)) +
           cell(html_escape(run_result_text(r)), result_key, "num") +
           cell(html_escape(run_cost_text(r)), number_key(r.cost_usd), "num") +
           cell(r.tokens ? html_escape(std::to_string(*r.tokens)) : kUnknownFigure,
                r.tokens ? std::to_string(*r.tokens) : std::string(), "num") +
           cell(r.wall_ms ? html_escape(format_duration(*r.wall_ms)) : kUnknownFigure, number_key(r.wall_ms), "num") +
           files_cell(r) + "</tr>\n";
}

} // namespace

std::string_view run_index_script() {
    return kScript;
}

std::string run_index_csp() {
    // kHtmlReportCsp says default-src 'none': the script is allowed by its hash and by nothing else.
    return std::string(kHtmlReportCsp) + "; script-src 'sha256-" + util::sha256_base64(kScript) + "'";
}

std::string render_run_index_html(const RunIndex& index) {
    const std::string title = "Runs under " + index.folder;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
                      html_escape(run_index_csp()) +
                      "\"><meta name=\"referrer\" content=\"no-referrer\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<meta name=\"generator\" content=\"parley\"><title>" +
                      html_escape(title) + "</title><style>";
    out += html_report_css();
    out += kExtraCss;
    out += "</style></head><body>\n<main><h1>" + html_escape(title) + "</h1>\n";
    out += "<p class=\"filters\"><label>Filter <input id=\"filter\" type=\"search\" "
           "placeholder=\"problem, model, status…\"></label><label>Kind <select id=\"kind\"><option value=\"\">all"
           "</option><option>debate</option><option>eval</option><option>sweep</option></select></label>"
           "<span id=\"shown\">" +
           std::to_string(index.runs.size()) + (index.runs.size() == 1 ? " run" : " runs") + "</span></p>\n";
    out += "<div class=\"wrap\"><table id=\"runs\"><thead><tr>";
    for (const auto& column : kColumns) {
        out += std::string("<th") + (column.numeric ? " data-type=\"number\"" : "") + "><button type=\"button\">" +
               column.title + "</button></th>";
    }
    out += "</tr></thead><tbody>\n";
    for (const auto& r : index.runs) {
        out += row(r);
    }
    out += "</tbody></table></div>\n";
    if (!index.damaged.empty() || !index.limits_hit.empty()) {
        out += "<section id=\"damaged\"><h2>Not listed</h2><ul>";
        for (const auto& d : index.damaged) {
            out += "<li>" + html_escape(d.path) + ": " + html_escape(d.reason) + "</li>";
        }
        for (const auto& limit : index.limits_hit) {
            out += "<li>incomplete: " + html_escape(limit) + "</li>";
        }
        out += "</ul></section>\n";
    }
    out += "</main><script>";
    out += kScript;
    out += "</script></body></html>\n";
    return out;
}

} // namespace parley::report
