namespace PoseCluster.Pose.TopDown;

/// <summary>A decoded heatmap maximum in heatmap cells, with the raw peak value as its score.</summary>
/// <param name="X">Column (sub-cell precision after refinement).</param>
/// <param name="Y">Row.</param>
/// <param name="Value">Raw heatmap value at the integer argmax.</param>
public readonly record struct HeatmapPeak(float X, float Y, float Value);
