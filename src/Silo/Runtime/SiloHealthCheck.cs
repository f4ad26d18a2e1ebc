using Microsoft.Extensions.Diagnostics.HealthChecks;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// The silo's readiness: healthy while an active member, degraded while draining, unhealthy while starting, fenced
/// or gone. Its data (node, membership, leadership, grains, cameras, pipelines, store location) holds no secret.
/// </summary>
internal sealed class SiloHealthCheck : IHealthCheck
{
    private readonly SiloRuntime _runtime;

    public SiloHealthCheck(SiloRuntime runtime)
    {
        _runtime = runtime;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_runtime.Node is not { } node)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the silo is not running"));
        }

        var state = node.Agent.State;
        var data = new Dictionary<string, object>
        {
            ["node"] = node.Options.NodeName,
            ["silo_id"] = node.Agent.SiloId,
            ["state"] = state.ToString().ToLowerInvariant(),
            ["class"] = WireNames.Of(node.Options.NodeClass),
            ["device"] = WireNames.Of(node.Options.Device),
            ["models"] = node.Options.ServedModels,
            ["pipelines"] = node.Pipelines,
            ["capacity"] = node.Options.Capacity,
            ["address"] = node.Address,
            ["leader"] = node.Agent.IsLeader,
            ["leader_term"] = node.Agent.LeaderTerm,
            ["grains"] = node.Host.Statistics.Active,
            ["cameras"] = node.Cameras.Count,
            ["store"] = $"{node.Store.Provider} {node.Store.Location}",
            ["simulated_cost_ms"] = node.Options.SimulatedCostMs,
        };
        var result = state switch
        {
            MembershipState.Active => HealthCheckResult.Healthy("active member", data: data),
            MembershipState.Leaving => HealthCheckResult.Degraded("draining", data: data),
            _ => HealthCheckResult.Unhealthy($"membership {state.ToString().ToLowerInvariant()}", data: data),
        };
        return Task.FromResult(result);
    }
}
