namespace PoseCluster.Cluster.Sites;

/// <summary>One zone's (or the whole site's, zone "") history rows summed over one bucket.</summary>
/// <param name="Zone">Zone name, or "" for the whole site.</param>
/// <param name="Start">Start of the bucket.</param>
/// <param name="Rows">Rows in the bucket.</param>
/// <param name="PersonsAvg">Mean persons present (mean of the rows).</param>
/// <param name="PersonsMax">Most persons present at once.</param>
/// <param name="Entries">Entries.</param>
/// <param name="Exits">Exits.</param>
/// <param name="DwellSecondsAvg">Mean dwell of the exits, weighted by exits (0 without exits).</param>
public sealed record SiteActivityBucket(string Zone, DateTimeOffset Start, int Rows, double PersonsAvg, int PersonsMax, long Entries, long Exits, double DwellSecondsAvg);
