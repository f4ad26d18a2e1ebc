namespace PoseCluster.Pose.Site;

/// <summary>Options of <see cref="SiteAggregator"/>: its parts' options and the event rules.</summary>
public sealed class SiteAggregatorOptions
{
    /// <summary>Cross-camera fusion.</summary>
    public CrossCameraFusionOptions Fusion { get; set; } = new();

    /// <summary>Zone counting.</summary>
    public ZoneOccupancyOptions Zones { get; set; } = new();

    /// <summary>Posture classification (one classifier per camera).</summary>
    public PostureClassifierOptions Posture { get; set; } = new();

    /// <summary>Standing then lying within this is a fall. Default 2 s (a fall takes about one; lying down on purpose takes longer).</summary>
    public TimeSpan FallWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Report every zone entry and exit as an event (restricted entries and loitering are always reported). Default true.</summary>
    public bool ReportZoneTransitions { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Fusion.Validate();
        Zones.Validate();
        Posture.Validate();
        if (FallWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(FallWindow)} must be positive (got {FallWindow}).");
        }
    }
}
