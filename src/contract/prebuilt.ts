import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';

/**
 * What `npm run build` computes ahead so the server starts without the YAML parser and without
 * compiling the tenant-file validator (about 240 ms of CPU): the bundled YAML files parsed to
 * JSON, and the validator as ajv standalone code. Found by fixed paths in `dist/prebuilt/`, no
 * hashing. Each artefact holds the source it was made from, and is used only when that source
 * equals, whole, the one in hand: an edited spec or tenant file, or a changed tenant schema,
 * is never answered from a stale artefact but computed as without a build.
 */
export const prebuiltDir = (): string => path.join(packageRoot(), 'dist', 'prebuilt');

/** The file of pre-parsed YAML texts: a list of `{ source, value }`. */
export const prebuiltYamlFile = (dir: string = prebuiltDir()): string => path.join(dir, 'yaml.json');

/** The compiled validator of tenant files (CommonJS; its `schemaSource` is the schema's JSON). */
export const prebuiltValidatorFile = (dir: string = prebuiltDir()): string => path.join(dir, 'tenant-file-validator.js');

export interface PrebuiltYaml {
  readonly source: string;
  readonly value: unknown;
}

/** The parsed value of exactly this YAML text, if the build parsed it; else undefined. */
export function prebuiltYaml(text: string, file: string = prebuiltYamlFile()): unknown {
  return readEntries(file).find((entry) => entry.source === text)?.value;
}

function readEntries(file: string): readonly PrebuiltYaml[] {
  try {
    const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(entries) ? (entries as PrebuiltYaml[]) : [];
  } catch {
    return [];
  }
}
