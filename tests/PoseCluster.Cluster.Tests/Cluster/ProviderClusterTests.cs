using System.Diagnostics;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Cluster.Tests.Infrastructure;

namespace PoseCluster.Cluster.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests : ClusterBehaviour
{
    private readonly PostgresServerFixture _server;

    public PostgresClusterTests(PostgresServerFixture server, ITestOutputHelper output)
        : base(new PostgresStoreProvider(server), output)
    {
        _server = server;
    }

    [Fact]
    public async Task After_a_PostgreSQL_restart_silos_reconnect_and_carry_on_without_operator_action()
    {
        await using var cluster = await TestCluster.CreateAsync(Provider, Output);
        await cluster.StartSiloAsync("a");
        await cluster.StartSiloAsync("b");
        await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(5));
        var cameras = await cluster.AddCamerasAsync(4);
        await cluster.WaitAllActiveAsync(cameras, TimeSpan.FromSeconds(10));

        var watch = Stopwatch.StartNew();
        await _server.RestartAsync();
        Output.WriteLine($"server restarted in {watch.ElapsedMilliseconds} ms");
        await cluster.ReopenAdminAsync();
        await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(10));
        await cluster.WaitAllActiveAsync(cameras, TimeSpan.FromSeconds(15));
        await Eventually.WaitAsync(() => cluster.Running.All(s => s.Agent.State == MembershipState.Active), TimeSpan.FromSeconds(10), "every silo active");
        Output.WriteLine($"cluster healthy {watch.ElapsedMilliseconds} ms after the restart began");

        // New work is picked up promptly: notifications flow again.
        var added = await cluster.AddCamerasAsync(1, "after-restart");
        var took = await cluster.WaitAllActiveAsync(added, TimeSpan.FromSeconds(5));
        Output.WriteLine($"camera added after the restart active in {took.TotalMilliseconds:0} ms");
        Assert.True(took < TimeSpan.FromSeconds(2), $"a new camera took {took.TotalSeconds:0.00} s to start");

        // An outage longer than the self-fence delay: every silo stops its grains, then all resume by themselves.
        await _server.StopAsync();
        var outage = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => cluster.Running.All(s => s.Agent.State == MembershipState.Fenced), TimeSpan.FromSeconds(5), "every silo fenced");
        Assert.Empty(cluster.Log.Running());
        Output.WriteLine($"all silos fenced {outage.ElapsedMilliseconds} ms into the outage");
        await _server.StartAsync();
        await cluster.ReopenAdminAsync();
        var all = cameras.Concat(added).ToList();
        var healed = await cluster.WaitAllActiveAsync(all, TimeSpan.FromSeconds(15));
        Output.WriteLine($"after a {outage.ElapsedMilliseconds - healed.TotalMilliseconds:0} ms outage, all cameras ran again {healed.TotalMilliseconds:0} ms after the server was back");
        await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(5));
        cluster.Log.AssertSingleActivation(FencingWindow);
    }

    [Fact]
    public async Task An_unreachable_store_fails_fast_with_a_message_that_names_it_without_the_password()
    {
        var port = _server.Port + 1 == 65536 ? 1 : FreeClosedPort();
        var options = new ClusterStoreOptions
        {
            Provider = ClusterStoreOptions.Postgres,
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=pc;Password=Sup3r-S3cret;Database=posecluster",
        };
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterException>(() => ClusterStoreFactory.OpenAsync(options, TestStoreProvider.Protector));
        Output.WriteLine(e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(ClusterErrorCode.StoreUnreachable, e.Code);
        Assert.StartsWith($"cannot reach the cluster store at 127.0.0.1:{port}: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-S3cret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-S3cret", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_never_contain_connection_passwords_or_camera_credentials()
    {
        var options = await Provider.NewStoreAsync();
        var factory = new TestOutputLoggerFactory(Output);
        var withPassword = new ClusterStoreOptions { Provider = ClusterStoreOptions.Postgres, ConnectionString = options.ConnectionString + ";Password=Pw-In-Log-9" };
        await using var store = await ClusterStoreFactory.OpenAsync(withPassword, TestStoreProvider.Protector, factory);
        var agent = new MembershipAgent(store, new MembershipOptions { NodeName = "logger" }, new(), TestCatalog.Instance, factory);
        await agent.StartAsync(CancellationToken.None);
        await store.AddCameraAsync(new CameraDefinition { Name = "cam", SourceUrl = "rtsp://u:Cam-Pw-7@h/s" }, CancellationToken.None);
        await Eventually.WaitAsync(() => agent.IsLeader, TimeSpan.FromSeconds(5), "leader");
        await Eventually.WaitAsync(async () => (await store.ListAssignmentsAsync(null, CancellationToken.None)).Count == 1, TimeSpan.FromSeconds(5), "placed");
        await agent.StopAsync(CancellationToken.None);
        await agent.DisposeAsync();
        Assert.NotEmpty(TestOutputLoggerFactory.Lines);
        Assert.DoesNotContain(TestOutputLoggerFactory.Lines, l => l.Contains("Pw-In-Log-9", StringComparison.Ordinal) || l.Contains("Cam-Pw-7", StringComparison.Ordinal));
        Assert.DoesNotContain("Pw-In-Log-9", store.Location, StringComparison.Ordinal);
    }

    private static int FreeClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteClusterCollection
{
    public const string Name = "sqlite-cluster";
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteClusterTests : ClusterBehaviour
{
    public SqliteClusterTests(ITestOutputHelper output)
        : base(new SqliteStoreProvider(), output)
    {
    }

    [Fact]
    public async Task Embedded_mode_runs_one_silo_that_leads_and_registrations_survive_a_restart()
    {
        var options = await Provider.NewStoreAsync();
        Guid cameraId;
        long firstEpoch;
        await using (var cluster = await TestCluster.CreateAsync(Provider, Output))
        {
            options = cluster.StoreOptions;
            var silo = await cluster.StartSiloAsync("embedded");
            await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(2));
            var site = await cluster.Admin.AddSiteAsync("lobby", CancellationToken.None);
            var camera = await cluster.Admin.AddCameraAsync(new CameraDefinition { Name = "door", SourceUrl = "rtsp://u:p@h/s", SiteId = site.Id }, CancellationToken.None);
            cameraId = camera.Id;
            await cluster.WaitAllActiveAsync([camera.Id], TimeSpan.FromSeconds(5));
            await Eventually.WaitAsync(() => cluster.Log.Running().Any(r => r.Grain == GrainId.ForSite(site.Id)), TimeSpan.FromSeconds(5), "site grain runs");
            firstEpoch = cluster.Log.Running().Single(r => r.Grain == GrainId.ForCamera(camera.Id)).Epoch;
            await silo.StopGracefullyAsync();
        }

        await using var reopened = await TestStoreProvider.OpenAsync(options);
        var cameras = await reopened.ListCamerasAsync(null, CancellationToken.None);
        Assert.Equal("door", Assert.Single(cameras).Name);
        Assert.Equal("lobby", Assert.Single(await reopened.ListSitesAsync(CancellationToken.None)).Name);
        Assert.Equal("rtsp://u:p@h/s", (await reopened.GetCameraSourceAsync(cameraId, CancellationToken.None)).ComposeUrlWithCredentials());
        Assert.Contains(await reopened.ListSilosAsync(true, CancellationToken.None), s => s.Name == "embedded" && s.Status == SiloStatus.Left);

        var restarted = new MembershipAgent(reopened, new MembershipOptions { NodeName = "embedded" }, new(), TestCatalog.Instance);
        var log = new ActivationLog();
        var host = new SiloGrainHost(reopened, restarted, [new RecordingGrainFactory(GrainTypes.Camera, log, "embedded")]);
        await host.StartAsync(CancellationToken.None);
        await restarted.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => log.Running().Any(r => r.Grain == GrainId.ForCamera(cameraId)), TimeSpan.FromSeconds(5), "camera runs after restart");
        Assert.True(log.Running().Single().Epoch > firstEpoch);
        await restarted.StopAsync(CancellationToken.None);
        await host.StopAsync(CancellationToken.None);
        await restarted.DisposeAsync();
    }

    [Fact]
    public async Task Only_one_process_leads_a_sqlite_file()
    {
        var options = await Provider.NewStoreAsync();
        await using var store = await TestStoreProvider.OpenAsync(options);
        var silo = await store.RegisterSiloAsync(new SiloRegistration("solo", NodeClass.Nuc, ExecutionDevice.Cpu, [], 100, "", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)), CancellationToken.None);
        await using var election = store.CreateLeaderElection(silo.Id);

        // Another process holding the file's leader lock (the OS lock is per open file, as for a second process).
        var otherProcess = new FileStream(options.FilePath + ".leader", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Assert.Null(await election.TryAcquireAsync(CancellationToken.None));
        await otherProcess.DisposeAsync();
        await using var lease = await election.TryAcquireAsync(CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Throws<IOException>(() => new FileStream(options.FilePath + ".leader", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose());
    }

    [Fact]
    public async Task An_unopenable_store_file_fails_fast_with_one_clear_message()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "posecluster-not-a-dir-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "x");
        try
        {
            var options = new ClusterStoreOptions { Provider = ClusterStoreOptions.Sqlite, FilePath = Path.Combine(blocker, "cluster.db") };
            var e = await Assert.ThrowsAsync<ClusterException>(() => ClusterStoreFactory.OpenAsync(options, TestStoreProvider.Protector));
            Assert.Equal(ClusterErrorCode.StoreUnreachable, e.Code);
            Assert.StartsWith($"cannot open the cluster store file {options.FilePath}", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public void The_credential_key_file_is_created_once_with_owner_only_permissions()
    {
        var dir = Path.Combine(Path.GetTempPath(), "posecluster-key-" + Guid.NewGuid().ToString("N"));
        var options = new SecretOptions { KeyEnvironmentVariable = "POSECLUSTER_TEST_UNSET_KEY", KeyFilePath = Path.Combine(dir, "secret.key") };
        try
        {
            var first = CredentialProtector.FromOptions(options);
            var second = CredentialProtector.FromOptions(options);
            Assert.Equal(first.KeyId, second.KeyId);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.KeyFilePath));
            }
            Assert.DoesNotContain(File.ReadAllText(options.KeyFilePath).Trim(), first.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
