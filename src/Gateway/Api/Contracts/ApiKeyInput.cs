namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>An API key to create; the gateway generates the key.</summary>
public sealed class ApiKeyInput
{
    /// <summary>What the key is for (1-100 characters).</summary>
    public string? Name { get; init; }

    /// <summary><c>admin</c> or <c>viewer</c> (default viewer).</summary>
    public string? Role { get; init; }
}
