using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>Rejects models the quantiser cannot handle, naming the operator that stops it.</summary>
internal static class QuantizationSupportCheck
{
    private static readonly HashSet<string> QuantizedOps =
        ["QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger", "DynamicQuantizeLinear", "QGemm"];

    private static readonly HashSet<string> KnownDomains = [OnnxModel.DefaultDomain, "ai.onnx", OnnxModel.MicrosoftDomain, "ai.onnx.ml"];

    public static void Check(OnnxModel model)
    {
        foreach (var node in model.Graph.Node)
        {
            if (QuantizedOps.Contains(node.OpType))
            {
                throw new UnsupportedModelException(
                    $"'{model.DisplayName}' is already quantised ({OnnxNodes.Describe(node)}): quantise the float32 model it came from.");
            }

            if (!KnownDomains.Contains(node.Domain))
            {
                throw new UnsupportedModelException(
                    $"'{model.DisplayName}' uses {OnnxNodes.Describe(node)} from the custom operator domain '{node.Domain}', which ONNX Runtime's CPU provider and this tool do not know.");
            }
        }

        var index = new GraphIndex(model.Graph);
        foreach (var node in model.Graph.Node.Where(n => n.OpType is "Conv" or "ConvTranspose" or "Gemm"))
        {
            if (node.Input.Count > 1 && index.Initializer(node.Input[1]) is { } w
                && (TensorProto.Types.DataType)w.DataType != TensorProto.Types.DataType.Float)
            {
                throw new UnsupportedModelException(
                    $"{OnnxNodes.Describe(node)} of '{model.DisplayName}' has {(TensorProto.Types.DataType)w.DataType} weights: int8 and fp16 conversions start from the float32 model.");
            }
        }
    }
}
