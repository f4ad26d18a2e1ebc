using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Cluster;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo.Api;

/// <summary><c>GET /node</c>: this silo's identity, capabilities, membership, load and inference grains (no secrets).</summary>
internal static class NodeEndpoints
{
    public static IEndpointRouteBuilder MapNodeEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/node", (SiloRuntime runtime) =>
        {
            if (runtime.Node is not { } node)
            {
                return Results.Problem("The silo is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Ok(new
            {
                node = node.Options.NodeName,
                silo_id = node.Agent.SiloId,
                state = node.Agent.State.ToString().ToLowerInvariant(),
                @class = WireNames.Of(node.Options.NodeClass),
                device = WireNames.Of(node.Options.Device),
                models = node.Options.ServedModels,
                pipelines = node.Pipelines,
                capacity = node.Options.Capacity,
                load = Math.Round(node.Inference.WorkUnitsPerSecond, 3),
                address = node.Address,
                leader = node.Agent.IsLeader,
                simulated_cost_ms = node.Options.SimulatedCostMs,
                cameras = node.Cameras.Count,
                stream_subscribers = node.Stream.SubscriberCount,
                inference = node.Inference.All.Select(g => new
                {
                    pipeline = g.Pipeline,
                    models = g.Models,
                    in_flight = g.InFlight,
                    queue_depth = g.QueueDepth,
                    saturated = g.IsSaturated,
                    fps = Math.Round(g.FramesPerSecond, 2),
                }),
                peers = node.Peers.Peers.Select(p => new { node = p.Node, address = p.Address, in_flight = p.InFlight, ejected = p.IsEjected, ejections = p.Ejections }),
            });
        });
        return routes;
    }
}
