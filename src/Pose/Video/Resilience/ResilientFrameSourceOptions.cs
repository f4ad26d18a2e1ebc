namespace PoseCluster.Pose.Video.Resilience;

/// <summary>How a <see cref="ResilientFrameSource"/> reconnects.</summary>
public sealed class ResilientFrameSourceOptions
{
    /// <summary>Wait before the first reconnection attempt; doubled after each further failure. Default 0.5 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Random spread of each wait, as a fraction (0.2 = ±20 %), so that many cameras behind one failed switch do not
    /// reconnect in lockstep. Default 0.2.
    /// </summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// Consecutive failed attempts after which the source gives up (<see cref="FrameSourceState.Failed"/>). Default
    /// null: never give up, as a live camera should.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// Keep retrying after a permanent error (not found, unsupported, unauthorized) instead of failing reads. The state
    /// stays <see cref="FrameSourceState.Failed"/> with the reason while attempts continue every
    /// <see cref="MaxBackoff"/>: a camera that is being set up, or whose password is being changed, comes back on its
    /// own. Default false: such errors need a person, so reads throw them.
    /// </summary>
    public bool RetryPermanentErrors { get; set; }

    /// <summary>
    /// Reopen a file source when it ends (after <see cref="InitialBackoff"/>) instead of ending. Default false. Live
    /// sources always reconnect when their stream ends.
    /// </summary>
    public bool ReconnectAtEnd { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (InitialBackoff <= TimeSpan.Zero || InitialBackoff > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(InitialBackoff)} must be above 0 and at most 10 minutes (was {InitialBackoff}).");
        }

        if (MaxBackoff < InitialBackoff || MaxBackoff > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{nameof(MaxBackoff)} must be at least {nameof(InitialBackoff)} and at most 1 hour (was {MaxBackoff}).");
        }

        if (!double.IsFinite(Jitter) || Jitter is < 0 or > 1)
        {
            throw new ArgumentException($"{nameof(Jitter)} must be between 0 and 1 (was {Jitter}).");
        }

        if (MaxAttempts is < 1)
        {
            throw new ArgumentException($"{nameof(MaxAttempts)} must be at least 1, or null for no limit (was {MaxAttempts}).");
        }
    }

    /// <summary>A copy of these options.</summary>
    public ResilientFrameSourceOptions Clone() => (ResilientFrameSourceOptions)MemberwiseClone();
}
