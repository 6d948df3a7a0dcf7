// A cover image: a small file that would unpack to a huge image is refused before it is decoded, with a
// message that says the limit; an ordinary one is re-encoded as a JPEG at most 1200 px wide.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareCover } from './cover.ts';

describe('a cover image', () => {
  it('refuses an image of more than 40 million pixels, however small its file', async () => {
    const huge = await sharp({ create: { width: 9000, height: 5000, channels: 3, background: '#0b5e55' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(huge.length).toBeLessThan(5 * 1024 * 1024);
    const prepared = await prepareCover(huge);
    expect(prepared).toEqual({
      ok: false,
      problem:
        'The image has too many pixels: choose one of at most 8,000 by 5,000, a JPEG, PNG or WebP image of 5 MB or less',
    });
  });

  it('takes an ordinary image and makes it a JPEG at most 1200 px wide', async () => {
    const photo = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#ffdd00' } })
      .png()
      .toBuffer();
    const prepared = await prepareCover(photo);
    expect(prepared.ok && [prepared.width, prepared.height]).toEqual([1200, 800]);
    expect(prepared.ok && (await sharp(prepared.image).metadata()).format).toBe('jpeg');
  });
});
