"""Helper models for the benchmarks (Debian python3-onnx / numpy).

  model_tools.py resize IN OUT HEIGHT WIDTH   copy of a fully convolutional NCHW model with its input fixed to HEIGHT x WIDTH
  model_tools.py conv OUT CHANNELS SIZE       one dense 3x3 convolution, CHANNELS -> CHANNELS on SIZE x SIZE (FLOP/s probe)
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

mode = sys.argv[1]
if mode == "resize":
    src, out, h, w = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    model = onnx.load(src)
    dims = model.graph.input[0].type.tensor_type.shape.dim
    dims[2].dim_value, dims[3].dim_value = h, w
    for o in model.graph.output:
        for d in o.type.tensor_type.shape.dim[2:]:
            d.dim_param = "spatial"
    del model.graph.value_info[:]
    onnx.save(model, out)
elif mode == "conv":
    out, c, s = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(0)
    weight = rng.standard_normal((c, c, 3, 3)).astype(np.float32) * 0.05
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
        "conv3x3",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, s, s])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, c, s, s])],
        [helper.make_tensor("w", TensorProto.FLOAT, weight.shape, weight.flatten().tolist())],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, out)
