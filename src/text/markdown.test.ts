import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './markdown.ts';

const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '[x](vbscript:msgbox(1))',
  '<iframe src="https://example.org"></iframe>',
  '"><script>alert(1)</script>',
  '[x](&#106;avascript:alert(1))',
];

const allowedTags = new Set([
  'p',
  'br',
  'strong',
  'em',
  'ul',
  'ol',
  'li',
  'blockquote',
  'a',
  'h2',
  'h3',
  'h4',
  'code',
  'pre',
  'hr',
]);

/** True when the HTML has a tag, attribute or link target that could run script. */
function unsafe(html: string): boolean {
  for (const [, name, attributes] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    if (!allowedTags.has(String(name).toLowerCase())) return true;
    for (const [, attribute, value] of String(attributes).matchAll(/\s([^\s=]+)="([^"]*)"/g)) {
      if (!['href', 'class', 'rel'].includes(String(attribute))) return true;
      const href = String(value).replace(/&#\d+;|&[a-z]+;|\s/gi, '');
      if (attribute === 'href' && /^[a-z][a-z0-9+.-]*:/i.test(href) && !/^(https?:|mailto:)/i.test(href)) return true;
    }
  }
  return false;
}

describe('renderMarkdown', () => {
  it('keeps ordinary Markdown', () => {
    const html = renderMarkdown('Hello **world**\n\n- one\n- two\n\n[site](https://example.org)');
    expect(html).toContain('<strong>world</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('href="https://example.org"');
  });

  for (const payload of payloads) {
    it(`neutralises ${payload}`, () => {
      expect(unsafe(renderMarkdown(payload))).toBe(false);
    });
  }

  it('never lets script, handlers or script URLs through, whatever the input', () => {
    const piece = fc.constantFrom(...payloads, '**b**', '\n\n', '[a](', ')', '<', '>', '"', "'", 'javascript:', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 12 }), (parts) => {
        expect(unsafe(renderMarkdown(parts.join('')))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('gives plain text for excerpts', () => {
    // Raw HTML in the source stays literal text; the template escapes it when shown.
    expect(markdownToText('# Title\n\nSome *text* <b>x</b> & more')).toBe('Title Some text <b>x</b> & more');
  });

  it('gives the text a reader sees on the rendered page, tags taken away', () => {
    // The independent expectation: markdown-it's HTML with every tag taken away by sanitize-html, entities
    // read back and spaces collapsed (how excerpts were made before they were read from the tokens).
    const reference = (source: string) =>
      sanitizeHtml(new MarkdownIt({ html: false, linkify: true, typographer: true }).render(source), {
        allowedTags: [],
        allowedAttributes: {},
      })
        .replace(
          /&(lt|gt|quot|#39|amp);/g,
          (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e] ?? '&',
        )
        .replace(/\s+/g, ' ')
        .trim();
    // Markdown's syntax, entities and typography, and text shaped like HTML.
    // biome-ignore format: a table of pieces
    const syntax = [
      '# ', '## ', '\n', '\n\n', '**', '*', '_', '`', '```\n', '    ', '> ', '- ', '1. ', '---', '  \n', '\\*',
      '[a](https://example.org)', '![alt](https://example.org/x.png)', 'www.example.org', '"quoted"', "it's",
      '(c)', '...', '--', '&amp;', '&lt;b&gt;', '&copy;', '&nbsp;', '&#169;', '| a | b |\n|---|---|\n| c | d |\n',
      'housing', 'council ', ' budget', '<b>', '</b>', '&', '<', '>',
    ];
    const piece = fc.constantFrom(...payloads, ...syntax);
    // A list, a code block and an image (which shows no text), by hand.
    const example = 'Title\n\n- one\n- two\n\n```js\nx < 1 && y\n```\n\nAfter ![pic](p.png) *end*';
    expect(markdownToText(example)).toBe('Title one two x < 1 && y After end');
    expect(reference(example)).toBe('Title one two x < 1 && y After end');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 16 }), (parts) => {
        const source = parts.join('');
        expect(markdownToText(source)).toBe(reference(source));
      }),
      { numRuns: 2000 },
    );
  });
});
