"""Hand-crafted baselines on clips dumped by DumpClips: are the moving-shapes labels decidable from what the model sees?

Features per clip: centroid (x, y) relative to the first sampled frame and log area ratio, per frame, of
(a) the generator's object mask, (b) a crude pixel rule (channel spread > 0.55, which also catches the distractors).
A small MLP (64 hidden) is fit on the training split and scored on the test split.
Usage: python3 baselines.py DUMP_DIR
"""
import sys
import numpy as np
import torch

FRAMES, SIZE = 8, 32
MEAN = np.array([0.485, 0.456, 0.406])[None, :, None, None, None]
STD = np.array([0.229, 0.224, 0.225])[None, :, None, None, None]


def load(d, split):
    y = np.loadtxt(f"{d}/{split}_labels.txt", dtype=np.int64)
    x = np.fromfile(f"{d}/{split}.f32", dtype=np.float32).reshape(len(y), 3, FRAMES, SIZE, SIZE)
    m = np.fromfile(f"{d}/{split}_mask.f32", dtype=np.float32).reshape(len(y), FRAMES, SIZE, SIZE)
    return x, m, y


def path_features(m):
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    a = m.sum((2, 3)) + 1e-6
    cx, cy = (m * xx).sum((2, 3)) / a, (m * yy).sum((2, 3)) / a
    return np.concatenate([cx - cx[:, :1], cy - cy[:, :1], np.log(a / a[:, :1]), cx, cy, np.log1p(a)], 1)


def pixel_mask(x):
    rgb = x * STD + MEAN
    return (rgb.max(1) - rgb.min(1) > 0.55).astype(np.float32)


def fit(ftr, ytr, fte, yte, steps=800):
    torch.manual_seed(0)
    mu, sd = ftr.mean(0), ftr.std(0) + 1e-6
    a = torch.tensor((ftr - mu) / sd, dtype=torch.float32)
    b = torch.tensor((fte - mu) / sd, dtype=torch.float32)
    net = torch.nn.Sequential(torch.nn.Linear(a.shape[1], 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    opt = torch.optim.Adam(net.parameters(), 1e-2, weight_decay=1e-4)
    t = torch.tensor(ytr)
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(a), t).backward()
        opt.step()
    with torch.no_grad():
        return (net(a).argmax(1).numpy() == ytr).mean(), (net(b).argmax(1).numpy() == yte).mean()


if __name__ == "__main__":
    torch.set_num_threads(1)
    xtr, mtr, ytr = load(sys.argv[1], "train")
    xte, mte, yte = load(sys.argv[1], "test")
    print("object-mask path:  train %.3f test %.3f" % fit(path_features(mtr), ytr, path_features(mte), yte))
    print("pixel-rule path:   train %.3f test %.3f" % fit(path_features(pixel_mask(xtr)), ytr, path_features(pixel_mask(xte)), yte))
