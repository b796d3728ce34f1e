// The port runs as upstream's scripts do, on a few short waves (CI); the full runs are in the README.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '@typetorch/nn/node';
import { manualSeed } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { main as generate, generateSineWave, OFFSETS } from './generate_sine_wave.js';
import { parseArgs, pyFloat, run, Sequence } from './train.js';

describe('examples/time_sequence_prediction (pytorch/examples time_sequence_prediction)', () => {
  it("generates upstream's sine waves: numpy's offsets exactly, its sines to 3 units in the last place", async () => {
    expect(OFFSETS).toHaveLength(100);
    const data = generateSineWave();
    expect(data.shape).toEqual([100, 1000]);
    expect(data.dtype).toBe('float64');
    const d = await data.data();
    // upstream's traindata.pt: data[0, 0], data[3, 500], data[99, 999], data[50, 123]
    const numpy = [0.10819513453010839, -0.9163438326866464, -0.9702134081833349, -0.9161659367494548];
    const ours = [d[0], d[3500], d[99999], d[50123]];
    // numpy's float64 sin and JavaScript's Math.sin differ by up to 3 units in the last place
    for (let k = 0; k < 4; k++) expect(Math.abs(ours[k] - numpy[k])).toBeLessThan(4e-16);
  });

  it("takes upstream's --steps, prints Python's float repr, and names the layers as PyTorch", () => {
    expect(parseArgs([])).toEqual({ steps: 15, device: 'cpu', seed: 0, data: 'traindata.safetensors' });
    expect(parseArgs(['--steps', '3']).steps).toBe(3);
    expect(() => parseArgs(['--steps', '1.5'])).toThrow(/expected an integer/);
    expect(() => parseArgs(['--device', 'cuda'])).toThrow(/Allowed choices are cpu, webgpu/);
    expect([0.5023738120466187, 1e-5, 1.5e-7, 2.0, 1e16, 123.456, -0.0001].map(pyFloat)).toEqual([
      '0.5023738120466187',
      '1e-05',
      '1.5e-07',
      '2.0',
      '1e+16',
      '123.456',
      '-0.0001',
    ]);
    const seq = new Sequence();
    expect(String(seq)).toBe(
      'Sequence(\n  (lstm1): LSTMCell(1, 51)\n  (lstm2): LSTMCell(51, 51)\n  (linear): Linear(in_features=51, out_features=1, bias=True)\n)',
    );
    expect(Object.keys(seq.stateDict())).toEqual([
      'lstm1.weight_ih',
      'lstm1.weight_hh',
      'lstm1.bias_ih',
      'lstm1.bias_hh',
      'lstm2.weight_ih',
      'lstm2.weight_hh',
      'lstm2.bias_ih',
      'lstm2.bias_hh',
      'linear.weight',
      'linear.bias',
    ]);
  });

  it('trains 2 LBFGS steps in float64, printing as upstream; the loss falls; figures are written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsp-'));
    try {
      await generate(join(dir, 'traindata.safetensors'));
      const { data } = await load(join(dir, 'traindata.safetensors'));
      manualSeed(0);
      const lines: string[] = [];
      // 6 waves (3 to train, 3 to test) of 16 samples, and 8 future steps: a short run of the same code
      const small = data.index(':6', ':16');
      const opt = parseArgs(['--steps', '2']);
      const result = await run(opt, small, 'cpu', {
        future: 8,
        figures: (i) => join(dir, `predict${i}.svg`),
        log: (l) => lines.push(l),
      });
      expect(lines[0]).toBe('STEP:  0');
      expect(lines[1]).toMatch(/^loss: \d\.\d+(e-\d\d)?$/);
      expect(lines.filter((l) => l.startsWith('STEP: '))).toEqual(['STEP:  0', 'STEP:  1']);
      expect(lines.filter((l) => l.startsWith('test loss: '))).toHaveLength(2);
      const losses = result.losses.flat();
      expect(losses.length).toBeGreaterThan(2);
      expect(Math.min(...losses)).toBeLessThan(losses[0] / 2);
      expect(result.testLosses.every(Number.isFinite)).toBe(true);
      expect((await readdir(dir)).filter((f) => f.endsWith('.svg')).sort()).toEqual([
        'predict0.svg',
        'predict1.svg',
      ]);
      const svg = await readFile(join(dir, 'predict1.svg'), 'utf8');
      expect(svg).toContain('Predict future values for time sequences');
      // three waves, each a solid input span and a dotted future
      expect(svg.match(/<polyline /g)).toHaveLength(6);
      expect(svg.match(/stroke-dasharray/g)).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
