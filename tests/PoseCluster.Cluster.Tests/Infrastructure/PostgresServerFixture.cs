using PoseCluster.Cluster.Local;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for the tests (the product's <see cref="PostgresServer"/>): a free loopback port, trust
/// auth, its unix socket in its own temp folder. Restart/Stop/Start inject faults.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private readonly PostgresServer _server = new();

    public int Port => _server.Port;

    public string AdminConnectionString => _server.AdminConnectionString;

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Starts the server (waits until it accepts connections).</summary>
    public Task StartAsync() => _server.StartAsync();

    /// <summary>Stops the server (fast: clients are disconnected).</summary>
    public Task StopAsync() => _server.StopAsync();

    /// <summary>Restarts the server; every client connection breaks.</summary>
    public Task RestartAsync() => _server.RestartAsync();

    /// <summary>A fresh database; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => _server.CreateDatabaseAsync();

    /// <summary>Closes every connection whose application_name is <paramref name="applicationName"/>, as a crash would.</summary>
    public Task TerminateConnectionsAsync(string applicationName) => _server.TerminateConnectionsAsync(applicationName);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
