import {
  arange,
  full,
  keep,
  memory,
  ones,
  scope,
  setDeviceMemoryLimit,
  Tensor,
  tensor,
  where,
} from '@typetorch/tensor';
import { check, expectThrows } from '../assert.js';
import { group } from '../case.js';

export const memoryCases = group('memory', {
  'dispose frees storage once the last view is gone': (device) => {
    const before = memory(device);
    const x = ones([256], { device });
    const v = x.index('10:20');
    check(memory(device).numStorages === before.numStorages + 1, 'one storage for a tensor and its view');
    check(memory(device).numTensors === before.numTensors + 2, 'two live tensor objects');
    x.dispose();
    check(memory(device).numStorages === before.numStorages + 1, 'the view keeps the storage alive');
    v.dispose();
    check(memory(device).numStorages === before.numStorages, 'storage freed with the last view');
    check(memory(device).numBytes === before.numBytes, 'bytes back to the baseline');
    x.dispose();
    expectThrows(() => x.add(1), 'already disposed');
  },
  'scope disposes temporaries and keeps what it returns': async (device) => {
    const before = memory(device);
    const kept: ReturnType<typeof ones>[] = [];
    const result = scope(() => {
      const a = ones([64], { device });
      const b = a.mul(2).add(1);
      kept.push(keep(a.sum()));
      return { out: b.relu() };
    });
    check(
      memory(device).numTensors === before.numTensors + 2,
      `live tensors: ${memory(device).numTensors - before.numTensors}`,
    );
    check((await result.out.data())[0] === 3, 'returned tensor is intact');
    result.out.dispose();
    kept[0].dispose();
    check(memory(device).numTensors === before.numTensors, 'all gone');
  },
  'async scopes close when their promise settles': async (device) => {
    const before = memory(device).numTensors;
    const out = await scope(async () => {
      const a = ones([8], { device });
      await a.data();
      return a.add(a);
    });
    check(memory(device).numTensors === before + 1, 'only the returned tensor survives');
    out.dispose();
  },
  'a training-style loop does not grow memory': async (device) => {
    const w = ones([32, 32], { device });
    const x = ones([4, 32], { device });
    const step = () =>
      scope(() => {
        const h = x.matmul(w).relu();
        const loss = h.softmax(-1).logsumexp(-1).mean();
        w.sub_(loss.mul(1e-3));
      });
    for (let i = 0; i < 5; i++) step();
    const before = memory(device);
    for (let i = 0; i < 50; i++) step();
    await w.data();
    const after = memory(device);
    check(after.numTensors === before.numTensors, `tensors ${before.numTensors} -> ${after.numTensors}`);
    check(after.numBytes === before.numBytes, `bytes ${before.numBytes} -> ${after.numBytes}`);
    w.dispose();
    x.dispose();
  },
  'ops inside other ops leave no temporaries behind': (device) => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { device, dtype: 'float32' },
    );
    const before = memory(device);
    const outs = [
      x.logsumexp(1),
      x.var(0),
      x.softmax(0),
      x.matmul(tensor([1, 1], { device, dtype: 'float32' })),
      x.tril(),
      x.clamp(2, 3),
      x.t().reshape(4),
    ];
    const created = 8 + 1; // outputs, the [1, 1] operand and the transposed view
    check(
      memory(device).numTensors === before.numTensors + created,
      `leaked ${memory(device).numTensors - before.numTensors - created}`,
    );
    for (const o of outs) o.dispose();
  },
  'outputs on recycled memory hold only what their kernel wrote (allocEmpty)': async (device) => {
    // Each output may reuse the storage just freed (a backend's allocEmpty does not zero it): NaN there.
    const recycle = (n: number) => full([n], Number.NaN, { device }).dispose();
    const opts = { device, dtype: 'float32' } as const;
    const x = arange(256, opts);
    const expected = Array.from({ length: 256 }, (_, i) => i);
    const outputs: [string, () => Tensor, number[]][] = [
      ['unary', () => x.neg(), expected.map((i) => -i)],
      ['binary', () => x.reshape([16, 16]).add(arange(16, opts)), expected.map((i) => i + (i % 16))],
      ['where', () => where(x.gt(100), x, 0), expected.map((i) => (i > 100 ? i : 0))],
      ['reduce', () => ones([3, 256], opts).sum(0), expected.map(() => 3)],
      // Row i of [16, 32] @ [32, 16]: 0.5 * sum_j (32i + j) / 64 = 8i + 3.875 in every column.
      [
        'matmul',
        () =>
          arange(512, opts)
            .reshape([16, 32])
            .div(64)
            .matmul(full([32, 16], 0.5, opts)),
        expected.map((i) => 8 * Math.floor(i / 16) + 3.875),
      ],
      // Edge shapes: an empty reduction and K = 0 write zeros of their own.
      ['empty sum', () => ones([256, 0], opts).sum(1), expected.map(() => 0)],
      ['K = 0 matmul', () => ones([16, 0], opts).matmul(ones([0, 16], opts)), expected.map(() => 0)],
      // Large enough to be split between threads where a backend has them: every chunk writes its part.
      [
        'large matmul',
        () => full([128, 128], 0.5, opts).matmul(ones([128, 128], opts)),
        new Array<number>(128 * 128).fill(64),
      ],
    ];
    for (const [name, run, want] of outputs) {
      recycle(want.length);
      const out = run();
      const got = Array.from(await out.data());
      check(
        got.every((v, i) => v === want[i]),
        `${name}: got ${got.slice(0, 8).join(', ')}..., want ${want.slice(0, 8).join(', ')}...`,
      );
    }
  },
  'a tensor whose storage was freed under it is an internal error, never wrong numbers': (device) => {
    const x = ones([256], { device });
    const y = x.detach();
    // Two tensors, two holds: releasing both by hand frees the storage while both still exist.
    x.storage.release();
    x.storage.release();
    check(x.storage.isFreed, 'the storage is freed');
    expectThrows(() => y.add(1), 'already freed');
    expectThrows(() => new Tensor(x.storage, [256], [1], 0), 'already freed');
  },
  'sweeps move storages no kernel used lately out of device memory, and back when used': async (device) => {
    const previous = setDeviceMemoryLimit(device, 1 << 20);
    try {
      const kept = ones([65536], { device }); // 256 KiB, used once, then again at the end
      const hot = ones([65536], { device }); // used every step
      const before = memory(device);
      const losses: Tensor[] = [];
      for (let step = 0; step < 40; step++) {
        hot.add_(1);
        const garbage = hot.mul(2); // never disposed
        losses.push(garbage.sum()); // kept by the user, as in PyTorch
      }
      const after = memory(device);
      if (after.deviceLimitBytes === null) {
        check(after.evictions === before.evictions, 'a device that cannot evict never evicts');
      } else {
        check(
          after.evictions > before.evictions,
          `sweeps evicted nothing (${after.deviceBytes} device bytes)`,
        );
        check(
          after.deviceBytes <= 4 << 20,
          `device memory ${after.deviceBytes} bytes after 10 MiB of garbage with a 1 MiB limit`,
        );
      }
      check((await kept.sum().item()) === 65536, 'an evicted tensor keeps its values');
      check((await hot.sum().item()) === 65536 * 41, 'a tensor used every step keeps its values');
      for (let step = 0; step < 40; step++) {
        const want = 65536 * 2 * (step + 2);
        const got = await losses[step].item();
        check(got === want, `kept loss ${step}: ${got} != ${want}`);
      }
      if (after.deviceLimitBytes !== null) {
        check(memory(device).readmissions > before.readmissions, 'an evicted tensor used again comes back');
      }
      for (const t of [kept, hot, ...losses]) t.dispose();
    } finally {
      setDeviceMemoryLimit(device, previous);
    }
  },
});
