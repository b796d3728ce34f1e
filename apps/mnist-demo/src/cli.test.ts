/**
 * End-to-end tests of the MNIST trainer on the real MNIST files (../shared/datasets/mnist beside the
 * repository, or TYPETORCH_MNIST_DIR). The CLI runs in-process through `main(argv, io)`; one test
 * spawns a real process to check the exit code end to end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MNIST } from '@typetorch/data/node';
import { memory } from '@typetorch/tensor';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { bufferIo } from './io.js';

const here = dirname(fileURLToPath(import.meta.url));
const appDir = resolve(here, '..');
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnist-demo-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/**
 * Test image `i` (of `pixels`, 28x28 each) as a PNG, in one of four variants by `i % 4`: as is, black
 * ink on white paper (3x), blue ink on a light yellow page (5x), or 2x with an extra margin, off-centre.
 */
function digitPng(pixels: ArrayLike<number>, i: number): PNG {
  const variant = i % 4;
  const scale = [1, 3, 5, 2][variant];
  const size = 28 * scale + (variant === 3 ? 17 : 0); // variant 3: extra margin, off-centre
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = Math.floor(x / scale);
      const sy = Math.floor(y / scale);
      const v = sx < 28 && sy < 28 ? pixels[i * 784 + sy * 28 + sx] : 0;
      const o = 4 * (y * size + x);
      if (variant === 1) {
        // black ink on white paper
        png.data.set([255 - v, 255 - v, 255 - v, 255], o);
      } else if (variant === 2) {
        // blue ink on a light yellow page
        const t = v / 255;
        png.data.set(
          [Math.round(250 - 230 * t), Math.round(245 - 215 * t), Math.round(210 - 60 * t), 255],
          o,
        );
      } else {
        png.data.set([v, v, v, 255], o);
      }
    }
  }
  return png;
}

describe('train, eval, predict on the real MNIST files', () => {
  let checkpoint: string;
  let trainAccuracy: number;

  it('train --limit 6000 --epochs 1 reaches > 90% test accuracy on the 10k test set and saves', async () => {
    checkpoint = join(tmp, 'mlp.safetensors');
    const { code, stdout, stderr } = await run(
      'train',
      '--data',
      DATA,
      '--limit',
      '6000',
      '--epochs',
      '1',
      '--save',
      checkpoint,
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.map((l) => l.event)).toEqual(['config', 'epoch', 'result']);
    const result = lines[2];
    expect(result.total).toBe(10000);
    expect(result.testAccuracy as number).toBeGreaterThan(0.9);
    expect(result.checkpoint).toBe(checkpoint);
    expect((result.confusion as number[][]).flat().reduce((a, b) => a + b)).toBe(10000);
    expect(result.perClassAccuracy as number[]).toHaveLength(10);
    trainAccuracy = result.testAccuracy as number;
    expect(existsSync(checkpoint)).toBe(true);
  });

  it('eval --load gives the identical accuracy', async () => {
    const { code, stdout, stderr } = await run('eval', '--load', checkpoint, '--data', DATA, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [line] = jsonLines(stdout);
    expect(line.event).toBe('eval');
    expect(line.model).toBe('mlp');
    expect(line.testAccuracy).toBe(trainAccuracy);
  });

  it('eval prints a human report with the per-class table and the confusion matrix', async () => {
    const { code, stdout } = await run('eval', '--load', checkpoint, '--data', DATA);
    expect(code).toBe(0);
    expect(stdout).toContain(`(${(100 * trainAccuracy).toFixed(2)}%)`);
    expect(stdout).toContain('per-class test accuracy');
    expect(stdout).toContain('confusion matrix');
  });

  it('predict classifies PNGs made from test images (any size, colour, polarity)', async () => {
    const test = await MNIST.load(DATA, { train: false });
    const files: string[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 12; i++) {
      const file = join(tmp, `digit-${i}.png`);
      await writeFile(file, PNG.sync.write(digitPng(test.pixels, i)));
      files.push(file);
      labels.push(test.labels[i]);
    }
    const { code, stdout, stderr } = await run('predict', '--load', checkpoint, ...files, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines).toHaveLength(files.length);
    let right = 0;
    lines.forEach((line, n) => {
      const top = line.top as { class: number; probability: number }[];
      expect(top).toHaveLength(3);
      expect(top[0].probability).toBeGreaterThanOrEqual(top[1].probability);
      if (top[0].class === labels[n]) right++;
    });
    expect(right).toBeGreaterThanOrEqual(11);
  });

  it('--no-normalize is recorded in the checkpoint, so eval feeds the same inputs', async () => {
    const raw = join(tmp, 'raw.safetensors');
    const args = ['--data', DATA, '--limit', '2000', '--epochs', '1', '--no-normalize', '--json'];
    const trained = await run('train', ...args, '--save', raw);
    expect(trained.code).toBe(0);
    const config = jsonLines(trained.stdout)[0];
    expect(config.normalize).toBe(false);
    const result = jsonLines(trained.stdout).at(-1)!;
    const evaluated = await run('eval', '--load', raw, '--data', DATA, '--json');
    expect(evaluated.code).toBe(0);
    expect(jsonLines(evaluated.stdout)[0].testAccuracy).toBe(result.testAccuracy);
  });

  it('a checkpoint that does not fit the model: exit 2 naming the keys and shapes', async () => {
    const { code, stderr } = await run('eval', '--load', checkpoint, '--model', 'cnn', '--data', DATA);
    expect(code).toBe(2);
    expect(stderr).toContain('does not fit the cnn model');
    expect(stderr).toContain('Missing key(s) in state_dict: "conv1.weight"');
    expect(stderr).toContain('Unexpected key(s) in state_dict: "fc3.bias", "fc3.weight"');
    expect(stderr).toContain('size mismatch for fc1.weight');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a corrupt checkpoint: exit 2', async () => {
    const bad = join(tmp, 'bad.safetensors');
    const bytes = await readFile(checkpoint);
    await writeFile(bad, bytes.subarray(0, 1000));
    const { code, stderr } = await run('eval', '--load', bad, '--data', DATA);
    expect(code).toBe(2);
    expect(stderr).toContain('is not a valid safetensors checkpoint');
    const missing = await run('eval', '--load', join(tmp, 'nope.safetensors'), '--data', DATA);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });
});

describe('determinism and memory', () => {
  it('the same seed gives identical numbers, and a run leaves no tensor behind', async () => {
    const before = memory('cpu').numTensors;
    const args = ['--data', DATA, '--limit', '1000', '--iterations', '8', '--seed', '7', '--json'];
    const a = await run(...args);
    const after = memory('cpu').numTensors;
    const b = await run(...args);
    expect(a.code).toBe(0);
    const strip = (out: string) => jsonLines(out).map(({ seconds, samplesPerSecond, ...rest }) => rest);
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
    expect(after).toBeLessThanOrEqual(before);
  });
});

describe('summary and help', () => {
  it('summary prints the model as PyTorch does, with the parameter count', async () => {
    const mlp = await run('summary');
    expect(mlp.code).toBe(0);
    expect(mlp.stdout).toContain('(fc1): Linear(in_features=784, out_features=512, bias=True)');
    expect(mlp.stdout).toContain('Total params: 669,706');
    const cnn = await run('summary', '--model', 'cnn', '--json');
    const [line] = jsonLines(cnn.stdout);
    expect(line.total).toBe(1199882);
    expect(line.repr).toContain('(conv1): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))');
  });

  it('--help lists every option with its default', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const option of [
      '--model',
      '--epochs',
      '--batch-size',
      '--lr',
      '--optimizer',
      '--scheduler',
      '--device',
      '--dataset',
      '--seed',
      '--limit',
      '--save',
      '--json',
      '--preset',
      '--data',
    ]) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain('default: "adam"');
    expect(stdout).toContain('eval');
    expect(stdout).toContain('predict');
  });
});

describe('bad input: a clear message and exit code 2', () => {
  it('an unknown option', async () => {
    const { code, stderr } = await run('--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--frobnicate'");
  });

  it('a bad option value', async () => {
    const epochs = await run('--epochs', 'many');
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toContain('--epochs must be a positive integer');
    const model = await run('--model', 'resnet');
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('Allowed choices are mlp, cnn');
  });

  it('a missing data directory says where to point or how to download', async () => {
    const dir = join(tmp, 'no-such-dir');
    const { code, stderr } = await run('--data', dir);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read the MNIST data');
    expect(stderr).toContain('were not found');
    expect(stderr).toContain('leave both out to download');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a corrupt data file names the file', async () => {
    const dir = join(tmp, 'corrupt');
    await rm(dir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    for (const f of [
      'train-labels-idx1-ubyte.gz',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
    ]) {
      await copyFile(join(DATA, f), join(dir, f));
    }
    const images = await readFile(join(DATA, 'train-images-idx3-ubyte.gz'));
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), images.subarray(0, 5000));
    const { code, stderr } = await run('--data', dir);
    expect(code).toBe(2);
    expect(stderr).toContain('train-images-idx3-ubyte.gz');
    expect(stderr).toMatch(/corrupt or truncated/);
  });

  it('--device webgpu without an adapter, in a real process: exit code 2 and no stack trace', () => {
    const tsx = join(appDir, 'node_modules', '.bin', 'tsx');
    // No Vulkan driver at all: Dawn finds no adapter.
    const env = { ...process.env, VK_DRIVER_FILES: join(tmp, 'no-such-driver.json') };
    const r = spawnSync(tsx, ['--conditions=@typetorch/source', 'src/bin.ts', '--device', 'webgpu'], {
      cwd: appDir,
      encoding: 'utf8',
      env,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--device webgpu: no WebGPU adapter was found');
    expect(r.stderr).toContain('VK_DRIVER_FILES');
    // No JavaScript stack trace (Dawn's own Vulkan warnings name C++ frames, `at Fn (file.cpp:106)`).
    expect(r.stderr).not.toMatch(/\n\s+at .*\.[cm]?[jt]s:\d+:\d+\)?\n/);
  });
});
