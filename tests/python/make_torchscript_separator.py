"""Writes the TorchScript separator fixtures of tst_separation_backends into OUT_DIR:
  lowhigh.pt          a scripted two-source separator: forward(x: [1, C, T]) -> [1, 2, C, T],
                      "low" = x through a fixed 63-tap windowed-sinc low-pass (2 kHz cut-off,
                      'same' padding), "high" = x - low, so the sources sum to the input
                      exactly; attributes sources = ["low", "high"], samplerate = 22050
  sidecar.pt          the same filter without attributes, returning [S, C, T] (no batch
                      axis), with a sidecar sidecar.pt.json {"sources": [...], "sample_rate"}
  nan.pt              returns NaN everywhere (error path)
  wrongshape.pt       returns [1, 2, C, T // 2] (error path)
  not_torchscript.pt  a plain torch.save state dict, not a scripted module (error path)
Usage: /usr/bin/python3 make_torchscript_separator.py OUT_DIR"""

import json
import math
import os
import sys
from typing import List

import torch
import torch.nn.functional as F

TAPS = 63
CUTOFF_HZ = 2000.0
RATE = 22050


def lowpass_kernel():
    """Hann-windowed sinc, unit DC gain, as a [1, 1, TAPS] conv1d weight."""
    n = torch.arange(TAPS, dtype=torch.float64) - (TAPS - 1) / 2
    fc = CUTOFF_HZ / RATE
    h = torch.where(n == 0, torch.full_like(n, 2 * fc), torch.sin(2 * math.pi * fc * n) / (math.pi * n))
    h = h * torch.hann_window(TAPS, periodic=False, dtype=torch.float64)
    h = h / h.sum()
    return h.float().view(1, 1, TAPS)


class LowHigh(torch.nn.Module):
    def __init__(self, with_attributes: bool, batched_output: bool):
        super().__init__()
        self.register_buffer("kernel", lowpass_kernel())
        self.batched_output = batched_output
        self.padding = TAPS // 2
        if with_attributes:
            self.sources: List[str] = ["low", "high"]
            self.samplerate: int = RATE

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # x: [1, C, T]; every channel filtered alike.
        b, c, t = x.shape
        flat = x.reshape(b * c, 1, t)
        low = F.conv1d(flat, self.kernel, padding=self.padding).reshape(b, c, t)
        out = torch.stack([low, x - low], dim=1)  # [1, 2, C, T]
        if self.batched_output:
            return out
        return out[0]


class Nan(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.sources: List[str] = ["a", "b"]
        self.samplerate: int = RATE

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.full([1, 2, x.shape[1], x.shape[2]], float("nan"))


class WrongShape(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.sources: List[str] = ["a", "b"]
        self.samplerate: int = RATE

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.zeros([1, 2, x.shape[1], x.shape[2] // 2])


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.jit.save(torch.jit.script(LowHigh(True, True)), os.path.join(out_dir, "lowhigh.pt"))
    sidecar = os.path.join(out_dir, "sidecar.pt")
    torch.jit.save(torch.jit.script(LowHigh(False, False)), sidecar)
    with open(sidecar + ".json", "w") as f:
        json.dump({"sources": ["bass_part", "treble_part"], "sample_rate": RATE}, f)
    torch.jit.save(torch.jit.script(Nan()), os.path.join(out_dir, "nan.pt"))
    torch.jit.save(torch.jit.script(WrongShape()), os.path.join(out_dir, "wrongshape.pt"))
    torch.save({"weight": torch.zeros(3)}, os.path.join(out_dir, "not_torchscript.pt"))
    print("torchscript separator fixtures written to", out_dir)


if __name__ == "__main__":
    main()
