namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>Dashboard login.</summary>
public sealed class LoginInput
{
    /// <summary>User name.</summary>
    public string? Username { get; init; }

    /// <summary>Password (never logged).</summary>
    public string? Password { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"LoginInput({Username})";
}
