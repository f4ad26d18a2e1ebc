namespace PoseCluster.Cluster.Store;

/// <summary>Which control-plane store to use and how to reach it.</summary>
public sealed class ClusterStoreOptions
{
    /// <summary>Provider name for PostgreSQL (cluster mode).</summary>
    public const string Postgres = "postgres";

    /// <summary>Provider name for SQLite (embedded mode, one process).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Provider: <c>postgres</c> or <c>sqlite</c>. Default <c>sqlite</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Npgsql connection string (postgres only), e.g. <c>Host=db;Port=5432;Database=posecluster;Username=pc;Password=...</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Database file (sqlite only). Default <c>$POSECLUSTER_HOME/.posecluster/cluster.db</c> (or under the user profile).</summary>
    public string FilePath { get; set; } = DefaultFilePath();

    /// <summary>Longest wait to open a connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for one command. Default 10 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Application name shown in <c>pg_stat_activity</c>. Default <c>posecluster</c>.</summary>
    public string ApplicationName { get; set; } = "posecluster";

    /// <summary>True when the provider is PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{nameof(Provider)} must be '{Postgres}' or '{Sqlite}' (was '{Provider}').");
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{nameof(ConnectionString)} is required for the {Postgres} provider.");
        }

        if (!IsPostgres && string.IsNullOrWhiteSpace(FilePath))
        {
            throw new ArgumentException($"{nameof(FilePath)} is required for the {Sqlite} provider.");
        }

        if (ConnectTimeout < TimeSpan.FromSeconds(1) || ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be between 1 s and 5 min (was {ConnectTimeout.TotalSeconds} s).");
        }

        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(CommandTimeout)} must be between 1 s and 10 min (was {CommandTimeout.TotalSeconds} s).");
        }
    }

    private static string DefaultFilePath()
    {
        var home = Environment.GetEnvironmentVariable("POSECLUSTER_HOME");
        var root = string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        return Path.Combine(root, ".posecluster", "cluster.db");
    }
}
