// Import direction between the folders of src/ (`npm run lint` runs this after biome): a folder imports
// from folders below it only, so no chain of imports, type imports included, leads from a folder back to
// itself. Each direct child of src/ is one folder; a nested feature folder (src/stories/writing) is checked
// as a folder of its own, and imports between it and its parent are allowed.
const comment =
  'This import is part of a cycle between folders of src/. Move the shared code down into the lower folder, or hand it in from the composition root (src/main.ts, src/services.ts), instead of importing upwards.';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment,
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/([^/]+)' },
      // Imports inside one top-level folder (src/stories and src/stories/writing) are not between folders.
      to: { circular: true, pathNot: '^src/$1(/|$)' },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API for dependency-cruiser to read sources with; swc parses them.
    parser: 'swc',
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
  },
};
