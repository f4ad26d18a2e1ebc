namespace PoseCluster.Pose.Tests.Media;

/// <summary>
/// A simulated HTTP MJPEG camera: ffmpeg replays a video in real time as multipart JPEG to one client
/// (<c>-listen 1</c>), then exits. Killing it mid-stream simulates a camera that dies.
/// </summary>
internal sealed class FfmpegHttpCamera : IDisposable
{
    private readonly ExternalProcess _process;

    private FfmpegHttpCamera(ExternalProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/cam";

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the camera and waits until it listens, unless a client is already retrying (it may connect at once, and
    /// a <c>-listen 1</c> server stops listening as soon as its single client arrives).
    /// </summary>
    public static async Task<FfmpegHttpCamera> StartAsync(string video, int? port = null, int width = 320, bool waitUntilListening = true)
    {
        var p = port ?? FreePort.Next();
        var process = ExternalProcess.Start("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", video, "-an",
            "-vf", $"scale={width}:-2", "-c:v", "mjpeg", "-q:v", "5", "-f", "mpjpeg", "-listen", "1", $"http://127.0.0.1:{p}/cam",
        ]);
        if (waitUntilListening)
        {
            await LoopbackListeners.WaitUntilListeningAsync(p, TimeSpan.FromSeconds(10));
        }

        return new FfmpegHttpCamera(process, p);
    }

    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
