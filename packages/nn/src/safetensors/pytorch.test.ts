/**
 * Files exchanged with PyTorch (packages/nn/src/fixtures/, written and checked by
 * scripts/fixtures/safetensors.py, which CI never runs):
 * - torch_*.safetensors were written on the PyTorch side by the script's hand-written writer (Debian has
 *   no safetensors package); torch_expected.json says what PyTorch holds in them.
 * - typetorch_model.safetensors is written by typetorch (the helper `typetorchModelBytes` below). This
 *   test checks that the committed file is what typetorch writes today; regenerate it with
 *     TYPETORCH_UPDATE_FIXTURES=1 npx vitest run packages/nn/src/safetensors/pytorch.test.ts
 *   then run `/usr/bin/python3 scripts/fixtures/safetensors.py`, which loads it into the PyTorch model
 *   with load_state_dict(strict=True) and checks that its reference-layout writer gives the same bytes.
 */
import '@typetorch/backend-cpu';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ones, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Module, type StateDict } from '../module.js';
import { Sequential } from '../modules/containers.js';
import { Parameter } from '../parameter.js';
import { deserialize, loadBytes, parseHeader, serialize, toBytes } from './index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

type Encoded = number | 'nan' | 'inf' | '-inf';
interface ExpectedTensor {
  name: string;
  dtype: string;
  shape: number[];
  loads_as: string;
  values: Encoded[];
}
interface ExpectedFile {
  metadata: Record<string, string> | null;
  forward?: { input: { shape: number[]; values: number[] }; output: { shape: number[]; values: number[] } };
  tensors: ExpectedTensor[];
}
const EXPECTED: { torch: string; files: Record<string, ExpectedFile> } = JSON.parse(
  readFileSync(join(FIXTURES, 'torch_expected.json'), 'utf8'),
);

function decodeNumber(v: Encoded): number {
  return v === 'nan'
    ? Number.NaN
    : v === 'inf'
      ? Number.POSITIVE_INFINITY
      : v === '-inf'
        ? Number.NEGATIVE_INFINITY
        : v;
}

async function checkAgainstPyTorch(file: string): Promise<StateDict> {
  const expected = EXPECTED.files[file];
  const bytes = read(file);
  expect(parseHeader(bytes).metadata).toEqual(expected.metadata);
  const loaded = deserialize(bytes);
  expect(Object.keys(loaded)).toEqual(expected.tensors.map((t) => t.name));
  for (const t of expected.tensors) {
    const got = loaded[t.name];
    expect(got.dtype, t.name).toBe(t.loads_as);
    expect(got.shape, t.name).toEqual(t.shape);
    // toEqual tells -0 from 0 and treats NaN as equal to NaN: exact values.
    expect(Array.from(await got.data()), t.name).toEqual(t.values.map(decodeNumber));
  }
  return loaded;
}

// ---- the PyTorch model, in typetorch (nn's own layers are not used: only names and shapes matter) ----

class Linear extends Module {
  weight: Parameter;
  bias: Parameter;
  constructor(inFeatures: number, outFeatures: number) {
    super();
    this.weight = new Parameter(zeros([outFeatures, inFeatures]));
    this.bias = new Parameter(zeros([outFeatures]));
  }
  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}

class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** Eval-mode BatchNorm1d with PyTorch's parameter and buffer names. */
class BatchNorm1d extends Module {
  weight: Parameter;
  bias: Parameter;
  declare running_mean: Tensor;
  declare running_var: Tensor;
  declare num_batches_tracked: Tensor;
  constructor(n: number) {
    super();
    this.weight = new Parameter(ones([n]));
    this.bias = new Parameter(zeros([n]));
    this.registerBuffer('running_mean', zeros([n]));
    this.registerBuffer('running_var', ones([n]));
    this.registerBuffer('num_batches_tracked', tensor(0, { dtype: 'int64' }));
  }
  forward(x: Tensor): Tensor {
    return x.sub(this.running_mean).div(this.running_var.add(1e-5).sqrt()).mul(this.weight).add(this.bias);
  }
}

/** nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2), nn.BatchNorm1d(2)) */
function buildModel(): Sequential {
  return new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2), new BatchNorm1d(2));
}

/** The test helper that writes typetorch_model.safetensors (values: `typetorch_value` in the script). */
async function typetorchModelBytes(): Promise<Uint8Array> {
  const model = buildModel();
  const state = model.stateDict();
  const values: StateDict = {};
  Object.entries(state).forEach(([name, t], k) => {
    values[name] = name.endsWith('num_batches_tracked')
      ? tensor(7, { dtype: 'int64' })
      : tensor(Array.from({ length: t.numel() }, (_, i) => (((i * 37 + k * 11) % 29) - 14) / 16)).reshape(
          t.shape,
        );
  });
  model.loadStateDict(values);
  return toBytes(model, { format: 'pt' });
}

describe('files written by PyTorch', () => {
  it(`were written by torch ${EXPECTED.torch}`, () => {
    expect(Object.keys(EXPECTED.files)).toEqual([
      'torch_model.safetensors',
      'torch_dtypes.safetensors',
      'torch_writable.safetensors',
    ]);
  });

  it('torch_model: a PyTorch state dict (I64 num_batches_tracked) loads with the values PyTorch has', async () => {
    await checkAgainstPyTorch('torch_model.safetensors');
  });

  it('torch_model: loads into the equivalent typetorch model, which computes what PyTorch computes', async () => {
    const model = buildModel().eval();
    expect(loadBytes(model, read('torch_model.safetensors'))).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    const bn = model.at(3) as BatchNorm1d;
    expect(bn.num_batches_tracked.dtype).toBe('int64');
    expect(await bn.num_batches_tracked.item()).toBe(2);
    const { input, output } = EXPECTED.files['torch_model.safetensors'].forward!;
    const x = tensor(input.values).reshape(input.shape);
    const y = model.forward(x) as Tensor;
    expect(y.shape).toEqual(output.shape);
    const got = Array.from(await y.data());
    output.values.forEach((v, i) => {
      expect(got[i]).toBeCloseTo(v, 5);
    });
  });

  it('torch_model: typetorch writes the same bytes for every tensor, in the same layout', async () => {
    const torchBytes = read('torch_model.safetensors');
    const torchHeader = parseHeader(torchBytes);
    const loaded = deserialize(torchBytes);
    const ours = await serialize(loaded, torchHeader.metadata);
    const ourHeader = parseHeader(ours);
    // num_batches_tracked is int64 in typetorch too, so I64, sorted first as PyTorch's writer does.
    const names = (h: typeof ourHeader) => h.tensors.map((t) => t.name);
    expect(names(torchHeader)[0]).toBe('3.num_batches_tracked');
    expect(names(ourHeader)).toEqual(names(torchHeader));
    for (const t of torchHeader.tensors) {
      const mine = ourHeader.tensors.find((o) => o.name === t.name)!;
      expect(mine.dtype, t.name).toBe(t.dtype);
      expect(mine.dataOffsets, t.name).toEqual(t.dataOffsets);
      expect(
        ours.subarray(ourHeader.dataStart + mine.dataOffsets[0], ourHeader.dataStart + mine.dataOffsets[1]),
        t.name,
      ).toEqual(
        torchBytes.subarray(
          torchHeader.dataStart + t.dataOffsets[0],
          torchHeader.dataStart + t.dataOffsets[1],
        ),
      );
    }
  });

  it('torch_dtypes: every dtype typetorch loads, with edge values, decodes as PyTorch sees it', async () => {
    await checkAgainstPyTorch('torch_dtypes.safetensors');
  });

  it('torch_writable: typetorch re-serializes a PyTorch-written file byte for byte', async () => {
    const bytes = read('torch_writable.safetensors');
    const loaded = await checkAgainstPyTorch('torch_writable.safetensors');
    expect(await serialize(loaded, parseHeader(bytes).metadata)).toEqual(bytes);
  });
});

describe('files written by typetorch for PyTorch', () => {
  it('typetorch_model.safetensors is what typetorch writes (TYPETORCH_UPDATE_FIXTURES=1 rewrites it)', async () => {
    const bytes = await typetorchModelBytes();
    const path = join(FIXTURES, 'typetorch_model.safetensors');
    if (process.env.TYPETORCH_UPDATE_FIXTURES === '1') writeFileSync(path, bytes);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    // Same names and shapes as the PyTorch model's state dict, which torch's load_state_dict needs.
    const torchHeader = parseHeader(read('torch_model.safetensors'));
    const shapes = (h: typeof torchHeader) => Object.fromEntries(h.tensors.map((t) => [t.name, t.shape]));
    expect(shapes(parseHeader(bytes))).toEqual(shapes(torchHeader));
  });
});
