using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>
/// What a QDQ rewrite quantises: the nodes whose weights become int8, the activation tensors that get a
/// QuantizeLinear/DequantizeLinear pair, which of those share another tensor's parameters, and what stays float.
/// </summary>
internal sealed class QuantizationPlan
{
    /// <summary>Conv/ConvTranspose/Gemm nodes whose weights are quantised per channel.</summary>
    public required List<NodeProto> WeightedNodes { get; init; }

    /// <summary>Activation tensors that get calibrated parameters of their own, in graph order.</summary>
    public required List<string> CalibratedTensors { get; init; }

    /// <summary>Activation tensors that reuse another tensor's parameters (outputs of MaxPool, Reshape, Resize, ...).</summary>
    public required Dictionary<string, string> SharedTensors { get; init; }

    /// <summary>Nodes kept in float on purpose (heads and explicit exclusions), for the report.</summary>
    public required List<NodeProto> FloatNodes { get; init; }

    /// <summary>Every quantised activation tensor.</summary>
    public IEnumerable<string> AllTensors => CalibratedTensors.Concat(SharedTensors.Keys);

    /// <summary>The tensor whose calibrated parameters <paramref name="tensor"/> uses.</summary>
    public string ParameterSource(string tensor)
    {
        while (SharedTensors.TryGetValue(tensor, out var source))
        {
            tensor = source;
        }

        return tensor;
    }
}
