using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Tests.Infrastructure;

namespace PoseCluster.Cluster.Tests.Placement;

public sealed class PlacementPlannerTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.UnixEpoch;
    private long _epoch = 100;

    [Fact]
    public void New_cameras_are_spread_by_capacity_weighted_load_and_a_second_plan_changes_nothing()
    {
        var small = Silo("small", capacity: 100);
        var big = Silo("big", capacity: 300);
        var cameras = Cameras(8);
        var plan = Plan([small, big], cameras, []);

        Assert.All(plan.Decisions, d => Assert.Equal(PlacementAction.Place, d.Action));
        Assert.Equal(2, plan.Decisions.Count(d => d.ToSilo == small.Id));
        Assert.Equal(6, plan.Decisions.Count(d => d.ToSilo == big.Id));
        Assert.True(Plan([small, big], cameras, Apply([], plan)).IsEmpty, "a balanced placement must be stable");
    }

    [Fact]
    public void Adding_a_silo_moves_only_what_balancing_needs_and_only_onto_the_new_silo()
    {
        var a = Silo("a");
        var b = Silo("b");
        var cameras = Cameras(12);
        var assignments = Apply([], Plan([a, b], cameras, []));
        Assert.Equal(6, assignments.Count(x => x.SiloId == a.Id));

        var c = Silo("c");
        var plan = Plan([a, b, c], cameras, assignments);

        // 60/60/0 % -> within the 20-point tolerance needs C >= 30 %: three moves is the minimum.
        Assert.Equal(3, plan.Moves.Count());
        Assert.Equal(plan.Decisions.Count, plan.Moves.Count());
        Assert.All(plan.Moves, m => Assert.Equal(c.Id, m.ToSilo));
        var after = Apply(assignments, plan);
        Assert.True(Plan([a, b, c], cameras, after).IsEmpty);

        var tight = Plan([a, b, c], cameras, assignments, new PlacementOptions { ImbalanceTolerance = 0.05 });
        Assert.Equal(4, tight.Moves.Count());
        var limited = Plan([a, b, c], cameras, assignments, new PlacementOptions { ImbalanceTolerance = 0.05, MaxMovesPerRound = 2 });
        Assert.Equal(2, limited.Moves.Count());
        Assert.True(limited.Truncated);
    }

    [Fact]
    public void Gpu_cameras_go_only_to_gpu_silos_that_serve_the_pipeline_models_or_stay_unplaced_with_a_reason()
    {
        var nuc = Silo("nuc", NodeClass.Nuc, TestCatalog.TopDownModels);
        var gpuWithoutModels = Silo("gpu-bare", NodeClass.Gpu, ["movenet-lightning-192"]);
        var gpu = Silo("gpu", NodeClass.Gpu, TestCatalog.TopDownModels);
        var cameras = Cameras(4, NodeClassRequirement.Gpu, "topdown").Concat(Cameras(4, NodeClassRequirement.Any, "auto", "any")).ToList();

        var plan = Plan([nuc, gpuWithoutModels, gpu], cameras, []);
        var gpuCameras = cameras.Take(4).Select(c => GrainId.ForCamera(c.Id)).ToHashSet();
        Assert.All(plan.Decisions.Where(d => gpuCameras.Contains(d.Grain)), d => Assert.Equal(gpu.Id, d.ToSilo));

        var withoutGpu = Plan([nuc, gpuWithoutModels], cameras, []);
        var unplaced = withoutGpu.Unplaced.ToList();
        Assert.Equal(4, unplaced.Count);
        Assert.All(unplaced, u => Assert.Equal("requires class gpu; no live gpu silo serves models yolox-nano-416, simplepose-256x192", u.UnplacedReason));
        Assert.All(withoutGpu.Placements, p => Assert.DoesNotContain(p.Grain, gpuCameras));

        var anyClass = Plan([gpuWithoutModels], Cameras(1, NodeClassRequirement.Any, "topdown", "td"), []);
        Assert.Equal("no live silo serves models yolox-nano-416, simplepose-256x192", Assert.Single(anyClass.Unplaced).UnplacedReason);
        var unknown = Plan([gpu], Cameras(1, NodeClassRequirement.Any, "nope", "x"), []);
        Assert.Equal("unknown pipeline 'nope'", Assert.Single(unknown.Unplaced).UnplacedReason);
    }

    [Fact]
    public void Grains_of_leaving_dead_and_gone_silos_are_reassigned_and_unwanted_ones_removed()
    {
        var a = Silo("a");
        var b = Silo("b");
        var cameras = Cameras(6);
        var assignments = Apply([], Plan([a, b], cameras, []));
        var leaving = a with { Status = SiloStatus.Leaving };

        var drain = Plan([leaving, b], cameras, assignments);
        Assert.Equal(3, drain.Placements.Count());
        Assert.All(drain.Placements, d => Assert.Equal((PlacementAction.Reassign, a.Id, b.Id), (d.Action, d.FromSilo!.Value, d.ToSilo!.Value)));

        var dead = Plan([b], cameras, assignments);
        Assert.Equal(3, dead.Placements.Count());
        Assert.All(dead.Placements, d => Assert.Equal(b.Id, d.ToSilo));

        var nobody = Plan([], cameras, assignments);
        Assert.Equal(6, nobody.Unplaced.Count());
        Assert.All(nobody.Unplaced, d => Assert.Equal("no live silo", d.UnplacedReason));

        // Camera 0 disabled, camera 5 deleted.
        var remaining = cameras.Take(5).Select((c, i) => i == 0 ? c with { Enabled = false } : c).ToList();
        var removal = Plan([a, b], remaining, assignments);
        Assert.Equal(
            new[] { GrainId.ForCamera(cameras[0].Id), GrainId.ForCamera(cameras[5].Id) }.OrderBy(g => g.Key),
            removal.Removals.Select(r => r.Grain).OrderBy(g => g.Key));
        Assert.Equal(2, removal.Decisions.Count);
    }

    [Fact]
    public void Sites_are_placed_on_the_least_loaded_silo()
    {
        var a = Silo("a");
        var b = Silo("b");
        var assignments = Apply([], Plan([a], Cameras(3), []));
        var site = new SiteRecord(Guid.NewGuid(), "s", T, T);
        var plan = Plan([a, b], Cameras(3), assignments, sites: [site]);
        var placed = Assert.Single(plan.Placements, d => d.Grain.Type == GrainTypes.Site);
        Assert.Equal(b.Id, placed.ToSilo);
    }

    private static SiloInfo Silo(string name, NodeClass nodeClass = NodeClass.Nuc, string[]? models = null, double capacity = 100) =>
        new(Guid.NewGuid(), name, nodeClass, ExecutionDevice.Cpu, models ?? [], capacity, "", SiloStatus.Active, T, T, TimeSpan.Zero, TimeSpan.FromSeconds(2.5), 0, 0);

    private static readonly Dictionary<int, List<CameraRecord>> CameraSets = [];

    private static List<CameraRecord> Cameras(int count, NodeClassRequirement requiredClass = NodeClassRequirement.Any, string pipeline = "auto", string prefix = "cam")
    {
        var seed = HashCode.Combine(count, requiredClass, pipeline, prefix);
        lock (CameraSets)
        {
            if (!CameraSets.TryGetValue(seed, out var list))
            {
                list = Enumerable.Range(0, count)
                    .Select(i => new CameraRecord(Guid.NewGuid(), $"{prefix}{i}", null, "rtsp://h/s", false, 10, pipeline, requiredClass, true, T, T))
                    .ToList();
                CameraSets[seed] = list;
            }

            return list;
        }
    }

    private PlacementPlan Plan(IReadOnlyList<SiloInfo> silos, IReadOnlyList<CameraRecord> cameras, IReadOnlyList<GrainAssignment> assignments, PlacementOptions? options = null, IReadOnlyList<SiteRecord>? sites = null) =>
        PlacementPlanner.Plan(silos, cameras, sites ?? [], assignments, TestCatalog.Instance, options ?? new PlacementOptions());

    private List<GrainAssignment> Apply(IReadOnlyList<GrainAssignment> current, PlacementPlan plan)
    {
        var map = current.ToDictionary(a => a.Grain);
        foreach (var d in plan.Decisions)
        {
            if (d.Action == PlacementAction.Remove)
            {
                map.Remove(d.Grain);
            }
            else
            {
                map[d.Grain] = new GrainAssignment(d.Grain, d.ToSilo, ++_epoch, T, d.UnplacedReason);
            }
        }

        return [.. map.Values];
    }
}
