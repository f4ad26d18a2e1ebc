using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PoseCluster.Gateway.Api;

/// <summary>Describes the API and its two ways to authenticate in the OpenAPI document.</summary>
internal sealed class GatewayOpenApiTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PoseCluster gateway",
            Version = "v1",
            Description = "Cameras, sites, zones, nodes and activity history of a PoseCluster cluster. Every endpoint needs a login "
                + "(POST /api/auth/login sets the session cookie) or an API key in the X-Api-Key header; mutations need the admin role. "
                + "Errors are RFC 7807 problem details; validation problems name the fields in 'errors'. Live poses: SignalR hub /hubs/live.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key (admin or viewer role).",
        };
        document.Components.SecuritySchemes["session"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "posecluster_session",
            Description = "The dashboard's session cookie (POST /api/auth/login).",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("session", document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
