namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A point <c>{"x": .., "y": ..}</c>.</summary>
/// <param name="X">Horizontal coordinate.</param>
/// <param name="Y">Vertical coordinate.</param>
public sealed record PointView(double X, double Y);
