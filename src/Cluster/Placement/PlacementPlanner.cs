using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Placement;

/// <summary>
/// Decides where grains run. Pure: same input, same plan. Steps: (1) keep every assignment whose silo is active and
/// still eligible (sticky); (2) place new and orphaned grains (dead, leaving, ineligible silo, or unplaced) on the
/// eligible silo with the lowest utilisation after placement, heaviest grains first; (3) balance cameras, one move
/// at a time, only while the spread of utilisation exceeds the tolerance and the move lowers the higher of the two
/// silos' utilisation — so adding a node moves only what balancing needs.
/// </summary>
public static class PlacementPlanner
{
    /// <summary>Plans from a snapshot.</summary>
    public static PlacementPlan Plan(ClusterSnapshot snapshot, IPipelineCatalog catalog, PlacementOptions options) =>
        Plan(snapshot.Silos, snapshot.Cameras, snapshot.Sites, snapshot.Assignments, catalog, options);

    /// <summary>Plans the changes that bring <paramref name="assignments"/> in line with the silos and registry.</summary>
    public static PlacementPlan Plan(
        IReadOnlyList<SiloInfo> silos,
        IReadOnlyList<CameraRecord> cameras,
        IReadOnlyList<SiteRecord> sites,
        IReadOnlyList<GrainAssignment> assignments,
        IPipelineCatalog catalog,
        PlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);

        var active = silos.Where(s => s.Status == SiloStatus.Active).OrderBy(s => s.Id).ToList();
        var load = active.ToDictionary(s => s.Id, _ => 0.0);
        var current = new Dictionary<GrainId, GrainAssignment>();
        foreach (var a in assignments)
        {
            current[a.Grain] = a;
        }

        var decisions = new List<PlacementDecision>();
        var wanted = new HashSet<GrainId>();
        var pending = new List<Candidate>();
        var placed = new Dictionary<GrainId, Candidate>();

        foreach (var camera in cameras.Where(c => c.Enabled).OrderBy(c => c.Id))
        {
            var grain = GrainId.ForCamera(camera.Id);
            wanted.Add(grain);
            var requirement = catalog.Resolve(camera.Pipeline);
            if (requirement is null)
            {
                pending.Add(new Candidate(grain, 0, [], $"unknown pipeline '{camera.Pipeline}'"));
                continue;
            }

            var eligible = active.Where(s => Serves(s, camera.RequiredClass, requirement)).ToList();
            var cost = camera.TargetFps * requirement.CostWeight;
            var candidate = new Candidate(grain, cost, eligible, eligible.Count == 0 ? UnplacedReason(camera.RequiredClass, requirement) : null);
            if (current.TryGetValue(grain, out var a) && a.SiloId is { } silo && eligible.Any(s => s.Id == silo))
            {
                load[silo] += cost;
                placed[grain] = candidate with { Silo = silo };
            }
            else
            {
                pending.Add(candidate);
            }
        }

        foreach (var site in sites.OrderBy(s => s.Id))
        {
            var grain = GrainId.ForSite(site.Id);
            wanted.Add(grain);
            var candidate = new Candidate(grain, options.SiteCost, active, active.Count == 0 ? "no live silo" : null);
            if (current.TryGetValue(grain, out var a) && a.SiloId is { } silo && load.ContainsKey(silo))
            {
                load[silo] += options.SiteCost;
            }
            else
            {
                pending.Add(candidate);
            }
        }

        foreach (var a in current.Values.Where(a => !wanted.Contains(a.Grain)).OrderBy(a => a.Grain.Type).ThenBy(a => a.Grain.Key))
        {
            decisions.Add(new PlacementDecision(a.Grain, PlacementAction.Remove, a.SiloId, a.Epoch, null, null, 0, "no longer wanted (deleted or disabled)"));
        }

        foreach (var c in pending.OrderByDescending(p => p.Cost).ThenBy(p => p.Grain.Type).ThenBy(p => p.Grain.Key))
        {
            current.TryGetValue(c.Grain, out var a);
            if (c.Eligible.Count == 0)
            {
                var reason = c.UnplacedReason ?? "no eligible silo";
                if (a is null || a.SiloId is not null || a.UnplacedReason != reason)
                {
                    decisions.Add(new PlacementDecision(c.Grain, PlacementAction.Unplace, a?.SiloId, a?.Epoch, null, reason, c.Cost, reason));
                }

                continue;
            }

            var target = c.Eligible
                .OrderBy(s => (load[s.Id] + c.Cost) / s.Capacity)
                .ThenBy(s => load[s.Id] / s.Capacity)
                .ThenBy(s => s.Id)
                .First();
            load[target.Id] += c.Cost;
            var action = a is null ? PlacementAction.Place : PlacementAction.Reassign;
            var why = a is null ? "new"
                : a.SiloId is null ? "was unplaced"
                : silos.FirstOrDefault(s => s.Id == a.SiloId) is { } old ? $"silo {old.Name} is {Describe(old)}"
                : "its silo is gone";
            decisions.Add(new PlacementDecision(c.Grain, action, a?.SiloId, a?.Epoch, target.Id, null, c.Cost, why));
            if (c.Grain.Type == GrainTypes.Camera)
            {
                placed[c.Grain] = c with { Silo = target.Id };
            }
        }

        var truncated = Balance(active, load, placed, current, decisions, options);
        return new PlacementPlan(decisions, load, truncated);
    }

    /// <summary>Whether a silo's class and models satisfy a camera's requirement.</summary>
    public static bool Serves(SiloInfo silo, NodeClassRequirement requiredClass, PipelineRequirement requirement)
    {
        var classOk = requiredClass switch
        {
            NodeClassRequirement.Gpu => silo.Class == NodeClass.Gpu,
            NodeClassRequirement.Nuc => silo.Class == NodeClass.Nuc,
            _ => true,
        };
        return classOk && requirement.ModelIds.All(m => silo.Models.Contains(m, StringComparer.Ordinal));
    }

    private static bool Balance(
        List<SiloInfo> active,
        Dictionary<Guid, double> load,
        Dictionary<GrainId, Candidate> placed,
        Dictionary<GrainId, GrainAssignment> current,
        List<PlacementDecision> decisions,
        PlacementOptions options)
    {
        if (active.Count < 2)
        {
            return false;
        }

        var capacity = active.ToDictionary(s => s.Id, s => s.Capacity);
        var moves = 0;
        while (true)
        {
            double Util(Guid id) => load[id] / capacity[id];
            var minUtil = active.Min(s => Util(s.Id));
            Move? best = null;
            foreach (var source in active.OrderByDescending(s => Util(s.Id)).ThenBy(s => s.Id))
            {
                var sourceUtil = Util(source.Id);
                if (sourceUtil - minUtil <= options.ImbalanceTolerance)
                {
                    break;
                }

                foreach (var c in placed.Values.Where(p => p.Silo == source.Id).OrderBy(p => p.Grain.Key))
                {
                    foreach (var target in c.Eligible.Where(t => t.Id != source.Id))
                    {
                        var after = Math.Max((load[source.Id] - c.Cost) / capacity[source.Id], (load[target.Id] + c.Cost) / capacity[target.Id]);
                        if (after < sourceUtil - 1e-9 && (best is null || after < best.Value.After - 1e-9))
                        {
                            best = new Move(c, source.Id, target.Id, after);
                        }
                    }
                }

                if (best is not null)
                {
                    break;
                }
            }

            if (best is not { } move)
            {
                return false;
            }

            if (moves >= options.MaxMovesPerRound)
            {
                return true;
            }

            moves++;
            load[move.From] -= move.Candidate.Cost;
            load[move.To] += move.Candidate.Cost;
            placed[move.Candidate.Grain] = move.Candidate with { Silo = move.To };

            // A grain placed earlier in this round is re-targeted instead of moved twice.
            var earlier = decisions.FindIndex(d => d.Grain == move.Candidate.Grain);
            if (earlier >= 0 && decisions[earlier].Action == PlacementAction.Move && decisions[earlier].FromSilo == move.To)
            {
                decisions.RemoveAt(earlier);
            }
            else if (earlier >= 0)
            {
                decisions[earlier] = decisions[earlier] with { ToSilo = move.To };
            }
            else
            {
                var a = current[move.Candidate.Grain];
                decisions.Add(new PlacementDecision(move.Candidate.Grain, PlacementAction.Move, move.From, a.Epoch, move.To, null, move.Candidate.Cost, "balance"));
            }
        }
    }

    private static string Describe(SiloInfo silo) => silo.Status switch
    {
        SiloStatus.Active => "no longer eligible",
        SiloStatus.Leaving => "leaving",
        SiloStatus.Left => "gone",
        _ => "dead",
    };

    private static string UnplacedReason(NodeClassRequirement requiredClass, PipelineRequirement requirement)
    {
        var who = requiredClass == NodeClassRequirement.Any
            ? "no live silo"
            : $"requires class {WireNames.Of(requiredClass)}; no live {WireNames.Of(requiredClass)} silo";
        return requirement.ModelIds.Count == 0 ? who : $"{who} serves models {string.Join(", ", requirement.ModelIds)}";
    }

    private sealed record Candidate(GrainId Grain, double Cost, IReadOnlyList<SiloInfo> Eligible, string? UnplacedReason)
    {
        public Guid? Silo { get; init; }
    }

    private readonly record struct Move(Candidate Candidate, Guid From, Guid To, double After);
}
