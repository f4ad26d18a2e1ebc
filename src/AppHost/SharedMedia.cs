using PoseCluster.Pose;

namespace PoseCluster.AppHost;

/// <summary>The shared demo/evaluation media beside the checkout (POSECLUSTER_SHARED overrides).</summary>
internal static class SharedMedia
{
    public static string? Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("POSECLUSTER_SHARED");
            var path = !string.IsNullOrWhiteSpace(env)
                ? env
                : PoseClusterHome.Root is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared")) : null;
            return path is not null && Directory.Exists(Path.Combine(path, "media")) ? path : null;
        }
    }

    /// <summary>A file under shared/media, or throws saying which option to pass instead.</summary>
    public static string Require(string relative, string option) =>
        Root is { } root && Path.Combine(root, "media", relative) is var path && (File.Exists(path) || Directory.Exists(path))
            ? path
            : throw new ArgumentException($"The shared media file '{relative}' was not found (set POSECLUSTER_SHARED); pass {option}.");
}
