using System.Globalization;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>
/// Whether a TCP port is in the LISTEN state, read from /proc/net/tcp: probing by connecting would use up the single
/// client that <c>ffmpeg -listen 1</c> serves.
/// </summary>
internal static class LoopbackListeners
{
    public static bool IsListening(int port)
    {
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 3 && parts[3] == "0A" &&
                    int.Parse(parts[1][(parts[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsListening(port))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing listens on port {port} after {timeout}.");
            }

            await Task.Delay(20);
        }
    }
}
