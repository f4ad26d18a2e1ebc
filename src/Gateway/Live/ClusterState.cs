using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Gateway.Live;

/// <summary>What the gateway last read from the control plane: silos, cameras, sites, assignments, zones and the leader.</summary>
public sealed class ClusterState
{
    private readonly Dictionary<Guid, SiloInfo> _silos;
    private readonly Dictionary<GrainId, GrainAssignment> _assignments;

    /// <summary>Creates a state.</summary>
    public ClusterState(
        IReadOnlyList<SiloInfo> members,
        IReadOnlyList<SiloInfo> ended,
        IReadOnlyList<CameraRecord> cameras,
        IReadOnlyList<SiteRecord> sites,
        IReadOnlyList<GrainAssignment> assignments,
        IReadOnlyList<ZoneRecord> zones,
        Guid? leader,
        DateTimeOffset readAt)
    {
        Members = members;
        Ended = ended;
        Cameras = cameras;
        Sites = sites;
        Assignments = assignments;
        Zones = zones;
        Leader = leader;
        ReadAt = readAt;
        _silos = members.Concat(ended).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        _assignments = assignments.ToDictionary(a => a.Grain);
        ZonesByCamera = zones.GroupBy(z => z.CameraId).ToDictionary(g => g.Key, g => (IReadOnlyList<ZoneRecord>)[.. g]);
    }

    /// <summary>An empty state (before the first read).</summary>
    public static ClusterState Empty { get; } = new([], [], [], [], [], [], null, DateTimeOffset.MinValue);

    /// <summary>Active and leaving silos.</summary>
    public IReadOnlyList<SiloInfo> Members { get; }

    /// <summary>Silos that left or died recently (kept for <see cref="LiveFeedOptions.NodeRetention"/>).</summary>
    public IReadOnlyList<SiloInfo> Ended { get; }

    /// <summary>All cameras.</summary>
    public IReadOnlyList<CameraRecord> Cameras { get; }

    /// <summary>All sites.</summary>
    public IReadOnlyList<SiteRecord> Sites { get; }

    /// <summary>All assignments.</summary>
    public IReadOnlyList<GrainAssignment> Assignments { get; }

    /// <summary>All zones.</summary>
    public IReadOnlyList<ZoneRecord> Zones { get; }

    /// <summary>Zones per camera.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<ZoneRecord>> ZonesByCamera { get; }

    /// <summary>The placement leader's silo id, when known.</summary>
    public Guid? Leader { get; }

    /// <summary>When this state was read.</summary>
    public DateTimeOffset ReadAt { get; }

    /// <summary>A silo (member or recently ended) by id.</summary>
    public SiloInfo? Silo(Guid id) => _silos.GetValueOrDefault(id);

    /// <summary>A camera's assignment, if placement has seen it.</summary>
    public GrainAssignment? CameraAssignment(Guid cameraId) => _assignments.GetValueOrDefault(GrainId.ForCamera(cameraId));
}
