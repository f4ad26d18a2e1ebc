namespace PoseCluster.Cluster.Membership;

/// <summary>Life cycle of a silo row (stored as <c>active|leaving|left|dead</c>).</summary>
public enum SiloStatus
{
    /// <summary>A member that receives placements.</summary>
    Active,

    /// <summary>A member being drained: it keeps heartbeating while its grains are moved away.</summary>
    Leaving,

    /// <summary>Left gracefully; no longer a member.</summary>
    Left,

    /// <summary>Declared dead (missed heartbeats for its death window); no longer a member.</summary>
    Dead,
}
