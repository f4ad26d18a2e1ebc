namespace PoseCluster.ModelTools.Calibration;

/// <summary>The inputs of one model run used to calibrate or to compare models, and where they came from.</summary>
/// <param name="Inputs">One tensor per model input.</param>
/// <param name="Origin">Source frame (and person box for crops), for reports.</param>
public sealed record CalibrationSample(IReadOnlyList<ModelInputTensor> Inputs, string Origin);
