using System.Collections.Concurrent;

namespace PoseCluster.Grains.Site;

/// <summary>The site grains active on this node.</summary>
public sealed class SiteDirectory
{
    private readonly ConcurrentDictionary<Guid, ISiteGrain> _sites = new();

    /// <summary>Every active site grain.</summary>
    public IReadOnlyCollection<ISiteGrain> All => [.. _sites.Values];

    /// <summary>The active grain of <paramref name="siteId"/>, or null.</summary>
    public ISiteGrain? Find(Guid siteId) => _sites.GetValueOrDefault(siteId);

    internal void Add(ISiteGrain grain) => _sites[grain.SiteId] = grain;

    internal void Remove(ISiteGrain grain) => _sites.TryRemove(new KeyValuePair<Guid, ISiteGrain>(grain.SiteId, grain));
}
