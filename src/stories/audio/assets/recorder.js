// Recording in the browser, where it can: MediaRecorder, then an upload of the finished file with the page's
// CSRF token in a header (checked before the body is read). Without it (or without a microphone) the file upload above does the same job.
const box = document.querySelector('.waymark-recorder');
if (box && window.MediaRecorder && navigator.mediaDevices?.getUserMedia) {
  box.hidden = false;
  const recordButton = box.querySelector('[data-record]');
  const saveButton = box.querySelector('[data-save]');
  const status = box.querySelector('[data-recorder-status]');
  let recorder;
  let chunks = [];
  let startedAt = 0;
  let seconds = 0;
  let blob;

  recordButton.addEventListener('click', async () => {
    if (recorder?.state === 'recording') {
      recorder.stop();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = (event) => chunks.push(event.data);
      recorder.onstop = () => {
        for (const track of stream.getTracks()) track.stop();
        seconds = (Date.now() - startedAt) / 1000;
        blob = new Blob(chunks, { type: recorder.mimeType || 'audio/webm' });
        recordButton.textContent = 'Record again';
        saveButton.hidden = false;
        status.textContent = `Recorded ${Math.round(seconds)} seconds. Save it, or record again.`;
      };
      startedAt = Date.now();
      recorder.start();
      recordButton.textContent = 'Stop recording';
      saveButton.hidden = true;
      status.textContent = 'Recording…';
    } catch {
      status.textContent = 'The microphone could not be used. You can upload a file instead.';
    }
  });

  saveButton.addEventListener('click', async () => {
    if (!blob) return;
    const form = new FormData();
    form.append('recordedSeconds', String(seconds));
    form.append('recording', blob, 'recording.webm');
    status.textContent = 'Saving…';
    try {
      const response = await fetch(box.dataset.upload, {
        method: 'POST',
        body: form,
        headers: { accept: 'application/json', 'x-csrf-token': box.dataset.csrf },
        credentials: 'same-origin',
      });
      if (response.ok) {
        window.location.assign(`${box.dataset.upload}?done=uploaded`);
        return;
      }
      const answer = await response.json().catch(() => ({}));
      status.textContent = answer?.error?.message ?? 'The recording could not be saved. Try again.';
    } catch {
      status.textContent = 'Waymark could not be reached. Your recording is still here; try saving again.';
    }
  });
}
