using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Preparation;

/// <summary>
/// Folds inference-mode BatchNormalization nodes into the Conv/ConvTranspose that feeds them. Needed before
/// quantisation: once the weights are int8 behind a DequantizeLinear, ONNX Runtime can no longer fold the
/// normalisation itself, and an unfolded BatchNormalization between the convolution and its QuantizeLinear stops
/// the convolution from running as an integer kernel.
/// </summary>
internal static class BatchNormalizationFolder
{
    /// <summary>Folds every foldable BatchNormalization; returns how many were folded.</summary>
    public static int Fold(OnnxModel model)
    {
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        var folded = 0;
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replacedInitializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization" && n.Domain.Length == 0).ToList())
        {
            // Training-mode outputs (running mean/var) in use, or parameters that are not constants: leave it.
            if (bn.Output.Skip(1).Any(o => o.Length > 0) || bn.Input.Count < 5 || !bn.Input.Skip(1).All(index.IsConstant))
            {
                continue;
            }

            var conv = index.Producer(bn.Input[0]);
            if (conv is null || conv.OpType is not ("Conv" or "ConvTranspose") || conv.Domain.Length != 0
                || index.Consumers(bn.Input[0]).Count != 1 || index.IsGraphOutput(bn.Input[0])
                || !index.IsConstant(conv.Input[1]) || index.Consumers(conv.Input[1]).Count != 1)
            {
                continue;
            }

            var gamma = OnnxTensors.ToFloats(index.Initializer(bn.Input[1])!);
            var beta = OnnxTensors.ToFloats(index.Initializer(bn.Input[2])!);
            var mean = OnnxTensors.ToFloats(index.Initializer(bn.Input[3])!);
            var variance = OnnxTensors.ToFloats(index.Initializer(bn.Input[4])!);
            var epsilon = OnnxNodes.GetFloat(bn, "epsilon", 1e-5f);
            var channels = gamma.Length;
            var scale = new float[channels];
            var shift = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                scale[c] = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                shift[c] = beta[c] - (mean[c] * scale[c]);
            }

            var weightTensor = index.Initializer(conv.Input[1])!;
            var weights = OnnxTensors.ToFloats(weightTensor);
            var dims = weightTensor.Dims.ToArray();
            var group = OnnxNodes.GetInt(conv, "group", 1);
            if (!ScaleWeights(conv.OpType, weights, dims, group, scale))
            {
                continue;
            }

            var bias = new float[channels];
            if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
            {
                if (!index.IsConstant(conv.Input[2]))
                {
                    continue;
                }

                OnnxTensors.ToFloats(index.Initializer(conv.Input[2])!).CopyTo(bias, 0);
            }

            for (var c = 0; c < channels; c++)
            {
                bias[c] = (bias[c] * scale[c]) + shift[c];
            }

            var weightName = conv.Input[1];
            var biasName = (string.IsNullOrEmpty(conv.Name) ? conv.Output[0] : conv.Name) + "_folded_bias";
            replacedInitializers[weightName] = OnnxTensors.FromFloats(weightName, dims, weights);
            replacedInitializers[biasName] = OnnxTensors.FromFloats(biasName, [channels], bias);
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = biasName;
            }
            else
            {
                conv.Input.Add(biasName);
            }

            // The convolution now produces the normalised tensor under the BatchNormalization's output name.
            conv.Output[0] = bn.Output[0];
            removed.Add(bn);
            folded++;
        }

        if (folded == 0)
        {
            return 0;
        }

        var kept = graph.Node.Where(n => !removed.Contains(n)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        for (var i = 0; i < graph.Initializer.Count; i++)
        {
            if (replacedInitializers.Remove(graph.Initializer[i].Name, out var replacement))
            {
                graph.Initializer[i] = replacement;
            }
        }

        graph.Initializer.AddRange(replacedInitializers.Values);
        UnusedInitializerPruner.Prune(model);
        return folded;
    }

    /// <summary>Scales each output channel's weights; false when the layout is not understood.</summary>
    private static bool ScaleWeights(string opType, float[] weights, long[] dims, long group, float[] scale)
    {
        if (dims.Length < 3)
        {
            return false;
        }

        var inner = (int)dims.Skip(2).Aggregate(1L, (a, b) => a * b);
        if (opType == "Conv")
        {
            // [M, C/g, k...]: output channel = first axis.
            if (dims[0] != scale.Length)
            {
                return false;
            }

            var perChannel = weights.Length / scale.Length;
            for (var m = 0; m < scale.Length; m++)
            {
                foreach (ref var v in weights.AsSpan(m * perChannel, perChannel))
                {
                    v *= scale[m];
                }
            }

            return true;
        }

        // ConvTranspose [C, M/g, k...]: output channel o = (c / (C/g)) * (M/g) + j.
        var inChannels = (int)dims[0];
        var outPerGroup = (int)dims[1];
        var inPerGroup = inChannels / (int)group;
        if (outPerGroup * group != scale.Length)
        {
            return false;
        }

        for (var c = 0; c < inChannels; c++)
        {
            for (var j = 0; j < outPerGroup; j++)
            {
                var o = (c / inPerGroup * outPerGroup) + j;
                var span = weights.AsSpan(((c * outPerGroup) + j) * inner, inner);
                foreach (ref var v in span)
                {
                    v *= scale[o];
                }
            }
        }

        return true;
    }
}
