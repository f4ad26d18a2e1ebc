using PoseCluster.Cluster.Local;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// The extra processes <c>posecluster up</c> starts once the silos are healthy (and stops before them), one entry
/// each. The gateway joins as one entry once it is built into the same folder:
/// <code>
/// new LocalProcessSpec
/// {
///     Name = "gateway",
///     FileName = "dotnet",
///     Arguments = ["{bin}/PoseCluster.Gateway.dll", "--store", "{store}", "--listen", "http://127.0.0.1:{port}"],
///     HealthUrl = "http://127.0.0.1:{port}/health",
/// },
/// </code>
/// (<see cref="ClusterVariables"/> lists the placeholders.)
/// </summary>
internal static class ExtraProcessCatalog
{
    /// <summary>The extra processes of <c>up</c>.</summary>
    public static IReadOnlyList<LocalProcessSpec> ForUp() => [];
}
