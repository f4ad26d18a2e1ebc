using PoseCluster.Cluster.Placement;

namespace PoseCluster.Cluster.Leadership;

/// <summary>
/// Held leadership, and the only way to make leader-only writes. With PostgreSQL every write goes through the
/// connection that holds the advisory lock and checks in the same transaction that the lock is still held, so a
/// deposed leader cannot write: its session is gone, or the check fails.
/// </summary>
public interface ILeaderLease : IAsyncDisposable
{
    /// <summary>The leadership term (from the global epoch sequence).</summary>
    long Term { get; }

    /// <summary>The silo that holds the lease.</summary>
    Guid SiloId { get; }

    /// <summary>Whether the lease is still held (as far as this process knows).</summary>
    bool IsHeld { get; }

    /// <summary>Cancelled when the lease is lost or released.</summary>
    CancellationToken Lost { get; }

    /// <summary>Keep-alive: verifies the session and the lock; marks the lease lost and returns false when they are gone.</summary>
    Task<bool> CheckAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Declares dead every member whose heartbeat is older than its death window by the database clock, counting
    /// from the later of its last heartbeat and the start of this lease (a new leader gives every silo one full
    /// window, so a store outage does not kill the whole cluster). Returns the names of the silos declared dead.
    /// </summary>
    Task<IReadOnlyList<string>> MarkExpiredSilosDeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a plan atomically: every decision gets a new epoch, each one conditional on the epoch the plan saw
    /// and on the target silo still being active. On any mismatch nothing is written and the result says why.
    /// </summary>
    Task<PlanWriteResult> ApplyPlanAsync(PlacementPlan plan, CancellationToken cancellationToken);
}
