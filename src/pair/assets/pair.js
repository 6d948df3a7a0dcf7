// The pair exercise's enhancements. Without this script the page still works: notes are saved with the
// button, the timer shows the minutes when the page loads, and the partner refreshes to see new notes.

const minutes = (ms) => Math.max(0, Math.floor(ms / 60000));

// The gentle timer: minutes into the turn, of about twenty; never a countdown.
const timer = document.getElementById('pair-timer');
if (timer?.dataset.startedAt) {
  const started = Date.parse(timer.dataset.startedAt);
  const target = Number(timer.dataset.minutes || 20);
  const show = () => {
    const m = minutes(Date.now() - started);
    timer.textContent =
      m < 1
        ? `Just started. Take about ${target} minutes.`
        : m < target
          ? `${m} ${m === 1 ? 'minute' : 'minutes'} in, of about ${target}.`
          : `${m} minutes in: a good time to move to the tips and finish this turn.`;
  };
  show();
  setInterval(show, 30000);
}

// Autosave: a few seconds after the interviewer stops typing, the notes are saved in the background.
const form = document.querySelector('form[data-autosave]');
const status = document.getElementById('pair-save-status');
if (form && status) {
  let timerId;
  let dirty = false;
  const save = async () => {
    if (!dirty) return;
    dirty = false;
    const body = new URLSearchParams(new FormData(form));
    body.delete('form');
    try {
      const response = await fetch(form.dataset.autosave, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body,
        credentials: 'same-origin',
      });
      if (response.ok) {
        const time = new Date()
          .toLocaleTimeString('en-GB', {
            hour: 'numeric',
            minute: '2-digit',
            hourCycle: 'h12',
            timeZone: 'Europe/London',
          })
          .replace(/\s/g, '');
        status.textContent = `Notes saved at ${time}.`;
      } else {
        dirty = true;
        status.textContent = 'Your notes are not saved yet. Use “Save notes” to keep them.';
      }
    } catch {
      dirty = true;
      status.textContent = 'Waymark could not be reached. Your notes are still on this page; try “Save notes”.';
    }
  };
  form.addEventListener('input', () => {
    dirty = true;
    clearTimeout(timerId);
    timerId = setTimeout(save, 3000);
  });
}

// Dictation, where the browser offers speech recognition: a button beside each notes box.
const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
if (Recognition) {
  for (const area of document.querySelectorAll('textarea[data-dictate]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-4';
    button.textContent = 'Dictate';
    button.setAttribute('aria-pressed', 'false');
    let recognition;
    button.addEventListener('click', () => {
      if (recognition) {
        recognition.stop();
        return;
      }
      recognition = new Recognition();
      recognition.lang = document.documentElement.lang || 'en-GB';
      recognition.continuous = true;
      recognition.onresult = (event) => {
        for (let i = event.resultIndex; i < event.results.length; i++) {
          if (event.results[i].isFinal) {
            const said = event.results[i][0].transcript.trim();
            area.value = area.value ? `${area.value.replace(/\s+$/, '')} ${said}` : said;
            area.dispatchEvent(new Event('input', { bubbles: true }));
          }
        }
      };
      recognition.onend = () => {
        recognition = undefined;
        button.textContent = 'Dictate';
        button.setAttribute('aria-pressed', 'false');
      };
      recognition.start();
      button.textContent = 'Stop dictating';
      button.setAttribute('aria-pressed', 'true');
    });
    area.insertAdjacentElement('afterend', button);
  }
}

// Following along: the storyteller's screen shows the notes as the interviewer saves them.
const follow = document.querySelector('[data-follow]');
const followStatus = document.getElementById('pair-follow-status');
if (follow) {
  let lastSaved = null;
  const poll = async () => {
    try {
      const response = await fetch(follow.dataset.follow, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const data = await response.json();
      if (data.finished || data.status !== 'active') {
        window.location.reload();
        return;
      }
      if (data.savedAt === lastSaved) return;
      lastSaved = data.savedAt;
      for (const [key, text] of Object.entries(data.notes)) {
        const target = follow.querySelector(`[data-note="${key}"]`);
        if (target) target.textContent = text || 'No notes yet.';
      }
      if (followStatus && data.savedAt) followStatus.textContent = 'The notes were updated.';
    } catch {
      // Offline for a moment: try again at the next tick.
    }
  };
  setInterval(poll, 5000);
}
