namespace PoseCluster.AppHost.Setup;

/// <summary>The Debian packages PoseCluster needs, installed with apt when missing.</summary>
internal static class DebianPackages
{
    /// <summary>
    /// Packages the engine and the cluster need at run time: ffmpeg, libturbojpeg, the PostgreSQL server (private
    /// servers of <c>up</c> and <c>bench cluster</c>), and GStreamer's RTSP server through python3-gst (the camera
    /// simulator of <c>up</c>: h264parse is in plugins-bad, the RTP payloader in plugins-good).
    /// </summary>
    public static readonly IReadOnlyList<string> Runtime =
    [
        "ffmpeg", "libturbojpeg0", "postgresql-15", "gir1.2-gst-rtsp-server-1.0", "python3-gst-1.0", "gstreamer1.0-plugins-good",
        "gstreamer1.0-plugins-bad",
    ];

    /// <summary>
    /// Extra packages the tests need: a headless browser, and OpenCV/NumPy/ONNX for independent reference computations
    /// and test models (the tests' pull-style RTSP cameras use the runtime's GStreamer packages).
    /// </summary>
    public static readonly IReadOnlyList<string> Development =
    [
        "chromium", "chromium-driver", "python3-opencv", "python3-numpy", "python3-onnx",
    ];

    /// <summary>Packages of <paramref name="packages"/> that dpkg does not report as installed.</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(IEnumerable<string> packages, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var package in packages)
        {
            var result = await ExternalProcess.RunAsync(
                "dpkg-query", ["-W", "-f=${Status}", package], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
            if (result.ExitCode != 0 || !result.Output.Contains("install ok installed", StringComparison.Ordinal))
            {
                missing.Add(package);
            }
        }

        return missing;
    }

    /// <summary>Installs <paramref name="packages"/> with apt-get (as root, or through passwordless sudo).</summary>
    public static async Task InstallAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        if (packages.Count == 0)
        {
            return;
        }

        var isRoot = Environment.UserName == "root";
        if (!isRoot && !ExternalProcess.OnPath("sudo"))
        {
            throw new SetupException(
                $"Debian packages are missing ({string.Join(", ", packages)}) and this user cannot install them. Run as root: apt-get install -y {string.Join(' ', packages)}");
        }

        var prefix = isRoot ? Array.Empty<string>() : ["-n", "apt-get"];
        var tool = isRoot ? "apt-get" : "sudo";
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Console.WriteLine($"setup: installing Debian packages: {string.Join(", ", packages)}");

        var update = await ExternalProcess.RunAsync(tool, [.. prefix, "update", "-q"], TimeSpan.FromMinutes(10), environment: env, cancellationToken: cancellationToken);
        if (update.ExitCode != 0)
        {
            throw new SetupException($"apt-get update failed ({update.ExitCode}): {LastLines(update.Error)}");
        }

        var install = await ExternalProcess.RunAsync(
            tool, [.. prefix, "install", "-y", "-q", "--no-install-recommends", .. packages], TimeSpan.FromMinutes(20), environment: env, cancellationToken: cancellationToken);
        if (install.ExitCode != 0)
        {
            throw new SetupException($"apt-get install failed ({install.ExitCode}): {LastLines(install.Error)}");
        }
    }

    private static string LastLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
}
