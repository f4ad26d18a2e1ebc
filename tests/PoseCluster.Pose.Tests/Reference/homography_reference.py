# cv2.findHomography (least squares, method 0: DLT + Levenberg-Marquardt) on the pairs of a JSON file: prints H as JSON.
import json, sys
import cv2
import numpy as np

pairs = json.load(open(sys.argv[1]))
src = np.array([p[0] for p in pairs], dtype=np.float64)
dst = np.array([p[1] for p in pairs], dtype=np.float64)
h, _ = cv2.findHomography(src, dst, 0)
print(json.dumps((h / h[2, 2]).flatten().tolist()))
