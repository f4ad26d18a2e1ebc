using PoseCluster.ModelTools.Format;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>
/// Decides what to quantise, following what ONNX Runtime's CPU provider turns into integer kernels: convolutions and
/// Gemm (per-channel int8 weights), Add/Concat/pooling with their own activation ranges, ReLU/Clip folded into the
/// quantisation of their producer, and data-movement ops (MaxPool, Reshape, Transpose, Resize, ...) sharing their
/// input's parameters so the runtime can drop their QDQ pairs and keep the tensor in 8 bits.
/// </summary>
internal static class QuantizationPlanner
{
    private static readonly HashSet<string> Weighted = ["Conv", "ConvTranspose", "Gemm"];
    private static readonly HashSet<string> Arithmetic = ["Add", "Mul", "Sigmoid", "Concat", "AveragePool", "GlobalAveragePool", "LeakyRelu"];
    private static readonly HashSet<string> FusableActivations = ["Relu", "Clip"];
    private static readonly HashSet<string> PassThrough = ["MaxPool", "Reshape", "Transpose", "Resize", "Squeeze", "Unsqueeze", "Flatten", "DepthToSpace", "SpaceToDepth"];

    public static QuantizationPlan Plan(OnnxModel model, IReadOnlyDictionary<string, TensorInfo> types, QuantizationOptions options)
    {
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        bool IsFloat(string t) => t.Length > 0 && !index.IsConstant(t) && types.TryGetValue(t, out var info) && info.ElementType == TensorElementType.Float;

        var excluded = Heads(graph, index, options.FloatHeadDepth);
        foreach (var node in graph.Node.Where(n => options.ExcludedNodes.Contains(n.Name) || n.Output.Any(options.ExcludedNodes.Contains)))
        {
            excluded.Add(node);
        }

        var selected = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var weighted = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (node.Domain.Length != 0 || excluded.Contains(node) || !IsFloat(node.Output[0]))
            {
                continue;
            }

            if (Weighted.Contains(node.OpType) && node.Input.Count >= 2 && IsFloat(node.Input[0]) && index.IsConstant(node.Input[1])
                && (TensorProto.Types.DataType)index.Initializer(node.Input[1])!.DataType == TensorProto.Types.DataType.Float)
            {
                selected.Add(node);
                weighted.Add(node);
            }
            else if (Arithmetic.Contains(node.OpType) && node.Input.All(IsFloat))
            {
                selected.Add(node);
            }
            else if (FusableActivations.Contains(node.OpType) && IsFloat(node.Input[0]) && index.Producer(node.Input[0]) is { } p && selected.Contains(p))
            {
                selected.Add(node);
            }
        }

        // A producer whose output only feeds selected ReLU/Clip is quantised at the activation's output instead: the
        // runtime then removes the activation (zero point at the bottom of the range) and fuses Conv+Q.
        var fused = new HashSet<string>(StringComparer.Ordinal);
        if (options.Activations == ActivationQuantization.UInt8Asymmetric)
        {
            foreach (var node in selected.Where(n => !FusableActivations.Contains(n.OpType)))
            {
                var consumers = index.Consumers(node.Output[0]);
                if (consumers.Count > 0 && !index.IsGraphOutput(node.Output[0]) && consumers.All(c => selected.Contains(c) && FusableActivations.Contains(c.OpType)))
                {
                    fused.Add(node.Output[0]);
                }
            }
        }

        var calibrated = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string t)
        {
            if (IsFloat(t) && !fused.Contains(t) && seen.Add(t))
            {
                calibrated.Add(t);
            }
        }

        foreach (var node in graph.Node.Where(selected.Contains))
        {
            if (Weighted.Contains(node.OpType) || FusableActivations.Contains(node.OpType))
            {
                Add(node.Input[0]);
            }
            else
            {
                foreach (var input in node.Input)
                {
                    Add(input);
                }
            }

            Add(node.Output[0]);
        }

        // Data movement after a quantised tensor stays in 8 bits with its input's parameters.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            // ONNX Runtime's 8-bit DepthToSpace/SpaceToDepth kernels exist from opset 13: before that they stay float.
            var eightBitKernel = model.OpsetVersion >= 13 || node.OpType is not ("DepthToSpace" or "SpaceToDepth");
            if (node.Domain.Length == 0 && PassThrough.Contains(node.OpType) && eightBitKernel && !excluded.Contains(node)
                && seen.Contains(node.Input[0]) && IsFloat(node.Output[0]))
            {
                // Also when a consumer already asked for the output's own range: sharing is what lets the runtime
                // drop the pair (the output's range lies within the input's for all these ops).
                calibrated.Remove(node.Output[0]);
                shared[node.Output[0]] = node.Input[0];
                seen.Add(node.Output[0]);
            }
        }

        return new QuantizationPlan
        {
            WeightedNodes = weighted,
            CalibratedTensors = calibrated,
            SharedTensors = shared,
            FloatNodes = excluded.Where(n => Weighted.Contains(n.OpType)).ToList(),
        };
    }

    /// <summary>
    /// For each graph output, every node up to and including the last <paramref name="depth"/> weighted layers on
    /// each path that feeds it.
    /// </summary>
    private static HashSet<NodeProto> Heads(GraphProto graph, GraphIndex index, int depth)
    {
        var heads = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        if (depth == 0)
        {
            return heads;
        }

        var stack = new Stack<(string Tensor, int Remaining)>(graph.Output.Select(o => (o.Name, depth)));
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var (tensor, remaining) = stack.Pop();
            if ((best.TryGetValue(tensor, out var seen) && seen >= remaining) || index.Producer(tensor) is not { } node)
            {
                continue;
            }

            best[tensor] = remaining;
            heads.Add(node);
            var next = Weighted.Contains(node.OpType) ? remaining - 1 : remaining;
            if (next == 0)
            {
                continue;
            }

            foreach (var input in node.Input.Where(i => i.Length > 0 && !index.IsConstant(i)))
            {
                stack.Push((input, next));
            }
        }

        return heads;
    }
}
