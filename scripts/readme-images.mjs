// Copies the README's and the walkthrough's pictures from the e2e suite's screenshots (test-output/readme-<name>.png
// and walkthrough-<name>.png, written by test/e2e/kedroLens.test.mjs, already cropped there) into docs/images/ and
// media/walkthrough/, so they show the UI as it is. Fails when the README or a walkthrough page
// (media/walkthrough/*.md) references an image that is not listed here, a listed image nothing uses, a screenshot that
// is missing, or one whose size differs from the one listed (the crop moved: look at it, then update).
//   node scripts/readme-images.mjs [--check]    # --check: compare only, copy nothing
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.resolve(process.env.E2E_OUTPUT_DIR ?? path.join(ROOT, 'test-output'));
const DEST = path.join(ROOT, 'docs', 'images');
const WALKTHROUGH = path.join(ROOT, 'media', 'walkthrough');

/** docs/images name → size of the e2e screenshot readme-<name>.png. */
// The suite also writes readme-profiler.png; it is not shown: its command line is the stand-in kedro's path on the
// machine that ran the suite.
export const IMAGES = {
  'problems-kl001.png': [1052, 640],
  'pipelines-view.png': [1352, 520],
  'pipeline-graph.png': [1052, 803],
};

/** media/walkthrough name → [the e2e screenshot it is, its size]. The walkthrough's media column is narrow: crops of
 * one view or one editor, so the point stays readable when scaled down. */
export const WALKTHROUGH_IMAGES = {
  'setup.png': ['walkthrough-setup.png', [300, 330]],
  'data.png': ['walkthrough-data.png', [300, 154]],
  'pipeline.png': ['readme-pipeline-graph.png', IMAGES['pipeline-graph.png']],
  'run.png': ['walkthrough-run.png', [560, 300]],
  'observe.png': ['walkthrough-observe.png', [1020, 201]],
  'package.png': ['walkthrough-package.png', [640, 340]],
  'serve.png': ['walkthrough-serve.png', [760, 228]],
};

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG' || b.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** Images under docs/images/ that README.md references. */
export function readmeImages(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')) {
  return [...new Set([...readme.matchAll(/\]\(docs\/images\/([^)\s]+)\)/g)].map((m) => m[1]))].sort();
}

/** Images the walkthrough's pages (media/walkthrough/*.md) show, relative to that folder. */
export function walkthroughImages(dir = WALKTHROUGH) {
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
  return [...new Set(pages.flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1])))].sort();
}

function main() {
  const check = process.argv.includes('--check');
  const problems = [];
  const used = readmeImages();
  for (const n of used) if (!(n in IMAGES)) problems.push(`README.md shows docs/images/${n}, which no e2e screenshot provides (add it to IMAGES)`);
  for (const n of Object.keys(IMAGES)) if (!used.includes(n)) problems.push(`docs/images/${n} is listed but README.md does not show it`);
  const inWalkthrough = walkthroughImages();
  for (const n of inWalkthrough) if (!(n in WALKTHROUGH_IMAGES)) problems.push(`media/walkthrough shows ${n}, which no e2e screenshot provides (add it to WALKTHROUGH_IMAGES)`);
  for (const n of Object.keys(WALKTHROUGH_IMAGES)) if (!inWalkthrough.includes(n)) problems.push(`media/walkthrough/${n} is listed but no walkthrough page shows it`);
  const copies = [
    ...Object.entries(IMAGES).map(([n, size]) => [`readme-${n}`, path.join(DEST, n), size]),
    ...Object.entries(WALKTHROUGH_IMAGES).map(([n, [shot, size]]) => [shot, path.join(WALKTHROUGH, n), size]),
  ];
  for (const [shot, , [w, h]] of copies) {
    const src = path.join(SRC, shot);
    if (!fs.existsSync(src)) {
      problems.push(`${path.relative(ROOT, src)} is missing: did the e2e suite run (bash test/e2e/run.sh)?`);
      continue;
    }
    const [sw, sh] = pngSize(src);
    if (sw !== w || sh !== h) problems.push(`${path.relative(ROOT, src)} is ${sw}×${sh}, ${w}×${h} is expected: look at it, then update the size in this script`);
  }
  if (problems.length) {
    for (const p of problems) console.error(`readme-images: ${p}`);
    process.exit(1);
  }
  // All or nothing: the README and the walkthrough never show a mix of old and new pictures.
  if (!check) for (const [shot, dest] of copies) fs.copyFileSync(path.join(SRC, shot), dest);
  console.log(`readme-images: ${copies.length} images ${check ? 'match' : 'copied into docs/images/ and media/walkthrough/'}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
