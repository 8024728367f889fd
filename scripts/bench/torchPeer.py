"""The PyTorch peer of `npm run bench -- --peer torch` (started by torchPeer.ts, not by hand).

Reads one JSON request per line on stdin and answers one JSON line on stdout:
  {"op": "info"}                                   -> torch version, the BLAS library it loaded
  {"op": "train", "cell", "H", "B", "T", "V", "threads", "rounds", "min_seconds", "seed"}
                                                   -> chars/s per round
  {"op": "gemm", "M", "N", "K", "threads", "rounds", "min_seconds"} -> GFLOP/s per round
The training step is the one Unrolled's bench times: one-hot input [B, T, V], one recurrent layer
(nn.LSTM / nn.GRU / nn.RNN with tanh), a Linear decoder, mean cross-entropy over all B*T
targets, full backpropagation through T, an Adam update, and the loss read back (`.item()`).
OMP_WAIT_POLICY is read by libgomp when torch loads, so the caller starts one process per policy.
"""
import json
import sys
import time

import torch


def loaded_blas():
    """Shared libraries of this process whose names say they are a BLAS, from /proc/self/maps."""
    names = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            base = path.rsplit('/', 1)[-1].lower()
            if any(k in base for k in ('blas', 'mkl', 'blis', 'atlas')):
                names.add(path)
    return sorted(names)


def measure(unit, rounds, min_seconds):
    """Repeats `unit` (returns work done) for at least min_seconds per round; work/s per round."""
    rates = []
    for _ in range(rounds):
        work, start = 0, time.perf_counter()
        while True:
            work += unit()
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        rates.append(work / elapsed)
    return rates


_steps = {}


def train(req):
    """Times the training step of `req`'s model, built (and warmed up) on its first request."""
    key = (req['cell'], req['H'], req['B'], req['T'], req['V'])
    if key not in _steps:
        _steps.clear()
        _steps[key] = training_step(req)
        _steps[key]()
    return {'rates': measure(_steps[key], req['rounds'], req['min_seconds'])}


def training_step(req):
    H, B, T, V = req['H'], req['B'], req['T'], req['V']
    torch.manual_seed(req.get('seed', 3))
    layer = {'lstm': torch.nn.LSTM, 'gru': torch.nn.GRU, 'rnn': torch.nn.RNN}[req['cell']](V, H, batch_first=True)
    decoder = torch.nn.Linear(H, V)
    params = list(layer.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    generator = torch.Generator().manual_seed(7)
    ids = torch.randint(0, V, (B, T + 1), generator=generator)
    x = torch.nn.functional.one_hot(ids[:, :T], V).float()
    y = ids[:, 1:].reshape(-1)

    def step():
        optimizer.zero_grad(set_to_none=True)
        outputs, _ = layer(x)
        loss = torch.nn.functional.cross_entropy(decoder(outputs).reshape(B * T, V), y)
        loss.backward()
        optimizer.step()
        loss.item()
        return B * T

    return step


def gemm(req):
    M, N, K = req['M'], req['N'], req['K']
    a, b = torch.randn(M, K), torch.randn(K, N)
    out = torch.empty(M, N)
    torch.mm(a, b, out=out)

    def unit():
        torch.mm(a, b, out=out)
        return 2.0 * M * N * K / 1e9

    return {'rates': measure(unit, req['rounds'], req['min_seconds'])}


def main():
    torch.set_grad_enabled(True)
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if 'threads' in req:
                torch.set_num_threads(req['threads'])
            if req['op'] == 'info':
                torch.mm(torch.randn(64, 64), torch.randn(64, 64))
                answer = {'version': torch.__version__, 'blas': loaded_blas(), 'threads': torch.get_num_threads()}
            elif req['op'] == 'train':
                answer = train(req)
            elif req['op'] == 'gemm':
                answer = gemm(req)
            else:
                answer = {'error': f"unknown op {req['op']!r}; expected info, train or gemm"}
        except Exception as e:  # the bench prints it and goes on without this figure
            answer = {'error': f'{type(e).__name__}: {e}'}
        print(json.dumps(answer), flush=True)


if __name__ == '__main__':
    main()
