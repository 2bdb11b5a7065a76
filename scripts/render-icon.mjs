// Renders media/icon.svg to media/icon.png (128×128) with the system Chromium; run after editing the SVG.
import * as fs from 'node:fs';
import { chromium } from 'playwright-core';

const svg = fs.readFileSync('media/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: 'media/icon.png', omitBackground: true });
await browser.close();
console.log('wrote media/icon.png');
