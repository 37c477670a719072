import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';

/**
 * A content-addressed cache that `npm run build` fills (scripts/build-cache.js) so the server
 * starts fast: the bundled YAML files pre-parsed to JSON, the tenant-file validator compiled
 * ahead by ajv, and a mark that the bundled tenant file passed it. Entries are named by a 128-bit
 * hash of their source, and those made from a text hold it and are used only for that very text,
 * so a stale entry is never used: an edited file simply misses the cache and is parsed as usual.
 */
export const buildCacheDir = (): string => path.join(packageRoot(), 'dist', 'cache');

export const cacheKey = (text: string): string => contentHash(text);

/**
 * 128 bits of a text: four 32-bit FNV-1a lanes of different seeds over its UTF-8 bytes taken four
 * at a time, the length folded in, each lane mixed at the end. Not for secrets; for naming cache
 * entries, where SHA-256 cost the start-up node:crypto (6 ms). A word at a time, because the start
 * hashes the 21 KB spec before any of this code is optimized: a character at a time took 6 to 8 ms.
 */
export function contentHash(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const padded = new Uint8Array((bytes.length + 3) & ~3);
  padded.set(bytes);
  const words = new Int32Array(padded.buffer);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let c = 0x9e3779b9;
  let d = 0x85ebca6b;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as number;
    a = Math.imul(a ^ word, 0x01000193);
    b = Math.imul(b ^ word, 0x01001193);
    c = Math.imul(c ^ word, 0x01002193);
    d = Math.imul(d ^ word, 0x01003193);
  }
  return [a, b, c, d]
    .map((lane) => {
      let h = lane ^ bytes.length;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, '0');
    })
    .join('');
}

const yamlEntry = (text: string, dir: string): string => path.join(dir, `yaml-${cacheKey(text)}.json`);

/**
 * The parsed value of exactly this YAML text, if the build cached it. The entry holds its source,
 * compared whole: the hash only names entries, so a text whose hash matches by chance, or by
 * craft, is a miss and gets parsed.
 */
export function cachedYaml(text: string, dir: string = buildCacheDir()): unknown {
  try {
    const entry = JSON.parse(fs.readFileSync(yamlEntry(text, dir), 'utf8')) as { source?: unknown; value?: unknown };
    return entry.source === text ? entry.value : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedYaml(text: string, value: unknown, dir: string = buildCacheDir()): string {
  const file = yamlEntry(text, dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ source: text, value }));
  return file;
}

const validEntry = (kind: string, schemaKey: string, text: string, dir: string): string =>
  path.join(dir, `valid-${kind}-${schemaKey}-${cacheKey(text)}`);

/**
 * Whether the build checked exactly this text against the `kind` schema named by `schemaKey` (the
 * hash of the schema) and found it valid (the bundled tenant file), so that the start need not
 * load the validator. The mark holds the text, compared whole, as a YAML entry does; a changed
 * schema has another key, so its texts are judged again.
 */
export function cachedValid(kind: string, schemaKey: string, text: string, dir: string = buildCacheDir()): boolean {
  try {
    return fs.readFileSync(validEntry(kind, schemaKey, text, dir), 'utf8') === text;
  } catch {
    return false;
  }
}

export function writeCachedValid(kind: string, schemaKey: string, text: string, dir: string = buildCacheDir()): string {
  const file = validEntry(kind, schemaKey, text, dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
