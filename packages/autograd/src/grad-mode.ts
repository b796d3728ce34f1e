/**
 * Gradient mode (PyTorch: `torch.no_grad`, `torch.enable_grad`, `torch.is_grad_enabled`).
 * Both helpers accept async functions: the mode holds until the returned promise settles. As with
 * `scope`, async blocks that change the mode must not interleave.
 */
let enabled = true;

/** Whether ops are being recorded for backward (PyTorch: `torch.is_grad_enabled`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets gradient mode globally (PyTorch: `torch.set_grad_enabled`). */
export function setGradEnabled(mode: boolean): void {
  enabled = mode;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    enabled = previous;
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      enabled = previous;
    }) as T;
  }
  enabled = previous;
  return result;
}

/** Runs `fn` without recording gradients (PyTorch: `with torch.no_grad():`). */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** Runs `fn` with gradient recording on, even inside `noGrad` (PyTorch: `with torch.enable_grad():`). */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}
