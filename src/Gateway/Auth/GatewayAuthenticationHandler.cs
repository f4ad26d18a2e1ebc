using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;

namespace PoseCluster.Gateway.Auth;

/// <summary>
/// One scheme for both kinds of caller: an <c>X-Api-Key</c> header (automation; a wrong key is refused even when a
/// cookie is present) or the session cookie (the dashboard). An unauthenticated browser page request is redirected to
/// <c>/login</c>; API, hub and metrics requests get a 401 problem. A cookie-authenticated unsafe request from another
/// origin is refused (cross-site request forgery).
/// </summary>
internal sealed class GatewayAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly CredentialCache _credentials;
    private readonly IProblemDetailsService _problems;

    public GatewayAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        CredentialCache credentials,
        IProblemDetailsService problems)
        : base(options, logger, encoder)
    {
        _credentials = credentials;
        _problems = problems;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        AuthenticatedCaller? caller;
        if (Request.Headers.TryGetValue(GatewayRoles.ApiKeyHeader, out var header))
        {
            var key = header.ToString().Trim();
            caller = key.Length is > 0 and <= 512 ? await _credentials.FindApiKeyAsync(key, Context.RequestAborted).ConfigureAwait(false) : null;
            if (caller is null)
            {
                return AuthenticateResult.Fail("The API key is not valid.");
            }
        }
        else if (Request.Cookies.TryGetValue(GatewayRoles.SessionCookie, out var token) && token.Length is > 0 and <= 512)
        {
            caller = await _credentials.FindSessionAsync(token, Context.RequestAborted).ConfigureAwait(false);
            if (caller is null)
            {
                return AuthenticateResult.NoResult();
            }

            if (IsCrossOriginUnsafe())
            {
                return AuthenticateResult.Fail("A cross-origin request cannot use the session cookie.");
            }
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, caller.Name),
                new Claim(ClaimTypes.NameIdentifier, caller.Id.ToString("D")),
                new Claim(ClaimTypes.Role, WireNames.Of(caller.Role)),
                new Claim(GatewayRoles.MethodClaim, caller.Method),
            ],
            GatewayRoles.Scheme,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), GatewayRoles.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsPageRequest())
        {
            var back = Request.Path + Request.QueryString;
            Response.Redirect("/login" + (back is "/" or "" ? "" : "?return=" + Uri.EscapeDataString(back)));
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{GatewayRoles.ApiKeyHeader}, cookie";
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required.",
                Detail = Request.Headers.ContainsKey(GatewayRoles.ApiKeyHeader)
                    ? "The API key is not valid."
                    : $"Sign in (POST /api/auth/login) or send an API key in the {GatewayRoles.ApiKeyHeader} header.",
            },
        }).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed.",
                Detail = "This needs the admin role; viewers can only read.",
            },
        }).ConfigureAwait(false);
    }

    private bool IsPageRequest() =>
        HttpMethods.IsGet(Request.Method)
        && !Request.Path.StartsWithSegments("/api")
        && !Request.Path.StartsWithSegments("/hubs")
        && !Request.Path.StartsWithSegments("/metrics")
        && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private bool IsCrossOriginUnsafe()
    {
        if (HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method) || HttpMethods.IsOptions(Request.Method))
        {
            return false;
        }

        var origin = Request.Headers.Origin.ToString();
        return origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
