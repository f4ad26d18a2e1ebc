using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Gateway.Live;

namespace PoseCluster.Gateway.Tests.Live;

/// <summary>Per-browser queues (a stuck browser loses its oldest messages, counted, and slows no one) and the epoch gate.</summary>
public sealed class LiveClientTests
{
    [Fact]
    public async Task A_stuck_browser_drops_its_oldest_messages_and_counts_them_while_others_keep_up()
    {
        var metrics = new GatewayMetrics(new TestMeterFactory());
        var stuck = new BlockingProxy();
        var healthy = new CountingProxy();
        await using var slow = new LiveClient("slow", stuck, 16, metrics, NullLogger.Instance, CancellationToken.None);
        await using var fast = new LiveClient("fast", healthy, 16, metrics, NullLogger.Instance, CancellationToken.None);
        slow.Subscribe(null, 0);
        fast.Subscribe(null, 0);
        slow.Start();
        fast.Start();
        var camera = Guid.NewGuid();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            var pose = Pose(camera, i);
            slow.Offer(new LiveEnvelope(camera, pose, null, null));
            fast.Offer(new LiveEnvelope(camera, pose, null, null));
            if (i % 50 == 0)
            {
                await Task.Delay(1);
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "offering never waits for a browser");
        await PoseCluster.Cluster.Tests.Infrastructure.Eventually.WaitAsync(() => healthy.Frames.Count == 1000 || fast.Stats.Dropped + healthy.Frames.Count == 1000, TimeSpan.FromSeconds(5), () => $"the healthy browser got {healthy.Frames.Count}");
        var stats = slow.Stats;
        Assert.Equal(16, stats.Queued);
        Assert.Equal(1000 - 16 - 1, stats.Dropped);
        Assert.Equal(0, stats.Sent);
        // What a stuck browser gets when it resumes is the newest frames.
        stuck.Release();
        await PoseCluster.Cluster.Tests.Infrastructure.Eventually.WaitAsync(() => stuck.Frames.Count == 17, TimeSpan.FromSeconds(5), () => $"the resumed browser got {stuck.Frames.Count}");
        Assert.Equal(Enumerable.Range(983, 17).Select(i => (long)i).Skip(1).Prepend(0), stuck.Frames);
        Assert.Equal(1000, fast.Stats.Sent + fast.Stats.Dropped);
    }

    [Fact]
    public void Messages_of_an_epoch_older_than_the_highest_seen_are_refused_per_camera()
    {
        var gate = new EpochGate();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        Assert.True(gate.Accept(a, 5));
        Assert.True(gate.Accept(a, 5));
        Assert.True(gate.Accept(b, 2));
        Assert.True(gate.Accept(a, 7));
        Assert.False(gate.Accept(a, 5));
        Assert.False(gate.Accept(a, 6));
        Assert.True(gate.Accept(b, 2));
        Assert.Equal(7, gate.Highest(a));
    }

    private static LivePose Pose(Guid camera, long frame) =>
        new(camera, "c", 1, "n", "n", frame, DateTimeOffset.UtcNow, 0, 0, 0, 10, 10, 0, 1, 1, 640, 480, JsonDocument.Parse("[]").RootElement);

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private class CountingProxy : ILiveClient
    {
        public List<long> Frames { get; } = [];

        public virtual Task Pose(LivePose pose)
        {
            lock (Frames)
            {
                Frames.Add(pose.Frame);
            }

            return Task.CompletedTask;
        }

        public Task Status(LiveStatus status) => Task.CompletedTask;

        public Task Site(LiveSite site)
        {
            lock (Frames)
            {
                Sites.Add(site.Site);
            }

            return Task.CompletedTask;
        }

        public List<Guid> Sites { get; } = [];

        public Task Stats(LiveClientStats stats) => Task.CompletedTask;
    }

    /// <summary>A browser whose connection accepts the first message, then does not read until released.</summary>
    private sealed class BlockingProxy : CountingProxy
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public override async Task Pose(LivePose pose)
        {
            await base.Pose(pose);
            await _released.Task;
        }
    }
}
