namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>Embedded-mode (SQLite) silo tests run one after another: several use real models and share the two cores.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedCollection
{
    public const string Name = "silo-embedded";
}
