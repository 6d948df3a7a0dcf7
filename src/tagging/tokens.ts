// Text to the words the tag model counts: wink-nlp tokenises, drops stop words and punctuation, and stems
// (so "librarian", "libraries" and "library" meet). The language model ships inside npm: nothing downloads.

import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItemToken } from 'wink-nlp';

let nlp: ReturnType<typeof winkNLP> | undefined;

/** Loaded on first use (about a tenth of a second), then shared by every caller in the process. */
function pipeline() {
  // Sentence boundaries and parts of speech are not needed for counting words; leaving them out is faster.
  nlp ??= winkNLP(model, []);
  return nlp;
}

/** Stemmed, lower-case content words of a text, in order; numbers, punctuation and stop words left out. */
export function tokensOf(text: string): string[] {
  const engine = pipeline();
  const its = engine.its;
  const words: string[] = [];
  engine
    .readDoc(text)
    .tokens()
    .each((token: ItemToken) => {
      if (token.out(its.type) !== 'word' || token.out(its.stopWordFlag)) return;
      const stem = String(token.out(its.stem as never)).toLowerCase();
      if (stem.length > 1) words.push(stem);
    });
  return words;
}
