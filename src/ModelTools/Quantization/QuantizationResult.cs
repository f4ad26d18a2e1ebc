using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Verification;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>A quantised model and how it was made.</summary>
public sealed class QuantizationResult
{
    /// <summary>The QDQ model.</summary>
    public required OnnxModel Model { get; init; }

    /// <summary>The calibration method used (the winner when the options asked for auto).</summary>
    public required CalibrationMethod Method { get; init; }

    /// <summary>Each method tried and its comparison with the float model on the validation samples.</summary>
    public required IReadOnlyDictionary<CalibrationMethod, OutputComparison> Scores { get; init; }

    /// <summary>Each method's task score when a scorer chose the method (e.g. pipeline AP); empty otherwise.</summary>
    public IReadOnlyDictionary<CalibrationMethod, double> TaskScores { get; init; } = new Dictionary<CalibrationMethod, double>();

    /// <summary>What chose the method: the scorer's metric, or mean output SQNR.</summary>
    public string SelectionMetric { get; init; } = "mean output SQNR vs float32 on held-out samples";

    /// <summary>Weighted layers quantised.</summary>
    public required int QuantizedLayers { get; init; }

    /// <summary>Activation tensors with a QDQ pair.</summary>
    public required int QuantizedActivations { get; init; }

    /// <summary>Weighted layers left in float (heads and exclusions), by node name.</summary>
    public required IReadOnlyList<string> FloatLayers { get; init; }

    /// <summary>BatchNormalization nodes folded into convolutions first.</summary>
    public required int FoldedBatchNorms { get; init; }

    /// <summary>Calibration samples used.</summary>
    public required int CalibrationSamples { get; init; }
}
