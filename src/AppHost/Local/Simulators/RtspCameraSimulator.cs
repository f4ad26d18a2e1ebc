using System.Globalization;
using PoseCluster.Cluster.Local;

namespace PoseCluster.AppHost.Local.Simulators;

/// <summary>
/// The camera simulator of a local cluster: one GStreamer RTSP server process (<c>rtsp_cameras.py</c>, Debian's
/// python3-gst-1.0 and gir1.2-gst-rtsp-server-1.0) with a mount point per camera, each replaying a pre-encoded clip
/// (<see cref="CameraClipCache"/>) in a loop as a live stream. One process serves dozens of cameras (24 at 10 fps: 7.5 %
/// of one core), and every camera is a real RTSP stream that the silos decode with ffmpeg, as they would an IP camera.
/// </summary>
internal sealed class RtspCameraSimulator
{
    /// <summary>Debian's interpreter, which has the GObject bindings (a pyenv or venv python on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    private readonly IReadOnlyList<(string Mount, CameraClip Clip)> _mounts;

    private RtspCameraSimulator(int port, int fps, IReadOnlyList<(string Mount, CameraClip Clip)> mounts)
    {
        Port = port;
        Fps = fps;
        _mounts = mounts;
    }

    /// <summary>The script, copied beside posecluster.dll.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Local", "Simulators", "rtsp_cameras.py");

    /// <summary>The RTSP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Frames per second of every stream.</summary>
    public int Fps { get; }

    /// <summary>The mount points with the clip each replays.</summary>
    public IReadOnlyList<(string Mount, CameraClip Clip)> Mounts => _mounts;

    /// <summary>
    /// Prepares the clips (encoding each video once, cached in <paramref name="cacheDirectory"/>) and assigns them to
    /// <paramref name="mounts"/> round-robin.
    /// </summary>
    public static async Task<RtspCameraSimulator> PrepareAsync(
        IReadOnlyList<string> videos, IReadOnlyList<string> mounts, int port, int fps, int height, string cacheDirectory, CancellationToken cancellationToken)
    {
        if (videos.Count == 0)
        {
            throw new ArgumentException("The camera simulator needs at least one video.");
        }

        if (!File.Exists(Python) || !File.Exists(ScriptPath))
        {
            throw new Setup.SetupException($"The RTSP camera simulator needs {Python} with GStreamer's RTSP server (Debian: python3-gst-1.0, gir1.2-gst-rtsp-server-1.0): run ./posecluster setup.");
        }

        var cache = new CameraClipCache(cacheDirectory, fps, height);
        var clips = new List<CameraClip>();
        foreach (var video in videos)
        {
            clips.Add(await cache.GetAsync(video, cancellationToken).ConfigureAwait(false));
        }

        return new RtspCameraSimulator(port, fps, mounts.Select((m, i) => (m, clips[i % clips.Count])).ToList());
    }

    /// <summary>The stream URL of <paramref name="mount"/>.</summary>
    public string UrlOf(string mount) => string.Create(CultureInfo.InvariantCulture, $"rtsp://127.0.0.1:{Port}/{mount}");

    /// <summary>The simulator as a process of the cluster: ready when it prints <c>ready</c>; restarted if it dies.</summary>
    public LocalProcessSpec Spec(string logFile, IReadOnlyDictionary<string, string?> environment) => new()
    {
        Name = "cameras",
        FileName = Python,
        Arguments =
        [
            "-u", ScriptPath, "--port", Port.ToString(CultureInfo.InvariantCulture), "--fps", Fps.ToString(CultureInfo.InvariantCulture),
            .. _mounts.Select(m => $"{m.Mount}={m.Clip.EncodedPath}"),
        ],
        Environment = environment,
        LogFile = logFile,
        ReadyPattern = "^ready ",
        StopGrace = TimeSpan.FromSeconds(3),
        RestartOnExit = true,
    };
}
