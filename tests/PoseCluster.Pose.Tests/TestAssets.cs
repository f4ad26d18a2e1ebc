using PoseCluster.Pose;

namespace PoseCluster.Pose.Tests;

/// <summary>Locates the project's installed models and the shared media beside the checkout.</summary>
internal static class TestAssets
{
    public static string Root => PoseClusterHome.RequireRoot();

    /// <summary>The shared folder (models, media, docs): POSECLUSTER_SHARED or ../shared beside the checkout.</summary>
    public static string Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("POSECLUSTER_SHARED");
            var path = string.IsNullOrWhiteSpace(env) ? Path.GetFullPath(Path.Combine(Root, "..", "shared")) : env;
            return Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"The shared test assets folder '{path}' is missing; set POSECLUSTER_SHARED.");
        }
    }

    public static string Media(params string[] parts) => Path.Combine([Shared, "media", .. parts]);

    public static string SharedModels(params string[] parts) => Path.Combine([Shared, "models", .. parts]);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "posecluster-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
