import { hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';

/**
 * A content-addressed cache that `npm run build` fills (scripts/build-cache.js) so the server
 * starts fast: the bundled YAML files pre-parsed to JSON, and the tenant-file validator compiled
 * ahead by ajv. Entries are named by the SHA-256 of their source, so a stale entry is never used:
 * an edited file simply misses the cache and is parsed as usual.
 */
export const buildCacheDir = (): string => path.join(packageRoot(), 'dist', 'cache');

export const cacheKey = (text: string): string => hash('sha256', text, 'hex');

const yamlEntry = (text: string, dir: string): string => path.join(dir, `yaml-${cacheKey(text)}.json`);

/** The parsed value of exactly this YAML text, if the build cached it. */
export function cachedYaml(text: string, dir: string = buildCacheDir()): unknown {
  try {
    return JSON.parse(fs.readFileSync(yamlEntry(text, dir), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function writeCachedYaml(text: string, value: unknown, dir: string = buildCacheDir()): string {
  const file = yamlEntry(text, dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}
