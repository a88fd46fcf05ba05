import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Where Debian puts its headless Chromium (package `chromium-headless-shell`;
 * the full `chromium` package works too). `PATHCREDIT_CHROMIUM` overrides.
 * Nothing is ever downloaded: playwright-core only drives a browser that is installed.
 */
export const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

/**
 * Flags for an offline machine, run as root: no sandbox (root), no GPU, and
 * none of Chromium's background connections (they would be refused here and
 * would show up as network activity).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

/** The browser, or why it could not start. */
export type LaunchResult = { readonly browser: Browser; readonly executable: string } | { readonly error: string };

/** The first installed Chromium executable, or null. */
export function findChromium(): string | null {
  const env = process.env.PATHCREDIT_CHROMIUM;
  if (env) return env;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Starts headless Chromium with playwright-core, or says why it could not. */
export async function launchChromium(): Promise<LaunchResult> {
  const executable = findChromium();
  if (executable === null) {
    return { error: `no Chromium found (looked for ${CHROMIUM_CANDIDATES.join(', ')}); install it with: apt-get install -y chromium-headless-shell` };
  }
  try {
    const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, timeout: 60_000 });
    return { browser, executable };
  } catch (err) {
    return { error: `${executable} did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}
