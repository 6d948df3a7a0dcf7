// Stylesheet and static assets: Waymark's Sass compiled once per version of its source, cached on disk.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  return createHash('sha256').update(fs.readFileSync(scssFile)).update(govukVersion).digest('hex').slice(0, 16);
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
