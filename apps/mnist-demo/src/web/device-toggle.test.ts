import { describe, expect, it } from 'vitest';
import { withDevice } from './device-toggle.js';

describe('withDevice', () => {
  it('sets ?device=, keeping the other parameters', () => {
    expect(withDevice('http://127.0.0.1:5173/?limit=3000', 'cpu')).toBe(
      'http://127.0.0.1:5173/?limit=3000&device=cpu',
    );
    expect(withDevice('http://127.0.0.1:5173/?device=cpu&limit=5', 'webgpu')).toBe(
      'http://127.0.0.1:5173/?device=webgpu&limit=5',
    );
  });

  it('auto, the default, leaves the parameter out', () => {
    expect(withDevice('https://example.org/app/?device=cpu', 'auto')).toBe('https://example.org/app/');
    expect(withDevice('https://example.org/app/index.html?data=x&device=webgpu', 'auto')).toBe(
      'https://example.org/app/index.html?data=x',
    );
  });
});
