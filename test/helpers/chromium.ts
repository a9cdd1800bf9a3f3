/**
 * Headless Chromium for the browser tests: Debian's package at /usr/bin/chromium
 * (scripts/install-browser.sh), launched offline-quiet, and the folder screenshots go to
 * (test-artifacts/, kept by CI).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/** Launches headless Chromium (a clear error when it is not installed) and makes sure ARTIFACTS exists. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "sudo bash scripts/install-browser.sh" (installs Debian's chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
