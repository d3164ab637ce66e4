"""Checks a checkpoint that `emotrace-cli train` (JointTrainer) wrote: Python's
torch.load reads weights.pt, every key of the reference model is there with the same
shape and nothing else (load_state_dict strict=True accepts it), the tensors are
finite, and model.json beside it says trained with the training data and metrics (and,
when it has one, a well-formed emotion_baseline: e = b + W (m - m_bar)).
Exit 0 on success, 1 with a message otherwise.
Usage: /usr/bin/python3 check_trained_checkpoint.py PACKAGE_DIR BASE"""

import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_model import ExplainableResNet  # noqa: E402


def main():
    folder, base = sys.argv[1], int(sys.argv[2])
    state = torch.load(os.path.join(folder, "weights.pt"))
    if not hasattr(state, "_metadata"):
        print("state dict has no _metadata")
        return 1
    model = ExplainableResNet(base)
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    extra = [k for k in state if k not in expected]
    if missing or extra:
        print(f"missing keys {missing[:5]}, unexpected keys {extra[:5]}")
        return 1
    for key, tensor in expected.items():
        if tuple(state[key].shape) != tuple(tensor.shape):
            print(f"{key}: shape {tuple(state[key].shape)}, expected {tuple(tensor.shape)}")
            return 1
        if state[key].is_floating_point() and not torch.isfinite(state[key]).all():
            print(f"{key}: not finite")
            return 1
    model.load_state_dict(state, strict=True)
    with open(os.path.join(folder, "model.json")) as f:
        info = json.load(f)
    if info.get("format") != "emotrace-model" or info.get("trained") is not True:
        print("model.json: not a trained emotrace-model")
        return 1
    for key in ("training_data", "metrics"):
        if not info.get(key):
            print(f"model.json: {key} is empty")
            return 1
    if info["architecture"].get("base_channels") != base:
        print("model.json: base_channels differs")
        return 1
    model.eval()
    with torch.no_grad():
        concepts, emotions = model(torch.rand(1, 1, 149, info["input_frames"]))
        # The emotion baseline lives in model.json, not in the state dict:
        # e = b + W (m - m_bar) = emotions + b - W m_bar.
        baseline = info.get("emotion_baseline")
        if baseline is not None:
            try:
                m_bar = torch.tensor([float(baseline["features"][name]) for name in info["features"]])
                b = torch.tensor([float(baseline["emotions"][name]) for name in info["targets"]])
            except (KeyError, TypeError, ValueError) as e:
                print(f"model.json: emotion_baseline is malformed ({e})")
                return 1
            if not bool(torch.isfinite(m_bar).all() and torch.isfinite(b).all()):
                print("model.json: emotion_baseline is not finite")
                return 1
            emotions = b + model.feed_forward(concepts - m_bar)
    if not all(math.isfinite(v) for v in concepts.flatten().tolist() + emotions.flatten().tolist()):
        print("outputs are not finite")
        return 1
    print(f"torch.load ok, {len(state)} tensors, strict load ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
