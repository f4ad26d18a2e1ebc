namespace PoseCluster.Cluster.Secrets;

/// <summary>
/// Where the credential key comes from: the environment variable (base64 of 32 bytes) when set, else a key file
/// created on first use with owner-only permissions. Every silo of a cluster must use the same key: on several
/// machines, set the environment variable on each (the store refuses a silo whose key differs).
/// </summary>
public sealed class SecretOptions
{
    /// <summary>The default environment variable.</summary>
    public const string DefaultKeyEnvironmentVariable = "POSECLUSTER_SECRET_KEY";

    /// <summary>Environment variable holding the base64 key. Default <c>POSECLUSTER_SECRET_KEY</c>.</summary>
    public string KeyEnvironmentVariable { get; set; } = DefaultKeyEnvironmentVariable;

    /// <summary>
    /// Key file used when the variable is unset. Default <c>$POSECLUSTER_HOME/.posecluster/secret.key</c>, or
    /// <c>~/.posecluster/secret.key</c> without POSECLUSTER_HOME.
    /// </summary>
    public string KeyFilePath { get; set; } = DefaultKeyFilePath();

    /// <summary>Whether a missing key file is created (mode 0600). Default true.</summary>
    public bool CreateKeyFileIfMissing { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyEnvironmentVariable))
        {
            throw new ArgumentException($"{nameof(KeyEnvironmentVariable)} is required.");
        }

        if (string.IsNullOrWhiteSpace(KeyFilePath))
        {
            throw new ArgumentException($"{nameof(KeyFilePath)} is required.");
        }
    }

    private static string DefaultKeyFilePath()
    {
        var home = Environment.GetEnvironmentVariable("POSECLUSTER_HOME");
        var root = string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        return Path.Combine(root, ".posecluster", "secret.key");
    }
}
