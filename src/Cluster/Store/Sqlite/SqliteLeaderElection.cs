using PoseCluster.Cluster.Leadership;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Campaigns for the in-process leadership of a SQLite file.</summary>
internal sealed class SqliteLeaderElection : ILeaderElection
{
    private readonly SqliteClusterStore _store;
    private readonly Guid _siloId;

    public SqliteLeaderElection(SqliteClusterStore store, Guid siloId)
    {
        _store = store;
        _siloId = siloId;
    }

    public async Task<ILeaderLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (!await _store.IsActiveMemberAsync(_siloId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (!SqliteLeaderRegistry.TryTake(_store.FullPath, () => new SqliteLeaderLease(_store, _siloId), out var lease))
        {
            return null;
        }

        try
        {
            await lease!.BeginAsync(cancellationToken).ConfigureAwait(false);
            return lease;
        }
        catch
        {
            await lease!.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
