using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Silo.Tests.Grains;

/// <summary>The inference grain's own batching logic, driven by the simulated pipeline (a fixed cost per frame).</summary>
public sealed class InferenceGrainTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly InferenceDirectory _directory = new();
    private readonly RgbImage _image = new(64, 48);

    public void Dispose()
    {
        _directory.Dispose();
        _image.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Frames_arriving_together_share_one_batch_and_a_lone_frame_waits_no_longer_than_max_wait()
    {
        var grain = Start(costMs: 20, new InferenceGrainOptions { MaxBatch = 8, MaxWait = TimeSpan.FromMilliseconds(60) });
        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => grain.InferAsync(Request(i), CancellationToken.None)));
        Assert.All(together, r => Assert.Equal(3, r.BatchSize));

        var watch = Stopwatch.StartNew();
        var alone = await grain.InferAsync(Request(9), CancellationToken.None);
        watch.Stop();
        Assert.Equal(1, alone.BatchSize);
        // It waited for company about MaxWait, not longer (the slack is for a loaded 2-core machine).
        Assert.InRange(alone.QueueMilliseconds, 40, 60 + 150);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(60 + 20 + 400), $"a lone frame took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_batch_never_exceeds_max_batch_and_a_full_queue_drops_its_oldest_frame()
    {
        var grain = Start(costMs: 150, new InferenceGrainOptions { MaxBatch = 2, MaxWait = TimeSpan.Zero, QueueCapacity = 3, MaxQueueDelay = TimeSpan.Zero });
        // The first frame occupies the worker; then seven more arrive: the queue keeps the newest three.
        var first = grain.InferAsync(Request(0), CancellationToken.None);
        await Eventually.WaitAsync(() => grain.QueueDepth == 0, TimeSpan.FromSeconds(5), "the worker claiming the first frame");
        var rest = Enumerable.Range(1, 7).Select(i => grain.InferAsync(Request(i), CancellationToken.None)).ToList();
        await first;
        var outcomes = await Task.WhenAll(rest.Select(async t =>
        {
            try
            {
                return (Result: await t, Error: (InferenceRejectedException?)null);
            }
            catch (InferenceRejectedException e)
            {
                return (Result: (InferenceResult?)null, Error: e);
            }
        }));
        Assert.Equal(4, outcomes.Count(o => o.Error is { Reason: "queue_full" }));
        Assert.Equal([false, false, false, false, true, true, true], outcomes.Select(o => o.Result is not null).ToArray());
        Assert.All(outcomes.Where(o => o.Result is not null), o => Assert.InRange(o.Result!.BatchSize, 1, 2));
        Assert.Equal(0, grain.InFlight);
    }

    [Fact]
    public async Task Frames_that_waited_longer_than_the_queue_delay_are_dropped_as_stale()
    {
        // Each frame costs 1 s and frames may wait at most 500 ms (slack for a loaded machine): behind a running frame, waiting ones go stale.
        var grain = Start(costMs: 1000, new InferenceGrainOptions { MaxBatch = 1, MaxWait = TimeSpan.Zero, MaxQueueDelay = TimeSpan.FromMilliseconds(500) });
        var first = grain.InferAsync(Request(0), CancellationToken.None);
        await Eventually.WaitAsync(() => grain.QueueDepth == 0, TimeSpan.FromSeconds(5), "the worker claiming the first frame");
        var late = grain.InferAsync(Request(1), CancellationToken.None);
        Assert.Equal(1, (await first).BatchSize);
        var error = await Assert.ThrowsAsync<InferenceRejectedException>(() => late);
        Assert.Equal("stale", error.Reason);

        // A frame that arrives to an idle worker is inferred normally.
        Assert.Equal(1, (await grain.InferAsync(Request(2), CancellationToken.None)).BatchSize);
        Assert.Equal(0, grain.InFlight);
    }

    [Fact]
    public async Task A_withdrawn_frame_is_never_processed()
    {
        // The first frame holds the only worker until released, so the second one is certainly still queued when
        // it is withdrawn (no timing assumptions on a loaded machine).
        using var gate = new ManualResetEventSlim();
        var processed = 0;
        var grain = _directory.Add(
            "topdown",
            ["m"],
            1,
            () => new GatedPipeline(gate, () => Interlocked.Increment(ref processed)),
            new InferenceGrainOptions { MaxBatch = 1, MaxWait = TimeSpan.Zero },
            new GrainMeter(_services.GetRequiredService<IMeterFactory>(), "unit"),
            NullLoggerFactory.Instance);
        var busy = grain.InferAsync(Request(0), CancellationToken.None);
        await Eventually.WaitAsync(() => grain.QueueDepth == 0 && grain.InFlight == 1, TimeSpan.FromSeconds(5), "the worker claiming the first frame");
        using var cancel = new CancellationTokenSource();
        var withdrawn = grain.InferAsync(Request(1), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);
        gate.Set();
        await busy;
        Assert.Equal(1, Volatile.Read(ref processed));
        Assert.Equal(0, grain.InFlight);
    }

    /// <summary>A pipeline that blocks each batch until the gate opens.</summary>
    private sealed class GatedPipeline(ManualResetEventSlim gate, Action onBatch) : PoseCluster.Pose.Pipelines.IPosePipeline
    {
        public string Name => "topdown";

        public IReadOnlyList<PoseCluster.Pose.Models.ModelEntry> Models => [];

        public int MaxBatchFrames => 1;

        public PoseCluster.Pose.Pipelines.StageTimer Timer { get; } = new();

        public void Process(RgbImage image, PoseCluster.Pose.PoseFrame output) => ProcessBatch([image], [output]);

        public void ProcessBatch(IReadOnlyList<RgbImage> images, IReadOnlyList<PoseCluster.Pose.PoseFrame> outputs)
        {
            gate.Wait(TimeSpan.FromSeconds(30));
            onBatch();
        }

        public void Dispose()
        {
        }
    }

    private IInferenceGrain Start(double costMs, InferenceGrainOptions options) =>
        _directory.Add(
            "topdown",
            ["m"],
            1,
            () => new SimulatedPosePipeline("topdown", TimeSpan.FromMilliseconds(costMs)),
            options,
            new GrainMeter(_services.GetRequiredService<IMeterFactory>(), "unit"),
            NullLoggerFactory.Instance);

    private InferenceRequest Request(long frame) => new(Guid.Empty, frame, 1, _image);
}
