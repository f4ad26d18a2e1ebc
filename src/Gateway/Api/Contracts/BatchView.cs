namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>Inference batch sizes of a node's frames over the last 10 s (frame-weighted).</summary>
/// <param name="Mean">Mean batch size.</param>
/// <param name="Max">Largest batch.</param>
/// <param name="FramesPerSecond">Frames inferred per second.</param>
public sealed record BatchView(double Mean, int Max, double FramesPerSecond);
