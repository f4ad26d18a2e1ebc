using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Preparation;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>
/// Writes the QDQ form of a plan: int8 per-channel weights (and int32 biases) behind DequantizeLinear with an axis,
/// and a QuantizeLinear/DequantizeLinear pair after every planned activation, read by all its consumers. Models
/// below opset 13 get the com.microsoft Q/DQ operators, which take an axis at any opset and which ONNX Runtime
/// fuses the same way, so their other operators keep the semantics of the opset they were written for.
/// </summary>
internal static class QdqRewriter
{
    private const int QdqOpset = 13;

    public static OnnxModel Rewrite(OnnxModel prepared, QuantizationPlan plan, IReadOnlyDictionary<string, QuantizationParameters> parameters)
    {
        var model = prepared.Clone();
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        var domain = model.OpsetVersion >= QdqOpset ? OnnxModel.DefaultDomain : OnnxModel.MicrosoftDomain;
        if (domain == OnnxModel.MicrosoftDomain && !model.Proto.OpsetImport.Any(o => o.Domain == OnnxModel.MicrosoftDomain))
        {
            model.Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxModel.MicrosoftDomain, Version = 1 });
        }

        QuantizationParameters ParametersOf(string tensor) =>
            parameters.TryGetValue(plan.ParameterSource(tensor), out var p)
                ? p
                : throw new InvalidOperationException($"No calibrated range for tensor '{tensor}'.");

        // Weights first: they need the input scale for the bias.
        var newInitializers = new List<TensorProto>();
        var weightNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var newNodes = new Dictionary<NodeProto, List<NodeProto>>(ReferenceEqualityComparer.Instance);
        // The plan names nodes of the prepared model; edit their counterparts in this copy.
        var position = new Dictionary<NodeProto, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < prepared.Graph.Node.Count; i++)
        {
            position[prepared.Graph.Node[i]] = i;
        }

        foreach (var node in plan.WeightedNodes.Select(n => graph.Node[position[n]]))
        {
            var prefix = new List<NodeProto>();
            var inputScale = ParametersOf(node.Input[0]).Scale;
            var weight = index.Initializer(node.Input[1])!;
            var axis = WeightAxis(node, weight);
            var (q, scales) = WeightQuantizer.PerChannel(OnnxTensors.ToFloats(weight), weight.Dims.ToArray(), axis);
            var wName = node.Input[1];
            var key = $"{wName}@{axis}";
            if (!weightNames.TryGetValue(key, out var dequantized))
            {
                dequantized = $"{wName}_DequantizeLinear_Output";
                weightNames[key] = dequantized;
                newInitializers.Add(OnnxTensors.FromSBytes($"{wName}_quantized", weight.Dims.ToArray(), q));
                newInitializers.Add(OnnxTensors.FromFloats($"{wName}_scale", [scales.Length], scales));
                newInitializers.Add(OnnxTensors.FromSBytes($"{wName}_zero_point", [scales.Length], new sbyte[scales.Length]));
                prefix.Add(Dequantize(domain, $"{wName}_quantized", $"{wName}_scale", $"{wName}_zero_point", dequantized, axis));
            }

            node.Input[1] = dequantized;

            if (node.Input.Count > 2 && node.Input[2].Length > 0 && index.IsConstant(node.Input[2])
                && OnnxTensors.ElementCount(index.Initializer(node.Input[2])!) == scales.Length && BiasQuantizable(node, scales.Length))
            {
                var bName = node.Input[2];
                var bias = OnnxTensors.ToFloats(index.Initializer(bName)!);
                var (qb, biasScales) = WeightQuantizer.Bias(bias, inputScale, scales);
                var unique = $"{bName}_{(string.IsNullOrEmpty(node.Name) ? node.Output[0] : node.Name)}";
                newInitializers.Add(OnnxTensors.FromInt32s($"{unique}_quantized", [qb.Length], qb));
                newInitializers.Add(OnnxTensors.FromFloats($"{unique}_scale", [biasScales.Length], biasScales));
                newInitializers.Add(OnnxTensors.FromInt32s($"{unique}_zero_point", [qb.Length], new int[qb.Length]));
                prefix.Add(Dequantize(domain, $"{unique}_quantized", $"{unique}_scale", $"{unique}_zero_point", $"{unique}_DequantizeLinear_Output", 0));
                node.Input[2] = $"{unique}_DequantizeLinear_Output";
            }

            newNodes[node] = prefix;
        }

        // Activations: one Q/DQ pair per tensor, right after its producer; every consumer reads the DQ output.
        var activationTensors = plan.AllTensors.ToHashSet(StringComparer.Ordinal);
        var pairs = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tensor in activationTensors)
        {
            var source = plan.ParameterSource(tensor);
            var p = ParametersOf(tensor);
            if (!newInitializers.Any(t => t.Name == $"{source}_scale"))
            {
                newInitializers.Add(OnnxTensors.FromFloats($"{source}_scale", [], [p.Scale]));
                newInitializers.Add(p.Unsigned
                    ? OnnxTensors.FromBytes($"{source}_zero_point", [], [(byte)p.ZeroPoint])
                    : OnnxTensors.FromSBytes($"{source}_zero_point", [], [(sbyte)p.ZeroPoint]));
            }

            var quantized = $"{tensor}_QuantizeLinear_Output";
            var dequantized = $"{tensor}_DequantizeLinear_Output";
            pairs[tensor] =
            [
                OnnxNodes.Create("QuantizeLinear", [tensor, $"{source}_scale", $"{source}_zero_point"], [quantized], $"{tensor}_QuantizeLinear", domain: domain),
                Dequantize(domain, quantized, $"{source}_scale", $"{source}_zero_point", dequantized, null),
            ];
            renamed[tensor] = dequantized;
        }

        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (renamed.TryGetValue(node.Input[i], out var dq))
                {
                    node.Input[i] = dq;
                }
            }
        }

        var ordered = new List<NodeProto>();
        foreach (var input in graph.Input.Where(i => pairs.ContainsKey(i.Name)))
        {
            ordered.AddRange(pairs[input.Name]);
        }

        foreach (var node in graph.Node)
        {
            if (newNodes.TryGetValue(node, out var prefix))
            {
                ordered.AddRange(prefix);
            }

            ordered.Add(node);
            foreach (var output in node.Output.Where(pairs.ContainsKey))
            {
                ordered.AddRange(pairs[output]);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        graph.Initializer.AddRange(newInitializers);
        UnusedInitializerPruner.Prune(model);
        return model;
    }

    /// <summary>The output-channel axis of a weight: Conv [M, C/g, k..] 0; ConvTranspose [C, M/g, k..] 1 (0 when grouped); Gemm by transB.</summary>
    private static int WeightAxis(NodeProto node, TensorProto weight) => node.OpType switch
    {
        "Conv" => 0,

        // Grouped (e.g. depthwise) deconvolutions have one output channel per group along axis 1: per-input-channel
        // scales (axis 0) are the finer grain there and dequantise the same way.
        "ConvTranspose" => OnnxNodes.GetInt(node, "group", 1) == 1 ? 1 : 0,
        "Gemm" => OnnxNodes.GetInt(node, "transB", 0) == 1 ? 0 : 1,
        _ => throw new InvalidOperationException($"{OnnxNodes.Describe(node)} has no weight layout rule (weight '{weight.Name}')."),
    };

    /// <summary>An int32 bias needs one scale per output channel equal to input scale x weight scale.</summary>
    private static bool BiasQuantizable(NodeProto node, int channels) => node.OpType switch
    {
        "Conv" => true,

        // Per output channel when ungrouped (axis 1) or depthwise (axis 0, one output per input channel); the
        // caller's length check rejects other grouped layouts. Left float, ONNX Runtime would quantise it itself
        // with an opset-13 DequantizeLinear that older models cannot hold.
        "ConvTranspose" => true,
        "Gemm" => OnnxNodes.GetFloat(node, "alpha", 1f) == 1f && OnnxNodes.GetFloat(node, "beta", 1f) == 1f,
        _ => false,
    } && channels > 0;

    private static NodeProto Dequantize(string domain, string input, string scale, string zeroPoint, string output, int? axis) =>
        OnnxNodes.Create(
            "DequantizeLinear",
            [input, scale, zeroPoint],
            [output],
            output.Replace("_Output", string.Empty, StringComparison.Ordinal),
            axis is { } a ? [OnnxNodes.Int("axis", a)] : null,
            domain);
}
