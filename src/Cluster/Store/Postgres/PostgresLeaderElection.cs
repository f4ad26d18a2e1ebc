using Npgsql;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Leadership;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>
/// Campaigns with <c>pg_try_advisory_lock</c> on one dedicated connection that is kept between attempts; when the
/// lock is won, that connection becomes the lease's and a new one is opened for the next campaign.
/// </summary>
internal sealed class PostgresLeaderElection : ILeaderElection
{
    private readonly PostgresClusterStore _store;
    private readonly Guid _siloId;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private bool _disposed;

    public PostgresLeaderElection(PostgresClusterStore store, Guid siloId)
    {
        _store = store;
        _siloId = siloId;
    }

    public async Task<ILeaderLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is null || _connection.FullState != System.Data.ConnectionState.Open)
            {
                await DropConnectionAsync().ConfigureAwait(false);
                _connection = await _store.OpenDedicatedAsync(cancellationToken).ConfigureAwait(false);
            }

            var connection = _connection;
            try
            {
                await using (var tryLock = new NpgsqlCommand($"select pg_try_advisory_lock({PostgresLocks.Namespace}, {PostgresLocks.Leader})", connection))
                {
                    if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                    {
                        return null;
                    }
                }

                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                int? deathWindowMs;
                await using (var member = new NpgsqlCommand("select death_window_ms from cluster_silos where id = @id and status = 'active'", connection, tx))
                {
                    member.Parameters.AddWithValue("id", _siloId);
                    deathWindowMs = (int?)await member.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }

                if (deathWindowMs is null)
                {
                    // Not an active member (declared dead, leaving): it must not lead. Give the lock back.
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({PostgresLocks.Namespace}, {PostgresLocks.Leader})", connection);
                    await unlock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    return null;
                }

                long term;
                DateTimeOffset acquiredAt;
                await using (var record = new NpgsqlCommand(
                    "insert into cluster_leader (id, silo_id, term, acquired_at) values (1, @id, nextval('cluster_epoch_seq'), now()) "
                    + "on conflict (id) do update set silo_id = excluded.silo_id, term = excluded.term, acquired_at = excluded.acquired_at "
                    + "returning term, acquired_at",
                    connection,
                    tx))
                {
                    record.Parameters.AddWithValue("id", _siloId);
                    await using var reader = await record.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    term = reader.GetInt64(0);
                    acquiredAt = reader.GetFieldValue<DateTimeOffset>(1);
                }

                await PostgresClusterStore.NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Leader, _siloId.ToString("D")), cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);

                // A leader cut off from the database (no FIN ever arrives) would hold the lock until TCP gives up;
                // the server ends a session idle for a death window instead. A live leader pings every tick.
                await using (var idle = new NpgsqlCommand($"set idle_session_timeout = {deathWindowMs.Value}", connection))
                {
                    await idle.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                _connection = null;
                return new PostgresLeaderLease(connection, _siloId, term, acquiredAt, _store.CreateLogger("PoseCluster.Cluster.Leadership"));
            }
            catch
            {
                await DropConnectionAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await DropConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
