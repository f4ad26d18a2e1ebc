using System.Threading.Channels;

namespace PoseCluster.Cluster.Changes;

/// <summary>
/// Delivers each published change to every subscriber through its own bounded channel; a subscriber that falls
/// behind gets a <see cref="ClusterChangeKind.Resync"/> instead of an unbounded backlog.
/// </summary>
internal sealed class ChangeFanout
{
    private const int Capacity = 256;
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];

    /// <summary>Number of live subscribers.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Publishes to every subscriber.</summary>
    public void Publish(ClusterChange change)
    {
        Subscriber[] targets;
        lock (_gate)
        {
            targets = [.. _subscribers];
        }

        foreach (var s in targets)
        {
            if (!s.Channel.Writer.TryWrite(change))
            {
                s.Overflowed = true;
            }
        }
    }

    /// <summary>
    /// Streams changes to one subscriber until cancelled. Starts with a resync when <paramref name="isLive"/> says
    /// the source is live once the subscriber is registered (otherwise the source's next connect sends one).
    /// </summary>
    public async IAsyncEnumerable<ClusterChange> SubscribeAsync(
        Func<bool> isLive,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscriber = new Subscriber();
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }

        try
        {
            if (isLive())
            {
                yield return new ClusterChange(ClusterChangeKind.Resync);
            }

            while (await subscriber.Channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (subscriber.Overflowed)
                {
                    subscriber.Overflowed = false;
                    while (subscriber.Channel.Reader.TryRead(out _))
                    {
                    }

                    yield return new ClusterChange(ClusterChangeKind.Resync);
                    continue;
                }

                while (subscriber.Channel.Reader.TryRead(out var change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(subscriber);
            }
        }
    }

    private sealed class Subscriber
    {
        public Channel<ClusterChange> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<ClusterChange>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

        public volatile bool Overflowed;
    }
}
