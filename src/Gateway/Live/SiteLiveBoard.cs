using System.Collections.Concurrent;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// The latest live snapshot of every site seen on the silos' streams and a ring of its recent events. Snapshots are
/// fenced per site like camera messages: when a site grain moves, the deposed one's last snapshots are refused.
/// </summary>
public sealed class SiteLiveBoard
{
    /// <summary>Recent events kept per site (oldest dropped first).</summary>
    public const int RecentEventCapacity = 200;

    private readonly EpochGate _epochs = new();
    private readonly ConcurrentDictionary<Guid, Entry> _sites = new();

    /// <summary>Whether a snapshot of <paramref name="epoch"/> for <paramref name="site"/> is current (and records it).</summary>
    public bool Accept(Guid site, long epoch) => _epochs.Accept(site, epoch);

    /// <summary>Records an accepted snapshot and its new events (an event id already seen is skipped).</summary>
    public void OnSite(LiveSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var entry = _sites.GetOrAdd(site.Site, _ => new Entry());
        lock (entry.Gate)
        {
            if (entry.Latest is { } previous && previous.Epoch == site.Epoch && previous.At > site.At)
            {
                return;
            }

            entry.Latest = site;
            foreach (var e in site.Events)
            {
                if (!entry.Seen.Add(e.Id))
                {
                    continue;
                }

                entry.Events.Enqueue(e);
                while (entry.Events.Count > RecentEventCapacity)
                {
                    entry.Seen.Remove(entry.Events.Dequeue().Id);
                }
            }
        }
    }

    /// <summary>A site's latest snapshot, or null before its first.</summary>
    public LiveSite? Latest(Guid site) => _sites.TryGetValue(site, out var entry) ? Volatile.Read(ref entry.Latest) : null;

    /// <summary>A site's recent events, newest first.</summary>
    public IReadOnlyList<LiveSiteEvent> RecentEvents(Guid site)
    {
        if (!_sites.TryGetValue(site, out var entry))
        {
            return [];
        }

        lock (entry.Gate)
        {
            return [.. entry.Events.Reverse()];
        }
    }

    private sealed class Entry
    {
        public readonly Queue<LiveSiteEvent> Events = new();
        public readonly HashSet<Guid> Seen = [];
        public readonly Lock Gate = new();
        public LiveSite? Latest;
    }
}
