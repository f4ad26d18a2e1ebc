using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Placement;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>In-process leadership of a SQLite file; every leader write first checks that this lease still holds it.</summary>
internal sealed class SqliteLeaderLease : ILeaderLease
{
    private readonly SqliteClusterStore _store;
    private readonly CancellationTokenSource _lost = new();
    private int _released;

    public SqliteLeaderLease(SqliteClusterStore store, Guid siloId)
    {
        _store = store;
        SiloId = siloId;
        Lost = _lost.Token;
    }

    public long Term { get; private set; }

    public Guid SiloId { get; }

    /// <summary>Start of the lease (database clock, Unix ms).</summary>
    public long AcquiredAtMs { get; private set; }

    public bool IsHeld => !_lost.IsCancellationRequested && !_store.IsDisposed;

    public CancellationToken Lost { get; }

    /// <summary>Records the new term.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        (Term, AcquiredAtMs) = await _store.RecordLeaderAsync(SiloId, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        if (!SqliteLeaderRegistry.Holds(_store.FullPath, this))
        {
            Lose();
        }

        return Task.FromResult(IsHeld);
    }

    public Task<IReadOnlyList<string>> MarkExpiredSilosDeadAsync(CancellationToken cancellationToken)
    {
        EnsureHeld();
        return _store.MarkExpiredAsync(this, AcquiredAtMs, cancellationToken);
    }

    public Task<PlanWriteResult> ApplyPlanAsync(PlacementPlan plan, CancellationToken cancellationToken)
    {
        EnsureHeld();
        return _store.ApplyPlanAsync(this, plan, cancellationToken);
    }

    /// <summary>Throws unless this lease holds the file's leadership.</summary>
    public void EnsureHeld()
    {
        if (!SqliteLeaderRegistry.Holds(_store.FullPath, this))
        {
            Lose();
            throw new ClusterException(ClusterErrorCode.NotLeader, "the leader lease was lost");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Lose();
            SqliteLeaderRegistry.Release(_store.FullPath, this);
        }

        return ValueTask.CompletedTask;
    }

    private void Lose()
    {
        if (!_lost.IsCancellationRequested)
        {
            _lost.Cancel();
        }
    }
}
