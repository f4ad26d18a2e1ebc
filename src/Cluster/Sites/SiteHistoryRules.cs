namespace PoseCluster.Cluster.Sites;

/// <summary>
/// Checks of what site grains append (both stores apply them before writing, so a bad row fails the call the same
/// way on either provider instead of being stored or rejected by a column constraint).
/// </summary>
internal static class SiteHistoryRules
{
    /// <summary>The longest event kind.</summary>
    public const int MaxKindLength = 40;

    /// <summary>The longest event description.</summary>
    public const int MaxDetailsLength = 500;

    /// <summary>The longest zone name (as <see cref="SiteZoneDefinition"/>).</summary>
    public const int MaxZoneLength = 100;

    /// <summary>Throws <see cref="ClusterException"/> (<see cref="ClusterErrorCode.Invalid"/>) for the first malformed event.</summary>
    public static void ValidateEvents(IReadOnlyList<SiteEventRecord> events)
    {
        foreach (var e in events)
        {
            if (e is null)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, "A site event batch must not contain nulls.");
            }

            if (string.IsNullOrWhiteSpace(e.Kind) || e.Kind.Length > MaxKindLength)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, $"Site event {e.Id}: the kind must be 1-{MaxKindLength} characters.");
            }

            if (e.Details is null || e.Details.Length > MaxDetailsLength)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, $"Site event {e.Id}: the details must be at most {MaxDetailsLength} characters.");
            }

            if (e.Zone is { Length: > MaxZoneLength })
            {
                throw new ClusterException(ClusterErrorCode.Invalid, $"Site event {e.Id}: the zone name must be at most {MaxZoneLength} characters.");
            }
        }
    }

    /// <summary>Throws <see cref="ClusterException"/> (<see cref="ClusterErrorCode.Invalid"/>) for the first malformed activity row.</summary>
    public static void ValidateActivity(IReadOnlyList<SiteActivitySample> samples)
    {
        foreach (var s in samples)
        {
            if (s is null)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, "A site activity batch must not contain nulls.");
            }

            if (s.Zone is null || s.Zone.Length > MaxZoneLength)
            {
                throw new ClusterException(ClusterErrorCode.Invalid, $"Site activity of {s.SiteId}: the zone must be \"\" (whole site) or a name of at most {MaxZoneLength} characters.");
            }

            if (!float.IsFinite(s.PersonsAvg) || !float.IsFinite(s.DwellSecondsAvg))
            {
                throw new ClusterException(ClusterErrorCode.Invalid, $"Site activity of {s.SiteId}: averages must be finite numbers.");
            }
        }
    }
}
