/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it (`100,000`),
 * without Intl: the first locale call loads ICU's data, about 9 MB of resident memory that a
 * server would carry for one error message.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out === '' ? '' : `,${out}`);
  return n < 0 ? `-${out}` : out;
}
