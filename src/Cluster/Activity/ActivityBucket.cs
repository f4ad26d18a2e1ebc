namespace PoseCluster.Cluster.Activity;

/// <summary>One camera's history rows summed over one bucket of an <see cref="ActivityQuery"/>.</summary>
/// <param name="CameraId">Camera.</param>
/// <param name="Start">Start of the bucket.</param>
/// <param name="Rows">History rows in the bucket.</param>
/// <param name="Frames">Frames processed.</param>
/// <param name="PersonsAvg">Mean persons per frame (weighted by frames).</param>
/// <param name="PersonsMax">Most persons in one frame.</param>
/// <param name="FpsIn">Mean frames per second received.</param>
/// <param name="FpsOut">Mean frames per second processed.</param>
/// <param name="Drops">Frames dropped.</param>
public sealed record ActivityBucket(
    Guid CameraId,
    DateTimeOffset Start,
    int Rows,
    long Frames,
    double PersonsAvg,
    int PersonsMax,
    double FpsIn,
    double FpsOut,
    long Drops);
