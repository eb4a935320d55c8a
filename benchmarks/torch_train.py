"""The training-throughput benchmark's PyTorch side (benchmarks/training.sh).

Reads the dataset TrainingThroughput wrote and trains the same network the same way: dense 32 and 16
ReLU units, one sigmoid output with binary cross-entropy, Adam at 0.005 with L2 1e-4, Xavier
initialisation, minibatches of 128 in a seeded shuffle. Times only the fitting of each epoch, on
the CPU, with as many intra-op threads as OMP_NUM_THREADS says. Prints one JSON line.
"""
import json
import os
import struct
import sys
import time

import torch


def main(path, epochs):
    threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    with open(path, "rb") as f:
        rows, width = struct.unpack("<ii", f.read(8))
        body = f.read()
    values = torch.frombuffer(bytearray(body), dtype=torch.float32)
    x = values[: rows * width].reshape(rows, width).clone()
    y = values[rows * width:].reshape(rows, 1).clone()

    layers = [torch.nn.Linear(width, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16), torch.nn.ReLU(),
              torch.nn.Linear(16, 1)]
    for layer in layers:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    model = torch.nn.Sequential(*layers)
    # BCE on logits: the same loss as a sigmoid output with cross-entropy, computed stably.
    loss_fn = torch.nn.BCEWithLogitsLoss()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.005, weight_decay=1e-4)
    batch = 128
    generator = torch.Generator().manual_seed(42)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(rows, generator=generator)
        for begin in range(0, rows, batch):
            idx = order[begin:begin + batch]
            optimiser.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimiser.step()
        seconds.append(round(time.perf_counter() - start, 4))
    print(json.dumps({"side": "pytorch", "rows": rows, "features": width, "threads": threads,
                      "torch": torch.__version__, "epoch_seconds": seconds}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
