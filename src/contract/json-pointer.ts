/**
 * RFC 6901 JSON pointers, the one decoder and encoder of the project: field mappings of the tenant
 * file, `$ref`s of the spec, the places the contract differ and the data-file loader name.
 */

/** The reference tokens of a pointer (`/a~1b/0` -> ['a/b', '0']); '' is the whole document. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One key as a reference token (`a/b` -> `a~1b`). */
export function escapeToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
