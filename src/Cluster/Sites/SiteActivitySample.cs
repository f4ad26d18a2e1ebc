namespace PoseCluster.Cluster.Sites;

/// <summary>
/// One activity-history row of a site: what its site grain counted over a short interval, for the whole site
/// (<see cref="Zone"/> empty) or one floor zone. Rows carry the writer's silo and epoch so the store refuses rows from
/// a site grain that no longer holds the site.
/// </summary>
/// <param name="SiteId">The site.</param>
/// <param name="Zone">Zone name, or empty for the whole site.</param>
/// <param name="Timestamp">End of the interval.</param>
/// <param name="SiloId">Writing silo.</param>
/// <param name="Epoch">The writer's assignment epoch (fencing token).</param>
/// <param name="PersonsAvg">Mean persons present.</param>
/// <param name="PersonsMax">Most persons present at once.</param>
/// <param name="Entries">Entries during the interval.</param>
/// <param name="Exits">Exits during the interval.</param>
/// <param name="DwellSecondsAvg">Mean dwell of the exits during the interval (0 without exits).</param>
public sealed record SiteActivitySample(
    Guid SiteId,
    string Zone,
    DateTimeOffset Timestamp,
    Guid SiloId,
    long Epoch,
    float PersonsAvg,
    int PersonsMax,
    int Entries,
    int Exits,
    float DwellSecondsAvg);
