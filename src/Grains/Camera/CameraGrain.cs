using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Registry;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Streaming;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging.Jpeg;
using PoseCluster.Pose.Imaging.Privacy;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Pose.Tracking;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Resilience;

namespace PoseCluster.Grains.Camera;

/// <summary>
/// A camera's single activation. It reads the camera through the engine's watchdog at the target rate into a bounded
/// drop-oldest queue, dispatches frames for inference (<see cref="CameraGrainOptions.MaxInFlight"/> at a time), runs the
/// camera's tracker on the results in frame order, and publishes them with its epoch: on the node's pose stream, to
/// the site grain, and as fenced activity history. Everything stops the moment the epoch is lost.
/// </summary>
internal sealed class CameraGrain : IGrain
{
    private readonly Guid _id;
    private readonly CameraGrainServices _s;
    private readonly ILogger _logger;
    private readonly Lock _publish = new();
    private CameraRun? _run;
    private Task? _task;
    private Task _follow = Task.CompletedTask;
    private CancellationTokenSource? _runStop;
    private GrainActivation? _activation;
    private readonly SemaphoreSlim _restart = new(1, 1);
    private IPoseTracker? _tracker;
    private AdaptivePipelinePolicy? _adaptive;
    private string? _unservedPipeline;
    private HeadBlur? _headBlur;
    private readonly Dictionary<long, (FrameInfo Frame, InferenceResult? Result)> _completed = [];
    private long _nextSequence;
    private long _lastPublished = -1;
    private volatile bool _resetTracker;
    private long _nextThumbnail;
    private ActivityWindow _window;

    public CameraGrain(Guid id, CameraGrainServices services)
    {
        _id = id;
        _s = services;
        _logger = services.LoggerFactory.CreateLogger("PoseCluster.Grains.Camera");
    }

    public async Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken)
    {
        var record = await _s.Store.GetCameraAsync(_id, cancellationToken).ConfigureAwait(false)
            ?? throw new ClusterException(ClusterErrorCode.NotFound, $"Camera {_id} is not registered.");
        var source = await _s.Store.GetCameraSourceAsync(_id, cancellationToken).ConfigureAwait(false);
        _activation = activation;
        Start(record, source, activation);

        // An operator who fixes a camera's URL, rate or pipeline expects it to take effect: a changed definition
        // restarts the run within this activation (a failed source included).
        var key = _id.ToString("D");
        var follow = new ChangeTriggeredRefresh(
            "camera definition", c => (c.Kind == ClusterChangeKind.Camera && c.Key == key) || c.Kind == ClusterChangeKind.Resync,
            _s.Options.DefinitionRefreshInterval, RestartIfChangedAsync, _logger);
        _follow = follow.RunAsync(_s.Store, activation.EpochLost);
    }

    private void Start(CameraRecord record, CameraSource source, GrainActivation activation)
    {
        var auto = CameraPipelines.IsAuto(record.Pipeline);
        _adaptive = auto ? new AdaptivePipelinePolicy(_s.Options.Adaptive) : null;
        _headBlur = _s.Options.BlurHeads ? new HeadBlur() : null;
        _runStop = CancellationTokenSource.CreateLinkedTokenSource(activation.EpochLost);
        var run = new CameraRun(record, auto ? _adaptive!.Current : record.Pipeline, activation, _s.Node, () => 0, _runStop.Token);
        lock (_publish)
        {
            // A new run starts its frames at 0 with a fresh tracker and an empty activity window.
            _completed.Clear();
            _nextSequence = 0;
            _lastPublished = -1;
            _window = default;
            _tracker = _s.Trackers.Create(_id);
        }

        _run = run;
        _s.Cameras.Add(run);
        _s.Stream.Publish(PoseStreamMessages.Status(run.StatusFields()));
        _logger.LogInformation(
            "Camera {Camera} ({Source}) running on {Node} at epoch {Epoch}: {Fps} fps, pipeline {Pipeline}",
            record.Name, source, _s.Node, activation.Epoch, record.TargetFps, run.Pipeline);
        _task = Task.Run(() => RunAsync(run, source, activation), CancellationToken.None);
    }

    private async Task RestartIfChangedAsync(CancellationToken cancellationToken)
    {
        await _restart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _s.Store.GetCameraAsync(_id, cancellationToken).ConfigureAwait(false);
            if (record is null || _run is not { } run || record.UpdatedAt == run.Record.UpdatedAt || _activation is not { IsCurrent: true } activation)
            {
                // Deleted or disabled cameras are deactivated by placement; an unchanged one keeps running.
                return;
            }

            var source = await _s.Store.GetCameraSourceAsync(_id, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Camera {Camera}: definition changed, restarting with the new one", record.Name);
            await StopRunAsync(run, "restarting: definition changed", cancellationToken).ConfigureAwait(false);
            Start(record, source, activation);
        }
        finally
        {
            _restart.Release();
        }
    }

    private async Task StopRunAsync(CameraRun run, string reason, CancellationToken cancellationToken)
    {
        if (_runStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        if (_task is { } task)
        {
            try
            {
                await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                _logger.LogWarning("Camera {Camera} did not stop in time", run.Record.Name);
            }
        }

        _s.Cameras.Remove(run);
        _s.Stream.Publish(PoseStreamMessages.Status(run.SetState("stopped", reason, run.Reconnects, DateTimeOffset.UtcNow)));
        _runStop?.Dispose();
        _runStop = null;
    }

    public async Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await _follow.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        await _restart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_run is { } run)
            {
                await StopRunAsync(run, $"deactivated: {reason.ToString().ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Camera {Camera} stopped on {Node} (epoch {Epoch}, {Reason})", run.Record.Name, _s.Node, run.Activation.Epoch, reason);
            }
        }
        finally
        {
            _restart.Release();
        }
    }

    private async Task RunAsync(CameraRun run, CameraSource source, GrainActivation activation)
    {
        var token = run.Stopping;
        var queue = new CameraFrameQueue(_s.Options.QueueCapacity, () => run.CountDrop("queue"));
        run.QueueDepth = () => queue.Count;
        Task dispatch = Task.CompletedTask;
        Task? activity = null;
        try
        {
            await using var frames = _s.Sources.Open(source, run.Record.TargetFps);
            frames.StateChanged += (_, status) => OnSourceState(run, status);
            dispatch = Task.Run(() => DispatchLoopAsync(run, queue, activation), CancellationToken.None);
            activity = _s.Options.ActivityInterval > TimeSpan.Zero ? Task.Run(() => ActivityLoopAsync(run, activation), CancellationToken.None) : null;
            while (!token.IsCancellationRequested)
            {
                VideoFrame? frame;
                try
                {
                    frame = await frames.ReadAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    break;
                }
                catch (FrameSourceException e)
                {
                    Publish(run.SetState("failed", e.Message, run.Reconnects, DateTimeOffset.UtcNow));
                    break;
                }

                if (frame is null)
                {
                    Publish(run.SetState("ended", "end of stream", run.Reconnects, DateTimeOffset.UtcNow));
                    break;
                }

                if (frame.CapturedAt == default)
                {
                    frame.CapturedAt = DateTimeOffset.UtcNow;
                }

                run.FrameIn();
                queue.Write(frame);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError("Camera {Camera} ingest failed: {Error}", run.Record.Name, e.Message);
            Publish(run.SetState("failed", e.Message, run.Reconnects, DateTimeOffset.UtcNow));
        }
        finally
        {
            if (!token.IsCancellationRequested)
            {
                // The source ended or failed for good: let the workers drain what is queued.
                queue.Complete();
            }

            await dispatch.ConfigureAwait(false);
            queue.Complete();
            if (activity is not null)
            {
                await activity.ConfigureAwait(false);
            }
        }
    }

    private void OnSourceState(CameraRun run, FrameSourceStatus status)
    {
        var state = status.State switch
        {
            FrameSourceState.Connecting => "connecting",
            FrameSourceState.Streaming => "streaming",
            FrameSourceState.Stalled => "stalled",
            FrameSourceState.Failed => "failed",
            _ => "ended",
        };
        if (status.State == FrameSourceState.Streaming && status.Reconnects > 0)
        {
            _resetTracker = true;
        }

        Publish(run.SetState(state, status.Reason, status.Reconnects, status.At));
    }

    private void Publish(CameraStatusFields fields)
    {
        if (_run is { Activation.IsCurrent: true } run && !run.Stopping.IsCancellationRequested)
        {
            _s.Stream.Publish(PoseStreamMessages.Status(fields));
        }
    }

    /// <summary>
    /// Takes the oldest queued frame whenever one of <see cref="CameraGrainOptions.MaxInFlight"/> slots is free (so the
    /// frame is still fresh: the queue keeps dropping its oldest meanwhile) and dispatches it. Results are published in
    /// frame order: one that completes early (a fast peer) waits for the frames dispatched before it.
    /// </summary>
    private async Task DispatchLoopAsync(CameraRun run, CameraFrameQueue queue, GrainActivation activation)
    {
        var token = run.Stopping;
        var maxInFlight = _s.Options.MaxInFlight;
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        long sequence = 0;
        try
        {
            while (true)
            {
                await slots.WaitAsync(token).ConfigureAwait(false);
                VideoFrame frame;
                try
                {
                    frame = await queue.Reader.ReadAsync(token).ConfigureAwait(false);
                }
                catch (System.Threading.Channels.ChannelClosedException)
                {
                    slots.Release();
                    break;
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                var seq = sequence++;
                _ = Task.Run(() => InferAsync(run, activation, frame, seq, slots), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        // Wait for the frames in flight: their images must not be recycled while inference reads them.
        for (var i = 0; i < maxInFlight; i++)
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task InferAsync(CameraRun run, GrainActivation activation, VideoFrame frame, long sequence, SemaphoreSlim slots)
    {
        var token = run.Stopping;
        var info = new FrameInfo(frame.Index, frame.Timestamp, frame.CapturedAt);
        InferenceResult? result = null;
        try
        {
            result = await _s.Dispatcher.DispatchAsync(run.Pipeline, new InferenceRequest(run.Id, frame.Index, activation.Epoch, frame.Image), token).ConfigureAwait(false);
            MaybeThumbnail(run, frame, result.Poses);
        }
        catch (InferenceRejectedException e)
        {
            run.CountDrop(e.Reason, e.Message);
            MaybeThumbnail(run, frame, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            run.CountDrop("failed", e.Message);
            _logger.LogWarning("Camera {Camera}: frame {Frame} failed: {Error}", run.Record.Name, frame.Index, e.Message);
        }
        finally
        {
            frame.Dispose();
        }

        try
        {
            Complete(run, activation, sequence, info, result);
        }
        finally
        {
            slots.Release();
        }
    }

    private void Complete(CameraRun run, GrainActivation activation, long sequence, FrameInfo frame, InferenceResult? result)
    {
        lock (_publish)
        {
            _completed[sequence] = (frame, result);
            while (_completed.Remove(_nextSequence, out var next))
            {
                _nextSequence++;
                if (next.Result is not null)
                {
                    Publish(run, activation, next.Frame, next.Result);
                }
            }
        }
    }

    private void Publish(CameraRun run, GrainActivation activation, FrameInfo frame, InferenceResult result)
    {
        // Called under _publish, in frame order. A stopped run's late results go nowhere.
        if (!activation.IsCurrent || run.Stopping.IsCancellationRequested || frame.Index <= _lastPublished)
        {
            return;
        }

        _lastPublished = frame.Index;
        var poses = result.Poses;
        poses.FrameId = frame.Index;
        poses.Timestamp = frame.Timestamp;
        if (_resetTracker)
        {
            _resetTracker = false;
            _tracker!.Reset();
        }

        _tracker!.Update(poses);
        var pipeline = run.Pipeline;
        if (_adaptive is not null)
        {
            Adapt(run, poses.Count);
        }

        var now = DateTimeOffset.UtcNow;
        var latency = Math.Max(0, (now - frame.CapturedAt).TotalMilliseconds);
        run.FrameOut(latency, result.Node);
        _s.Cameras.Latency.Record(latency, run.Tags);
        _s.Stream.Publish(PoseStreamMessages.Pose(
            new PoseMessageFields(
                run.Id, run.Record.Name, _s.Node, activation.SiloId, activation.Epoch, result.Node, frame.CapturedAt, now,
                run.RateIn.PerSecond, run.RateOut.PerSecond, run.Drops, latency, result.BatchSize, pipeline),
            poses));
        if (run.Record.SiteId is { } site)
        {
            // The site grain gets its own copy: the result's frame belongs to this grain and may be reused.
            _s.Sites.Publish(new SiteCameraResult(site, run.Id, activation.SiloId, activation.Epoch, frame.Index, frame.CapturedAt, poses.Clone()));
        }

        _window.Frames++;
        _window.Persons += poses.Count;
        _window.PersonsMax = Math.Max(_window.PersonsMax, poses.Count);
    }

    /// <summary>
    /// Switches an <c>auto</c> camera between top-down and bottom-up as the crowd grows or shrinks (the policy holds
    /// the hysteresis), but only to a pipeline some node serves: otherwise it stays and says why once.
    /// </summary>
    private void Adapt(CameraRun run, int people)
    {
        var wanted = _adaptive!.Decide(people);
        if (wanted == run.Pipeline)
        {
            return;
        }

        if (!_s.Dispatcher.CanServe(wanted))
        {
            if (_unservedPipeline != wanted)
            {
                _unservedPipeline = wanted;
                _logger.LogWarning("Camera {Camera}: {People} people call for pipeline {Pipeline}, which no node serves; staying on {Current}", run.Record.Name, people, wanted, run.Pipeline);
            }

            return;
        }

        _unservedPipeline = null;
        _logger.LogInformation("Camera {Camera}: {People} people, switching pipeline {From} -> {To}", run.Record.Name, people, run.Pipeline, wanted);
        run.Pipeline = wanted;
    }

    private void MaybeThumbnail(CameraRun run, VideoFrame frame, PoseFrame? poses)
    {
        var interval = _s.Options.ThumbnailInterval;
        var now = Stopwatch.GetTimestamp();
        if (interval <= TimeSpan.Zero || now < Interlocked.Read(ref _nextThumbnail) || !JpegCodec.IsAvailable)
        {
            return;
        }

        if (_headBlur is not null)
        {
            if (poses is null)
            {
                // Without poses there is no head to find: no thumbnail rather than a face.
                return;
            }

            // Inference is done with the image, so it is blurred in place (under a lock: the blur keeps scratch buffers).
            lock (_headBlur)
            {
                _headBlur.Apply(frame.Image, poses);
            }
        }

        Interlocked.Exchange(ref _nextThumbnail, now + (long)(interval.TotalSeconds * Stopwatch.Frequency));
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        JpegCodec.Encode(frame.Image, buffer, new JpegCodecOptions { Quality = _s.Options.ThumbnailQuality });
        run.Thumbnail = new CameraThumbnail(buffer.WrittenSpan.ToArray(), frame.Index, frame.CapturedAt);
    }

    private async Task ActivityLoopAsync(CameraRun run, GrainActivation activation)
    {
        var token = run.Stopping;
        long drops = 0;
        using var timer = new PeriodicTimer(_s.Options.ActivityInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                ActivityWindow window;
                lock (_publish)
                {
                    window = _window;
                    _window = default;
                }

                var totalDrops = run.Drops;
                var sample = new ActivitySample(
                    run.Id, DateTimeOffset.UtcNow, activation.SiloId, activation.Epoch, window.Frames,
                    window.Frames == 0 ? 0 : (float)window.Persons / window.Frames, window.PersonsMax,
                    (float)run.RateIn.PerSecond, (float)run.RateOut.PerSecond, (int)Math.Min(int.MaxValue, totalDrops - drops));
                drops = totalDrops;
                try
                {
                    var outcome = await _s.Store.AppendActivityAsync([sample], token).ConfigureAwait(false);
                    if (outcome.Refused > 0)
                    {
                        _logger.LogWarning("Camera {Camera}: history refused for epoch {Epoch}; this node no longer holds the camera", run.Record.Name, activation.Epoch);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    _logger.LogDebug("Camera {Camera}: activity history not written: {Error}", run.Record.Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private readonly record struct FrameInfo(long Index, TimeSpan Timestamp, DateTimeOffset CapturedAt);

    private struct ActivityWindow
    {
        public int Frames;
        public long Persons;
        public int PersonsMax;
    }
}
