namespace PoseCluster.Cluster.Local;

/// <summary>How a <see cref="PostgresServer"/> is created and started.</summary>
public sealed class PostgresServerOptions
{
    /// <summary>
    /// Folder of the PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>). Default null: the
    /// <c>POSECLUSTER_PG_BIN</c> environment variable, else the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public string? BinDirectory { get; set; }

    /// <summary>Folder that holds the data directory, the log and the unix socket. Default: a new folder under the temp directory.</summary>
    public string? RootDirectory { get; set; }

    /// <summary>Loopback TCP port. Default 0: a free port chosen at start.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Trade durability for speed (<c>fsync=off</c>, no synchronous commit, no full-page writes): right for tests and
    /// throw-away local clusters. Default true.
    /// </summary>
    public bool Ephemeral { get; set; } = true;

    /// <summary>Most client connections. Default 300.</summary>
    public int MaxConnections { get; set; } = 300;

    /// <summary>
    /// Extra environment variables for the server's processes (e.g. a run marker that lets a launcher's tests find
    /// every process it started). Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>Delete the root folder when the server is disposed. Default true.</summary>
    public bool DeleteOnDispose { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"{nameof(Port)} must be between 0 and 65535 (was {Port}).");
        }

        if (MaxConnections is < 10 or > 10000)
        {
            throw new ArgumentException($"{nameof(MaxConnections)} must be between 10 and 10000 (was {MaxConnections}).");
        }
    }
}
