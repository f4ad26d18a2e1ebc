using PoseCluster.Pose;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>Paths the silo tests use: the shared demo video, temp folders, the silo executable, a credential key.</summary>
public static class SiloTestAssets
{
    /// <summary>A base64 key every silo and store handle of the tests uses.</summary>
    public static readonly string SecretKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());

    public static string Root => PoseClusterHome.RequireRoot();

    public static string Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("POSECLUSTER_SHARED");
            return string.IsNullOrWhiteSpace(env) ? Path.GetFullPath(Path.Combine(Root, "..", "shared")) : env;
        }
    }

    /// <summary>The shared 480x360 10 fps outdoor video with several walking people.</summary>
    public static string Video => Path.Combine(Shared, "media", "video", "pets2009_like_outdoor_480x360_10fps.mp4");

    /// <summary>The silo executable beside the test assembly.</summary>
    public static string SiloDll => Path.Combine(AppContext.BaseDirectory, "PoseCluster.Silo.dll");

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "posecluster-silo-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A key file holding <see cref="SecretKey"/> (mode 0600), shared by the silos of a test.</summary>
    public static string KeyFile()
    {
        var path = Path.Combine(TempDirectory(), "secret.key");
        File.WriteAllText(path, SecretKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
