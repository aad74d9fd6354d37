#pragma once
// The style sheet every HTML report carries inline (its CSP allows inline styles and nothing else).

#include <string>
#include <string_view>

namespace parley::report {

/// The report's CSS: layout, folds, charts, and print rules that unfold everything onto paper.
std::string_view html_report_css();

/// The Content-Security-Policy of every report: no script, no request to any host, images only as data: URLs.
inline constexpr std::string_view kHtmlReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The opening of a self-contained page titled `title` (escaped): doctype, CSP, style sheet, up to and including
/// `<body>` and `<main>`; the caller closes them with `</main></body></html>`.
std::string html_page_open(const std::string& title);

} // namespace parley::report
