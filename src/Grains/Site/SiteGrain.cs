using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Grains;
using PoseCluster.Grains.Topology;

namespace PoseCluster.Grains.Site;

/// <summary>
/// The site grain. A result is accepted only when its (silo, epoch) equals the camera grain's current assignment (read
/// from the <see cref="ClusterView"/>, re-read when a result claims an epoch newer than the cached one) and its epoch is
/// not older than one already accepted for the camera: a deposed camera grain's late results are refused and counted.
/// </summary>
internal sealed class SiteGrain : IGrain, ISiteGrain
{
    private readonly ClusterView _view;
    private readonly SiteDirectory _directory;
    private readonly ILogger _logger;
    private readonly Counter<long> _results;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, SiteCameraState> _cameras = [];
    private GrainActivation? _activation;
    private long _accepted;
    private long _refused;

    public SiteGrain(Guid siteId, ClusterView view, SiteDirectory directory, Counter<long> results, KeyValuePair<string, object?> node, ILogger logger)
    {
        SiteId = siteId;
        _view = view;
        _directory = directory;
        _results = results;
        _node = node;
        _logger = logger;
    }

    public Guid SiteId { get; }

    public SiteStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new SiteStatus(SiteId, _activation?.Epoch ?? 0, _accepted, _refused, [.. _cameras.Values.OrderBy(c => c.CameraId)]);
            }
        }
    }

    public Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken)
    {
        _activation = activation;
        _directory.Add(this);
        _logger.LogInformation("Site {Site} active at epoch {Epoch}", SiteId, activation.Epoch);
        return Task.CompletedTask;
    }

    public Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _directory.Remove(this);
        return Task.CompletedTask;
    }

    public async Task<SiteAcceptResult> AcceptAsync(IReadOnlyList<SiteCameraResult> results, CancellationToken cancellationToken)
    {
        if (_activation is not { IsCurrent: true })
        {
            return new SiteAcceptResult(0, 0, NotHere: true);
        }

        // A result claiming an epoch newer than the cached assignment means the cache is behind: re-read it once.
        if (results.Any(r => r.SiteId == SiteId && (_view.AssignmentOf(GrainId.ForCamera(r.CameraId))?.Epoch ?? 0) < r.Epoch))
        {
            await _view.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        int accepted = 0, refused = 0;
        lock (_gate)
        {
            foreach (var r in results)
            {
                var current = _view.AssignmentOf(GrainId.ForCamera(r.CameraId));
                _cameras.TryGetValue(r.CameraId, out var known);
                var fresh = r.SiteId == SiteId && current is { SiloId: { } silo } && silo == r.SiloId && current.Epoch == r.Epoch
                    && (known is null || r.Epoch >= known.Epoch);
                if (fresh)
                {
                    accepted++;
                    _cameras[r.CameraId] = new SiteCameraState(r.CameraId, r.SiloId, r.Epoch, r.Frame, r.CapturedAt, r.Persons, (known?.Accepted ?? 0) + 1, known?.RefusedStale ?? 0);
                }
                else
                {
                    refused++;
                    if (known is not null)
                    {
                        _cameras[r.CameraId] = known with { RefusedStale = known.RefusedStale + 1 };
                    }
                }
            }

            _accepted += accepted;
            _refused += refused;
        }

        if (accepted > 0)
        {
            _results.Add(accepted, _node, new("site", SiteId.ToString("D")), new("outcome", "accepted"));
        }

        if (refused > 0)
        {
            _results.Add(refused, _node, new("site", SiteId.ToString("D")), new("outcome", "stale"));
            _logger.LogDebug("Site {Site} refused {Count} stale result(s)", SiteId, refused);
        }

        return new SiteAcceptResult(accepted, refused);
    }
}
