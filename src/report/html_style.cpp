#include "report/html_style.hpp"

#include "report/html_text.hpp"

namespace parley::report {

std::string_view html_report_css() {
    // Model text is shown as written (pre-wrap), broken anywhere so a 1 MB line cannot widen the page, and
    // isolated so a right-to-left control inside cannot reorder the text around it. A table too wide for the
    // column scrolls inside its wrapper; the contents bar stays one line high, which the anchors' scroll margin
    // clears, so a heading jumped to is not hidden under it.
    return R"css(
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#0969da;--warn:#9a6700;--bad:#cf222e;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#fff}
nav#contents{position:sticky;top:0;z-index:1;background:var(--soft);border-bottom:1px solid var(--line);padding:.4rem 1rem;font-size:13px}
nav#contents ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem;overflow-x:auto;white-space:nowrap}
.agent-links ul{list-style:none;padding:0}
.agent-links a{margin-right:.5rem}
main{max-width:980px;margin:0 auto;padding:1rem 1.2rem 4rem}
h1{font-size:1.6rem;margin:.6rem 0}
h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin:1.6rem 0 .6rem}
h3{font-size:1.08rem;margin:1.1rem 0 .4rem}
a{color:var(--accent)}
.facts{color:var(--muted);margin:.2rem 0}
.notice{border-left:4px solid var(--warn);background:#fff8c5;padding:.5rem .8rem}
.decision{font-size:1.05rem;border-left:4px solid var(--accent);background:var(--soft);padding:.6rem .9rem}
.confidence{font-weight:600}
.none{color:var(--muted)}
.scorecard td:nth-child(3){white-space:nowrap}
.problem-title{font-weight:600;font-size:1.05rem;margin:.2rem 0 .6rem}
table{border-collapse:collapse;font-size:14px}
.table-wrap{overflow-x:auto;max-width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid var(--line);padding:.25rem .55rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
.status-met,.status-ok{color:var(--ok);font-weight:600}
.status-partly,.status-unknown{color:var(--warn);font-weight:600}
.status-not-met,.status-wrong{color:var(--bad);font-weight:600}
table.positions td,table.positions th{white-space:nowrap;font-size:13px;padding:.15rem .4rem}
details{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:0 .7rem}
details>summary{cursor:pointer;padding:.35rem 0;font-weight:600}
details[open]>summary{border-bottom:1px solid var(--line);margin-bottom:.4rem}
details.round>summary{font-size:1.1rem}
.meta{color:var(--muted);font-weight:400;font-size:13px;margin-left:.4rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate;font:13.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:.3rem 0 .7rem;max-height:none}
.target{font-size:13px}
.charts{display:grid;gap:1rem}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg.chart text{fill:var(--fg)}
svg.chart .chart-title{font-weight:600;font-size:13px}
svg.chart .axis{stroke:var(--muted)}
svg.chart .whisker{stroke-width:2}
svg.chart .track{fill:#eaeef2}
svg.chart .score-category{font-weight:600}
bdi{unicode-bidi:isolate}
:target{outline:2px solid var(--accent);outline-offset:2px}
[id]{scroll-margin-top:4.5rem}
@media print{
  nav#contents{display:none}
  main{max-width:none;padding:0}
  details{border:none;padding:0}
  details::details-content{content-visibility:visible;display:block;height:auto}
  details>summary{list-style:none}
  .text{font-size:10pt}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid}
  svg.chart{break-inside:avoid}
  .table-wrap{overflow:visible}
}
)css";
}

std::string html_page_open(const std::string& title) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
           html_escape(kHtmlReportCsp) +
           "\"><meta name=\"referrer\" content=\"no-referrer\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"generator\" content=\"parley\"><title>" +
           html_escape(title) + "</title><style>" + std::string(html_report_css()) + "</style></head><body>\n<main>";
}

} // namespace parley::report
