"""Writes the reference fixtures of the C++ model parity test into OUT_DIR:
  <name>/weights.pt          torch.save(model.state_dict()) (zip format, with _metadata)
  <name>/input.f32           [B,1,149,T] float32 input
  <name>/concepts.f32        [B,7] reference concepts
  <name>/emotions.f32        [B,2] reference emotions
  <name>/spec_concepts.f32   [1,7] on the madmom fixture spectrogram (SPEC_FILE, [149,T])
  <name>/spec_emotions.f32   [1,2]
  <name>/meta.json           shapes and seeds
Usage: /usr/bin/python3 make_model_reference.py OUT_DIR SPEC_FILE"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_model import ExplainableResNet, randomise  # noqa: E402

CASES = [  # name, base width, batch, frames, seed
    ("paper_width", 128, 2, 160, 1),
    ("small_width", 8, 3, 300, 2),
]


def main():
    out_dir, spec_file = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    spec = np.fromfile(spec_file, dtype=np.float32).reshape(149, -1)
    for name, base, batch, frames, seed in CASES:
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        model = randomise(ExplainableResNet(base), seed)
        torch.save(model.state_dict(), os.path.join(d, "weights.pt"))
        g = torch.Generator().manual_seed(100 + seed)
        x = torch.rand(batch, 1, 149, frames, generator=g) * 2.5  # log10(1+x) range
        with torch.no_grad():
            concepts, emotions = model(x)
            spec_concepts, spec_emotions = model(torch.from_numpy(spec)[None, None])
        x.numpy().tofile(os.path.join(d, "input.f32"))
        concepts.numpy().astype(np.float32).tofile(os.path.join(d, "concepts.f32"))
        emotions.numpy().astype(np.float32).tofile(os.path.join(d, "emotions.f32"))
        spec_concepts.numpy().astype(np.float32).tofile(os.path.join(d, "spec_concepts.f32"))
        spec_emotions.numpy().astype(np.float32).tofile(os.path.join(d, "spec_emotions.f32"))
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump({"base_channels": base, "batch": batch, "frames": frames, "seed": seed,
                       "torch": torch.__version__}, f)
    print("reference fixtures written to", out_dir)


if __name__ == "__main__":
    main()
