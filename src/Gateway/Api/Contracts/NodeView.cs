namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A silo (node) as the nodes view shows it: membership, capabilities, load, the grains placed on it and inference batches.</summary>
/// <param name="Id">Silo incarnation id.</param>
/// <param name="Name">Node name.</param>
/// <param name="Class"><c>gpu</c> or <c>nuc</c>.</param>
/// <param name="Device"><c>cuda</c> or <c>cpu</c>.</param>
/// <param name="Status">Membership: <c>active</c>, <c>leaving</c>, <c>left</c>, <c>dead</c>, or <c>suspect</c> (an active member that stopped heartbeating).</param>
/// <param name="Address">Data-plane address.</param>
/// <param name="Models">Models served.</param>
/// <param name="Capacity">Capacity in work units per second.</param>
/// <param name="Load">Work units per second (last heartbeat).</param>
/// <param name="Utilization">Load / capacity.</param>
/// <param name="Grains">Grains running (last heartbeat).</param>
/// <param name="HeartbeatAgeMs">Milliseconds since its last heartbeat (database clock).</param>
/// <param name="StartedAt">When it joined.</param>
/// <param name="Leader">Whether it leads placement.</param>
/// <param name="StreamConnected">Whether the gateway follows its pose stream.</param>
/// <param name="Cameras">Cameras placed on it.</param>
/// <param name="Sites">Site grains placed on it.</param>
/// <param name="Batch">Inference batches of the frames it inferred in the last 10 s.</param>
/// <param name="Inference">Its inference grains (live nodes only).</param>
public sealed record NodeView(
    Guid Id,
    string Name,
    string Class,
    string Device,
    string Status,
    string Address,
    IReadOnlyList<string> Models,
    double Capacity,
    double Load,
    double Utilization,
    int Grains,
    long HeartbeatAgeMs,
    DateTimeOffset StartedAt,
    bool Leader,
    bool StreamConnected,
    IReadOnlyList<NodeCameraView> Cameras,
    int Sites,
    BatchView? Batch,
    IReadOnlyList<InferenceGrainView> Inference);
