#!/usr/bin/python3
"""
PyTorch parity fixtures for @typetorch/tensor.

Runs PyTorch on small deterministic inputs and writes what it returns to
packages/conformance/src/fixtures/<group>.json. packages/conformance/src/pytorch-cases.ts replays
every case through typetorch on a device. CI never runs this script: the JSON files are committed.

    /usr/bin/python3 scripts/generate_fixtures.py

File format (one object per group; one case per line so diffs stay readable):

    {"format": 1, "group": "reduce", "torch": "1.13.0", "tol": {...}, "cases": [case, ...]}

    case     = {"name": unique within the group, "op": key of the op tables here and in pytorch-cases.ts,
                "inputs": [input, ...], "args": {...},
                "expected": output | [output, ...] | {"repr": str}   (a list for multi-output ops)
                or "error": true                                      (PyTorch raises)
                optional "tol": {"rtol", "atol"} for float outputs, "requires": ["syncRead"],
                optional "gradOutputs" and "grads" (see Gradients below)}
    input    = {"shape", "dtype", "data", "layout"?}  a tensor: created row-major, reshaped, then laid out
             | {"scalar": value}                       a Python number/bool operand
    layout   = {"transpose": [d0, d1]} | {"permute": dims} | {"slice": [dim, start, end, step]}
             | {"expand": sizes}, or a list of them applied in order: they make NON-contiguous views.
    output   = {"shape", "dtype", "data"}
             | {"shape", "dtype", "range"?: [low, high]}   a draw: values PyTorch does not pin down (random
                                          ops, torch.empty), so shape and dtype only and, with "range",
                                          every value in the half-open [low, high)
                                          (scripts/fixtures/inplace_random.py)

Gradients: a case of a differentiable op with floating tensor inputs also records PyTorch's gradients
(pytorch-gradient-cases.ts replays them through @typetorch/autograd):

    "gradOutputs": [output | null, ...]   one per output: the seeded random gradient fed to backward,
                                          null for outputs that are not differentiable (indices)
    "grads":       [output | null, ...]   one per input: the .grad of the input's leaf, null for inputs
                                          that do not require grad (scalars, int/bool tensors)

The leaf of a tensor input is the tensor before its layout steps (so a transposed or expanded input's
gradient has the stored shape). Cases at points where the gradient is ill-defined record none (see
`grad_skip_reason`).

Encoding: dtypes are typetorch's names (torch.int64 is 'int64', which typetorch stores in 32 bits),
bools are 0/1, non-finite numbers are the strings 'nan', 'inf', '-inf' (in data and in args). Cases are
objects so later fields (e.g. per-input "grads") can be added without breaking readers.
"""
import json
import math
import operator
import os
import re
import zlib

import numpy as np
import torch
import torch.nn.functional as F

SEED = 0
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'packages', 'conformance', 'src', 'fixtures')

F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool
TS_DTYPE = {torch.float16: 'float16', F32: 'float32', F64: 'float64', I64: 'int64', torch.int32: 'int32', BOOL: 'bool'}
TORCH_DTYPE = {'float32': F32, 'float64': F64, 'int32': torch.int32, 'int64': I64, 'bool': BOOL}

INF, NAN = math.inf, math.nan
# Values where elementwise ops show their edge behaviour: infinities, NaN, signed zero and .5 ties.
SPECIAL = [-INF, -2.5, -1.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, INF, NAN]


# ---------------------------------------------------------------- encoding

def enc_number(v, dtype):
    if dtype == BOOL:
        return int(v)
    if dtype in (I64, torch.int32):
        assert -2**31 <= v < 2**31, f'{v} does not fit typetorch int32/int64 (32-bit storage)'
        return int(v)
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    # The shortest decimal that rounds back to the same float32/float64 keeps files small and exact.
    f = float(str(np.float32(v))) if dtype == F32 else float(v)
    return int(f) if f.is_integer() and abs(f) < 2**53 and not (f == 0 and math.copysign(1, f) < 0) else f


def enc_tensor(t):
    t = t.detach()
    if t.dtype not in TS_DTYPE:
        raise TypeError(f'no typetorch dtype for {t.dtype}')
    values = t.contiguous().reshape(-1).tolist()
    return {'shape': list(t.shape), 'dtype': TS_DTYPE[t.dtype], 'data': [enc_number(v, t.dtype) for v in values]}


def enc_arg(v):
    """JSON form of an op argument: tuples become lists, non-finite floats become strings."""
    if isinstance(v, (list, tuple)):
        return [enc_arg(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return enc_number(v, F64)
    return v


def enc_output(out):
    if isinstance(out, str):
        return {'repr': out}
    if isinstance(out, torch.Tensor):
        return enc_tensor(out)
    return [enc_tensor(t) for t in out]  # tuples/lists and torch.return_types


# ---------------------------------------------------------------- inputs

def tensor_input(base, layout=None):
    spec = enc_tensor(base)
    if layout is not None:
        spec['layout'] = layout
    return spec


def scalar(v):
    # JSON (and so JavaScript) cannot tell 2.0 from 2, and typetorch treats integral numbers as int
    # scalars: an integral float scalar would test different type promotion on the two sides.
    assert not (isinstance(v, float) and math.isfinite(v) and v.is_integer()), f'integral float scalar {v}'
    return {'scalar': enc_arg(v)}


def transposed(x, d0=-2, d1=-1):
    """`x` as a non-contiguous view: stored with two dims swapped, swapped back by the layout."""
    return tensor_input(x.transpose(d0, d1).contiguous(), {'transpose': [d0, d1]})


def permuted(x, dims):
    """`x` as the permutation `dims` of a contiguous tensor."""
    inverse = [dims.index(i) for i in range(len(dims))]
    return tensor_input(x.permute(inverse).contiguous(), {'permute': list(dims)})


def strided(x, dim=-1):
    """`x` as every other element of a buffer twice as long along `dim` (the gaps hold 77/True)."""
    shape = list(x.shape)
    shape[dim] *= 2
    base = torch.full(shape, True if x.dtype == BOOL else 77, dtype=x.dtype)
    index = [slice(None)] * x.dim()
    index[dim] = slice(0, None, 2)
    base[tuple(index)] = x
    return tensor_input(base, {'slice': [dim, 0, None, 2]})


def offset(x):
    """`x` as a view that starts one row into its storage (non-zero storage offset)."""
    base = torch.cat([torch.full((1, *x.shape[1:]), 77, dtype=x.dtype), x])
    return tensor_input(base, {'slice': [0, 1, None, 1]})


def expanded(x, sizes):
    """`x` broadcast to `sizes` with stride-0 dims."""
    return tensor_input(x, {'expand': list(sizes)})


def as_input(v):
    if isinstance(v, dict):
        return v
    if isinstance(v, torch.Tensor):
        return tensor_input(v)
    return scalar(v)


def dec_number(v):
    return {'nan': NAN, 'inf': INF, '-inf': -INF}.get(v, v) if isinstance(v, str) else v


def apply_layout(x, step):
    (kind, arg), = step.items()
    if kind == 'transpose':
        return x.transpose(*arg)
    if kind == 'permute':
        return x.permute(*arg)
    if kind == 'expand':
        return x.expand(*arg)
    if kind == 'slice':
        dim, start, end, step_ = arg
        index = [slice(None)] * x.dim()
        index[dim] = slice(start, end, step_)
        return x[tuple(index)]
    raise ValueError(kind)


def make(spec):
    """Builds the operand exactly as pytorch-cases.ts does: data, reshape, then the layout steps."""
    if 'scalar' in spec:
        return dec_number(spec['scalar'])
    x = torch.tensor([dec_number(v) for v in spec['data']], dtype=TORCH_DTYPE[spec['dtype']]).reshape(spec['shape'])
    layout = spec.get('layout', [])
    for step in layout if isinstance(layout, list) else [layout]:
        x = apply_layout(x, step)
    return x


# ---------------------------------------------------------------- random data

def rand(shape, lo=-2.0, hi=2.0, dtype=F32, decimals=2):
    """Uniform values rounded to `decimals`, so inputs print short in the JSON."""
    x = torch.rand(shape, dtype=F64) * (hi - lo) + lo
    return (x * 10**decimals).round().div(10**decimals).to(dtype)


def randint(shape, lo=-5, hi=6):
    return torch.randint(lo, hi, shape, dtype=I64)


def randbool(shape):
    return torch.rand(shape) < 0.5


def t(*values, dtype=F32):
    return torch.tensor(values, dtype=dtype)


# ---------------------------------------------------------------- the op table

def camel_to_snake(name):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), name)


def dims_of(x, dim):
    """typetorch's `dim` argument (null = all dims, list = several) in the form torch wants."""
    if dim is None:
        return tuple(range(x.dim()))
    return tuple(dim) if isinstance(dim, list) else dim


def binary(name, reflected=None):
    fn = getattr(torch, camel_to_snake(name))

    def run(a, b, **kw):
        # A scalar first operand is Python's reflected operator (`2 - x`), as typetorch's sub(2, x).
        return reflected(a, b) if not isinstance(a, torch.Tensor) else fn(a, b, **kw)
    return run


def py_slice(x, dim, start=None, end=None, step=1):
    index = [slice(None)] * x.dim()
    index[dim] = slice(start, end, step)
    return x[tuple(index)]


def dtype_arg(dtype):
    return None if dtype is None else TORCH_DTYPE[dtype]


UNARY = ['neg', 'abs', 'exp', 'expm1', 'log', 'log2', 'log1p', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'relu',
         'sign', 'floor', 'ceil', 'round', 'trunc', 'reciprocal', 'square', 'logicalNot', 'isnan', 'erf']
BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'floorDivide', 'remainder',
          'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor']
# Python's operators for a scalar first operand (`2 - x`).
REFLECTED = {'add': operator.add, 'sub': operator.sub, 'mul': operator.mul, 'div': operator.truediv,
             'pow': operator.pow, 'floorDivide': operator.floordiv, 'remainder': operator.mod}
# Ops that PyTorch lets take a Python number as second operand (maximum and logical_* need tensors).
SCALAR_OK = set(REFLECTED) | {'eq', 'ne', 'lt', 'le', 'gt', 'ge'}

OPS = {
    **{op: getattr(torch, camel_to_snake(op)) for op in UNARY},
    **{op: binary(op, REFLECTED.get(op)) for op in BINARY},
    'reluBackward': lambda grad, output: torch.ops.aten.threshold_backward(grad, output, 0),
    # conditional
    'where': torch.where,
    'maskedFill': lambda x, mask, value: x.masked_fill(mask, value),
    'clamp': lambda x, min=None, max=None: torch.clamp(x, min, max),
    'clampTensor': lambda x, lo, hi: torch.clamp(x, lo, hi),
    # reductions
    'sum': lambda x, dim=None, keepdim=False: torch.sum(x, dims_of(x, dim), keepdim),
    'mean': lambda x, dim=None, keepdim=False: torch.mean(x, dims_of(x, dim), keepdim),
    'prod': lambda x, dim=None, keepdim=False: torch.prod(x) if dim is None else torch.prod(x, dim, keepdim),
    'var': lambda x, dim=None, correction=1, keepdim=False: torch.var(
        x, dims_of(x, dim), correction=correction, keepdim=keepdim),
    'std': lambda x, dim=None, correction=1, keepdim=False: torch.std(
        x, dims_of(x, dim), correction=correction, keepdim=keepdim),
    'amax': lambda x, dim=None, keepdim=False: torch.amax(x, dims_of(x, dim), keepdim),
    'amin': lambda x, dim=None, keepdim=False: torch.amin(x, dims_of(x, dim), keepdim),
    'max': torch.max,
    'min': torch.min,
    'maxDim': lambda x, dim, keepdim=False: tuple(torch.max(x, dim, keepdim)),
    'minDim': lambda x, dim, keepdim=False: tuple(torch.min(x, dim, keepdim)),
    'argmax': lambda x, dim=None, keepdim=False: torch.argmax(x, dim, keepdim),
    'argmin': lambda x, dim=None, keepdim=False: torch.argmin(x, dim, keepdim),
    'logsumexp': lambda x, dim=None, keepdim=False: torch.logsumexp(x, dims_of(x, dim), keepdim),
    'all': lambda x, dim=None, keepdim=False: torch.all(x) if dim is None else torch.all(x, dim, keepdim),
    'any': lambda x, dim=None, keepdim=False: torch.any(x) if dim is None else torch.any(x, dim, keepdim),
    'softmax': lambda x, dim: torch.softmax(x, dim),
    'logSoftmax': lambda x, dim: torch.log_softmax(x, dim),
    # linear algebra
    'matmul': torch.matmul,
    'mm': torch.mm,
    'bmm': torch.bmm,
    'dot': torch.dot,
    'outer': torch.outer,
    # shape
    'reshape': lambda x, shape: x.reshape(shape),
    'view': lambda x, shape: x.view(shape),
    'permute': lambda x, dims: x.permute(dims),
    'transpose': lambda x, dim0, dim1: x.transpose(dim0, dim1),
    't': lambda x: x.t(),
    'expand': lambda x, sizes: x.expand(sizes),
    'flatten': lambda x, startDim=0, endDim=-1: x.flatten(startDim, endDim),
    'unflatten': lambda x, dim, sizes: x.unflatten(dim, sizes),
    'squeeze': lambda x, dim=None: x.squeeze() if dim is None else x.squeeze(dim),
    'unsqueeze': lambda x, dim: x.unsqueeze(dim),
    'narrow': lambda x, dim, start, length: x.narrow(dim, start, length),
    'select': lambda x, dim, index: x.select(dim, index),
    'slice': py_slice,
    'split': lambda x, size, dim=0: list(torch.split(x, size, dim)),
    'chunk': lambda x, chunks, dim=0: list(torch.chunk(x, chunks, dim)),
    'cat': lambda *xs, dim=0: torch.cat(xs, dim),
    'stack': lambda *xs, dim=0: torch.stack(xs, dim),
    'contiguous': lambda x: x.contiguous(),
    # indexing
    'gather': lambda x, index, dim: torch.gather(x, dim, index),
    'scatter': lambda x, index, src, dim: (torch.scatter(x, dim, index, src) if isinstance(src, torch.Tensor)
                                           else torch.scatter(x, dim, index, value=src)),
    'scatterAdd': lambda x, index, src, dim: torch.scatter_add(x, dim, index, src),
    'indexSelect': lambda x, index, dim: torch.index_select(x, dim, index),
    'oneHot': lambda index, numClasses=-1: F.one_hot(index, numClasses),
    'tril': lambda x, diagonal=0: torch.tril(x, diagonal),
    'triu': lambda x, diagonal=0: torch.triu(x, diagonal),
    # creation
    'arange': lambda bounds, dtype=None: torch.arange(*bounds, dtype=dtype_arg(dtype)),
    'linspace': lambda start, end, steps, dtype=None: torch.linspace(start, end, steps, dtype=dtype_arg(dtype)),
    'eye': lambda n, m=None, dtype=None: torch.eye(n, n if m is None else m, dtype=dtype_arg(dtype)),
    'full': lambda shape, value, dtype=None: torch.full(shape, value, dtype=dtype_arg(dtype)),
    # cast and print
    'to': lambda x, dtype: x.to(TORCH_DTYPE[dtype]),
    'repr': repr,
}


# ---------------------------------------------------------------- gradients

# Ops whose gradients are recorded. floorDivide is left out: PyTorch implements no derivative for it.
DIFFERENTIABLE = {op for op in UNARY if op not in ('logicalNot', 'isnan')} | {
    'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'remainder',
    'where', 'maskedFill', 'clamp', 'clampTensor',
    'sum', 'mean', 'prod', 'var', 'std', 'amax', 'amin', 'max', 'min', 'maxDim', 'minDim', 'logsumexp',
    'softmax', 'logSoftmax',
    'matmul', 'mm', 'bmm', 'dot', 'outer',
    'reshape', 'view', 'permute', 'transpose', 't', 'expand', 'flatten', 'unflatten', 'squeeze', 'unsqueeze',
    'narrow', 'select', 'slice', 'split', 'chunk', 'cat', 'stack', 'contiguous',
    'gather', 'scatter', 'scatterAdd', 'indexSelect', 'tril', 'triu',
    'to',
}


def _any(mask):
    return bool(torch.as_tensor(mask).any())


def grad_skip_reason(op, xs, args):
    """Why the gradient of `op` at these operands is ill-defined (None if it is well defined).

    PyTorch picks some subgradient at such points; recording it would pin an arbitrary choice. The
    conventions typetorch documents are kept rather than skipped: max/min with a dim route the gradient
    to the returned index (ties and NaN included); amax/amin and max/min without a dim split it evenly
    among ties; relu'(0) = 0; clamp passes it to the input at the bounds (inclusive)."""
    x = xs[0] if xs else None
    if op == 'abs' and _any(x == 0):
        return 'abs at its kink 0'
    if op in ('log', 'log2', 'sqrt', 'rsqrt', 'reciprocal') and _any(x == 0):
        return f'{op} at its singularity 0'
    if op == 'log1p' and _any(x == -1):
        return 'log1p at its singularity -1'
    if op == 'pow' and _any(torch.as_tensor(x) == 0):
        return 'pow at base 0'
    if op in ('maximum', 'minimum'):
        a, b = (torch.as_tensor(v) for v in xs)
        if _any(a == b):
            return f'{op} at ties'
        if _any(a.isnan()) or _any(b.isnan()):
            return f'{op} of nan'  # PyTorch sends the gradient to both operands
    if op in ('max', 'min', 'amax', 'amin') and _any(x.isnan()):
        # No convention: PyTorch's max() splits the gradient among the NaNs, its amax() makes it all NaN.
        return f'{op} of nan'
    if op == 'remainder':
        a, b = xs
        if _any(torch.as_tensor(b) == 0) or _any(OPS['remainder'](a, b) == 0):
            return 'remainder at a jump (a multiple of the divisor) or divisor 0'
    if op in ('var', 'std') and x.numel() > 0:
        dims = dims_of(x, args.get('dim'))
        dims = (dims,) if isinstance(dims, int) else dims
        n = math.prod(x.shape[d] for d in dims)
        if n - args.get('correction', 1) <= 0:
            return f'{op} divides by n - correction <= 0'
        if op == 'std' and _any(OPS['std'](x, **args) == 0):
            return 'std of a constant slice (sqrt at 0)'
    if op == 'prod' and not bool(torch.isfinite(x).all()):
        return 'prod of non-finite values'
    return None


def make_leaf(spec):
    """`make` with a gradient: returns (leaf, operand). The leaf is the created tensor before the layout
    steps, for floating tensors only (None for scalars and int/bool tensors)."""
    if 'scalar' in spec:
        return None, dec_number(spec['scalar'])
    x = torch.tensor([dec_number(v) for v in spec['data']], dtype=TORCH_DTYPE[spec['dtype']]).reshape(spec['shape'])
    leaf = x.requires_grad_() if x.dtype.is_floating_point else None
    layout = spec.get('layout', [])
    for step in layout if isinstance(layout, list) else [layout]:
        x = apply_layout(x, step)
    return leaf, x


def random_grad_output(out, generator):
    """A seeded gradient for `out`: magnitudes in [0.1, 1.5] with random signs, two decimals. Not ones,
    so transposed, broadcast or misplaced gradients show."""
    magnitude = torch.rand(out.shape, generator=generator, dtype=F64) * 1.4 + 0.1
    sign = torch.where(torch.rand(out.shape, generator=generator, dtype=F64) < 0.5, -1.0, 1.0)
    return ((magnitude * sign * 100).round() / 100).to(out.dtype)


GRAD_SKIPS = []  # (case, reason), printed by main


def record_grads(label, op, specs, args):
    """{'gradOutputs', 'grads'} for a case, or None when it has no well-defined gradient to record."""
    if op not in DIFFERENTIABLE:
        return None
    made = [make_leaf(s) for s in specs]
    leaves = [leaf for leaf, _ in made]
    if all(leaf is None for leaf in leaves):
        return None
    operands = [operand for _, operand in made]
    with torch.no_grad():
        reason = grad_skip_reason(op, operands, args)
    if reason is not None:
        GRAD_SKIPS.append((label, reason))
        return None
    out = OPS[op](*operands, **args)
    outs = [out] if isinstance(out, torch.Tensor) else list(out)
    # Each case gets its own generator, so the global stream (the inputs) is untouched.
    generator = torch.Generator().manual_seed(zlib.crc32(label.encode()))
    roots, grad_outputs, encoded = [], [], []
    for o in outs:
        if o.requires_grad:
            g = random_grad_output(o, generator)
            roots.append(o)
            grad_outputs.append(g)
            encoded.append(enc_tensor(g))
        else:
            encoded.append(None)
    if not roots:
        return None  # e.g. a cast to int: nothing differentiable comes out
    try:
        torch.autograd.backward(roots, grad_outputs)
    except RuntimeError as e:
        GRAD_SKIPS.append((label, f'PyTorch backward raised: {str(e).splitlines()[0]}'))
        return None
    grads = []
    for leaf in leaves:
        if leaf is not None and leaf.grad is None:
            raise AssertionError(f'{label}: an input that requires grad received no gradient')
        grads.append(None if leaf is None else enc_tensor(leaf.grad))
    return {'gradOutputs': encoded, 'grads': grads}


# ---------------------------------------------------------------- groups and cases

class Group:
    """The cases of one fixture file. PyTorch runs on the operands as `make` rebuilds them from the JSON,
    so it sees exactly what the TS side will create."""

    def __init__(self, name):
        self.name = name
        self.cases = []

    def _run(self, op, inputs, args):
        specs = [as_input(v) for v in inputs]
        operands = [make(s) for s in specs]
        return specs, lambda: OPS[op](*operands, **args)

    def _add(self, name, op, specs, args, fields):
        assert op in OPS, op
        assert all(c['name'] != name for c in self.cases), f'{self.name}: duplicate case name {name!r}'
        case = {'name': name, 'op': op, 'inputs': specs, 'args': {k: enc_arg(v) for k, v in args.items()}}
        case.update({k: v for k, v in fields.items() if v is not None})
        self.cases.append(case)

    def case(self, name, op, *inputs, tol=None, requires=None, **args):
        """A case PyTorch computes; its result is the expected output."""
        specs, run = self._run(op, inputs, args)
        try:
            out = run()
        except Exception as e:
            raise AssertionError(f'{self.name}/{name}: PyTorch raised {e}') from e
        fields = {'expected': enc_output(out), 'tol': tol, 'requires': requires}
        fields.update(record_grads(f'{self.name}/{name}', op, specs, args) or {})
        self._add(name, op, specs, args, fields)

    def maybe(self, name, op, *inputs, **args):
        """A case recorded only if PyTorch implements it (dtype sweeps over kernels torch may lack)."""
        _, run = self._run(op, inputs, args)
        try:
            run()
        except (RuntimeError, TypeError):
            return
        self.case(name, op, *inputs, **args)

    def error(self, name, op, *inputs, requires=None, **args):
        """A case where PyTorch raises: typetorch must throw too."""
        specs, run = self._run(op, inputs, args)
        try:
            run()
        except (RuntimeError, IndexError, ValueError, TypeError):
            self._add(name, op, specs, args, {'error': True, 'requires': requires})
            return
        raise AssertionError(f'{self.name}/{name}: PyTorch did not raise')


GROUPS = []


def group(name, tol=None):
    def register(fn):
        GROUPS.append((name, tol, fn))
        return fn
    return register


# Float32 tolerances the TS side applies (rtol, atol). Elementwise results are nearly exact; sums of a
# few dozen terms may differ in the last bits when a backend adds in another order.
EXACTISH = {'rtol': 1e-5, 'atol': 1e-6}
SUMS = {'rtol': 1e-5, 'atol': 1e-5}


# ---------------------------------------------------------------- unary

# Random inputs of these stay in the domain, so most outputs are finite.
POSITIVE = {'log', 'log2', 'sqrt', 'rsqrt', 'log1p'}


@group('unary', EXACTISH)
def unary_cases(g):
    for op in UNARY:
        def sample(shape, dtype=F32, decimals=2):
            x = rand(shape, dtype=dtype, decimals=decimals)
            return x.abs() + 0.05 if op in POSITIVE else x
        g.case(f'{op}: float32 [3, 4]', op, sample([3, 4]))
        # PyTorch's sign(nan) is 0, a known bug (pytorch/pytorch#41245) that typetorch does not copy.
        special = SPECIAL[:-1] if op == 'sign' else SPECIAL
        g.case(f'{op}: nan, inf, signed zero, .5 ties', op, torch.tensor(special))
        g.case(f'{op}: transposed input', op, transposed(sample([3, 4])))
        g.case(f'{op}: input with a storage offset', op, offset(sample([2, 3])))
        g.case(f'{op}: every other element', op, strided(sample([5])))
        g.case(f'{op}: expanded input', op, expanded(sample([1, 3]), [2, 3]))
        g.case(f'{op}: empty [0, 3]', op, torch.zeros(0, 3))
        g.case(f'{op}: 0-d', op, torch.tensor(0.75))
        g.case(f'{op}: size-1 dims', op, sample([1, 3, 1]))
        g.case(f'{op}: float64', op, sample([2, 3], F64, decimals=6))
        g.maybe(f'{op}: int32', op, torch.tensor([-3, -1, 0, 1, 2, 5]))
        g.maybe(f'{op}: bool', op, torch.tensor([True, False, True]))
    g.case('round: halves go to even', 'round', t(-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999997,
                                                  8388607.5, -8388607.5, 1e10))
    for op in ['exp', 'expm1', 'log1p', 'sigmoid', 'tanh']:
        g.case(f'{op}: extremes', op, t(-100, -20, -1e-7, 1e-7, 20, 100))
    g.error('neg: bool', 'neg', torch.tensor([True, False]))


# ---------------------------------------------------------------- binary

def binary_operands(op, shape_a, shape_b):
    a, b = rand(shape_a), rand(shape_b)
    if op == 'pow':
        a = a.abs() + 0.1  # a negative base to a fractional power is NaN: covered by the special grid
    if op in ('div', 'floorDivide', 'remainder'):
        b = torch.where(b.abs() < 0.1, torch.full_like(b, 0.5), b)  # division by 0: special grid
    return a, b


def int_operands(op):
    a = torch.tensor([[-7, -3, 0, 3, 7], [5, -5, 2, -2, 1]])
    if op == 'pow':
        return a.clamp(-3, 3), torch.tensor([[0, 1, 2, 3, 2], [3, 2, 1, 0, 3]])
    return a, torch.tensor([[2, -2, 3, 2, -3], [-3, 3, -2, 2, 1]])  # no zeros: int division by 0 raises


@group('relu-backward', EXACTISH)
def relu_backward_cases(g):
    """ReLU's gradient kernel (threshold_backward with threshold 0): the gradient where the output > 0."""
    op = 'reluBackward'
    g.case(f'{op}: float32 same shape', op, rand([2, 3]), rand([2, 3]).relu())
    g.case(f'{op}: negative and zero outputs', op, rand([2, 4]), t(-1, 0, -0.0, 2, 0.5, -3, 0, 1).reshape(2, 4))
    g.case(f'{op}: special grid', op, torch.tensor(SPECIAL).reshape(-1, 1),
           t(-INF, -2, -0.0, 0, 1.5, INF, NAN).reshape(1, -1))
    g.case(f'{op}: broadcast [4, 1] with [3]', op, rand([4, 1]), rand([3]))
    g.case(f'{op}: 0-d output', op, rand([2, 3]), t(0.5).reshape([]))
    a, b = rand([3, 4]), rand([3, 4])
    g.case(f'{op}: transposed and strided operands', op, transposed(a), strided(rand([3, 4])))
    g.case(f'{op}: offset operand', op, offset(a), b)
    g.case(f'{op}: long rows', op, rand([3, 37]), rand([3, 37]))
    g.case(f'{op}: float64', op, rand([2, 3], dtype=F64), rand([2, 3], dtype=F64))


@group('binary', EXACTISH)
def binary_cases(g):
    grid_a = torch.tensor(SPECIAL).reshape(-1, 1)
    grid_b = t(-INF, -2, -0.5, -0.0, 0, 1.5, 3, INF, NAN).reshape(1, -1)
    for op in BINARY:
        g.case(f'{op}: float32 same shape', op, *binary_operands(op, [2, 3], [2, 3]))
        g.case(f'{op}: broadcast [2, 1, 3] with [4, 1]', op, *binary_operands(op, [2, 1, 3], [4, 1]))
        g.case(f'{op}: size-1 dims [3, 1] with [1, 4]', op, *binary_operands(op, [3, 1], [1, 4]))
        a, b = binary_operands(op, [2, 3], [])
        g.case(f'{op}: 0-d second operand', op, a, b)
        g.case(f'{op}: 0-d first operand', op, b, a)
        if op in SCALAR_OK:
            g.case(f'{op}: scalar second operand', op, a, 0.75)
            g.case(f'{op}: negative scalar second operand', op, a, -1.25)
        if op in REFLECTED:
            g.case(f'{op}: scalar first operand', op, 1.25, a)
        a, b = binary_operands(op, [3, 4], [3, 4])
        g.case(f'{op}: transposed and strided operands', op, transposed(a), strided(b))
        g.case(f'{op}: offset operand', op, offset(a), b)
        a, b = binary_operands(op, [1, 3], [4, 3])
        g.case(f'{op}: expanded operand', op, expanded(a, [4, 3]), b)
        g.case(f'{op}: empty [0, 3] with [3]', op, torch.zeros(0, 3), rand([3]))
        g.case(f'{op}: empty [2, 0] with [2, 1]', op, torch.zeros(2, 0), rand([2, 1]))
        g.case(f'{op}: nan, inf and signed zero grid', op, grid_a, grid_b)
        a, b = binary_operands(op, [2, 3], [2, 3])
        g.case(f'{op}: float64', op, a.double() + 1e-7, b.double())
        g.maybe(f'{op}: int32', op, *int_operands(op))
        g.maybe(f'{op}: bool', op, torch.tensor([True, True, False, False]), torch.tensor([True, False, True, False]))
    a, b = binary_operands('add', [2, 3], [2, 3])
    g.case('add: alpha 2.5', 'add', a, b, alpha=2.5)
    g.case('sub: alpha -0.5', 'sub', a, b, alpha=-0.5)
    g.case('add: int32 with int alpha', 'add', *int_operands('add'), alpha=3)
    g.case('sub: alpha with scalar other', 'sub', a, 0.5, alpha=3)
    g.error('add: float alpha on int32', 'add', *int_operands('add'), alpha=0.5)
    # Floored division and modulo are exact in PyTorch (fmod based), not floor(a / b).
    x, y = t(1, -1, 5, -5, 7.5, -7.5), t(0.1, 0.1, 0.3, 0.3, -2, 2)
    for op in ['floorDivide', 'remainder']:
        g.case(f'{op}: inexact divisors', op, x, y)
        g.case(f'{op}: inexact divisors float64', op, x.double(), t(0.1, 0.1, 0.3, 0.3, -2, 2, dtype=F64))
    g.case('pow: integer exponents of negative bases', 'pow', t(-2, -0.5, 0, 3), t(3, 2, 0, -1))
    g.case('pow: float32 to scalar 2', 'pow', t(-2, -0.5, 0, 3), 2)
    g.case('pow: float32 to scalar -0.5', 'pow', t(4, 0.25, 0, 3), -0.5)
    g.case('pow: int32 base with int scalar', 'pow', torch.tensor([-3, -1, 0, 2, 5]), 3)
    g.case('pow: scalar 2 to int32 exponents', 'pow', 2, torch.tensor([0, 1, 5, 10]))
    g.case('pow: int32 negative exponent tensor', 'pow', torch.tensor([2, -2, 1, -1, 0, 3]), torch.tensor([-1, -1, -3, -3, -1, -2]))
    g.error('add: shapes [3] and [4] do not broadcast', 'add', rand([3]), rand([4]))
    g.error('mul: shapes [2, 3] and [3, 2] do not broadcast', 'mul', rand([2, 3]), rand([3, 2]))
    g.error('sub: bool - bool', 'sub', torch.tensor([True]), torch.tensor([False]))


# ---------------------------------------------------------------- type promotion

@group('promotion', EXACTISH)
def promotion_cases(g):
    i = torch.tensor([-3, 0, 2, 7])
    j = torch.tensor([2, -4, 5, 1])
    b = torch.tensor([True, False, True, False])
    f = t(0.5, -1.25, 2, 3.75)
    f64 = torch.tensor([0.1, 0.2, -0.3, 4], dtype=F64)
    cases = [
        ('int32 tensor + float scalar -> float32', 'add', i, 2.5),
        ('int32 tensor + int scalar -> int32', 'add', i, 2),
        ('int32 tensor + int32 tensor -> int32', 'add', i, j),
        ('int32 tensor * float scalar -> float32', 'mul', i, 0.5),
        ('bool tensor + int scalar -> int32', 'add', b, 2),
        ('bool tensor + float scalar -> float32', 'add', b, 2.5),
        ('bool tensor + bool scalar -> bool', 'add', b, True),
        ('bool tensor + bool tensor -> bool', 'add', b, torch.tensor([True, True, False, False])),
        ('bool tensor * bool tensor -> bool', 'mul', b, torch.tensor([True, True, False, False])),
        ('bool tensor + int32 tensor -> int32', 'add', b, i),
        ('bool tensor * float32 tensor -> float32', 'mul', b, f),
        ('0-d float64 + float32 tensor -> float32', 'add', torch.tensor(0.1, dtype=F64), f),
        ('float32 tensor + 0-d float64 -> float32', 'add', f, torch.tensor(0.1, dtype=F64)),
        ('int32 tensor + 0-d float64 -> float64', 'add', i, torch.tensor(0.1, dtype=F64)),
        ('int32 tensor + 0-d float32 -> float32', 'add', i, torch.tensor(0.1)),
        ('int32 tensor + 0-d bool -> int32', 'add', i, torch.tensor(True)),
        ('bool tensor + 0-d int32 -> int32', 'add', b, torch.tensor(3)),
        ('bool tensor + 0-d float64 -> float64', 'add', b, torch.tensor(0.5, dtype=F64)),
        ('float32 tensor + 0-d int32 -> float32', 'add', f, torch.tensor(3)),
        ('float32 tensor + float64 tensor -> float64', 'add', f, f64),
        ('float64 tensor + float scalar -> float64', 'add', f64, 0.1),
        ('0-d float64 + float scalar -> float64', 'add', torch.tensor(0.25, dtype=F64), 0.1),
        ('0-d int32 + 0-d float64 -> float64', 'add', torch.tensor(3), torch.tensor(0.5, dtype=F64)),
        ('0-d int32 + float scalar -> float32', 'add', torch.tensor(3), 0.5),
        ('0-d int32 + 0-d int32 -> int32', 'mul', torch.tensor(3), torch.tensor(-4)),
        ('int32 / int32 -> float32', 'div', i, j),
        ('int32 / int scalar -> float32', 'div', i, 2),
        ('int scalar / int32 -> float32', 'div', 6, j),
        ('bool / bool -> float32', 'div', b, torch.tensor([True, True, True, True])),
        ('float64 / int32 -> float64', 'div', f64, j),
        ('int32 < float scalar compares as float', 'lt', torch.tensor([1, 2, 3]), 2.5),
        ('int32 == float scalar compares as float', 'eq', torch.tensor([2, 3]), 2.5),
        ('int32 > float32 tensor', 'gt', i, f),
        ('float64 == float32 tensor compares in float64', 'eq', torch.tensor([0.1], dtype=F64), t(0.1)),
        ('int32 maximum float32 -> float32', 'maximum', i, f),
        ('bool minimum int32 -> int32', 'minimum', b, j),
        ('int32 ** float scalar -> float32', 'pow', torch.tensor([1, 4, 9]), 0.5),
        ('int scalar ** int32 -> int32', 'pow', 2, torch.tensor([0, 3, 4])),
        ('float scalar ** int32 -> float32', 'pow', 2.5, torch.tensor([0, 1, 2])),
        ('int32 floorDivide float scalar -> float32', 'floorDivide', i, 2.5),
        ('int32 remainder float scalar -> float32', 'remainder', i, 2.5),
        ('int32 remainder int32', 'remainder', i, j),
        ('float32 logicalAnd int32 -> bool', 'logicalAnd', f, i),
        ('float32 logicalXor bool -> bool', 'logicalXor', t(0, NAN, -0.0, 2), b),
    ]
    for name, op, x, y in cases:
        g.case(name, op, x, y)
    g.case('where: int32 and float64 -> float64', 'where', b, i, f64)
    g.case('where: int32 and float scalar -> float32', 'where', b, i, 0.5)
    g.case('where: 0-d float64 and float32 -> float32', 'where', b, torch.tensor(0.5, dtype=F64), f)
    g.case('where: bool and int32 -> int32', 'where', b, b, j)
    g.case('where: float scalars -> float32', 'where', b, 1.5, -0.5)
    g.case('where: bool and int scalars -> int32', 'where', b, True, 0)
    g.case('maskedFill: int32 with float value truncates', 'maskedFill', i, b, 2.7)
    g.case('maskedFill: bool with int value', 'maskedFill', torch.tensor([False, False, True, True]), b, 1)
    g.case('maskedFill: bool with float value', 'maskedFill', torch.tensor([False, False, True, True]), b, 0.5)
    g.case('clamp: int32 with float bound -> float32', 'clamp', i, min=0.5)
    g.case('clamp: int32 with int bounds -> int32', 'clamp', i, min=-1, max=3)
    g.case('cat: int32 and float32 -> float32', 'cat', i, f)
    g.case('cat: bool and int32 -> int32', 'cat', b, i)
    g.case('cat: float32 and float64 -> float64', 'cat', f, f64)
    g.error('sub: bool tensor - bool scalar', 'sub', b, True)
    g.error('sub: int32 - bool', 'sub', i, b)
    g.error('sub: bool - int scalar', 'sub', b, 1)
    g.error('sub: float32 - bool scalar', 'sub', f, True)
    g.error('sub: int scalar - bool', 'sub', 1, b)


# ---------------------------------------------------------------- conditional

@group('conditional', EXACTISH)
def conditional_cases(g):
    x, y = rand([2, 3]), rand([2, 3])
    cond = torch.tensor([[True, False, True], [False, False, True]])
    g.case('where: same shapes', 'where', cond, x, y)
    g.case('where: broadcast condition and operands', 'where', torch.tensor([[True], [False]]), rand([1, 3]), rand([2, 3]))
    g.case('where: 3-D broadcast', 'where', randbool([2, 1, 4]), rand([3, 1]), rand([4]))
    g.case('where: scalar operands', 'where', cond, 1.5, -INF)
    g.case('where: scalar other', 'where', cond, x, 0.5)
    g.case('where: scalar input', 'where', cond, -0.25, y)
    g.case('where: 0-d tensors', 'where', cond, torch.tensor(1.5), torch.tensor(-2.5))
    g.case('where: 0-d condition', 'where', torch.tensor(True), x, y)
    g.case('where: int32', 'where', cond, randint([2, 3]), randint([2, 3]))
    g.case('where: bool', 'where', cond, randbool([2, 3]), randbool([2, 3]))
    g.case('where: float64', 'where', cond, x.double(), y.double())
    g.case('where: nan and inf pass through', 'where', torch.tensor([True, False, True]), t(NAN, 1, INF), t(2, NAN, 3))
    g.case('where: non-contiguous inputs', 'where', transposed(randbool([3, 4])), strided(rand([3, 4])), offset(rand([3, 4])))
    g.case('where: expanded condition', 'where', expanded(randbool([1, 4]), [3, 4]), rand([3, 4]), rand([3, 4]))
    g.case('where: empty', 'where', torch.zeros(0, 3, dtype=BOOL), torch.zeros(0, 3), rand([3]))
    g.error('where: condition not bool', 'where', t(1, 0), t(1, 2), t(3, 4))
    g.error('where: shapes do not broadcast', 'where', torch.tensor([True, False]), rand([3]), rand([3]))

    mask = torch.tensor([[False, True, False], [True, True, False]])
    g.case('maskedFill: float value', 'maskedFill', x, mask, 0.5)
    g.case('maskedFill: -inf (attention mask)', 'maskedFill', x, mask, -INF)
    g.case('maskedFill: nan value', 'maskedFill', x, mask, NAN)
    g.case('maskedFill: broadcast row mask', 'maskedFill', rand([3, 4]), torch.tensor([True, False, False, True]), -1.5)
    g.case('maskedFill: broadcast column mask', 'maskedFill', rand([3, 4]), torch.tensor([[True], [False], [True]]), 9.5)
    g.case('maskedFill: 0-d tensor value', 'maskedFill', x, mask, torch.tensor(-0.75))
    g.case('maskedFill: int32', 'maskedFill', randint([2, 3]), mask, -9)
    g.case('maskedFill: bool', 'maskedFill', randbool([2, 3]), mask, True)
    g.case('maskedFill: float64', 'maskedFill', x.double(), mask, 0.125)
    g.case('maskedFill: non-contiguous input and mask', 'maskedFill', transposed(rand([3, 4])), strided(randbool([3, 4])), 0.5)
    g.case('maskedFill: empty', 'maskedFill', torch.zeros(0, 3), torch.zeros(0, 3, dtype=BOOL), 1.5)
    g.case('maskedFill: all false', 'maskedFill', x, torch.zeros(2, 3, dtype=BOOL), 1.5)
    g.case('maskedFill: mask broadcasts the result', 'maskedFill', rand([3]), mask, -2.5)
    g.error('maskedFill: value tensor with dims', 'maskedFill', x, mask, t(1, 2, 3))

    v = t(-3, -1.5, -0.25, 0, 0.5, 2, 7.5, NAN, INF, -INF)
    g.case('clamp: min only', 'clamp', v, min=-1)
    g.case('clamp: max only', 'clamp', v, max=0.75)
    g.case('clamp: min and max', 'clamp', v, min=-1, max=1)
    g.case('clamp: min > max gives max everywhere', 'clamp', v, min=2, max=-1)
    g.case('clamp: infinite bounds', 'clamp', v, min=-INF, max=INF)
    g.case('clamp: int32', 'clamp', randint([2, 4]), min=-2, max=3)
    g.case('clamp: float64', 'clamp', v.double(), min=-0.3, max=0.3)
    g.case('clamp: transposed input', 'clamp', transposed(rand([3, 4])), min=-0.5, max=0.5)
    g.case('clamp: empty', 'clamp', torch.zeros(0, 2), min=0, max=1)
    g.case('clamp: 0-d', 'clamp', torch.tensor(5.5), max=2.5)
    g.case('clampTensor: broadcast tensor bounds', 'clampTensor', rand([3, 4]), rand([4], -1, 0), rand([3, 1], 0, 1))
    g.case('clampTensor: min > max gives max', 'clampTensor', rand([3]), t(2, 2, 2), t(1, -1, 0.5))
    g.error('clamp: neither bound', 'clamp', v)


# ---------------------------------------------------------------- reductions

def reduce_sweep(g, op, x, label, dims=(None, 0, -1, [0, 2]), keepdims=(False, True), **args):
    for dim in dims:
        for keepdim in keepdims:
            g.case(f'{op}: {label} dim={json.dumps(dim)} keepdim={keepdim}', op, x, dim=dim, keepdim=keepdim, **args)


@group('reduce', SUMS)
def reduce_cases(g):
    x = rand([2, 3, 4])
    empty = torch.zeros(0, 3)
    for op in ['sum', 'mean', 'amax', 'amin', 'logsumexp']:
        reduce_sweep(g, op, x, '[2, 3, 4]')
        g.case(f'{op}: dims [-1, 0]', op, x, dim=[-1, 0])
        g.case(f'{op}: transposed input', op, transposed(rand([3, 4])), dim=0)
        g.case(f'{op}: permuted input over dims [0, 1]', op, permuted(x, [2, 0, 1]), dim=[0, 1])
        g.case(f'{op}: expanded input', op, expanded(rand([1, 4]), [3, 4]), dim=0)
        g.case(f'{op}: size-1 dim', op, rand([3, 1, 2]), dim=1)
        g.case(f'{op}: 0-d', op, torch.tensor(1.5))
        g.case(f'{op}: float64', op, rand([3, 4], dtype=F64, decimals=6), dim=1)
        g.case(f'{op}: nan propagates', op, t(1, NAN, 3, 2, 5, 4).reshape(2, 3), dim=1)
        g.case(f'{op}: infinities', op, t(1, INF, -INF, 0, -INF, -INF, INF, INF).reshape(4, 2), dim=1)
        g.maybe(f'{op}: int32', op, randint([3, 4]), dim=0)
        g.maybe(f'{op}: bool', op, randbool([3, 4]), dim=1)
    for op in ['sum', 'mean', 'logsumexp']:
        g.case(f'{op}: empty over all dims', op, empty)
        g.case(f'{op}: empty over the empty dim', op, empty, dim=0)
        g.case(f'{op}: empty over a non-empty dim', op, empty, dim=1)
    g.case('sum: int32 over all dims', 'sum', randint([3, 4]))
    g.case('sum: bool counts as int32', 'sum', randbool([3, 4]))
    g.case('logsumexp: large values', 'logsumexp', t(1000, 1001, 1002, -1000, -1001, -1002).reshape(2, 3), dim=1)
    g.case('logsumexp: -inf rows', 'logsumexp', t(-INF, -INF, -INF, -INF, 0, 1).reshape(3, 2), dim=1)
    g.case('logsumexp: -inf rows keepdim', 'logsumexp', t(-INF, -INF, -INF, -INF, 0, 1).reshape(3, 2), dim=1, keepdim=True)
    g.case('logsumexp: -inf and inf over several dims', 'logsumexp', t(-INF, -INF, -INF, -INF, INF, 1, 2, 3).reshape(2, 2, 2),
           dim=[0, 2])
    g.case('logsumexp: int32 input -> float32', 'logsumexp', randint([2, 3]), dim=1)
    for op in ['amax', 'amin']:
        g.case(f'{op}: empty over a non-empty dim', op, empty, dim=1)
        g.error(f'{op}: empty over the empty dim', op, empty, dim=0)
    g.error('mean: int32', 'mean', randint([3]))
    g.error('sum: dim out of range', 'sum', x, dim=3)
    g.error('sum: repeated dim', 'sum', x, dim=[1, -2])

    # prod, all and any reduce over one dim or all of them.
    p = rand([2, 3, 4], 0.5, 1.5)
    for op in ['prod', 'all', 'any']:
        data = p if op == 'prod' else (rand([2, 3, 4]) > 0).to(BOOL)
        g.case(f'{op}: all dims', op, data)
        for dim in [0, 1, -1]:
            for keepdim in [False, True]:
                g.case(f'{op}: dim={dim} keepdim={keepdim}', op, data, dim=dim, keepdim=keepdim)
        g.case(f'{op}: transposed input', op, transposed(data[0]), dim=1)
        g.case(f'{op}: empty over all dims', op, torch.zeros(0, 3, dtype=data.dtype))
        g.case(f'{op}: empty over the empty dim', op, torch.zeros(0, 3, dtype=data.dtype), dim=0)
        g.case(f'{op}: 0-d', op, torch.tensor(True if op != 'prod' else 2.5))
        g.case(f'{op}: float input', op, t(0, 2.5, NAN, -0.0, 1, -1).reshape(2, 3), dim=1)
        g.case(f'{op}: int32 input', op, torch.tensor([[0, 2, -3], [1, 1, 4]]), dim=1)
    g.case('prod: with zero and inf', 'prod', t(0, INF, 2, 3, -INF, 0.5).reshape(2, 3), dim=1)
    g.case('prod: bool -> int32', 'prod', torch.tensor([True, True, False]))

    v = rand([3, 4])
    for op in ['var', 'std']:
        for correction in [0, 1]:
            reduce_sweep(g, op, x, f'correction={correction}', correction=correction)
        g.case(f'{op}: default correction', op, v, dim=1)
        g.case(f'{op}: dims [0, 1] of 3-D', op, x, dim=[0, 1])
        g.case(f'{op}: transposed input', op, transposed(v), dim=0)
        g.case(f'{op}: correction 2', op, v, dim=1, correction=2)
        g.case(f'{op}: one element with correction 1 is nan', op, t(2.5), dim=0)
        g.case(f'{op}: constant rows', op, t(3, 3, 3, 1, 1, 1).reshape(2, 3), dim=1)
        g.case(f'{op}: float64', op, v.double(), dim=0)
        g.case(f'{op}: nan propagates', op, t(1, NAN, 3, 2), dim=0)
        g.case(f'{op}: empty dim is nan', op, torch.zeros(0, 3), dim=0)
        g.case(f'{op}: correction larger than the count', op, t(1, 2), dim=0, correction=3)
        g.error(f'{op}: int32', op, randint([3]), dim=0)

    # max/min/argmax/argmin: ties pick the first index; NaN wins and reports its first index.
    ties = t(1, 3, 3, 2, 2, 1, 0, 0, 0, 5, -1, 5).reshape(4, 3)
    nans = t(1, NAN, 3, NAN, 2, 7, 0, 1, NAN).reshape(3, 3)
    for op in ['maxDim', 'minDim']:
        for dim in [0, 1, -1]:
            for keepdim in [False, True]:
                g.case(f'{op}: ties dim={dim} keepdim={keepdim}', op, ties, dim=dim, keepdim=keepdim)
        g.case(f'{op}: 3-D dim 1', op, x, dim=1)
        g.case(f'{op}: nan', op, nans, dim=1)
        g.case(f'{op}: transposed input', op, transposed(rand([3, 4])), dim=1)
        g.case(f'{op}: int32', op, randint([3, 4], -2, 2), dim=0)
        g.case(f'{op}: bool', op, randbool([3, 4]), dim=1)
        g.case(f'{op}: 0-d', op, torch.tensor(2.5), dim=0)
        g.case(f'{op}: -inf and inf', op, t(-INF, -INF, INF, INF), dim=0)
        g.case(f'{op}: 0-d keepdim', op, torch.tensor(2.5), dim=0, keepdim=True)
        g.case(f'{op}: expanded input ties', op, expanded(rand([3, 1]), [3, 4]), dim=1)
        g.case(f'{op}: empty with a non-empty dim', op, torch.zeros(0, 3), dim=1)
        g.error(f'{op}: empty dim', op, torch.zeros(2, 0), dim=1)
    for op in ['max', 'min']:
        g.case(f'{op}: all elements', op, x)
        g.case(f'{op}: nan', op, nans)
        g.case(f'{op}: int32', op, randint([3, 4]))
        g.case(f'{op}: strided input', op, strided(rand([3, 4])))
        g.maybe(f'{op}: bool', op, randbool([3, 4]))
        g.error(f'{op}: empty', op, empty)
    for op in ['argmax', 'argmin']:
        g.case(f'{op}: flattened', op, x)
        g.case(f'{op}: flattened keepdim', op, x, keepdim=True)
        g.case(f'{op}: flattened ties', op, ties)
        g.case(f'{op}: flattened nan', op, nans)
        for dim in [0, 1, -1]:
            for keepdim in [False, True]:
                g.case(f'{op}: ties dim={dim} keepdim={keepdim}', op, ties, dim=dim, keepdim=keepdim)
        g.case(f'{op}: nan dim=1', op, nans, dim=1)
        g.case(f'{op}: transposed input', op, transposed(ties), dim=1)
        g.case(f'{op}: flattened transposed input', op, transposed(ties))
        g.case(f'{op}: int32', op, randint([3, 4], -2, 2), dim=1)
        g.case(f'{op}: 0-d', op, torch.tensor(2.5))
        g.case(f'{op}: empty with a non-empty dim', op, torch.zeros(0, 3), dim=1)
        g.error(f'{op}: empty', op, empty)
        g.error(f'{op}: empty dim', op, empty, dim=0)


# ---------------------------------------------------------------- softmax

@group('softmax', EXACTISH)
def softmax_cases(g):
    x = rand([2, 3, 4], -3, 3)
    for op in ['softmax', 'logSoftmax']:
        for dim in [0, 1, 2, -1]:
            g.case(f'{op}: [2, 3, 4] dim={dim}', op, x, dim=dim)
        g.case(f'{op}: large values are stable', op, t(1000, 1001, 1002, -1000, -1001, -1002).reshape(2, 3), dim=1)
        g.case(f'{op}: huge spread', op, t(0, 100, -100, 50), dim=0)
        g.case(f'{op}: -inf entries', op, t(-INF, 0, 1, -INF, -INF, 2).reshape(2, 3), dim=1)
        g.case(f'{op}: all -inf row is nan', op, t(-INF, -INF, 0, 1).reshape(2, 2), dim=1)
        g.case(f'{op}: +inf entry', op, t(INF, 0, 1), dim=0)
        g.case(f'{op}: nan entry', op, t(NAN, 0, 1, 2, 3, 4).reshape(2, 3), dim=1)
        g.case(f'{op}: transposed input', op, transposed(rand([3, 4])), dim=1)
        g.case(f'{op}: transposed input over dim 0', op, transposed(rand([3, 4])), dim=0)
        g.case(f'{op}: strided input', op, strided(rand([2, 5])), dim=-1)
        g.case(f'{op}: expanded input', op, expanded(rand([1, 4]), [3, 4]), dim=0)
        g.case(f'{op}: size-1 dim', op, rand([3, 1]), dim=1)
        g.case(f'{op}: 0-d', op, torch.tensor(0.5), dim=0)
        g.case(f'{op}: empty', op, torch.zeros(0, 3), dim=1)
        g.case(f'{op}: empty reduced dim', op, torch.zeros(3, 0), dim=1)
        g.case(f'{op}: float64', op, rand([2, 3], dtype=F64, decimals=6), dim=1)
        g.error(f'{op}: dim out of range', op, x, dim=3)


# ---------------------------------------------------------------- linear algebra

@group('linalg', SUMS)
def linalg_cases(g):
    def r(*shape, dtype=F32):
        return rand(list(shape), dtype=dtype)
    forms = [
        ('1-D . 1-D', r(4), r(4)),
        ('2-D @ 2-D', r(3, 4), r(4, 2)),
        ('1-D @ 2-D', r(4), r(4, 3)),
        ('2-D @ 1-D', r(3, 4), r(4)),
        ('batched 3-D @ 3-D', r(2, 3, 4), r(2, 4, 5)),
        ('broadcast batch [2, 1, 3, 4] @ [5, 4, 2]', r(2, 1, 3, 4), r(5, 4, 2)),
        ('broadcast batch [1, 3, 4] @ [2, 4, 2]', r(1, 3, 4), r(2, 4, 2)),
        ('3-D @ 2-D', r(2, 3, 4), r(4, 2)),
        ('4-D @ 2-D', r(2, 2, 3, 4), r(4, 2)),
        ('2-D @ 3-D', r(3, 4), r(2, 4, 5)),
        ('1-D @ 3-D', r(4), r(2, 4, 3)),
        ('3-D @ 1-D', r(2, 3, 4), r(4)),
        ('size-1 dims [1, 4] @ [4, 1]', r(1, 4), r(4, 1)),
        ('K = 0', r(3, 0), r(0, 2)),
        ('M = 0', r(0, 4), r(4, 2)),
        ('batch = 0', r(0, 2, 3), r(0, 3, 2)),
        ('1-D . 1-D empty', r(0), r(0)),
        ('float64', r(3, 4, dtype=F64), r(4, 2, dtype=F64)),
    ]
    for name, a, b in forms:
        g.case(f'matmul: {name}', 'matmul', a, b)
    a, b = r(3, 4), r(4, 5)
    g.case('matmul: transposed left', 'matmul', transposed(a), b)
    g.case('matmul: transposed right', 'matmul', a, transposed(b))
    g.case('matmul: both transposed', 'matmul', transposed(a), transposed(b))
    g.case('matmul: strided operands', 'matmul', strided(a), strided(b, 0))
    g.case('matmul: offset operand', 'matmul', offset(a), b)
    g.case('matmul: transposed batched', 'matmul', transposed(r(2, 3, 4)), transposed(r(2, 4, 5), 0, 1))
    g.case('matmul: permuted 3-D @ 2-D', 'matmul', permuted(r(2, 3, 4), [1, 0, 2]), r(4, 2))
    g.case('matmul: expanded batch', 'matmul', expanded(r(1, 3, 4), [3, 3, 4]), r(3, 4, 2))
    g.case('matmul: nan and inf', 'matmul', t(1, NAN, INF, 1).reshape(2, 2), t(1, 0, 0, 1).reshape(2, 2))
    g.error('matmul: inner sizes differ', 'matmul', r(3, 4), r(5, 2))
    g.error('matmul: 1-D sizes differ', 'matmul', r(3), r(4))
    g.error('matmul: batch sizes do not broadcast', 'matmul', r(2, 3, 4), r(3, 4, 2))
    g.error('matmul: 0-d operand', 'matmul', torch.tensor(2.5), r(3))
    g.error('matmul: float32 @ float64', 'matmul', r(2, 2), r(2, 2, dtype=F64))

    g.case('mm: [3, 4] @ [4, 2]', 'mm', r(3, 4), r(4, 2))
    g.case('mm: transposed operands', 'mm', transposed(r(3, 4)), transposed(r(4, 2)))
    g.case('mm: K = 0', 'mm', r(2, 0), r(0, 3))
    g.error('mm: 1-D operand', 'mm', r(4), r(4, 2))
    g.error('mm: sizes differ', 'mm', r(3, 4), r(3, 4))
    g.case('bmm: [2, 3, 4] @ [2, 4, 5]', 'bmm', r(2, 3, 4), r(2, 4, 5))
    g.case('bmm: transposed operands', 'bmm', transposed(r(2, 3, 4)), transposed(r(2, 4, 2)))
    g.error('bmm: 2-D operand', 'bmm', r(3, 4), r(4, 2))
    g.error('bmm: batch sizes differ', 'bmm', r(2, 3, 4), r(3, 4, 2))
    g.case('dot: [5] . [5]', 'dot', r(5), r(5))
    g.case('dot: strided operands', 'dot', strided(r(4)), r(4))
    g.case('dot: float64', 'dot', r(3, dtype=F64), r(3, dtype=F64))
    g.error('dot: sizes differ', 'dot', r(3), r(4))
    g.error('dot: 2-D operand', 'dot', r(2, 2), r(2))
    g.case('outer: [3] x [4]', 'outer', r(3), r(4))
    g.case('outer: int32', 'outer', randint([3]), randint([2]))
    g.case('outer: empty', 'outer', r(0), r(3))
    g.case('outer: strided operands', 'outer', strided(r(3)), strided(r(2)))
    g.error('outer: 2-D operand', 'outer', r(2, 2), r(2))


# ---------------------------------------------------------------- shape

@group('shape', EXACTISH)
def shape_cases(g):
    x = rand([2, 3, 4])
    nc = transposed(rand([3, 4]))  # a [3, 4] view with strides [1, 3]
    for shape in [[4, 6], [-1], [3, -1, 2], [24], [2, 12, 1], [1, 2, 3, 4]]:
        g.case(f'reshape: [2, 3, 4] to {shape}', 'reshape', x, shape=shape)
        g.case(f'view: [2, 3, 4] to {shape}', 'view', x, shape=shape)
    g.case('reshape: transposed input copies', 'reshape', nc, shape=[12])
    g.case('reshape: transposed input to [2, 6]', 'reshape', nc, shape=[2, 6])
    g.case('reshape: [1] to 0-d', 'reshape', t(2.5), shape=[])
    g.case('reshape: 0-d to [1, 1]', 'reshape', torch.tensor(2.5), shape=[1, 1])
    g.case('reshape: empty with -1', 'reshape', torch.zeros(0, 3), shape=[3, -1])
    g.case('reshape: int32 strided', 'reshape', strided(randint([2, 3])), shape=[3, 2])
    g.case('view: transposed input, compatible split', 'view', nc, shape=[3, 2, 2])
    g.case('view: expanded input keeps stride 0', 'view', expanded(rand([1, 4]), [3, 4]), shape=[3, 2, 2])
    g.error('view: transposed input, incompatible', 'view', nc, shape=[12])
    g.error('reshape: wrong element count', 'reshape', x, shape=[5, 5])
    g.error('reshape: two -1', 'reshape', x, shape=[-1, -1])
    g.error('reshape: -1 is ambiguous for 0 elements', 'reshape', torch.zeros(0, 3), shape=[3, 0, -1])

    for dims in [[2, 0, 1], [-1, 0, 1], [0, 1, 2], [1, 2, 0]]:
        g.case(f'permute: {dims}', 'permute', x, dims=dims)
    g.case('permute: non-contiguous input', 'permute', permuted(x, [2, 0, 1]), dims=[1, 2, 0])
    g.error('permute: repeated dim', 'permute', x, dims=[0, 0, 1])
    g.error('permute: wrong number of dims', 'permute', x, dims=[0, 1])
    for d0, d1 in [(0, 2), (-1, -2), (1, 1)]:
        g.case(f'transpose: {d0}, {d1}', 'transpose', x, dim0=d0, dim1=d1)
    g.case('transpose: non-contiguous input', 'transpose', nc, dim0=0, dim1=1)
    g.error('transpose: dim out of range', 'transpose', x, dim0=0, dim1=3)
    g.case('t: 2-D', 't', rand([2, 3]))
    g.case('t: 1-D', 't', rand([3]))
    g.case('t: 0-d', 't', torch.tensor(1.5))
    g.error('t: 3-D', 't', x)

    g.case('expand: [3, 1] to [3, 4]', 'expand', rand([3, 1]), sizes=[3, 4])
    g.case('expand: [1, 3] to [2, 2, 3]', 'expand', rand([1, 3]), sizes=[2, 2, 3])
    g.case('expand: -1 keeps a size', 'expand', rand([3, 1]), sizes=[-1, 2])
    g.case('expand: 0-d to [2, 3]', 'expand', torch.tensor(7.5), sizes=[2, 3])
    g.case('expand: to size 0', 'expand', rand([1, 3]), sizes=[0, 3])
    g.case('expand: transposed input', 'expand', transposed(rand([3, 2])), sizes=[2, 3, 2])
    g.error('expand: non-singleton dim', 'expand', rand([3, 2]), sizes=[3, 4])
    g.error('expand: fewer sizes than dims', 'expand', rand([3, 1]), sizes=[3])
    g.error('expand: -1 in a new leading dim', 'expand', rand([3, 1]), sizes=[-1, 3, 2])

    g.case('flatten: all dims', 'flatten', x)
    g.case('flatten: dims 1..2', 'flatten', x, startDim=1, endDim=2)
    g.case('flatten: dims 0..1', 'flatten', x, startDim=0, endDim=1)
    g.case('flatten: negative dims', 'flatten', x, startDim=-2, endDim=-1)
    g.case('flatten: 0-d', 'flatten', torch.tensor(3.5))
    g.case('flatten: transposed input', 'flatten', nc)
    g.error('flatten: start after end', 'flatten', x, startDim=2, endDim=1)
    g.case('unflatten: dim 2 into [2, 2]', 'unflatten', x, dim=2, sizes=[2, 2])
    g.case('unflatten: with -1', 'unflatten', x, dim=-1, sizes=[-1, 2])
    g.case('unflatten: dim 0 into [1, 2]', 'unflatten', x, dim=0, sizes=[1, 2])
    g.error('unflatten: sizes do not multiply to the dim', 'unflatten', x, dim=2, sizes=[3, 2])

    s = rand([1, 3, 1, 2])
    g.case('squeeze: all size-1 dims', 'squeeze', s)
    g.case('squeeze: dim 2', 'squeeze', s, dim=2)
    g.case('squeeze: dim of size 3 is a no-op', 'squeeze', s, dim=1)
    g.case('squeeze: negative dim', 'squeeze', s, dim=-4)
    g.case('squeeze: 0-d', 'squeeze', torch.tensor(1.5))
    g.case('squeeze: 0-d with dim 0', 'squeeze', torch.tensor(1.5), dim=0)
    g.case('squeeze: non-contiguous input', 'squeeze', transposed(rand([1, 3]), 0, 1))
    g.error('squeeze: dim out of range', 'squeeze', s, dim=4)
    for dim in [0, 1, 2, -1, -3]:
        g.case(f'unsqueeze: dim {dim}', 'unsqueeze', rand([2, 3]), dim=dim)
    g.case('unsqueeze: 0-d', 'unsqueeze', torch.tensor(1.5), dim=0)
    g.case('unsqueeze: transposed input', 'unsqueeze', nc, dim=1)
    g.error('unsqueeze: dim out of range', 'unsqueeze', rand([2, 3]), dim=3)

    g.case('narrow: dim 1 from 1, length 2', 'narrow', x, dim=1, start=1, length=2)
    g.case('narrow: negative start', 'narrow', x, dim=-1, start=-3, length=2)
    g.case('narrow: length 0', 'narrow', x, dim=0, start=1, length=0)
    g.case('narrow: transposed input', 'narrow', nc, dim=1, start=1, length=3)
    g.error('narrow: past the end', 'narrow', x, dim=1, start=2, length=2)
    g.case('select: dim 0', 'select', x, dim=0, index=1)
    g.case('select: negative dim and index', 'select', x, dim=-1, index=-1)
    g.case('select: transposed input', 'select', nc, dim=1, index=2)
    g.case('select: 1-D to 0-d', 'select', rand([4]), dim=0, index=2)
    g.error('select: index out of range', 'select', x, dim=1, index=3)
    g.error('select: 0-d', 'select', torch.tensor(1.5), dim=0, index=0)

    y = rand([6, 5])
    for start, end, step in [(None, None, 2), (1, None, 2), (-3, None, 1), (1, 100, 3), (4, 2, 1), (-100, 2, 1),
                             (None, -1, 2), (0, 0, 1)]:
        for dim in [0, 1]:
            g.case(f'slice: dim {dim} [{start}:{end}:{step}]', 'slice', y, dim=dim, start=start, end=end, step=step)
    g.case('slice: transposed input with step', 'slice', nc, dim=1, start=1, end=None, step=2)
    g.case('slice: of a strided view', 'slice', strided(rand([3, 4])), dim=-1, start=None, end=None, step=3)
    g.case('contiguous: transposed input', 'contiguous', nc)
    g.case('contiguous: expanded input', 'contiguous', expanded(rand([3, 1]), [3, 4]))

    z = rand([5, 3])
    g.case('split: size 2 along dim 0', 'split', z, size=2)
    g.case('split: size 2 along dim 1', 'split', z, size=2, dim=1)
    g.case('split: sizes [1, 2, 2]', 'split', z, size=[1, 2, 2])
    g.case('split: sizes with a 0', 'split', z, size=[3, 0, 2])
    g.case('split: size larger than the dim', 'split', z, size=10)
    g.case('split: negative dim', 'split', z, size=1, dim=-1)
    g.case('split: transposed input', 'split', nc, size=3, dim=1)
    g.case('split: empty dim', 'split', torch.zeros(0, 3), size=2)
    g.error('split: sizes do not sum to the dim', 'split', z, size=[1, 2])
    for n, chunks in [(5, 3), (6, 4), (2, 5), (6, 3), (0, 2)]:
        g.case(f'chunk: size {n} into {chunks}', 'chunk', rand([n, 2]), chunks=chunks)
    g.case('chunk: dim 1', 'chunk', z, chunks=2, dim=1)
    g.case('chunk: transposed input', 'chunk', nc, chunks=2, dim=1)
    g.error('chunk: 0 chunks', 'chunk', z, chunks=0)

    a, b, c = rand([2, 3]), rand([1, 3]), rand([2, 3])
    g.case('cat: dim 0', 'cat', a, b)
    g.case('cat: dim 1', 'cat', a, c, dim=1)
    g.case('cat: negative dim', 'cat', a, c, dim=-1)
    g.case('cat: three tensors', 'cat', a, b, c)
    g.case('cat: one tensor', 'cat', a)
    g.case('cat: skips legacy empty 1-D', 'cat', a, torch.zeros(0), b)
    g.case('cat: with [0, 3]', 'cat', torch.zeros(0, 3), a)
    g.case('cat: non-contiguous inputs', 'cat', transposed(rand([2, 3])), strided(rand([2, 2])), dim=1)
    g.case('cat: int32 dim 1', 'cat', randint([2, 2]), randint([2, 1]), dim=1)
    g.case('cat: int32 and float32', 'cat', randint([2, 3]), a)
    g.case('cat: bool and float64', 'cat', randbool([1, 3]), a.double())
    g.error('cat: sizes differ off the cat dim', 'cat', a, rand([2, 2]))
    g.error('cat: 0-d', 'cat', torch.tensor(1.5), torch.tensor(2.5))
    g.error('cat: dims differ', 'cat', a, rand([3]))
    for dim in [0, 1, 2, -1]:
        g.case(f'stack: dim {dim}', 'stack', a, c, dim=dim)
    g.case('stack: 0-d tensors', 'stack', torch.tensor(1.5), torch.tensor(-2.5), torch.tensor(3))
    g.case('stack: 0-d tensors dim -1', 'stack', torch.tensor(1.5), torch.tensor(-2.5), dim=-1)
    g.case('stack: non-contiguous inputs', 'stack', nc, strided(rand([3, 4])))
    g.case('stack: int32', 'stack', randint([3]), randint([3]), dim=1)
    g.error('stack: shapes differ', 'stack', a, b)


# ---------------------------------------------------------------- indexing

def distinct_rows(rows, cols, size):
    """An index whose columns hold distinct values in [0, size): scatter results stay well defined."""
    return torch.stack([torch.randperm(size)[:rows] for _ in range(cols)], dim=1)


@group('indexing', EXACTISH)
def indexing_cases(g):
    x = rand([3, 4])
    idx1 = torch.randint(0, 4, (3, 2))
    g.case('gather: dim 1', 'gather', x, idx1, dim=1)
    g.case('gather: dim 0', 'gather', x, torch.randint(0, 3, (2, 4)), dim=0)
    g.case('gather: negative dim, index longer than input', 'gather', rand([2, 3, 4]), torch.randint(0, 4, (2, 3, 6)), dim=-1)
    g.case('gather: index smaller in the other dims', 'gather', x, torch.randint(0, 4, (2, 2)), dim=1)
    g.case('gather: transposed input and index', 'gather', transposed(x), transposed(torch.randint(0, 4, (3, 3))), dim=1)
    g.case('gather: strided index', 'gather', x, strided(idx1, 0), dim=1)
    g.case('gather: expanded index', 'gather', x, expanded(torch.tensor([[3, 0]]), [3, 2]), dim=1)
    g.case('gather: int32 input', 'gather', randint([3, 4]), idx1, dim=1)
    g.case('gather: bool input', 'gather', randbool([3, 4]), idx1, dim=1)
    g.case('gather: float64 input', 'gather', x.double(), idx1, dim=1)
    g.case('gather: empty index', 'gather', x, torch.zeros(3, 0, dtype=I64), dim=1)
    g.case('gather: 0-d', 'gather', torch.tensor(2.5), torch.tensor(0), dim=0)
    g.error('gather: index out of range', 'gather', x, torch.tensor([[0, 4]]), dim=1, requires=['syncRead'])
    g.error('gather: index rank differs', 'gather', x, torch.tensor([0, 1]), dim=1)
    g.error('gather: float index', 'gather', x, t(0, 1).reshape(1, 2), dim=1)

    base = torch.zeros(3, 5)
    src = rand([2, 5])
    idx0 = distinct_rows(2, 5, 3)
    g.case('scatter: dim 0', 'scatter', base, idx0, src, dim=0)
    g.case('scatter: dim 1', 'scatter', rand([2, 4]), distinct_rows(2, 2, 4).t().contiguous(), rand([2, 3]), dim=1)
    g.case('scatter: scalar value', 'scatter', base, idx0, -1.5, dim=0)
    g.case('scatter: src larger than index', 'scatter', base, idx0[:, :3], rand([3, 5]), dim=0)
    g.case('scatter: transposed input', 'scatter', transposed(rand([3, 5])), idx0, src, dim=0)
    g.case('scatter: int32', 'scatter', torch.zeros(3, 5, dtype=I64), idx0, randint([2, 5]), dim=0)
    g.case('scatter: empty index', 'scatter', base, torch.zeros(0, 5, dtype=I64), src, dim=0)
    g.case('scatter: 0-d', 'scatter', torch.tensor(1.5), torch.tensor(0), torch.tensor(-4.5), dim=0)
    g.case('scatter: 0-d with scalar value', 'scatter', torch.tensor(1.5), torch.tensor(0), 0.25, dim=0)
    g.error('scatter: index out of range', 'scatter', base, torch.tensor([[3]]), src, dim=0, requires=['syncRead'])

    dup = torch.tensor([[0, 1, 2, 0], [0, 1, 0, 0], [2, 2, 2, 0]])
    g.case('scatterAdd: duplicate indices dim 0', 'scatterAdd', torch.zeros(3, 4), dup, rand([3, 4]), dim=0)
    g.case('scatterAdd: duplicate indices dim 1', 'scatterAdd', rand([3, 3]), dup, rand([3, 4]), dim=1)
    g.case('scatterAdd: ones count hits', 'scatterAdd', torch.zeros(1, 5), torch.tensor([[0, 4, 4, 1, 4, 0]]),
           torch.ones(1, 6), dim=1)
    g.case('scatterAdd: 3-D', 'scatterAdd', torch.zeros(2, 2, 3), torch.randint(0, 2, (2, 2, 3)), rand([2, 2, 3]), dim=1)
    g.case('scatterAdd: transposed input and src', 'scatterAdd', transposed(rand([3, 4])), dup, transposed(rand([3, 4])), dim=0)
    g.case('scatterAdd: int32', 'scatterAdd', randint([3, 4]), dup, randint([3, 4]), dim=0)
    g.case('scatterAdd: 0-d', 'scatterAdd', torch.tensor(1.5), torch.tensor(0), torch.tensor(-4.25), dim=0)
    g.case('scatterAdd: float64', 'scatterAdd', torch.zeros(3, 4, dtype=F64), dup, rand([3, 4], dtype=F64), dim=0)

    idx = torch.tensor([2, 0, 2])
    g.case('indexSelect: dim 0 with repeats', 'indexSelect', x, idx, dim=0)
    g.case('indexSelect: dim 1', 'indexSelect', x, torch.tensor([3, 1]), dim=1)
    g.case('indexSelect: negative dim', 'indexSelect', rand([2, 3, 4]), torch.tensor([0, 3, 3, 1]), dim=-1)
    g.case('indexSelect: empty index', 'indexSelect', x, torch.zeros(0, dtype=I64), dim=0)
    g.case('indexSelect: 0-d index', 'indexSelect', x, torch.tensor(1), dim=0)
    g.case('indexSelect: 1-D input', 'indexSelect', rand([5]), torch.tensor([4, 0, 1]), dim=0)
    g.case('indexSelect: 0-d input', 'indexSelect', torch.tensor(2.5), torch.tensor([0]), dim=0)
    g.case('indexSelect: transposed input', 'indexSelect', transposed(x), idx, dim=0)
    g.case('indexSelect: strided index', 'indexSelect', x, strided(torch.tensor([1, 0, 2])), dim=0)
    g.case('indexSelect: int32', 'indexSelect', randint([3, 4]), idx, dim=0)
    g.case('indexSelect: bool', 'indexSelect', randbool([3, 4]), torch.tensor([3, 1]), dim=1)
    g.error('indexSelect: index out of range', 'indexSelect', x, torch.tensor([3]), dim=0, requires=['syncRead'])
    g.error('indexSelect: 2-D index', 'indexSelect', x, torch.tensor([[0]]), dim=0)

    g.case('oneHot: 1-D', 'oneHot', torch.tensor([0, 2, 1, 2]), numClasses=3)
    g.case('oneHot: 2-D', 'oneHot', torch.tensor([[0, 4], [3, 1]]), numClasses=5)
    g.case('oneHot: inferred classes', 'oneHot', torch.tensor([1, 3, 0]), requires=['syncRead'])
    g.case('oneHot: empty', 'oneHot', torch.zeros(0, dtype=I64), numClasses=3)
    g.case('oneHot: 0-d', 'oneHot', torch.tensor(2), numClasses=4)
    g.error('oneHot: class too large', 'oneHot', torch.tensor([0, 3]), numClasses=3, requires=['syncRead'])

    sq = rand([4, 4])
    for op in ['tril', 'triu']:
        for diagonal in [0, -1, 1, 2, -5, 5]:
            g.case(f'{op}: [4, 4] diagonal {diagonal}', op, sq, diagonal=diagonal)
        g.case(f'{op}: wide [3, 5]', op, rand([3, 5]), diagonal=1)
        g.case(f'{op}: tall [5, 3]', op, rand([5, 3]), diagonal=-1)
        g.case(f'{op}: batched [2, 3, 3]', op, rand([2, 3, 3]))
        g.case(f'{op}: transposed input', op, transposed(rand([3, 4])))
        g.case(f'{op}: int32', op, randint([3, 3]))
        g.case(f'{op}: bool', op, randbool([3, 3]))
        g.case(f'{op}: float64', op, sq.double(), diagonal=-2)
        g.case(f'{op}: nan and inf kept or zeroed', op, t(NAN, INF, -INF, NAN).reshape(2, 2))
        g.case(f'{op}: empty', op, torch.zeros(0, 3))
        g.error(f'{op}: 1-D', op, rand([3]))


# ---------------------------------------------------------------- creation

@group('creation', EXACTISH)
def creation_cases(g):
    for bounds, dtype in [([5], None), ([1, 4], None), ([10, 0, -3], None), ([-3, 3, 2], None), ([0], None),
                          ([0, 1, 0.25], None), ([1, 2.5, 0.5], None), ([0, 1, 0.1], None), ([-1.5, 1.5], None),
                          ([0.5, 3, 0.7], None), ([5], 'float32'), ([5], 'float64'), ([0, 1, 0.1], 'float64'),
                          ([2, 8, 3], 'float32'), ([1, 1.3, 0.1], None), ([0, 0.3, 0.1], None),
                          ([1, -1, -0.3], None)]:
        g.case(f'arange: {bounds} dtype={dtype}', 'arange', bounds=bounds, dtype=dtype)
    g.error('arange: step 0', 'arange', bounds=[0, 5, 0])
    g.error('arange: step sign disagrees with bounds', 'arange', bounds=[5, 0, 1])
    for start, end, steps, dtype in [(0, 1, 5, None), (-1, 1, 4, None), (0, 1, 1, None), (0, 1, 0, None),
                                     (1, -1, 7, None), (0, 1, 7, None), (0, 10, 11, 'float64'), (0, 1, 7, 'float64'),
                                     (-2.5, 2.5, 3, None), (3, 5, 2, None)]:
        g.case(f'linspace: {start} to {end} in {steps} dtype={dtype}', 'linspace', start=start, end=end, steps=steps,
               dtype=dtype)
    g.error('linspace: negative steps', 'linspace', start=0, end=1, steps=-1)
    for n, m, dtype in [(3, None, None), (2, 4, None), (4, 2, None), (0, None, None), (1, None, None),
                        (3, None, 'int32'), (2, 3, 'bool'), (3, None, 'float64'), (2, 0, None)]:
        g.case(f'eye: {n} x {m} dtype={dtype}', 'eye', n=n, m=m, dtype=dtype)
    g.error('eye: negative size', 'eye', n=-1)
    for shape, value, dtype in [([2, 3], 1.5, None), ([2, 2], -INF, None), ([3], NAN, None), ([], 2.5, None),
                                ([0, 3], 1.5, None), ([2, 2], 7, 'int32'), ([2], -3, 'float32'), ([3], True, None),
                                ([2], 0.1, 'float64'), ([2, 1], 0, 'bool'), ([2], 2.5, 'int32')]:
        g.case(f'full: {shape} with {value} dtype={dtype}', 'full', shape=shape, value=value, dtype=dtype)
    g.error('full: negative size', 'full', shape=[-1, 2], value=1.5)


# ---------------------------------------------------------------- cast

@group('cast', {'rtol': 0, 'atol': 0})
def cast_cases(g):
    floats = t(-2.7, -2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, 2.7, 123456.75, -1e6, 2.1e9)
    g.case('to: float32 -> int32 truncates toward zero', 'to', floats, dtype='int32')
    g.case('to: float64 -> int32 truncates toward zero', 'to', floats.double() - 0.25, dtype='int32')
    specials = t(NAN, -0.0, 0, 0.1, -INF, INF, 1e-30, -1)
    g.case('to: float32 -> bool (nan is true)', 'to', specials, dtype='bool')
    g.case('to: float64 -> bool', 'to', specials.double(), dtype='bool')
    ints = torch.tensor([-3, 0, 5, 16777217, -16777219, 2**31 - 1])
    g.case('to: int32 -> float32 rounds to nearest', 'to', ints, dtype='float32')
    g.case('to: int32 -> float64 is exact', 'to', ints, dtype='float64')
    g.case('to: int32 -> bool', 'to', ints, dtype='bool')
    bools = torch.tensor([True, False, True])
    for dtype in ['float32', 'float64', 'int32']:
        g.case(f'to: bool -> {dtype}', 'to', bools, dtype=dtype)
    g.case('to: float64 -> float32 rounds, overflows and underflows',
           'to', torch.tensor([0.1, 1 / 3, 1e-50, 1e300, -1e300, 16777217, NAN], dtype=F64), dtype='float32')
    g.case('to: float32 -> float64 is exact', 'to', t(0.1, 1 / 3, -INF, NAN), dtype='float64')
    g.case('to: same dtype', 'to', t(1.5, -2), dtype='float32')
    g.case('to: transposed input', 'to', transposed(rand([3, 4])), dtype='int32')
    g.case('to: strided input', 'to', strided(randint([2, 3])), dtype='float32')
    g.case('to: expanded input', 'to', expanded(t(1.5, 0).reshape(2, 1), [2, 3]), dtype='bool')
    g.case('to: empty', 'to', torch.zeros(0, 2), dtype='int32')
    g.case('to: 0-d', 'to', torch.tensor(-3.75), dtype='int32')


# ---------------------------------------------------------------- print

@group('print')
def print_cases(g):
    i64 = lambda *v: torch.tensor(v, dtype=I64)  # noqa: E731 -- our int32 prints like torch.int64
    cases = [
        ('int: 1-D', i64(1, 2, 3)),
        ('int: negative and wide', i64(-100, 5, 20000, 0).reshape(2, 2)),
        ('int: 3-D', torch.arange(24).reshape(2, 3, 4)),
        ('int: wraps at 80 columns', torch.arange(0, 40000, 1000)),
        ('int: summarised', torch.arange(2000)),
        ('float: fixed', t(0.1, 0.25, -1.5)),
        ('float: float32 precision', t(0.1, 0.2, 0.3, 1 / 3)),
        ('float: integer-valued', t(1, 2, -3)),
        ('float: integer-valued wide', t(1, 200, -3000)),
        ('float: all zeros', torch.zeros(3)),
        ('float: negative zero', t(-0.0, 1.5)),
        ('float: integer-valued with negative zero', t(-0.0, 2)),
        ('float: scientific for small values', t(1e-5, 1)),
        ('float: scientific for integers > 1e8', t(1e9, 2)),
        ('float: scientific for a ratio > 1000', t(0.001, 1000.5)),
        ('float: scientific with negatives', t(-1e-5, 123, 0)),
        ('float: integer-valued ratio > 1000', t(1, 5000)),
        ('float: mixed magnitudes in fixed notation', t(123.456, 0.5, -7.25)),
        ('float: halfway values round to even', t(0.03125, 0.15625, 1.5)),
        ('float: halfway values round to even in scientific notation', t(1.03125, 1e-5)),
        ('float: nan and inf', t(NAN, INF, -INF, 1.5)),
        ('float: integer mode with nan and inf', t(1, NAN, INF)),
        ('float: only nan', t(NAN, NAN)),
        ('float: only inf', t(INF, -INF)),
        ('float: 2-D', rand([3, 4])),
        ('float: 3-D', rand([2, 3, 4])),
        ('float: size-1 dims', rand([1, 3, 1])),
        ('float: one element 2-D', t(1.5).reshape(1, 1)),
        ('float: wraps at 80 columns', rand([30], -100, 100)),
        ('float: 2-D rows wrap', rand([2, 25])),
        ('float: summarised 1-D', rand([1200])),
        ('float: summarised 2-D', rand([40, 40])),
        ('float: summarised 3-D', rand([11, 11, 11])),
        ('float: summarised with a short dim', rand([2, 600])),
        ('float: summarised tall', rand([400, 3])),
        ('float: 4-D', rand([2, 2, 2, 3])),
        ('int: summarised 2-D', torch.arange(1200).reshape(30, 40)),
        ('0-d: float', torch.tensor(3.5)),
        ('0-d: integer-valued float', torch.tensor(-2.0)),
        ('0-d: int', torch.tensor(7)),
        ('0-d: bool', torch.tensor(True)),
        ('0-d: nan', torch.tensor(NAN)),
        ('0-d: float64', torch.tensor(0.125, dtype=F64)),
        ('empty: float [0]', torch.zeros(0)),
        ('empty: float [2, 0]', torch.zeros(2, 0)),
        ('empty: float64 [0, 3]', torch.zeros(0, 3, dtype=F64)),
        ('empty: bool [0]', torch.zeros(0, dtype=BOOL)),
        ('empty: int32 [0, 2]', torch.zeros(0, 2, dtype=I64)),
        ('float64: fixed', torch.tensor([1.5, 2.25], dtype=F64)),
        ('float64: integer-valued', torch.tensor([1, -20], dtype=F64)),
        ('float64: scientific', torch.tensor([1e-10, 1], dtype=F64)),
        ('float64: suffix wraps to a new line', rand([11], 10, 99, dtype=F64)),
        ('float64: 2-D', rand([2, 3], dtype=F64, decimals=6)),
        ('bool: 1-D', torch.tensor([True, False, True])),
        ('bool: 2-D', randbool([3, 4])),
        ('bool: summarised', randbool([1100])),
        ('bool: wraps at 80 columns', randbool([30])),
    ]
    for name, x in cases:
        g.case(name, 'repr', x)
    g.case('float: transposed input', 'repr', transposed(rand([3, 4])))
    g.case('int: strided input', 'repr', strided(torch.arange(6).reshape(2, 3)))


# ---------------------------------------------------------------- loss: per-sample cross entropy

def ce_normalizer(x):
    """Each row's log-softmax normaliser as crossEntropyPerSample returns it, `[m, log(sum(exp(x - m)))]` with m the
    row max (0 on a row of only -inf), computed in float64 and rounded to x's dtype."""
    x64 = x.to(F64)
    m = x64.amax(1)
    shift = torch.where(m == -INF, torch.zeros_like(m), m)
    log_sum = (x64 - shift[:, None]).exp().sum(1).log()
    return torch.stack([shift, log_sum], 1).to(x.dtype)


def ce_per_sample(x, target, weight=None, ignoreIndex=-100, labelSmoothing=0.0):
    """typetorch's crossEntropyPerSample: `[loss, targetWeight, normalizer]`. loss is F.cross_entropy with
    reduction='none'; targetWeight each sample's w[y], 0 where ignored (the terms of nll_loss's total_weight, by
    which the mean divides: checked against it here)."""
    loss = F.cross_entropy(x, target, weight, ignore_index=ignoreIndex, reduction='none',
                           label_smoothing=labelSmoothing)
    ignored = target == ignoreIndex
    safe = torch.where(ignored, torch.zeros_like(target), target)
    w = torch.ones(x.shape[1], dtype=x.dtype) if weight is None else weight.to(x.dtype)
    target_weight = torch.where(ignored, torch.zeros((), dtype=x.dtype), w[safe])
    _, total = torch.ops.aten.nll_loss_forward(x.log_softmax(1), target, weight, 2, ignoreIndex)  # 2: 'sum'
    assert torch.allclose(target_weight.sum().to(F64), total.to(F64)), (target_weight, total)
    return [loss, target_weight, ce_normalizer(x)]


def ce_per_sample_backward(gradLoss, x, target, normalizer, weight=None, ignoreIndex=-100, labelSmoothing=0.0):
    """typetorch's crossEntropyPerSampleBackward: PyTorch's gradient of the per-sample losses with respect to the
    logits for the loss gradient gradLoss (typetorch's op reads the forward's normalizer; autograd needs none)."""
    leaf = x.detach().clone().requires_grad_()
    loss = F.cross_entropy(leaf, target, weight, ignore_index=ignoreIndex, reduction='none',
                           label_smoothing=labelSmoothing)
    loss.backward(gradLoss)
    return leaf.grad


# ---------------------------------------------------------------- optim: fused Adam/AdamW steps

def adam_step(param, grad, expAvg, expAvgSq, maxExpAvgSq=None, *, lr, beta1, beta2, eps, weightDecay, decoupled,
              amsgrad, maximize, step):
    """typetorch's adamStep_: one step of torch.optim.Adam (AdamW when decoupled) from the given state, `step`
    counting this one. Returns the updated `[param, expAvg, expAvgSq, maxExpAvgSq (amsgrad only)]`."""
    p = param.detach().clone().requires_grad_()
    Optimizer = torch.optim.AdamW if decoupled else torch.optim.Adam
    opt = Optimizer([p], lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=weightDecay, amsgrad=amsgrad,
                    maximize=maximize, foreach=False)
    p.grad = grad.clone()
    state = {'step': torch.tensor(float(step - 1)), 'exp_avg': expAvg.clone(), 'exp_avg_sq': expAvgSq.clone()}
    if amsgrad:
        state['max_exp_avg_sq'] = maxExpAvgSq.clone()
    opt.state[p] = state
    opt.step()
    assert float(state['step']) == step
    return [p, state['exp_avg'], state['exp_avg_sq']] + ([state['max_exp_avg_sq']] if amsgrad else [])


OPS.update({
    'crossEntropyPerSample': ce_per_sample,
    'crossEntropyPerSampleBackward': ce_per_sample_backward,
    'adamStep_': adam_step,
})


@group('loss', SUMS)
def loss_cases(g):
    N, C = 5, 4
    x = rand([N, C], -3, 3)
    y = torch.tensor([0, 3, 1, 2, 3])
    y_ignored = torch.tensor([0, -100, 1, 2, -100])
    w = rand([C], 0.2, 2)
    settings = [
        ('plain', x, y, None, {}),
        ('weight', x, y, w, {}),
        ('ignored rows (ignoreIndex -100)', x, y_ignored, None, {}),
        ('weight, ignoreIndex 2', x, y, w, {'ignoreIndex': 2}),
        ('labelSmoothing 0.1', x, y, None, {'labelSmoothing': 0.1}),
        ('weight, ignored rows, labelSmoothing 0.2', x, y_ignored, w, {'labelSmoothing': 0.2}),
        ('transposed logits, weight, labelSmoothing 0.3', transposed(x), y, w, {'labelSmoothing': 0.3}),
        ('large logits', t(1000, 0, -1000, 5, 0, 1000, 1, 2, -1000, 1000, 999, 0).reshape(3, 4),
         torch.tensor([1, 2, 0]), None, {}),
        ('-inf logits off the target', t(-INF, 0, 1, 2, 0.5, -INF, -INF, 1).reshape(2, 4), torch.tensor([2, 3]),
         w, {}),
        ('all rows ignored, labelSmoothing 0.1', x[:2], torch.tensor([-100, -100]), None, {'labelSmoothing': 0.1}),
        ('C = 1, labelSmoothing 0.3', rand([3, 1]), torch.tensor([0, 0, 0]), None, {'labelSmoothing': 0.3}),
        ('empty batch', torch.zeros(0, C), torch.zeros(0, dtype=I64), None, {}),
        ('float64, weight, labelSmoothing 0.1', rand([N, C], -3, 3, dtype=F64, decimals=6), y,
         rand([C], 0.2, 2, dtype=F64), {'labelSmoothing': 0.1}),
    ]
    for label, logits, target, weight, args in settings:
        extra = [] if weight is None else [weight]
        g.case(f'crossEntropyPerSample: {label}', 'crossEntropyPerSample', logits, target, *extra, **args)
        operand = make(logits) if isinstance(logits, dict) else logits
        grad_loss = rand([operand.shape[0]], -1.5, 1.5, dtype=operand.dtype)
        g.case(f'crossEntropyPerSampleBackward: {label}', 'crossEntropyPerSampleBackward', grad_loss, logits, target,
               ce_normalizer(operand), *extra, **args)
    g.error('crossEntropyPerSample: target out of bounds', 'crossEntropyPerSample', x, torch.tensor([0, 4, 1, 2, 3]),
            requires=['syncRead'])
    g.error('crossEntropyPerSample: negative target not ignored', 'crossEntropyPerSample', x,
            torch.tensor([0, -1, 1, 2, 3]), requires=['syncRead'])
    g.error('crossEntropyPerSample: labelSmoothing above 1', 'crossEntropyPerSample', x, y, labelSmoothing=1.5)
    g.error('crossEntropyPerSample: weight of the wrong size', 'crossEntropyPerSample', x, y, rand([C - 1], 0.2, 2))
    g.error('crossEntropyPerSample: batch sizes differ', 'crossEntropyPerSample', x, y[:3])


@group('optim', EXACTISH)
def optim_cases(g):
    adam = dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weightDecay=0, decoupled=False, amsgrad=False,
                maximize=False)
    configs = [
        ('Adam', {}),
        ('Adam lr 0.01, betas (0.8, 0.95), eps 1e-6', dict(lr=0.01, beta1=0.8, beta2=0.95, eps=1e-6)),
        ('Adam weightDecay 0.1, amsgrad', dict(lr=0.01, weightDecay=0.1, amsgrad=True)),
        ('Adam maximize, amsgrad', dict(lr=0.01, maximize=True, amsgrad=True)),
        ('AdamW', dict(weightDecay=1e-2, decoupled=True)),
        ('AdamW weightDecay 0.3, amsgrad, maximize', dict(lr=0.01, weightDecay=0.3, decoupled=True, amsgrad=True,
                                                          maximize=True)),
    ]
    for dtype in (F32, F64):
        for label, options in configs:
            args = {**adam, **options}
            decimals = 2 if dtype == F32 else 6
            param = rand([2, 3], dtype=dtype, decimals=decimals)
            zeros = torch.zeros(2, 3, dtype=dtype)
            state = [zeros, zeros, zeros][:3 if args['amsgrad'] else 2]
            suffix = '' if dtype == F32 else ', float64'
            # Two steps: the first from a fresh state, the second from PyTorch's state after it (a gradient of
            # smaller entries, so that amsgrad's running max keeps some of the first step's values).
            for step, scale in ((1, 1.0), (2, 0.05)):
                grad = rand([2, 3], dtype=dtype, decimals=decimals) * scale
                g.case(f'adamStep_: {label}, step {step}{suffix}', 'adamStep_', param, grad, *state, step=step, **args)
                param, *state = adam_step(param, grad, *state, step=step, **args)
                param, state = param.detach(), [s.detach() for s in state]
    # Non-contiguous tensors (the composition on backends with the kernel) and an empty parameter.
    args = {**adam, 'lr': 0.01, 'weightDecay': 0.1, 'amsgrad': True}
    tensors = [rand([4, 3]), rand([4, 3]), rand([4, 3], -0.1, 0.1), rand([4, 3], 0, 0.2)]
    tensors.append(tensors[3] + rand([4, 3], 0, 0.1))
    g.case('adamStep_: transposed tensors, amsgrad, step 3', 'adamStep_', *[transposed(v) for v in tensors], step=3,
           **args)
    g.case('adamStep_: empty parameter', 'adamStep_', *[torch.zeros(0, 3)] * 4, step=1, **adam)


# ---------------------------------------------------------------- main

def fixture_text(name, cases, tol=None):
    """A fixture file's text: the header (format, group, PyTorch's version, seed, the group's tolerance),
    then one case per line."""
    header = {'format': 1, 'group': name, 'torch': torch.__version__.split('a')[0], 'seed': SEED}
    if tol is not None:
        header['tol'] = tol
    head = json.dumps(header, separators=(',', ':'))[:-1]
    lines = ',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in cases)
    return f'{head},"cases":[\n{lines}\n]}}\n'


def write_group(name, tol, build, group_class=None):
    """Builds group `name` on a freshly seeded generator (so editing one group leaves the others' data
    unchanged) and writes OUT_DIR/<name>.json. Returns the group and the file's text. The scripts in
    scripts/fixtures/ write their groups with it too."""
    torch.manual_seed(SEED)
    g = (group_class or Group)(name)
    build(g)
    text = fixture_text(name, g.cases, tol)
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, f'{name}.json')
    with open(path, 'w') as f:
        f.write(text)
    with_grads = sum('grads' in c for c in g.cases)
    print(f'{name:12} {len(g.cases):5} cases {with_grads:5} with grads {len(text) / 1024:8.1f} KiB')
    return g, text


def main():
    total = grad_cases = 0
    for name, tol, build in GROUPS:
        g, text = write_group(name, tol, build)
        total += len(text)
        grad_cases += sum('grads' in c for c in g.cases)
    print(f'{"total":12} {"":11} {total / 1024:8.1f} KiB')
    print(f'{grad_cases} cases record gradients; {len(GRAD_SKIPS)} differentiable cases do not:')
    for label, reason in GRAD_SKIPS:
        print(f'  {label}: {reason}')


if __name__ == '__main__':
    main()
