"""A PyTorch re-implementation of the video task's quick model, trained on clips dumped by DumpClips, to tell a bug in
FrozenLm from a recipe that cannot learn: tubelet Conv3d, VideoMAE's flattened sinusoid table (or --pos 3d: a
factorised time / row / column table), pre-norm blocks, mean pool + LayerNorm + head (weights scaled by --head-scale),
AdamW (wd 0.05), linear warm-up for one epoch then cosine to 1e-5, batch 16; --model cnn: a small 3D CNN instead.
Usage: python3 vit_mirror.py DUMP_DIR [--model vit|cnn] [--epochs 6] [--lr 1e-3] [--patch 8] [--tubelet 2] ...
"""
import argparse
import math
import time
import numpy as np
import torch
from torch import nn

FRAMES, SIZE, CLASSES = 8, 32, 10


def sincos(n, dim):
    j = torch.arange(dim)
    angle = torch.arange(n)[:, None] / 10000 ** (2 * (j // 2) / dim)
    return torch.where(j % 2 == 0, torch.sin(angle), torch.cos(angle))


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x):
        y = self.norm1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class VideoViT(nn.Module):
    def __init__(self, dim, depth, heads, tubelet, patch, pos, head_scale, xavier=False):
        super().__init__()
        self.embed = nn.Conv3d(3, dim, (tubelet, patch, patch), (tubelet, patch, patch))
        t, g = FRAMES // tubelet, SIZE // patch
        if pos == "3d":
            ds = (dim - dim // 4) // 2 // 2 * 2
            dt = dim - 2 * ds
            st, ss = sincos(t, dt), sincos(g, ds)
            table = torch.cat([st[:, None, None].expand(t, g, g, dt), ss[None, :, None].expand(t, g, g, ds),
                               ss[None, None, :].expand(t, g, g, ds)], -1).reshape(1, t * g * g, dim)
        elif pos == "learned":
            table = None
            self.pos = nn.Parameter(torch.randn(1, t * g * g, dim) * 0.02)
        else:
            table = sincos(t * g * g, dim)[None]
        if table is not None:
            self.register_buffer("pos", table)
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.fc_norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, CLASSES)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                if xavier:
                    nn.init.xavier_uniform_(m.weight)
                else:
                    nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
        self.head.weight.data.mul_(head_scale)

    def forward(self, x):
        x = self.embed(x).flatten(2).transpose(1, 2) + self.pos
        return self.head(self.fc_norm(self.blocks(x).mean(1)))


def cnn():
    return nn.Sequential(nn.Conv3d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool3d((1, 2, 2)),
                         nn.Conv3d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool3d(2),
                         nn.Conv3d(64, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool3d(1), nn.Flatten(),
                         nn.Linear(64, CLASSES))


def load(d, split):
    y = np.loadtxt(f"{d}/{split}_labels.txt", dtype=np.int64)
    x = np.fromfile(f"{d}/{split}.f32", dtype=np.float32).reshape(len(y), 3, FRAMES, SIZE, SIZE)
    return torch.tensor(x), torch.tensor(y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dump")
    p.add_argument("--model", default="vit")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--tubelet", type=int, default=2)
    p.add_argument("--patch", type=int, default=8)
    p.add_argument("--pos", default="flat")
    p.add_argument("--head-scale", type=float, default=0.001)
    p.add_argument("--smoothing", type=float, default=0.1)
    p.add_argument("--xavier", action="store_true")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--train-limit", type=int, default=0)
    p.add_argument("--warmup", type=float, default=1.0)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    xtr, ytr = load(a.dump, "train")
    xte, yte = load(a.dump, "test")
    if a.train_limit:
        xtr, ytr = xtr[:a.train_limit], ytr[:a.train_limit]
    model = cnn() if a.model == "cnn" else VideoViT(a.dim, a.depth, a.heads, a.tubelet, a.patch, a.pos, a.head_scale, a.xavier)
    opt = torch.optim.AdamW(model.parameters(), a.lr, weight_decay=0.05)
    bs = a.batch
    per_epoch = len(ytr) // bs
    total, step = a.epochs * per_epoch, 0
    warm = max(1, int(a.warmup * per_epoch))
    for epoch in range(a.epochs):
        start, running = time.time(), 0.0
        model.train()
        order = torch.randperm(len(ytr))
        for i in range(per_epoch):
            lr = a.lr * step / warm if step < warm else \
                1e-5 + (a.lr - 1e-5) * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
            for g in opt.param_groups:
                g["lr"] = lr
            idx = order[i * bs:(i + 1) * bs]
            loss = nn.functional.cross_entropy(model(xtr[idx]), ytr[idx], label_smoothing=a.smoothing)
            opt.zero_grad()
            loss.backward()
            opt.step()
            running += loss.item()
            step += 1
        model.eval()
        with torch.no_grad():
            pred = model(xte).argmax(1)
            acc = (pred == yte).float().mean().item()
            per_class = [round((pred[yte == c] == c).float().mean().item(), 2) for c in range(CLASSES)]
        print(f"epoch {epoch} train loss {running / per_epoch:.3f} test top-1 {acc:.3f} ({time.time() - start:.0f} s) per class {per_class}", flush=True)


if __name__ == "__main__":
    main()
