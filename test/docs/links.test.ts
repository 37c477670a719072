/**
 * Every relative link in the README, CONTRIBUTING.md and docs/ reaches a file of the repository,
 * and every `#anchor` into a Markdown file names one of its headings (GitHub's slugs), so that a
 * section moved between the README and the guides cannot leave a link behind.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const documents = [
  'README.md',
  'CONTRIBUTING.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The text of a Markdown file without its fenced code blocks. */
function prose(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
}

function anchors(file: string): string[] {
  return [...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] as string));
}

/** Every relative link of `file` that does not resolve: its target, as written. */
function brokenLinks(file: string): string[] {
  const links = [...prose(file).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
  return links
    .filter((link) => !/^[a-z]+:/i.test(link))
    .filter((link) => {
      const [target = '', anchor] = link.split('#');
      const resolved = target === '' ? file : path.posix.join(path.posix.dirname(file), target);
      if (!fs.existsSync(path.join(root, resolved))) return true;
      return anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).includes(anchor);
    });
}

test.each([
  { heading: 'Call it in-process: the fetch handler', anchor: 'call-it-in-process-the-fetch-handler' },
  { heading: 'Security: what a web page on your laptop can reach', anchor: 'security-what-a-web-page-on-your-laptop-can-reach' },
  {
    heading: 'Generated clients: openapi-fetch, and tools that read OpenAPI 3.0',
    anchor: 'generated-clients-openapi-fetch-and-tools-that-read-openapi-30',
  },
])('the anchor of "$heading" is $anchor', ({ heading, anchor }) => {
  expect(slug(heading)).toBe(anchor);
});

test.each(documents)('every relative link and anchor in %s resolves', (file) => {
  expect(brokenLinks(file)).toEqual([]);
});
