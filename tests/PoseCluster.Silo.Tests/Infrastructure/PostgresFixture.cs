using PoseCluster.Cluster.Local;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>One private PostgreSQL server for the silo tests (the product's <see cref="PostgresServer"/>).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; } = new();

    public Task InitializeAsync() => Server.InitializeAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "silo-postgres";
}
