/**
 * Function forms of the elementwise ops, as in the `torch` namespace (`torch.add(a, b)`,
 * `torch.exp(x)`): the op table's rows themselves. Operands of binary functions may be JS numbers.
 */
export * from './op-table/binary.js';
export * from './op-table/unary.js';
