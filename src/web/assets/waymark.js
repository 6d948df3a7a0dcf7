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
