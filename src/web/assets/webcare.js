// Meetlat webcare in the browser: live updates and keyboard shortcuts. Every page works without
// this script; with it, the inbox follows what the team does without a reload.
//
// - The inbox (`[data-live]` without `data-case`) reads the page anew when a case of the
//   organisation changed, and swaps in the list and the view tabs (parsed, never as text into
//   innerHTML), keeping the focus on the case it was on.
// - A case page (`data-case`) shows a notice when someone else changed this case, with its new
//   status and handler, and a link to read it anew.
// - Shortcuts (not while typing): on the inbox j and k move between cases, / searches; on a case
//   n takes it, r writes an answer, i goes back to the inbox.
(() => {
  const root = document.querySelector('[data-live]');
  if (!root) return;
  const caseId = root.getAttribute('data-case');
  const status = document.getElementById('live-status');
  const say = (key) => {
    if (status) status.textContent = status.getAttribute(key) || '';
  };

  let refreshing = null;
  let again = false;
  async function refreshInbox() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = (async () => {
      const focused = document.activeElement?.closest?.('[data-case-row]')?.getAttribute('data-case-row');
      const response = await fetch(location.href, {
        credentials: 'same-origin',
        headers: { accept: 'text/html' },
      });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const id of ['zaken', 'weergaven']) {
        const fresh = page.getElementById(id);
        const old = document.getElementById(id);
        if (fresh && old) old.replaceWith(document.importNode(fresh, true));
      }
      if (focused) document.querySelector(`[data-case-row="${CSS.escape(focused)}"] a`)?.focus();
      say('data-updated');
    })().finally(() => {
      refreshing = null;
      if (again) {
        again = false;
        refreshInbox();
      }
    });
  }

  function caseChanged(change) {
    const version = root.getAttribute('data-version');
    if (String(change.id) !== caseId || String(change.version) === version) return;
    const notice = document.getElementById('live-notice');
    const statusText = document.getElementById('zaakstatus');
    const handler = document.getElementById('behandelaar');
    if (statusText) statusText.textContent = change.statusText;
    if (handler && change.assignee) handler.textContent = change.assignee;
    if (notice) {
      notice.hidden = false;
      const text = notice.querySelector('[data-text]');
      if (text) text.textContent = notice.getAttribute('data-changed') || '';
    }
  }

  if ('EventSource' in window) {
    const source = new EventSource(root.getAttribute('data-live'));
    let timer = null;
    source.addEventListener('open', () => say('data-connected'));
    source.addEventListener('error', () => say('data-reconnecting'));
    const onChange = (event) => {
      const change = JSON.parse(event.data);
      if (caseId) {
        caseChanged(change);
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(refreshInbox, 150);
    };
    source.addEventListener('case', onChange);
    source.addEventListener('resync', () => {
      if (!caseId) refreshInbox();
    });
    window.addEventListener('pagehide', () => source.close());
  }

  const typing = (target) =>
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

  function moveCase(step) {
    const links = [...document.querySelectorAll('[data-case-row] a')];
    if (links.length === 0) return;
    const at = links.indexOf(document.activeElement);
    const next =
      at === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target))
      return;
    const shortcuts = caseId
      ? {
          n: () => document.querySelector('form[action$="/nemen"]')?.requestSubmit(),
          r: () => document.getElementById('antwoord-tekst')?.focus(),
          i: () => document.querySelector('a[data-shortcut="inbox"]')?.click(),
        }
      : {
          j: () => moveCase(1),
          k: () => moveCase(-1),
          '/': () => {
            const details = document.querySelector('details.meetlat-filters-box');
            if (details) details.open = true;
            document.getElementById('filter-zoek')?.focus();
          },
        };
    const action = shortcuts[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
})();
