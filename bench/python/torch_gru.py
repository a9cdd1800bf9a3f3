"""bench:torch's PyTorch side: trains GRU(units) -> Linear(1) with Adam and Huber loss on the
windows bench/torch.ts exported (raw little-endian float32 files plus meta.json), starting from
the project member's initial weights mapped into torch's gate order, and prints one JSON line
per epoch: {"epoch", "loss", "valLoss", "cpuMs", "wallMs"}. One thread unless --threads says
otherwise. Only torch and the standard library are needed.

    python torch_gru.py --data DIR --epochs 5 --threads 1 --seed 42
"""
import argparse
import json
import os
import sys
import time

import torch


def read_f32(path, shape):
    with open(path, "rb") as f:
        raw = bytearray(f.read())
    t = torch.frombuffer(raw, dtype=torch.float32)
    expected = 1
    for s in shape:
        expected *= s
    if t.numel() != expected:
        sys.exit(f"{path}: {t.numel()} float32 values, meta.json describes {shape}")
    return t.reshape(shape)


def keras_to_torch_gates(m, units):
    """Keras columns (z, r, h) of an [in, 3H] matrix -> torch rows (r, z, n) of [3H, in]."""
    z, r, h = m[:, :units], m[:, units:2 * units], m[:, 2 * units:]
    return torch.cat([r, z, h], dim=1).t().contiguous()


class Net(torch.nn.Module):
    def __init__(self, features, units):
        super().__init__()
        self.units = units
        self.gru = torch.nn.GRU(features, units, batch_first=True)
        self.dense = torch.nn.Linear(units, 1)

    def load_member_init(self, init):
        """The member's seeded initial weights (tfjs getWeights() order, Keras gate order)."""
        u = self.units
        kernel = torch.tensor(init["kernel"]).reshape(-1, 3 * u)
        recurrent = torch.tensor(init["recurrentKernel"]).reshape(u, 3 * u)
        bias = torch.tensor(init["bias"]).reshape(1, 3 * u)
        with torch.no_grad():
            self.gru.weight_ih_l0.copy_(keras_to_torch_gates(kernel, u))
            self.gru.weight_hh_l0.copy_(keras_to_torch_gates(recurrent, u))
            self.gru.bias_ih_l0.copy_(keras_to_torch_gates(bias, u).reshape(-1))
            self.gru.bias_hh_l0.zero_()
            self.dense.weight.copy_(torch.tensor(init["denseKernel"]).reshape(1, u))
            self.dense.bias.copy_(torch.tensor(init["denseBias"]).reshape(1))

    def forward(self, x):
        out, _ = self.gru(x)
        return self.dense(out[:, -1]).squeeze(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    torch.manual_seed(a.seed)
    with open(os.path.join(a.data, "meta.json")) as f:
        meta = json.load(f)
    lookback, features, units = meta["lookback"], meta["features"], meta["units"]
    x = read_f32(os.path.join(a.data, "x-train.f32"), (meta["train"], lookback, features))
    y = read_f32(os.path.join(a.data, "y-train.f32"), (meta["train"],))
    xv = read_f32(os.path.join(a.data, "x-val.f32"), (meta["validation"], lookback, features))
    yv = read_f32(os.path.join(a.data, "y-val.f32"), (meta["validation"],))

    net = Net(features, units)
    net.load_member_init(meta["init"])
    opt = torch.optim.Adam(net.parameters(), lr=meta["learningRate"], eps=1e-7)
    loss_fn = torch.nn.HuberLoss(delta=1.0)
    batch = meta["batchSize"]
    gen = torch.Generator().manual_seed(a.seed)
    n = x.shape[0]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for epoch in range(1, a.epochs + 1):
        c0, w0 = time.process_time(), time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        loss_sum = 0.0
        net.train()
        for b in range(0, n, batch):
            idx = perm[b:b + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item() * idx.numel()
        net.eval()
        with torch.no_grad():
            val = loss_fn(net(xv), yv).item()
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(json.dumps({"epoch": epoch, "loss": loss_sum / n, "valLoss": val, "cpuMs": cpu * 1000, "wallMs": wall * 1000}), flush=True)


if __name__ == "__main__":
    main()
