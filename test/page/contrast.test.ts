import fs from 'node:fs';
import path from 'node:path';

// The page's colours, light and dark, against WCAG 2.1 contrast minimums (4.5:1 for text).

const css = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'inspection-page', 'assets', 'page.css'), 'utf8');

/** The custom properties of the first `:root { ... }` after `from` in the stylesheet. */
function palette(from: number): Record<string, string> {
  const start = css.indexOf(':root', from);
  const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((match) => [match[1] as string, match[2] as string]));
}

const schemes = { light: palette(0), dark: palette(css.indexOf('prefers-color-scheme: dark')) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const pairs = [
  ['fg', 'bg'],
  ['fg', 'panel'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['ok', 'bg'],
  ['bad', 'bg'],
  ['accent-fg', 'accent'],
  ['focus', 'bg'],
] as const;

test.each((['light', 'dark'] as const).flatMap((scheme) => pairs.map(([text, back]) => [scheme, text, back] as const)))(
  '%s: --%s on --%s is at least 4.5:1',
  (scheme, text, back) => {
    const colours = schemes[scheme];
    expect(colours[text]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(colours[back]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(contrast(colours[text] as string, colours[back] as string)).toBeGreaterThanOrEqual(4.5);
  },
);
