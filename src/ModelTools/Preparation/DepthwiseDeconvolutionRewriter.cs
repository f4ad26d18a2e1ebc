using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Preparation;

/// <summary>
/// Rewrites depthwise 4x4 stride-2 ConvTranspose layers (the upsampling heads of SimpleBaseline-style pose models) as
/// four depthwise 2x2 convolutions, one per output phase, concatenated and interleaved by DepthToSpace. The result
/// is the same function, but made of operators that ONNX Runtime runs as integer kernels: its CPU provider has no
/// integer ConvTranspose, so the original layer would stay float between Q/DQ pairs on the largest feature maps.
/// </summary>
internal static class DepthwiseDeconvolutionRewriter
{
    // For output phase 0 (even rows/columns) the 2 taps are kernel rows 3 then 1 over inputs m-1, m; for phase 1
    // (odd) rows 2 then 0 over inputs m, m+1: y[2m] = x[m-1] w3 + x[m] w1, y[2m+1] = x[m] w2 + x[m+1] w0.
    private static readonly int[][] Taps = [[3, 1], [2, 0]];

    /// <summary>Rewrites every matching layer; returns how many.</summary>
    public static int Rewrite(OnnxModel model)
    {
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        var rewritten = 0;
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (!Matches(node, index, out var weights, out var channels))
            {
                nodes.Add(node);
                continue;
            }

            var name = string.IsNullOrEmpty(node.Name) ? node.Output[0] : node.Name;
            var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
            var phases = new List<string>();
            for (var py = 0; py < 2; py++)
            {
                for (var px = 0; px < 2; px++)
                {
                    var kernel = new float[channels * 4];
                    for (var c = 0; c < channels; c++)
                    {
                        for (var a = 0; a < 2; a++)
                        {
                            for (var b = 0; b < 2; b++)
                            {
                                kernel[(c * 4) + (a * 2) + b] = weights[(c * 16) + (Taps[py][a] * 4) + Taps[px][b]];
                            }
                        }
                    }

                    var phase = $"{name}_phase{py}{px}";
                    graph.Initializer.Add(OnnxTensors.FromFloats(phase + "_weight", [channels, 1, 2, 2], kernel));
                    List<string> inputs = [node.Input[0], phase + "_weight"];
                    if (bias is not null)
                    {
                        inputs.Add(bias);
                    }

                    // Even phases read one row/column before (pad at the start), odd phases one after.
                    nodes.Add(OnnxNodes.Create(
                        "Conv",
                        inputs,
                        [phase],
                        phase,
                        [OnnxNodes.Int("group", channels), OnnxNodes.Ints("kernel_shape", 2, 2), OnnxNodes.Ints("pads", 1 - py, 1 - px, py, px)]));
                    phases.Add(phase);
                }
            }

            // DepthToSpace (DCR) takes channel (by * 2 + bx) * C + c to pixel (2h + by, 2w + bx) of channel c.
            nodes.Add(OnnxNodes.Create("Concat", phases, [name + "_phases"], name + "_phases", [OnnxNodes.Int("axis", 1)]));
            nodes.Add(OnnxNodes.Create("DepthToSpace", [name + "_phases"], [node.Output[0]], name + "_interleave", [OnnxNodes.Int("blocksize", 2)]));
            rewritten++;
        }

        if (rewritten > 0)
        {
            graph.Node.Clear();
            graph.Node.AddRange(nodes);
            UnusedInitializerPruner.Prune(model);
        }

        return rewritten;
    }

    private static bool Matches(NodeProto node, GraphIndex index, out float[] weights, out int channels)
    {
        weights = [];
        channels = 0;
        if (node.OpType != "ConvTranspose" || node.Domain.Length != 0 || node.Input.Count < 2 || index.Initializer(node.Input[1]) is not { } w
            || w.DataType != (int)TensorProto.Types.DataType.Float || w.Dims.Count != 4 || w.Dims[1] != 1 || w.Dims[2] != 4 || w.Dims[3] != 4)
        {
            return false;
        }

        channels = (int)w.Dims[0];
        static bool Is(AttributeProto? a, params long[] values) => a is null ? values.Length == 0 : a.Ints.SequenceEqual(values);
        var ok = OnnxNodes.GetInt(node, "group", 1) == channels
            && Is(OnnxNodes.Find(node, "strides"), 2, 2)
            && Is(OnnxNodes.Find(node, "pads"), 1, 1, 1, 1)
            && (OnnxNodes.Find(node, "dilations") is null || Is(OnnxNodes.Find(node, "dilations"), 1, 1))
            && (OnnxNodes.Find(node, "output_padding") is null || Is(OnnxNodes.Find(node, "output_padding"), 0, 0))
            && OnnxNodes.Find(node, "output_shape") is null
            && (OnnxNodes.Find(node, "auto_pad") is not { } pad || pad.S.ToStringUtf8() is "" or "NOTSET")
            && (node.Input.Count < 3 || node.Input[2].Length == 0 || index.IsConstant(node.Input[2]));
        if (ok)
        {
            weights = OnnxTensors.ToFloats(w);
        }

        return ok;
    }
}
