using PoseCluster.Cluster.Grains;

namespace PoseCluster.Grains.Site;

/// <summary>Creates this node's site grains.</summary>
public sealed class SiteGrainFactory : IGrainFactory
{
    private readonly SiteGrainServices _services;

    /// <summary>Creates the factory; validates the site grain options.</summary>
    public SiteGrainFactory(SiteGrainServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        services.Options.Validate();
    }

    /// <inheritdoc />
    public string GrainType => GrainTypes.Site;

    /// <inheritdoc />
    public IGrain Create(GrainId id) => new SiteGrain(Guid.Parse(id.Key), _services);
}
