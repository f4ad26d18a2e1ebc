using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// <c>/api/auth</c>: dashboard login (a session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS; rate-limited per
/// client address), logout, and who the caller is.
/// </summary>
internal static class AuthEndpoints
{
    public const string LoginRateLimit = "login";

    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync)
            .WithName("Login").WithSummary("Signs in to the dashboard: sets the session cookie.")
            .AllowAnonymous().RequireRateLimiting(LoginRateLimit)
            .Accepts<LoginInput>("application/json").Produces<MeView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", LogoutAsync)
            .WithName("Logout").WithSummary("Ends the session and clears the cookie.").AllowAnonymous().Produces(StatusCodes.Status204NoContent);
        auth.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(Me(user)))
            .WithName("Me").WithSummary("Who the caller is (name, role, how authenticated).").Produces<MeView>();
        return api;
    }

    public static MeView Me(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "", user.FindFirstValue(GatewayRoles.MethodClaim) ?? "");

    private static async Task<IResult> LoginAsync(HttpContext context, GatewayStore store, GatewayOptions options, IOptions<JsonOptions> json, ILoggerFactory loggers)
    {
        var (input, problem) = await ApiJson.ReadAsync<LoginInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Username) || input.Username.Length > 100)
        {
            errors.Add("username", "is required");
        }

        if (string.IsNullOrEmpty(input.Password) || input.Password.Length > 1024)
        {
            errors.Add("password", "is required");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The login is incomplete.");
        }

        var user = await store.Store.FindUserAsync(input.Username!.Trim(), context.RequestAborted).ConfigureAwait(false);
        if (!PasswordHasher.Verify(input.Password!, user?.PasswordHash) || user is null)
        {
            loggers.CreateLogger("PoseCluster.Gateway.Auth").LogInformation("Failed login for '{User}' from {Address}", input.Username, context.Connection.RemoteIpAddress);
            return Results.Problem("The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed.");
        }

        var token = SecretTokens.NewSessionToken();
        try
        {
            var session = await store.Store.AddSessionAsync(SecretTokens.Digest(token), user.Id, options.Auth.SessionLifetime, context.RequestAborted).ConfigureAwait(false);
            context.Response.Cookies.Append(GatewayRoles.SessionCookie, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                Expires = session.ExpiresAt,
                IsEssential = true,
            });
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e);
        }

        return Results.Ok(new MeView(user.Name, WireNames.Of(user.Role), "session"));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, GatewayStore store, CredentialCache credentials)
    {
        if (context.Request.Cookies.TryGetValue(GatewayRoles.SessionCookie, out var token) && token.Length is > 0 and <= 512)
        {
            await store.Store.DeleteSessionAsync(SecretTokens.Digest(token), context.RequestAborted).ConfigureAwait(false);
            credentials.Clear();
        }

        context.Response.Cookies.Delete(GatewayRoles.SessionCookie, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
        return Results.NoContent();
    }
}
