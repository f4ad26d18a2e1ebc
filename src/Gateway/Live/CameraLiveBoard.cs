using System.Collections.Concurrent;

namespace PoseCluster.Gateway.Live;

/// <summary>The latest live state of every camera seen on the silos' streams, and batch sizes per inference node.</summary>
public sealed class CameraLiveBoard
{
    private readonly ConcurrentDictionary<Guid, CameraLiveState> _cameras = new();
    private readonly ConcurrentDictionary<string, BatchWindow> _batches = new(StringComparer.Ordinal);

    /// <summary>A camera's live state, or null.</summary>
    public CameraLiveState? Get(Guid camera) => _cameras.GetValueOrDefault(camera);

    /// <summary>Records a status message (already epoch-checked).</summary>
    public void OnStatus(LiveStatus status, Guid siloId) =>
        _cameras.AddOrUpdate(
            status.Camera,
            _ => new CameraLiveState { Epoch = status.Epoch, Node = status.Node, SiloId = siloId, State = status.State, Reason = status.Reason, Reconnects = status.Reconnects, StateAt = status.At },
            (_, old) => (old.Epoch == status.Epoch ? old : new CameraLiveState()) with
            {
                Epoch = status.Epoch, Node = status.Node, SiloId = siloId, State = status.State, Reason = status.Reason, Reconnects = status.Reconnects, StateAt = status.At,
            });

    /// <summary>Records a pose message (already epoch-checked).</summary>
    public void OnPose(LivePose pose, Guid siloId, int persons, DateTimeOffset receivedAt)
    {
        _cameras.AddOrUpdate(
            pose.Camera,
            _ => Apply(new CameraLiveState { State = "streaming" }, pose, siloId, persons, receivedAt),
            (_, old) => Apply(old.Epoch == pose.Epoch ? old : new CameraLiveState { State = "streaming" }, pose, siloId, persons, receivedAt));
        if (pose.InferenceNode is { } node && pose.Batch > 0)
        {
            _batches.GetOrAdd(node, _ => new BatchWindow()).Add(pose.Batch, receivedAt);
        }
    }

    /// <summary>Mean and largest batch size of frames inferred by <paramref name="node"/> in the last 10 s (frame-weighted), or null.</summary>
    public (double Mean, int Max, double FramesPerSecond)? Batches(string node, DateTimeOffset now) =>
        _batches.TryGetValue(node, out var window) ? window.Summary(now) : null;

    private static CameraLiveState Apply(CameraLiveState state, LivePose pose, Guid siloId, int persons, DateTimeOffset receivedAt) => state with
    {
        Epoch = pose.Epoch,
        Node = pose.Node,
        SiloId = siloId,
        LastPoseAt = receivedAt,
        FpsIn = pose.FpsIn,
        FpsOut = pose.FpsOut,
        Drops = pose.Drops,
        LatencyMs = pose.LatencyMs,
        Persons = persons,
        InferenceNode = pose.InferenceNode,
        Pipeline = pose.Pipeline ?? state.Pipeline,
        Batch = pose.Batch,
        Frame = pose.Frame,
        Width = pose.Width,
        Height = pose.Height,
    };

    /// <summary>Batch sizes of the frames of the last 10 seconds.</summary>
    private sealed class BatchWindow
    {
        private static readonly TimeSpan Span = TimeSpan.FromSeconds(10);
        private readonly Queue<(DateTimeOffset At, int Batch)> _frames = new();
        private readonly Lock _gate = new();

        public void Add(int batch, DateTimeOffset at)
        {
            lock (_gate)
            {
                _frames.Enqueue((at, batch));
                Trim(at);
            }
        }

        public (double Mean, int Max, double FramesPerSecond)? Summary(DateTimeOffset now)
        {
            lock (_gate)
            {
                Trim(now);
                if (_frames.Count == 0)
                {
                    return null;
                }

                return (_frames.Average(f => f.Batch), _frames.Max(f => f.Batch), _frames.Count / Span.TotalSeconds);
            }
        }

        private void Trim(DateTimeOffset now)
        {
            while (_frames.Count > 0 && (now - _frames.Peek().At > Span || _frames.Count > 20_000))
            {
                _frames.Dequeue();
            }
        }
    }
}
