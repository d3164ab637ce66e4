"""RFResnetExplainable (config cp_field_shallow_m2) in PyTorch, written from the facts in
shared/DESIGN.md, with the module names PyTorch would give the reference. Used only to
make reference fixtures for the C++ parity tests (run with /usr/bin/python3)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

STAGES = [
    {"maxpool": [1, 2], "k1s": [3, 3, 3], "k2s": [1, 3, 3]},
    {"maxpool": [], "k1s": [3], "k2s": [3]},
    {"maxpool": [], "k1s": [1], "k2s": [1]},
]
BLOCKS = [3, 1, 1]


def frequency_position(x):
    h, w = x.size(2), x.size(3)
    rows = torch.arange(h).float() * 2 / h - 1.0
    return rows.view(1, 1, h, 1).expand(x.size(0), 1, h, w)


class Block(nn.Module):
    def __init__(self, cin, cout, k1, k2):
        super().__init__()
        self.conv1 = nn.Conv2d(cin + 1, cout, k1, stride=1, padding=k1 // 3, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout + 1, cout, k2, stride=1, padding=k2 // 3, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if cin != cout:
            self.shortcut.add_module("conv", nn.Conv2d(cin, cout, 1, stride=1, padding=0, bias=False))
            self.shortcut.add_module("bn", nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(torch.cat([x, frequency_position(x)], 1))))
        y = self.bn2(self.conv2(torch.cat([y, frequency_position(y)], 1)))
        return F.relu(y + self.shortcut(x))


def make_stage(cin, cout, blocks, cfg):
    stage = nn.Sequential()
    if 0 in cfg["maxpool"]:
        stage.add_module("maxpool0_0", nn.MaxPool2d(2, 2))
    for i in range(blocks):
        stage.add_module(f"block{i + 1}", Block(cin, cout, cfg["k1s"][i], cfg["k2s"][i]))
        cin = cout
        for m_i, pos in enumerate(cfg["maxpool"]):
            if pos == i + 1:
                stage.add_module(f"maxpool{i + 1}_{m_i}", nn.MaxPool2d(2, 2))
    return stage


class ExplainableResNet(nn.Module):
    def __init__(self, base=128, concepts=7, targets=2):
        super().__init__()
        c = [base, 2 * base, 4 * base]
        self.in_c = nn.Sequential(nn.Conv2d(1, c[0], 5, stride=2, padding=1, bias=False),
                                  nn.BatchNorm2d(c[0]), nn.ReLU(True))
        self.stage1 = make_stage(c[0], c[0], BLOCKS[0], STAGES[0])
        self.stage2 = make_stage(c[0], c[1], BLOCKS[1], STAGES[1])
        self.stage3 = make_stage(c[1], c[2], BLOCKS[2], STAGES[2])
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.feed_forward = nn.Linear(concepts, targets, bias=False)
        self.concepts_layer = nn.Sequential(self.pool, nn.Flatten(), nn.Linear(c[2], concepts, bias=False))

    def forward(self, x):
        x = self.stage3(self.stage2(self.stage1(self.in_c(x))))
        concepts = self.concepts_layer(x)
        return concepts, self.feed_forward(concepts)


def randomise(model, seed):
    """Seeded random weights and non-trivial BatchNorm statistics, so that every
    parameter and buffer influences the output."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            fan_in = p[0].numel() if p.dim() > 1 else 1
            if name.endswith("bn1.weight") or name.endswith("bn2.weight") or ".bn.weight" in name or name == "in_c.1.weight":
                p.copy_(0.5 + torch.rand(p.shape, generator=g))
            elif p.dim() == 1:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) * (2.0 / fan_in) ** 0.5)
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=g))
            elif name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=g))
            elif name.endswith("num_batches_tracked"):
                b.fill_(int(torch.randint(1, 10000, (1,), generator=g)))
    model.eval()
    return model
