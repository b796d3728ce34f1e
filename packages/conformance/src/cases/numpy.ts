/**
 * The NumPy bridge (`fromTypedArray`, `Tensor.numpy()`): on a device whose backend implements `adopt`
 * and `hostArray` (backend-cpu), tensors and typed arrays share memory both ways; on any other, both
 * raise the documented errors. Either way nothing is left behind.
 */
import { fromTypedArray, getBackend, ones } from '@typetorch/tensor';
import { check, expectThrows } from '../assert.js';
import { group } from '../case.js';

export const numpyCases = group('numpy', {
  'fromTypedArray shares the array with the tensor, or says the device cannot': async (device) => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    if (getBackend(device).adopt === undefined) {
      expectThrows(() => fromTypedArray(data, [2, 3], { device }), `device '${device}' cannot share memory`);
      return;
    }
    const x = fromTypedArray(data, [2, 3], { device });
    check(x.device === device && x.dtype === 'float32' && x.shape.join() === '2,3', 'device, dtype, shape');
    data[4] = 50; // a write through the array is seen by the next op
    const s = x.sum();
    check((await s.data())[0] === 66, `sum after a write through the array: ${(await s.data())[0]}`);
    x.mul_(2); // an in-place op is seen through the array
    check(data.join() === '2,4,6,8,100,12', `array after mul_: ${data.join()}`);
    s.dispose();
    x.dispose();
    check(data[0] === 2, 'disposing the tensor leaves the array alone');
  },
  'numpy() shares the tensor with an array, or says to copy to the host': async (device) => {
    const x = ones([600], { device }); // large enough for device memory where the backend has it
    const y = x.mul(3);
    if (getBackend(device).hostArray === undefined) {
      expectThrows(() => y.numpy(), `can't convert ${device} device type tensor to numpy`);
    } else {
      const a = y.numpy();
      check(a instanceof Float32Array && a.length === 600 && a[599] === 3, 'a Float32Array of the values');
      a[0] = 10;
      check((await y.data())[0] === 10, 'a write through the array is seen by the tensor');
      y.add_(1);
      check(a[0] === 11 && a[1] === 4, 'an in-place op is seen through the array');
    }
    x.dispose();
    y.dispose();
  },
});
