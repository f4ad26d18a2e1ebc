namespace PoseCluster.Cluster.Grains;

/// <summary>Identity of a grain: its type (e.g. <c>camera</c>) and key (e.g. the camera id). One activation per id cluster-wide.</summary>
/// <param name="Type">Grain type name; see <see cref="GrainTypes"/>.</param>
/// <param name="Key">Key within the type.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The camera grain of a camera.</summary>
    public static GrainId ForCamera(Guid cameraId) => new(GrainTypes.Camera, cameraId.ToString("D"));

    /// <summary>The site grain of a site.</summary>
    public static GrainId ForSite(Guid siteId) => new(GrainTypes.Site, siteId.ToString("D"));

    /// <summary><c>type/key</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";
}
