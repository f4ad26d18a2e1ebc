namespace PoseCluster.Pose.Site;

/// <summary>Options of <see cref="ZoneOccupancy"/>.</summary>
public sealed class ZoneOccupancyOptions
{
    /// <summary>
    /// A person counts as having left only after being outside (or unseen) this long, so position noise at a border does
    /// not turn into a string of exits and entries; the exit is dated when the person was last inside. Default 1 s.
    /// </summary>
    public TimeSpan ExitGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (ExitGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ExitGrace)} must not be negative (got {ExitGrace}).");
        }
    }
}
