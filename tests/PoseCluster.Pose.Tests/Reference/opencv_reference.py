"""Independent reference outputs computed with OpenCV/NumPy for the engine's kernels (test-time tooling only).

Usage: opencv_reference.py MODE IN OUT [params...]
  letterbox IN OUT src_w src_h dst_w dst_h anchor(topleft|centre) pad
      IN: raw RGB uint8 (src_h, src_w, 3); OUT: float32 (dst_h, dst_w, 3) of the letterboxed uint8 image.
  crop IN OUT src_w src_h dst_w dst_h cx cy region_w pad
      cv2.warpAffine (INTER_LINEAR, BORDER_CONSTANT) of the region centred on (cx, cy), width region_w, onto dst.
  dark IN OUT n h w
      IN: float32 (n, h, w) heatmaps; OUT: float32 (n, 3) = x, y, maxval decoded with HRNet-DARK
      (get_max_preds, gaussian_blur k=11 with zero padding, log, taylor).
  letterbox_cubic IN OUT src_w src_h dst_w dst_h pad
      As letterbox (centred) with cv2.INTER_CUBIC, the tf-pose-estimation / OpenPose demo resize.
  upsample IN OUT n h w factor interpolation(linear|cubic)
      IN: float32 (n, h, w); OUT: float32 (n, h*factor, w*factor) = cv2.resize(fx=fy=factor).
"""
import sys
import numpy as np
import cv2


def letterbox(a):
    src, out, sw, sh, dw, dh, anchor, pad = a[0], a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5]), a[6], float(a[7])
    img = np.fromfile(src, dtype=np.uint8).reshape(sh, sw, 3)
    r = min(dw / sw, dh / sh)
    nw, nh = int(sw * r), int(sh * r)
    resized = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    canvas = np.full((dh, dw, 3), pad, dtype=np.uint8)
    ox, oy = ((dw - nw) // 2, (dh - nh) // 2) if anchor == "centre" else (0, 0)
    canvas[oy:oy + nh, ox:ox + nw] = resized
    canvas.astype(np.float32).tofile(out)


def crop(a):
    src, out, sw, sh, dw, dh = a[0], a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5])
    cx, cy, rw, pad = float(a[6]), float(a[7]), float(a[8]), float(a[9])
    img = np.fromfile(src, dtype=np.uint8).reshape(sh, sw, 3)
    s = dw / rw
    m = np.array([[s, 0, dw * 0.5 - cx * s], [0, s, dh * 0.5 - cy * s]], dtype=np.float64)
    warped = cv2.warpAffine(img, m, (dw, dh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(pad, pad, pad))
    warped.astype(np.float32).tofile(out)


def dark(a):
    src, out, n, h, w = a[0], a[1], int(a[2]), int(a[3]), int(a[4])
    hm = np.fromfile(src, dtype=np.float32).reshape(n, h, w).astype(np.float64)
    flat = hm.reshape(n, -1)
    idx = np.argmax(flat, 1)
    maxvals = np.amax(flat, 1)
    coords = np.stack([idx % w, idx // w], 1).astype(np.float64)
    coords *= (maxvals > 0)[:, None]
    k, border = 11, 5
    blurred = np.empty_like(hm)
    for i in range(n):
        origin_max = np.max(hm[i])
        dr = np.zeros((h + 2 * border, w + 2 * border))
        dr[border:-border, border:-border] = hm[i].copy()
        dr = cv2.GaussianBlur(dr, (k, k), 0)
        blurred[i] = dr[border:-border, border:-border]
        blurred[i] *= origin_max / np.max(blurred[i])
    blurred = np.log(np.maximum(blurred, 1e-10))
    for i in range(n):
        px, py = int(coords[i, 0]), int(coords[i, 1])
        b = blurred[i]
        if 1 < px < w - 2 and 1 < py < h - 2:
            dx = 0.5 * (b[py][px + 1] - b[py][px - 1])
            dy = 0.5 * (b[py + 1][px] - b[py - 1][px])
            dxx = 0.25 * (b[py][px + 2] - 2 * b[py][px] + b[py][px - 2])
            dxy = 0.25 * (b[py + 1][px + 1] - b[py - 1][px + 1] - b[py + 1][px - 1] + b[py - 1][px - 1])
            dyy = 0.25 * (b[py + 2][px] - 2 * b[py][px] + b[py - 2][px])
            if dxx * dyy - dxy ** 2 != 0:
                hess = np.array([[dxx, dxy], [dxy, dyy]])
                coords[i] += -np.linalg.inv(hess) @ np.array([dx, dy])
    np.concatenate([coords, maxvals[:, None]], 1).astype(np.float32).tofile(out)


def letterbox_cubic(a):
    src, out, sw, sh, dw, dh, pad = a[0], a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5]), float(a[6])
    img = np.fromfile(src, dtype=np.uint8).reshape(sh, sw, 3)
    r = min(dw / sw, dh / sh)
    nw, nh = int(sw * r), int(sh * r)
    resized = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_CUBIC)
    canvas = np.full((dh, dw, 3), pad, dtype=np.uint8)
    ox, oy = (dw - nw) // 2, (dh - nh) // 2
    canvas[oy:oy + nh, ox:ox + nw] = resized
    canvas.astype(np.float32).tofile(out)


def upsample(a):
    src, out, n, h, w, f, interp = a[0], a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5]), a[6]
    maps = np.fromfile(src, dtype=np.float32).reshape(n, h, w)
    flag = cv2.INTER_CUBIC if interp == "cubic" else cv2.INTER_LINEAR
    up = np.stack([cv2.resize(m, (0, 0), fx=f, fy=f, interpolation=flag) for m in maps])
    up.astype(np.float32).tofile(out)


{"letterbox": letterbox, "crop": crop, "dark": dark, "letterbox_cubic": letterbox_cubic, "upsample": upsample}[sys.argv[1]](sys.argv[2:])
