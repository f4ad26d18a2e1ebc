namespace PoseCluster.Pose.BottomUp;

/// <summary>A heatmap peak in upsampled-map pixels with its (thresholded, upsampled) heatmap value.</summary>
/// <param name="X">Column in the upsampled map.</param>
/// <param name="Y">Row in the upsampled map.</param>
/// <param name="Score">Heatmap value at the peak.</param>
public readonly record struct KeypointPeak(int X, int Y, float Score);
