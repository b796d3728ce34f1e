/** Memory: accounting, the manager that reclaims it without help, scopes, and debugging. */
export { memoryDebug, setMemoryDebug } from './debug.js';
export { type MemoryInfo, memory, setDeviceMemoryLimit } from './device-memory.js';
export { type Disposable, keep, scope, trackInScope, untrack } from './scope.js';
