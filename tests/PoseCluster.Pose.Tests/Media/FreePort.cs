using System.Net;
using System.Net.Sockets;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>Free loopback TCP ports for test servers.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
