// Stylesheet and scripts, and the one place their routes are registered: Waymark's Sass compiled once per
// version of its source (cached on disk), its scripts and the features' (each kept beside the feature that
// uses it), and GOV.UK Frontend's script.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import staticFiles from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../..');
const scssFile = path.join(here, 'assets', 'waymark.scss');
export const govukDist = path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist');

export interface Stylesheet {
  /** The URL path, with a content hash so browsers may cache it for ever. */
  href: string;
  css: string;
}

function sourceFingerprint(): string {
  const govukVersion = JSON.parse(
    fs.readFileSync(path.join(projectRoot, 'node_modules', 'govuk-frontend', 'package.json'), 'utf8'),
  ).version as string;
  // Every Sass file beside waymark.scss (its partials too), so a change to any of them makes a new stylesheet.
  const hash = createHash('sha256');
  const folder = path.dirname(scssFile);
  const sources = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.scss'))
    .sort();
  for (const name of sources) hash.update(name).update(fs.readFileSync(path.join(folder, name)));
  return hash.update(govukVersion).digest('hex').slice(0, 16);
}

export async function buildStylesheet(): Promise<Stylesheet> {
  const fingerprint = sourceFingerprint();
  const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'waymark');
  const cached = path.join(cacheDir, `waymark-${fingerprint}.css`);
  let css: string;
  try {
    css = fs.readFileSync(cached, 'utf8');
  } catch {
    // Sass is only needed when the stylesheet changed since the last start.
    const sass = await import('sass');
    css = sass.compile(scssFile, {
      importers: [new sass.NodePackageImporter(projectRoot)],
      style: 'compressed',
      quietDeps: true,
    }).css;
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, css);
    fs.renameSync(temporary, cached);
  }
  return { href: `/assets/waymark-${fingerprint}.css`, css };
}

/** Every script a page loads, served at `/assets/<name>` from its folder (relative to the project root). */
const scripts: Readonly<Record<string, string>> = {
  'waymark.js': 'src/web/assets',
  'autosave.js': 'src/web/assets',
  'recorder.js': 'src/stories/audio/assets',
  'pair.js': 'src/pair/assets',
  'facilitate.js': 'src/groups/assets',
};

// Fresh options per route: Fastify keeps each route's options as its own.
const asset = () => ({ config: { access: 'public' as const }, schema: { hide: true } });

/** Registers every asset route; refuses to start when a listed script is missing, rather than 404 later. */
export async function setUpAssets(app: FastifyInstance, stylesheet: Stylesheet) {
  // The stylesheet's address changes with its content, so browsers may keep it for ever.
  app.get('/assets/waymark-:hash.css', asset(), (_request, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=31536000, immutable').send(stylesheet.css),
  );
  // Only reply.sendFile is needed: the stylesheet refers to no GOV.UK images or fonts.
  await app.register(staticFiles, { root: `${govukDist}/govuk`, serve: false });
  for (const [name, folder] of Object.entries(scripts)) {
    const root = path.join(projectRoot, folder);
    if (!fs.existsSync(path.join(root, name))) throw new Error(`The script ${folder}/${name} is missing.`);
    app.get(`/assets/${name}`, asset(), (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').sendFile(name, root),
    );
  }
  app.get('/assets/govuk-frontend.min.js', asset(), (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').sendFile('govuk-frontend.min.js', `${govukDist}/govuk`),
  );
}
