namespace PoseCluster.Cluster.Changes;

/// <summary>What changed in the cluster store.</summary>
public enum ClusterChangeKind
{
    /// <summary>A silo joined, changed status or was declared dead (key: silo id).</summary>
    Silo,

    /// <summary>A camera was added, updated or deleted (key: camera id).</summary>
    Camera,

    /// <summary>A site was added, updated or deleted (key: site id).</summary>
    Site,

    /// <summary>Assignments changed (no key: re-read yours).</summary>
    Assignments,

    /// <summary>The placement leadership changed (key: the leader's silo id).</summary>
    Leader,

    /// <summary>A camera's zones changed (key: camera id). Placement ignores it; site fusion and dashboards re-read zones.</summary>
    Zone,

    /// <summary>A camera's calibration changed (key: camera id). Site grains re-read calibrations.</summary>
    Calibration,

    /// <summary>A site's floor zones changed (key: site id). Site grains and dashboards re-read them.</summary>
    SiteZone,

    /// <summary>A webhook was added, updated or deleted (key: webhook id).</summary>
    Webhook,

    /// <summary>Notifications may have been missed (first connect, reconnect, overflow): re-read everything.</summary>
    Resync,
}
