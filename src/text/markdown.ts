// Markdown to safe HTML for stories, comments and articles: markdown-it with raw HTML off, then sanitize-html;
// and to plain text, from markdown-it's tokens.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });

const allowed: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a', 'h2', 'h3', 'h4', 'code', 'pre', 'hr'],
  allowedAttributes: { a: ['href', 'class', 'rel'], p: ['class'], ul: ['class'], ol: ['class'], blockquote: ['class'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { class: 'govuk-link', rel: 'nofollow noopener' }),
    p: sanitizeHtml.simpleTransform('p', { class: 'govuk-body' }),
    ul: sanitizeHtml.simpleTransform('ul', { class: 'govuk-list govuk-list--bullet' }),
    ol: sanitizeHtml.simpleTransform('ol', { class: 'govuk-list govuk-list--number' }),
    blockquote: sanitizeHtml.simpleTransform('blockquote', { class: 'govuk-inset-text' }),
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), allowed);
}

/**
 * Plain text of a Markdown source, for excerpts and feeds; templates escape it again when shown. Read from
 * markdown-it's tokens, not its HTML: the text is the same as the rendered page's with its tags taken away
 * (images, which show no text, left out), without building HTML and parsing it again, which cost twice as much
 * on every list of stories.
 */
export function markdownToText(source: string): string {
  const parts: string[] = [];
  const read = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'inline') read(token.children ?? []);
      else if (token.type === 'text' || token.type === 'code_inline') parts.push(token.content);
      else if (token.type === 'code_block' || token.type === 'fence') parts.push(' ', token.content, ' ');
      // Between blocks and at line breaks, the rendered page has a line break or a new block.
      else if (token.block || token.type === 'softbreak' || token.type === 'hardbreak') parts.push(' ');
    }
  };
  read(markdown.parse(source, {}));
  return parts.join('').replace(/\s+/g, ' ').trim();
}
