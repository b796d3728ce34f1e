import '@typetorch/backend-cpu';
import { arange } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader } from './dataloader.js';
import { TensorDataset } from './dataset.js';

const ds = () => new TensorDataset(arange(10));
const anyNew = (...args: unknown[]) =>
  new (DataLoader as unknown as new (...a: unknown[]) => DataLoader<unknown>)(...args);

describe("DataLoader's arguments", () => {
  it('binds batch_size and shuffle positionally, and the rest by options', () => {
    expect(new DataLoader(ds(), 4).length).toBe(3);
    expect(new DataLoader(ds(), 4, { dropLast: true }).length).toBe(2);
    expect(new DataLoader(ds(), 3, false).batchSize).toBe(3);
    expect(anyNew(ds(), 4, false, undefined, undefined, 0, undefined, false, true).length).toBe(2);
    expect(new DataLoader(ds(), { batchSize: 5, numWorkers: 0, pinMemory: false } as never).length).toBe(2);
  });

  it('rejects unknown keys, worker options other than their defaults, and extra arguments', () => {
    expect(() => anyNew(ds(), { batch_size: 4 })).toThrow(
      "DataLoader.__init__() got an unexpected keyword argument 'batch_size' (did you mean 'batchSize'?)",
    );
    expect(() => anyNew(ds(), { numWorkers: 2 })).toThrow(
      "DataLoader.__init__(): 'numWorkers' is not supported (only 0)",
    );
    expect(() =>
      anyNew(ds(), 1, false, null, null, 0, null, false, false, 0, null, null, undefined, 4),
    ).toThrow('DataLoader.__init__() takes from 1 to 13 positional arguments but 14 were given');
  });
});
