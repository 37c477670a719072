#!/usr/bin/env node
// `npm run generate` writes openapi/webhooks.openapi-3.0.yaml, an OpenAPI 3.0.3 rendering of the
// 3.1 source for tools that read only 3.0 (swagger-mock-validator, PactFlow's bi-directional
// checks, older generators); `npm run generate:check` (`--check`) fails when the committed file is
// not what the source renders to. The 3.1 file stays the contract (docs/decisions.md #28).
//
// What changes, and what 3.0 cannot say (the notes are written into the rendering itself):
//   const: X                      -> enum: [X] (the same constraint)
//   type: [T, 'null']             -> type: T, nullable: true
//   examples: [a, ...] (schema)   -> example: a
//   exclusiveMinimum: n           -> minimum: n, exclusiveMinimum: true (and the maximum alike)
//   a schema $ref with siblings   -> allOf: [{ $ref }] beside them (3.0 ignores a $ref's siblings)
//   info.summary                  -> the first paragraph of info.description
//   license.identifier            -> license.url (the SPDX page)
//   keywords 3.0 lacks            -> dropped, each named in the notes
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'openapi/webhooks.yaml');
const target = path.join(root, 'openapi/webhooks.openapi-3.0.yaml');

const header = [
  '# GENERATED FILE, DO NOT EDIT. Source: openapi/webhooks.yaml (OpenAPI 3.1), the contract.',
  '# An OpenAPI 3.0.3 rendering for tools that read only 3.0. Regenerate with `npm run generate`;',
  '# `npm run generate:check` fails when it is stale. What 3.0 cannot say is listed in info.description.',
  '',
].join('\n');

/** JSON Schema 2020-12 keywords with no OpenAPI 3.0 equivalent: dropped and noted. */
const unsupported = [
  '$schema',
  '$id',
  '$anchor',
  '$comment',
  '$defs',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
  'prefixItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentSchemas',
  'dependentRequired',
  'propertyNames',
  'if',
  'then',
  'else',
];

/** Members of a schema that hold schemas. */
const schemaMaps = ['properties', 'patternProperties'];
const schemaLists = ['allOf', 'anyOf', 'oneOf'];
const schemaValues = ['items', 'not', 'additionalProperties'];

/** The 3.0.3 rendering of a 3.1 document (parsed), with the notes of what it could not say. */
function render(document) {
  const notes = new Set();
  const out = structuredClone(document);
  out.openapi = '3.0.3';
  if (out.info?.summary !== undefined) {
    out.info.description = `${out.info.summary}\n\n${out.info.description ?? ''}`;
    delete out.info.summary;
  }
  if (out.info?.license?.identifier !== undefined) {
    out.info.license = { name: out.info.license.name, url: `https://spdx.org/licenses/${out.info.license.identifier}.html` };
  }
  for (const member of ['jsonSchemaDialect', 'webhooks']) {
    if (out[member] !== undefined) {
      delete out[member];
      notes.add(`\`${member}\` (OpenAPI 3.1 only) is left out.`);
    }
  }
  if (out.components?.pathItems !== undefined) {
    delete out.components.pathItems;
    notes.add('`components.pathItems` (OpenAPI 3.1 only) is left out.');
  }
  walk(out, (node, key) => (key === 'schema' || key === 'schemas-entry' ? schema(node, notes) : node));
  const said = [...notes].sort();
  const paragraph = [
    'Rendered for OpenAPI 3.0.3 from the 3.1 source `openapi/webhooks.yaml`, which is the contract.',
    said.length === 0
      ? 'Everything the source says is said here.'
      : `What OpenAPI 3.0 cannot say, and this rendering therefore leaves out:\n${said.map((note) => `- ${note}`).join('\n')}`,
  ].join(' ');
  out.info.description = `${(out.info.description ?? '').trimEnd()}\n\n${paragraph}\n`;
  out.info['x-rendered-from'] = 'openapi/webhooks.yaml (OpenAPI 3.1.0)';
  return out;
}

/** Visits every Schema object of the document (under `schema` and `components.schemas`). */
function walk(node, visit) {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      node[index] = walk(item, visit);
    });
    return node;
  }
  if (node === null || typeof node !== 'object') return node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'schemas' && value && typeof value === 'object') {
      for (const name of Object.keys(value)) value[name] = visit(value[name], 'schemas-entry');
    } else if (key === 'schema') {
      node[key] = visit(value, 'schema');
    } else {
      node[key] = walk(value, visit);
    }
  }
  return node;
}

/** One schema and the schemas inside it, in 3.0's dialect. */
function schema(node, notes) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = { ...node };
  if ('const' in out) {
    out.enum = [out.const];
    delete out.const;
  }
  if (Array.isArray(out.type)) {
    const types = out.type.filter((type) => type !== 'null');
    if (types.length === 1) {
      out.type = types[0];
      if (types.length < node.type.length) out.nullable = true;
    } else {
      notes.add(`a schema of several types (${node.type.join(', ')}) is left untyped.`);
      delete out.type;
    }
  }
  if (Array.isArray(out.examples)) {
    if (out.examples.length > 0) out.example = out.examples[0];
    delete out.examples;
  }
  for (const [bound, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ]) {
    if (typeof out[bound] === 'number') {
      out[inclusive] = out[bound];
      out[bound] = true;
    }
  }
  for (const keyword of unsupported) {
    if (keyword in out) {
      notes.add(`\`${keyword}\` (JSON Schema 2020-12), as in ${describe(node, keyword)}.`);
      delete out[keyword];
    }
  }
  for (const member of schemaMaps) {
    if (out[member] && typeof out[member] === 'object') {
      out[member] = Object.fromEntries(Object.entries(out[member]).map(([name, value]) => [name, schema(value, notes)]));
    }
  }
  for (const member of schemaLists) {
    if (Array.isArray(out[member])) out[member] = out[member].map((value) => schema(value, notes));
  }
  for (const member of schemaValues) {
    if (out[member] && typeof out[member] === 'object') out[member] = schema(out[member], notes);
  }
  const siblings = Object.keys(out).filter((key) => key !== '$ref' && !key.startsWith('x-'));
  if (typeof out.$ref === 'string' && siblings.length > 0) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

/** Where a dropped keyword was, for the note: the schema's title, else its value. */
function describe(node, keyword) {
  const value = JSON.stringify(node[keyword]);
  return node.title ? `\`${node.title}\` (\`${keyword}: ${value}\`)` : `\`${keyword}: ${value}\``;
}

/** The rendering's full text, header included. */
function renderText(sourceText) {
  const rendered = render(YAML.parse(sourceText));
  return header + YAML.stringify(rendered, { lineWidth: 0, aliasDuplicateObjects: false });
}

if (require.main === module) {
  const text = renderText(fs.readFileSync(source, 'utf8'));
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (committed !== text) {
      console.error(
        `${path.relative(root, target)} is ${committed === undefined ? 'missing' : 'stale'}: ` +
          'openapi/webhooks.yaml changed since it was rendered. Run `npm run generate` and commit the result.',
      );
      process.exit(1);
    }
    console.log('the OpenAPI 3.0 rendering is up to date');
  } else {
    fs.writeFileSync(target, text);
  }
}

module.exports = { render, renderText, target };
