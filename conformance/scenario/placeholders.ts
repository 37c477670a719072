/**
 * Placeholders a scenario may use in its query and headers. They are filled from the run's
 * configuration, so the same scenario runs against the reference, a mock and a live tenant.
 */
export const placeholderNames = [
  'api-key',
  'deactivated-api-key',
  'incorrect-api-key',
  'extension',
  'extension-other-case',
  'extension-percent-encoded',
  'xml-extension',
  'tenant-host',
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

/** Values of the placeholders for one run; a missing one makes the scenarios that need it skip. */
export type PlaceholderValues = Readonly<Partial<Record<PlaceholderName, string>>>;

const pattern = /\{([a-z][a-z0-9-]*)\}/g;

/** Every `{name}` in a text, known or not (the loader reports the unknown ones). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] as string);
}

export function isPlaceholderName(name: string): name is PlaceholderName {
  return (placeholderNames as readonly string[]).includes(name);
}

export type Filled = { ok: true; text: string } | { ok: false; missing: PlaceholderName };

/** Replaces the placeholders of a text; `encode` is applied to each value (URL-encoding in a query). */
export function fillPlaceholders(
  text: string,
  values: PlaceholderValues,
  encode: (value: string, name: PlaceholderName) => string = (value) => value,
): Filled {
  for (const name of placeholdersIn(text)) {
    if (isPlaceholderName(name) && values[name] === undefined) return { ok: false, missing: name };
  }
  return {
    ok: true,
    text: text.replace(pattern, (whole, name: string) => (isPlaceholderName(name) ? encode(values[name] as string, name) : whole)),
  };
}

/** A wrong key that is not derived from the real one, so no output ever shows part of a real key. */
export const incorrectApiKey = 'C0FFEE00C0FFEE00C0FFEE00C0FFEE00';

/** The extension in another letter case: lower case, or upper case when it is already lower. */
export function otherLetterCase(extension: string): string | undefined {
  const lower = extension.toLowerCase();
  if (lower !== extension) return lower;
  const upper = extension.toUpperCase();
  return upper !== extension ? upper : undefined;
}

/** Every byte of the value's UTF-8 percent-encoded, letters and digits included (`MyTest` -> `%4D%79%54%65%73%74`). */
export function percentEncodeAll(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
