using Microsoft.Extensions.Logging;
using Npgsql;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Placement;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>
/// Leadership held as a session advisory lock on one unpooled connection. Every leader write runs on that
/// connection and first checks, in its own transaction, that the session still holds the lock: a deposed leader's
/// writes fail by construction.
/// </summary>
internal sealed class PostgresLeaderLease : ILeaderLease
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);
    private readonly NpgsqlConnection _connection;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lost = new();
    private int _closed;

    public PostgresLeaderLease(NpgsqlConnection connection, Guid siloId, long term, DateTimeOffset acquiredAt, ILogger logger)
    {
        _connection = connection;
        SiloId = siloId;
        Term = term;
        AcquiredAt = acquiredAt;
        _logger = logger;
        Lost = _lost.Token;
    }

    public long Term { get; }

    public Guid SiloId { get; }

    /// <summary>When the lease began (database clock).</summary>
    public DateTimeOffset AcquiredAt { get; }

    public bool IsHeld => !_lost.IsCancellationRequested;

    public CancellationToken Lost { get; }

    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(
                async token =>
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(CheckTimeout);
                    await using var check = new NpgsqlCommand(PostgresLocks.HoldsLeaderLockSql, _connection);
                    if ((long)(await check.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false))! != 1)
                    {
                        throw new ClusterException(ClusterErrorCode.NotLeader, "the leader lock is no longer held by this session");
                    }

                    return true;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // RunAsync already marked the lease lost.
        }

        return IsHeld;
    }

    public Task<IReadOnlyList<string>> MarkExpiredSilosDeadAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async token =>
            {
                await using var tx = await _connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await VerifyLockAsync(tx, token).ConfigureAwait(false);
                var dead = await PostgresClusterStore.MarkExpiredAsync(_connection, tx, AcquiredAt, token).ConfigureAwait(false);
                await tx.CommitAsync(token).ConfigureAwait(false);
                return dead;
            },
            cancellationToken);

    public Task<PlanWriteResult> ApplyPlanAsync(PlacementPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            return Task.FromResult(new PlanWriteResult(true, 0, null));
        }

        return RunAsync(
            async token =>
            {
                await using var tx = await _connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await VerifyLockAsync(tx, token).ConfigureAwait(false);
                await using var batch = new NpgsqlBatch(_connection, tx);
                foreach (var d in plan.Decisions)
                {
                    batch.BatchCommands.Add(Command(d));
                }

                try
                {
                    await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
                catch (PostgresException e) when (!PostgresConnectionErrors.IsConnectionLoss(e))
                {
                    await tx.RollbackAsync(token).ConfigureAwait(false);
                    return new PlanWriteResult(false, 0, e.MessageText);
                }

                for (var i = 0; i < plan.Decisions.Count; i++)
                {
                    if (batch.BatchCommands[i].RecordsAffected != 1)
                    {
                        await tx.RollbackAsync(token).ConfigureAwait(false);
                        var d = plan.Decisions[i];
                        return new PlanWriteResult(false, 0, $"{d.Grain} or its target silo changed since the plan was made ({d.Action})");
                    }
                }

                await PostgresClusterStore.NotifyAsync(_connection, tx, new ClusterChange(ClusterChangeKind.Assignments), token).ConfigureAwait(false);
                await tx.CommitAsync(token).ConfigureAwait(false);
                return new PlanWriteResult(true, plan.Decisions.Count, null);
            },
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        if (!_lost.IsCancellationRequested)
        {
            await _lost.CancelAsync().ConfigureAwait(false);
        }

        // Wait (briefly) for an in-flight write to notice the cancellation before closing its connection.
        var entered = await _gate.WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        try
        {
            // Closing the unpooled connection ends the session, which releases the advisory lock.
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (entered)
            {
                _gate.Release();
            }
        }
    }

    private static NpgsqlBatchCommand Command(PlacementDecision d)
    {
        NpgsqlBatchCommand c;
        if (d.Action == PlacementAction.Remove)
        {
            c = new NpgsqlBatchCommand("delete from cluster_assignments where grain_type = $1 and grain_key = $2 and epoch = $3");
            c.Parameters.Add(new NpgsqlParameter { Value = d.Grain.Type });
            c.Parameters.Add(new NpgsqlParameter { Value = d.Grain.Key });
            c.Parameters.Add(new NpgsqlParameter { Value = d.ExpectedEpoch ?? -1 });
            return c;
        }

        if (d.ExpectedEpoch is null)
        {
            c = new NpgsqlBatchCommand(
                "insert into cluster_assignments (grain_type, grain_key, silo_id, epoch, assigned_at, unplaced_reason) "
                + "select $1, $2, $3, nextval('cluster_epoch_seq'), now(), $4 "
                + "where $3::uuid is null or exists (select 1 from cluster_silos where id = $3 and status = 'active') "
                + "on conflict do nothing");
        }
        else
        {
            c = new NpgsqlBatchCommand(
                "update cluster_assignments set silo_id = $3, epoch = nextval('cluster_epoch_seq'), assigned_at = now(), unplaced_reason = $4 "
                + "where grain_type = $1 and grain_key = $2 and epoch = $5 "
                + "and ($3::uuid is null or exists (select 1 from cluster_silos where id = $3 and status = 'active'))");
        }

        c.Parameters.Add(new NpgsqlParameter { Value = d.Grain.Type });
        c.Parameters.Add(new NpgsqlParameter { Value = d.Grain.Key });
        c.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, Value = (object?)d.ToSilo ?? DBNull.Value });
        c.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)d.UnplacedReason ?? DBNull.Value });
        if (d.ExpectedEpoch is { } epoch)
        {
            c.Parameters.Add(new NpgsqlParameter { Value = epoch });
        }

        return c;
    }

    private async Task VerifyLockAsync(NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand(PostgresLocks.HoldsLeaderLockSql, _connection, tx);
        if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != 1)
        {
            throw new ClusterException(ClusterErrorCode.NotLeader, "the leader lock is no longer held by this session");
        }
    }

    /// <summary>Serialises use of the connection; any failure other than the caller's cancellation ends the lease.</summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!IsHeld)
        {
            throw new ClusterException(ClusterErrorCode.NotLeader, "the leader lease was lost");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Lost);
        await _gate.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            return await work(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Lose(e is ClusterException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Lose(string reason)
    {
        if (_lost.IsCancellationRequested)
        {
            return;
        }

        _logger.LogWarning("Placement leadership (term {Term}) lost: {Reason}", Term, reason);
        _lost.Cancel();
    }
}
