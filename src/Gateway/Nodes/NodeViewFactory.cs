using System.Collections.Concurrent;
using System.Text.Json;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Live;

namespace PoseCluster.Gateway.Nodes;

/// <summary>
/// The nodes view: every member and every recently ended silo with its capabilities, load, placed grains, inference
/// batch sizes (from the pose stream) and inference grains (from the silo's <c>/node</c>, cached for a second).
/// A member whose heartbeat is older than half its death window shows as <c>suspect</c> until it is declared dead.
/// </summary>
public sealed class NodeViewFactory
{
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, IReadOnlyList<InferenceGrainView> Grains)> _details = new();
    private readonly SiloDataPlaneClient _client;
    private readonly CameraLiveBoard _board;
    private readonly SiloStreamSupervisor _streams;
    private readonly TimeProvider _time;

    /// <summary>Creates the factory.</summary>
    public NodeViewFactory(SiloDataPlaneClient client, CameraLiveBoard board, SiloStreamSupervisor streams, TimeProvider time)
    {
        _client = client;
        _board = board;
        _streams = streams;
        _time = time;
    }

    /// <summary>Views of every node in <paramref name="state"/>: members by class and name, then ended ones.</summary>
    public async Task<IReadOnlyList<NodeView>> BuildAsync(ClusterState state, CancellationToken cancellationToken)
    {
        var silos = state.Members.OrderBy(s => s.Class).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Concat(state.Ended.OrderBy(s => s.Name, StringComparer.Ordinal)).ToList();
        var grains = await Task.WhenAll(silos.Select(s => s.IsMember ? InferenceAsync(s, cancellationToken) : Task.FromResult<IReadOnlyList<InferenceGrainView>>([]))).ConfigureAwait(false);
        var cameras = state.Cameras.ToDictionary(c => c.Id, c => c.Name);
        var now = _time.GetUtcNow();
        return [.. silos.Select((s, i) => View(s, state, cameras, grains[i], now))];
    }

    private NodeView View(SiloInfo silo, ClusterState state, Dictionary<Guid, string> cameras, IReadOnlyList<InferenceGrainView> inference, DateTimeOffset now)
    {
        var placed = state.Assignments.Where(a => a.SiloId == silo.Id).ToList();
        var status = silo.Status == SiloStatus.Active && silo.HeartbeatAge > silo.DeathWindow / 2 ? "suspect" : WireNames.Of(silo.Status);
        var batches = silo.IsMember ? _board.Batches(silo.Name, now) : null;
        return new NodeView(
            silo.Id,
            silo.Name,
            WireNames.Of(silo.Class),
            WireNames.Of(silo.Device),
            status,
            silo.Address,
            silo.Models,
            silo.Capacity,
            Math.Round(silo.ReportedLoad, 2),
            Math.Round(silo.ReportedLoad / silo.Capacity, 4),
            silo.IsMember ? silo.ActiveGrains : 0,
            (long)silo.HeartbeatAge.TotalMilliseconds,
            silo.StartedAt,
            state.Leader == silo.Id && silo.IsMember,
            _streams.IsConnected(silo.Id),
            [.. placed.Where(a => a.Grain.Type == GrainTypes.Camera && Guid.TryParse(a.Grain.Key, out _))
                .Select(a => (Id: Guid.Parse(a.Grain.Key), a.Epoch))
                .Select(c => new NodeCameraView(c.Id, cameras.GetValueOrDefault(c.Id, "?"), c.Epoch))
                .OrderBy(c => c.Name, StringComparer.Ordinal)],
            placed.Count(a => a.Grain.Type == GrainTypes.Site),
            batches is { } b ? new BatchView(Math.Round(b.Mean, 2), b.Max, Math.Round(b.FramesPerSecond, 1)) : null,
            inference);
    }

    private async Task<IReadOnlyList<InferenceGrainView>> InferenceAsync(SiloInfo silo, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_details.TryGetValue(silo.Id, out var cached) && now - cached.At < TimeSpan.FromSeconds(1))
        {
            return cached.Grains;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        IReadOnlyList<InferenceGrainView> grains = [];
        try
        {
            using var node = await _client.GetNodeAsync(silo.Address, timeout.Token).ConfigureAwait(false);
            if (node?.RootElement.TryGetProperty("inference", out var list) == true && list.ValueKind == JsonValueKind.Array)
            {
                grains = [.. list.EnumerateArray().Select(g => new InferenceGrainView(
                    g.GetProperty("pipeline").GetString() ?? "",
                    g.GetProperty("in_flight").GetInt32(),
                    g.GetProperty("queue_depth").GetInt32(),
                    g.GetProperty("saturated").GetBoolean(),
                    g.GetProperty("fps").GetDouble()))];
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
        }

        _details[silo.Id] = (now, grains);
        return grains;
    }
}
