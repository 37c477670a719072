import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { findChromium, thisMachine } from './find-chromium';

/**
 * A Chromium driven by playwright-core (which one: ./find-chromium.ts; never a download), a fresh
 * profile per launch (playwright makes a new user-data-dir and removes it on close), nothing that
 * talks to Google, and a fresh browser context per page, so that closing a page closes every
 * socket it opened. No browser found is an error, never a skip.
 */
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  /** A page in a context of its own; `closePage` closes both. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium(thisMachine());
  if (!found.ok) throw new Error(found.message);
  const browser = await chromium.launch({ executablePath: found.path, headless: true, args });
  return {
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

/** Where screenshots go: artifacts for people to look at, not committed. */
export const screenshotDir = path.join(__dirname, '..', '..', 'reports', 'page');

/** A full-page screenshot of the state, once light and once dark; `height` fits a tall dialog. */
export async function screenshots(page: Page, state: string, height?: number): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const viewport = page.viewportSize();
  if (height !== undefined && viewport) await page.setViewportSize({ width: viewport.width, height });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(screenshotDir, `${state}-${colorScheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (height !== undefined && viewport) await page.setViewportSize(viewport);
}
