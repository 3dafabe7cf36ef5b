// Offline detection: how the reference targets in force read, for the footer's setting. The
// core validates and stores them; this only words them.

/** The targets one per line, as the textarea shows them. */
export function targetsText(targets) {
  return (targets || []).join('\n');
}

/**
 * What the targets in force mean, in words: `{targets, defaults, is_default}` as
 * `get_reference_targets` returns it. The core counts the machine offline when
 * min(2, count) of them fail together; none leaves only the route check.
 */
export function describeTargets(v) {
  const t = v.targets || [];
  const source = v.is_default ? 'The defaults are in force' : 'Yours are in force';
  if (!t.length) return 'Reference check off: only a missing network route means this machine is offline.';
  if (t.length === 1) return `${source}: offline when ${t[0]} fails.`;
  if (t.length === 2) return `${source}: offline when both fail together.`;
  return `${source}: offline when at least two fail together.`;
}
