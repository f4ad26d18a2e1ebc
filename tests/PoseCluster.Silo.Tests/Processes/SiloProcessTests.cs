using System.Diagnostics;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Processes;

/// <summary>Real silo processes (<c>dotnet PoseCluster.Silo.dll</c>) on a private PostgreSQL server, one killed with SIGKILL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloProcessTests
{
    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;

    public SiloProcessTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
    }

    [Fact]
    public async Task After_kill_9_of_a_silo_process_its_cameras_stream_on_the_survivors_within_5_s_with_newer_epochs()
    {
        var store = await _postgres.Server.CreateDatabaseAsync();
        var key = SiloTestAssets.KeyFile();
        var processes = new List<SiloProcess>();
        var streams = new List<StreamClient>();
        try
        {
            foreach (var name in new[] { "p1", "p2", "p3" })
            {
                processes.Add(SiloProcess.Start(name, ["--name", name, "--listen", "http://127.0.0.1:0", "--store", store, "--simulated-cost-ms", "10", "--secret-key-file", key]));
            }

            foreach (var process in processes)
            {
                var address = await process.AddressAsync(TimeSpan.FromSeconds(30));
                streams.Add(await StreamClient.ConnectAsync(address, process.Name));
            }

            await using var admin = await InProcessSilo.OpenStoreAsync(store);
            var cameras = new List<Guid>();
            for (var i = 0; i < 6; i++)
            {
                cameras.Add((await admin.AddCameraAsync(new CameraDefinition { Name = $"proc-{i}", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 5 }, CancellationToken.None)).Id);
            }

            IReadOnlyList<StreamMessage> Poses() => streams.SelectMany(s => s.Poses).ToList();
            await Eventually.WaitAsync(() => cameras.All(c => Poses().Count(p => p.Camera == c) >= 3), TimeSpan.FromSeconds(30), "every camera streaming");

            var assignments = (await admin.ListAssignmentsAsync(null, CancellationToken.None)).ToDictionary(a => a.Grain);
            var silos = (await admin.ListSilosAsync(false, CancellationToken.None)).ToDictionary(s => s.Id, s => s.Name);
            var byName = cameras.GroupBy(c => silos[assignments[GrainId.ForCamera(c)].SiloId!.Value]).ToDictionary(g => g.Key, g => g.ToList());
            _output.WriteLine("cameras per silo: " + string.Join(", ", byName.Select(p => $"{p.Key}={p.Value.Count}")));
            Assert.Equal(3, byName.Count);

            var victim = processes.OrderByDescending(p => byName.GetValueOrDefault(p.Name)?.Count ?? 0).First();
            var moved = byName[victim.Name];
            var oldEpochs = moved.ToDictionary(c => c, c => assignments[GrainId.ForCamera(c)].Epoch);
            var watch = Stopwatch.StartNew();
            victim.Kill();
            var failover = await Eventually.WaitAsync(
                () => moved.All(c => Poses().Any(p => p.Camera == c && p.Silo != victim.Name && p.Epoch > oldEpochs[c])),
                TimeSpan.FromSeconds(8),
                "the killed process's cameras streaming on survivors");
            _output.WriteLine($"SIGKILL of {victim.Name} -> its {moved.Count} cameras streaming on survivors in {failover.TotalMilliseconds:0} ms");
            Assert.True(failover < TimeSpan.FromSeconds(5), $"failover took {failover.TotalSeconds:0.00} s");
            Assert.True(streams.Single(s => s.Silo == victim.Name).Closed || !streams.Single(s => s.Silo == victim.Name).Poses.Any(p => p.CapturedAt > DateTimeOffset.UtcNow - watch.Elapsed + TimeSpan.FromMilliseconds(100)));

            // Results carry epochs; a camera's frames were never published by two silos for overlapping times.
            Assert.All(Poses(), p => Assert.True(p.Epoch > 0));
            StreamAssertions.AssertOneOwnerAtATime(Poses(), _output);
            var current = (await admin.ListAssignmentsAsync(null, CancellationToken.None)).ToDictionary(a => a.Grain);
            Assert.All(moved, c => Assert.True(current[GrainId.ForCamera(c)].Epoch > oldEpochs[c]));
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }

            foreach (var process in processes)
            {
                _output.WriteLine($"--- {process.Name}\n{string.Join('\n', process.Output.TakeLast(15))}");
                await process.DisposeAsync();
            }
        }
    }
}
