namespace PoseCluster.Pose.Site;

/// <summary>Options of <see cref="CrossCameraFusion"/>. Distances in metres of the floor plan.</summary>
public sealed class CrossCameraFusionOptions
{
    /// <summary>A new camera track joins an identity only when its floor position is within this of the identity's predicted position. Default 1.0 m (calibration error plus the spread of foot points).</summary>
    public double GatingDistance { get; set; } = 1.0;

    /// <summary>The gate widens by this per second since the identity was last seen (people walk on while in no camera's view). Default 0.5 m/s.</summary>
    public double GateGrowthPerSecond { get; set; } = 0.5;

    /// <summary>An identity unseen for longer cannot take a new track (the hand-over time window). Default 3 s.</summary>
    public TimeSpan TimeWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>An identity unseen for longer is forgotten with its track links. Default 10 s.</summary>
    public TimeSpan IdentityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A camera's link to an identity is active (so that camera cannot give the identity a second track) while seen
    /// within this. Default 0.25 s: short, so that a track the camera's tracker restarts after losing it can rejoin.
    /// </summary>
    public TimeSpan LinkTimeout { get; set; } = TimeSpan.FromSeconds(0.25);

    /// <summary>The identity's position is the mean of the cameras' positions seen within this of its last sighting. Default 0.5 s.</summary>
    public TimeSpan FusionWindow { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Two identities seen by different cameras that stay within this of each other for <see cref="MergeDuration"/> are one person and are merged (into the older id). Default 0.5 m.</summary>
    public double MergeDistance { get; set; } = 0.5;

    /// <summary>See <see cref="MergeDistance"/>. Default 1 s.</summary>
    public TimeSpan MergeDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ankles scored above this give the ground point; otherwise the box bottom does. Default 0.3.</summary>
    public float MinimumAnkleScore { get; set; } = 0.3f;

    /// <summary>Weight of a new velocity sample in the identity's smoothed velocity (0..1]. Default 0.3.</summary>
    public double VelocitySmoothing { get; set; } = 0.3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(GatingDistance > 0) || !(GateGrowthPerSecond >= 0) || !(MergeDistance >= 0))
        {
            throw new ArgumentException($"{nameof(GatingDistance)} must be positive, {nameof(GateGrowthPerSecond)} and {nameof(MergeDistance)} not negative.");
        }

        if (TimeWindow < TimeSpan.Zero || IdentityTimeout < TimeWindow || LinkTimeout <= TimeSpan.Zero || FusionWindow < TimeSpan.Zero || MergeDuration < TimeSpan.Zero)
        {
            throw new ArgumentException($"Times must not be negative, {nameof(LinkTimeout)} must be positive and {nameof(IdentityTimeout)} at least {nameof(TimeWindow)}.");
        }

        if (!(VelocitySmoothing > 0 && VelocitySmoothing <= 1))
        {
            throw new ArgumentException($"{nameof(VelocitySmoothing)} must be in (0, 1] (got {VelocitySmoothing}).");
        }
    }
}
