namespace PoseCluster.Pose.TopDown;

/// <summary>How a keypoint position is read from its heatmap.</summary>
public enum HeatmapDecoding
{
    /// <summary>The integer argmax cell.</summary>
    Argmax,
    /// <summary>Argmax shifted a quarter cell toward the higher neighbour on each axis (SimpleBaseline/HRNet).</summary>
    Quarter,
    /// <summary>Distribution-aware refinement (DARK): Taylor expansion of the log of the Gaussian-smoothed heatmap.</summary>
    Dark,
}
