using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Grains.Camera;

/// <summary>
/// The cameras running on this node: their status and thumbnails for the node's API, and the per-camera metric series
/// (read at scrape time from the cameras' counters).
/// </summary>
public sealed class CameraDirectory
{
    private readonly ConcurrentDictionary<Guid, CameraRun> _runs = new();

    /// <summary>Creates the directory and its observable instruments.</summary>
    public CameraDirectory(GrainMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var m = meter.Meter;
        m.CreateObservableCounter("posecluster.camera.frames_in", () => Each(r => new Measurement<long>(r.FramesIn, r.Tags)), description: "Frames read from the camera");
        m.CreateObservableCounter("posecluster.camera.frames_out", () => Each(r => new Measurement<long>(r.FramesOut, r.Tags)), description: "Frames processed and published");
        m.CreateObservableCounter(
            "posecluster.camera.drops",
            () => _runs.Values.SelectMany(r => r.DropsByReason.Select(d => new Measurement<long>(d.Value, [.. r.Tags, new("reason", d.Key)]))),
            description: "Frames dropped, by reason (queue: the bounded queue dropped its oldest frame; queue_full: an inference queue did; late, no_capable_node, remote_failed, failed)");
        m.CreateObservableGauge("posecluster.camera.fps_in", () => Each(r => new Measurement<double>(Math.Round(r.RateIn.PerSecond, 3), r.Tags)), description: "Frames per second read");
        m.CreateObservableGauge("posecluster.camera.fps_out", () => Each(r => new Measurement<double>(Math.Round(r.RateOut.PerSecond, 3), r.Tags)), description: "Frames per second published");
        m.CreateObservableCounter("posecluster.camera.reconnects", () => Each(r => new Measurement<long>(r.Reconnects, r.Tags)), description: "Times the camera's stream resumed after an interruption");
        m.CreateObservableGauge("posecluster.camera.queue_depth", () => Each(r => new Measurement<int>(r.QueueDepth(), r.Tags)), description: "Frames waiting in the camera's queue");
        m.CreateObservableGauge("posecluster.camera.streaming", () => Each(r => new Measurement<int>(r.IsStreaming ? 1 : 0, r.Tags)), description: "1 while the camera streams");
        m.CreateObservableGauge("posecluster.camera.epoch", () => Each(r => new Measurement<long>(r.Activation.Epoch, r.Tags)), description: "The camera grain's epoch");
        Latency = meter.Histogram("posecluster.camera.latency", "ms", "Capture-to-publication latency per frame", GrainMeter.MillisecondBuckets);
        m.CreateObservableGauge("posecluster.node.cameras", () => new Measurement<int>(_runs.Count, meter.NodeTag), description: "Cameras running on the node");
    }

    /// <summary>Capture-to-publication latency per frame (camera grains record it).</summary>
    internal Histogram<double> Latency { get; }

    /// <summary>Cameras running here.</summary>
    public int Count => _runs.Count;

    /// <summary>The status of every camera running here.</summary>
    public IReadOnlyList<CameraStatus> List() => [.. _runs.Values.Select(r => r.Snapshot()).OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The status of a camera running here, or null.</summary>
    public CameraStatus? Find(Guid cameraId) => _runs.TryGetValue(cameraId, out var run) ? run.Snapshot() : null;

    /// <summary>The latest thumbnail of a camera running here, or null.</summary>
    public CameraThumbnail? Thumbnail(Guid cameraId) => _runs.TryGetValue(cameraId, out var run) ? run.Thumbnail : null;

    /// <summary>The status messages of the cameras running here (sent to a subscriber when it joins).</summary>
    public IReadOnlyList<Streaming.PoseStreamMessage> StatusMessages() =>
        [.. _runs.Values.Select(r => Streaming.PoseStreamMessages.Status(r.StatusFields()))];

    internal void Add(CameraRun run) => _runs[run.Id] = run;

    internal void Remove(CameraRun run) => _runs.TryRemove(new KeyValuePair<Guid, CameraRun>(run.Id, run));

    private IEnumerable<Measurement<T>> Each<T>(Func<CameraRun, Measurement<T>> measure)
        where T : struct => _runs.Values.Select(measure);
}
