using PoseCluster.Cluster.Store;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// The <c>--store</c> value of the silo and the CLI; see <see cref="ClusterStoreAddress"/> (shared with the gateway),
/// which this forwards to.
/// </summary>
public static class StoreAddress
{
    /// <summary>The environment variable that names the default store.</summary>
    public const string EnvironmentVariable = ClusterStoreAddress.EnvironmentVariable;

    /// <summary>The store options <paramref name="value"/> describes (see <see cref="ClusterStoreAddress.Parse"/>).</summary>
    public static ClusterStoreOptions Parse(string? value) => ClusterStoreAddress.Parse(value);

    /// <summary>A description of the store for logs and messages, without any password.</summary>
    public static string Describe(ClusterStoreOptions options) => ClusterStoreAddress.Describe(options);
}
