using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// Dynamic batching over a bounded drop-oldest queue: each worker thread takes the first waiting frame, gathers more
/// until the batch is full or the first frame has waited <see cref="InferenceGrainOptions.MaxWait"/>, and runs one
/// <see cref="IPosePipeline.ProcessBatch"/>. A request is claimed atomically by a worker or withdrawn by its caller,
/// never both, so a caller may recycle its image as soon as the task completes.
/// </summary>
internal sealed class InferenceGrain : IInferenceGrain, IDisposable
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Withdrawn = 2;

    private readonly InferenceGrainOptions _options;
    private readonly Func<IPosePipeline> _createPipeline;
    private readonly string _node;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];
    private readonly List<IPosePipeline> _pipelines = [];
    private readonly RateMeter _rate = new();
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly Histogram<double> _batchSizes;
    private readonly Histogram<double> _durations;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _rejected;
    private readonly long _maxWaitTicks;
    private readonly long _maxQueueDelayTicks;
    private int _inFlight;
    private int _maxBatch;

    public InferenceGrain(string pipeline, IReadOnlyList<string> models, double costWeight, Func<IPosePipeline> createPipeline, InferenceGrainOptions options, GrainMeter meter, ILogger logger)
    {
        Pipeline = pipeline;
        Models = models;
        CostWeight = costWeight;
        _createPipeline = createPipeline;
        _options = options;
        _options.Validate();
        _node = meter.Node;
        _logger = logger;
        _maxWaitTicks = (long)(options.MaxWait.TotalSeconds * Stopwatch.Frequency);
        _maxQueueDelayTicks = (long)(options.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency);
        _queue = Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest },
            OnDropped);
        var model = models.Count == 0 ? pipeline : string.Join('+', models);
        _tags = [meter.NodeTag, new("pipeline", pipeline), new("model", model)];
        var m = meter.Meter;
        _batchSizes = meter.Histogram("posecluster.inference.batch_size", null, "Frames per inference batch", GrainMeter.BatchBuckets);
        _durations = meter.Histogram("posecluster.inference.duration", "ms", "Inference time per batch", GrainMeter.MillisecondBuckets);
        _frames = m.CreateCounter<long>("posecluster.inference.frames", description: "Frames inferred, by origin (local or remote)");
        _rejected = m.CreateCounter<long>("posecluster.inference.rejected", description: "Frames dropped from a full inference queue (oldest first)");
        m.CreateObservableGauge("posecluster.inference.queue_depth", () => new Measurement<int>(QueueDepth, _tags), description: "Frames waiting for inference");
        m.CreateObservableGauge("posecluster.inference.in_flight", () => new Measurement<int>(InFlight, _tags), description: "Frames queued or running");
    }

    public string Pipeline { get; }

    public IReadOnlyList<string> Models { get; }

    /// <summary>Work units per frame (the placement weight of the pipeline).</summary>
    public double CostWeight { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int QueueDepth => _queue.Reader.Count;

    public bool IsSaturated => InFlight >= _options.EffectiveSaturationThreshold;

    public double FramesPerSecond => _rate.PerSecond;

    /// <summary>Creates the pipelines (loading their models: failures surface here) and starts the workers.</summary>
    public void Start()
    {
        for (var i = 0; i < _options.Workers; i++)
        {
            _pipelines.Add(_createPipeline());
        }

        _maxBatch = Math.Max(1, Math.Min(_options.MaxBatch, _pipelines[0].MaxBatchFrames));
        for (var i = 0; i < _pipelines.Count; i++)
        {
            var pipeline = _pipelines[i];
            var thread = new Thread(() => WorkerLoop(pipeline)) { IsBackground = true, Name = $"inference-{Pipeline}-{i}" };
            _threads.Add(thread);
            thread.Start();
        }

        _logger.LogInformation(
            "Inference grain {Pipeline} on {Node}: {Workers} worker(s), batches of up to {MaxBatch} within {MaxWait} ms, queue {Queue}",
            Pipeline, _node, _pipelines.Count, _maxBatch, _options.MaxWait.TotalMilliseconds, _options.QueueCapacity);
    }

    public async Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(request, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var registration = cancellationToken.Register(static state =>
            {
                var p = (Pending)state!;
                if (Interlocked.CompareExchange(ref p.State, Withdrawn, Queued) == Queued)
                {
                    p.Completion.TrySetCanceled();
                }
            }, pending);
            if (!_queue.Writer.TryWrite(pending))
            {
                throw new InferenceRejectedException("stopped", $"The inference grain {Pipeline} on {_node} is stopping.");
            }

            return await pending.Completion.Task.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        while (_queue.Reader.TryRead(out var pending))
        {
            if (Interlocked.CompareExchange(ref pending.State, Withdrawn, Queued) == Queued)
            {
                pending.Completion.TrySetException(new InferenceRejectedException("stopped", $"The inference grain {Pipeline} on {_node} stopped."));
            }
        }

        foreach (var pipeline in _pipelines)
        {
            pipeline.Dispose();
        }

        _stop.Dispose();
    }

    private void OnDropped(Pending pending)
    {
        if (Interlocked.CompareExchange(ref pending.State, Withdrawn, Queued) == Queued)
        {
            _rejected.Add(1, _tags);
            pending.Completion.TrySetException(new InferenceRejectedException(
                "queue_full", $"The inference queue of {Pipeline} on {_node} was full ({_options.QueueCapacity}); the oldest frame was dropped."));
        }
    }

    private bool TryClaim(out Pending pending)
    {
        while (_queue.Reader.TryRead(out pending!))
        {
            if (Interlocked.CompareExchange(ref pending.State, Claimed, Queued) == Queued)
            {
                // A frame that waited longer than the delay bound is stale: inferring it would only add to everyone's
                // latency behind it (a node that cannot keep up sheds load instead of building a backlog).
                if (_maxQueueDelayTicks > 0 && Stopwatch.GetTimestamp() - pending.EnqueuedTicks > _maxQueueDelayTicks)
                {
                    _rejected.Add(1, _tags);
                    pending.Completion.TrySetException(new InferenceRejectedException(
                        "stale", $"The frame waited longer than {_options.MaxQueueDelay.TotalMilliseconds:F0} ms in the inference queue of {Pipeline} on {_node}."));
                    continue;
                }

                return true;
            }
        }

        return false;
    }

    private bool WaitForWork(long? untilTicks)
    {
        var token = _stop.Token;
        if (untilTicks is { } until)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(remaining);
            try
            {
                return _queue.Reader.WaitToReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        try
        {
            return _queue.Reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void WorkerLoop(IPosePipeline pipeline)
    {
        var batch = new List<Pending>(_maxBatch);
        var images = new List<RgbImage>(_maxBatch);
        var outputs = new List<PoseFrame>(_maxBatch);
        while (!_stop.IsCancellationRequested)
        {
            if (!TryClaim(out var first))
            {
                if (!WaitForWork(null) && (_stop.IsCancellationRequested || _queue.Reader.Completion.IsCompleted))
                {
                    return;
                }

                continue;
            }

            batch.Add(first);
            var deadline = first.EnqueuedTicks + _maxWaitTicks;
            while (batch.Count < _maxBatch)
            {
                if (TryClaim(out var next))
                {
                    batch.Add(next);
                    continue;
                }

                if (!WaitForWork(deadline))
                {
                    break;
                }
            }

            Run(pipeline, batch, images, outputs);
            batch.Clear();
            images.Clear();
            outputs.Clear();
        }
    }

    private void Run(IPosePipeline pipeline, List<Pending> batch, List<RgbImage> images, List<PoseFrame> outputs)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var p in batch)
        {
            images.Add(p.Request.Image);
            outputs.Add(new PoseFrame());
        }

        Exception?[] errors = new Exception?[batch.Count];
        try
        {
            pipeline.ProcessBatch(images, outputs);
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad frame (e.g. too small) must not fail the others: run them one by one.
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    pipeline.Process(images[i], outputs[i]);
                }
                catch (Exception e)
                {
                    errors[i] = e;
                }
            }
        }
        catch (Exception e)
        {
            errors[0] = e;
        }

        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        _batchSizes.Record(batch.Count, _tags);
        _durations.Record(ms, _tags);
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            _rate.Tick();
            _frames.Add(1, [_tags[0], _tags[1], _tags[2], new("origin", p.Request.Origin == InferenceRequest.LocalOrigin ? "local" : "remote")]);
            if (errors[i] is { } error)
            {
                _logger.LogWarning("Inference of frame {Frame} of camera {Camera} failed: {Error}", p.Request.FrameIndex, p.Request.CameraId, error.Message);
                p.Completion.TrySetException(new InferenceRejectedException("failed", $"Inference failed: {error.Message}", error));
                continue;
            }

            var queued = Stopwatch.GetElapsedTime(p.EnqueuedTicks, start).TotalMilliseconds;
            p.Completion.TrySetResult(new InferenceResult(outputs[i], _node, batch.Count, queued, ms));
        }
    }

    private sealed class Pending
    {
        public Pending(InferenceRequest request, long enqueuedTicks)
        {
            Request = request;
            EnqueuedTicks = enqueuedTicks;
        }

        public InferenceRequest Request { get; }

        public long EnqueuedTicks { get; }

        public TaskCompletionSource<InferenceResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int State;
    }
}
