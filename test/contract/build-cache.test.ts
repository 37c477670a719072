import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, cachedYaml, defaultSpecPath, parseYaml, writeCachedYaml } from '../../src/contract';
import { cachedValid, writeCachedValid } from '../../src/contract/build-cache';
import { defaultTenantFile, parseTenantText } from '../../src/tenant';
import { tenantFileKind } from '../../src/tenant/tenant-file';
import { loadTenantValidator } from '../../src/tenant/tenant-validator';
import { tenantFileSchema, tenantSchemaKey } from '../../src/tenant/tenant-schema';

// The build cache only saves start-up time: what it returns must equal what parsing returns.

test.each([
  ['the spec', defaultSpecPath()],
  ['the default tenant', defaultTenantFile()],
])('a cached YAML entry equals the parse of %s, and an edited text misses the cache', (_label, file) => {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parseYaml(text);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-cache-'));
  const written = writeCachedYaml(text, parsed, dir);
  expect(path.basename(written)).toBe(`yaml-${cacheKey(text)}.json`);
  expect(cachedYaml(text, dir)).toEqual(parsed);
  expect(cachedYaml(`${text}\n# edited\n`, dir)).toBeUndefined();
});

test('the precompiled tenant validator (when built) judges like a freshly compiled one', () => {
  const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
  const fresh = new Ajv2020({ strict: true, allErrors: true, verbose: true }).compile(tenantFileSchema);
  const loaded = loadTenantValidator();
  const good = parseYaml(fs.readFileSync(defaultTenantFile(), 'utf8'));
  const samples: unknown[] = [
    good,
    {},
    { ...(good as object), extra: 1 },
    { apiKeys: [{ name: 'a', referenceId: 'short', activated: 'no' }], webhooks: [], actions: [] },
  ];
  for (const sample of samples) {
    expect(loaded(sample)).toBe(fresh(sample));
    expect((loaded.errors ?? []).map((e) => [e.instancePath, e.keyword])).toEqual(
      (fresh.errors ?? []).map((e) => [e.instancePath, e.keyword]),
    );
  }
});

test('the default tenant loads the same from the cache as from YAML', () => {
  const text = fs.readFileSync(defaultTenantFile(), 'utf8');
  const viaCache = parseTenantText(text, 'tenant.yaml');
  const viaYaml = parseTenantText(`${text}\n# not in any cache\n`, 'tenant.yaml');
  expect(viaCache).toEqual(viaYaml);
});

test('a text the build marked valid is found; an edited text, another schema or a mark of another text is not', () => {
  const text = fs.readFileSync(defaultTenantFile(), 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-cache-'));
  const schema = tenantSchemaKey();
  expect(cachedValid(tenantFileKind, schema, text, dir)).toBe(false);
  const mark = writeCachedValid(tenantFileKind, schema, text, dir);
  expect(cachedValid(tenantFileKind, schema, text, dir)).toBe(true);
  expect(cachedValid(tenantFileKind, schema, `${text} `, dir)).toBe(false);
  expect(cachedValid(tenantFileKind, cacheKey('another schema'), text, dir)).toBe(false);
  expect(cachedValid('another-kind', schema, text, dir)).toBe(false);
  // A text whose hash names the same mark (a collision, by chance or by craft) is not that text.
  fs.writeFileSync(mark, `${text}# another text\n`);
  expect(cachedValid(tenantFileKind, schema, text, dir)).toBe(false);
});

test('a YAML entry is used only for the very text it was made from, whatever its name', () => {
  const text = fs.readFileSync(defaultTenantFile(), 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-cache-'));
  const entry = writeCachedYaml(text, parseYaml(text), dir);
  // What a colliding text would find under its name: another source.
  fs.writeFileSync(entry, JSON.stringify({ source: `${text}# another text\n`, value: { apiKeys: [] } }));
  expect(cachedYaml(text, dir)).toBeUndefined();
  fs.writeFileSync(entry, JSON.stringify({ apiKeys: [] })); // an entry of the old format, with no source
  expect(cachedYaml(text, dir)).toBeUndefined();
});

test('the build marked the bundled tenant file valid under the current schema (so the start skips the validator)', () => {
  const built = path.resolve(__dirname, '../../dist/cache');
  expect(cachedValid(tenantFileKind, tenantSchemaKey(), fs.readFileSync(defaultTenantFile(), 'utf8'), built)).toBe(true);
});

test('texts that differ by a byte, a zero byte, their order or their encoding get different keys', () => {
  const texts = [
    '',
    'a',
    'a\u0000',
    'a\u0000\u0000\u0000',
    'ab',
    'ba',
    'abcd',
    'abcde',
    'é',
    'e\u0301',
    '\u{1F600}',
    'x'.repeat(4096),
    `${'x'.repeat(4095)}y`,
  ];
  const keys = texts.map(cacheKey);
  expect(new Set(keys).size).toBe(texts.length);
  for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  expect(cacheKey('same text')).toBe(cacheKey('same text'));
});
