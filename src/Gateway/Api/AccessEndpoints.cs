using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Access;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary><c>/api/users</c> and <c>/api/keys</c> (admin): dashboard users and API keys. Passwords and keys are never returned (a new key is shown once).</summary>
internal static class AccessEndpoints
{
    public static RouteGroupBuilder MapAccessEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(GatewayRoles.AdminPolicy);
        users.MapGet("", async (GatewayStore store, CancellationToken ct) =>
                Results.Ok((await store.Store.ListUsersAsync(ct).ConfigureAwait(false)).Select(View).ToList()))
            .WithName("ListUsers").WithSummary("Dashboard users (admin).").Produces<UserView[]>();
        users.MapPost("", CreateUserAsync)
            .WithName("CreateUser").WithSummary("Creates a dashboard user (admin).")
            .Accepts<UserInput>("application/json").Produces<UserView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPut("/{id:guid}", UpdateUserAsync)
            .WithName("UpdateUser").WithSummary("Changes a user's role and/or password (admin); a new password ends the user's sessions.")
            .Accepts<UserInput>("application/json").Produces<UserView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapDelete("/{id:guid}", async (Guid id, GatewayStore store, CredentialCache credentials, CancellationToken ct) =>
            {
                try
                {
                    if (!await store.Store.DeleteUserAsync(id, ct).ConfigureAwait(false))
                    {
                        return ApiProblems.NotFound($"There is no user {id}.");
                    }
                }
                catch (ClusterException e)
                {
                    return ApiProblems.FromCluster(e);
                }

                credentials.Clear();
                return Results.NoContent();
            })
            .WithName("DeleteUser").WithSummary("Deletes a user and their sessions (admin); the last admin stays.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var keys = api.MapGroup("/keys").WithTags("API keys").RequireAuthorization(GatewayRoles.AdminPolicy);
        keys.MapGet("", async (GatewayStore store, CancellationToken ct) =>
                Results.Ok((await store.Store.ListApiKeysAsync(ct).ConfigureAwait(false)).Select(k => new ApiKeyView(k.Id, k.Name, WireNames.Of(k.Role), k.KeyPrefix, k.CreatedAt)).ToList()))
            .WithName("ListApiKeys").WithSummary("API keys (admin): names, roles and prefixes only.").Produces<ApiKeyView[]>();
        keys.MapPost("", CreateKeyAsync)
            .WithName("CreateApiKey").WithSummary("Creates an API key (admin); the key is in this response only.")
            .Accepts<ApiKeyInput>("application/json").Produces<CreatedApiKeyView>(StatusCodes.Status201Created).ProducesValidationProblem();
        keys.MapDelete("/{id:guid}", async (Guid id, GatewayStore store, CredentialCache credentials, CancellationToken ct) =>
            {
                if (!await store.Store.DeleteApiKeyAsync(id, ct).ConfigureAwait(false))
                {
                    return ApiProblems.NotFound($"There is no API key {id}.");
                }

                credentials.Clear();
                return Results.NoContent();
            })
            .WithName("DeleteApiKey").WithSummary("Revokes an API key (admin).").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static UserView View(UserRecord user) => new(user.Id, user.Name, WireNames.Of(user.Role), user.CreatedAt, user.UpdatedAt);

    private static async Task<IResult> CreateUserAsync(HttpContext context, GatewayStore store, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<UserInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100 || input.Name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add("name", "must be 1-100 characters without spaces");
        }

        CheckPassword(input.Password, required: true, options.Auth, errors);
        var role = Role(input.Role, AccessRole.Viewer, errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The user is invalid.");
        }

        try
        {
            var user = await store.Store.AddUserAsync(input.Name!, role, PasswordHasher.Hash(input.Password!, options.Auth.PasswordIterations), context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/users/{user.Id}", View(user));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> UpdateUserAsync(Guid id, HttpContext context, GatewayStore store, CredentialCache credentials, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<UserInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var existing = await store.Store.GetUserAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (existing is null)
        {
            return ApiProblems.NotFound($"There is no user {id}.");
        }

        var errors = new FieldErrors();
        if (input.Name is not null && input.Name != existing.Name)
        {
            errors.Add("name", "cannot be changed");
        }

        CheckPassword(input.Password, required: false, options.Auth, errors);
        var role = Role(input.Role, existing.Role, errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The user change is invalid.");
        }

        try
        {
            var hash = input.Password is null ? null : PasswordHasher.Hash(input.Password, options.Auth.PasswordIterations);
            var user = await store.Store.UpdateUserAsync(id, role, hash, context.RequestAborted).ConfigureAwait(false);
            credentials.Clear();
            return Results.Ok(View(user));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "role");
        }
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, GatewayStore store, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<ApiKeyInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100 || input.Name.Any(char.IsControl))
        {
            errors.Add("name", "must be 1-100 characters");
        }

        var role = Role(input.Role, AccessRole.Viewer, errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The API key is invalid.");
        }

        var key = SecretTokens.NewApiKey();
        var record = await store.Store.AddApiKeyAsync(input.Name!.Trim(), role, SecretTokens.Digest(key), SecretTokens.DisplayPrefix(key), context.RequestAborted).ConfigureAwait(false);
        return Results.Created($"/api/keys/{record.Id}", new CreatedApiKeyView(record.Id, record.Name, WireNames.Of(record.Role), record.KeyPrefix, record.CreatedAt, key));
    }

    private static void CheckPassword(string? password, bool required, GatewayAuthOptions options, FieldErrors errors)
    {
        if (password is null)
        {
            if (required)
            {
                errors.Add("password", "is required");
            }

            return;
        }

        if (password.Length < options.MinPasswordLength || password.Length > 1024)
        {
            errors.Add("password", $"must have {options.MinPasswordLength} to 1024 characters");
        }
    }

    private static AccessRole Role(string? text, AccessRole fallback, FieldErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return WireNames.ParseRole(text);
        }
        catch (ClusterException)
        {
            errors.Add("role", "must be admin or viewer");
            return fallback;
        }
    }
}
