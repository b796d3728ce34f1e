/**
 * How Tensor methods are added outside tensor.ts, one file per op group (tensor.ts keeps the core and
 * stays within the size budget). A group file:
 *
 * 1. declares its methods on the Tensor type by module augmentation
 *    (`declare module '../tensor.js' { interface Tensor { sort(...): ...; } }`), with TSDoc;
 * 2. exports `install<Group>Methods(proto)`, which defines them with {@link defineMethods} /
 *    {@link defineGetters}, calling the op functions of `ops/<group>.ts`;
 * 3. is imported by tensor.ts, which calls its installer right after the class (so the methods exist
 *    wherever a Tensor does, and bundlers cannot drop them as unused side effects).
 *
 * A group file must not use the Tensor class at load time: tensor.ts imports it before the class exists.
 */
import type { Tensor } from '../tensor.js';

/** Defines methods on `proto` (non-enumerable, like class methods). */
export function defineMethods(
  proto: object,
  methods: Record<string, (this: Tensor, ...args: never) => unknown>,
): void {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value, writable: true, configurable: true });
  }
}

/** Defines read-only properties on `proto` (like class getters). */
export function defineGetters(proto: object, getters: Record<string, (this: Tensor) => unknown>): void {
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(proto, name, { get, configurable: true });
  }
}
