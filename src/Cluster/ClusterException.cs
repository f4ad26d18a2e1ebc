namespace PoseCluster.Cluster;

/// <summary>
/// A control-plane failure with one clear, operator-facing message (never containing a password or a camera
/// credential) and a <see cref="ClusterErrorCode"/> a command line can map to an exit status.
/// </summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterException(ClusterErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>What went wrong, as a category.</summary>
    public ClusterErrorCode Code { get; }
}
