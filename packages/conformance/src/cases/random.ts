import {
  bernoulli,
  full,
  Generator,
  manualSeed,
  philoxNormal,
  philoxUniform,
  rand,
  randint,
  randn,
  randperm,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { check } from '../assert.js';
import { group } from '../case.js';

export const randomCases = group('random', {
  'the same seed gives the same numbers, the stream advances': async (device) => {
    manualSeed(42);
    const a = await rand([5], { device }).data();
    const b = await rand([5], { device }).data();
    manualSeed(42);
    const c = await rand([5], { device }).data();
    check([...a].join() === [...c].join(), 'same seed, same numbers');
    check([...a].join() !== [...b].join(), 'the stream advances between calls');
  },
  'values are the Philox stream, identical on every backend': async (device) => {
    const g = new Generator(7);
    const u = await rand([4], { device, generator: g }).data();
    const z = await randn([4], { device, generator: g }).data();
    for (let i = 0; i < 4; i++) {
      check(u[i] === Math.fround(philoxUniform([7, 0], i)), `uniform ${i}: ${u[i]}`);
      check(Math.abs(z[i] - philoxNormal([7, 0], 4 + i)) < 1e-5, `normal ${i}: ${z[i]}`);
    }
  },
  'generators are independent of the default stream': async (device) => {
    const g1 = new Generator(1);
    const g2 = new Generator(1);
    manualSeed(5);
    rand([3], { device });
    const a = await rand([3], { device, generator: g1 }).data();
    const b = await rand([3], { device, generator: g2 }).data();
    check(
      [...a].join() === [...b].join(),
      'equal seeds give equal streams regardless of the default generator',
    );
  },
  'rand in [0, 1), randn near N(0, 1), randint in range': async (device) => {
    manualSeed(3);
    const u = await rand([4000], { device }).data();
    let mean = 0;
    for (const v of u) {
      check(v >= 0 && v < 1, `uniform out of range: ${v}`);
      mean += v / u.length;
    }
    check(Math.abs(mean - 0.5) < 0.03, `uniform mean ${mean}`);
    const z = await randn([4000], { device }).data();
    let m = 0;
    let s = 0;
    for (const v of z) m += v / z.length;
    for (const v of z) s += (v - m) ** 2 / z.length;
    check(Math.abs(m) < 0.06 && Math.abs(s - 1) < 0.08, `normal mean ${m} var ${s}`);
    const r = randint(-2, 3, [1000], { device });
    check(r.dtype === 'int64', `randint dtype ${r.dtype}`);
    const ints = await r.data();
    const seen = new Set(ints);
    check([...seen].every((v) => v >= -2 && v < 3) && seen.size === 5, `randint values ${[...seen]}`);
  },
  'randperm is a permutation': async (device) => {
    const p = await randperm(50, { device, generator: new Generator(9) }).data();
    check(
      [...p].sort((a, b) => a - b).every((v, i) => v === i),
      'randperm(50) holds 0..49 once each',
    );
  },
  'bernoulli(p) is rand() < p on the same stream; p of 0 and 1 are certain': async (device) => {
    const p = full([4000], 0.25, { device });
    const draws = bernoulli(p, { generator: new Generator(4) });
    check(draws.dtype === 'float32', `bernoulli dtype ${draws.dtype}`);
    const b = await draws.data();
    const u = await rand([4000], { device, generator: new Generator(4) }).data();
    check(
      b.every((v, i) => v === (u[i] < 0.25 ? 1 : 0)),
      'bernoulli(p) draws 1 exactly where the uniform draw is below p',
    );
    let mean = 0;
    for (const v of b) mean += v / b.length;
    check(Math.abs(mean - 0.25) < 0.03, `bernoulli mean ${mean}`);
    const certain = await bernoulli(tensor([0, 1, 1, 0], { device })).data();
    check([...certain].join() === '0,1,1,0', `bernoulli of 0/1: ${[...certain]}`);
  },
  'uniform_ and normal_ fill in place with their parameters': async (device) => {
    const x = zeros([2000], { device }).uniform_(-2, -1, { generator: new Generator(2) });
    const v = await x.data();
    check(
      v.every((e) => e >= -2 && e < -1),
      'uniform_(-2, -1) range',
    );
    const n = await zeros([2000], { device })
      .normal_(10, 0.5, { generator: new Generator(2) })
      .data();
    let mean = 0;
    for (const e of n) mean += e / n.length;
    check(Math.abs(mean - 10) < 0.05, `normal_ mean ${mean}`);
  },
});
