namespace PoseCluster.Cluster.Access;

/// <summary>An API key for automation. Only a hash of the key is stored; <see cref="KeyPrefix"/> (a few leading characters) lets people tell keys apart.</summary>
/// <param name="Id">Key id.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="Role">Role of requests made with it.</param>
/// <param name="KeyPrefix">The key's first characters (not enough to use it).</param>
/// <param name="CreatedAt">Creation time.</param>
public sealed record ApiKeyRecord(Guid Id, string Name, AccessRole Role, string KeyPrefix, DateTimeOffset CreatedAt);
