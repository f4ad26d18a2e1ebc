using Npgsql;

namespace PoseCluster.Cluster.Store;

/// <summary>
/// The <c>--store</c> value of silos, the gateway and the CLI: a PostgreSQL connection string (<c>Host=...;Database=...</c>), a
/// PostgreSQL URL (<c>postgres://user:pass@host:5432/db</c>), <c>sqlite:PATH</c>, or a plain path (an embedded SQLite
/// file). Empty means <c>POSECLUSTER_STORE</c>, else the embedded file <c>.posecluster/cluster.db</c> under the home.
/// </summary>
public static class ClusterStoreAddress
{
    /// <summary>The environment variable that names the default store.</summary>
    public const string EnvironmentVariable = "POSECLUSTER_STORE";

    /// <summary>The store options <paramref name="value"/> describes (see the type's summary).</summary>
    public static ClusterStoreOptions Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : value;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ClusterStoreOptions { Provider = ClusterStoreOptions.Sqlite };
        }

        text = text.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new ClusterStoreOptions { Provider = ClusterStoreOptions.Postgres, ConnectionString = FromUrl(text) };
        }

        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["sqlite:".Length..];
            path = path.StartsWith("//", StringComparison.Ordinal) ? path[2..] : path;
            return new ClusterStoreOptions { Provider = ClusterStoreOptions.Sqlite, FilePath = Path.GetFullPath(path) };
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException("The store is neither a file path nor a valid PostgreSQL connection string (Host=...;Database=...).");
            }

            return new ClusterStoreOptions { Provider = ClusterStoreOptions.Postgres, ConnectionString = text };
        }

        return new ClusterStoreOptions { Provider = ClusterStoreOptions.Sqlite, FilePath = Path.GetFullPath(text) };
    }

    /// <summary>A description of the store for logs and messages, without any password.</summary>
    public static string Describe(ClusterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsPostgres)
        {
            return $"sqlite {options.FilePath}";
        }

        try
        {
            var b = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return $"postgres {b.Host}:{b.Port}/{b.Database}" + (string.IsNullOrEmpty(b.Username) ? "" : $" as {b.Username}");
        }
        catch (ArgumentException)
        {
            return "postgres (unparsable connection string)";
        }
    }

    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("The store URL is not a valid postgres://user:password@host:port/database URL.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException("The store URL names no database (postgres://user:password@host:port/database).");
        }

        return builder.ConnectionString;
    }
}
