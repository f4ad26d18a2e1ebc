namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A zone to draw on a camera's image.</summary>
public sealed class ZoneInput
{
    /// <summary>Name, unique per camera (1-100 characters).</summary>
    public string? Name { get; init; }

    /// <summary>3 to 64 points <c>[x, y]</c> in normalised image coordinates (0..1 from the top-left corner).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Polygon { get; init; }
}
