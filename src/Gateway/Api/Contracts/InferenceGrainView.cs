namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One inference grain of a node (from its <c>/node</c>).</summary>
/// <param name="Pipeline">Pipeline.</param>
/// <param name="InFlight">Frames queued or running.</param>
/// <param name="QueueDepth">Frames queued.</param>
/// <param name="Saturated">Whether it offloads to peers.</param>
/// <param name="Fps">Frames per second.</param>
public sealed record InferenceGrainView(string Pipeline, int InFlight, int QueueDepth, bool Saturated, double Fps);
