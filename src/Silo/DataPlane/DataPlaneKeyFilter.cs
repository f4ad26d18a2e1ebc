using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace PoseCluster.Silo.DataPlane;

/// <summary>
/// When the silo has a data-plane key, requests must carry it as <c>Authorization: Bearer KEY</c> (compared in constant
/// time); others get 401. Without a key the data plane is open.
/// </summary>
internal sealed class DataPlaneKeyFilter : IEndpointFilter
{
    private readonly byte[]? _key;

    public DataPlaneKeyFilter(SiloOptions options)
    {
        _key = options.DataPlaneKey is { } key ? Encoding.UTF8.GetBytes(key) : null;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key is not null)
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()) : [];
            if (!CryptographicOperations.FixedTimeEquals(given, _key))
            {
                return Results.Problem("A valid data-plane key is required (Authorization: Bearer ...).", statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
