namespace PoseCluster.Cluster.Access;

/// <summary>A dashboard user. <see cref="PasswordHash"/> is a salted, slow hash (never the password); <see cref="ToString"/> leaves it out.</summary>
/// <param name="Id">User id.</param>
/// <param name="Name">Unique login name.</param>
/// <param name="Role">Role.</param>
/// <param name="PasswordHash">The stored password hash (format chosen by the gateway).</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update time.</param>
public sealed record UserRecord(Guid Id, string Name, AccessRole Role, string PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <inheritdoc />
    public override string ToString() => $"UserRecord({Name}, {WireNames.Of(Role)})";
}
