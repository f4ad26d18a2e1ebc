using PoseCluster.Cluster.Local;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Tests.Local;

/// <summary>The real <c>posecluster</c> CLI as a long-running child (up, bench cluster), run by the product's <see cref="LocalProcess"/>.</summary>
internal static class LauncherProcess
{
    public static LocalProcess Start(string readyPattern, params string[] arguments) => LocalProcess.Start(new LocalProcessSpec
    {
        Name = "launcher-under-test",
        FileName = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "posecluster.dll"), .. arguments],
        Environment = new Dictionary<string, string?> { ["POSECLUSTER_HOME"] = PoseClusterHome.RequireRoot(), ["POSECLUSTER_STORE"] = null },
        ReadyPattern = readyPattern,
        RecentLines = 5000,
    });
}
