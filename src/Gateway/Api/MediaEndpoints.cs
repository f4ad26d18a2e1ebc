using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Media;

namespace PoseCluster.Gateway.Api;

/// <summary><c>GET /api/media</c> (admin): the videos in the media folders, usable as file or replay cameras.</summary>
internal static class MediaEndpoints
{
    public static RouteGroupBuilder MapMediaEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/media", (MediaLibrary media) => Results.Ok(media.ListVideos()))
            .WithTags("Media").WithName("ListMedia").WithSummary("Videos in the media folders (admin): file sources and replay:// simulated cameras.")
            .RequireAuthorization(GatewayRoles.AdminPolicy).Produces<MediaFileView[]>();
        return api;
    }
}
