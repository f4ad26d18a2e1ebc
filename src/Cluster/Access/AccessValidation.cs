namespace PoseCluster.Cluster.Access;

/// <summary>Argument checks every store provider applies to users, API keys and sessions.</summary>
internal static class AccessValidation
{
    public static void User(string name, string passwordHash)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A user needs a name of 1-100 characters.");
        }

        if (string.IsNullOrWhiteSpace(passwordHash) || passwordHash.Length > 512)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A user needs a password hash.");
        }
    }

    public static void ApiKey(string name, string keyHash, string keyPrefix)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "An API key needs a name of 1-100 characters.");
        }

        if (string.IsNullOrWhiteSpace(keyHash) || keyHash.Length > 256 || string.IsNullOrEmpty(keyPrefix) || keyPrefix.Length > 32)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "An API key needs a digest and a short prefix.");
        }
    }

    public static void Session(string tokenHash, TimeSpan lifetime)
    {
        if (string.IsNullOrWhiteSpace(tokenHash) || tokenHash.Length > 256)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A session needs a token digest.");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(366))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A session lasts between 1 ms and a year.");
        }
    }
}
