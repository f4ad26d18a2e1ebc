namespace PoseCluster.Pose.Nms;

/// <summary>A non-zero entry of the OKS matrix.</summary>
/// <param name="Row">The higher-scored pose.</param>
/// <param name="Column">The lower-scored pose.</param>
/// <param name="Value">OKS of the column pose against the row pose.</param>
internal readonly record struct OksEntry(int Row, int Column, float Value);
