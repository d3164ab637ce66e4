"""Checks that Python's torch.load reads a state dict that EmoTrace wrote, that
load_state_dict(strict=True) accepts it, and that the model then reproduces the given
outputs. Exit 0 on success, 1 with a message otherwise.
Usage: /usr/bin/python3 check_state_dict.py WEIGHTS BASE INPUT.f32 CONCEPTS.f32 FRAMES"""

import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_model import ExplainableResNet  # noqa: E402


def main():
    weights, base, input_file, concepts_file, frames = sys.argv[1:6]
    state = torch.load(weights)
    if not hasattr(state, "_metadata"):
        print("state dict has no _metadata")
        return 1
    model = ExplainableResNet(int(base))
    model.load_state_dict(state, strict=True)
    model.eval()
    x = torch.from_numpy(np.fromfile(input_file, dtype=np.float32)).reshape(-1, 1, 149, int(frames))
    expected = np.fromfile(concepts_file, dtype=np.float32).reshape(x.shape[0], -1)
    with torch.no_grad():
        concepts, _ = model(x)
    diff = float(np.abs(concepts.numpy() - expected).max())
    print(f"torch.load ok, {len(state)} tensors, max abs concept diff {diff:.3g}")
    return 0 if diff <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
