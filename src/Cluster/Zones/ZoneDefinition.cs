namespace PoseCluster.Cluster.Zones;

/// <summary>What an operator draws on a camera's image: a named polygon (see <see cref="ZonePoint"/> for coordinates).</summary>
public sealed class ZoneDefinition
{
    /// <summary>The most vertices a zone may have.</summary>
    public const int MaxPoints = 64;

    /// <summary>Zone name, unique per camera (1-100 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The polygon: 3 to <see cref="MaxPoints"/> vertices in normalised image coordinates, in drawing order.</summary>
    public required IReadOnlyList<ZonePoint> Polygon { get; init; }

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A zone needs a name of 1-100 characters.");
        }

        if (Polygon is null || Polygon.Count < 3 || Polygon.Count > MaxPoints)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Zone '{Name}' needs 3 to {MaxPoints} points (has {Polygon?.Count ?? 0}).");
        }

        foreach (var p in Polygon)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || p.X is < 0 or > 1 || p.Y is < 0 or > 1)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, $"Zone '{Name}': every point must lie in the image (coordinates 0..1).");
            }
        }
    }
}
