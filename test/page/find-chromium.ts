import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * Which Chromium the page tests drive, first found wins:
 * 1. a path in an environment variable: `CHROMIUM_PATH`, or what other tools' users already set,
 *    `CHROME_PATH` (chrome-launcher, Lighthouse) and `PUPPETEER_EXECUTABLE_PATH`; a path that does
 *    not exist is an error, not a reason to look further;
 * 2. the system's Chromium or Chrome at its usual place (Debian and Ubuntu, macOS, Windows);
 * 3. the Chromium that the devDependency `@sparticuz/chromium` carries inside its package
 *    (compressed; unpacked to the temporary folder on first use, Linux x64 and arm64 only; only
 *    its data is used, not its code).
 * Never a download.
 */
export const chromiumVariables = ['CHROMIUM_PATH', 'CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const;

export interface ChromiumSearch {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly exists: (file: string) => boolean;
  /** The path of the packaged Chromium, unpacked; undefined when the package cannot run here. */
  readonly packaged: () => Promise<string | undefined>;
}

export type FoundChromium =
  | { readonly ok: true; readonly path: string; readonly from: string }
  | { readonly ok: false; readonly message: string };

/** The usual places of a system Chromium or Chrome, in the order they are tried. */
export function systemChromiumPaths(platform: NodeJS.Platform, env: ChromiumSearch['env']): string[] {
  if (platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    return roots.map((root) => path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

export async function findChromium(search: ChromiumSearch): Promise<FoundChromium> {
  for (const name of chromiumVariables) {
    const value = search.env[name];
    if (value === undefined || value === '') continue;
    if (search.exists(value)) return { ok: true, path: value, from: name };
    return {
      ok: false,
      message: `${name} is set to ${value}, which does not exist: point it at a Chromium or Chrome executable, or unset it`,
    };
  }
  const system = systemChromiumPaths(search.platform, search.env).find((file) => search.exists(file));
  if (system !== undefined) return { ok: true, path: system, from: 'the system' };
  const packaged = await search.packaged();
  if (packaged !== undefined) return { ok: true, path: packaged, from: '@sparticuz/chromium' };
  return {
    ok: false,
    message: `no Chromium found: set CHROMIUM_PATH to a Chromium or Chrome executable, or install one (Debian: apt-get install -y chromium); the one in @sparticuz/chromium (npm ci installs it) runs on Linux x64 and arm64 only`,
  };
}

/**
 * The packaged Chromium (`@sparticuz/chromium`), where it can run: Linux on x64 or arm64. Its
 * executable is `bin/chromium.br` in the package (brotli); unpacked once into a folder of its own
 * under the temporary folder, named by the package's version. Written under another name and
 * renamed when whole, so a test file started at the same time, or a run stopped halfway, never
 * finds half a browser.
 */
export async function packagedChromium(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): Promise<string | undefined> {
  if (platform !== 'linux' || (arch !== 'x64' && arch !== 'arm64')) return undefined;
  // The package's main file is build/cjs/index.cjs: its root is two folders up.
  const packageDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const folder = path.join(os.tmpdir(), `ism-webhooks-chromium-${version}`);
  const executable = path.join(folder, 'chromium');
  if (fs.existsSync(executable)) return executable;
  fs.mkdirSync(folder, { recursive: true });
  const part = `${executable}.${process.pid}.part`;
  await pipeline(
    fs.createReadStream(path.join(packageDir, 'bin', 'chromium.br')),
    zlib.createBrotliDecompress(),
    fs.createWriteStream(part, { mode: 0o700 }),
  );
  fs.renameSync(part, executable);
  return executable;
}

/** The search on this machine. */
export const thisMachine = (): ChromiumSearch => ({
  env: process.env,
  platform: process.platform,
  exists: (file) => fs.existsSync(file),
  packaged: () => packagedChromium(),
});
