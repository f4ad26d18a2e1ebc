using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Quantization;

namespace PoseCluster.ModelTools.Preparation;

/// <summary>
/// Raises an old model's default opset to 10, the first with QLinearConv (ONNX Runtime fuses QDQ convolutions into
/// that operator of the model's own opset). Only done when none of the model's operators changed meaning between its
/// opset and 10; otherwise the model is rejected naming the operator.
/// </summary>
internal static class OpsetUpgrader
{
    /// <summary>The opset ONNX Runtime's QDQ fusions need.</summary>
    public const long IntegerKernelOpset = 10;

    // Operators whose definition changed incompatibly between opsets 7 and 10.
    private static readonly HashSet<string> ChangedBefore10 = ["Upsample", "Slice", "TopK", "Scan", "BatchNormalization", "Dropout"];

    public static void UpgradeForIntegerKernels(OnnxModel model)
    {
        var version = model.OpsetVersion;
        if (version >= IntegerKernelOpset)
        {
            return;
        }

        if (version < 7)
        {
            throw new UnsupportedModelException($"'{model.DisplayName}' uses opset {version}; opset 7 or later is supported.");
        }

        var blocking = model.Graph.Node.FirstOrDefault(n => n.Domain.Length == 0 && ChangedBefore10.Contains(n.OpType));
        if (blocking is not null)
        {
            throw new UnsupportedModelException(
                $"'{model.DisplayName}' uses opset {version} and {OnnxNodes.Describe(blocking)}, whose definition changed by opset {IntegerKernelOpset}, " +
                "the first with integer convolution kernels: convert the model to a newer opset first.");
        }

        model.RequireOpset(IntegerKernelOpset);
    }
}
