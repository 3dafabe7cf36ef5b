// The footer's language choice: follow the system, English or 简体中文. The core stores the
// setting and answers with the catalogue to use (`set_language`); a refusal shows beside the
// select, which goes back to the setting in force. Its options' words are static HTML
// (`data-i18n`), so the page's `translateTree` redraws them with the rest.

/**
 * `set(language)` asks the core (resolves to `{language, setting, catalogue}`), `applied(payload)`
 * puts its answer in force. Returns `{show(setting)}`: what the select shows as chosen.
 */
export function createLanguageSelect(doc, { set, applied }) {
  const select = doc.getElementById('language');
  const error = doc.getElementById('language-error');
  let setting = null;

  select.addEventListener('change', async () => {
    const want = select.value;
    if (error) error.textContent = '';
    select.removeAttribute('aria-invalid');
    select.disabled = true;
    try {
      applied(await set(want));
    } catch (e) {
      const mine = ((e && e.fields) || []).filter((f) => f.field === 'language').map((f) => f.message);
      if (error) error.textContent = mine.length ? mine.join(' ') : (e && e.message) || String(e);
      select.setAttribute('aria-invalid', 'true');
      if (setting !== null) select.value = setting;
    } finally {
      select.disabled = false;
    }
  });

  return {
    show(s) {
      setting = s;
      select.value = s;
    },
  };
}
