/**
 * Keeps CONTRIBUTING.md's worked example ("Adding an op": `log2`) true: the op appears in exactly the
 * source files the guide lists, so adding a simple unary op really touches only those. Source files
 * are the repo's TypeScript and Python outside tests, fixtures and build output. Not counted:
 * `Math.log2` (JavaScript's own) and WGSL's built-in `log2(` inside backend-webgpu's wgsl/ helpers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const guide = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');

/** The files the worked example lists: the backticked paths of its numbered steps. */
function listedFiles(): string[] {
  const start = guide.indexOf('**Worked example: `log2`');
  const end = guide.indexOf('**Any other op:**');
  expect(start, 'CONTRIBUTING.md has the worked example').toBeGreaterThan(0);
  const section = guide.slice(start, end);
  const steps = section.split('\n').filter((l) => /^\d\. /.test(l));
  return steps.map((l) => {
    const path = /`((?:packages|scripts)\/[^`]+\.(?:ts|py))`/.exec(l);
    expect(path, `step without a file: ${l}`).not.toBeNull();
    return path![1];
  });
}

/** Source files (tracked by git) that mention the op `log2`. */
function filesMentioningLog2(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => /\.(ts|py)$/.test(f))
    .filter((f) => !/\.test\.ts$|\/fixtures\/|\/dist\/|node_modules/.test(f));
  return tracked.filter((f) => {
    let text: string;
    try {
      text = readFileSync(join(root, f), 'utf8');
    } catch {
      return false; // deleted in the work tree
    }
    const mentions = text.replace(/Math\.log2\b/g, '');
    if (f.includes('backend-webgpu/src/wgsl/')) return /['"]log2['"]/.test(mentions);
    return /\blog2\b/.test(mentions);
  });
}

describe("CONTRIBUTING.md's worked example", () => {
  it('lists five files', () => expect(listedFiles()).toHaveLength(5));

  it('names exactly the source files where log2 is defined', () => {
    expect(filesMentioningLog2().sort()).toEqual(listedFiles().sort());
  });

  it("quotes each step's code as it is in its file", () => {
    const section = guide.slice(guide.indexOf('**Worked example'), guide.indexOf('**Any other op:**'));
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    const files = listedFiles();
    expect(blocks).toHaveLength(4);
    blocks.forEach((block, i) => {
      const source = readFileSync(join(root, files[i]), 'utf8').replace(/\s+/g, ' ');
      for (const line of block.split('\n'))
        expect(source, files[i]).toContain(line.trim().replace(/\s+/g, ' '));
    });
  });
});
