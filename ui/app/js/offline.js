// Offline detection: how the reference targets in force read, for the footer's setting. The
// core validates and stores them; this only words them.

import { t } from './i18n.js';

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
  const targets = v.targets || [];
  if (!targets.length) return t('ui-offline-state-off');
  const source = v.is_default ? t('ui-offline-source-default') : t('ui-offline-source-yours');
  if (targets.length === 1) return t('ui-offline-state-one', { source, target: targets[0] });
  if (targets.length === 2) return t('ui-offline-state-two', { source });
  return t('ui-offline-state-many', { source });
}
