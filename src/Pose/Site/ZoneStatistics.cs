namespace PoseCluster.Pose.Site;

/// <summary>The counts of one zone since the start.</summary>
/// <param name="Occupancy">People inside now.</param>
/// <param name="PeakOccupancy">Most people inside at once.</param>
/// <param name="Entries">Entries counted.</param>
/// <param name="Exits">Exits counted.</param>
/// <param name="TotalDwell">Time spent inside by the people who have left, summed.</param>
/// <param name="LongestDwell">The longest completed visit.</param>
public readonly record struct ZoneStatistics(int Occupancy, int PeakOccupancy, long Entries, long Exits, TimeSpan TotalDwell, TimeSpan LongestDwell)
{
    /// <summary>Mean duration of the completed visits (zero before the first exit).</summary>
    public TimeSpan MeanDwell => Exits == 0 ? TimeSpan.Zero : TotalDwell / Exits;
}
