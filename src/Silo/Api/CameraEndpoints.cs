using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo.Api;

/// <summary>
/// The cameras running on this node: <c>GET /cameras</c> (status of each), <c>GET /cameras/{id}</c> and
/// <c>GET /cameras/{id}/thumbnail.jpg</c> (the latest frame, refreshed about once a second).
/// </summary>
internal static class CameraEndpoints
{
    public static IEndpointRouteBuilder MapCameraEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/cameras", (SiloRuntime runtime) => runtime.Node is { } node ? Results.Ok(node.Cameras.List()) : Unavailable());
        routes.MapGet("/cameras/{cameraId:guid}", (Guid cameraId, SiloRuntime runtime) =>
            runtime.Node?.Cameras.Find(cameraId) is { } status ? Results.Ok(status) : Results.NotFound());
        routes.MapGet("/cameras/{cameraId:guid}/thumbnail.jpg", (Guid cameraId, HttpContext context, SiloRuntime runtime) =>
        {
            if (runtime.Node?.Cameras.Thumbnail(cameraId) is not { } thumbnail)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-PoseCluster-Frame"] = thumbnail.Frame.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Bytes(thumbnail.Jpeg, "image/jpeg");
        });
        return routes;
    }

    private static IResult Unavailable() => Results.Problem("The silo is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
}
