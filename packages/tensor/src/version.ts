/**
 * The version of this copy of `@typetorch/tensor` (PyTorch: `torch.__version__`), exported as
 * `version`. It must equal `package.json`'s `version`: the release script writes it when it bumps the
 * package, and `version.test.ts` fails a release that forgot. It is here rather than read from
 * `package.json` because the package must load in a browser, where there is no file to read, and a
 * JSON import needs an import attribute that not every bundler supports.
 */
export const VERSION = '0.1.0';
