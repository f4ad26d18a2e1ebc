using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Sites;

/// <summary>
/// A zone of a site's floor plan: a named polygon in floor metres, where occupancy, dwell, entries and exits are
/// counted from fused positions; restricted zones raise an event on entry, and a loitering threshold raises one when
/// someone stays longer.
/// </summary>
public sealed class SiteZoneDefinition
{
    /// <summary>Zone name, unique per site (1-100 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The polygon: 3 to <see cref="ZoneDefinition.MaxPoints"/> vertices in floor metres (X, Y), in drawing order.</summary>
    public required IReadOnlyList<ZonePoint> Polygon { get; init; }

    /// <summary>Whether entering raises a <c>restricted_entry</c> event.</summary>
    public bool Restricted { get; init; }

    /// <summary>Dwell in seconds after which a <c>loitering</c> event is raised (null: never; 1 s to 1 day).</summary>
    public double? LoiteringSeconds { get; init; }

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A zone needs a name of 1-100 characters.");
        }

        if (Polygon is null || Polygon.Count < 3 || Polygon.Count > ZoneDefinition.MaxPoints)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Zone '{Name}' needs 3 to {ZoneDefinition.MaxPoints} points (has {Polygon?.Count ?? 0}).");
        }

        if (Polygon.Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y) || Math.Abs(p.X) > 100_000 || Math.Abs(p.Y) > 100_000))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Zone '{Name}': every point must be a finite floor position in metres (within 100 km).");
        }

        if (LoiteringSeconds is { } s && (!double.IsFinite(s) || s < 1 || s > 86_400))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Zone '{Name}': the loitering threshold must be between 1 and 86400 seconds.");
        }
    }
}
