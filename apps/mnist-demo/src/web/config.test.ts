import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

const at = (href: string) => new URL(href) as unknown as Location;

describe('readConfig', () => {
  it('defaults: data/mnist/ beside the page, all training images, automatic device', () => {
    expect(readConfig(at('http://127.0.0.1:5173/demo/index.html'), undefined)).toEqual({
      dataUrl: 'http://127.0.0.1:5173/demo/data/mnist/',
      limit: undefined,
      device: 'auto',
    });
  });

  it('?data= wins over the build-time URL, which wins over the default; a trailing slash is added', () => {
    const page = at('https://example.org/app/?data=https://cdn.example.org/mnist&limit=3000&device=cpu');
    expect(readConfig(page, '/files/mnist/')).toEqual({
      dataUrl: 'https://cdn.example.org/mnist/',
      limit: 3000,
      device: 'cpu',
    });
    expect(readConfig(at('https://example.org/app/'), '/files/mnist').dataUrl).toBe(
      'https://example.org/files/mnist/',
    );
  });

  it('ignores a limit that is not a positive integer and an unknown device', () => {
    const config = readConfig(at('http://localhost/?limit=-5&device=tpu'), undefined);
    expect(config.limit).toBeUndefined();
    expect(config.device).toBe('auto');
    expect(readConfig(at('http://localhost/?limit=0'), undefined).limit).toBeUndefined();
  });
});
