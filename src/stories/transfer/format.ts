// The collection formats moderators import and export, as pure functions: a JSON array of stories, or a zip
// of Markdown files that open with YAML front matter. Both carry the same fields, so either round-trips.
// Parsing never throws on bad input: every problem is named, per file and per story, for the preview.
// The parts live beside this file: the story shape and limits, validation, the zip reader, parsing, writing.
export { parseCollection, parseJson, parseMarkdownStory, parseZip, splitFrontMatter } from './parse.ts';
export {
  type ParsedCollection,
  type ParsedItem,
  type TransferPerson,
  type TransferRelation,
  type TransferStory,
  transferLimits,
  transferRelations,
} from './transfer-story.ts';
export { validateStory } from './validate.ts';
export { fileNameFor, slugOf, toJson, toMarkdown, toZip } from './write.ts';
