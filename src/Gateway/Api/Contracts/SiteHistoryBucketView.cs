namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One zone's (or the whole site's, zone "") history over one bucket.</summary>
/// <param name="Zone">Zone name, or "" for the whole site.</param>
/// <param name="Start">Bucket start.</param>
/// <param name="Rows">History rows summed.</param>
/// <param name="PersonsAvg">Mean persons present.</param>
/// <param name="PersonsMax">Most persons present at once.</param>
/// <param name="Entries">Entries.</param>
/// <param name="Exits">Exits.</param>
/// <param name="DwellSecondsAvg">Mean dwell of the exits in seconds.</param>
public sealed record SiteHistoryBucketView(string Zone, DateTimeOffset Start, int Rows, double PersonsAvg, int PersonsMax, long Entries, long Exits, double DwellSecondsAvg);
