using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>Static post-training int8 quantisation of a float32 ONNX model into QDQ form.</summary>
public interface IModelQuantizer
{
    /// <summary>
    /// Quantises <paramref name="model"/> (left unchanged) calibrated on <paramref name="calibration"/>. With
    /// <see cref="CalibrationMethod.Auto"/>, each method is scored on <paramref name="validation"/> (samples not
    /// used for calibration) by how close the quantised outputs stay to the float ones (mean SQNR), or by
    /// <paramref name="scorer"/> when given (e.g. the AP of a pipeline), and the best is kept.
    /// </summary>
    QuantizationResult Quantize(
        OnnxModel model, IReadOnlyList<CalibrationSample> calibration, IReadOnlyList<CalibrationSample> validation, QuantizationOptions options, ICandidateScorer? scorer = null);
}
