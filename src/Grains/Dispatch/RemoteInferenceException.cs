namespace PoseCluster.Grains.Dispatch;

/// <summary>A remote inference failed. <see cref="PeerBusy"/> failures (the peer shed load) do not count toward ejection.</summary>
public sealed class RemoteInferenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteInferenceException(string message, bool peerBusy = false, Exception? innerException = null)
        : base(message, innerException)
    {
        PeerBusy = peerBusy;
    }

    /// <summary>The peer answered but refused the work because it is overloaded (HTTP 503).</summary>
    public bool PeerBusy { get; }
}
