using System.Text;
using System.Threading.Channels;
using PoseCluster.Cluster.Access;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Tests.Contract;

/// <summary>The store contract, written once and run against every provider.</summary>
public abstract class ClusterStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected ClusterStoreContract(TestStoreProvider provider)
    {
        Provider = provider;
    }

    protected TestStoreProvider Provider { get; }

    [Fact]
    public async Task Schema_migration_is_idempotent_and_safe_when_silos_start_together()
    {
        var options = await Provider.NewStoreAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestStoreProvider.OpenAsync(options)));
        await using var again = await TestStoreProvider.OpenAsync(options);
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }

        Assert.Equal([1L, 2L, 3L], await Provider.ReadMigrationVersionsAsync(options));
        Assert.Empty(await again.ListSilosAsync(true, None));
    }

    [Fact]
    public async Task Register_heartbeat_and_leave()
    {
        await using var store = await OpenNewAsync();
        var silo = await store.RegisterSiloAsync(Registration("a", NodeClass.Gpu, ["m1", "m2"]), None);
        Assert.Equal("a", silo.Name);
        Assert.Equal(NodeClass.Gpu, silo.Class);
        Assert.Equal(["m1", "m2"], silo.Models);
        Assert.Equal(SiloStatus.Active, silo.Status);

        var beat = await store.HeartbeatAsync(silo.Id, new SiloLoadReport(3, 12.5), None);
        Assert.True(beat.IsMember);
        var listed = Assert.Single(await store.ListSilosAsync(false, None));
        Assert.Equal(3, listed.ActiveGrains);
        Assert.Equal(12.5, listed.ReportedLoad);
        Assert.True(listed.HeartbeatAge < TimeSpan.FromSeconds(2), $"heartbeat age {listed.HeartbeatAge}");

        Assert.True(await store.SetSiloStatusAsync(silo.Id, SiloStatus.Leaving, None));
        Assert.Equal(SiloStatus.Leaving, (await store.HeartbeatAsync(silo.Id, default, None)).Status);
        Assert.True(await store.SetSiloStatusAsync(silo.Id, SiloStatus.Left, None));
        var after = await store.HeartbeatAsync(silo.Id, default, None);
        Assert.False(after.IsMember);
        Assert.Equal(SiloStatus.Left, after.Status);
        Assert.Empty(await store.ListSilosAsync(false, None));
        Assert.Single(await store.ListSilosAsync(true, None));
        Assert.False(await store.SetSiloStatusAsync(silo.Id, SiloStatus.Active, None));
    }

    [Fact]
    public async Task A_live_name_conflicts_but_a_crashed_predecessor_is_replaced()
    {
        await using var store = await OpenNewAsync();
        await store.RegisterSiloAsync(Registration("node-1"), None);
        var conflict = await Assert.ThrowsAsync<ClusterException>(() => store.RegisterSiloAsync(Registration("node-1"), None));
        Assert.Equal(ClusterErrorCode.NodeNameConflict, conflict.Code);
        Assert.Contains("a live silo named 'node-1' is already a member", conflict.Message, StringComparison.Ordinal);

        var quick = await store.RegisterSiloAsync(Registration("node-2", deathWindow: TimeSpan.FromMilliseconds(300)), None);
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await store.RegisterSiloAsync(Registration("node-2"), None);
                    return true;
                }
                catch (ClusterException e) when (e.Code == ClusterErrorCode.NodeNameConflict)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(5),
            "re-registration after the predecessor's death window");
        Assert.False((await store.HeartbeatAsync(quick.Id, default, None)).IsMember);
    }

    [Fact]
    public async Task Leadership_is_exclusive_moves_when_released_and_a_lost_lease_cannot_write()
    {
        await using var store = await OpenNewAsync();
        var a = await store.RegisterSiloAsync(Registration("a"), None);
        var b = await store.RegisterSiloAsync(Registration("b"), None);
        await using var electionA = store.CreateLeaderElection(a.Id);
        await using var electionB = store.CreateLeaderElection(b.Id);

        var leaseA = await electionA.TryAcquireAsync(None);
        Assert.NotNull(leaseA);
        Assert.Null(await electionB.TryAcquireAsync(None));
        Assert.True(await leaseA.CheckAsync(None));
        var info = await store.GetLeaderAsync(None);
        Assert.Equal(a.Id, info!.SiloId);
        Assert.True(info.IsHeld);

        await leaseA.DisposeAsync();
        Assert.True(leaseA.Lost.IsCancellationRequested);
        ILeaderLease? acquired = null;
        await Eventually.WaitAsync(async () => (acquired = await electionB.TryAcquireAsync(None)) is not null, TimeSpan.FromSeconds(5), "b takes over");
        var leaseB = acquired!;
        Assert.True(leaseB.Term > leaseA.Term);
        Assert.Equal(b.Id, (await store.GetLeaderAsync(None))!.SiloId);

        var plan = Plan(new PlacementDecision(GrainId.ForSite(Guid.NewGuid()), PlacementAction.Place, null, null, a.Id, null, 1, "test"));
        var refused = await Assert.ThrowsAsync<ClusterException>(() => leaseA.ApplyPlanAsync(plan, None));
        Assert.Equal(ClusterErrorCode.NotLeader, refused.Code);
        Assert.True((await leaseB.ApplyPlanAsync(plan, None)).Applied);
        await leaseB.DisposeAsync();
    }

    [Fact]
    public async Task A_silo_that_stops_heartbeating_is_declared_dead_by_the_leader_and_told_so()
    {
        await using var store = await OpenNewAsync();
        var leader = await store.RegisterSiloAsync(Registration("leader"), None);
        var mortal = await store.RegisterSiloAsync(Registration("mortal", deathWindow: TimeSpan.FromMilliseconds(400)), None);
        await using var election = store.CreateLeaderElection(leader.Id);
        await using var lease = (await election.TryAcquireAsync(None))!;
        Assert.Empty(await lease.MarkExpiredSilosDeadAsync(None));

        var elapsed = await Eventually.WaitAsync(
            async () => (await lease.MarkExpiredSilosDeadAsync(None)).Contains("mortal"), TimeSpan.FromSeconds(5), "mortal declared dead");
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(300), $"declared dead after only {elapsed.TotalMilliseconds} ms");
        var beat = await store.HeartbeatAsync(mortal.Id, default, None);
        Assert.False(beat.IsMember);
        Assert.Equal(SiloStatus.Dead, beat.Status);
        Assert.True((await store.HeartbeatAsync(leader.Id, default, None)).IsMember);
    }

    [Fact]
    public async Task Cameras_and_sites_can_be_added_listed_updated_and_deleted()
    {
        await using var store = await OpenNewAsync();
        var hall = await store.AddSiteAsync("hall", None);
        var yard = await store.AddSiteAsync("yard", None);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSiteAsync("hall", None))).Code);

        var c1 = await store.AddCameraAsync(new CameraDefinition { Name = "c1", SourceUrl = "rtsp://10.0.0.1/s", SiteId = hall.Id, TargetFps = 8, Pipeline = "topdown", RequiredClass = NodeClassRequirement.Gpu }, None);
        await store.AddCameraAsync(new CameraDefinition { Name = "c2", SourceUrl = "rtsp://10.0.0.2/s", SiteId = yard.Id }, None);
        await store.AddCameraAsync(new CameraDefinition { Name = "c3", SourceUrl = "/videos/demo.mp4" }, None);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.AddCameraAsync(new CameraDefinition { Name = "c1", SourceUrl = "x" }, None))).Code);
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.AddCameraAsync(new CameraDefinition { Name = "c9", SourceUrl = "x", SiteId = Guid.NewGuid() }, None))).Code);

        Assert.Equal(["c1", "c2", "c3"], (await store.ListCamerasAsync(null, None)).Select(c => c.Name));
        Assert.Equal(["c1"], (await store.ListCamerasAsync(hall.Id, None)).Select(c => c.Name));
        var read = await store.GetCameraAsync(c1.Id, None);
        Assert.Equal(c1 with { }, read);
        Assert.Equal(8, read!.TargetFps);
        Assert.Equal(NodeClassRequirement.Gpu, read.RequiredClass);
        Assert.Equal(c1.Id, (await store.FindCameraAsync("c1", None))!.Id);

        var updated = await store.UpdateCameraAsync(c1.Id, new CameraDefinition { Name = "c1-renamed", SourceUrl = "rtsp://10.0.0.9/s", SiteId = yard.Id, Enabled = false }, None);
        Assert.Equal("c1-renamed", updated.Name);
        Assert.False(updated.Enabled);
        Assert.Equal(2, (await store.ListCamerasAsync(yard.Id, None)).Count);

        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.DeleteSiteAsync(yard.Id, None))).Code);
        Assert.True(await store.DeleteSiteAsync(hall.Id, None));
        Assert.False(await store.DeleteSiteAsync(hall.Id, None));
        Assert.Equal(["yard"], (await store.ListSitesAsync(None)).Select(s => s.Name));
        Assert.Equal("garden", (await store.RenameSiteAsync(yard.Id, "garden", None)).Name);
        Assert.True(await store.DeleteCameraAsync(c1.Id, None));
        Assert.Null(await store.GetCameraAsync(c1.Id, None));
        Assert.False(await store.DeleteCameraAsync(c1.Id, None));
    }

    [Fact]
    public async Task Credentials_are_encrypted_at_rest_and_never_printed()
    {
        const string secret = "S3cr3t-pw!";
        var options = await Provider.NewStoreAsync();
        await using var store = await TestStoreProvider.OpenAsync(options);
        var original = $"rtsp://admin:{Uri.EscapeDataString(secret)}@10.1.2.3:554/live?ch=1";
        var definition = new CameraDefinition { Name = "door", SourceUrl = original };
        var camera = await store.AddCameraAsync(definition, None);

        Assert.Equal("rtsp://10.1.2.3:554/live?ch=1", camera.SourceUrl);
        Assert.True(camera.HasCredentials);
        var (rawUrl, blob) = await Provider.ReadRawCameraAsync(options, camera.Id);
        Assert.Equal("rtsp://10.1.2.3:554/live?ch=1", rawUrl);
        Assert.NotNull(blob);
        Assert.False(Contains(blob!, secret), "the password is stored in clear");
        Assert.False(Contains(blob!, "admin"), "the user name is stored in clear");

        var source = await store.GetCameraSourceAsync(camera.Id, None);
        Assert.Equal(original, source.ComposeUrlWithCredentials());
        foreach (var printed in new[] { camera.ToString(), source.ToString(), definition.ToString(), new CameraCredentials("admin", secret).ToString(), store.ToString()! })
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), printed, StringComparison.Ordinal);
        }

        Assert.Contains("***", source.ToString(), StringComparison.Ordinal);

        // The ciphertext is bound to the key and to the camera.
        var otherKey = CredentialProtector.FromKey(new byte[32]);
        Assert.Equal(ClusterErrorCode.SecretKeyMismatch, Assert.Throws<ClusterException>(() => otherKey.Unprotect(blob, camera.Id)).Code);
        Assert.Equal(ClusterErrorCode.SecretKeyMismatch, Assert.Throws<ClusterException>(() => TestStoreProvider.Protector.Unprotect(blob, Guid.NewGuid())).Code);
        var mismatch = await Assert.ThrowsAsync<ClusterException>(() => ClusterStoreFactory.OpenAsync(options, otherKey));
        Assert.Equal(ClusterErrorCode.SecretKeyMismatch, mismatch.Code);

        // Updates keep credentials unless replaced or cleared.
        await store.UpdateCameraAsync(camera.Id, new CameraDefinition { Name = "door", SourceUrl = "rtsp://10.1.2.4/live" }, None);
        Assert.Equal($"rtsp://admin:{Uri.EscapeDataString(secret)}@10.1.2.4/live", (await store.GetCameraSourceAsync(camera.Id, None)).ComposeUrlWithCredentials());
        await store.UpdateCameraAsync(camera.Id, new CameraDefinition { Name = "door", SourceUrl = "rtsp://10.1.2.4/live", Credentials = new CameraCredentials("op", "x y") }, None);
        Assert.Equal("rtsp://op:x%20y@10.1.2.4/live", (await store.GetCameraSourceAsync(camera.Id, None)).ComposeUrlWithCredentials());
        var cleared = await store.UpdateCameraAsync(camera.Id, new CameraDefinition { Name = "door", SourceUrl = "rtsp://10.1.2.4/live", ClearCredentials = true }, None);
        Assert.False(cleared.HasCredentials);
        Assert.Null((await Provider.ReadRawCameraAsync(options, camera.Id)).Blob);
    }

    [Fact]
    public async Task Plan_writes_are_conditional_on_the_epochs_the_plan_saw()
    {
        await using var store = await OpenNewAsync();
        var a = await store.RegisterSiloAsync(Registration("a"), None);
        var b = await store.RegisterSiloAsync(Registration("b"), None);
        var camera = await store.AddCameraAsync(new CameraDefinition { Name = "c", SourceUrl = "rtsp://h/s" }, None);
        await using var election = store.CreateLeaderElection(a.Id);
        await using var lease = (await election.TryAcquireAsync(None))!;
        var grain = GrainId.ForCamera(camera.Id);

        var first = PlacementPlanner.Plan(await store.ReadSnapshotAsync(None), TestCatalog.Instance, new PlacementOptions());
        Assert.True((await lease.ApplyPlanAsync(first, None)).Applied);
        var placed = Assert.Single(await store.ListAssignmentsAsync(null, None));
        Assert.Equal(grain, placed.Grain);

        var stale = await lease.ApplyPlanAsync(first, None);
        Assert.False(stale.Applied);
        Assert.NotNull(stale.Conflict);

        var target = placed.SiloId == a.Id ? b.Id : a.Id;
        Assert.False((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Move, placed.SiloId, placed.Epoch - 1, target, null, 1, "t")), None)).Applied);
        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Move, placed.SiloId, placed.Epoch, target, null, 1, "t")), None)).Applied);
        var moved = Assert.Single(await store.ListAssignmentsAsync(target, None));
        Assert.True(moved.Epoch > placed.Epoch);
        Assert.Empty(await store.ListAssignmentsAsync(placed.SiloId, None));

        // A silo that left cannot be a target.
        await store.SetSiloStatusAsync(placed.SiloId!.Value, SiloStatus.Left, None);
        Assert.False((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Move, target, moved.Epoch, placed.SiloId, null, 1, "t")), None)).Applied);
        Assert.Equal(moved, Assert.Single(await store.ListAssignmentsAsync(null, None)));
    }

    [Fact]
    public async Task Fenced_activity_append_refuses_rows_with_a_stale_epoch()
    {
        await using var store = await OpenNewAsync();
        var a = await store.RegisterSiloAsync(Registration("a"), None);
        var b = await store.RegisterSiloAsync(Registration("b"), None);
        var camera = await store.AddCameraAsync(new CameraDefinition { Name = "c", SourceUrl = "rtsp://h/s" }, None);
        var grain = GrainId.ForCamera(camera.Id);
        await using var election = store.CreateLeaderElection(a.Id);
        await using var lease = (await election.TryAcquireAsync(None))!;

        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Place, null, null, a.Id, null, 1, "t")), None)).Applied);
        var e1 = Assert.Single(await store.ListAssignmentsAsync(a.Id, None)).Epoch;
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        ActivitySample Row(int second, Guid silo, long epoch) => new(camera.Id, t0.AddSeconds(second), silo, epoch, 10, 1.5f, 3, 10, 9.5f, 1);

        Assert.Equal(new ActivityAppendResult(2, 0, 0), await store.AppendActivityAsync([Row(1, a.Id, e1), Row(2, a.Id, e1)], None));
        Assert.Equal(new ActivityAppendResult(0, 1, 0), await store.AppendActivityAsync([Row(3, b.Id, e1)], None));

        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Move, a.Id, e1, b.Id, null, 1, "t")), None)).Applied);
        var e2 = Assert.Single(await store.ListAssignmentsAsync(b.Id, None)).Epoch;
        Assert.Equal(new ActivityAppendResult(1, 2, 0), await store.AppendActivityAsync([Row(4, a.Id, e1), Row(5, b.Id, e2), Row(6, b.Id, e1)], None));
        Assert.Equal(new ActivityAppendResult(0, 0, 1), await store.AppendActivityAsync([Row(5, b.Id, e2)], None));
        Assert.Equal(new ActivityAppendResult(0, 1, 0), await store.AppendActivityAsync([Row(7, Guid.NewGuid(), e2)], None));

        var rows = await store.ListActivityAsync(camera.Id, t0, t0.AddMinutes(1), None);
        Assert.Equal([1, 2, 5], rows.Select(r => (int)(r.Timestamp - t0).TotalSeconds));
        Assert.Equal([e1, e1, e2], rows.Select(r => r.Epoch));
        Assert.Equal(new ActivitySample(camera.Id, t0.AddSeconds(5), b.Id, e2, 10, 1.5f, 3, 10, 9.5f, 1), rows[2]);
    }

    [Fact]
    public async Task Activity_queries_sum_rows_into_aligned_buckets_per_camera()
    {
        await using var store = await OpenNewAsync();
        var a = await store.RegisterSiloAsync(Registration("a"), None);
        var c1 = await store.AddCameraAsync(new CameraDefinition { Name = "c1", SourceUrl = "rtsp://h/1" }, None);
        var c2 = await store.AddCameraAsync(new CameraDefinition { Name = "c2", SourceUrl = "rtsp://h/2" }, None);
        await using var election = store.CreateLeaderElection(a.Id);
        await using var lease = (await election.TryAcquireAsync(None))!;
        Assert.True((await lease.ApplyPlanAsync(
            Plan(
                new PlacementDecision(GrainId.ForCamera(c1.Id), PlacementAction.Place, null, null, a.Id, null, 1, "t"),
                new PlacementDecision(GrainId.ForCamera(c2.Id), PlacementAction.Place, null, null, a.Id, null, 1, "t")),
            None)).Applied);
        var epochs = (await store.ListAssignmentsAsync(a.Id, None)).ToDictionary(x => x.Grain, x => x.Epoch);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 600);
        ActivitySample Row(Guid camera, int second, int frames, float persons, int max, int drops) =>
            new(camera, t0.AddSeconds(second), a.Id, epochs[GrainId.ForCamera(camera)], frames, persons, max, 10, 9, drops);
        await store.AppendActivityAsync(
            [Row(c1.Id, 5, 10, 1, 2, 0), Row(c1.Id, 35, 30, 3, 5, 2), Row(c1.Id, 65, 10, 4, 4, 1), Row(c2.Id, 10, 20, 2, 2, 0)], None);

        var all = await store.QueryActivityAsync(new ActivityQuery { From = t0, To = t0.AddMinutes(5), Bucket = TimeSpan.FromMinutes(1) }, None);
        Assert.Equal(3, all.Count);
        var first = all.Single(b => b.CameraId == c1.Id && b.Start == t0);
        Assert.Equal(2, first.Rows);
        Assert.Equal(40, first.Frames);
        Assert.Equal(2.5, first.PersonsAvg, 3);
        Assert.Equal(5, first.PersonsMax);
        Assert.Equal(2, first.Drops);
        Assert.Equal(9, first.FpsOut, 3);
        Assert.Equal(t0.AddMinutes(1), all.Single(b => b.CameraId == c1.Id && b.Start != t0).Start);
        Assert.True(all[0].Start <= all[^1].Start);

        var one = await store.QueryActivityAsync(new ActivityQuery { CameraIds = [c2.Id], From = t0, To = t0.AddMinutes(5), Bucket = TimeSpan.FromSeconds(30) }, None);
        Assert.Equal(c2.Id, Assert.Single(one).CameraId);
        Assert.Empty(await store.QueryActivityAsync(new ActivityQuery { CameraIds = [Guid.NewGuid()], From = t0, To = t0.AddMinutes(5) }, None));
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() =>
            store.QueryActivityAsync(new ActivityQuery { From = t0, To = t0.AddDays(30), Bucket = TimeSpan.FromSeconds(1) }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() =>
            store.QueryActivityAsync(new ActivityQuery { From = t0, To = t0 }, None))).Code);
    }

    [Fact]
    public async Task Zones_belong_to_a_camera_are_unique_per_camera_notify_and_go_with_the_camera()
    {
        await using var store = await OpenNewAsync();
        var camera = await store.AddCameraAsync(new CameraDefinition { Name = "c", SourceUrl = "rtsp://h/s" }, None);
        var other = await store.AddCameraAsync(new CameraDefinition { Name = "d", SourceUrl = "rtsp://h/t" }, None);
        ZonePoint[] square = [new(0.1, 0.1), new(0.5, 0.1), new(0.5, 0.5), new(0.1, 0.5)];
        var door = await store.AddZoneAsync(camera.Id, new ZoneDefinition { Name = "door", Polygon = square }, None);
        Assert.Equal(square, door.Polygon);
        Assert.True(door.Contains(0.3, 0.3));
        Assert.False(door.Contains(0.7, 0.3));
        await store.AddZoneAsync(other.Id, new ZoneDefinition { Name = "door", Polygon = square }, None);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.AddZoneAsync(camera.Id, new ZoneDefinition { Name = "door", Polygon = square }, None))).Code);
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.AddZoneAsync(Guid.NewGuid(), new ZoneDefinition { Name = "x", Polygon = square }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddZoneAsync(camera.Id, new ZoneDefinition { Name = "x", Polygon = square[..2] }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddZoneAsync(camera.Id, new ZoneDefinition { Name = "x", Polygon = [new(0, 0), new(1.5, 0), new(0, 1)] }, None))).Code);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = Channel.CreateUnbounded<ClusterChange>();
        var reader = Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync(stop.Token))
            {
                await seen.Writer.WriteAsync(change);
            }
        });
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(ClusterChangeKind.Resync, (await seen.Reader.ReadAsync(first.Token)).Kind);
        }

        var moved = await store.UpdateZoneAsync(door.Id, new ZoneDefinition { Name = "entrance", Polygon = [new(0, 0), new(1, 0), new(1, 1)] }, None);
        Assert.Equal("entrance", moved.Name);
        Assert.Equal(camera.Id, moved.CameraId);
        using (var next = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            ClusterChange change;
            do
            {
                change = await seen.Reader.ReadAsync(next.Token);
            }
            while (change.Kind == ClusterChangeKind.Resync);

            Assert.Equal(new ClusterChange(ClusterChangeKind.Zone, camera.Id.ToString("D")), change);
        }

        await stop.CancelAsync();
        await reader.ContinueWith(_ => { });
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateZoneAsync(Guid.NewGuid(), new ZoneDefinition { Name = "x", Polygon = square }, None))).Code);
        Assert.Equal(["entrance"], (await store.ListZonesAsync(camera.Id, None)).Select(z => z.Name));
        Assert.Equal(2, (await store.ListZonesAsync(null, None)).Count);
        var reread = (await store.GetZoneAsync(door.Id, None))!;
        Assert.Equal((moved.Name, moved.CameraId, moved.UpdatedAt), (reread.Name, reread.CameraId, reread.UpdatedAt));
        Assert.Equal(moved.Polygon, reread.Polygon);

        Assert.True(await store.DeleteCameraAsync(camera.Id, None));
        Assert.Null(await store.GetZoneAsync(door.Id, None));
        var left = Assert.Single(await store.ListZonesAsync(null, None));
        Assert.True(await store.DeleteZoneAsync(left.Id, None));
        Assert.False(await store.DeleteZoneAsync(left.Id, None));
    }

    [Fact]
    public async Task Users_api_keys_and_sessions_keep_only_hashes_and_the_last_admin_stays()
    {
        await using var store = await OpenNewAsync();
        var admin = await store.AddUserAsync("root", AccessRole.Admin, "hash-1", None);
        var viewer = await store.AddUserAsync("eve", AccessRole.Viewer, "hash-2", None);
        Assert.DoesNotContain("hash-1", admin.ToString(), StringComparison.Ordinal);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.AddUserAsync("root", AccessRole.Viewer, "h", None))).Code);
        Assert.Equal(["eve", "root"], (await store.ListUsersAsync(None)).Select(u => u.Name));
        Assert.Equal("hash-1", (await store.FindUserAsync("root", None))!.PasswordHash);
        Assert.Equal(admin with { }, await store.GetUserAsync(admin.Id, None));

        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateUserAsync(admin.Id, AccessRole.Viewer, null, None))).Code);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.DeleteUserAsync(admin.Id, None))).Code);
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateUserAsync(Guid.NewGuid(), AccessRole.Viewer, null, None))).Code);

        var session = await store.AddSessionAsync("token-digest", viewer.Id, TimeSpan.FromHours(1), None);
        Assert.Equal(new { viewer.Id, viewer.Name, Role = AccessRole.Viewer }, new { Id = session.UserId, Name = session.UserName, session.Role });
        Assert.True(session.ExpiresAt > session.CreatedAt.AddMinutes(59));
        Assert.Equal(AccessRole.Admin, (await store.UpdateUserAsync(viewer.Id, AccessRole.Admin, null, None)).Role);
        Assert.Equal(AccessRole.Admin, (await store.FindSessionAsync("token-digest", None))!.Role);
        await store.UpdateUserAsync(viewer.Id, AccessRole.Admin, "hash-3", None);
        Assert.Null(await store.FindSessionAsync("token-digest", None));
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSessionAsync("t2", Guid.NewGuid(), TimeSpan.FromHours(1), None))).Code);

        await store.AddSessionAsync("short", admin.Id, TimeSpan.FromMilliseconds(50), None);
        await store.AddSessionAsync("long", admin.Id, TimeSpan.FromHours(1), None);
        await Task.Delay(200);
        Assert.Null(await store.FindSessionAsync("short", None));
        Assert.Equal(1, await store.DeleteExpiredSessionsAsync(None));
        Assert.True(await store.DeleteSessionAsync("long", None));
        Assert.False(await store.DeleteSessionAsync("long", None));

        Assert.True(await store.DeleteUserAsync(admin.Id, None));
        Assert.False(await store.DeleteUserAsync(admin.Id, None));

        var key = await store.AddApiKeyAsync("ci", AccessRole.Viewer, "digest-a", "pck_abcd", None);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.AddApiKeyAsync("ci2", AccessRole.Admin, "digest-a", "pck_x", None))).Code);
        Assert.Equal(key, await store.FindApiKeyAsync("digest-a", None));
        Assert.Null(await store.FindApiKeyAsync("digest-b", None));
        Assert.Equal([key], await store.ListApiKeysAsync(None));
        Assert.True(await store.DeleteApiKeyAsync(key.Id, None));
        Assert.Null(await store.FindApiKeyAsync("digest-a", None));
    }

    [Fact]
    public async Task Watch_starts_with_a_resync_then_delivers_changes_promptly()
    {
        await using var store = await OpenNewAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = Channel.CreateUnbounded<ClusterChange>();
        var reader = Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync(stop.Token))
            {
                await seen.Writer.WriteAsync(change);
            }
        });

        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(ClusterChangeKind.Resync, (await seen.Reader.ReadAsync(first.Token)).Kind);
        }

        var site = await store.AddSiteAsync("s", None);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var next = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            ClusterChange change;
            do
            {
                change = await seen.Reader.ReadAsync(next.Token);
            }
            while (change.Kind == ClusterChangeKind.Resync);

            Assert.Equal(new ClusterChange(ClusterChangeKind.Site, site.Id.ToString("D")), change);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"notification took {watch.Elapsed.TotalMilliseconds} ms");
        await stop.CancelAsync();
        await reader.ContinueWith(_ => { });
    }

    protected static SiloRegistration Registration(string name, NodeClass nodeClass = NodeClass.Nuc, string[]? models = null, TimeSpan? deathWindow = null) =>
        new(name, nodeClass, ExecutionDevice.Cpu, models ?? [], 100, "http://127.0.0.1:1", TimeSpan.FromMilliseconds(100), deathWindow ?? TimeSpan.FromSeconds(30));

    protected async Task<IClusterStore> OpenNewAsync() => await TestStoreProvider.OpenAsync(await Provider.NewStoreAsync());

    private static PlacementPlan Plan(params PlacementDecision[] decisions) => new(decisions, new Dictionary<Guid, double>(), false);

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests : ClusterStoreContract
{
    public PostgresStoreContractTests(PostgresServerFixture server)
        : base(new PostgresStoreProvider(server))
    {
    }
}

public sealed class SqliteStoreContractTests : ClusterStoreContract
{
    public SqliteStoreContractTests()
        : base(new SqliteStoreProvider())
    {
    }
}
