using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Grains.Topology;

/// <summary>
/// A node's cached view of the cluster: member silos (with their data-plane addresses and models) and every grain
/// assignment. Re-read on every silo or assignment notification and every <see cref="ClusterViewOptions.RefreshInterval"/>;
/// <see cref="RefreshAsync"/> forces a re-read (rate limited) when a caller saw something newer than the cache, e.g. a
/// result carrying a higher epoch.
/// </summary>
public sealed class ClusterView : IAsyncDisposable
{
    private readonly IClusterStore _store;
    private readonly ClusterViewOptions _options;
    private readonly ILogger _logger;
    private readonly ChangeTriggeredRefresh _follow;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CancellationTokenSource? _stop;
    private Task[] _tasks = [];
    private volatile Snapshot _snapshot = new([], new Dictionary<GrainId, GrainAssignment>(), DateTimeOffset.MinValue);

    /// <summary>Creates the view; call <see cref="StartAsync"/> to fill and follow it.</summary>
    public ClusterView(IClusterStore store, ClusterViewOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new ClusterViewOptions();
        _options.Validate();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PoseCluster.Grains.Topology");
        _follow = new ChangeTriggeredRefresh(
            "cluster view", c => c.Kind is ClusterChangeKind.Silo or ClusterChangeKind.Assignments or ClusterChangeKind.Resync, _options.RefreshInterval, ReadAsync, _logger);
    }

    /// <summary>Raised after every successful re-read.</summary>
    public event EventHandler? Changed;

    /// <summary>Member silos (active and leaving) at the last read.</summary>
    public IReadOnlyList<SiloInfo> Silos => _snapshot.Silos;

    /// <summary>When the cache was last read.</summary>
    public DateTimeOffset ReadAt => _snapshot.ReadAt;

    /// <summary>The assignment of <paramref name="grain"/> at the last read, or null.</summary>
    public GrainAssignment? AssignmentOf(GrainId grain) => _snapshot.Assignments.GetValueOrDefault(grain);

    /// <summary>The member silo with <paramref name="siloId"/> at the last read, or null.</summary>
    public SiloInfo? SiloOf(Guid siloId) => _snapshot.Silos.FirstOrDefault(s => s.Id == siloId);

    /// <summary>Reads the store once, then follows notifications.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("The cluster view was already started.");
        }

        await ReadAsync(cancellationToken).ConfigureAwait(false);
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        _tasks = [_follow.RunAsync(_store, token)];
    }

    /// <summary>
    /// Re-reads the store unless it was read within <see cref="ClusterViewOptions.MinRefreshInterval"/>; concurrent
    /// callers share one read.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var seen = _snapshot.ReadAt;
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot.ReadAt != seen || DateTimeOffset.UtcNow - seen < _options.MinRefreshInterval)
            {
                return;
            }

            await ReadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Stops following.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        _stop.Dispose();
        _stop = null;
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task ReadCoreAsync(CancellationToken cancellationToken)
    {
        var silos = await _store.ListSilosAsync(false, cancellationToken).ConfigureAwait(false);
        var assignments = await _store.ListAssignmentsAsync(null, cancellationToken).ConfigureAwait(false);
        _snapshot = new Snapshot(silos, assignments.ToDictionary(a => a.Grain), DateTimeOffset.UtcNow);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    private sealed record Snapshot(IReadOnlyList<SiloInfo> Silos, IReadOnlyDictionary<GrainId, GrainAssignment> Assignments, DateTimeOffset ReadAt);
}
