//! A report written out: Markdown for a postmortem, or a self-contained HTML page, in a
//! language. The catalogue's words are ours and trusted; every text from the incident is
//! escaped (HTML) or made safe for a table cell (Markdown).

use super::*;
use crate::i18n::{self, duration_in, tr_in, Arg, Lang};

/// The facts of the table at the top of a report, as plain text (escaped by the caller).
struct Facts {
    severity: String,
    rule: String,
    state: String,
    started: String,
    detected: String,
    resolved: String,
    downtime: String,
    acknowledged: String,
}

impl Report<'_> {
    /// `Incident #3: api is DOWN` (`(drill)` after the number for a drill).
    fn heading(&self, lang: Lang) -> String {
        let i = &self.incident;
        let args = [
            ("id", Arg::from(i.id.0)),
            ("title", Arg::from(title_in(lang, i.monitor, i.title))),
        ];
        if i.simulated {
            tr_in(lang, "report-heading-drill", &args)
        } else {
            tr_in(lang, "report-heading", &args)
        }
    }

    fn facts(&self, lang: Lang) -> Facts {
        let i = &self.incident;
        let time = |t| time_in(lang, t);
        let detected = [
            ("time", Arg::from(time(self.detected_at))),
            ("after", Arg::from(duration_in(lang, self.time_to_detect_s))),
        ];
        let downtime = duration_in(lang, i.duration_s);
        let r = &self.rule;
        Facts {
            severity: severity_word(lang, i.severity),
            rule: rule_numbers(lang, r.kind, r.failures, r.failure_threshold),
            state: state_word(lang, i.state),
            started: time(i.started_at),
            detected: tr_in(lang, "report-detected", &detected),
            resolved: match i.resolved_at {
                Some(t) => time(t),
                None => tr_in(lang, "report-not-yet", &[]),
            },
            downtime: if i.state == IncidentState::Open {
                let args = [("duration", Arg::from(downtime))];
                tr_in(lang, "report-downtime-so-far", &args)
            } else {
                downtime
            },
            acknowledged: match self.acknowledged_at {
                Some(t) => time(t),
                None => tr_in(lang, "report-not-acknowledged", &[]),
            },
        }
    }

    /// `Incidents: 2 (2 resolved)`, then MTTR and MTTD, over the report's period.
    fn stats_lines(&self, lang: Lang) -> [String; 3] {
        let s = self.stats;
        stats_lines(
            lang,
            "report-stats-incidents",
            s.count,
            s.resolved,
            s.mttr_s,
            s.mttd_s,
        )
    }

    fn stats_heading(&self, lang: Lang, monitor: String) -> String {
        let args = [
            ("monitor", Arg::from(monitor)),
            ("days", Arg::from(self.stats.days)),
        ];
        tr_in(lang, "report-stats-heading", &args)
    }

    /// The report as Markdown, in the language in force.
    pub fn markdown(&self) -> String {
        self.markdown_in(i18n::current())
    }

    /// The report as Markdown, in `lang`.
    pub fn markdown_in(&self, lang: Lang) -> String {
        let i = &self.incident;
        let label = |id: &str| tr_in(lang, id, &[]);
        let mut md = format!("# {}\n\n", cell(&self.heading(lang)));
        if i.simulated {
            md.push_str(&format!("> {}\n\n", label("report-drill-notice")));
        }
        md.push_str("| | |\n|---|---|\n");
        let monitor = match self.target {
            Some(t) => {
                let target = format!("`{}`", t.replace('`', "'"));
                let args = [
                    ("monitor", Arg::from(cell(i.monitor))),
                    ("target", target.into()),
                ];
                tr_in(lang, "report-monitor-target", &args)
            }
            None => {
                let args = [("monitor", Arg::from(cell(i.monitor)))];
                tr_in(lang, "report-monitor-removed", &args)
            }
        };
        let f = self.facts(lang);
        for (k, v) in [
            ("report-label-monitor", monitor),
            ("report-label-severity", f.severity),
            ("report-label-rule", f.rule),
            ("report-label-state", f.state),
            ("report-label-started", f.started),
            ("report-label-detected", f.detected),
            ("report-label-resolved", f.resolved),
            ("report-label-downtime", f.downtime),
            ("report-label-acknowledged", f.acknowledged),
        ] {
            md.push_str(&format!("| {} | {v} |\n", label(k)));
        }

        let (t, e, d) = (
            label("report-col-time"),
            label("report-col-event"),
            label("report-col-details"),
        );
        md.push_str(&format!("\n## {}\n\n", label("report-timeline")));
        md.push_str(&format!("| {t} | {e} | {d} |\n|---|---|---|\n"));
        for e in &i.events {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                time_in(lang, e.at),
                event_word(lang, e.kind),
                cell(first_line(&i18n::word_in(lang, e.message)))
            ));
        }

        let n = [("n", Arg::from(self.notifications.len()))];
        md.push_str(&format!(
            "\n## {}\n\n",
            tr_in(lang, "report-notifications", &n)
        ));
        if self.notifications.is_empty() {
            md.push_str(&format!("{}\n", label("report-no-notifications")));
        }
        for n in &self.notifications {
            md.push_str(&format!(
                "- {}: {}\n",
                time_in(lang, n.at),
                cell(&i18n::word_in(lang, n.message))
            ));
        }

        let n = [("n", Arg::from(self.recovery_attempts.len()))];
        md.push_str(&format!("\n## {}\n\n", tr_in(lang, "report-recovery", &n)));
        if self.recovery_attempts.is_empty() {
            md.push_str(&format!("{}\n", label("report-no-recovery")));
        }
        for a in &self.recovery_attempts {
            let (head, output) = split_output(a.message);
            let head = i18n::word_in(lang, head);
            md.push_str(&format!("- {}: {}\n", time_in(lang, a.at), cell(&head)));
            if let Some(out) = output {
                // A fence longer than any backtick run in the output, so it cannot close early.
                let fence = "`".repeat(longest_run(out, '`').max(2) + 1);
                md.push_str(&format!("\n  {fence}\n"));
                for l in out.lines() {
                    md.push_str(&format!("  {l}\n"));
                }
                md.push_str(&format!("  {fence}\n\n"));
            }
        }

        let n = [("n", Arg::from(self.failed_checks.len()))];
        md.push_str(&format!(
            "\n## {}\n\n",
            tr_in(lang, "report-failed-checks", &n)
        ));
        if self.failed_checks.is_empty() {
            md.push_str(&format!("{}\n", label("report-no-failed-checks")));
        } else {
            let (l, r) = (label("report-col-latency"), label("report-col-reason"));
            md.push_str(&format!("| {t} | {l} | {r} |\n|---|---|---|\n"));
            for c in self.failed_checks {
                md.push_str(&format!(
                    "| {} | {} | {} |\n",
                    time_in(lang, c.at),
                    ms_in(lang, c.latency_ms),
                    cell(&i18n::word_in(lang, &c.reason))
                ));
            }
        }

        let heading = self.stats_heading(lang, cell(i.monitor));
        md.push_str(&format!("\n## {heading}\n\n"));
        for line in self.stats_lines(lang) {
            md.push_str(&format!("- {line}\n"));
        }
        md
    }

    /// The report as HTML, in the language in force.
    pub fn html(&self) -> String {
        self.html_in(i18n::current())
    }

    /// A self-contained HTML document in `lang`: inline style, no script, no outside resource;
    /// every text from the incident (titles, reasons, program output) is escaped.
    pub fn html_in(&self, lang: Lang) -> String {
        let i = &self.incident;
        let label = |id: &str| esc(&tr_in(lang, id, &[]));
        let mut h = String::new();
        let title = esc(&self.heading(lang));
        h.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
            lang.tag()
        ));
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.push_str(&format!("<title>{title}</title>\n"));
        h.push_str(concat!(
            "<style>\n",
            "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\n",
            "table{border-collapse:collapse;margin:.5rem 0 1.5rem}\n",
            "th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}\n",
            "th{background:#f4f4f4}\n",
            "pre{background:#f6f6f6;padding:.5rem;overflow:auto;white-space:pre-wrap}\n",
            ".critical{color:#b00020}.warning{color:#a66300}\n",
            "</style>\n</head>\n<body>\n"
        ));
        h.push_str(&format!("<h1>{title}</h1>\n"));
        if i.simulated {
            let notice = label("report-drill-notice");
            h.push_str(&format!("<p><strong>{notice}</strong></p>\n"));
        }
        h.push_str("<table>\n");
        let monitor = match self.target {
            Some(t) => {
                let target = format!("<code>{}</code>", esc(t));
                let args = [
                    ("monitor", Arg::from(esc(i.monitor))),
                    ("target", target.into()),
                ];
                tr_in(lang, "report-monitor-target", &args)
            }
            None => {
                let args = [("monitor", Arg::from(esc(i.monitor)))];
                tr_in(lang, "report-monitor-removed", &args)
            }
        };
        let f = self.facts(lang);
        // The class is the severity's name, whatever the language.
        let class = i.severity.as_str();
        let severity = format!("<span class=\"{class}\">{}</span>", esc(&f.severity));
        for (k, v) in [
            ("report-label-monitor", monitor),
            ("report-label-severity", severity),
            ("report-label-rule", esc(&f.rule)),
            ("report-label-state", esc(&f.state)),
            ("report-label-started", esc(&f.started)),
            ("report-label-detected", esc(&f.detected)),
            ("report-label-resolved", esc(&f.resolved)),
            ("report-label-downtime", esc(&f.downtime)),
            ("report-label-acknowledged", esc(&f.acknowledged)),
        ] {
            h.push_str(&format!("<tr><th>{}</th><td>{v}</td></tr>\n", label(k)));
        }
        h.push_str("</table>\n");

        let (t, e, d) = (
            label("report-col-time"),
            label("report-col-event"),
            label("report-col-details"),
        );
        h.push_str(&format!("<h2>{}</h2>\n<table>\n", label("report-timeline")));
        h.push_str(&format!("<tr><th>{t}</th><th>{e}</th><th>{d}</th></tr>\n"));
        for e in &i.events {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&time_in(lang, e.at)),
                esc(&event_word(lang, e.kind)),
                esc(first_line(&i18n::word_in(lang, e.message)))
            ));
        }
        h.push_str("</table>\n");

        let n = [("n", Arg::from(self.notifications.len()))];
        let heading = esc(&tr_in(lang, "report-notifications", &n));
        h.push_str(&format!("<h2>{heading}</h2>\n"));
        if self.notifications.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", label("report-no-notifications")));
        } else {
            h.push_str("<ul>\n");
            for n in &self.notifications {
                let at = esc(&time_in(lang, n.at));
                h.push_str(&format!(
                    "<li>{at}: {}</li>\n",
                    esc(&i18n::word_in(lang, n.message))
                ));
            }
            h.push_str("</ul>\n");
        }

        let n = [("n", Arg::from(self.recovery_attempts.len()))];
        let heading = esc(&tr_in(lang, "report-recovery", &n));
        h.push_str(&format!("<h2>{heading}</h2>\n"));
        if self.recovery_attempts.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", label("report-no-recovery")));
        } else {
            h.push_str("<ul>\n");
            for a in &self.recovery_attempts {
                let (head, output) = split_output(a.message);
                let at = esc(&time_in(lang, a.at));
                h.push_str(&format!("<li>{at}: {}", esc(&i18n::word_in(lang, head))));
                if let Some(out) = output {
                    h.push_str(&format!("<pre>{}</pre>", esc(out)));
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }

        let n = [("n", Arg::from(self.failed_checks.len()))];
        let heading = esc(&tr_in(lang, "report-failed-checks", &n));
        h.push_str(&format!("<h2>{heading}</h2>\n"));
        if self.failed_checks.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", label("report-no-failed-checks")));
        } else {
            let (l, r) = (label("report-col-latency"), label("report-col-reason"));
            h.push_str(&format!(
                "<table>\n<tr><th>{t}</th><th>{l}</th><th>{r}</th></tr>\n"
            ));
            for c in self.failed_checks {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    esc(&time_in(lang, c.at)),
                    esc(&ms_in(lang, c.latency_ms)),
                    esc(&i18n::word_in(lang, &c.reason))
                ));
            }
            h.push_str("</table>\n");
        }

        let heading = self.stats_heading(lang, esc(i.monitor));
        h.push_str(&format!("<h2>{heading}</h2>\n<ul>\n"));
        for line in self.stats_lines(lang) {
            h.push_str(&format!("<li>{}</li>\n", esc(&line)));
        }
        h.push_str("</ul>\n</body>\n</html>\n");
        h
    }
}

/// `<counted>: N (M resolved)`, `MTTR (mean time to resolve): ...`, `MTTD (...): ...`:
/// the figures a report and a summary end with. `counted` names what the count is.
pub(super) fn stats_lines(
    lang: Lang,
    counted: &str,
    count: u64,
    resolved: u64,
    mttr_s: Option<f64>,
    mttd_s: Option<f64>,
) -> [String; 3] {
    let counts = [
        ("count", Arg::from(count)),
        ("resolved", Arg::from(resolved)),
    ];
    let mttr = [("value", Arg::from(mean_in(lang, mttr_s)))];
    let mttd = [("value", Arg::from(mean_in(lang, mttd_s)))];
    [
        tr_in(lang, counted, &counts),
        tr_in(lang, "report-mttr", &mttr),
        tr_in(lang, "report-mttd", &mttd),
    ]
}
