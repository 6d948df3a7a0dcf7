// An article's cover image, made ready to serve: only JPEG, PNG or WebP is taken, at most 5 MB, and what is
// kept is a new JPEG at most 1200 pixels wide with none of the original's metadata (camera, place, time).
// Sharp writes no metadata unless asked, and the orientation is applied to the pixels first.
import sharp from 'sharp';

export const coverLimits = {
  maxBytes: 5 * 1024 * 1024,
  limitText: '5 MB',
  /** 40 megapixels (8,000 × 5,000): more is refused before it is decoded. */
  maxPixels: 40_000_000,
  width: 1200,
  altMax: 250,
} as const;

/** The rule in words, for the form's hint and every refusal. */
export const coverRule = `a JPEG, PNG or WebP image of ${coverLimits.limitText} or less`;

const accepted = new Set(['jpeg', 'png', 'webp']);

export type PreparedCover = { ok: true; image: Buffer; width: number; height: number } | { ok: false; problem: string };

export async function prepareCover(file: Buffer): Promise<PreparedCover> {
  if (file.length === 0) return { ok: false, problem: `Choose an image: ${coverRule}` };
  if (file.length > coverLimits.maxBytes) {
    return { ok: false, problem: `The image is too large: choose ${coverRule}` };
  }
  // Refused before decoding: a small file can unpack to an enormous image (a decompression bomb).
  const facts = await sharp(file)
    .metadata()
    .catch(() => undefined);
  if (!facts?.format || !accepted.has(facts.format)) {
    return { ok: false, problem: `The file is not an image Waymark takes: choose ${coverRule}` };
  }
  if ((facts.width ?? 0) * (facts.height ?? 0) > coverLimits.maxPixels) {
    return { ok: false, problem: `The image has too many pixels: choose one of at most 8,000 by 5,000, ${coverRule}` };
  }
  try {
    const { data, info } = await sharp(file, { failOn: 'error', limitInputPixels: coverLimits.maxPixels })
      .rotate()
      .resize({ width: coverLimits.width, withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, image: data, width: info.width, height: info.height };
  } catch {
    return { ok: false, problem: `The image could not be read: choose ${coverRule}` };
  }
}
