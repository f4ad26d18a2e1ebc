namespace PoseCluster.Pose.Video;

/// <summary>How RTSP media travels.</summary>
public enum RtspTransport
{
    /// <summary>Interleaved in the RTSP TCP connection: no packet loss, passes firewalls and NAT (the default).</summary>
    Tcp,

    /// <summary>Separate UDP ports: lower latency on a clean LAN, but frames break up under packet loss.</summary>
    Udp,
}
