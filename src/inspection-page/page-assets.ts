import fs from 'node:fs';
import path from 'node:path';

/**
 * The inspection page's files, served by the package itself: no CDN, no build step. They sit
 * next to this module (`npm run build` copies `assets/` into `dist/`), are read on the first
 * request for the page, and kept. The Content-Security-Policy lets the page load only its own
 * files and talk only to this server.
 */
export interface PageAsset {
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: Buffer;
}

/** Request path below `/_mock/` -> file in `assets/`. */
const files: Readonly<Record<string, { file: string; type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
  'page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
};

export const pageAssetPaths: readonly string[] = Object.keys(files);

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * The page's files: `src/inspection-page/assets` (ts-jest), or its copy in
 * `dist/src/inspection-page/` (the built CLI), beside this module.
 */
export const pageAssetsFolder = (): string => path.join(__dirname, '..', 'inspection-page', 'assets');

/** A lookup of the page's files by path below `/_mock/`, loaded on first use. */
export function createPageAssets(folder: string = pageAssetsFolder()): (name: string) => PageAsset | undefined {
  let loaded: Map<string, PageAsset> | undefined;
  const load = (): Map<string, PageAsset> =>
    new Map(
      Object.entries(files).map(([name, { file, type }]) => {
        const body = fs.readFileSync(path.join(folder, file));
        return [name, { headers: { ...securityHeaders, 'Content-Type': type, 'Content-Length': body.length }, body }];
      }),
    );
  return (name) => {
    if (!(name in files)) return undefined;
    loaded ??= load();
    return loaded.get(name);
  };
}
