namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>
/// A newly created API key. <see cref="Key"/> appears in this one response only (the store keeps a SHA-256 digest):
/// copy it now.
/// </summary>
/// <param name="Id">Key id.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
/// <param name="KeyPrefix">The key's first characters.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="Key">The key (shown once).</param>
public sealed record CreatedApiKeyView(Guid Id, string Name, string Role, string KeyPrefix, DateTimeOffset CreatedAt, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"CreatedApiKeyView({Name}, {KeyPrefix}...)";
}
