import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incidentMarkdown, reportFileName, utc } from '../app/js/report.js';

const inc = {
  id: 6, monitor_id: 1, monitor: 'api', title: 'api is DOWN', rule: 'down', severity: 'critical', state: 'resolved',
  started_at: '2026-03-14T10:00:00Z', detected_at: '2026-03-14T10:00:03Z', resolved_at: '2026-03-14T10:03:12Z', acknowledged_at: null,
  events: [
    { at: '2026-03-14T10:00:00Z', kind: 'first_failure', message: 'HTTP 503' },
    { at: '2026-03-14T10:00:03Z', kind: 'triggered', message: 'DOWN after 3 failed checks (failure threshold 3): HTTP 503' },
    { at: '2026-03-14T10:01:00Z', kind: 'recovery_action', message: 'ran systemctl --user restart api: exit 0\nrestarting…\nok' },
    { at: '2026-03-14T10:03:12Z', kind: 'resolved', message: 'back UP' },
  ],
};

test('an incident exports as Markdown with its facts and timeline', () => {
  const md = incidentMarkdown(inc, Date.parse('2026-03-15T08:00:00Z'));
  const lines = md.split('\n');
  assert.equal(lines[0], '# Incident #6: api is DOWN');
  for (const row of [
    '| Monitor | api |',
    '| Severity | critical |',
    '| State | resolved |',
    '| Started (first failed check) | 2026-03-14 10:00:00 UTC |',
    '| Detected (rule triggered) | 2026-03-14 10:00:03 UTC (after 3s) |',
    '| Resolved | 2026-03-14 10:03:12 UTC |',
    '| Downtime | 3m 12s |',
    '- **2026-03-14 10:00:00 UTC** first failure: HTTP 503',
    '- **2026-03-14 10:01:00 UTC** recovery action: ran systemctl --user restart api: exit 0',
    '        restarting…',
    '- **2026-03-14 10:03:12 UTC** resolved: back UP',
    '_Exported from Lookout on 2026-03-15 08:00:00 UTC._',
  ]) {
    assert.ok(lines.includes(row), `missing ${JSON.stringify(row)} in\n${md}`);
  }
  assert.equal(reportFileName(inc), 'lookout-incident-6.md');
});

test('open incidents say so, and service text cannot break the table', () => {
  const md = incidentMarkdown({ ...inc, state: 'open', resolved_at: null, monitor: 'a|b\nc', events: [] }, Date.parse('2026-03-14T10:10:00Z'));
  assert.match(md, /\| Resolved \| not yet \|/);
  assert.match(md, /\| Down so far \| 10m \|/);
  assert.match(md, /\| Monitor \| a\\\|b c \|/);
  assert.match(md, /No timeline entries\./);
  assert.equal(utc(null), '—');
});
