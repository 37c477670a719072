/** Helpers of the consumer test: child processes in a temporary project, the examples of the README and the guides. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * npm's own variables from the `npm test` that runs jest (the project's prefix, its package.json,
 * the lifecycle event) would point a nested npm at this repository; the cache and user config stay.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const kept = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || kept.has(name)));
}

export function run(file: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: consumerEnv(), maxBuffer: 16 * 1024 * 1024, timeout: 150_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const npm = (args: readonly string[], cwd: string): Promise<Run> => run('npm', args, cwd);

export async function git(cwd: string, args: readonly string[]): Promise<void> {
  const ran = await run('git', ['-c', 'user.name=consumer', '-c', 'user.email=consumer@example.com', ...args], cwd);
  if (ran.code !== 0) throw new Error(`git ${args.join(' ')}: ${ran.stderr}`);
}

/** The first ```ts (or ```sh) block after `heading` in the Markdown file `file` of the repository at `root`. */
export function docExample(root: string, file: string, heading: string, language: 'ts' | 'sh' = 'ts'): string {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const section = text.slice(text.indexOf(`\n${heading}\n`));
  const block = new RegExp(`\\n\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(section);
  if (!section.startsWith(`\n${heading}`) || !block?.[1]) throw new Error(`${file}: no \`\`\`${language} block under '${heading}'`);
  return `${block[1]}\n`;
}

/** The names a module exports, as `require()` or as `import()` sees them from `cwd`. */
export async function exportedNames(cwd: string, specifier: string, how: 'require' | 'import'): Promise<string[]> {
  const load = how === 'require' ? `Promise.resolve(require(${JSON.stringify(specifier)}))` : `import(${JSON.stringify(specifier)})`;
  const script = `${load}.then((m) => console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort())))`;
  const ran = await run(process.execPath, ['-e', script], cwd);
  if (ran.code !== 0) throw new Error(`${how} ${specifier}: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as string[];
}
