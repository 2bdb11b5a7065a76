import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';

// scripts/readme-images.mjs copies the e2e suite's screenshots into docs/images/ (run by .ci/run after the suite);
// here: what is committed agrees with it, so the README never shows a picture nothing regenerates.
describe('README pictures', () => {
  test('every image the README shows is an e2e screenshot listed in scripts/readme-images.mjs, at its size', async () => {
    const script = '../../../scripts/readme-images.mjs'; // a plain .mjs script: no types to import
    const { IMAGES, pngSize, readmeImages } = (await import(/* @vite-ignore */ script)) as {
      IMAGES: Record<string, [number, number]>;
      pngSize: (file: string) => [number, number];
      readmeImages: () => string[];
    };
    expect(readmeImages()).toEqual(Object.keys(IMAGES).sort());
    for (const [name, size] of Object.entries(IMAGES)) expect([name, pngSize(`docs/images/${name}`)]).toEqual([name, size]);
    expect(fs.readdirSync('docs/images').sort()).toEqual(Object.keys(IMAGES).sort());
  });

  test('every picture a walkthrough page shows is an e2e screenshot listed there, at its size', async () => {
    const script = '../../../scripts/readme-images.mjs';
    const { WALKTHROUGH_IMAGES, pngSize, walkthroughImages } = (await import(/* @vite-ignore */ script)) as {
      WALKTHROUGH_IMAGES: Record<string, [string, [number, number]]>;
      pngSize: (file: string) => [number, number];
      walkthroughImages: () => string[];
    };
    expect(walkthroughImages()).toEqual(Object.keys(WALKTHROUGH_IMAGES).sort());
    for (const [name, [, size]] of Object.entries(WALKTHROUGH_IMAGES)) expect([name, pngSize(`media/walkthrough/${name}`)]).toEqual([name, size]);
    expect(fs.readdirSync('media/walkthrough').filter((f) => f.endsWith('.png')).sort()).toEqual(Object.keys(WALKTHROUGH_IMAGES).sort());
  });
});
