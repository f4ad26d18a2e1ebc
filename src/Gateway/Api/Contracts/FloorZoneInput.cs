namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A zone of a site's floor plan.</summary>
public sealed class FloorZoneInput
{
    /// <summary>Name, unique per site (1-100 characters).</summary>
    public string? Name { get; init; }

    /// <summary>3 to 64 points <c>[x, y]</c> in floor metres.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Polygon { get; init; }

    /// <summary>Whether entering raises a <c>restricted_entry</c> event (default false).</summary>
    public bool? Restricted { get; init; }

    /// <summary>Dwell in seconds after which a <c>loitering</c> event is raised (1-86400; null or absent: never).</summary>
    public double? LoiteringSeconds { get; init; }
}
