// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// Radios that reveal a question (the GOV.UK conditional reveal): GOV.UK's script marks each with aria-expanded,
// which ARIA does not allow on a radio (axe: aria-allowed-attr; a known GOV.UK Frontend issue). The revealed
// question follows its radio, so the attribute is taken off whenever it is set.
const expandedRadios = new MutationObserver((changes) => {
  for (const { target } of changes) target.removeAttribute('aria-expanded');
});
for (const radio of document.querySelectorAll('.govuk-radios__input[aria-controls]')) {
  radio.removeAttribute('aria-expanded');
  expandedRadios.observe(radio, { attributes: true, attributeFilter: ['aria-expanded'] });
}

// The header's menu (a <details>): Escape closes it and returns focus to its toggle; a click elsewhere closes it.
const headerMenu = document.querySelector('.waymark-header__menu');
if (headerMenu) {
  headerMenu.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !headerMenu.open) return;
    headerMenu.open = false;
    headerMenu.querySelector('summary')?.focus();
  });
  document.addEventListener('click', (event) => {
    if (headerMenu.open && !headerMenu.contains(event.target)) headerMenu.open = false;
  });
}

// The story library's filters: open beside the results on a wide screen, behind "Show filters" on a narrow one.
if (window.matchMedia('(min-width: 40.0625em)').matches) {
  for (const filters of document.querySelectorAll('details[data-waymark-open-wide]')) filters.open = true;
}

// Signed in: a warning before the session ends (WCAG 2.2.1, timing adjustable). Inactivity ends it after
// `data-session-idle-ms`, and "Stay signed in" renews that at once; the limit since signing in
// (`data-session-ends-at`) cannot be renewed, so its warning says when and offers to carry on. The server
// renews a session at most once a minute, so the page counts from a minute before it loaded.
const clock = document.body.dataset;
if (clock.sessionIdleMs && clock.sessionEndsAt && typeof HTMLDialogElement === 'function') {
  const idleMs = Number(clock.sessionIdleMs);
  const endsAt = Number(clock.sessionEndsAt);
  const warnBeforeMs = 3 * 60_000;
  const renewedUpToMs = 60_000;
  const signOut = document.querySelector('form[action="/sign-out"]');
  const csrfToken = signOut?.querySelector('input[name="_csrf"]')?.value ?? '';
  const clockTime = (at) =>
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' })
      .format(at)
      .replace(' ', '');
  const dialog = document.createElement('dialog');
  dialog.className = 'waymark-timeout';
  dialog.setAttribute('aria-labelledby', 'waymark-timeout-title');
  dialog.setAttribute('aria-describedby', 'waymark-timeout-text');
  dialog.innerHTML = `<h2 class="govuk-heading-m" id="waymark-timeout-title">You will be signed out soon</h2>
    <p class="govuk-body" id="waymark-timeout-text"></p>
    <div class="govuk-button-group">
      <button type="button" class="govuk-button" data-timeout="stay"></button>
      <button type="button" class="govuk-button govuk-button--secondary" data-timeout="leave">Sign out now</button>
    </div>`;
  const text = dialog.querySelector('#waymark-timeout-text');
  const stay = dialog.querySelector('[data-timeout="stay"]');
  let idleEndsAt = Date.now() + idleMs - renewedUpToMs;
  let timer;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(warn, Math.max(0, Math.min(idleEndsAt, endsAt) - warnBeforeMs - Date.now()));
  };
  const warn = () => {
    const final = endsAt <= idleEndsAt;
    const at = clockTime(new Date(Math.min(idleEndsAt, endsAt)));
    text.textContent = final
      ? `For your security, everyone is signed out 12 hours after signing in. You will be signed out at ${at}. Drafts you are writing are saved; sign in again to carry on.`
      : `You have not done anything for a while, so for your security you will be signed out at ${at}. Drafts you are writing are saved.`;
    stay.textContent = final ? 'Carry on for now' : 'Stay signed in';
    if (!dialog.isConnected) document.body.append(dialog);
    if (!dialog.open) dialog.showModal();
    stay.focus();
  };
  stay.addEventListener('click', async () => {
    if (endsAt <= idleEndsAt) return dialog.close();
    const answer = await fetch('/account/session/keep', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
    }).catch(() => undefined);
    if (answer?.status !== 204)
      return window.location.assign(`/sign-in?returnTo=${encodeURIComponent(location.pathname)}`);
    idleEndsAt = Date.now() + idleMs;
    dialog.close();
    schedule();
  });
  dialog.querySelector('[data-timeout="leave"]').addEventListener('click', () => signOut?.submit());
  // Saving a draft in the background (autosave.js) renews the session too.
  document.addEventListener('waymark:session-renewed', () => {
    idleEndsAt = Date.now() + idleMs - renewedUpToMs;
    schedule();
  });
  schedule();
}
