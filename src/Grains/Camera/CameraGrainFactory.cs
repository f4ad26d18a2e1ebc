using PoseCluster.Cluster.Grains;

namespace PoseCluster.Grains.Camera;

/// <summary>Creates this node's camera grains.</summary>
public sealed class CameraGrainFactory : IGrainFactory
{
    private readonly CameraGrainServices _services;

    /// <summary>Creates the factory.</summary>
    public CameraGrainFactory(CameraGrainServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _services.Options.Validate();
    }

    /// <inheritdoc />
    public string GrainType => GrainTypes.Camera;

    /// <inheritdoc />
    public IGrain Create(GrainId id) => new CameraGrain(Guid.Parse(id.Key), _services);
}
