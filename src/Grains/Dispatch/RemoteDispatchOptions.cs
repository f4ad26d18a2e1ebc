namespace PoseCluster.Grains.Dispatch;

/// <summary>When and how a node sends frames to peers for inference.</summary>
public sealed class RemoteDispatchOptions
{
    /// <summary>Peer selection policy (see <see cref="PeerSelectionPolicies"/>). Default <c>power-of-two-choices</c>.</summary>
    public string Policy { get; set; } = PeerSelectionPolicies.PowerOfTwoChoices;

    /// <summary>Send frames to peers while the local inference grain is saturated. Default true.</summary>
    public bool OffloadWhenSaturated { get; set; } = true;

    /// <summary>Requests this node keeps in flight to one peer; beyond it the peer is not chosen (backpressure). Default 8.</summary>
    public int MaxInFlightPerPeer { get; set; } = 8;

    /// <summary>Longest a remote inference may take (transfer included) before it counts as failed. Default 3 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Consecutive failures that eject a peer. Default 3.</summary>
    public int EjectAfterFailures { get; set; } = 3;

    /// <summary>How long the first ejection of a peer lasts; each further one doubles it. Default 5 s.</summary>
    public TimeSpan EjectionDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest ejection. Default 60 s.</summary>
    public TimeSpan MaxEjectionDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Peers tried for one frame before falling back to the local grain (or dropping it). Default 2.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>JPEG quality of frames sent to peers. Default 85.</summary>
    public int JpegQuality { get; set; } = 85;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        PeerSelectionPolicies.Create(Policy);
        if (MaxInFlightPerPeer is < 1 or > 10_000)
        {
            throw new ArgumentException($"{nameof(MaxInFlightPerPeer)} must be between 1 and 10000 (was {MaxInFlightPerPeer}).");
        }

        if (RequestTimeout < TimeSpan.FromMilliseconds(50) || RequestTimeout > TimeSpan.FromMinutes(2))
        {
            throw new ArgumentException($"{nameof(RequestTimeout)} must be between 50 ms and 2 min (was {RequestTimeout.TotalMilliseconds} ms).");
        }

        if (EjectAfterFailures is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(EjectAfterFailures)} must be between 1 and 1000 (was {EjectAfterFailures}).");
        }

        if (EjectionDuration <= TimeSpan.Zero || MaxEjectionDuration < EjectionDuration)
        {
            throw new ArgumentException($"{nameof(EjectionDuration)} must be positive and at most {nameof(MaxEjectionDuration)}.");
        }

        if (MaxAttempts is < 1 or > 10)
        {
            throw new ArgumentException($"{nameof(MaxAttempts)} must be between 1 and 10 (was {MaxAttempts}).");
        }

        if (JpegQuality is < 1 or > 100)
        {
            throw new ArgumentException($"{nameof(JpegQuality)} must be between 1 and 100 (was {JpegQuality}).");
        }
    }
}
