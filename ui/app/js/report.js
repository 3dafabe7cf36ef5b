// An incident as a Markdown document for a postmortem, built from the incident JSON the
// dashboard already has (the core has no report renderer; `lookout report ID --format md` in
// the CLI also adds the rule's numbers and the monitor's MTTD / MTTR). Pure: tested in node.

import { humanDuration, secondsBetween } from './format.js';

/** `2026-03-14 10:00:00 UTC`: a report is read later, elsewhere, so times are absolute UTC. */
export function utc(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Text from services and users, safe in a table cell and on one line. */
function cell(s) {
  return String(s ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .trim();
}

function kindWord(kind) {
  return String(kind || '').replace(/_/g, ' ');
}

/** The file name the report is saved under. */
export function reportFileName(inc) {
  return `lookout-incident-${Number(inc.id)}.md`;
}

export function incidentMarkdown(inc, now = Date.now()) {
  const open = inc.state === 'open';
  const down = humanDuration(secondsBetween(inc.started_at, inc.resolved_at, now));
  const detectIn = humanDuration(secondsBetween(inc.started_at, inc.detected_at, now));
  const out = [
    `# Incident #${Number(inc.id)}: ${cell(inc.title)}`,
    '',
    '| | |',
    '|---|---|',
    `| Monitor | ${cell(inc.monitor)} |`,
    `| Severity | ${cell(inc.severity)} |`,
    `| Rule | ${cell(inc.rule)} |`,
    `| State | ${open ? 'open' : 'resolved'} |`,
    `| Started (first failed check) | ${utc(inc.started_at)} |`,
    `| Detected (rule triggered) | ${utc(inc.detected_at)} (after ${detectIn}) |`,
    `| Resolved | ${open ? 'not yet' : utc(inc.resolved_at)} |`,
    `| ${open ? 'Down so far' : 'Downtime'} | ${down} |`,
  ];
  if (inc.acknowledged_at) out.push(`| Acknowledged | ${utc(inc.acknowledged_at)} |`);
  out.push('', '## Timeline', '');
  const events = inc.events || [];
  if (!events.length) out.push('No timeline entries.');
  for (const e of events) {
    const [first, ...rest] = String(e.message ?? '').split(/\r?\n/);
    out.push(`- **${utc(e.at)}** ${kindWord(e.kind)}: ${first}`);
    // Program output and the like: kept verbatim as an indented code block under the entry.
    const more = rest.filter((l, i) => l.trim() || i < rest.length - 1);
    if (more.length) out.push('', ...more.map((l) => `        ${l}`), '');
  }
  out.push('', `_Exported from Lookout on ${utc(new Date(now).toISOString())}._`, '');
  return out.join('\n');
}
