namespace PoseCluster.Cluster.Grains;

/// <summary>Creates grains of one type; the host registers one per grain type it can run.</summary>
public interface IGrainFactory
{
    /// <summary>The grain type (e.g. <see cref="GrainTypes.Camera"/>).</summary>
    string GrainType { get; }

    /// <summary>A new, not yet activated grain for <paramref name="id"/>.</summary>
    IGrain Create(GrainId id);
}
