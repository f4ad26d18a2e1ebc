namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One camera's history over one bucket.</summary>
/// <param name="CameraId">Camera id.</param>
/// <param name="Camera">Camera name (null when deleted).</param>
/// <param name="Start">Bucket start.</param>
/// <param name="Rows">History rows summed.</param>
/// <param name="Frames">Frames processed.</param>
/// <param name="PersonsAvg">Mean persons per frame.</param>
/// <param name="PersonsMax">Most persons in one frame.</param>
/// <param name="FpsIn">Mean frames per second read.</param>
/// <param name="FpsOut">Mean frames per second processed.</param>
/// <param name="Drops">Frames dropped.</param>
public sealed record ActivityBucketView(Guid CameraId, string? Camera, DateTimeOffset Start, int Rows, long Frames, double PersonsAvg, int PersonsMax, double FpsIn, double FpsOut, long Drops);
