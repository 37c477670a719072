import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSpecPath, packageRoot, parseYaml } from '../../src/contract';
import { prebuiltValidatorFile, prebuiltYaml, prebuiltYamlFile } from '../../src/contract/prebuilt';
import { defaultTenantFile } from '../../src/tenant/default-tenant';
import { tenantFileSchema } from '../../src/tenant/tenant-schema';
import { loadTenantValidator, tenantValidatorCode } from '../../src/tenant/tenant-validator';

// What `npm run build` writes into dist/prebuilt/ (scripts/build.js) and the start reads back: an
// artefact is used for exactly the source it was made from, never for an edited one.

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'ism-prebuilt-'));
const specText = fs.readFileSync(defaultSpecPath(), 'utf8');
const tenantText = fs.readFileSync(defaultTenantFile(), 'utf8');

function writeYamlEntries(entries: unknown): string {
  const file = prebuiltYamlFile(tempDir());
  fs.writeFileSync(file, JSON.stringify(entries));
  return file;
}

test('a pre-parsed YAML text is found by its whole text, each among the others', () => {
  const file = writeYamlEntries([specText, tenantText].map((source) => ({ source, value: parseYaml(source) })));
  expect(prebuiltYaml(specText, file)).toEqual(parseYaml(specText));
  expect(prebuiltYaml(tenantText, file)).toEqual(parseYaml(tenantText));
});

test.each([
  ['an edited spec', `${specText}\n# edited\n`],
  ['a spec one byte shorter', specText.slice(0, -1)],
  ['an edited tenant file', tenantText.replace('apiKeys', 'apiKeys ')],
  ['an empty text', ''],
])('%s is not answered from the pre-parsed texts', (_name, text) => {
  const file = writeYamlEntries([specText, tenantText].map((source) => ({ source, value: parseYaml(source) })));
  expect(prebuiltYaml(text, file)).toBeUndefined();
});

test.each([
  ['no file', undefined],
  ['a file that is not JSON', 'not json {'],
  ['a file that is not a list', JSON.stringify({ source: specText, value: {} })],
])('%s: nothing is pre-parsed (the text gets parsed as without a build)', (_name, content) => {
  const file = prebuiltYamlFile(tempDir());
  if (content !== undefined) fs.writeFileSync(file, content);
  expect(prebuiltYaml(specText, file)).toBeUndefined();
});

/** A validator file that accepts everything, compiled (it says) from `schemaSource`. */
function acceptAllValidator(schemaSource: string): string {
  const file = prebuiltValidatorFile(tempDir());
  fs.writeFileSync(file, `module.exports = () => true;\nmodule.exports.schemaSource = ${JSON.stringify(schemaSource)};\n`);
  return file;
}

test('the prebuilt validator is used when it was compiled from the current schema', () => {
  const validate = loadTenantValidator(acceptAllValidator(JSON.stringify(tenantFileSchema)));
  expect(validate({ not: 'a tenant file' })).toBe(true);
});

test('a validator compiled from another schema is not used: the current schema is compiled instead', () => {
  const stale = JSON.stringify({ ...tenantFileSchema, required: [] });
  const validate = loadTenantValidator(acceptAllValidator(stale));
  expect(validate({ not: 'a tenant file' })).toBe(false);
  expect(validate(parseYaml(tenantText))).toBe(true);
});

test('without a build the validator is compiled at start', () => {
  const validate = loadTenantValidator(prebuiltValidatorFile(tempDir()));
  expect(validate({ not: 'a tenant file' })).toBe(false);
  expect(validate(parseYaml(tenantText))).toBe(true);
});

test('the code the build writes is a validator of the current schema, and says so', () => {
  // Inside the package, as in dist/prebuilt/: the code requires ajv's runtime from node_modules.
  const reports = path.join(packageRoot(), 'reports');
  fs.mkdirSync(reports, { recursive: true });
  const file = prebuiltValidatorFile(fs.mkdtempSync(path.join(reports, 'prebuilt-')));
  fs.writeFileSync(file, tenantValidatorCode());
  const validate = require(file) as ((data: unknown) => boolean) & { schemaSource?: string };
  expect(validate.schemaSource).toBe(JSON.stringify(tenantFileSchema));
  expect(validate({ not: 'a tenant file' })).toBe(false);
  expect(validate(parseYaml(tenantText))).toBe(true);
  expect(loadTenantValidator(file)).toBe(validate);
});
