namespace PoseCluster.Cluster.Grains;

/// <summary>How a <see cref="SiloGrainHost"/> follows its assignments.</summary>
public sealed class GrainHostOptions
{
    /// <summary>Re-read of this silo's assignments even without notifications (missed-notification safety net). Default 2 s.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest an activation may take before it counts as failed. Default 30 s.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a deactivation is awaited. Default 5 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait before a failed activation is retried. Default 5 s.</summary>
    public TimeSpan ActivationRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (ResyncInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentException($"{nameof(ResyncInterval)} must be at least 100 ms (was {ResyncInterval.TotalMilliseconds} ms).");
        }

        if (ActivationTimeout <= TimeSpan.Zero || DeactivationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ActivationTimeout)} and {nameof(DeactivationTimeout)} must be positive.");
        }

        if (ActivationRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ActivationRetryDelay)} must not be negative.");
        }
    }
}
