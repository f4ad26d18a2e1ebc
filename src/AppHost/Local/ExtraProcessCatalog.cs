using PoseCluster.Cluster.Local;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// The extra processes <c>posecluster up</c> starts once the silos are healthy (and stops before them), one entry
/// each (<see cref="ClusterVariables"/> lists the placeholders).
/// </summary>
internal static class ExtraProcessCatalog
{
    /// <summary>The extra processes of <c>up</c>: the gateway (REST API, live feed, dashboard) on its own port.</summary>
    public static IReadOnlyList<LocalProcessSpec> ForUp(string adminPassword) =>
    [
        new LocalProcessSpec
        {
            Name = "gateway",
            FileName = "dotnet",
            Arguments = ["{bin}/PoseCluster.Gateway.dll", "--store", "{store}", "--listen", "http://127.0.0.1:{port}"],
            Environment = new Dictionary<string, string?> { [Gateway.Auth.GatewayAuthOptions.AdminPasswordVariable] = adminPassword },
            HealthUrl = "http://127.0.0.1:{port}/health",
        },
    ];
}
