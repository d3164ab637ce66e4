"""Checks that Python's torch.load reads a separator package's weights.pt that EmoTrace
wrote, that an equivalent PyTorch module accepts it with load_state_dict(strict=True),
and that the module reproduces EmoTrace's masks for the same features.
Exit 0 on success, 1 with a message otherwise.
Usage: /usr/bin/python3 check_separator_package.py PACKAGE_DIR FEATURES.f32 MASKS.f32 FRAMES"""

import json
import os
import sys

import numpy as np
import torch


class MaskNetwork(torch.nn.Module):
    """The architecture of core/separation/MaskNetwork.h, written from its doc comment."""

    def __init__(self, bins, hidden, layers, stems):
        super().__init__()
        self.bins, self.stems = bins, stems
        self.register_buffer("input_mean", torch.zeros(2 * bins))
        self.register_buffer("input_scale", torch.ones(2 * bins))
        self.fc1 = torch.nn.Linear(2 * bins, hidden)
        self.ln1 = torch.nn.LayerNorm(hidden)
        self.lstm = torch.nn.LSTM(hidden, hidden // 2, layers, batch_first=True, bidirectional=True)
        self.fc2 = torch.nn.Linear(2 * hidden, hidden)
        self.ln2 = torch.nn.LayerNorm(hidden)
        self.fc3 = torch.nn.Linear(hidden, stems * bins)

    def forward(self, features):
        x = (features - self.input_mean) / self.input_scale
        h = torch.tanh(self.ln1(self.fc1(x)))
        r, _ = self.lstm(h)
        z = torch.relu(self.ln2(self.fc2(torch.cat([h, r], 2))))
        b, t, _ = features.shape
        return torch.softmax(self.fc3(z).view(b, t, self.stems, self.bins), 2)


def main():
    folder, features_file, masks_file, frames = sys.argv[1:5]
    with open(os.path.join(folder, "separator.json")) as f:
        description = json.load(f)
    net = description["network"]
    bins = net["fft_size"] // 2 + 1
    state = torch.load(os.path.join(folder, "weights.pt"))
    if not hasattr(state, "_metadata"):
        print("state dict has no _metadata")
        return 1
    model = MaskNetwork(bins, net["hidden"], net["recurrent_layers"], len(net["stems"]))
    model.load_state_dict(state, strict=True)
    model.eval()
    x = torch.from_numpy(np.fromfile(features_file, dtype=np.float32)).reshape(1, int(frames), 2 * bins)
    expected = np.fromfile(masks_file, dtype=np.float32).reshape(1, int(frames), len(net["stems"]), bins)
    with torch.no_grad():
        masks = model(x).numpy()
    diff = float(np.abs(masks - expected).max())
    print(f"torch.load ok, {len(state)} tensors, max abs mask diff {diff:.3g}")
    return 0 if diff <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
