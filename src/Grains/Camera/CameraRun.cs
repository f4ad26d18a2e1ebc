using System.Collections.Concurrent;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Registry;
using PoseCluster.Grains.Streaming;
using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Grains.Camera;

/// <summary>The live state and counters of one camera grain activation (thread-safe).</summary>
internal sealed class CameraRun
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _drops = new(StringComparer.Ordinal);
    private long _framesIn;
    private long _framesOut;
    private long _dropTotal;
    private string _state = "connecting";
    private string _reason = "activated";
    private int _reconnects;
    private DateTimeOffset _stateSince = DateTimeOffset.UtcNow;
    private double _latencyMs;
    private string? _inferenceNode;
    private string? _lastDropReason;
    private string _pipeline;

    public CameraRun(CameraRecord record, string pipeline, GrainActivation activation, string node, Func<int> queueDepth, CancellationToken stopping)
    {
        Stopping = stopping;
        Record = record;
        _pipeline = pipeline;
        Activation = activation;
        Node = node;
        QueueDepth = queueDepth;
        // The queue-drop series exists from the start, so dashboards see a zero rather than nothing.
        _drops["queue"] = 0;
        Tags =
        [
            new("node", node),
            new("camera", record.Id.ToString("D")),
            new("camera_name", record.Name),
        ];
    }

    public CameraRecord Record { get; }

    public Guid Id => Record.Id;

    /// <summary>The pipeline frames are dispatched to now (changes for <c>auto</c> cameras).</summary>
    public string Pipeline
    {
        get => Volatile.Read(ref _pipeline);
        set => Volatile.Write(ref _pipeline, value);
    }

    public GrainActivation Activation { get; }

    /// <summary>Cancelled when this run ends: the epoch is lost, the grain deactivates, or the definition changed.</summary>
    public CancellationToken Stopping { get; }

    public string Node { get; }

    public Func<int> QueueDepth { get; set; }

    /// <summary>node, camera and camera_name tags.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public RateMeter RateIn { get; } = new();

    public RateMeter RateOut { get; } = new();

    public long FramesIn => Interlocked.Read(ref _framesIn);

    public long FramesOut => Interlocked.Read(ref _framesOut);

    public long Drops => Interlocked.Read(ref _dropTotal);

    public IReadOnlyDictionary<string, long> DropsByReason => _drops;

    public int Reconnects => Volatile.Read(ref _reconnects);

    public string State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public bool IsStreaming => State == "streaming";

    public CameraThumbnail? Thumbnail { get; set; }

    public void FrameIn()
    {
        Interlocked.Increment(ref _framesIn);
        RateIn.Tick();
    }

    public void FrameOut(double latencyMs, string inferenceNode)
    {
        Interlocked.Increment(ref _framesOut);
        RateOut.Tick();
        lock (_gate)
        {
            _latencyMs = latencyMs;
            _inferenceNode = inferenceNode;
        }
    }

    public void CountDrop(string reason, string? message = null)
    {
        _drops.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _dropTotal);
        if (message is not null)
        {
            lock (_gate)
            {
                _lastDropReason = message;
            }
        }
    }

    public CameraStatusFields SetState(string state, string reason, int reconnects, DateTimeOffset at)
    {
        lock (_gate)
        {
            _state = state;
            _reason = reason;
            _stateSince = at;
            _reconnects = reconnects;
            return StatusFields();
        }
    }

    public CameraStatusFields StatusFields()
    {
        lock (_gate)
        {
            return new CameraStatusFields(Id, Record.Name, Node, Activation.SiloId, Activation.Epoch, _state, _reason, _reconnects, _stateSince);
        }
    }

    public CameraStatus Snapshot()
    {
        lock (_gate)
        {
            return new CameraStatus(
                Id, Record.Name, Record.SiteId, Record.SourceUrl, Pipeline, Record.TargetFps, Node, Activation.SiloId, Activation.Epoch,
                _state, _reason, _reconnects, _stateSince, FramesIn, FramesOut, Drops, new Dictionary<string, long>(_drops),
                Math.Round(RateIn.PerSecond, 2), Math.Round(RateOut.PerSecond, 2), Math.Round(_latencyMs, 1), _inferenceNode, _lastDropReason, Thumbnail is not null);
        }
    }
}
