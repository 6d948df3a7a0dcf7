// Words found by a search, highlighted: PostgreSQL's ts_headline marks them with two control characters a
// text cannot hold (they are stripped first), and `highlightHtml` turns a marked text into safe HTML.

/** Control characters around highlighted words: a body cannot hold them (they are stripped first). */
export const markStart = '\u0002';
export const markEnd = '\u0003';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const markSplit = new RegExp(`(${markStart}|${markEnd})`);

/**
 * A ts_headline result as safe HTML: every character the author wrote is escaped, and the only tags are the
 * <mark> elements standing for our own control-character marks (always balanced).
 */
export function highlightHtml(marked: string): string {
  let html = '';
  let open = false;
  for (const part of marked.split(markSplit)) {
    if (part === markStart) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === markEnd) {
      if (open) html += '</mark>';
      open = false;
    } else html += escapeHtml(part);
  }
  return open ? `${html}</mark>` : html;
}

/** A marked text without its marks. */
export const plainOf = (marked: string) => marked.replaceAll(markStart, '').replaceAll(markEnd, '');

/** Markdown punctuation a snippet cut from the source would otherwise show: `**`, `#`, `>`, link targets. */
export const unmarkdown = (text: string) =>
  text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
