import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder holding this package's package.json, whether running from `src/` (ts-jest) or from
 * `dist/src/` (the built CLI). Found by walking up from this file.
 */
export function packageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'openapi'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package root not found above ${start}`);
    dir = parent;
  }
}

/** The contract every other part of the product is derived from. */
export const defaultSpecPath = (): string => path.join(packageRoot(), 'openapi', 'webhooks.yaml');
