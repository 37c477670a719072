import { type ChromiumSearch, findChromium, packagedChromium, systemChromiumPaths } from './find-chromium';

// Which browser the page tests drive, on machines this one is not: the search with its world
// (environment, platform, files, the packaged Chromium) given.

const packagedPath = '/tmp/chromium';

function search(files: readonly string[], env: ChromiumSearch['env'] = {}, platform: NodeJS.Platform = 'linux', packaged = true) {
  const asked: string[] = [];
  const world: ChromiumSearch = {
    env,
    platform,
    exists: (file) => files.includes(file),
    packaged: async () => {
      asked.push('packaged');
      return packaged ? packagedPath : undefined;
    },
  };
  return { world, asked };
}

test.each([
  [
    'CHROMIUM_PATH first',
    ['/opt/a', '/opt/b', '/usr/bin/chromium'],
    { CHROMIUM_PATH: '/opt/a', CHROME_PATH: '/opt/b' },
    '/opt/a',
    'CHROMIUM_PATH',
  ],
  [
    'then CHROME_PATH',
    ['/opt/b', '/usr/bin/chromium'],
    { CHROME_PATH: '/opt/b', PUPPETEER_EXECUTABLE_PATH: '/opt/c' },
    '/opt/b',
    'CHROME_PATH',
  ],
  [
    'then PUPPETEER_EXECUTABLE_PATH',
    ['/opt/c', '/usr/bin/chromium'],
    { PUPPETEER_EXECUTABLE_PATH: '/opt/c' },
    '/opt/c',
    'PUPPETEER_EXECUTABLE_PATH',
  ],
  ['an empty variable is unset', ['/usr/bin/chromium'], { CHROMIUM_PATH: '' }, '/usr/bin/chromium', 'the system'],
  ["then Debian's Chromium", ['/usr/bin/chromium', '/usr/bin/google-chrome'], {}, '/usr/bin/chromium', 'the system'],
  ["then Ubuntu's", ['/usr/bin/chromium-browser', '/usr/bin/google-chrome'], {}, '/usr/bin/chromium-browser', 'the system'],
  ['then Chrome', ['/usr/bin/google-chrome'], {}, '/usr/bin/google-chrome', 'the system'],
  ['then the packaged one', [], {}, packagedPath, '@sparticuz/chromium'],
])('Linux: %s', async (_name, files, env, path, from) => {
  const { world } = search(files, env);
  expect(await findChromium(world)).toEqual({ ok: true, path, from });
});

test('the packaged Chromium is not unpacked while another is found', async () => {
  const { world, asked } = search(['/usr/bin/chromium'], { CHROMIUM_PATH: '' });
  await findChromium(world);
  expect(asked).toEqual([]);
});

test.each([
  ['CHROMIUM_PATH', { CHROMIUM_PATH: '/nowhere/chromium' }],
  ['CHROME_PATH', { CHROME_PATH: '/nowhere/chrome' }],
])('%s set to a missing file is an error naming it (not a quiet fall-back)', async (name, env) => {
  const { world } = search(['/usr/bin/chromium'], env);
  const found = await findChromium(world);
  expect(found.ok).toBe(false);
  if (!found.ok) expect(found.message).toMatch(new RegExp(`^${name} is set to /nowhere/\\w+, which does not exist: .*unset it$`));
});

test('nothing found: an error that says what to do', async () => {
  const { world } = search([], {}, 'linux', false);
  const found = await findChromium(world);
  expect(found).toEqual({ ok: false, message: expect.stringContaining('set CHROMIUM_PATH') });
});

test.each([
  ['darwin', {}, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  ['win32', { PROGRAMFILES: 'C:\\Program Files' }, 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'],
  ['win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'],
] as const)('%s: the system Chrome at its usual place', async (platform, env, path) => {
  expect(systemChromiumPaths(platform, env)).toContain(path);
  const { world } = search([path], env, platform, false);
  expect(await findChromium(world)).toEqual({ ok: true, path, from: 'the system' });
});

test('macOS prefers Chromium to Chrome', () => {
  expect(systemChromiumPaths('darwin', {})[0]).toBe('/Applications/Chromium.app/Contents/MacOS/Chromium');
});

test.each([
  ['darwin', 'arm64'],
  ['win32', 'x64'],
  ['linux', 'ia32'],
] as const)('the packaged Chromium is not offered on %s %s (it runs on Linux x64 and arm64 only)', async (platform, arch) => {
  expect(await packagedChromium(platform, arch)).toBeUndefined();
});
