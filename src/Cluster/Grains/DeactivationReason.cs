namespace PoseCluster.Cluster.Grains;

/// <summary>Why a grain was deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The grain is no longer assigned to this silo (moved, unplaced, removed).</summary>
    Reassigned,

    /// <summary>The grain is still assigned here but with a newer epoch (it is restarted with that epoch).</summary>
    EpochChanged,

    /// <summary>This silo fenced itself (lost contact with the store, or was declared dead).</summary>
    Fenced,

    /// <summary>The host is stopping.</summary>
    Shutdown,

    /// <summary>Activation failed; it is retried later.</summary>
    ActivationFailed,
}
