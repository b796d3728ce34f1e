"""The PyTorch runner (a child process of the suite, run with Debian's /usr/bin/python3).

Speaks the protocol of bench/src/protocol.ts: one JSON command per stdin line, one reply per command
on a stdout line starting with MARKER. Implements the workloads of bench/src/workloads.ts the way a
PyTorch user writes them (nn.Sequential, torch.optim.Adam, F.cross_entropy, loss.item() every step).

Threads: `--threads N` sets torch.set_num_threads(N); the coordinator also sets OPENBLAS_NUM_THREADS
and OMP_NUM_THREADS, because Debian's torch leaves OpenBLAS's own pool to the environment.
"""

import json
import os
import sys
import time

MARKER = "@@typetorch-bench "
LEARNING_RATE = 1e-3


def send(reply):
    sys.stdout.write(MARKER + json.dumps(reply) + "\n")
    sys.stdout.flush()


def blas_in_use():
    """The BLAS library this process actually loaded (from /proc/self/maps)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if ".so" in line}
    except OSError:
        return "unknown"
    names = sorted(os.path.basename(p) for p in paths)
    openblas = [p for p in paths if "openblas" in p]
    if openblas:
        return "OpenBLAS (" + os.path.dirname(sorted(openblas)[0]) + ")"
    blas = [n for n in names if n.startswith("libblas")]
    return "reference BLAS (" + ", ".join(blas) + ")" if blas else "unknown"


def mlp(nn):
    return nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)
    )


def cnn(nn):
    """PyTorch's examples/mnist Net."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(),
        nn.Conv2d(32, 64, 3), nn.ReLU(),
        nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
        nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10),
    )


class Unsupported(Exception):
    """A workload this library cannot run at all (reported as n/a, not as a failure)."""


class Session:
    """One workload, set up; step() runs one iteration and returns a value for the NaN check."""

    def __init__(self, torch, spec):
        nn = torch.nn
        F = torch.nn.functional
        torch.manual_seed(0)
        kind = spec["kind"]
        if kind == "matmul":
            a = torch.randn(spec["m"], spec["k"])
            b = torch.randn(spec["k"], spec["n"])
            self.step = lambda: float(torch.mm(a, b)[0, 0])
        elif kind in ("mlp-train", "cnn-train"):
            batch = spec["batch"]
            model = mlp(nn) if kind == "mlp-train" else cnn(nn)
            x = torch.randn(batch, 784) if kind == "mlp-train" else torch.randn(batch, 1, 28, 28)
            y = torch.randint(0, 10, (batch,))
            optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
            model.train()

            def train_step():
                optimizer.zero_grad()
                loss = F.cross_entropy(model(x), y)
                loss.backward()
                optimizer.step()
                return loss.item()

            self.step = train_step
        elif kind == "wasm-ceiling":
            raise Unsupported("the SIMD ceiling micro-benchmark is typetorch's backend-cpu own")
        elif kind == "mnist-example":
            from torch_mnist_example import MnistExample

            example = MnistExample(torch, spec["batchSize"])
            self.step = example.step
            self.after_warmup = example.restart
        elif kind == "mlp-infer":
            model = mlp(nn)
            model.eval()
            x = torch.randn(spec["batch"], 784)

            def infer_step():
                with torch.no_grad():
                    return float(model(x)[0, 0])

            self.step = infer_step
        else:
            raise ValueError("unknown workload kind " + repr(kind))


def time_iterations(session, min_iterations, min_ms, slow_ms=float("inf")):
    """Like timeIterations in serve.ts: until both minimums are met, or one iteration exceeds slow_ms."""
    times = []
    total = 0.0
    check = float("nan")
    while len(times) < min_iterations or total * 1000 < min_ms:
        start = time.perf_counter()
        check = session.step()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        total += elapsed
        if elapsed * 1000 > slow_ms:
            break
    return times, check


def finite_or_none(x):
    """JSON has no NaN: a value that is not finite goes over as null."""
    return x if x == x and abs(x) != float("inf") else None


def handle(torch, command, state):
    cmd = command["cmd"]
    if cmd == "setup":
        state["session"] = None
        state["session"] = Session(torch, command["workload"])
        warmup = command["warmup"]
        times, check = time_iterations(
            state["session"], warmup["iterations"], warmup["ms"], warmup["slowMs"]
        )
        if hasattr(state["session"], "after_warmup"):
            state["session"].after_warmup()
        return {"type": "ready", "warmup": times, "check": finite_or_none(check)}
    if cmd == "measure":
        if state.get("session") is None:
            raise RuntimeError("measure before setup")
        times, check = time_iterations(state["session"], command["minIterations"], command["minMs"])
        return {"type": "measured", "times": times, "check": finite_or_none(check)}
    if cmd == "teardown":
        state["session"] = None
        return {"type": "done"}
    raise ValueError("unknown command " + repr(cmd))


def main():
    threads = None
    if "--threads" in sys.argv:
        threads = int(sys.argv[sys.argv.index("--threads") + 1])
    try:
        import torch
    except ImportError as e:
        send({"type": "error", "message": "PyTorch is not installed (apt-get install python3-torch): " + str(e)})
        return 1
    if threads is not None:
        torch.set_num_threads(threads)
    notes = ["BLAS: " + blas_in_use()]
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if var in os.environ:
            notes.append(var + "=" + os.environ[var])
    send({
        "type": "hello",
        "info": {"library": "torch " + torch.__version__, "threads": torch.get_num_threads(), "notes": notes},
    })
    state = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        if command["cmd"] == "exit":
            break
        try:
            reply = handle(torch, command, state)
        except Unsupported as e:  # the library cannot run this workload at all (protocol.ts UNSUPPORTED)
            reply = {"type": "error", "message": "unsupported: " + str(e)}
        except Exception as e:  # one failed workload must not end the run
            reply = {"type": "error", "message": type(e).__name__ + ": " + str(e)}
        send(reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
