using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Inspection;
using PoseCluster.ModelTools.Preparation;
using PoseCluster.ModelTools.Quantization;
using PoseCluster.Pose.Onnx;
using DataType = PoseCluster.ModelTools.Format.TensorProto.Types.DataType;

namespace PoseCluster.ModelTools.Fp16;

/// <summary>
/// Tensor-level float16 conversion: every float32 tensor becomes float16 where it is produced (weights converted,
/// Cast/Constant/ConstantOfShape retargeted), except graph inputs, outputs of operators kept in float32, and inputs
/// the operator schemas require in float32 (Resize/Upsample scales). Where a consumer needs the other precision a
/// Cast is inserted once per tensor. Types come from ONNX Runtime's own inference of the float model.
/// </summary>
internal sealed class Fp16Converter(OnnxRuntime runtime) : IFp16Converter
{
    private const string ToHalfSuffix = "__fp16";
    private const string ToFloatSuffix = "__fp32";

    public OnnxModel Convert(OnnxModel source, Fp16ConversionOptions options)
    {
        options.Validate();
        QuantizationSupportCheck.Check(source);
        var model = source.Clone();
        ModelNormalizer.Normalize(model);
        Dictionary<string, TensorInfo> types;
        try
        {
            types = TensorTypeProbe.Probe(runtime, model);
        }
        catch (OnnxRuntimeException e)
        {
            throw new UnsupportedModelException($"ONNX Runtime cannot load '{source.DisplayName}', so its types are unknown: {e.Message}", e);
        }

        var graph = model.Graph;
        bool IsFloat(string t) => t.Length > 0 && types.TryGetValue(t, out var i) && i.ElementType == TensorElementType.Float;
        bool KeptFloat(NodeProto n) => options.KeepFloat32Ops.Contains(n.OpType) || options.ExcludedNodes.Contains(n.Name) || n.Output.Any(options.ExcludedNodes.Contains);
        bool WantsFloat32(NodeProto n, int slot) => KeptFloat(n) || (n.OpType == "Resize" && slot >= 1) || (n.OpType == "Upsample" && slot == 1);

        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphInputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);

        // Graph outputs produced in float16 are renamed, and a final Cast restores the float32 name.
        var tail = new List<NodeProto>();
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n, StringComparer.Ordinal);
        foreach (var output in graph.Output.Where(o => IsFloat(o.Name) && producers.TryGetValue(o.Name, out var p) && !KeptFloat(p)))
        {
            var renamed = output.Name + ToHalfSuffix;
            foreach (var node in graph.Node)
            {
                Rename(node.Output, output.Name, renamed);
                Rename(node.Input, output.Name, renamed);
            }

            types[renamed] = types[output.Name];
            tail.Add(Cast(renamed, output.Name, DataType.Float));
        }

        // Where each float tensor lives natively.
        var native = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            var keep = KeptFloat(node);
            foreach (var o in node.Output.Where(IsFloat))
            {
                native[o] = keep ? DataType.Float : DataType.Float16;
            }

            if (keep)
            {
                continue;
            }

            if (node.OpType == "Cast" && OnnxNodes.Find(node, "to") is { } to && to.I == (long)DataType.Float)
            {
                to.I = (long)DataType.Float16;
            }
            else if (node.OpType is "Constant" or "ConstantOfShape" && OnnxNodes.Find(node, "value") is { T: { } value } attribute
                && value.DataType == (int)DataType.Float)
            {
                attribute.T = ToHalf(value, value.Name);
            }
        }

        foreach (var i in graphInputs.Where(IsFloat))
        {
            native[i] = DataType.Float;
        }

        // Float initializers: a float16 copy for the consumers that take float16, the original for the others.
        var head = new List<NodeProto>();
        var halfInitializers = new Dictionary<string, string>(StringComparer.Ordinal);
        var casts = new Dictionary<string, string>(StringComparer.Ordinal);
        var castNodes = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            for (var slot = 0; slot < node.Input.Count; slot++)
            {
                var t = node.Input[slot];
                var want = WantsFloat32(node, slot) ? DataType.Float : DataType.Float16;
                if (initializers.TryGetValue(t, out var init) && init.DataType == (int)DataType.Float)
                {
                    if (want == DataType.Float16)
                    {
                        if (!halfInitializers.TryGetValue(t, out var half))
                        {
                            half = t + ToHalfSuffix;
                            halfInitializers[t] = half;
                            graph.Initializer.Add(ToHalf(init, half));
                        }

                        node.Input[slot] = half;
                    }

                    continue;
                }

                if (!native.TryGetValue(t, out var have) || have == want)
                {
                    continue;
                }

                var key = t + (want == DataType.Float16 ? ToHalfSuffix : ToFloatSuffix);
                if (!casts.ContainsKey(key))
                {
                    casts[key] = key;
                    var cast = Cast(t, key, want);
                    if (graphInputs.Contains(t))
                    {
                        head.Add(cast);
                    }
                    else
                    {
                        (castNodes.TryGetValue(t, out var list) ? list : castNodes[t] = []).Add(cast);
                    }
                }

                node.Input[slot] = key;
            }
        }

        var ordered = new List<NodeProto>(head);
        foreach (var node in graph.Node)
        {
            ordered.Add(node);
            foreach (var o in node.Output)
            {
                if (castNodes.TryGetValue(o, out var list))
                {
                    ordered.AddRange(list);
                }
            }
        }

        ordered.AddRange(tail);
        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        UnusedInitializerPruner.Prune(model);
        return model;
    }

    private static void Rename(Google.Protobuf.Collections.RepeatedField<string> names, string from, string to)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == from)
            {
                names[i] = to;
            }
        }
    }

    private static NodeProto Cast(string input, string output, DataType to) =>
        OnnxNodes.Create("Cast", [input], [output], output + "_Cast", [OnnxNodes.Int("to", (long)to)]);

    private static TensorProto ToHalf(TensorProto tensor, string name)
    {
        var values = OnnxTensors.ToFloats(tensor);
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // Saturate instead of overflowing to infinity: weights beyond ±65504 would otherwise poison the output.
            halves[i] = (Half)Math.Clamp(values[i], -65504f, 65504f);
        }

        return OnnxTensors.FromHalves(name, tensor.Dims.ToArray(), halves);
    }
}
