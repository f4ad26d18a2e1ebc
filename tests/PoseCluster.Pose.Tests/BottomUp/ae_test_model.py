"""Writes a tiny associative-embedding ONNX model whose outputs are fixed synthetic maps (test-time tooling only).

Usage: ae_test_model.py OUT_DIR
  OUT_DIR/ae_test.onnx: input `input` float32 [1, 3, 64, 64] (NCHW), outputs `heatmaps` [1, 17, 32, 32] and `tags`
  [1, 17, 16, 16] = constants + 0 * mean(input) (so the graph depends on its input, as a real model does).
  OUT_DIR/expected.json: the persons drawn: per person its tag and per joint the heatmap cell (x, y) or null.
Uses Debian's python3-onnx (1.12) and numpy.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)

# Two persons: left half tag 2.0, right half tag 5.0 (tags are constant per half so the 2x upsampled tag map is exact
# at the joints); person B has no left wrist (9) and no right ankle (16).
persons = [
    {"tag": 2.0, "x0": 2, "y0": 3, "missing": []},
    {"tag": 5.0, "x0": 18, "y0": 5, "missing": [9, 16]},
]
heatmaps = np.zeros((1, 17, 32, 32), np.float32)
tags = np.zeros((1, 17, 16, 16), np.float32)
tags[0, :, :, :8] = persons[0]["tag"]
tags[0, :, :, 8:] = persons[1]["tag"]
expected = []
for p in persons:
    joints = []
    for j in range(17):
        if j in p["missing"]:
            joints.append(None)
            continue
        x, y = p["x0"] + 3 * (j % 4), p["y0"] + 4 * (j // 4)
        heatmaps[0, j, y, x] = 0.8
        joints.append([x, y])
    expected.append({"tag": p["tag"], "joints": joints})

inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 64, 64])
out_h = helper.make_tensor_value_info("heatmaps", TensorProto.FLOAT, [1, 17, 32, 32])
out_t = helper.make_tensor_value_info("tags", TensorProto.FLOAT, [1, 17, 16, 16])
nodes = [
    helper.make_node("ReduceMean", ["input"], ["mean"], keepdims=1),
    helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
    helper.make_node("Add", ["heatmap_values", "nothing"], ["heatmaps"]),
    helper.make_node("Add", ["tag_values", "nothing"], ["tags"]),
]
initializers = [
    helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0]),
    helper.make_tensor("heatmap_values", TensorProto.FLOAT, heatmaps.shape, heatmaps.flatten().tolist()),
    helper.make_tensor("tag_values", TensorProto.FLOAT, tags.shape, tags.flatten().tolist()),
]
graph = helper.make_graph(nodes, "ae_test", [inp], [out_h, out_t], initializers)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="posecluster-tests")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, os.path.join(out_dir, "ae_test.onnx"))
with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump(expected, f)
