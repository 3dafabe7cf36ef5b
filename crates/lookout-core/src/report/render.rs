//! A report written out: Markdown for a postmortem, or a self-contained HTML page.

use super::*;

impl Report<'_> {
    pub fn markdown(&self) -> String {
        let i = &self.incident;
        let mut md = String::new();
        md.push_str(&format!(
            "# Incident #{}{}: {}\n\n",
            i.id,
            if i.simulated { " (drill)" } else { "" },
            cell(i.title)
        ));
        if i.simulated {
            md.push_str(&format!("> {DRILL_NOTICE}\n\n"));
        }
        md.push_str("| | |\n|---|---|\n");
        let monitor = match self.target {
            Some(t) => format!("{} (`{}`)", cell(i.monitor), t.replace('`', "'")),
            None => format!("{} (removed)", cell(i.monitor)),
        };
        let mut row = |k: &str, v: String| md.push_str(&format!("| {k} | {v} |\n"));
        row("Monitor", monitor);
        row("Severity", i.severity.to_string());
        row(
            "Rule",
            format!("{}: {}", self.rule.kind.as_str(), self.rule.summary),
        );
        row("State", state_str(i.state).to_string());
        row("Started (first failure)", time(i.started_at));
        row(
            "Detected",
            format!(
                "{} ({} after the first failure)",
                time(self.detected_at),
                human_secs(self.time_to_detect_s)
            ),
        );
        row(
            "Resolved",
            i.resolved_at.map(time).unwrap_or_else(|| "not yet".into()),
        );
        let downtime = human_secs(i.duration_s);
        row(
            "Downtime",
            if i.state == IncidentState::Open {
                format!("{downtime} so far")
            } else {
                downtime
            },
        );
        row(
            "Acknowledged",
            self.acknowledged_at
                .map(time)
                .unwrap_or_else(|| "no".into()),
        );

        md.push_str("\n## Timeline\n\n| Time | Event | Details |\n|---|---|---|\n");
        for e in &i.events {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                time(e.at),
                e.kind.as_str().replace('_', " "),
                cell(first_line(e.message))
            ));
        }

        md.push_str(&format!(
            "\n## Notifications ({})\n\n",
            self.notifications.len()
        ));
        if self.notifications.is_empty() {
            md.push_str("No notification or webhook alert was recorded for this incident.\n");
        }
        for n in &self.notifications {
            md.push_str(&format!("- {}: {}\n", time(n.at), cell(n.message)));
        }

        md.push_str(&format!(
            "\n## Recovery attempts ({})\n\n",
            self.recovery_attempts.len()
        ));
        if self.recovery_attempts.is_empty() {
            md.push_str("No recovery action ran for this incident.\n");
        }
        for a in &self.recovery_attempts {
            let (head, output) = split_output(a.message);
            md.push_str(&format!("- {}: {}\n", time(a.at), cell(head)));
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

        md.push_str(&format!(
            "\n## Failed checks ({})\n\n",
            self.failed_checks.len()
        ));
        if self.failed_checks.is_empty() {
            md.push_str("No failed checks are stored for this window.\n");
        } else {
            md.push_str("| Time | Latency | Reason |\n|---|---|---|\n");
            for c in self.failed_checks {
                md.push_str(&format!(
                    "| {} | {} | {} |\n",
                    time(c.at),
                    c.latency_ms
                        .map(|l| format!("{l} ms"))
                        .unwrap_or_else(|| "-".into()),
                    cell(&c.reason)
                ));
            }
        }

        let s = self.stats;
        md.push_str(&format!(
            "\n## {} over the last {} days\n\n",
            cell(i.monitor),
            s.days
        ));
        md.push_str(&format!(
            "- Incidents: {} ({} resolved)\n- MTTR (mean time to resolve): {}\n- MTTD (mean time to detect): {}\n",
            s.count,
            s.resolved,
            mean(s.mttr_s),
            mean(s.mttd_s)
        ));
        md
    }
}

impl Report<'_> {
    /// A self-contained HTML document: inline style, no script, no outside resource; every
    /// text from the incident (titles, reasons, program output) is escaped.
    pub fn html(&self) -> String {
        let i = &self.incident;
        let mut h = String::new();
        let title = format!(
            "Incident #{}{}: {}",
            i.id,
            if i.simulated { " (drill)" } else { "" },
            i.title
        );
        h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.push_str(&format!("<title>{}</title>\n", esc(&title)));
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
        h.push_str(&format!("<h1>{}</h1>\n", esc(&title)));
        if i.simulated {
            h.push_str(&format!("<p><strong>{}</strong></p>\n", esc(DRILL_NOTICE)));
        }
        h.push_str("<table>\n");
        let mut row = |k: &str, v: String| {
            h.push_str(&format!("<tr><th>{}</th><td>{v}</td></tr>\n", esc(k)));
        };
        row(
            "Monitor",
            match self.target {
                Some(t) => format!("{} (<code>{}</code>)", esc(i.monitor), esc(t)),
                None => format!("{} (removed)", esc(i.monitor)),
            },
        );
        let sev = i.severity.to_string();
        row(
            "Severity",
            format!("<span class=\"{}\">{}</span>", esc(&sev), esc(&sev)),
        );
        row(
            "Rule",
            esc(&format!(
                "{}: {}",
                self.rule.kind.as_str(),
                self.rule.summary
            )),
        );
        row("State", esc(state_str(i.state)));
        row("Started (first failure)", esc(&time(i.started_at)));
        row(
            "Detected",
            esc(&format!(
                "{} ({} after the first failure)",
                time(self.detected_at),
                human_secs(self.time_to_detect_s)
            )),
        );
        row(
            "Resolved",
            esc(&i.resolved_at.map(time).unwrap_or_else(|| "not yet".into())),
        );
        let downtime = human_secs(i.duration_s);
        row(
            "Downtime",
            esc(&if i.state == IncidentState::Open {
                format!("{downtime} so far")
            } else {
                downtime
            }),
        );
        row(
            "Acknowledged",
            esc(&self
                .acknowledged_at
                .map(time)
                .unwrap_or_else(|| "no".into())),
        );
        h.push_str("</table>\n");

        h.push_str(
            "<h2>Timeline</h2>\n<table>\n<tr><th>Time</th><th>Event</th><th>Details</th></tr>\n",
        );
        for e in &i.events {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&time(e.at)),
                esc(&e.kind.as_str().replace('_', " ")),
                esc(first_line(e.message))
            ));
        }
        h.push_str("</table>\n");

        h.push_str(&format!(
            "<h2>Notifications ({})</h2>\n",
            self.notifications.len()
        ));
        if self.notifications.is_empty() {
            h.push_str("<p>No notification or webhook alert was recorded for this incident.</p>\n");
        } else {
            h.push_str("<ul>\n");
            for n in &self.notifications {
                h.push_str(&format!(
                    "<li>{}: {}</li>\n",
                    esc(&time(n.at)),
                    esc(n.message)
                ));
            }
            h.push_str("</ul>\n");
        }

        h.push_str(&format!(
            "<h2>Recovery attempts ({})</h2>\n",
            self.recovery_attempts.len()
        ));
        if self.recovery_attempts.is_empty() {
            h.push_str("<p>No recovery action ran for this incident.</p>\n");
        } else {
            h.push_str("<ul>\n");
            for a in &self.recovery_attempts {
                let (head, output) = split_output(a.message);
                h.push_str(&format!("<li>{}: {}", esc(&time(a.at)), esc(head)));
                if let Some(out) = output {
                    h.push_str(&format!("<pre>{}</pre>", esc(out)));
                }
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }

        h.push_str(&format!(
            "<h2>Failed checks ({})</h2>\n",
            self.failed_checks.len()
        ));
        if self.failed_checks.is_empty() {
            h.push_str("<p>No failed checks are stored for this window.</p>\n");
        } else {
            h.push_str("<table>\n<tr><th>Time</th><th>Latency</th><th>Reason</th></tr>\n");
            for c in self.failed_checks {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    esc(&time(c.at)),
                    esc(&c
                        .latency_ms
                        .map(|l| format!("{l} ms"))
                        .unwrap_or_else(|| "-".into())),
                    esc(&c.reason)
                ));
            }
            h.push_str("</table>\n");
        }

        let s = self.stats;
        h.push_str(&format!(
            "<h2>{} over the last {} days</h2>\n<ul>\n",
            esc(i.monitor),
            s.days
        ));
        h.push_str(&format!(
            "<li>Incidents: {} ({} resolved)</li>\n<li>MTTR (mean time to resolve): {}</li>\n<li>MTTD (mean time to detect): {}</li>\n</ul>\n",
            s.count,
            s.resolved,
            esc(&mean(s.mttr_s)),
            esc(&mean(s.mttd_s))
        ));
        h.push_str("</body>\n</html>\n");
        h
    }
}
