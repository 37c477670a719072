import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';

/**
 * A content-addressed cache that `npm run build` fills (scripts/build-cache.js) so the server
 * starts fast: the bundled YAML files pre-parsed to JSON, and the tenant-file validator compiled
 * ahead by ajv. Entries are named by a 128-bit hash of their source, so a stale entry is never
 * used: an edited file simply misses the cache and is parsed as usual.
 */
export const buildCacheDir = (): string => path.join(packageRoot(), 'dist', 'cache');

export const cacheKey = (text: string): string => contentHash(text);

/**
 * 128 bits of a text: four 32-bit FNV-1a lanes of different seeds, each mixed at the end. Not
 * for secrets; for naming cache entries, where SHA-256 cost the start-up node:crypto (6 ms).
 */
export function contentHash(text: string): string {
  const lanes = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    for (let lane = 0; lane < 4; lane++) lanes[lane] = Math.imul((lanes[lane] as number) ^ code, 0x01000193 + lane * 0x1000);
  }
  return lanes
    .map((lane) => {
      let h = lane;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, '0');
    })
    .join('');
}

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
