using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Infrastructure;

/// <summary>
/// One gateway on a private SQLite store, no silo: enough for the API's success and failure paths. Its media folders
/// are the shared media and a temp folder holding a link that escapes to /etc (path traversal tests).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public LogSink Logs { get; } = new(null);

    public GatewayUnderTest Gateway { get; private set; } = null!;

    public string Store { get; private set; } = "";

    public string TempMedia { get; private set; } = "";

    public string Video => SiloTestAssets.Video;

    public async Task InitializeAsync()
    {
        var dir = SiloTestAssets.TempDirectory();
        TempMedia = Path.Combine(dir, "media");
        Directory.CreateDirectory(TempMedia);
        File.CreateSymbolicLink(Path.Combine(TempMedia, "escape.mp4"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(TempMedia, "etc"), "/etc");
        Store = "sqlite:" + Path.Combine(dir, "cluster.db");
        Gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.TestOptions(Store, SiloTestAssets.KeyFile(), TempMedia), Logs);
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
