// Autosave for the story form (progressive enhancement: the form works without it). Every few seconds,
// when something changed, the draft is posted with the form's CSRF token. A copy is kept in this browser
// until the server confirms, so text survives a lost connection or an ended session.
// What is happening shows in #autosave-status, a polite live region the page keeps in view while the form
// is: "Saving…", "Saved at 8:42pm", or "Not saved: check your connection".
const form = document.getElementById('story-form');
const status = document.getElementById('autosave-status');

// Only drafts autosave: a story waiting for moderation or published has no autosave address.
if (form?.dataset.autosaveUrl && status && window.fetch && window.URLSearchParams) {
  const intervalMs = 5000;
  let url = form.dataset.autosaveUrl;
  let storageKey = `waymark:draft:${url}`;
  let saving = false;
  let stopped = false;

  const payload = () => {
    const data = new URLSearchParams(new FormData(form));
    data.delete('action');
    return data;
  };
  // What matters for "has it changed": everything but the CSRF token.
  const contentOf = (data) => {
    const copy = new URLSearchParams(data);
    copy.delete('_csrf');
    return copy.toString();
  };
  // A page drawn from posted text (a preview, a suggestion added, a mistake shown) holds changes not saved yet.
  let lastSaved = form.hasAttribute('data-autosave-pending') ? '' : contentOf(payload());

  const store = (content) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), content }));
    } catch {
      // Private browsing or a full store: the server copy is all we have.
    }
  };
  const forget = () => {
    try {
      localStorage.removeItem(storageKey);
    } catch {}
  };
  const say = (text, link) => {
    status.textContent = text;
    if (link) {
      const a = document.createElement('a');
      a.className = 'govuk-link';
      a.href = link.href;
      a.textContent = link.text;
      status.append(' ', a);
    }
  };
  // Waymark's one time style, as on its pages: 8:42pm, London time.
  const clock = (date) =>
    date
      .toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'Europe/London' })
      .replace(/\s/g, '');

  /** Puts a kept copy back into the form, field by field (repeated fields in order). */
  const restore = (content) => {
    const values = new URLSearchParams(content);
    const seen = new Map();
    for (const element of form.elements) {
      if (!element.name || element.name === '_csrf' || element.type === 'submit') continue;
      const all = values.getAll(element.name);
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = all.includes(element.value);
      } else {
        const i = seen.get(element.name) ?? 0;
        seen.set(element.name, i + 1);
        element.value = all[i] ?? '';
      }
    }
  };

  // A copy from an earlier visit that the server never confirmed: offer it back.
  try {
    const kept = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    if (kept && kept.content !== lastSaved) {
      const offer = document.createElement('div');
      offer.className = 'govuk-inset-text';
      const text = document.createElement('p');
      text.className = 'govuk-body';
      text.textContent = `This browser kept changes from ${clock(new Date(kept.at))} that were not saved.`;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'govuk-button govuk-button--secondary';
      button.textContent = 'Put the kept text back';
      button.addEventListener('click', () => {
        restore(kept.content);
        offer.remove();
        say('Kept text put back; saving it now.');
        save();
      });
      offer.append(text, button);
      form.prepend(offer);
    }
  } catch {}

  async function save() {
    if (saving || stopped) return;
    const data = payload();
    const content = contentOf(data);
    if (content === lastSaved) return;
    store(content);
    saving = true;
    say('Saving…');
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: data,
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        redirect: 'manual',
      });
      if (response.ok) {
        const result = await response.json();
        // A request renews the session: the warning before it ends (waymark.js) counts again from now.
        document.dispatchEvent(new Event('waymark:session-renewed'));
        lastSaved = content;
        forget();
        if (result.autosaveUrl !== url) {
          // The first save of a new story created the draft: from now on the form edits it.
          url = result.autosaveUrl;
          form.dataset.autosaveUrl = url;
          form.action = result.editUrl;
          storageKey = `waymark:draft:${url}`;
          history.replaceState(null, '', result.editUrl);
        }
        say(`Saved at ${clock(new Date(result.savedAt))}`);
      } else if (response.status === 400) {
        lastSaved = content;
        say('Not saved yet: a draft needs a title and the characteristic it shows most.');
      } else if (response.status === 401 || response.status === 403 || response.type === 'opaqueredirect') {
        stopped = true;
        say('You were signed out. Your text is kept in this browser.', {
          href: '/sign-in?returnTo=%2Fstories%2Frescued',
          text: 'Sign in again to save it',
        });
      } else {
        say('Not saved: something went wrong on our side. We will try again, and your text is kept in this browser.');
      }
    } catch {
      say('Not saved: check your connection. We will try again, and your text is kept in this browser.');
    } finally {
      saving = false;
    }
  }

  form.addEventListener('input', () => store(contentOf(payload())));
  form.addEventListener('submit', forget);
  setInterval(save, intervalMs);
}
