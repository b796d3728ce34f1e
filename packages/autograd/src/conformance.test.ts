import '@typetorch/backend-cpu';
import './index.js';
import { gradientCases, OpCoverage, pytorchCases } from '@typetorch/conformance';
import { allOps } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { differentiableOps } from './index.js';

// The gradient cases on the CPU (here, since autograd's own tests use the CPU backend), then the
// op table's coverage: every op has a PyTorch fixture (forward fixtures run again here with the
// engine installed, gradient fixtures with it), and a gradient exactly when the table says so.
const fixtures = new OpCoverage();

describe('gradient conformance on cpu', () => {
  for (const c of fixtures.trackFixtures(gradientCases())) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});

describe('forward PyTorch fixtures with autograd installed', () => {
  for (const c of fixtures.trackFixtures(pytorchCases())) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});

describe('op table coverage', () => {
  it('every op has a PyTorch fixture', () => expect(fixtures.missing()).toEqual([]));
  it('every differentiable op has a gradient formula, and only those', () => {
    const registered = new Set(differentiableOps());
    const table = allOps().filter((o) => o.gradientOf === o.name);
    expect(
      table.filter((o) => o.differentiable === true && !registered.has(o.name)).map((o) => o.name),
    ).toEqual([]);
    expect(
      table.filter((o) => o.differentiable !== true && registered.has(o.name)).map((o) => o.name),
    ).toEqual([]);
  });
});
