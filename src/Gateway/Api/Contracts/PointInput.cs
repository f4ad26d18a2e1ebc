namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A point given as <c>{"x": .., "y": ..}</c>.</summary>
public sealed class PointInput
{
    /// <summary>Horizontal coordinate.</summary>
    public double? X { get; init; }

    /// <summary>Vertical coordinate.</summary>
    public double? Y { get; init; }
}
