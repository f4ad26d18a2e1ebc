using PoseCluster.AppHost.Local;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;

namespace PoseCluster.AppHost.Tests.Local;

/// <summary>Registering the launcher's cameras twice registers nothing twice; a changed camera is updated in place.</summary>
public sealed class CameraRegistrationTests
{
    [Fact]
    public async Task Registration_is_idempotent_and_updates_what_changed()
    {
        var dir = CliProcess.TempDirectory();
        await using var store = await ClusterStoreFactory.OpenAsync(
            new ClusterStoreOptions { Provider = ClusterStoreOptions.Sqlite, FilePath = Path.Combine(dir, "cluster.db") },
            CredentialProtector.FromKey(CredentialProtector.GenerateKey()));
        CameraDefinition[] Cameras(double fps) =>
            [.. Enumerable.Range(1, 3).Select(i => new CameraDefinition { Name = $"cam0{i}", SourceUrl = $"rtsp://127.0.0.1:8554/cam0{i}", TargetFps = fps })];

        var first = await CameraRegistration.EnsureAsync(store, Cameras(5), CancellationToken.None);
        var again = await CameraRegistration.EnsureAsync(store, Cameras(5), CancellationToken.None);
        var changed = await CameraRegistration.EnsureAsync(store, Cameras(2.5), CancellationToken.None);

        Assert.Equal((3, 0, 0), (first.Added, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 3), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal((0, 3, 0), (changed.Added, changed.Updated, changed.Unchanged));
        Assert.Equal(first.Cameras.Select(c => c.Id), changed.Cameras.Select(c => c.Id));
        var all = await store.ListCamerasAsync(null, CancellationToken.None);
        Assert.Equal(3, all.Count);
        Assert.All(all, c => Assert.Equal(2.5, c.TargetFps));
    }

    [Theory]
    [InlineData("gpu:1,nuc:2", "gpu:1,nuc:2")]
    [InlineData("3", "nuc:3")]
    [InlineData(" nuc : 2 ", "nuc:2")]
    public void Silo_lists_parse(string text, string expected) =>
        Assert.Equal(expected, string.Join(",", SiloGroup.ParseList(text)));

    [Theory]
    [InlineData("tpu:1")]
    [InlineData("gpu")]
    [InlineData("gpu:0")]
    [InlineData("")]
    public void Bad_silo_lists_are_refused_in_one_sentence(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => SiloGroup.ParseList(text));
        Assert.StartsWith("Silos '", error.Message, StringComparison.Ordinal);
        Assert.Equal(NodeClass.Gpu, SiloGroup.ParseList("gpu:1")[0].Class);
    }
}
