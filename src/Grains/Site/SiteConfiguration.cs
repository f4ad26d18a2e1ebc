using PoseCluster.Cluster.Sites;

namespace PoseCluster.Grains.Site;

/// <summary>What a site grain aggregates with: the site's name, its cameras' calibrations and its floor zones.</summary>
/// <param name="Name">Site name.</param>
/// <param name="Cameras">The site's cameras.</param>
/// <param name="Calibrations">Calibrations of the site's cameras, by camera.</param>
/// <param name="Zones">Floor zones.</param>
public sealed record SiteConfiguration(
    string Name,
    IReadOnlySet<Guid> Cameras,
    IReadOnlyDictionary<Guid, CameraCalibration> Calibrations,
    IReadOnlyList<SiteZoneRecord> Zones)
{
    /// <summary>Whether aggregating with <paramref name="other"/> differs from this (calibrations or zones changed).</summary>
    public bool AggregatesLike(SiteConfiguration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Calibrations.Count == other.Calibrations.Count
            && Calibrations.All(c => other.Calibrations.TryGetValue(c.Key, out var o) && o.UpdatedAt == c.Value.UpdatedAt)
            && Zones.Count == other.Zones.Count
            && Zones.All(z => other.Zones.Any(o => o.Id == z.Id && o.UpdatedAt == z.UpdatedAt));
    }
}
