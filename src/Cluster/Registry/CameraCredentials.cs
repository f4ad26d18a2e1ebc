namespace PoseCluster.Cluster.Registry;

/// <summary>
/// A camera's user name and password. Stored only encrypted; <see cref="ToString"/> never shows them, so a stray
/// log line cannot leak them.
/// </summary>
public sealed class CameraCredentials : IEquatable<CameraCredentials>
{
    /// <summary>Creates credentials.</summary>
    public CameraCredentials(string userName, string password)
    {
        UserName = userName ?? throw new ArgumentNullException(nameof(userName));
        Password = password ?? throw new ArgumentNullException(nameof(password));
    }

    /// <summary>The user name.</summary>
    public string UserName { get; }

    /// <summary>The password.</summary>
    public string Password { get; }

    /// <inheritdoc />
    public override string ToString() => "CameraCredentials(***)";

    /// <inheritdoc />
    public bool Equals(CameraCredentials? other) =>
        other is not null && string.Equals(UserName, other.UserName, StringComparison.Ordinal)
        && string.Equals(Password, other.Password, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CameraCredentials);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserName, Password);
}
