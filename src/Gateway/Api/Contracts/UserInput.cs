namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A user to create (<c>POST /api/users</c>) or change (<c>PUT /api/users/{id}</c>: role and/or password).</summary>
public sealed class UserInput
{
    /// <summary>Login name (create only).</summary>
    public string? Name { get; init; }

    /// <summary>Password (write-only; required on create).</summary>
    public string? Password { get; init; }

    /// <summary><c>admin</c> or <c>viewer</c> (default viewer).</summary>
    public string? Role { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"UserInput({Name})";
}
