// The facilitation view's enhancements: the left and right arrow keys go to the previous and next question
// (the links work without this), and a timer shows how long the group has spent on the current question.
(() => {
  const view = document.querySelector('[data-facilitation]');
  if (!view) return;
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) return;
    const link = view.querySelector(
      event.key === 'ArrowRight' ? '[data-next]' : event.key === 'ArrowLeft' ? '[data-previous]' : null,
    );
    if (link instanceof HTMLAnchorElement) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
  const timer = view.querySelector('[data-timer]');
  const value = view.querySelector('[data-timer-value]');
  if (!timer || !value) return;
  const started = Date.now();
  timer.hidden = false;
  const show = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    value.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  };
  show();
  window.setInterval(show, 1000);
})();
