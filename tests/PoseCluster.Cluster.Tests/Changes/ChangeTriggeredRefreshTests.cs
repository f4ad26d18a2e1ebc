using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Tests.Infrastructure;

namespace PoseCluster.Cluster.Tests.Changes;

/// <summary>The refresher's own logic, on a scripted change feed: relevant changes re-read, others do not, a broken feed is re-opened.</summary>
public sealed class ChangeTriggeredRefreshTests
{
    [Fact]
    public async Task Relevant_changes_trigger_a_read_irrelevant_ones_do_not_and_a_failed_feed_is_reopened()
    {
        var feed = new ScriptedFeed();
        var reads = 0;
        var seen = new List<ClusterChange>();
        var refresh = new ChangeTriggeredRefresh(
            "test", c => c.Kind == ClusterChangeKind.Webhook, TimeSpan.FromHours(1),
            _ => { Interlocked.Increment(ref reads); return Task.CompletedTask; }, NullLogger.Instance);
        refresh.Changed += c => { lock (seen) { seen.Add(c); } };
        using var stop = new CancellationTokenSource();
        var run = refresh.RunAsync(feed, stop.Token);

        await feed.Connected.Reader.ReadAsync();
        feed.Send(new ClusterChange(ClusterChangeKind.Zone, "z"));
        feed.Send(new ClusterChange(ClusterChangeKind.Webhook, "w1"));
        await Eventually.WaitAsync(() => Volatile.Read(ref reads) == 1, TimeSpan.FromSeconds(5), "one read for the webhook change");
        lock (seen)
        {
            Assert.Equal([new ClusterChange(ClusterChangeKind.Webhook, "w1")], seen);
        }

        // The feed breaks: the refresher opens it again and still follows it.
        feed.Break();
        await feed.Connected.Reader.ReadAsync();
        feed.Send(new ClusterChange(ClusterChangeKind.Webhook, "w2"));
        await Eventually.WaitAsync(() => Volatile.Read(ref reads) == 2, TimeSpan.FromSeconds(5), "a read after the feed was re-opened");

        refresh.Trigger();
        await Eventually.WaitAsync(() => Volatile.Read(ref reads) == 3, TimeSpan.FromSeconds(5), "a read on demand");
        await stop.CancelAsync();
        await run;
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task Without_changes_it_reads_every_interval()
    {
        var reads = 0;
        var refresh = new ChangeTriggeredRefresh(
            "test", _ => true, TimeSpan.FromMilliseconds(50), _ => { Interlocked.Increment(ref reads); return Task.CompletedTask; }, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = refresh.RunAsync(new ScriptedFeed(), stop.Token);
        await Eventually.WaitAsync(() => Volatile.Read(ref reads) >= 3, TimeSpan.FromSeconds(10), "three interval reads");
        await stop.CancelAsync();
        await run;
    }

    /// <summary>A change feed the test writes to; <see cref="Break"/> fails the current enumeration.</summary>
    private sealed class ScriptedFeed : IClusterChangeFeed
    {
        private Channel<ClusterChange> _current = Channel.CreateUnbounded<ClusterChange>();

        public Channel<bool> Connected { get; } = Channel.CreateUnbounded<bool>();

        public void Send(ClusterChange change) => Volatile.Read(ref _current).Writer.TryWrite(change);

        public void Break() => Volatile.Read(ref _current).Writer.TryComplete(new InvalidOperationException("feed lost"));

        public async IAsyncEnumerable<ClusterChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var channel = Channel.CreateUnbounded<ClusterChange>();
            Volatile.Write(ref _current, channel);
            Connected.Writer.TryWrite(true);
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
    }
}
