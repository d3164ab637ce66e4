"""Parity fixtures made with the reference implementation's OWN model code
(github.com/shreyanc/model_debugging, model.py: RFResnetExplainable), not with
tests/python/reference_model.py (which was written from the design brief).

Nothing of the reference is copied into EmoTrace: the class is imported from a checkout
given on the command line. model.py imports only torch, so no third-party import needs
a stub.

Usage (Debian's python3, which has torch):
  /usr/bin/python3 tests/python/make_model_debugging_fixtures.py REFERENCE_CHECKOUT OUT_DIR \
      SPEC_FILE [--commit SHA]
  REFERENCE_CHECKOUT  a checkout of shreyanc/model_debugging (holding model.py)
  OUT_DIR             e.g. tests/fixtures/model_debugging
  SPEC_FILE           a madmom fixture spectrogram [149, T] float32 (row-major, bands x frames)

Writes, per case (a base width), into OUT_DIR/<case>/:
  weights.pt          torch.save(model.state_dict())  (zip format, with _metadata)
  input.f32           [B, 1, 149, T] float32 seeded input
  concepts.f32        [B, 7] float32 reference concepts   (the reference's out["concepts"])
  emotions.f32        [B, 2] float32 reference emotions   (the reference's out["output"])
  spec_input.f32      [1, 1, 149, T'] float32 (a copy of SPEC_FILE)
  spec_concepts.f32   [1, 7]
  spec_emotions.f32   [1, 2]
  meta.json           shapes, seeds, widths, torch version, reference commit
and OUT_DIR/manifest.json listing the cases.

The model is built exactly as the reference's notebook does
(RFResnetExplainable(num_interpretable_concepts=7, num_targets=2)); the only change is
the base width of the reference's module-level config dict config_cp_field_shallow_m2
(128 in the reference), which RFResnetExplainable reads when constructed, so that the
weights stay small enough to commit. The weights are the reference's own Kaiming
initialisation under torch.manual_seed(seed); then, so that every batch norm matters
(the reference initialises them to identity), the affine parameters get seeded random
values and the running statistics are collected by the reference's own BatchNorm2d in
training mode on seeded random batches (cumulative average). Outputs are computed in
eval mode.
"""

import argparse
import copy
import hashlib
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

BANDS = 149
CASES = [  # name, base width, batch, frames, seed
    ("width_8", 8, 3, 300, 11),
    ("width_32", 32, 2, 160, 12),
]


def import_reference(checkout):
    checkout = os.path.abspath(checkout)
    if not os.path.isfile(os.path.join(checkout, "model.py")):
        sys.exit(f"{checkout} has no model.py (not a model_debugging checkout?)")
    sys.path.insert(0, checkout)
    import model as reference  # noqa: E402  (the reference's model.py)
    if os.path.dirname(os.path.abspath(reference.__file__)) != checkout:
        sys.exit(f"imported {reference.__file__}, not the checkout's model.py")
    return reference


def build(reference, base, seed):
    config = copy.deepcopy(reference.config_cp_field_shallow_m2)
    original = reference.config_cp_field_shallow_m2
    config["base_channels"] = base
    reference.config_cp_field_shallow_m2 = config
    try:
        torch.manual_seed(seed)
        net = reference.RFResnetExplainable(num_interpretable_concepts=7, num_targets=2)
    finally:
        reference.config_cp_field_shallow_m2 = original
    return net


def exercise_batch_norms(net, seed):
    g = torch.Generator().manual_seed(1000 + seed)
    bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            bn.weight.copy_(0.5 + torch.rand(bn.weight.shape, generator=g))
            bn.bias.copy_(0.2 * torch.randn(bn.bias.shape, generator=g))
        momenta = [bn.momentum for bn in bns]
        for bn in bns:
            bn.momentum = None  # cumulative moving average over the calibration batches
        net.train()
        for _ in range(3):
            net(torch.rand(2, 1, BANDS, 120, generator=g) * 2.5)
        for bn, m in zip(bns, momenta):
            bn.momentum = m
    net.eval()
    return net


def write(array, path):
    np.ascontiguousarray(array.detach().numpy() if torch.is_tensor(array) else array,
                         dtype=np.float32).tofile(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reference")
    parser.add_argument("out_dir")
    parser.add_argument("spec_file")
    parser.add_argument("--commit", default="unknown", help="the reference commit checked out")
    args = parser.parse_args()

    torch.set_num_threads(1)
    reference = import_reference(args.reference)
    with open(os.path.join(args.reference, "model.py"), "rb") as f:
        model_sha256 = hashlib.sha256(f.read()).hexdigest()
    spec = np.fromfile(args.spec_file, dtype=np.float32).reshape(BANDS, -1)
    spec_x = torch.from_numpy(spec.copy())[None, None]

    manifest = []
    for name, base, batch, frames, seed in CASES:
        d = os.path.join(args.out_dir, name)
        os.makedirs(d, exist_ok=True)
        net = exercise_batch_norms(build(reference, base, seed), seed)
        torch.save(net.state_dict(), os.path.join(d, "weights.pt"))
        g = torch.Generator().manual_seed(100 + seed)
        x = torch.rand(batch, 1, BANDS, frames, generator=g) * 2.5  # the range of log10(1 + |X|)
        with torch.no_grad():
            out = net(x)
            spec_out = net(spec_x)
        write(x, os.path.join(d, "input.f32"))
        write(out["concepts"], os.path.join(d, "concepts.f32"))
        write(out["output"], os.path.join(d, "emotions.f32"))
        write(spec_x, os.path.join(d, "spec_input.f32"))
        write(spec_out["concepts"], os.path.join(d, "spec_concepts.f32"))
        write(spec_out["output"], os.path.join(d, "spec_emotions.f32"))
        meta = {
            "base_channels": base, "n_channels": net.n_channels, "batch": batch, "bands": BANDS,
            "frames": frames, "spec_frames": int(spec.shape[1]),
            "spec_source": os.path.basename(args.spec_file), "seed": seed,
            "state_dict_keys": list(net.state_dict().keys()),
            "torch": torch.__version__, "reference_repository": "github.com/shreyanc/model_debugging",
            "reference_commit": args.commit, "reference_model_py_sha256": model_sha256,
            "reference_class": "model.RFResnetExplainable(num_interpretable_concepts=7, num_targets=2)",
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        manifest.append(name)
    with open(os.path.join(args.out_dir, "manifest.json"), "w") as f:
        json.dump({"cases": manifest, "reference_commit": args.commit}, f, indent=1)
    print("fixtures from the reference's RFResnetExplainable written to", args.out_dir)


if __name__ == "__main__":
    main()
