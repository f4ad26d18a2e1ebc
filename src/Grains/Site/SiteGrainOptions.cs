using PoseCluster.Pose.Site;

namespace PoseCluster.Grains.Site;

/// <summary>Options of the site grains: how often they publish, write history and how they aggregate.</summary>
public sealed class SiteGrainOptions
{
    /// <summary>How often the live snapshot is published and raised events are stored (one batch). Default 1 s.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often activity-history rows (whole site and per zone) are written, in one batch. Default 10 s.</summary>
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A person not seen by any camera for this long leaves the live floor plan. Default 2 s.</summary>
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The site's calibrations, zones and cameras are re-read on every change notification and at least this often (a
    /// safety net for a notification lost while the feed reconnected). Default 1 min.
    /// </summary>
    public TimeSpan ConfigurationRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Raised events kept while the store cannot be written (the oldest go first, counted). Default 10000.</summary>
    public int MaxPendingEvents { get; set; } = 10_000;

    /// <summary>
    /// The aggregation: fusion, zones, posture and event rules. Zone entries and exits are counted in the history but
    /// not stored as events by default (<see cref="SiteAggregatorOptions.ReportZoneTransitions"/> false): on a busy site
    /// they would drown the falls and loitering an operator acts on.
    /// </summary>
    public SiteAggregatorOptions Aggregation { get; set; } = new() { ReportZoneTransitions = false };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (SnapshotInterval < TimeSpan.FromMilliseconds(50) || SnapshotInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{nameof(SnapshotInterval)} must be between 50 ms and 1 min (was {SnapshotInterval}).");
        }

        if (ActivityInterval < SnapshotInterval || ActivityInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{nameof(ActivityInterval)} must be between {nameof(SnapshotInterval)} and 1 h (was {ActivityInterval}).");
        }

        if (PresenceTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PresenceTimeout)} must be positive (was {PresenceTimeout}).");
        }

        if (ConfigurationRefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{nameof(ConfigurationRefreshInterval)} must be at least 1 s (was {ConfigurationRefreshInterval}).");
        }

        if (MaxPendingEvents is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{nameof(MaxPendingEvents)} must be between 1 and 1000000 (was {MaxPendingEvents}).");
        }

        Aggregation.Validate();
    }
}
