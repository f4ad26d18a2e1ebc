namespace PoseCluster.Pose.Tests.Media;

/// <summary>Clips derived from the shared media at test time (never stored in the repository).</summary>
internal static class TestClips
{
    private static readonly Lazy<string> ShortGop = new(() =>
    {
        // The shared pets clip has a key frame only every 6.4 s, so a live viewer joining mid-stream waits seconds for
        // its first picture. Streaming tests use a copy with a key frame every second.
        var folder = TestAssets.TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var path = Path.Combine(folder, "pets_320x240_gop10.mp4");
        ExternalProcess.Run(
            "ffmpeg", "-v", "error", "-i", TestAssets.Media("video", "pets2009_like_outdoor_480x360_10fps.mp4"), "-t", "30", "-an",
            "-vf", "scale=320:240", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-bf", "0", "-pix_fmt", "yuv420p", "-y", path);
        return path;
    });

    /// <summary>30 s of the pets clip at 320x240, 10 fps, H.264 with a key frame every 10 frames.</summary>
    public static string PetsShortGop => ShortGop.Value;
}
