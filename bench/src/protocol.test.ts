import { describe, expect, it } from 'vitest';
import { decodeReply, encodeReply, MARKER } from './protocol.js';

describe('the reply line protocol', () => {
  it('round-trips a reply through one marked line', () => {
    const line = encodeReply({ type: 'measured', times: [0.5, 0.25], check: null });
    expect(line.startsWith(MARKER)).toBe(true);
    expect(line.endsWith('\n')).toBe(true);
    expect(decodeReply(line.trimEnd())).toEqual({ type: 'measured', times: [0.5, 0.25], check: null });
  });
  it('ignores lines a library printed by itself', () => {
    expect(decodeReply('Hi there. Looks like you are running TensorFlow.js in Node.js')).toBeUndefined();
  });
  it('rejects a marked line that is not a reply', () => {
    expect(() => decodeReply(`${MARKER}[1, 2]`)).toThrow(/malformed reply/);
    expect(() => decodeReply(`${MARKER}{"times": []}`)).toThrow(/malformed reply/);
  });
});
