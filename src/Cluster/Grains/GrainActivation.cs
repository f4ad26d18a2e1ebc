namespace PoseCluster.Cluster.Grains;

/// <summary>
/// One activation of a grain: the epoch it holds (its fencing token) and a token that fires the moment that epoch
/// is lost (reassignment, newer epoch, self-fence, shutdown).
/// </summary>
public sealed class GrainActivation
{
    private readonly CancellationTokenSource _epoch = new();

    internal GrainActivation(GrainId id, long epoch, Guid siloId, DateTimeOffset activatedAt)
    {
        Id = id;
        Epoch = epoch;
        SiloId = siloId;
        ActivatedAt = activatedAt;
        EpochLost = _epoch.Token;
    }

    /// <summary>The grain.</summary>
    public GrainId Id { get; }

    /// <summary>The assignment epoch this activation holds.</summary>
    public long Epoch { get; }

    /// <summary>The silo incarnation running it.</summary>
    public Guid SiloId { get; }

    /// <summary>When it was activated.</summary>
    public DateTimeOffset ActivatedAt { get; }

    /// <summary>True until the epoch is lost.</summary>
    public bool IsCurrent => !_epoch.IsCancellationRequested;

    /// <summary>Fires when the epoch is lost: stop all work and stop writing results.</summary>
    public CancellationToken EpochLost { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Id}@{Epoch}";

    /// <summary>Marks the epoch lost (idempotent).</summary>
    internal void Revoke()
    {
        try
        {
            _epoch.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
