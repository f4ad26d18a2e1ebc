namespace PoseCluster.Cluster.Grains;

/// <summary>
/// A unit of work with a single activation cluster-wide. The runtime activates it when its silo is assigned the
/// grain and deactivates it when the assignment moves, its epoch changes, the silo fences itself or stops.
/// </summary>
public interface IGrain
{
    /// <summary>
    /// Starts the grain and returns once it runs; long-running work continues in the background and must stop when
    /// <see cref="GrainActivation.EpochLost"/> fires. Results written downstream carry <see cref="GrainActivation.Epoch"/>.
    /// </summary>
    Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the grain (its epoch token has already fired). Must finish promptly; <paramref name="cancellationToken"/>
    /// fires at the host's deactivation timeout.
    /// </summary>
    Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken);
}
