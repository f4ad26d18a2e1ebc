using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Nodes;

namespace PoseCluster.Gateway.Api;

/// <summary><c>/api/nodes</c> (read-only): silos by class with device, load, grains placed and inference batches.</summary>
internal static class NodeEndpoints
{
    public static RouteGroupBuilder MapNodeEndpoints(this RouteGroupBuilder api)
    {
        var nodes = api.MapGroup("/nodes").WithTags("Nodes");
        nodes.MapGet("", async (ClusterStateCache state, NodeViewFactory views, CancellationToken cancellationToken) =>
                Results.Ok(await views.BuildAsync(state.Current, cancellationToken).ConfigureAwait(false)))
            .WithName("ListNodes").WithSummary("Member silos and those that left or died recently.").Produces<NodeView[]>();
        nodes.MapGet("/{id:guid}", async (Guid id, ClusterStateCache state, NodeViewFactory views, CancellationToken cancellationToken) =>
                (await views.BuildAsync(state.Current, cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Id == id) is { } node
                    ? Results.Ok(node)
                    : ApiProblems.NotFound($"There is no silo {id} (ended silos are kept for a while only)."))
            .WithName("GetNode").WithSummary("A silo.").Produces<NodeView>().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
